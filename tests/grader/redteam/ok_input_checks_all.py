# ruff: noqa
# fmt: off
# mustpass: input-checks-all
# does: sum_positive_entries and zero_row_min validate their input with all(...) generators in an if that raises, then do the work without loops
# template: 2022
# expect: sum_positive_entries=pass
# expect: zero_row_min=pass
import torch


def sum_positive_entries(x):
    if not all(isinstance(d, int) and d >= 0 for d in x.shape):
        raise ValueError("bad shape")
    return int(x[x > 0].sum().item())


def zero_row_min(x):
    if x.dim() != 2 or not all(s > 0 for s in x.shape):
        raise ValueError("zero_row_min needs a non-empty 2-D tensor")
    y = x.clone()
    y[torch.arange(y.shape[0]), y.argmin(dim=1)] = 0
    return y
