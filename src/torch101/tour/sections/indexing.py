"""Tensor indexing: slices, integer arrays and boolean masks."""

from __future__ import annotations

from torch101.tour.model import Section, step

__all__ = ["BOOLEAN_INDEXING", "INTEGER_INDEXING", "SLICE_INDEXING"]

GROUP = "Tensor indexing"

SLICE_INDEXING = Section(
    name="slice-indexing",
    group=GROUP,
    heading="Slice indexing",
    summary="start:stop:step per dimension; slices are views that share memory.",
    steps=(
        step(
            """
            a = torch.tensor([0, 11, 22, 33, 44, 55, 66])
            print(0, a)
            print(1, a[2:5])
            print(2, a[2:])
            print(3, a[:5])
            print(4, a[1:5:2])
            print(5, a[:-1])
            print(6, a[-4::2])
            """,
            """Slices work like Python lists: start is included, stop is excluded, an
            optional step skips, and negative positions count from the end.""",
        ),
        step(
            """
            a = torch.tensor([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])
            row_r1 = a[1, :]
            row_r2 = a[1:2, :]
            print(row_r1, row_r1.shape)
            print(row_r2, row_r2.shape)
            """,
            """An integer index drops its dimension (a rank-1 row) while a slice keeps it
            (rank 2, shape (1, 4)), even though both pick the same numbers.""",
        ),
        step(
            """
            a = torch.tensor([[1, 2, 3, 4], [5, 6, 7, 8]])
            b = a[0, 1:]
            b[0] = 20
            print('a after changing b:')
            print(a)
            same = a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()
            print('same memory:', same)
            """,
            """A slice is a view: it shares memory with the original, so writing through
            `b` changed `a`.""",
        ),
        step(
            """
            a = torch.tensor([[1, 2, 3, 4], [5, 6, 7, 8]])
            c = a[0, 1:].clone()
            c[0] = 20
            print(a)
            """,
            "`.clone()` copies the data first, so this time `a` is left alone.",
        ),
        step(
            """
            a = torch.zeros(2, 4, dtype=torch.int64)
            a[:, :2] = 1
            a[:, 2:] = torch.tensor([[2, 3], [4, 5]])
            print(a)
            """,
            """Slice assignment writes a scalar, or a tensor of the slice's shape, into the
            selected block in place.""",
        ),
    ),
)

INTEGER_INDEXING = Section(
    name="integer-indexing",
    group=GROUP,
    heading="Integer tensor indexing",
    summary="Lists or int64 tensors of positions: reorder, repeat and pick elements.",
    steps=(
        step(
            """
            a = torch.tensor([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])
            idx = [0, 0, 2, 1, 1]
            print('Reordered rows:')
            print(a[idx])
            idx = [3, 2, 1, 0]
            print('Reordered columns:')
            print(a[:, idx])
            """,
            """A list (or int64 tensor) of positions gathers those rows or columns, in any
            order and with repeats.""",
        ),
        step(
            """
            a = torch.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
            idx = torch.arange(3)
            print('diagonal:', a[idx, idx])
            a[idx, idx] = torch.tensor([11, 22, 33])
            print(a)
            """,
            """Two index tensors of the same length pick the pairs `(idx0[k], idx1[k])`, here
            the diagonal, which can also be assigned in one go.""",
        ),
        step(
            """
            a = torch.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]])
            idx0 = torch.arange(a.shape[0])
            idx1 = torch.tensor([1, 2, 1, 0])
            print(a[idx0, idx1])
            """,
            "One element from each row: row k, column `idx1[k]`.",
        ),
        step(
            """
            b = a[[0, 1]]
            b[0, 0] = 99
            print('a[0, 0] is still', a[0, 0].item())
            """,
            """Unlike a slice, integer-array indexing copies: changing `b` does not touch
            `a`.""",
        ),
    ),
)

BOOLEAN_INDEXING = Section(
    name="boolean-indexing",
    group=GROUP,
    heading="Boolean tensor indexing",
    summary="Masks from comparisons: select, count and overwrite the matching elements.",
    steps=(
        step(
            """
            a = torch.tensor([[1, 2], [3, 4], [5, 6]])
            mask = (a > 3)
            print('Mask:')
            print(mask)
            print('Selecting elements with the mask:')
            print(a[mask])
            a[a <= 3] = 0
            print('After modifying with a mask:')
            print(a)
            """,
            """A comparison gives a bool tensor of the same shape. Indexing with it returns a
            rank-1 tensor of the selected elements; assigning through it changes only
            those.""",
        ),
        step(
            """
            x = torch.tensor([[-1, 2, -3], [4, -5, 6]])
            print('negative entries:', (x < 0).sum().item())
            print('sum of positive entries:', x[x > 0].sum().item())
            """,
            """Summing a mask counts its True entries; one comparison plus one indexing
            operation replaces a loop.""",
        ),
    ),
)
