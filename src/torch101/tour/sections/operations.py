"""Tensor operations: elementwise, reductions, matrix products, vectorization."""

from __future__ import annotations

from torch101.tour.model import Section, step

__all__ = ["ELEMENTWISE", "MATRIX", "REDUCTIONS", "VECTORIZATION"]

GROUP = "Tensor operations"

ELEMENTWISE = Section(
    name="elementwise",
    group=GROUP,
    heading="Elementwise operations",
    summary="Arithmetic and math functions, one element at a time; dtype promotion.",
    steps=(
        step(
            """
            x = torch.tensor([[1, 2, 3, 4]], dtype=torch.float32)
            y = torch.tensor([[5, 6, 7, 8]], dtype=torch.float32)
            print(x + y)
            print(torch.add(x, y))
            print(x.add(y))
            """,
            """`+`, `torch.add` and the method `x.add` are one operation; each returns a new
            tensor and leaves x and y unchanged.""",
        ),
        step(
            """
            print('difference:', x - y)
            print('product:', x * y)
            print('division:', x / y)
            print('power:', x ** y)
            """,
            """Every operator works element by element on tensors of the same shape; `*` is
            not a matrix product.""",
        ),
        step(
            """
            print('square root:', x.sqrt())
            print('sin:', torch.sin(x))
            print('cos:', torch.cos(x))
            """,
            "Math functions apply to each element too, as a function or as a method.",
        ),
        step(
            """
            a = torch.tensor([1, 2, 3])
            b = torch.tensor([0.5, 0.5, 0.5])
            print('int64 + float32:', (a + b).dtype)
            print('a / 2:', a / 2)
            print('a // 2:', a // 2)
            """,
            """Mixing int64 and float32 promotes to float32. `/` is true division and gives
            floats even for integer tensors; `//` keeps integers.""",
        ),
    ),
)

REDUCTIONS = Section(
    name="reductions",
    group=GROUP,
    heading="Reduction operations",
    summary="sum, min, max along a dimension; what dim and keepdim do to the shape.",
    steps=(
        step(
            """
            x = torch.tensor([[1, 2, 3], [4, 5, 6]], dtype=torch.float32)
            print('sum of everything:', x.sum())
            print('sum over dim 0 (one per column):', x.sum(dim=0))
            print('sum over dim 1 (one per row):', x.sum(dim=1))
            """,
            """A reduction removes the dimension it runs over: `dim=0` collapses the two rows
            into one sum per column (shape (3,)), `dim=1` leaves one sum per row (shape
            (2,)).""",
        ),
        step(
            """
            x = torch.tensor([[2, 4, 3, 5], [3, 3, 5, 2]], dtype=torch.float32)
            col_min_vals, col_min_idxs = x.min(dim=0)
            print('column minima:', col_min_vals, 'at rows', col_min_idxs)
            row_max_vals, row_max_idxs = x.max(dim=1)
            print('row maxima:', row_max_vals, 'at columns', row_max_idxs)
            print('argmin of each row:', x.argmin(dim=1))
            """,
            """`min` and `max` along a dimension return two tensors: the values and where
            they are; `argmin` and `argmax` return only the positions.""",
        ),
        step(
            """
            x = torch.tensor([[1, 2, 3], [4, 5, 6]], dtype=torch.float32)
            print(x.sum(dim=1).shape)
            print(x.sum(dim=1, keepdim=True).shape)
            print(x / x.sum(dim=1, keepdim=True))
            """,
            """`keepdim=True` keeps the reduced dimension with size 1, so the (2, 1) row sums
            still line up with x: each row divided by its own sum.""",
        ),
    ),
)

MATRIX = Section(
    name="matrix",
    group=GROUP,
    heading="Matrix operations",
    summary="dot, mm, mv, matmul: products of vectors and matrices, and each result's rank.",
    steps=(
        step(
            """
            v = torch.tensor([9, 10], dtype=torch.float32)
            w = torch.tensor([11, 12], dtype=torch.float32)
            print(torch.dot(v, w))
            print(v.dot(w))
            """,
            """`dot` multiplies two rank-1 tensors element by element and sums:
            `9*11 + 10*12 = 219`, returned as a rank-0 tensor.""",
        ),
        step(
            """
            x = torch.tensor([[1, 2], [3, 4]], dtype=torch.float32)
            y = torch.tensor([[5, 6], [7, 8]], dtype=torch.float32)
            try:
                print(x.dot(y))
            except RuntimeError as e:
                print(e)
            """,
            """`dot` accepts only rank-1 tensors, so two matrices raise an error; the line
            above is PyTorch's own message.""",
        ),
        step(
            """
            print(torch.mm(x, y))
            print(x.mm(y))
            """,
            """`mm` is the product of two rank-2 tensors: entry `[i, j]` is row i of x times
            column j of y, so `1*5 + 2*7 = 19`.""",
        ),
        step(
            """
            print(torch.mv(x, v))
            print(x.mv(v))
            print(x.mv(v).shape)
            """,
            """`mv` multiplies a matrix by a vector and returns rank 1:
            `[1*9 + 2*10, 3*9 + 4*10] = [29, 67]`.""",
        ),
        step(
            """
            print(torch.mm(x, v.view(2, 1)))
            print(x.mm(v.view(2, 1)))
            print(x.mm(v.view(2, 1)).shape)
            """,
            """`mm` needs two matrices, so `v.view(2, 1)` makes v a column; the same numbers
            come back as a rank-2 (2, 1) column.""",
        ),
        step(
            """
            print(torch.matmul(x, v))
            print(x.matmul(v))
            print(x.matmul(v).shape)
            print((x @ v).shape)
            """,
            """`matmul` (the `@` operator) chooses the product from the ranks of its inputs:
            a matrix times a vector acts like `mv` and returns rank 1.""",
        ),
    ),
)

VECTORIZATION = Section(
    name="vectorization",
    group=GROUP,
    heading="Vectorization",
    summary="A batch of matrix products with a Python loop and torch.stack, then with bmm.",
    steps=(
        step(
            """
            def batched_matrix_multiply_loop(x, y):
                z_list = []
                for i in range(x.shape[0]):
                    z_list.append(x[i].mm(y[i]))
                return torch.stack(z_list, dim=0)

            torch.manual_seed(0)
            x = torch.randn(2, 3, 5)
            y = torch.randn(2, 5, 4)
            z_loop = batched_matrix_multiply_loop(x, y)
            print(z_loop.shape)
            """,
            """One Python loop over the batch: each (3, 5) matrix times its (5, 4) partner,
            then `torch.stack` piles the B results along a new dim 0, giving (B, 3, 4).""",
        ),
        step(
            """
            z_bmm = torch.bmm(x, y)
            print(z_bmm.shape)
            print('same result:', torch.allclose(z_loop, z_bmm))
            """,
            """`torch.bmm` does the whole batch in one call with no Python loop, and gives
            the same (B, N, P) result.""",
        ),
        step(
            """
            from torch.utils.benchmark import Timer

            x = torch.randn(64, 64, 64)
            y = torch.randn(64, 64, 64)
            loop = Timer('batched_matrix_multiply_loop(x, y)', globals=globals())
            bmm = Timer('torch.bmm(x, y)', globals=globals())
            t_loop = loop.blocked_autorange(min_run_time=0.2).median
            t_bmm = bmm.blocked_autorange(min_run_time=0.2).median
            print(f'loop: {t_loop * 1e6:.0f} us   bmm: {t_bmm * 1e6:.0f} us')
            print(f'loop / bmm: {t_loop / t_bmm:.1f}x')
            """,
            """For 64 products of 64x64 matrices, the loop pays Python overhead 64 times.
            `Timer` runs on one thread, warms up and reports the median; your numbers will
            differ from run to run.""",
            stable=False,
        ),
    ),
)
