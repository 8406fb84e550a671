"""Bad input: every documented precondition raises TypeError or ValueError whose message
names the function and the offending argument (never a bare torch RuntimeError)."""

from __future__ import annotations

import re

import pytest
import torch

from torch101 import reference as R

from ._helpers import Snapshot

T = torch.zeros
I64 = torch.int64
F = "float"
BMM = ("batched_matrix_multiply", "batched_matrix_multiply_loop", "batched_matrix_multiply_noloop")

# (function name, args, exception type(s), argument the message must name)
CASES = [
    ("mutate_tensor", ([1, 2], [], []), TypeError, "x"),
    ("mutate_tensor", (T(3), [], []), ValueError, "x"),
    ("mutate_tensor", (T(2, 2), (0, 0), [1.0, 2.0]), TypeError, "indices"),
    ("mutate_tensor", (T(2, 2), [(0, 0)], 1.0), TypeError, "values"),
    ("mutate_tensor", (T(2, 2), [(0, 0)], [1.0, 2.0]), ValueError, "indices"),
    ("mutate_tensor", (T(2, 2), [(0, 0, 0)], [1.0]), TypeError, "indices"),
    ("mutate_tensor", (T(2, 2), [(0.0, 0)], [1.0]), TypeError, "indices"),
    ("mutate_tensor", (T(2, 2), [(True, 0)], [1.0]), TypeError, "indices"),
    ("mutate_tensor", (T(2, 2), [(0, 2)], [1.0]), ValueError, "indices"),
    ("mutate_tensor", (T(2, 2), [(-3, 0)], [1.0]), ValueError, "indices"),
    ("mutate_tensor", (T(2, 2), [(0, 0)], ["1"]), TypeError, "values"),
    ("mutate_tensor", (T(2, 2), [(0, 0)], [1j]), TypeError, "values"),
    ("count_tensor_elements", ([1, 2, 3],), TypeError, "x"),
    ("create_tensor_of_pi", (0, 3), ValueError, "M"),
    ("create_tensor_of_pi", (3, -1), ValueError, "N"),
    ("create_tensor_of_pi", (2.0, 3), TypeError, "M"),
    ("create_tensor_of_pi", (2, True), TypeError, "N"),
    ("multiples_of_ten", (1.0, 20), TypeError, "start"),
    ("multiples_of_ten", (1, "20"), TypeError, "stop"),
    ("multiples_of_ten", (30, 20), ValueError, "start"),
    ("slice_indexing_practice", (T(2, 5),), ValueError, "x"),
    ("slice_indexing_practice", (T(3, 4),), ValueError, "x"),
    ("slice_indexing_practice", (T(15),), ValueError, "x"),
    ("slice_indexing_practice", ([[1] * 5] * 3,), TypeError, "x"),
    ("slice_assignment_practice", (T(3, 6),), ValueError, "x"),
    ("slice_assignment_practice", (T(4, 5),), ValueError, "x"),
    ("slice_assignment_practice", (T(4, 6, dtype=torch.bool),), TypeError, "x"),
    ("slice_assignment_practice", (T(2, 4, 6),), ValueError, "x"),
    ("shuffle_cols", (T(4, 2),), ValueError, "x"),
    ("shuffle_cols", (T(2, 4, 3),), ValueError, "x"),
    ("reverse_rows", (T(4),), ValueError, "x"),
    ("reverse_rows", (torch.tensor(1.0),), ValueError, "x"),
    ("reverse_rows", ((1, 2),), TypeError, "x"),
    ("take_one_elem_per_col", (T(3, 3),), ValueError, "x"),
    ("take_one_elem_per_col", (T(4, 2),), ValueError, "x"),
    ("make_one_hot", (torch.tensor([1, 2]),), TypeError, "x"),
    ("make_one_hot", ([],), ValueError, "x"),
    ("make_one_hot", ([1.5, 2],), TypeError, "x"),
    ("make_one_hot", ([True, False],), TypeError, "x"),
    ("make_one_hot", ([[1, 2]],), TypeError, "x"),
    ("make_one_hot", ([2, -1],), ValueError, "x"),
    ("make_one_hot", ([2**63],), ValueError, "x"),
    ("make_one_hot", (["a"],), (TypeError, ValueError), "x"),
    ("make_one_hot", ([None, 1],), (TypeError, ValueError), "x"),
    ("make_one_hot", ([[1], [2, 3]],), (TypeError, ValueError), "x"),
    ("sum_positive_entries", (T(3),), TypeError, "x"),
    ("sum_positive_entries", (T(3, dtype=torch.bool),), TypeError, "x"),
    ("sum_positive_entries", ([1, 2],), TypeError, "x"),
    ("count_negative_entries", (T(3, dtype=torch.bool),), TypeError, "x"),
    ("count_negative_entries", (T(3, dtype=torch.complex64),), TypeError, "x"),
    ("count_negative_entries", ([-1],), TypeError, "x"),
    ("reshape_practice", (torch.arange(23),), ValueError, "x"),
    ("reshape_practice", (torch.arange(24).view(4, 6),), ValueError, "x"),
    ("zero_row_min", (T(3, 0),), ValueError, "x"),
    ("zero_row_min", (T(3),), ValueError, "x"),
    ("zero_row_min", (T(2, 2, dtype=torch.bool),), TypeError, "x"),
    *[(fn, (T(2, 3), T(2, 3, 4)), ValueError, "x") for fn in BMM],
    *[(fn, (T(2, 2, 3), T(3, 4)), ValueError, "y") for fn in BMM],
    *[(fn, (T(2, 2, 3), T(3, 3, 4)), ValueError, "y") for fn in BMM],
    *[(fn, (T(2, 2, 3), T(2, 4, 4)), ValueError, "y") for fn in BMM],
    *[(fn, (T(2, 2, 3), T(2, 3, 4, dtype=torch.float64)), TypeError, "y") for fn in BMM],
    *[(fn, (T(2, 2, 3), [[[0.0]]]), TypeError, "y") for fn in BMM],
    *[(fn, (T(2, 2, 3, dtype=torch.bool), T(2, 3, 4)), TypeError, "x") for fn in BMM],
    ("normalize_columns", (torch.ones(3, 2, dtype=I64),), TypeError, "x"),
    ("normalize_columns", (T(1, 3),), ValueError, "x"),
    ("normalize_columns", (T(3),), ValueError, "x"),
    ("mm_on_cpu", (T(2, 3), T(2, 2)), ValueError, "w"),
    ("mm_on_cpu", (T(2, 3), T(3, 2, dtype=torch.float64)), TypeError, "w"),
    ("mm_on_cpu", (T(1, 2, 3), T(3, 2)), ValueError, "x"),
    ("mm_on_gpu", (T(2, 3), T(2, 2)), ValueError, "w"),
    ("challenge_mean_tensors", (T(3), torch.tensor([3])), TypeError, "xs"),
    ("challenge_mean_tensors", ([], torch.tensor([], dtype=I64)), ValueError, "xs"),
    ("challenge_mean_tensors", ([T(3)], torch.tensor([3], dtype=torch.int32)), TypeError, "ls"),
    ("challenge_mean_tensors", ([T(3)], [3]), TypeError, "ls"),
    ("challenge_mean_tensors", ([T(3)], torch.tensor([[3]])), ValueError, "ls"),
    ("challenge_mean_tensors", ([T(3), T(2)], torch.tensor([3])), ValueError, "ls"),
    ("challenge_mean_tensors", ([T(3), T(2)], torch.tensor([2, 3])), ValueError, "ls"),
    ("challenge_mean_tensors", ([T(3), [1.0]], torch.tensor([3, 1])), TypeError, "xs"),
    ("challenge_mean_tensors", ([T(1, 3)], torch.tensor([3])), ValueError, "xs"),
    ("challenge_mean_tensors", ([torch.tensor(1.0)], torch.tensor([1])), ValueError, "xs"),
    ("challenge_mean_tensors", ([T(2), T(0)], torch.tensor([2, 0])), ValueError, "xs"),
    ("challenge_mean_tensors", ([T(0), T(2, 2)], torch.tensor([0, 2])), ValueError, "xs"),
    ("challenge_mean_tensors", ([T(2, dtype=torch.bool)], torch.tensor([2])), TypeError, "xs"),
    ("challenge_get_uniques", (torch.tensor([1, 2], dtype=torch.int32),), TypeError, "x"),
    ("challenge_get_uniques", (T(2, 2, dtype=I64),), ValueError, "x"),
    ("challenge_get_uniques", (torch.tensor(3),), ValueError, "x"),
    ("challenge_get_uniques", ([1, 2],), TypeError, "x"),
]


def _names(arg: str) -> str:
    # The argument is named as 'arg', arg[...], arg=... or "arg is ..."; a bare letter is not
    # enough ("(>=3 x >=5)" contains an x).
    return rf"'{arg}'|\b{arg}\[|\b{arg}=|\b{arg} is\b"


@pytest.mark.parametrize(
    ("fn", "args", "exc", "arg"),
    CASES,
    ids=[f"{c[0]}-{c[3]}-{i}" for i, c in enumerate(CASES)],
)
def test_bad_input_raises_a_named_error(fn, args, exc, arg) -> None:
    snaps = [Snapshot(a) for a in args if isinstance(a, torch.Tensor)]
    with pytest.raises(exc) as info:
        getattr(R, fn)(*args)
    message = str(info.value)
    allowed = exc if isinstance(exc, tuple) else (exc,)
    assert type(info.value) in allowed, f"{type(info.value).__name__}: {message}"
    assert message.startswith(f"{fn}:"), message
    assert re.search(_names(arg), message), f"message does not name {arg!r}: {message}"
    assert all(s.unchanged() for s in snaps)


@pytest.mark.parametrize("use_loop", ["no", None, 0])
def test_batched_matrix_multiply_use_loop_is_used_for_its_truth_value(use_loop) -> None:
    """Documented choice: use_loop is used for its truth value, like the 2022 dispatcher."""
    z = R.batched_matrix_multiply(torch.ones(1, 2, 2), torch.ones(1, 2, 2), use_loop=use_loop)
    assert z.tolist() == [[[2.0, 2.0], [2.0, 2.0]]]
