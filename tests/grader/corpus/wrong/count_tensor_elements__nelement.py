# function: count_tensor_elements
# template: 2022
# expect: fail
# because: nelement
# mistake: x.nelement(), a synonym of numel
# ruff: noqa
# fmt: off
import torch


def count_tensor_elements(x):
    return x.nelement()
