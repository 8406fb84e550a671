# ruff: noqa
# fmt: off
# attack: 2 gc-recorder
# does: reshape_practice finds the worker's Recorder with gc.get_objects(), sets trace=False, then indexes with an integer tensor
# template: 2022
# expect: reshape_practice=!pass
import gc

import torch


def reshape_practice(x):
    found = [o for o in gc.get_objects() if type(o).__name__ == "Recorder"]
    for r in found:
        r.trace = False
    idx = torch.tensor([0, 1, 2, 3, 12, 13, 14, 15, 4, 5, 6, 7, 16, 17, 18, 19, 8, 9, 10, 11, 20, 21, 22, 23])
    return x[idx].view(3, 8)
