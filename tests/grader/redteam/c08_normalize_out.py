# ruff: noqa
# fmt: off
# attack: 8 out-buffer-normalize
# does: normalize_columns computes with allowed ops but writes the result into a module-level tensor per dtype (torch.sub/div with out=) and returns it every call
# template: 2022
# expect: normalize_columns=!pass
import torch

_BUF = {}


def normalize_columns(x):
    buf = _BUF.setdefault(x.dtype, x.new_zeros(0))
    m = x.shape[0]
    mu = x.sum(dim=0) / m
    sd = (((x - mu) ** 2).sum(dim=0) / (m - 1)).sqrt()
    torch.sub(x, mu, out=buf)
    torch.div(buf, sd, out=buf)
    return buf
