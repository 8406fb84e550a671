# ruff: noqa
# fmt: off
# attack: 1 futures-shuffle
# does: shuffle_cols indexes the input once in sight, then four more times in a concurrent.futures worker thread
# template: 2022
# expect: shuffle_cols=!pass
from concurrent.futures import ThreadPoolExecutor

import torch

_POOL = ThreadPoolExecutor(max_workers=1)


def _cols(y):
    return torch.stack([y[:, 0], y[:, 0], y[:, 2], y[:, 1]], dim=1)


def shuffle_cols(x):
    y = x[:, :]  # the one indexing operation the recorder sees
    return _POOL.submit(_cols, y).result()
