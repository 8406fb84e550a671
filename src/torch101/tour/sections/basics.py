"""Tensor Basics: creating and accessing tensors, constructors, datatypes."""

from __future__ import annotations

from torch101.tour.model import Section, step

__all__ = ["CONSTRUCTORS", "CREATING", "DATATYPES"]

GROUP = "Tensor Basics"

CREATING = Section(
    name="creating",
    group=GROUP,
    heading="Creating and Accessing tensors",
    summary="Tensors from nested lists: rank, shape, reading and changing single elements.",
    steps=(
        step(
            """
            a = torch.tensor([1, 2, 3])
            print('Here is a:')
            print(a)
            print('type(a):', type(a))
            print('rank of a:', a.dim())
            print('a.shape:', a.shape)
            """,
            """A flat list gives a rank-1 tensor of shape (3,). `a.shape` is a `torch.Size`,
            which behaves like a tuple of ints.""",
        ),
        step(
            """
            print('a[0]:', a[0])
            print('type(a[0]):', type(a[0]))
            print('type(a[0].item()):', type(a[0].item()))
            """,
            """Indexing one element gives a rank-0 tensor, not a Python number; `.item()`
            turns a one-element tensor into a plain Python int or float.""",
        ),
        step(
            """
            a[1] = 10
            print('a after mutating:', a)
            """,
            "Assigning to an element changes the tensor in place.",
        ),
        step(
            """
            b = torch.tensor([[1, 2, 3], [4, 5, 5]])
            print('Here is b:')
            print(b)
            print('rank of b:', b.dim())
            print('b.shape:', b.shape)
            print('b[0, 1]:', b[0, 1])
            print('b[1, 2]:', b[1, 2])
            b[1, 1] = 100
            print('b after mutating:')
            print(b)
            """,
            """A list of lists gives a rank-2 tensor whose shape lists rows, then columns.
            `b[i, j]` takes one index per dimension, for reading and for writing.""",
        ),
    ),
)

CONSTRUCTORS = Section(
    name="constructors",
    group=GROUP,
    heading="Tensor constructors",
    summary="zeros, ones, eye, rand, full, arange and linspace: tensors from a shape.",
    steps=(
        step(
            """
            print('tensor of zeros:')
            print(torch.zeros(2, 3))
            print('tensor of ones:')
            print(torch.ones(1, 2))
            print('identity matrix:')
            print(torch.eye(3))
            """,
            """Constructors take the shape as separate ints (or one tuple) and default to
            float32, which is why the values print as `0.` and `1.`.""",
        ),
        step(
            """
            torch.manual_seed(0)
            print(torch.rand(4, 5))
            """,
            """`torch.rand` draws uniformly from [0, 1). Seeding the generator first makes
            the draw repeatable: this output is the same on every run.""",
        ),
        step(
            """
            print(torch.full((2, 3), 7))
            print(torch.arange(0, 10, 2))
            print(torch.linspace(10, 20, steps=6, dtype=torch.float64))
            """,
            """`full` fills a shape with one value and takes its dtype from it (7 gives
            int64). `arange` stops before its end like `range`; `linspace` includes both
            ends.""",
        ),
    ),
)

DATATYPES = Section(
    name="datatypes",
    group=GROUP,
    heading="Datatypes",
    summary="Which dtype PyTorch picks, how to ask for another, and how to convert.",
    steps=(
        step(
            """
            x0 = torch.tensor([1, 2])
            x1 = torch.tensor([1., 2.])
            x2 = torch.tensor([1., 2])
            print('List of integers:', x0.dtype)
            print('List of floats:', x1.dtype)
            print('Mixed list:', x2.dtype)
            """,
            """PyTorch infers the dtype from the Python values: all ints give int64, and a
            single float makes the whole tensor float32.""",
        ),
        step(
            """
            y0 = torch.tensor([1, 2], dtype=torch.float32)
            y1 = torch.tensor([1, 2], dtype=torch.int32)
            y2 = torch.tensor([1, 2], dtype=torch.int64)
            print(y0.dtype, y1.dtype, y2.dtype)
            """,
            "`dtype=` overrides the guess; `zeros`, `ones` and the other constructors take it too.",
        ),
        step(
            """
            x0 = torch.eye(3, dtype=torch.int64)
            x1 = x0.float()
            x2 = x0.double()
            x3 = x0.to(torch.float32)
            x4 = x0.to(torch.float64)
            print(x0.dtype, x1.dtype, x2.dtype, x3.dtype, x4.dtype)
            """,
            """`.float()`, `.double()` and `.to(dtype)` return converted copies; `x0` itself
            stays int64.""",
        ),
        step(
            """
            x0 = torch.eye(3, dtype=torch.float64)
            x1 = torch.zeros_like(x0)
            x2 = x0.new_zeros(4, 5)
            x3 = torch.ones(6, 7).to(x0)
            print(x1.dtype, x2.dtype, x3.dtype)
            """,
            """`zeros_like` and `new_zeros` copy the dtype (and device) of an existing tensor,
            and `.to(other)` converts to another tensor's dtype and device.""",
        ),
    ),
)
