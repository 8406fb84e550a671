# ruff: noqa
# fmt: off
# mustpass: fall-2020
# does: the 2020 template: count_negative_entries with one comparison, batched_matrix_multiply with both branches, make_one_hot with a loop (allowed in 2020), two-space indent
# template: 2020
# expect: count_negative_entries=pass
# expect: batched_matrix_multiply=pass
# expect: make_one_hot=pass
import torch


def count_negative_entries(x):
  return int((x < 0).sum().item())


def batched_matrix_multiply(x, y, use_loop=True):
  if use_loop:
    z = []
    for i in range(x.shape[0]):
      z.append(torch.mm(x[i], y[i]))
    return torch.stack(z) if z else torch.zeros(0, x.shape[1], y.shape[2], dtype=x.dtype)
  return torch.bmm(x, y)


def make_one_hot(x):
  y = torch.zeros(len(x), max(x) + 1)
  for i, v in enumerate(x):
    y[i, v] = 1
  return y
