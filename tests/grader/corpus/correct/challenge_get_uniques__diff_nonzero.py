# function: challenge_get_uniques
# template: 2022
# expect: pass
# style: torch.diff and nonzero
# ruff: noqa
# fmt: off
import torch


def challenge_get_uniques(x):
    s, idx = x.sort(stable=True)
    d = torch.diff(s, prepend=s[:1] - 1)
    pos = torch.nonzero(d).squeeze(1)
    return s[pos], idx[pos]
