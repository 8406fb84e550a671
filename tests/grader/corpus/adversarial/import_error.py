"""An exception at import time: every function gets the error, with the message."""

import torch

raise RuntimeError("torch101-adversarial: this file cannot be imported")


def count_tensor_elements(x: torch.Tensor) -> int:
    return 0
