# function: make_one_hot
# template: 2022
# expect: pass
# style: torch.LongTensor and num_classes
# ruff: noqa
# fmt: off
import torch
from typing import List
from torch import Tensor


def make_one_hot(x: List[int]) -> Tensor:
    y = torch.nn.functional.one_hot(torch.LongTensor(x), num_classes=max(x) + 1)
    return y.to(torch.float32)
