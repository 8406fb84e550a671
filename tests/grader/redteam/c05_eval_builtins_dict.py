# ruff: noqa
# fmt: off
# attack: 5 eval-builtins-dict
# does: make_one_hot runs a list comprehension through eval fetched as builtins.__dict__['ev' + 'al']
# template: 2022
# expect: make_one_hot=!pass
import builtins

import torch

_CODE = "[[float(j == v) for j in range(c)] for v in x]"


def make_one_hot(x):
    run = builtins.__dict__["ev" + "al"]
    return torch.tensor(run(_CODE, {"x": x, "c": max(x) + 1}), dtype=torch.float32)
