# ruff: noqa
# fmt: off
# attack: 5 staticmethod-loop
# does: make_one_hot calls a staticmethod holding a while loop
# template: 2022
# expect: make_one_hot=!pass
import torch


class Tools:
    @staticmethod
    def rows(labels, width):
        out, k = [], 0
        while k < len(labels):
            row = [0.0] * width
            row[labels[k]] = 1.0
            out.append(row)
            k += 1
        return out


def make_one_hot(x):
    return torch.tensor(Tools.rows(x, max(x) + 1), dtype=torch.float32)
