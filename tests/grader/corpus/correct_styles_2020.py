"""A correct Fall 2020 submission (two-space indent, no type hints) in the styles that once drew
false alarms from the grader. Every function must pass."""

# fmt: off
import torch


def hello():
  print('Hello from pytorch101.py!')


def create_sample_tensor():
  return torch.tensor([[0., 10.], [100., 0.], [0., 0.]])


def mutate_tensor(x, indices, values):
  for k, (i, j) in enumerate(indices):
    x[i][j] = values[k]
  return x


def count_tensor_elements(x):
  return len(x.flatten())


def create_tensor_of_pi(M, N):
  return torch.full((M, N), 3.14, dtype=torch.float64)


def multiples_of_ten(start, stop):
  assert start <= stop
  x = torch.arange(start, stop + 1, 1.0, dtype=torch.float64)
  return x[torch.fmod(x, 10) == 0]


def slice_indexing_practice(x):
  M, N = x.shape
  last_row = x[M - 1]
  third_col = x[0:M, 2:3]
  first_two_rows_three_cols = x[0:2, 0:3]
  even_rows_odd_cols = x[0:M:2, 1:N:2]
  return last_row, third_col, first_two_rows_three_cols, even_rows_odd_cols


def slice_assignment_practice(x):
  x[0:2, 0:1] = 0
  x[0:2, 1:2] = 1
  x[0:2, 2:6] = 2
  x[2:4, 0:4:2] = 3
  x[2:4, 1:4:2] = 4
  x[2:4, 4:6] = 5
  return x


def shuffle_cols(x):
  return torch.index_select(x, 1, torch.tensor([0, 0, 2, 1]))


def reverse_rows(x):
  return x[torch.flip(torch.arange(x.shape[0]), dims=[0])]


def take_one_elem_per_col(x):
  return x.gather(0, torch.tensor([[1, 0, 3]])).squeeze(0)


def count_negative_entries(x):
  return torch.masked_select(x, x < 0).size(0)


def make_one_hot(x):
  y = torch.zeros(len(x), max(x) + 1)
  for i, c in enumerate(x):
    y[i][c] = 1
  return y


def reshape_practice(x):
  return x.view(2, 3, 4).swapaxes(0, 1).reshape(3, 8)


def zero_row_min(x):
  m, _ = torch.min(x, dim=1, keepdim=True)
  return x * (x != m)


def batched_matrix_multiply(x, y, use_loop=True):
  if use_loop:
    z = []
    for a, b in zip(x, y):
      z.append(a.mm(b))
    return torch.stack(z)
  return torch.einsum('bij,bjk->bik', x, y)


def normalize_columns(x):
  M = x.shape[0]
  mu = x.sum(0) / M
  return (x - mu) / ((x - mu).square().sum(0) / (M - 1)).sqrt()


def mm_on_cpu(x, w):
  y = x.mm(w)
  return y


def mm_on_gpu(x, w):
  return (x.cuda(0) @ w.cuda(0)).cpu()
