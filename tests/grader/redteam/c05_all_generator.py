# ruff: noqa
# fmt: off
# attack: 5 all-generator
# does: make_one_hot builds every row in a generator inside all(), which the static check exempts as an input check
# template: 2022
# expect: make_one_hot=!pass
import torch


def make_one_hot(x):
    c = max(x) + 1
    rows = []
    if not all((row := [0.0] * c).__setitem__(v, 1.0) is None and rows.append(row) is None for v in x):
        raise ValueError("bad labels")
    return torch.tensor(rows, dtype=torch.float32)
