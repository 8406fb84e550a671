"""normalize_columns_fast: the reference contract, checked against a float64 NumPy oracle."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import torch101
from torch101.fast import normalize, normalize_columns_fast
from torch101.reference import normalize_columns


def oracle(x: torch.Tensor) -> np.ndarray:
    a = x.double().cpu().numpy()
    return (a - a.mean(axis=0)) / a.std(axis=0, ddof=1)


def max_rel(y: torch.Tensor, ref: np.ndarray) -> float:
    """Largest error relative to the column scale of the normalised output (about 1)."""
    return float(np.max(np.abs(y.double().cpu().numpy() - ref), initial=0.0))


def test_public_name_is_exposed_lazily() -> None:
    assert torch101.normalize_columns_fast is normalize_columns_fast


def within_rounding(y: torch.Tensor, x: torch.Tensor) -> bool:
    """Forward-error bound: a column whose values sit far from 0 relative to their spread
    (condition kappa = max|x| / sigma) loses about kappa * eps to rounding the mean."""
    a = x.double().cpu().numpy()
    eps = float(torch.finfo(x.dtype).eps)
    kappa = np.abs(a).max(axis=0) / a.std(axis=0, ddof=1)
    err = np.abs(y.double().cpu().numpy() - oracle(x)).max(axis=0, initial=0.0)
    return bool(np.all(err <= 64 * eps * (kappa + 1) * np.sqrt(a.shape[0])))


@settings(max_examples=50, deadline=None)
@given(m=st.integers(2, 70), n=st.integers(0, 40), seed=st.integers(0, 2**16))
def test_matches_oracle_float32_and_float64(m: int, n: int, seed: int) -> None:
    gen = torch.Generator().manual_seed(seed)
    for dtype in (torch.float32, torch.float64):
        x = (torch.randn(m, n, generator=gen, dtype=torch.float64) * 3 + 1).to(dtype)
        x0 = x.clone()
        y = normalize_columns_fast(x)
        assert y.shape == x.shape and y.dtype == dtype
        assert y.data_ptr() != x.data_ptr() or x.numel() == 0
        assert torch.equal(x, x0)
        assert within_rounding(y, x)


def test_rounding_bound_is_tight_enough_to_fail() -> None:
    x = torch.randn(50, 6, dtype=torch.float64).float()
    y = normalize_columns_fast(x)
    assert within_rounding(y, x)
    assert not within_rounding(y * (1 + 1e-4), x)  # a 1e-4 relative slip is caught


@pytest.mark.parametrize(("dtype", "tol"), [(torch.float16, 1e-2), (torch.bfloat16, 6e-2)])
def test_half_dtypes_are_kept(dtype: torch.dtype, tol: float) -> None:
    x = (torch.randn(300, 20) * 50 + 200).to(dtype)  # squares would overflow float16
    y = normalize_columns_fast(x)
    assert y.dtype == dtype and torch.isfinite(y).all()
    assert max_rel(y, oracle(x)) < tol


def test_many_row_blocks_with_a_ragged_last_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(normalize, "_BLOCK_BYTES", 7 * 4 * 16)  # 7 rows of 16 floats per block
    x = torch.randn(50, 16)
    assert max_rel(normalize_columns_fast(x), oracle(x)) < 5e-5


def test_large_column_offsets_stay_accurate() -> None:
    # Values near 1e4 with spread 0.5: float32 rounds the mean to ~5e-4, i.e. ~1e-3 after
    # dividing by sigma. Both versions must stay at that level, not lose more digits.
    x = torch.randn(2000, 8, dtype=torch.float64).mul(0.5).add(1e4).float()
    fast_err = max_rel(normalize_columns_fast(x), oracle(x))
    assert fast_err < 5e-3
    assert fast_err <= 1.5 * max_rel(normalize_columns(x), oracle(x)) + 1e-4


def test_non_contiguous_input() -> None:
    x = torch.randn(30, 40).t()
    assert max_rel(normalize_columns_fast(x), oracle(x)) < 5e-5


def test_constant_column_gives_nan_like_the_reference() -> None:
    x = torch.tensor([[2.0, 1.0], [2.0, 3.0], [2.0, 5.0]])
    y, ref = normalize_columns_fast(x), normalize_columns(x)
    assert y[:, 0].isnan().all() and ref[:, 0].isnan().all()
    assert torch.allclose(y[:, 1], torch.tensor([-1.0, 0.0, 1.0]))


def test_two_rows_is_the_minimum() -> None:
    y = normalize_columns_fast(torch.tensor([[0.0, 10.0], [2.0, 30.0]]))
    s = 2**0.5 / 2
    assert torch.allclose(y, torch.tensor([[-s, -s], [s, s]]))


def test_autograd_inputs_work_and_match() -> None:
    x = torch.randn(20, 5, dtype=torch.float64, requires_grad=True)
    y = normalize_columns_fast(x)
    assert y.requires_grad
    assert max_rel(y.detach(), oracle(x.detach())) < 1e-12
    (y * torch.arange(5.0, dtype=torch.float64)).sum().backward()
    assert x.grad is not None and torch.isfinite(x.grad).all()


def test_kernel_math_matches_oracle_without_compiling() -> None:
    x = torch.randn(64, 33)
    assert max_rel(normalize.normalize_kernel(x), oracle(x)) < 5e-5
    assert normalize.normalize_kernel(x.half()).dtype == torch.float16


BAD_INPUTS = [
    [[1.0, 2.0], [3.0, 4.0]],  # not a tensor
    torch.ones(3),  # 1-D
    torch.ones(2, 2, 2),  # 3-D
    torch.ones(1, 4),  # one row: no sample standard deviation
    torch.ones(3, 3, dtype=torch.int64),  # not floating point
]


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=["list", "1d", "3d", "one-row", "int"])
def test_same_validation_errors_as_the_reference(bad: object) -> None:
    with pytest.raises(Exception) as ref_info:
        normalize_columns(bad)  # type: ignore[arg-type]
    with pytest.raises(type(ref_info.value)) as info:
        normalize_columns_fast(bad)  # type: ignore[arg-type]
    message = str(info.value)
    assert message.startswith("normalize_columns_fast: argument 'x'")
    assert message.removeprefix("normalize_columns_fast") == str(ref_info.value).removeprefix(
        "normalize_columns"
    )


@pytest.mark.cuda
@pytest.mark.parametrize("shape", [(4096, 1000), (1000, 4097), (2, 5)])
def test_gpu_compiled_matches_oracle(shape: tuple[int, int]) -> None:
    for _ in range(2):  # fresh inputs; the second call runs the cached compiled kernel
        x = torch.randn(*shape, device="cuda") * 2 + 3
        x0 = x.clone()
        y = normalize_columns_fast(x)
        assert y.is_cuda and y.dtype == x.dtype and torch.equal(x, x0)
        assert max_rel(y, oracle(x)) < 5e-5
    assert not normalize._COMPILE_BROKEN


@pytest.mark.cuda
def test_gpu_half_and_constant_columns() -> None:
    x = (torch.randn(512, 64, device="cuda") * 50 + 200).half()
    assert max_rel(normalize_columns_fast(x), oracle(x)) < 1e-2
    c = torch.full((8, 3), 2.0, device="cuda")
    assert normalize_columns_fast(c).isnan().all()


def test_a_compiler_failure_warns_once_and_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(x: torch.Tensor) -> torch.Tensor:
        raise RuntimeError("no triton here")

    monkeypatch.setattr(normalize, "_COMPILE_BROKEN", [])
    monkeypatch.setattr(normalize, "_use_compiled", lambda x: not normalize._COMPILE_BROKEN)
    monkeypatch.setattr(normalize, "_compiled", lambda: broken)
    x = torch.randn(40, 6)
    with pytest.warns(RuntimeWarning, match="torch.compile failed .*no triton here"):
        y = normalize_columns_fast(x)
    assert max_rel(y, oracle(x)) < 5e-5
    assert len(normalize._COMPILE_BROKEN) == 1
    normalize_columns_fast(x)  # no second attempt, no second warning
    assert len(normalize._COMPILE_BROKEN) == 1


def test_out_of_memory_is_raised_and_does_not_disable_compiling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Regression: a CUDA OOM inside the compiled kernel was taken for a compiler failure, so
    # every later call (of any size) ran the slower eager version, after a misleading warning.
    def oom(x: torch.Tensor) -> torch.Tensor:
        raise torch.cuda.OutOfMemoryError("CUDA out of memory")

    monkeypatch.setattr(normalize, "_COMPILE_BROKEN", [])
    monkeypatch.setattr(normalize, "_use_compiled", lambda x: True)
    monkeypatch.setattr(normalize, "_compiled", lambda: oom)
    with pytest.raises(torch.cuda.OutOfMemoryError):
        normalize_columns_fast(torch.randn(40, 6))
    assert normalize._COMPILE_BROKEN == []


@pytest.mark.parametrize(
    "cause",
    [
        torch.cuda.OutOfMemoryError("CUDA out of memory"),
        RuntimeError("CUDA error: an illegal memory access"),
        RuntimeError("Triton Error [CUDA]: an illegal memory access was encountered"),
        RuntimeError("Triton Error [CUDA]: out of memory"),
        *(
            [torch.AcceleratorError("device-side assert")]
            if hasattr(torch, "AcceleratorError")
            else []
        ),
    ],
    ids=lambda e: type(e).__name__ + ": " + str(e)[:24],
)
def test_a_wrapped_device_failure_is_raised_and_does_not_disable_compiling(
    monkeypatch: pytest.MonkeyPatch, cause: Exception
) -> None:
    # inductor re-raises what fails inside it wrapped in its own exception type
    def wrapped(x: torch.Tensor) -> torch.Tensor:
        try:
            raise cause
        except Exception as err:
            raise RuntimeError("backend compiler failed") from err

    monkeypatch.setattr(normalize, "_COMPILE_BROKEN", [])
    monkeypatch.setattr(normalize, "_use_compiled", lambda x: True)
    monkeypatch.setattr(normalize, "_compiled", lambda: wrapped)
    with pytest.raises(RuntimeError, match="backend compiler failed"):
        normalize_columns_fast(torch.randn(40, 6))
    assert normalize._COMPILE_BROKEN == []


def test_without_cuda_it_says_once_that_it_runs_on_the_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(normalize, "_WARNED_CPU", [])
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    x = torch.randn(10, 3)
    with pytest.warns(RuntimeWarning, match="normalize_columns_fast: no CUDA device .* on the CPU"):
        normalize_columns_fast(x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a second call is silent
        assert max_rel(normalize_columns_fast(x), oracle(x)) < 5e-5


def test_no_cpu_warning_where_a_gpu_exists(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(normalize, "_WARNED_CPU", [])
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)  # a CPU input by choice
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        normalize_columns_fast(torch.randn(10, 3))


def test_the_eager_fallback_off_the_cpu_is_the_welford_kernel(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Regression: off the CPU the fallback squared the whole input at once (a second full-size
    # tensor, about 8 memory passes); var_mean there is one pass, 5 in all.
    seen: list[torch.device] = []

    def kernel(x: torch.Tensor) -> torch.Tensor:
        seen.append(x.device)
        return x

    monkeypatch.setattr(normalize, "normalize_kernel", kernel)
    x = torch.empty(64, 32, device="meta")  # any device but the CPU
    assert normalize._normalize_eager(x) is x and seen == [torch.device("meta")]
    normalize._normalize_eager(torch.randn(8, 4))  # the CPU keeps its blocked passes
    assert seen == [torch.device("meta")]
