# ruff: noqa
# fmt: off
# attack: 2 patch-version
# does: zero_row_min writes into its input (then restores it) after replacing Tensor._version with a property that never changes
# template: 2022
# expect: zero_row_min=!pass
import torch

torch.Tensor._version = property(lambda self: 0)


def zero_row_min(x):
    y = x.clone()
    keep = x.clone()
    x[torch.arange(x.shape[0]), x.argmin(dim=1)] = 0  # writes into the input...
    x.copy_(keep)  # ...and puts it back: only x._version would show it
    y[torch.arange(y.shape[0]), y.argmin(dim=1)] = 0
    return y
