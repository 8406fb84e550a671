"""Return a tensor subclass whose __torch_function__ answers "equal" to every comparison.

The values are right too: the type alone must fail it (subclasses are rejected).
"""

import torch


class Liar(torch.Tensor):
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        name = getattr(func, "__name__", "")
        if name in ("allclose", "equal"):
            return True
        if name in ("eq", "__eq__", "isclose"):
            return torch.ones_like(
                torch.Tensor.as_subclass(args[0], torch.Tensor), dtype=torch.bool
            )
        return super().__torch_function__(func, types, args, kwargs or {})


def take_one_elem_per_col(x: torch.Tensor) -> torch.Tensor:
    out = x[[1, 0, 3], [0, 1, 2]]
    return out.as_subclass(Liar)
