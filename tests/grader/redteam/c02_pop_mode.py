# ruff: noqa
# fmt: off
# attack: 2 pop-mode-stack
# does: sum_positive_entries pops the recorder off torch's function-mode stack (torch._C._pop_torch_function_stack via a module-level alias), makes five comparisons, pushes it back
# template: 2022
# expect: sum_positive_entries=!pass
import torch

_C = torch._C
_POP, _PUSH = _C._pop_torch_function_stack, _C._push_on_torch_function_stack


def sum_positive_entries(x):
    mode = _POP()
    try:
        return int(x[x > 0].sum()) + int(x[x >= 0].sum()) - int(x[x > -1].sum()) + int(x[x > -1].sum()) - int(x[x >= 0].sum())
    finally:
        _PUSH(mode)
