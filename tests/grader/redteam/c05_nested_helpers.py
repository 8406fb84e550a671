# ruff: noqa
# fmt: off
# attack: 5 nested-helpers
# does: make_one_hot calls _level1 -> _level2 -> _level3 by name; the for loop is three helpers deep
# template: 2022
# expect: make_one_hot=!pass
import torch


def _level3(labels, width):
    out = []
    for v in labels:
        row = [0.0] * width
        row[v] = 1.0
        out.append(row)
    return out


def _level2(labels):
    return _level3(labels, max(labels) + 1)


def _level1(labels):
    return torch.tensor(_level2(labels), dtype=torch.float32)


def make_one_hot(x):
    return _level1(x)
