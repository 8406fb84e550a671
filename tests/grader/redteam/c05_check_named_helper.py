# ruff: noqa
# fmt: off
# attack: 5 check-named-helper
# does: make_one_hot's loop lives in a helper named like an input check (_validate_labels), which the static check trusts
# template: 2022
# expect: make_one_hot=!pass
import torch


def _validate_labels(labels):
    width = max(labels) + 1
    rows = []
    for v in labels:
        if v < 0:
            raise ValueError("negative label")
        row = [0.0] * width
        row[v] = 1.0
        rows.append(row)
    return rows


def make_one_hot(x):
    return torch.tensor(_validate_labels(x), dtype=torch.float32)
