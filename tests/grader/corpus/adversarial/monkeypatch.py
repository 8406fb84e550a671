"""Make every comparison in this process say "equal", then return a wrong answer.

The grader compares in its own process, so none of this reaches it.
"""

import torch


def _always(*args, **kwargs):
    return True


torch.allclose = _always
torch.equal = _always
torch.isclose = lambda a, b, *args, **kwargs: torch.ones_like(a, dtype=torch.bool)
torch.testing.assert_close = lambda *args, **kwargs: None
torch.Tensor.__eq__ = lambda self, other: torch.ones_like(self, dtype=torch.bool)
torch.Tensor.__ne__ = lambda self, other: torch.zeros_like(self, dtype=torch.bool)


def normalize_columns(x: torch.Tensor) -> torch.Tensor:
    return x.clone()
