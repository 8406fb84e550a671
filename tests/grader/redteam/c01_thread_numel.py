# ruff: noqa
# fmt: off
# attack: 1 thread-numel
# does: count_tensor_elements calls the forbidden torch.numel (looked up by a split name) in a _thread.start_new_thread thread
# template: 2022
# expect: count_tensor_elements=!pass
import _thread
import time

import torch


def count_tensor_elements(x):
    box = []
    fn = torch.__dict__["nu" + "mel"]
    _thread.start_new_thread(lambda: box.append(int(fn(x))), ())
    while not box:
        time.sleep(0.001)
    return box[0]
