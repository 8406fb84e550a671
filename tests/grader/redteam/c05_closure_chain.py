# ruff: noqa
# fmt: off
# attack: 5 closure-chain
# does: make_one_hot reaches a for loop through closures three deep, fetched from a module-level list (no call by name)
# template: 2022
# expect: make_one_hot=!pass
import torch


def _outer():
    def _middle():
        def _inner(labels, width):
            out = []
            for v in labels:
                row = [0.0] * width
                row[v] = 1.0
                out.append(row)
            return out

        return _inner

    return _middle


_FACTORIES = [_outer]


def make_one_hot(x):
    return torch.tensor(_FACTORIES[0]()()(x, max(x) + 1), dtype=torch.float32)
