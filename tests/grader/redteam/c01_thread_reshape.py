# ruff: noqa
# fmt: off
# attack: 1 thread-reshape
# does: reshape_practice gathers its answer with integer-array indexing (not a reshaping op) inside a threading.Thread
# template: 2022
# expect: reshape_practice=!pass
import threading

import torch


def reshape_practice(x):
    box = []

    def work():
        idx = torch.tensor([0, 1, 2, 3, 12, 13, 14, 15, 4, 5, 6, 7, 16, 17, 18, 19, 8, 9, 10, 11, 20, 21, 22, 23])
        box.append(x[idx].view(3, 8))

    t = threading.Thread(target=work)
    t.start()
    t.join()
    return box[0]
