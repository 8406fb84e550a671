# ruff: noqa
# fmt: off
# mustpass: nn-functional
# does: make_one_hot with `import torch.nn.functional as F` and F.one_hot(...).float()
# template: 2022
# expect: make_one_hot=pass
import torch
import torch.nn.functional as F


def make_one_hot(x):
    return F.one_hot(torch.tensor(x), num_classes=max(x) + 1).float()
