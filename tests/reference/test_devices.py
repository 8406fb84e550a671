"""Devices: CPU results without a GPU, the same results and devices on CUDA where there is one.

Mixed-device inputs are checked with the 'meta' device, so they run on any machine.
"""

from __future__ import annotations

import pytest
import torch

from torch101 import reference as R


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the error raised without CUDA")
def test_mm_on_gpu_without_cuda_says_so() -> None:
    with pytest.raises(RuntimeError, match=r"mm_on_gpu.*no CUDA device is available"):
        R.mm_on_gpu(torch.ones(2, 3), torch.ones(3, 4))


@pytest.mark.parametrize(
    ("fn", "args", "names"),
    [
        (R.batched_matrix_multiply_noloop, (torch.ones(1, 2, 2), torch.ones(1, 2, 2, device="meta")), ("'x'", "'y'")),
        (R.batched_matrix_multiply_loop, (torch.ones(1, 2, 2), torch.ones(1, 2, 2, device="meta")), ("'x'", "'y'")),
        (R.mm_on_cpu, (torch.ones(2, 2), torch.ones(2, 2, device="meta")), ("'x'", "'w'")),
        (R.challenge_mean_tensors, ([torch.ones(2)], torch.tensor([2], device="meta")), ("'xs'", "'ls'")),
    ],
    ids=["bmm-noloop", "bmm-loop", "mm_on_cpu", "challenge_mean_tensors"],
)  # fmt: skip
def test_mixed_devices_are_a_clear_error(fn, args, names) -> None:
    with pytest.raises(ValueError, match="same device") as info:
        fn(*args)
    assert fn.__name__ in str(info.value)
    assert all(n in str(info.value) for n in names)


def _cuda_cases():
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(5, 7, generator=gen)
    b1, b2 = torch.randn(3, 4, 5, generator=gen), torch.randn(3, 5, 2, generator=gen)
    ints = torch.randint(-5, 5, (6, 4), generator=gen)
    return {
        "mutate_tensor": (x.clone(), [(0, 0), (4, 6)], [1.0, 2.0]),
        "count_tensor_elements": (x,),
        "slice_indexing_practice": (x,),
        "slice_assignment_practice": (ints.clone(),),
        "shuffle_cols": (x,),
        "reverse_rows": (x,),
        "take_one_elem_per_col": (x,),
        "sum_positive_entries": (ints,),
        "count_negative_entries": (x,),
        "reshape_practice": (torch.arange(24),),
        "zero_row_min": (x,),
        "batched_matrix_multiply": (b1, b2),
        "batched_matrix_multiply_loop": (b1, b2),
        "batched_matrix_multiply_noloop": (b1, b2),
        "normalize_columns": (x,),
        "mm_on_cpu": (x, x.t().contiguous()),
        "challenge_mean_tensors": ([x[0], x[1, :3], x[2, :1]], torch.tensor([7, 3, 1])),
        "challenge_get_uniques": (torch.tensor([4, 1, 4, 9, 1, 0]),),
    }


def _to(value, device):
    if isinstance(value, torch.Tensor):
        return value.to(device)
    if isinstance(value, list) and value and isinstance(value[0], torch.Tensor):
        return [v.to(device) for v in value]
    return value


@pytest.mark.cuda
@pytest.mark.parametrize("name", sorted(_cuda_cases()))
def test_cuda_inputs_give_cuda_outputs_equal_to_cpu(name) -> None:
    args = _cuda_cases()[name]
    fn = getattr(R, name)
    cpu = fn(*[_to(a, "cpu") for a in args])
    gpu = fn(*[_to(a, "cuda") for a in args])
    cpu_out = cpu if isinstance(cpu, tuple) else (cpu,)
    gpu_out = gpu if isinstance(gpu, tuple) else (gpu,)
    for c, g in zip(cpu_out, gpu_out):
        if isinstance(c, torch.Tensor):
            assert g.device.type == "cuda" and g.dtype == c.dtype
            torch.testing.assert_close(g.cpu(), c, rtol=1e-4, atol=1e-5)
        else:
            assert type(g) is type(c) and g == c


@pytest.mark.cuda
def test_mm_on_gpu_returns_on_cpu() -> None:
    gen = torch.Generator().manual_seed(0)
    x, w = torch.randn(64, 32, generator=gen), torch.randn(32, 16, generator=gen)
    y = R.mm_on_gpu(x, w)
    assert y.device.type == "cpu" and y.dtype == x.dtype
    torch.testing.assert_close(y, x @ w, rtol=1e-3, atol=1e-3)


@pytest.mark.cuda
def test_make_one_hot_and_creation_stay_on_cpu() -> None:
    assert R.make_one_hot([1, 0]).device.type == "cpu"
    assert R.create_tensor_of_pi(2, 2).device.type == "cpu"
