# function: mutate_tensor
# template: 2022
# expect: fail
# because: a repeated index
# mistake: the first value wins on a repeated index
# ruff: noqa
# fmt: off
import torch


def mutate_tensor(x, indices, values):
    done = set()
    for (i, j), v in zip(indices, values):
        if (i, j) not in done:
            x[i, j] = v
            done.add((i, j))
    return x
