# ruff: noqa
# fmt: off
# mustpass: keyword-arguments
# does: every torch call spelled with keyword arguments (torch.full(size=, fill_value=), torch.arange(start=, end=, step=, dtype=), torch.bmm(input=, mat2=), torch.index_select(input=, dim=, index=))
# template: 2022
# expect: create_tensor_of_pi=pass
# expect: multiples_of_ten=pass
# expect: batched_matrix_multiply_noloop=pass
# expect: reverse_rows=pass
import torch


def create_tensor_of_pi(M, N):
    return torch.full(size=(M, N), fill_value=3.14)


def multiples_of_ten(start, stop):
    first = -(-start // 10) * 10
    return torch.arange(start=first, end=max(first, stop + 1), step=10, dtype=torch.float64)


def batched_matrix_multiply_noloop(x, y):
    return torch.bmm(input=x, mat2=y)


def reverse_rows(x):
    return torch.index_select(input=x, dim=0, index=torch.arange(start=x.shape[0] - 1, end=-1, step=-1))


def batched_matrix_multiply(x, y, use_loop=True):
    # the template's own dispatcher (provided, not graded): the cases call through it
    if use_loop:
        return batched_matrix_multiply_loop(x, y)
    return batched_matrix_multiply_noloop(x, y)
