"""mm_offload's stream pipeline, run on the CPU under a simulator of CUDA streams and events.

The schedule code is the production code (torch101.fast.pipeline.run_plan); only the device is
simulated (fast_sim.SimOps). The oracle is NumPy in float64.
"""

from __future__ import annotations

import zlib

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from torch101.fast import pipeline
from torch101.fast.pipeline import run_plan
from torch101.fast.plan import plan_offload
from torch101.fast.pool import PinnedPool

from .fast_sim import SimOps

SCHEDULES = ("lazy", "eager", "random")
TOLERANCE = {torch.float64: 1e-12, torch.float32: 1e-5, torch.float16: 4e-3, torch.bfloat16: 3e-2}


def cpu_pool() -> PinnedPool:
    return PinnedPool(allocate=lambda n: torch.empty(n, dtype=torch.uint8))


def oracle(x: torch.Tensor, w: torch.Tensor) -> np.ndarray:
    return x.double().numpy() @ w.double().numpy()


def rel_error(y: torch.Tensor, ref: np.ndarray) -> float:
    got = y.double().numpy()
    return float(np.linalg.norm(got - ref) / max(np.linalg.norm(ref), 1e-300))


def run(
    x: torch.Tensor,
    w: torch.Tensor,
    *,
    chunks: object = None,
    schedule: str = "lazy",
    seed: int = 0,
    cast: torch.dtype | None = None,
    pinned: object = lambda t: False,
    ops: SimOps | None = None,
    pool: PinnedPool | None = None,
) -> torch.Tensor:
    m, k, n = x.shape[0], x.shape[1], w.shape[1]
    out = torch.full((m, n), float("nan"), dtype=x.dtype)  # poisoned: unwritten tiles show
    plan = plan_offload(m, k, n, itemsize=x.element_size(), chunks=chunks)  # type: ignore[arg-type]
    ops = ops or SimOps(schedule=schedule, seed=seed, pinned=pinned)  # type: ignore[arg-type]
    result = run_plan(plan, x, w, out, ops=ops, pool=pool or cpu_pool(), cast=cast)
    assert result is out
    return out


SHAPES = [(1, 1, 1), (37, 19, 23), (300, 3, 2), (2, 3, 300), (64, 64, 64)]
CHUNKS = [None, 1, 4, (3, 2), (5, 7), (1000, 1000)]


@pytest.mark.parametrize("schedule", SCHEDULES)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("chunks", CHUNKS)
def test_matches_float64_oracle(schedule: str, shape: tuple[int, int, int], chunks: object) -> None:
    m, k, n = shape
    gen = torch.Generator().manual_seed(zlib.crc32(f"{schedule}{shape}{chunks}".encode()))
    x, w = torch.randn(m, k, generator=gen), torch.randn(k, n, generator=gen)
    x0, w0 = x.clone(), w.clone()
    y = run(x, w, chunks=chunks, schedule=schedule)
    assert not y.isnan().any()
    assert rel_error(y, oracle(x, w)) < TOLERANCE[torch.float32]
    assert torch.equal(x, x0) and torch.equal(w, w0)


@pytest.mark.parametrize("dtype", [torch.float64, torch.float16, torch.bfloat16])
@pytest.mark.parametrize("schedule", SCHEDULES)
def test_dtypes_are_kept(dtype: torch.dtype, schedule: str) -> None:
    x, w = torch.randn(45, 30).to(dtype), torch.randn(30, 17).to(dtype)
    y = run(x, w, chunks=(4, 3), schedule=schedule)
    assert y.dtype == dtype
    assert rel_error(y, oracle(x, w)) < TOLERANCE[dtype]


@pytest.mark.parametrize("cast", [torch.bfloat16, torch.float16])
@pytest.mark.parametrize("schedule", SCHEDULES)
def test_reduced_precision_casts_once_and_returns_float32(cast: torch.dtype, schedule: str) -> None:
    x, w = torch.randn(50, 40), torch.randn(40, 30)
    y = run(x, w, chunks=(3, 3), schedule=schedule, cast=cast)
    assert y.dtype == torch.float32
    err = rel_error(y, oracle(x, w))
    assert 0 < err < TOLERANCE[cast]  # rounded to the narrow dtype, so not exact either


@pytest.mark.parametrize("schedule", SCHEDULES)
@pytest.mark.parametrize("which", ["x", "w", "out", "all"])
def test_pinned_operands_skip_staging(schedule: str, which: str) -> None:
    x, w = torch.randn(40, 20), torch.randn(20, 30)
    m, n = 40, 30
    out = torch.full((m, n), float("nan"))
    pinned_ptrs = {"x": {x.data_ptr()}, "w": {w.data_ptr()}, "out": {out.data_ptr()}}
    chosen = set().union(*pinned_ptrs.values()) if which == "all" else pinned_ptrs[which]

    def pinned(t: torch.Tensor) -> bool:
        return t.untyped_storage().data_ptr() in chosen

    plan = plan_offload(m, 20, n, itemsize=4, chunks=4)  # w whole, so its one piece is direct
    pool = cpu_pool()
    run_plan(plan, x, w, out, ops=SimOps(schedule=schedule, pinned=pinned), pool=pool)
    assert rel_error(out, oracle(x, w)) < 1e-5
    # Pinned slots only for what is staged: x pinned leaves one staged upload (w, whole), so one
    # in slot; 4 tiles need 3 out slots unless out is pinned.
    expected_buffers = {"x": 1 + 3, "w": 2 + 3, "out": 2, "all": 0}[which]
    assert pool.allocations == expected_buffers


@settings(max_examples=60, deadline=None)
@given(
    m=st.integers(1, 40),
    k=st.integers(1, 12),
    n=st.integers(1, 40),
    chunks=st.one_of(
        st.none(), st.integers(1, 12), st.tuples(st.integers(1, 9), st.integers(1, 9))
    ),
    seed=st.integers(0, 2**16),
    transposed=st.booleans(),
)
def test_random_schedules_and_layouts(
    m: int, k: int, n: int, chunks: object, seed: int, transposed: bool
) -> None:
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(k, m, generator=gen).t() if transposed else torch.randn(m, k, generator=gen)
    w = torch.randn(k, n, generator=gen)
    y = run(x, w, chunks=chunks, schedule="random", seed=seed)
    assert rel_error(y, oracle(x, w)) < 1e-5


def test_pool_buffers_are_reused_on_the_next_call() -> None:
    pool = cpu_pool()
    x, w = torch.randn(60, 30), torch.randn(30, 50)
    run(x, w, chunks=(3, 2), pool=pool)
    first = pool.allocations
    run(torch.randn(60, 30), torch.randn(30, 50), chunks=(3, 2), pool=pool)
    assert pool.allocations == first == 5


@pytest.mark.parametrize("schedule", SCHEDULES)
@pytest.mark.parametrize(
    ("chunks", "in_slots", "out_slots"), [(1, 2, 1), (2, 2, 2), ((1, 2), 2, 2), (4, 2, 3)]
)
def test_slots_are_never_more_than_pieces_and_tiles(
    schedule: str, chunks: object, in_slots: int, out_slots: int
) -> None:
    # Regression: every run pinned 2 upload and 3 tile buffers of the largest size, so one
    # 10000^3 tile (chunks=1) pinned 3 x 400 MB for the output and kept 3 on the GPU.
    pool = cpu_pool()
    ops = SimOps(schedule=schedule)
    x, w = torch.randn(40, 20), torch.randn(20, 30)
    empty = ops.empty
    device: list[int] = []
    ops.empty = lambda shape, dtype: device.append(int(np.prod(shape))) or empty(shape, dtype)  # type: ignore[method-assign]
    y = run(x, w, chunks=chunks, ops=ops, pool=pool)
    assert rel_error(y, oracle(x, w)) < 1e-5
    plan = plan_offload(40, 20, 30, itemsize=4, chunks=chunks)  # type: ignore[arg-type]
    tile = max(map(plan.tile_elements, plan.tiles))
    assert pool.allocations == in_slots + out_slots
    assert device == [40 * 20, *(20 * (c1 - c0) for c0, c1 in plan.cols), *[tile] * out_slots]
    assert pipeline.device_bytes(plan, 4) == 4 * sum(device)


def test_device_bytes_counts_casts() -> None:
    plan = plan_offload(100, 50, 80, itemsize=4, chunks=(2, 2))  # 4 tiles of 50 x 40
    operands, tile = 100 * 50 + 50 * 80, 50 * 40
    assert pipeline.device_bytes(plan, 4) == 4 * (operands + 3 * tile)
    assert pipeline.device_bytes(plan, 4, 2) == 4 * (operands + 3 * tile) + 2 * (operands + tile)


# The simulator must be able to see the bugs it is there to catch: break the pipeline's
# synchronisation on purpose and check that the result goes wrong.


class NoCrossStreamWaits(SimOps):
    def wait(self, stream: object, event: object) -> None:
        pass


class NoHostWaits(SimOps):
    def host_wait(self, event: object) -> None:
        pass


@pytest.mark.parametrize("broken", [NoCrossStreamWaits, NoHostWaits])
def test_the_simulator_catches_missing_synchronisation(broken: type[SimOps]) -> None:
    x, w = torch.randn(40, 20), torch.randn(20, 30)
    ops = broken(schedule="lazy")
    out = torch.full((40, 30), float("nan"))
    plan = plan_offload(40, 20, 30, itemsize=4, chunks=(4, 3))
    pool = cpu_pool()
    # Finishing the streams at the end runs everything still queued, but too late or in the
    # wrong order: either NaN was read from "device" memory or a pinned slot was overwritten.
    run_plan(plan, x, w, out, ops=ops, pool=pool)
    assert out.isnan().any() or rel_error(out, oracle(x, w)) > 1e-3


class RecordsOrder(SimOps):
    """Records when device buffers are allocated and when side streams join the caller's."""

    def __init__(self, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.log: list[str] = []

    def join_current(self, stream: object) -> None:
        self.log.append("join")
        super().join_current(stream)  # type: ignore[arg-type]

    def empty(self, shape: tuple[int, ...], dtype: torch.dtype) -> torch.Tensor:
        self.log.append("alloc")
        return super().empty(shape, dtype)


def test_side_streams_join_after_the_device_buffers_are_allocated() -> None:
    # A block another thread freed on the current stream may still be in use there: the
    # side streams must wait for the current stream's work as of after our allocations.
    ops = RecordsOrder(schedule="eager")
    x, w = torch.randn(40, 30), torch.randn(30, 20)
    y = run(x, w, chunks=(2, 2), ops=ops)
    assert not y.isnan().any()
    joins = [i for i, entry in enumerate(ops.log) if entry == "join"]
    first_allocs = ops.log.index("join")
    assert len(joins) == 3 and joins == list(range(first_allocs, first_allocs + 3))
    assert ops.log[:first_allocs] and set(ops.log[:first_allocs]) == {"alloc"}
