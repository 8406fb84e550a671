# ruff: noqa
# fmt: off
# mustpass: seeded-demo
# does: a module that seeds torch and builds a demo tensor at import (harmless top-level work), then correct count_tensor_elements via len(x.reshape(-1)) and take_one_elem_per_col via torch.stack of one fancy index
# template: 2022
# expect: count_tensor_elements=pass
# expect: take_one_elem_per_col=pass
import torch

torch.manual_seed(598)
_DEMO = torch.randn(3, 4)


def count_tensor_elements(x):
    return len(x.reshape(-1))


def take_one_elem_per_col(x):
    return x[torch.tensor([1, 0, 3]), torch.tensor([0, 1, 2])]
