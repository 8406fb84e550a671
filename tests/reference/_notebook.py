"""The notebook's check cells (spec section 2b), runnable against any module with a template.

Each check takes the module (the reference, or an exported pytorch101.py) and raises
AssertionError when the notebook would print False. Imports torch only, so a subprocess can
load this file next to an exported pytorch101.py without torch101 on the path. Where the
notebook's helper is weaker than its intent (make_one_hot checks only row 0), we check all.
"""

from __future__ import annotations

import contextlib
import io
from types import ModuleType

import torch


def check_hello(m: ModuleType) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        m.hello()
    assert out.getvalue() == "Hello from pytorch101.py!\n", repr(out.getvalue())


def check_sample_mutate_count(m: ModuleType) -> None:
    x = m.create_sample_tensor()
    assert torch.is_tensor(x) and x.shape == (3, 2)
    assert x.tolist() == [[0, 10], [100, 0], [0, 0]]
    y = m.mutate_tensor(x, [(0, 0), (1, 0), (1, 1)], [4, 5, 6])
    assert y is x
    assert x[0, 0].item() == 4 and x[1, 0].item() == 5 and x[1, 1].item() == 6
    n = m.count_tensor_elements(x)
    assert type(n) is int and n == 6


def check_tensor_of_pi(m: ModuleType) -> None:
    x = m.create_tensor_of_pi(4, 5)
    assert torch.is_tensor(x) and x.shape == (4, 5)
    assert (x == 3.14).all().item() == 1


def check_multiples_of_ten(m: ModuleType) -> None:
    x = m.multiples_of_ten(5, 25)
    assert x.dtype == torch.float64 and x.shape == (2,) and x.tolist() == [10, 20]
    y = m.multiples_of_ten(5, 7)
    assert y.dtype == torch.float64 and y.shape == (0,)


def check_slice_indexing(m: ModuleType) -> None:
    x = torch.tensor([[1, 2, 3, 4, 5], [6, 7, 8, 8, 10], [11, 12, 13, 14, 15]])
    before = x.clone()
    out = m.slice_indexing_practice(x)
    expected = (
        [11, 12, 13, 14, 15],
        [[3], [8], [13]],
        [[1, 2, 3], [6, 7, 8]],
        [[2, 4], [12, 14]],
    )
    assert len(out) == 4
    for actual, want in zip(out, expected):
        assert torch.is_tensor(actual)
        assert actual.tolist() == want  # stricter than the notebook's broadcasting ==
        assert actual.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()
    assert torch.equal(x, before)


def check_slice_assignment(m: ModuleType) -> None:
    x = torch.zeros(5, 7, dtype=torch.int64)
    y = m.slice_assignment_practice(x)
    assert y is x
    assert x.tolist() == [
        [0, 1, 2, 2, 2, 2, 0],
        [0, 1, 2, 2, 2, 2, 0],
        [3, 4, 3, 4, 5, 5, 0],
        [3, 4, 3, 4, 5, 5, 0],
        [0, 0, 0, 0, 0, 0, 0],
    ]


def check_shuffle_reverse_take(m: ModuleType) -> None:
    x = torch.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]])
    before = x.clone()
    y = m.shuffle_cols(x)
    assert torch.is_tensor(y)
    assert y.tolist() == [[1, 1, 3, 2], [4, 4, 6, 5], [7, 7, 9, 8], [10, 10, 12, 11]]
    y = m.reverse_rows(x)
    assert torch.is_tensor(y)
    assert y.tolist() == [[10, 11, 12], [7, 8, 9], [4, 5, 6], [1, 2, 3]]
    y = m.take_one_elem_per_col(x)
    assert torch.is_tensor(y) and y.tolist() == [4, 2, 12]
    assert torch.equal(x, before)


def check_make_one_hot(m: ModuleType) -> None:
    for labels in ([1, 4, 3, 2], [1, 3, 5, 7, 6, 2]):
        y = m.make_one_hot(labels)
        assert torch.is_tensor(y) and y.dtype == torch.float32
        assert y.shape == (len(labels), max(labels) + 1)
        for row, label in zip(y, labels):  # every row, like FA2019's helper
            assert y.shape[1] > label
            for col in range(y.shape[1]):
                assert row[col].item() == (1.0 if col == label else 0.0)


def check_sum_positive_entries(m: ModuleType) -> None:
    with torch.random.fork_rng():
        torch.manual_seed(598)
        x0 = torch.tensor([[-1, -1, 0], [0, 1, 2], [3, 4, 5]])
        x1 = torch.tensor([-100, 0, 1, 2, 3])
        x2 = torch.randn(100, 100).long()
    for x, want in ((x0, 15), (x1, 6), (x2, 1871)):
        got = m.sum_positive_entries(x)
        assert type(got) is int and got == want, (got, want)


def check_count_negative_entries(m: ModuleType) -> None:
    with torch.random.fork_rng():
        torch.manual_seed(598)
        x0 = torch.tensor([[-1, -1, 0], [0, 1, 2], [3, 4, 5]])
        x1 = torch.tensor([0, 1, 2, 3])
        x2 = torch.randn(100, 100)
    for x, want in ((x0, 2), (x1, 0), (x2, 4984)):
        got = m.count_negative_entries(x)
        assert type(got) is int and got == want, (got, want)


def check_reshape_practice(m: ModuleType) -> None:
    y = m.reshape_practice(torch.arange(24))
    assert y.tolist() == [
        [0, 1, 2, 3, 12, 13, 14, 15],
        [4, 5, 6, 7, 16, 17, 18, 19],
        [8, 9, 10, 11, 20, 21, 22, 23],
    ]


def check_zero_row_min(m: ModuleType) -> None:
    cases = (
        ([[10, 20, 30], [2, 5, 1]], [[0, 20, 30], [2, 5, 0]]),
        (
            [[2, 5, 10, -1], [1, 3, 2, 4], [5, 6, 2, 10]],
            [[2, 5, 10, 0], [0, 3, 2, 4], [5, 6, 0, 10]],
        ),
    )
    for given, want in cases:
        x = torch.tensor(given)
        y = m.zero_row_min(x)
        assert torch.is_tensor(y) and y.tolist() == want
        assert x.tolist() == given  # the notebook does not check this; the docstring asks it


def _bmm_inputs() -> tuple[torch.Tensor, torch.Tensor]:
    gen = torch.Generator().manual_seed(0)
    B, N, M, P = 2, 3, 5, 4
    return torch.randn(B, N, M, generator=gen), torch.randn(B, M, P, generator=gen)


def check_batched_matrix_multiply(m: ModuleType) -> None:
    x, y = _bmm_inputs()
    z_expected = torch.stack([x[0] @ y[0], x[1] @ y[1]])
    for use_loop in (True, False):
        z = m.batched_matrix_multiply(x, y, use_loop=use_loop)
        assert (z - z_expected).abs().max().item() < 1e-6


def check_batched_matrix_multiply_split(m: ModuleType) -> None:
    x, y = _bmm_inputs()
    z_expected = torch.stack([x[0] @ y[0], x[1] @ y[1]])
    for fn in (m.batched_matrix_multiply_loop, m.batched_matrix_multiply_noloop):
        assert (fn(x, y) - z_expected).abs().max().item() < 1e-6


def check_normalize_columns(m: ModuleType) -> None:
    x = torch.tensor([[0.0, 30.0, 600.0], [1.0, 10.0, 200.0], [-1.0, 20.0, 400.0]])
    before = x.clone()
    y = m.normalize_columns(x)
    assert y.tolist() == [[0.0, 1.0, 1.0], [1.0, -1.0, -1.0], [-1.0, 0.0, 0.0]]
    assert torch.equal(x, before)


def check_mm_on_cpu(m: ModuleType) -> None:
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    w = torch.tensor([[5.0, 6.0], [7.0, 8.0]])
    assert m.mm_on_cpu(x, w).tolist() == [[19.0, 22.0], [43.0, 50.0]]


def check_mm_on_gpu(m: ModuleType) -> None:
    """The notebook's GPU cell; only meaningful with CUDA (callers skip without it)."""
    gen = torch.Generator().manual_seed(0)
    x = torch.rand(512, 4096, generator=gen)
    w = torch.rand(4096, 4096, generator=gen)
    y0 = m.mm_on_cpu(x, w)
    y1 = m.mm_on_gpu(x, w)
    assert y1.device == torch.device("cpu")
    assert (y0 - y1).abs().max().item() < 5e-2


_COMMON = (
    check_hello,
    check_sample_mutate_count,
    check_tensor_of_pi,
    check_multiples_of_ten,
    check_slice_indexing,
    check_slice_assignment,
    check_shuffle_reverse_take,
    check_make_one_hot,
    check_reshape_practice,
    check_zero_row_min,
    check_batched_matrix_multiply,
    check_normalize_columns,
    check_mm_on_cpu,
)

# The CPU checks of each template's notebook (mm_on_gpu is separate: it needs CUDA).
CHECKS = {
    "2020": (*_COMMON, check_count_negative_entries),
    "2022": (*_COMMON, check_sum_positive_entries, check_batched_matrix_multiply_split),
}


def run_all(m: ModuleType, template: str) -> list[str]:
    """Run every CPU check of the template; return the names of those that failed."""
    failed = []
    for check in CHECKS[template]:
        try:
            check(m)
        except Exception as err:  # report every failure, not only the first
            failed.append(f"{check.__name__}: {type(err).__name__}: {err}")
    return failed
