# ruff: noqa
# fmt: off
# attack: 5 getattr-builtins-eval
# does: make_one_hot evaluates a comprehension with eval fetched as getattr(__builtins__, 'ev' + 'al') (or __builtins__['ev' + 'al'] when it is a dict)
# template: 2022
# expect: make_one_hot=!pass
import torch


def make_one_hot(x):
    b = __builtins__
    run = b["ev" + "al"] if isinstance(b, dict) else getattr(b, "ev" + "al")
    rows = run("[[1.0 if j == v else 0.0 for j in range(c)] for v in x]", {"x": x, "c": max(x) + 1})
    return torch.tensor(rows, dtype=torch.float32)
