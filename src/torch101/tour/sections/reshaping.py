"""Reshaping operations: view, swapping axes, contiguous tensors."""

from __future__ import annotations

from torch101.tour.model import Section, step

__all__ = ["CONTIGUOUS", "SWAPPING_AXES", "VIEW"]

GROUP = "Reshaping operations"

VIEW = Section(
    name="view",
    group=GROUP,
    heading="View",
    summary="Same elements, new shape: view, the -1 placeholder, and shared memory.",
    steps=(
        step(
            """
            x0 = torch.tensor([[1, 2, 3, 4], [5, 6, 7, 8]])
            print('Original tensor:', x0.shape)
            print(x0)
            x1 = x0.view(8)
            print('Flattened tensor:', x1.shape)
            print(x1)
            x2 = x1.view(1, 8)
            print('Row vector:', x2.shape)
            print(x2)
            x3 = x1.view(2, 2, 2)
            print('Rank 3 tensor:', x3.shape)
            print(x3)
            """,
            """`view` keeps the elements in the same row-major order and only changes how
            they are grouped, so the product of the new shape must equal the number of
            elements (8).""",
        ),
        step(
            """
            x0 = torch.tensor([[1, 2, 3], [4, 5, 6]])
            print('flat:', x0.view(-1))
            print('row vector:', x0.view(1, -1))
            print('column shape:', x0.view(-1, 1).shape)
            """,
            "One dimension may be -1: PyTorch works it out from the number of elements.",
        ),
        step(
            """
            x = torch.tensor([[1, 2, 3], [4, 5, 6]])
            x_flat = x.view(-1)
            x_flat[0] = 10
            x[1, 2] = 20
            print(x)
            print(x_flat)
            """,
            """A view shares memory with its source: a write through either name shows up in
            both.""",
        ),
    ),
)

SWAPPING_AXES = Section(
    name="swapping-axes",
    group=GROUP,
    heading="Swapping axes",
    summary="t, transpose and permute: reorder dimensions (view cannot do it).",
    steps=(
        step(
            """
            x = torch.tensor([[1, 2, 3], [4, 5, 6]])
            print('Original matrix:')
            print(x)
            print('Transposing with view DOES NOT WORK!')
            print(x.view(3, 2))
            print('Transposed matrix:')
            print(x.t())
            """,
            """`view(3, 2)` only regroups the elements in memory order; `t()` really swaps
            rows and columns.""",
        ),
        step(
            """
            x0 = torch.arange(1, 25).view(2, 3, 4)
            x1 = x0.transpose(1, 2)
            x2 = x0.permute(1, 2, 0)
            print('x0 shape:', x0.shape)
            print('transpose(1, 2):', x1.shape)
            print('permute(1, 2, 0):', x2.shape)
            print(x2[:, :, 1])
            """,
            """`transpose` swaps two dimensions; `permute` gives a new order for all of them:
            dimension k of x2 is dimension `(1, 2, 0)[k]` of x0, so `x2[:, :, 1]` is `x0[1]`.""",
        ),
    ),
)

CONTIGUOUS = Section(
    name="contiguous",
    group=GROUP,
    heading="Contiguous tensors",
    summary="Why view fails after a transpose, and how contiguous() and reshape fix it.",
    steps=(
        step(
            """
            x0 = torch.arange(24).view(2, 3, 4)
            x1 = x0.transpose(1, 2)
            print('x0 stride:', x0.stride(), 'contiguous:', x0.is_contiguous())
            print('x1 stride:', x1.stride(), 'contiguous:', x1.is_contiguous())
            """,
            """`transpose` swaps the strides instead of moving data, so x1's elements are no
            longer laid out row after row in memory: it is not contiguous.""",
        ),
        step(
            """
            try:
                x1.view(8, 3)
            except RuntimeError as e:
                print(type(e), e)
            """,
            """`view` never copies, so it refuses a shape that the strides cannot express;
            the line above is PyTorch's own error message.""",
        ),
        step(
            """
            x2 = x1.contiguous().view(8, 3)
            x3 = x1.reshape(8, 3)
            print('x2 shape:', x2.shape)
            print('x3 shape:', x3.shape)
            print('same values:', torch.equal(x2, x3))
            """,
            """`.contiguous()` copies into row-major order, after which `view` works;
            `reshape` does the same copy for you, and only when it is needed.""",
        ),
        step(
            """
            x1.contiguous().is_contiguous()
            """,
            """A bare expression at the end of a step shows its value, as in a notebook
            cell.""",
        ),
    ),
)
