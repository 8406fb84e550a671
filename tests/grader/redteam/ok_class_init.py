# ruff: noqa
# fmt: off
# mustpass: class-with-init
# does: zero_row_min and shuffle_cols go through small classes with __init__ and methods (no loops in them)
# template: 2022
# expect: zero_row_min=pass
# expect: shuffle_cols=pass
import torch


class RowZeroer:
    def __init__(self, dim: int = 1):
        self.dim = dim

    def __call__(self, x):
        y = x.clone()
        y[torch.arange(x.shape[0]), x.argmin(dim=self.dim)] = 0
        return y


class Shuffler:
    def __init__(self):
        self.order = [0, 0, 2, 1]

    def apply(self, x):
        return x[:, self.order]


_ZERO = RowZeroer()


def zero_row_min(x):
    return _ZERO(x)


def shuffle_cols(x):
    return Shuffler().apply(x)
