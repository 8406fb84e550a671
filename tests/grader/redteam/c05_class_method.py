# ruff: noqa
# fmt: off
# attack: 5 class-method-loop
# does: make_one_hot delegates to a method of a small class whose body has the for loop
# template: 2022
# expect: make_one_hot=!pass
import torch


class _OneHot:
    def __init__(self, labels):
        self.labels = labels
        self.width = max(labels) + 1

    def rows(self):
        out = []
        for v in self.labels:
            row = [0.0] * self.width
            row[v] = 1.0
            out.append(row)
        return out


def make_one_hot(x):
    return torch.tensor(_OneHot(x).rows(), dtype=torch.float32)
