# function: make_one_hot
# template: 2022
# expect: fail
# because: a for loop in _one_hot_rows(), which make_one_hot calls
# mistake: the rows are built by a loop in a helper (pure Python: no op count shows it)
# ruff: noqa
# fmt: off
import torch


def _one_hot_rows(labels, num_classes):
    rows = []
    for label in labels:
        row = [0.0] * num_classes
        row[label] = 1.0
        rows.append(row)
    return rows


def make_one_hot(x):
    return torch.tensor(_one_hot_rows(x, max(x) + 1), dtype=torch.float32)
