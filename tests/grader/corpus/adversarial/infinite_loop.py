"""An infinite loop that swallows every exception a signal-based timeout could raise.

Only a kill from outside ends it: the parent's wall-clock limit.
"""

import torch


def count_tensor_elements(x: torch.Tensor) -> int:
    while True:
        try:
            sum(range(1000))
        except BaseException:  # noqa: BLE001 - that is the point
            continue
