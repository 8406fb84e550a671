# ruff: noqa
# fmt: off
# attack: 2 disable-torch-function-alias
# does: reshape_practice indexes with an integer tensor inside torch._C.DisableTorchFunction, imported as `from torch import _C as c` and bound at module level
# template: 2022
# expect: reshape_practice=!pass
import torch
from torch import _C as c

_OFF = c.DisableTorchFunction


def reshape_practice(x):
    with _OFF():
        idx = torch.tensor([0, 1, 2, 3, 12, 13, 14, 15, 4, 5, 6, 7, 16, 17, 18, 19, 8, 9, 10, 11, 20, 21, 22, 23])
        return x[idx].view(3, 8)
