# ruff: noqa
# fmt: off
# mustpass: no-grad-decorator
# does: functions decorated with @torch.no_grad() and a module-level lambda constant used for one call (no loop)
# template: 2022
# expect: normalize_columns=pass
# expect: create_tensor_of_pi=pass
import torch

_pi = lambda m, n: torch.full((m, n), 3.14)


@torch.no_grad()
def normalize_columns(x):
    m = x.shape[0]
    mu = x.sum(dim=0, keepdim=True) / m
    var = ((x - mu) * (x - mu)).sum(dim=0, keepdim=True) / (m - 1)
    return (x - mu) / var.sqrt()


@torch.no_grad()
def create_tensor_of_pi(M, N):
    return _pi(M, N)
