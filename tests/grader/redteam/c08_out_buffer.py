# ruff: noqa
# fmt: off
# attack: 8 out-buffer-index-select
# does: reverse_rows writes its one indexing op into a module-level tensor per dtype with torch.index_select(..., out=) and returns that same storage every call
# template: 2022
# expect: reverse_rows=!pass
import torch

_OUT = {}


def reverse_rows(x):
    buf = _OUT.setdefault(x.dtype, torch.empty(0, dtype=x.dtype))
    idx = torch.arange(x.shape[0] - 1, -1, -1)
    return torch.index_select(x, 0, idx, out=buf)
