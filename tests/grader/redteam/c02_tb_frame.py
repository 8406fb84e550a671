# ruff: noqa
# fmt: off
# attack: 2 traceback-frame
# does: reshape_practice raises and catches an exception, walks tb_frame.f_back to the worker's frame and switches its recorder off
# template: 2022
# expect: reshape_practice=!pass
import torch


def reshape_practice(x):
    try:
        raise LookupError
    except LookupError as e:
        caller = e.__traceback__.tb_frame.f_back
    rec = caller.f_locals.get("recorder")
    if rec is not None:
        rec.trace = False
    idx = torch.tensor([0, 1, 2, 3, 12, 13, 14, 15, 4, 5, 6, 7, 16, 17, 18, 19, 8, 9, 10, 11, 20, 21, 22, 23])
    return x[idx].view(3, 8)
