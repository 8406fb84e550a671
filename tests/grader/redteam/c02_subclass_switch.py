# ruff: noqa
# fmt: off
# attack: 2 disable-subclass-switch
# does: shuffle_cols indexes four times under torch._C.DisableTorchFunctionSubclass (bound at module level through `import torch._C`)
# template: 2022
# expect: shuffle_cols=!pass
import torch
import torch._C

_QUIET = torch._C.DisableTorchFunctionSubclass


def shuffle_cols(x):
    with _QUIET():
        return torch.stack([x[:, 0], x[:, 0], x[:, 2], x[:, 1]], dim=1)
