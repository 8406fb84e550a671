# ruff: noqa
# fmt: off
# attack: 5 exec-vars
# does: make_one_hot runs a for loop through exec fetched as vars(builtins)['ex' + 'ec']
# template: 2022
# expect: make_one_hot=!pass
import builtins

import torch

_CODE = """
rows = []
for v in x:
    row = [0.0] * c
    row[v] = 1.0
    rows.append(row)
"""


def make_one_hot(x):
    ns = {"x": x, "c": max(x) + 1}
    vars(builtins)["ex" + "ec"](_CODE, ns)
    return torch.tensor(ns["rows"], dtype=torch.float32)
