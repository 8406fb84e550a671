"""mm_offload's public contract: results, dtypes, fallbacks, validation; CUDA checks on a GPU."""

from __future__ import annotations

import subprocess
import sys
import threading
import warnings

import numpy as np
import pytest
import torch

import torch101
from torch101.fast import mm_offload, offload
from torch101.fast.precision import PRECISIONS

no_cuda = pytest.mark.skipif(torch.cuda.is_available(), reason="checks the no-CUDA fallback")


@pytest.fixture(autouse=True)
def fresh_warning_state(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(offload, "_WARNED", set())


def oracle(x: torch.Tensor, w: torch.Tensor) -> np.ndarray:
    return x.double().numpy() @ w.double().numpy()


def rel_error(y: torch.Tensor, ref: np.ndarray) -> float:
    diff = np.linalg.norm(y.double().numpy() - ref)
    return float(diff / max(np.linalg.norm(ref), 1e-300))


def test_public_name_is_exposed_lazily() -> None:
    assert torch101.mm_offload is mm_offload


SHAPES = [(1, 1, 1), (5, 7, 3), (300, 2, 4), (2, 3, 400), (0, 4, 3), (4, 0, 3), (4, 3, 0)]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64, torch.float16, torch.bfloat16])
def test_float_results_and_dtype(shape: tuple[int, int, int], dtype: torch.dtype) -> None:
    m, k, n = shape
    x, w = torch.randn(m, k).to(dtype), torch.randn(k, n).to(dtype)
    x0, w0 = x.clone(), w.clone()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        y = mm_offload(x, w)
    assert y.shape == (m, n) and y.dtype == dtype and y.device.type == "cpu"
    tol = {torch.float64: 1e-12, torch.float32: 1e-5}.get(dtype, 2e-2)
    assert rel_error(y, oracle(x, w)) <= tol
    assert torch.equal(x, x0) and torch.equal(w, w0)


@pytest.mark.parametrize("dtype", [torch.int64, torch.int32])
def test_integer_products_are_exact(dtype: torch.dtype) -> None:
    x = torch.randint(-50, 50, (9, 6), dtype=dtype)
    w = torch.randint(-50, 50, (6, 4), dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        y = mm_offload(x, w)
    assert y.dtype == dtype
    assert y.tolist() == (x.numpy().astype(np.int64) @ w.numpy().astype(np.int64)).tolist()


def test_out_is_filled_and_returned() -> None:
    x, w = torch.randn(6, 5), torch.randn(5, 4)
    out = torch.full((6, 4), float("nan"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        y = mm_offload(x, w, out=out, precision="tf32", chunks=(2, 2))
    assert y is out and not out.isnan().any()
    assert rel_error(out, oracle(x, w)) < 1e-5


def test_no_autograd_graph_is_recorded() -> None:
    x = torch.randn(4, 3, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        y = mm_offload(x, torch.randn(3, 2))
    assert not y.requires_grad


@no_cuda
def test_without_cuda_it_warns_once_and_computes_on_the_cpu() -> None:
    x, w = torch.randn(8, 8), torch.randn(8, 8)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        mm_offload(x, w)
        mm_offload(x, w, precision="bf16")
    messages = [str(c.message) for c in caught if issubclass(c.category, RuntimeWarning)]
    assert len(messages) == 1
    assert "mm_offload" in messages[0] and "CUDA" in messages[0]
    assert caught[0].filename == __file__  # points at the caller


@no_cuda
def test_gpu_path_needs_cuda() -> None:
    with pytest.raises(RuntimeError, match="offload_on_gpu: no CUDA"):
        offload.offload_on_gpu(torch.randn(4, 4), torch.randn(4, 4))


def test_threads_get_their_own_results() -> None:
    results: dict[int, float] = {}

    def worker(seed: int) -> None:
        gen = torch.Generator().manual_seed(seed)
        x, w = torch.randn(64, 32, generator=gen), torch.randn(32, 48, generator=gen)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            results[seed] = rel_error(mm_offload(x, w), oracle(x, w))

    threads = [threading.Thread(target=worker, args=(s,)) for s in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [0, 1, 2, 3] and max(results.values()) < 1e-5


BAD_CALLS = [
    ((["a"], torch.ones(2, 2)), {}, TypeError, "'x' must be a torch.Tensor"),
    ((torch.ones(3), torch.ones(3, 2)), {}, ValueError, "'x' must be a 2-D tensor"),
    ((torch.ones(2, 3), torch.ones(4, 2)), {}, ValueError, "inner dimensions differ"),
    ((torch.ones(2, 3), torch.ones(3, 2, dtype=torch.float64)), {}, TypeError, "same dtype"),
    ((torch.ones(2, 2, dtype=torch.bool),) * 2, {}, TypeError, "integer or floating-point"),
    (
        (torch.ones(2, 2, device="meta"), torch.ones(2, 2, device="meta")),
        {},
        ValueError,
        "must be a CPU tensor",
    ),
    ((torch.ones(2, 2),) * 2, {"precision": "fp8"}, ValueError, "fp32, tf32, bf16, fp16"),
    ((torch.ones(2, 2),) * 2, {"precision": 32}, TypeError, "'precision' must be a str"),
    ((torch.ones(2, 2),) * 2, {"chunks": 0}, ValueError, "'chunks'"),
    ((torch.ones(2, 2),) * 2, {"chunks": (2, 0)}, ValueError, "'chunks'"),
    ((torch.ones(2, 2),) * 2, {"chunks": "4"}, TypeError, "'chunks'"),
    ((torch.ones(2, 2),) * 2, {"chunks": (2, 2, 2)}, TypeError, "'chunks'"),
    ((torch.ones(2, 2),) * 2, {"chunks": True}, TypeError, "'chunks'"),
    ((torch.ones(2, 2),) * 2, {"out": torch.ones(3, 3)}, ValueError, "'out' must be a CPU"),
    ((torch.ones(2, 2),) * 2, {"out": [[0.0]]}, TypeError, "'out' must be a torch.Tensor"),
    (
        (torch.ones(2, 2, dtype=torch.int64),) * 2,
        {"out": torch.ones(2, 2)},
        ValueError,
        "dtype torch.int64",
    ),
]


def test_out_must_not_alias_an_operand() -> None:
    x, w = torch.ones(3, 3), torch.ones(3, 3)
    for out in (x, w, w.view(9).view(3, 3)):
        with pytest.raises(ValueError, match="mm_offload: argument 'out' must not share memory"):
            mm_offload(x, w, out=out)


@pytest.mark.parametrize(("args", "kwargs", "error", "text"), BAD_CALLS)
def test_bad_input_names_function_argument_and_expectation(
    args: tuple, kwargs: dict, error: type[Exception], text: str
) -> None:
    with pytest.raises(error) as info:
        mm_offload(*args, **kwargs)
    assert str(info.value).startswith("mm_offload: ")
    assert text in str(info.value)


def test_positional_options_are_refused() -> None:
    with pytest.raises(TypeError):
        mm_offload(torch.ones(2, 2), torch.ones(2, 2), "tf32")  # type: ignore[misc]


def test_importing_does_not_initialise_cuda() -> None:
    code = (
        "import torch101, torch101.fast, torch;"
        "torch101.mm_offload; torch101.normalize_columns_fast;"
        "print(torch.cuda.is_initialized())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_too_big_for_the_gpu_counts_the_tile_slots(monkeypatch: pytest.MonkeyPatch) -> None:
    # Regression: the memory check counted 1.5x the operands and no output tiles, so a plan with
    # one big tile (here 9e6 elements next to 6e6 of operands) was sent to a GPU it overflows.
    x, w = torch.randn(3000, 1000), torch.randn(1000, 3000)
    operands_and_tile = (2 * 3000 * 1000 + 3000 * 3000) * 4
    free = 3000 * 1000 * 2 * 4 * 3 // 2 + offload._HEADROOM + 2**20  # enough for the old check
    assert free < operands_and_tile + offload._HEADROOM
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "mem_get_info", lambda *a: (free, 80 * 2**30))
    monkeypatch.setattr(torch.cuda, "memory_reserved", lambda *a: 0)
    monkeypatch.setattr(torch.cuda, "memory_allocated", lambda *a: 0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        y = mm_offload(x, w, chunks=(1, 1))
    assert [str(c.message) for c in caught if "do not fit" in str(c.message)]
    assert rel_error(y, oracle(x, w)) < 1e-5


def test_out_of_memory_on_the_gpu_falls_back_to_the_cpu_with_one_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The free-memory check counts cached space that fragmentation can make unusable, so the
    # GPU path may still run out of memory: the documented CPU fallback must follow.
    emptied: list[bool] = []

    def oom(x: torch.Tensor, w: torch.Tensor, *, out: torch.Tensor, **kw: object) -> torch.Tensor:
        out.fill_(float("nan"))  # a partly written result
        raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 400 MiB")

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(offload, "_fits", lambda *a: True)
    monkeypatch.setattr(offload, "offload_on_gpu", oom)
    monkeypatch.setattr(torch.cuda, "empty_cache", lambda: emptied.append(True))
    x, w = torch.randn(3000, 1000), torch.randn(1000, 3000)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        y = mm_offload(x, w)
        mm_offload(x, w)
    assert [str(c.message) for c in caught] == [
        "mm_offload: x (3000, 1000) and w (1000, 3000) do not fit in the GPU's free memory; "
        "computing on the CPU instead"
    ]
    assert emptied == [True, True] and rel_error(y, oracle(x, w)) < 1e-5


def test_the_memory_check_runs_while_no_other_offload_can(monkeypatch: pytest.MonkeyPatch) -> None:
    # Regression: the free-memory check ran outside _GPU_LOCK, so a call made while another
    # thread's offload held GPU memory fell back to the CPU (with a warning) instead of waiting.
    free_to_others: list[bool] = []

    def probe() -> None:  # from another thread: the lock is reentrant for its owner
        def try_lock() -> None:
            took = offload._GPU_LOCK.acquire(blocking=False)
            free_to_others.append(took)
            if took:
                offload._GPU_LOCK.release()

        thread = threading.Thread(target=try_lock)
        thread.start()
        thread.join()

    def fits(*args: object) -> bool:
        probe()
        return False  # then the CPU fallback, which must run with the lock released

    def on_cpu(x: torch.Tensor, w: torch.Tensor, out: torch.Tensor) -> torch.Tensor:
        probe()
        return out

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(offload, "_fits", fits)
    monkeypatch.setattr(offload, "_on_cpu", on_cpu)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mm_offload(torch.randn(3000, 1000), torch.randn(1000, 3000))
    assert free_to_others == [False, True]


def test_a_thread_inside_matmul_precision_and_another_offloading_do_not_deadlock() -> None:
    # Regression: offload_on_gpu took _GPU_LOCK, then the precision lock; a thread that calls
    # mm_offload inside its own matmul_precision block (as the benchmarks do) takes them in the
    # other order. Both orders at once deadlocked.
    from torch101.fast.precision import matmul_precision

    other_waiting = threading.Event()
    finished: list[str] = []

    def other_thread_offload() -> None:
        other_waiting.set()
        with offload._exclusive("fp32"):
            finished.append("other")

    def bench_like() -> None:
        with matmul_precision("tf32"):
            worker = threading.Thread(target=other_thread_offload, daemon=True)
            worker.start()
            other_waiting.wait()
            worker.join(timeout=0.2)  # give it time to take whatever it can
            with offload._exclusive("tf32"):
                finished.append("bench")
        worker.join(timeout=10)

    main = threading.Thread(target=bench_like, daemon=True)
    main.start()
    main.join(timeout=10)
    assert sorted(finished) == ["bench", "other"]


def test_the_fallback_warning_is_issued_once_across_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    issued: list[str] = []
    monkeypatch.setattr(offload.warnings, "warn", lambda message, *a, **k: issued.append(message))
    barrier = threading.Barrier(8)

    def worker() -> None:
        barrier.wait()
        for _ in range(50):
            offload._warn_once("race", "mm_offload: test")

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert issued == ["mm_offload: test"]


# --- on a GPU --------------------------------------------------------------------------------

GPU_TOLERANCE = {"fp32": 1e-5, "tf32": 5e-3, "bf16": 3e-2, "fp16": 1e-2}


@pytest.mark.cuda
@pytest.mark.parametrize("precision", PRECISIONS)
@pytest.mark.parametrize(
    ("shape", "chunks"),
    [
        ((1500, 1300, 1100), None),
        ((1500, 1300, 1100), 7),  # ragged row chunks, w whole
        ((1501, 999, 1203), (4, 3)),  # ragged both ways
        ((20_000, 96, 96), None),  # tall: below the intensity cut, so forced via offload_on_gpu
        ((96, 2000, 20_000), (1, 5)),  # wide
    ],
)
def test_gpu_pipeline_matches_float64(
    precision: str, shape: tuple[int, int, int], chunks: object
) -> None:
    m, k, n = shape
    for _ in range(2):  # fresh inputs every run, the second run reuses the pinned pool
        x, w = torch.randn(m, k), torch.randn(k, n)
        out = torch.full((m, n), float("nan"))  # poisoned: an unwritten tile shows
        offload.offload_on_gpu(x, w, precision=precision, chunks=chunks, out=out)  # type: ignore[arg-type]
        assert not out.isnan().any()
        assert rel_error(out, oracle(x, w)) < GPU_TOLERANCE[precision]


@pytest.mark.cuda
@pytest.mark.parametrize("dtype", [torch.float64, torch.float16, torch.bfloat16])
def test_gpu_pipeline_keeps_dtypes(dtype: torch.dtype) -> None:
    x, w = torch.randn(700, 600).to(dtype), torch.randn(600, 500).to(dtype)
    y = offload.offload_on_gpu(x, w, chunks=(3, 2))
    assert y.dtype == dtype
    assert rel_error(y, oracle(x, w)) < {torch.float64: 1e-12}.get(dtype, 2e-2)


@pytest.mark.cuda
def test_gpu_pinned_inputs_and_output_take_the_direct_path() -> None:
    x, w = torch.randn(2000, 1000).pin_memory(), torch.randn(1000, 1500).pin_memory()
    out = torch.full((2000, 1500), float("nan")).pin_memory()
    offload.offload_on_gpu(x, w, out=out)
    assert not out.isnan().any() and rel_error(out, oracle(x, w)) < 1e-5


@pytest.mark.cuda
def test_gpu_offload_from_two_threads() -> None:
    errors: list[float] = []

    def worker(seed: int) -> None:
        gen = torch.Generator().manual_seed(seed)
        for _ in range(3):
            x, w = torch.randn(1200, 900, generator=gen), torch.randn(900, 1100, generator=gen)
            out = torch.full((1200, 1100), float("nan"))
            mm_offload(x, w, out=out, chunks=(3, 2))
            errors.append(rel_error(out, oracle(x, w)))

    threads = [threading.Thread(target=worker, args=(s,)) for s in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errors) == 6 and max(errors) < 1e-5


@pytest.mark.cuda
def test_small_problems_stay_on_the_cpu_without_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = mm_offload(torch.ones(16, 16), torch.ones(16, 16))
    assert torch.equal(y, torch.full((16, 16), 16.0))


@pytest.mark.cuda
def test_gpu_tf32_switch_reaches_cublas_and_is_restored() -> None:
    # TF32 keeps 10 mantissa bits: its error is ~1e-4, IEEE float32's ~1e-6. So the errors show
    # which mode cuBLAS really ran in, on the pipeline's own streams.
    x, w = torch.randn(1024, 1024), torch.randn(1024, 1024)
    ref = oracle(x, w)
    matmul = torch.backends.cuda.matmul
    before = (getattr(matmul, "fp32_precision", None), matmul.allow_tf32)
    tf32 = rel_error(offload.offload_on_gpu(x, w, precision="tf32", chunks=(2, 2)), ref)
    ieee = rel_error(offload.offload_on_gpu(x, w, precision="fp32", chunks=(2, 2)), ref)
    assert ieee < 1e-5 < tf32 < 5e-3
    assert (getattr(matmul, "fp32_precision", None), matmul.allow_tf32) == before


@pytest.mark.cuda
@pytest.mark.parametrize("chunks", [(8, 8), (16, 1)])
def test_gpu_pipeline_with_random_delays_on_every_stream(chunks: tuple[int, int]) -> None:
    # Fresh inputs and a poisoned output catch a missing wait only if the GPU's timing exposes
    # it: a random sleep kernel (0 to ~1 ms) before each step on each stream reorders the work
    # as much as the events allow, so any missing or misdirected wait gives wrong values.
    import random

    from torch101.fast.pipeline import CudaOps, run_plan
    from torch101.fast.pool import staging_pool

    rng = random.Random(0)

    class Delayed(CudaOps):
        def run(self, stream: torch.cuda.Stream, fn: object) -> None:
            with torch.cuda.stream(stream):
                torch.cuda._sleep(rng.randint(0, 2_000_000))
            super().run(stream, fn)

    device = torch.device("cuda", torch.cuda.current_device())
    m, k, n = 2048, 512, 1024
    for _ in range(3):
        x, w = torch.randn(m, k), torch.randn(k, n)
        out = torch.full((m, n), float("nan"))
        plan = offload.plan_for(x, w, chunks=chunks)
        with offload._exclusive("fp32"), torch.no_grad(), torch.cuda.device(device):
            run_plan(plan, x, w, out, ops=Delayed(device), pool=staging_pool(), cast=None)
        assert not out.isnan().any()
        assert rel_error(out, oracle(x, w)) < GPU_TOLERANCE["fp32"]
