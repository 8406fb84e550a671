"""A correct Winter 2022 submission written differently from the reference, function by function.

Every function must pass: a false alarm here is a grader bug.
"""

import torch
from torch import Tensor


def hello():
    print("Hello from pytorch101.py!")


def create_sample_tensor() -> Tensor:
    x = torch.tensor([[0, 10], [100, 0], [0, 0]], dtype=torch.float32)
    return x


def mutate_tensor(x: Tensor, indices: list[tuple[int, int]], values: list[float]) -> Tensor:
    for (i, j), v in zip(indices, values):
        x[i][j] = v
    return x


def count_tensor_elements(x: Tensor) -> int:
    num_elements = 1
    for size in x.size():
        num_elements *= size
    return num_elements


def create_tensor_of_pi(M: int, N: int) -> Tensor:
    x = 3.14 * torch.ones(M, N)
    return x


def multiples_of_ten(start: int, stop: int) -> Tensor:
    assert start <= stop
    xs = torch.arange(start, stop + 1, dtype=torch.float64)
    return xs[xs % 10 == 0]


def slice_indexing_practice(x: Tensor) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    assert x.shape[0] >= 3
    assert x.shape[1] >= 5
    last_row = x[x.shape[0] - 1]
    third_col = x[..., 2:3]
    first_two_rows_three_cols = x[0:2, 0:3]
    even_rows_odd_cols = x[0::2, 1::2]
    out = (last_row, third_col, first_two_rows_three_cols, even_rows_odd_cols)
    return out


def slice_assignment_practice(x: Tensor) -> Tensor:
    x[0:2, 0:6] = 2
    x[0:2, 0] = 0
    x[0:2, 1] = 1
    x[2:4, 0:4] = 3
    x[2:4, 1:4:2] = 4
    x[2:4, 4:6] = 5
    return x


def shuffle_cols(x: Tensor) -> Tensor:
    y = x[:, torch.tensor([0, 0, 2, 1])]
    return y


def reverse_rows(x: Tensor) -> Tensor:
    y = x[list(range(x.shape[0] - 1, -1, -1))]
    return y


def take_one_elem_per_col(x: Tensor) -> Tensor:
    y = x[torch.tensor([1, 0, 3]), torch.arange(3)]
    return y


def make_one_hot(x: list[int]) -> Tensor:
    labels = torch.tensor(x, dtype=torch.long)
    return torch.nn.functional.one_hot(labels).to(torch.float32)


def sum_positive_entries(x: Tensor) -> Tensor:
    pos_sum = (x * (x > 0)).sum().item()
    return pos_sum


def reshape_practice(x: Tensor) -> Tensor:
    y = x.view(2, 3, 4).permute(1, 0, 2).contiguous().view(3, 8)
    return y


def zero_row_min(x: Tensor) -> Tensor:
    y = x.clone()
    y[torch.arange(x.shape[0]), x.argmin(dim=1)] = 0
    return y


def batched_matrix_multiply(x: Tensor, y: Tensor, use_loop: bool = True) -> Tensor:
    if use_loop:
        return batched_matrix_multiply_loop(x, y)
    else:
        return batched_matrix_multiply_noloop(x, y)


def batched_matrix_multiply_loop(x: Tensor, y: Tensor) -> Tensor:
    products = []
    for b in range(x.shape[0]):
        products.append(x[b] @ y[b])
    z = torch.stack(products)
    return z


def batched_matrix_multiply_noloop(x: Tensor, y: Tensor) -> Tensor:
    z = x @ y
    return z


def normalize_columns(x: Tensor) -> Tensor:
    M = x.shape[0]
    mu = x.sum(dim=0, keepdim=True) / M
    sigma = (((x - mu) ** 2).sum(dim=0, keepdim=True) / (M - 1)) ** 0.5
    y = (x - mu) / sigma
    return y


def mm_on_cpu(x: Tensor, w: Tensor) -> Tensor:
    y = x.mm(w)
    return y


def mm_on_gpu(x: Tensor, w: Tensor) -> Tensor:
    y = torch.mm(x.to("cuda"), w.to("cuda")).to("cpu")
    return y


def challenge_mean_tensors(xs: list[Tensor], ls: Tensor) -> Tensor:
    values = torch.cat(xs)
    segment = torch.repeat_interleave(torch.arange(len(xs), device=ls.device), ls)
    sums = torch.zeros(len(xs), dtype=values.dtype, device=values.device)
    sums.index_add_(0, segment, values)
    y = sums / ls.to(values.dtype)
    return y


def challenge_get_uniques(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    order = torch.argsort(x, stable=True)
    ordered = x[order]
    first = torch.ones_like(ordered, dtype=torch.bool)
    first[1:] = ordered[1:] != ordered[:-1]
    uniques, indices = ordered[first], order[first]
    return uniques, indices
