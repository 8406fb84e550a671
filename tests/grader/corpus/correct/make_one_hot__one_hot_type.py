# function: make_one_hot
# template: 2022
# expect: pass
# style: .type(torch.FloatTensor)
# ruff: noqa
# fmt: off
import torch
import torch.nn.functional as F
from typing import List
from torch import Tensor


def make_one_hot(x):
    return F.one_hot(torch.tensor(x)).type(torch.FloatTensor)
