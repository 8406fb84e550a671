# ruff: noqa
# fmt: off
# attack: 5 any-generator
# does: make_one_hot appends one identity row per label in a generator inside any()
# template: 2022
# expect: make_one_hot=!pass
import torch


def make_one_hot(x):
    eye = torch.eye(max(x) + 1).tolist()
    rows = []
    any(rows.append(eye[v]) for v in x)
    return torch.tensor(rows, dtype=torch.float32)
