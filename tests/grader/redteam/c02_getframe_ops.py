# ruff: noqa
# fmt: off
# attack: 2 getframe-ops
# does: shuffle_cols indexes four times, then deletes all but the first logged op from sys._getframe(1).f_locals['recorder'].ops
# template: 2022
# expect: shuffle_cols=!pass
import sys

import torch


def shuffle_cols(x):
    out = torch.stack([x[:, 0], x[:, 0], x[:, 2], x[:, 1]], dim=1)
    rec = sys._getframe(1).f_locals.get("recorder")
    if rec is not None:
        del rec.ops[1:]
    return out
