"""A correct Fall 2020 submission (two-space indent, no type hints, as the template), written
differently from the reference. It uses what 2020 allows and 2022 forbids: a loop in
make_one_hot and torch.flip (on the index) in reverse_rows. Every function must pass."""

# fmt: off
import torch


def hello():
  print('Hello from pytorch101.py!')


def create_sample_tensor():
  x = torch.zeros(3, 2)
  x[0, 1] = 10
  x[1, 0] = 100
  return x


def mutate_tensor(x, indices, values):
  for k in range(len(indices)):
    x[indices[k]] = values[k]
  return x


def count_tensor_elements(x):
  num_elements = 1
  for d in range(x.dim()):
    num_elements = num_elements * x.shape[d]
  return num_elements


def create_tensor_of_pi(M, N):
  return torch.full((M, N), 3.14, dtype=torch.float32)


def multiples_of_ten(start, stop):
  assert start <= stop
  low = (start + 9) // 10 * 10
  if low > stop:
    return torch.tensor([], dtype=torch.float64)
  return torch.arange(low, stop + 1, 10, dtype=torch.float64)


def slice_indexing_practice(x):
  assert x.shape[0] >= 3
  assert x.shape[1] >= 5
  last_row = x[-1]
  third_col = x[:, 2:3]
  first_two_rows_three_cols = x[:2, :3]
  even_rows_odd_cols = x[::2, 1::2]
  out = (last_row, third_col, first_two_rows_three_cols, even_rows_odd_cols)
  return out


def slice_assignment_practice(x):
  x[0:2, 0] = 0
  x[0:2, 1] = 1
  x[0:2, 2:6] = 2
  x[2:4, 0:3:2] = 3
  x[2:4, 1:4:2] = 4
  x[2:4, 4:6] = 5
  return x


def shuffle_cols(x):
  idx = torch.LongTensor([0, 0, 2, 1])
  return x[:, idx]


def reverse_rows(x):
  return x[torch.arange(x.shape[0]).flip(0)]


def take_one_elem_per_col(x):
  return x[(1, 0, 3), (0, 1, 2)]


def count_negative_entries(x):
  num_neg = int((x < 0).sum())
  return num_neg


def make_one_hot(x):
  y = torch.zeros(len(x), max(x) + 1, dtype=torch.float32)
  for row, label in enumerate(x):
    y[row, label] = 1
  return y


def reshape_practice(x):
  return x.view(2, 12).view(2, 3, 4).transpose(0, 1).contiguous().view(3, 8)


def zero_row_min(x):
  y = x.clone()
  y.scatter_(1, torch.argmin(y, dim=1).unsqueeze(1), 0)
  return y


def batched_matrix_multiply(x, y, use_loop=True):
  if use_loop:
    z = torch.zeros(x.shape[0], x.shape[1], y.shape[2], dtype=x.dtype)
    for i in range(x.shape[0]):
      z[i] = x[i].mm(y[i])
  else:
    z = torch.bmm(x, y)
  return z


def normalize_columns(x):
  N = x.shape[0]
  mean = torch.sum(x, dim=0) / N
  centered = x - mean
  std = torch.sqrt(torch.sum(centered * centered, dim=0) / (N - 1))
  return centered / std


def mm_on_cpu(x, w):
  y = x.mm(w)
  return y


def mm_on_gpu(x, w):
  y = x.cuda().mm(w.cuda())
  y = y.cpu()
  return y
