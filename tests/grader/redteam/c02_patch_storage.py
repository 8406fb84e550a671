# ruff: noqa
# fmt: off
# attack: 2 patch-storage
# does: slice_indexing_practice returns copies after patching Tensor.untyped_storage so every copy reports the input's storage
# template: 2022
# expect: slice_indexing_practice=!pass
import torch

_STORAGE = torch.Tensor.untyped_storage
_LAST = []


def _fake(self):
    if _LAST:
        return _STORAGE(_LAST[-1])
    return _STORAGE(self)


torch.Tensor.untyped_storage = _fake


def slice_indexing_practice(x):
    _LAST[:] = [x]
    return x[-1, :].clone(), x[:, 2:3].clone(), x[:2, :3].clone(), x[::2, 1::2].clone()
