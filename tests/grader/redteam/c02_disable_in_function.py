# ruff: noqa
# fmt: off
# attack: 2 disable-torch-function-import-C
# does: sum_positive_entries makes three comparisons and three indexings under `import torch._C as tc` / tc.DisableTorchFunction() written inside the function
# template: 2022
# expect: sum_positive_entries=!pass
import torch
import torch._C as tc


def sum_positive_entries(x):
    with tc.DisableTorchFunction():
        return int(x[x > 0].sum()) + int(x[x >= 0].sum()) - int(x[x > 0].sum())
