# ruff: noqa
# fmt: off
# attack: 2 subclasses-mode
# does: reshape_practice walks TorchFunctionMode.__subclasses__() and replaces the recorder mode's __torch_function__ with a pass-through
# template: 2022
# expect: reshape_practice=!pass
import torch


def _through(self, func, types, args=(), kwargs=None):
    return func(*args, **(kwargs or {}))


def reshape_practice(x):
    for cls in torch.overrides.TorchFunctionMode.__subclasses__():
        cls.__torch_function__ = _through
    idx = torch.tensor([0, 1, 2, 3, 12, 13, 14, 15, 4, 5, 6, 7, 16, 17, 18, 19, 8, 9, 10, 11, 20, 21, 22, 23])
    return x[idx].view(3, 8)
