"""Broadcasting, and the out-of-place vs in-place operators nested under it."""

from __future__ import annotations

from torch101.tour.model import Section, step

__all__ = ["BROADCASTING", "IN_PLACE"]

GROUP = "Broadcasting"

BROADCASTING = Section(
    name="broadcasting",
    group=GROUP,
    heading="Broadcasting",
    summary="Operate on tensors of different shapes; broadcast_tensors; normalize_columns.",
    steps=(
        step(
            """
            x = torch.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]])
            v = torch.tensor([1, 0, 1])
            y = torch.zeros_like(x)
            for i in range(4):
                y[i, :] = x[i, :] + v
            print(y)
            """,
            "Adding v to every row of x with an explicit loop: one Python step per row.",
        ),
        step(
            """
            vv = v.repeat((4, 1))
            print(vv)
            print(x + vv)
            """,
            """`repeat` stacks four copies of v in memory, after which an ordinary
            same-shape addition works.""",
        ),
        step(
            """
            y = x + v
            print(y)
            """,
            """Broadcasting gives the same result with neither the loop nor the copy: v's
            shape (3,) matches the last dimension of x's (4, 3), so v is reused for every
            row.""",
        ),
        step(
            """
            print('Here is x (before broadcasting):')
            print(x)
            print('x.shape: ', x.shape)
            print('Here is v (before broadcasting):')
            print(v)
            print('v.shape: ', v.shape)
            """,
            "The two shapes going in: (4, 3) and (3,).",
        ),
        step(
            """
            xx, vv = torch.broadcast_tensors(x, v)
            print('Here is xx (after broadcasting):')
            print(xx)
            print('xx.shape: ', xx.shape)
            print('Here is vv (after broadcasting):')
            print(vv)
            print('vv.shape: ', vv.shape)
            print('vv.stride():', vv.stride())
            """,
            """`broadcast_tensors` shows what `x + v` does implicitly: v is expanded to (4,
            3) with v in every row. Stride 0 on dim 0 means no copy was made.""",
        ),
        step(
            """
            v = torch.tensor([1, 2, 3])
            w = torch.tensor([4, 5])
            print(v.view(3, 1) * w)
            """,
            """Outer product: v as a (3, 1) column times w of shape (2,) broadcasts both to
            (3, 2), so entry `[i, j]` is `v[i] * w[j]`.""",
        ),
        step(
            """
            x = torch.tensor([[1, 2, 3], [4, 5, 6]])
            v = torch.tensor([1, 2, 3])
            print(x + v)
            """,
            "x is (2, 3) and v is (3,): v is added to each row of x.",
        ),
        step(
            """
            x = torch.tensor([[1, 2, 3], [4, 5, 6]])
            w = torch.tensor([4, 5])
            print(x + w.view(-1, 1))
            print((x.t() + w).t())
            """,
            """To add w to each column instead, make it a (2, 1) column with `view(-1, 1)`;
            transposing, adding and transposing back gives the same.""",
        ),
        step(
            """
            x = torch.tensor([[1, 2, 3], [4, 5, 6]])
            c = torch.tensor([1, 10, 11, 100])
            print(c.view(-1, 1, 1) * x)
            """,
            """Broadcasting works at any rank: c as (4, 1, 1) times x of (2, 3) gives (4, 2,
            3), one scaled copy of x per entry of c.""",
        ),
        step(
            """
            x = torch.tensor([[0, 30, 600], [1, 10, 200], [-1, 20, 400]], dtype=torch.float32)
            m = x.shape[0]
            mu = x.sum(dim=0) / m
            sigma = (((x - mu) ** 2).sum(dim=0) / (m - 1)).sqrt()
            print('column means:', mu)
            print('column standard deviations:', sigma)
            """,
            """Column means and sample standard deviations (divide by M - 1) from `sum` alone:
            both have shape (3,), so `x - mu` subtracts each column's mean from that
            column.""",
        ),
        step(
            """
            from torch101.reference import normalize_columns

            y = normalize_columns(x)
            print(y)
            print('x unchanged:', x.tolist() == [[0, 30, 600], [1, 10, 200], [-1, 20, 400]])
            """,
            """`normalize_columns` from torch101.reference returns (x - mu) / sigma as a new
            tensor, built only from sums and broadcasting: every column now has mean 0 and
            standard deviation 1.""",
        ),
    ),
)

IN_PLACE = Section(
    name="in-place",
    group=GROUP,
    heading="Out-of-place vs in-place operators",
    summary="add returns a new tensor, add_ changes its input; += versus x = x + y.",
    steps=(
        step(
            """
            x = torch.tensor([1, 2, 3])
            y = torch.tensor([3, 4, 5])
            z = x.add(y)
            print('x: ', x)
            print('y: ', y)
            print('z: ', z)
            print('z is x:', z is x)
            """,
            """Out-of-place: `x.add(y)` (like `x + y`) builds a new tensor z and leaves x and
            y unchanged.""",
        ),
        step(
            """
            z = x.add_(y)
            print('x: ', x)
            print('y: ', y)
            print('z: ', z)
            print('z is x:', z is x)
            """,
            """In-place: the trailing underscore in `add_` means x itself is overwritten with
            x + y, and the returned z is x.""",
        ),
        step(
            """
            x = torch.tensor([1, 2, 3])
            alias = x
            x += y
            print('after x += y:    alias =', alias)
            x = x + y
            print('after x = x + y: alias =', alias, ' x =', x)
            """,
            """`x += y` writes into the existing tensor, so every name for it sees the
            change; `x = x + y` builds a new tensor and only rebinds the name x.""",
        ),
        step(
            """
            x = torch.tensor([1, 2, 3])
            torch.add(x, y, out=x)
            print('x: ', x)
            """,
            """`torch.*` functions write in place with `out=`. Prefer out-of-place code
            while learning: in-place writes can break autograd.""",
        ),
    ),
)
