# function: count_tensor_elements
# template: 2022
# expect: fail
# because: computed name
# mistake: getattr with a computed string
# ruff: noqa
# fmt: off
import torch


def count_tensor_elements(x):
    return getattr(x, "nu" + "mel")()
