# ruff: noqa
# fmt: off
# mustpass: typing-list
# does: mutate_tensor and make_one_hot with `from typing import List, Tuple` annotations and a loop over the (index, value) pairs
# template: 2022
# expect: mutate_tensor=pass
# expect: make_one_hot=pass
from typing import List, Tuple

import torch
from torch import Tensor


def mutate_tensor(x: Tensor, indices: List[Tuple[int, int]], values: List[float]) -> Tensor:
    for (i, j), v in zip(indices, values):
        x[i, j] = v
    return x


def make_one_hot(x: List[int]) -> Tensor:
    labels: Tensor = torch.tensor(x)
    y = torch.zeros(len(x), int(labels.max()) + 1, dtype=torch.float32)
    y[torch.arange(len(x)), labels] = 1
    return y
