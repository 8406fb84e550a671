# ruff: noqa
"""A correct Winter 2022 submission in the styles that once drew false alarms from the grader
(each is kept, one per function, in corpus/correct/ too). Every function must pass; the
challenge must get full credit (no torch.unique)."""

import math
from typing import List, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def hello():
    print("Hello from pytorch101.py!")


def create_sample_tensor() -> Tensor:
    # No dtype is stated: int64 is as right as float32.
    return torch.tensor([[0, 10], [100, 0], [0, 0]])


def mutate_tensor(x: Tensor, indices: List[Tuple[int, int]], values: List[float]) -> Tensor:
    for idx, v in zip(indices, values):
        x[idx] = v
    return x


def count_tensor_elements(x: Tensor) -> int:
    # No numel anywhere: the flattened length is allowed.
    return x.view(-1).shape[0]


def create_tensor_of_pi(M: int, N: int) -> Tensor:
    # A 1 x 1 result has stride 0: it once could not be sent back to the grader.
    return torch.tensor(3.14).expand(M, N).clone()


def multiples_of_ten(start: int, stop: int) -> Tensor:
    assert start <= stop
    x = torch.arange(start, stop + 1).to(torch.float64)
    return torch.masked_select(x, torch.remainder(x, 10) == 0)


def slice_indexing_practice(x: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor]:
    assert x.shape[0] >= 3
    assert x.shape[1] >= 5
    last_row = x[len(x) - 1]
    third_col = x[:, 2, None]  # one slice that keeps the column 2-D
    first_two_rows_three_cols = x[0:2, 0:3]
    even_rows_odd_cols = x[0::2, 1::2]
    return last_row, third_col, first_two_rows_three_cols, even_rows_odd_cols


def slice_assignment_practice(x: Tensor) -> Tensor:
    zero, one, two, three, four, five = 0, 1, 2, 3, 4, 5
    x[:2, :6] = two
    x[:2, 0] = zero
    x[:2, 1] = one
    x[2:4, :4] = four
    x[2:4, 0:3:2] = three
    x[2:4, 4:6] = five
    return x


def shuffle_cols(x: Tensor) -> Tensor:
    # Building the index with [:, None] indexes nothing of x: one indexing of the input.
    rows = torch.arange(x.shape[0])[:, None]
    cols = torch.tensor([0, 0, 2, 1])[None, :]
    return x[rows, cols]


def reverse_rows(x: Tensor) -> Tensor:
    return x.index_select(0, torch.arange(x.size(0) - 1, -1, -1))


def take_one_elem_per_col(x: Tensor) -> Tensor:
    n = x.shape[1]
    return torch.take(x, torch.tensor([1 * n + 0, 0 * n + 1, 3 * n + 2]))


def make_one_hot(x: List[int]) -> Tensor:
    return torch.eye(max(x) + 1)[x]


def sum_positive_entries(x: Tensor) -> Tensor:
    return torch.masked_select(x, x > 0).sum().item()


def reshape_practice(x: Tensor) -> Tensor:
    return x.unflatten(0, (2, 3, 4)).transpose(0, 1).flatten(1)


def zero_row_min(x: Tensor) -> Tensor:
    mask = F.one_hot(x.argmin(dim=1), x.shape[1]).bool()
    return x.masked_fill(mask, 0)


def batched_matrix_multiply(x: Tensor, y: Tensor, use_loop: bool = True) -> Tensor:
    if use_loop:
        return batched_matrix_multiply_loop(x, y)
    else:
        return batched_matrix_multiply_noloop(x, y)


def batched_matrix_multiply_loop(x: Tensor, y: Tensor) -> Tensor:
    z = x.new_zeros(x.shape[0], x.shape[1], y.shape[2])
    for i in range(x.size(0)):
        z[i, :, :] = x[i, :, :].mm(y[i, :, :])
    return z


def batched_matrix_multiply_noloop(x: Tensor, y: Tensor) -> Tensor:
    return (x.unsqueeze(3) * y.unsqueeze(1)).sum(dim=2)


def normalize_columns(x: Tensor) -> Tensor:
    M = x.shape[0]
    centered = x - x.sum(dim=0, keepdim=True) / M
    # square() is ** 2 and rsqrt() is 1 / sqrt: other spellings of the allowed ops.
    return centered * torch.rsqrt(centered.square().sum(dim=0, keepdim=True) / (M - 1))


def mm_on_cpu(x: Tensor, w: Tensor) -> Tensor:
    y = x.mm(w)
    return y


def mm_on_gpu(x: Tensor, w: Tensor) -> Tensor:
    device = torch.device("cuda")
    return (x.to(device) @ w.to(device)).cpu()


def challenge_mean_tensors(xs: List[Tensor], ls: Tensor) -> Tensor:
    # No output dtype is stated: float64 means of float32 inputs are right (and more accurate).
    values = torch.cat(xs).double()
    segment = torch.repeat_interleave(torch.arange(len(xs), device=ls.device), ls)
    return (
        torch.zeros(len(xs), dtype=torch.float64, device=ls.device).index_add_(0, segment, values)
        / ls
    )


def challenge_get_uniques(x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
    values, order = torch.sort(x)
    new = torch.ones_like(values, dtype=torch.bool)
    new[1:] = values[1:] != values[:-1]
    group = torch.cumsum(new, 0) - 1
    k = int(group[-1]) + 1
    first = torch.full((k,), x.shape[0], dtype=torch.long)
    first = first.scatter_reduce(0, group, order, reduce="amin")
    return x[first], first


assert math.isclose(3.14, 3.14)  # a stray module-level statement, as students leave them
