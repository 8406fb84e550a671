"""Execute an OffloadPlan: staged uploads, tile GEMMs and downloads overlapped on three streams.

    host:     stage x0 | stage w0 | stage x1 | drain tile . | stage w1 | ...
    copy:          H2D x0 | H2D w0 | H2D x1 |        H2D w1 | ...
    compute:                  mm(0,0)      | mm(1,0) |       mm(0,1) | mm(1,1) ...
    download:                        D2H(0,0)  |  D2H(1,0) |  ...

The host thread copies pageable pieces into pinned slots (a pinned source is uploaded as is),
then queues the upload, the GEMM and the download; it only blocks to reuse a slot whose last
copy has not finished, and to copy finished tiles out of pinned memory into `out`. Ordering
between streams is by events only. All device work goes through an `ops` object, so that tests
can run this exact schedule on the CPU under a lazy stream simulator.
"""

from __future__ import annotations

import threading
from collections import deque
from functools import partial
from typing import Any, Protocol

import torch

from torch101.fast.plan import OffloadPlan, Tile, Upload
from torch101.fast.pool import PinnedPool, as_view

__all__ = ["CudaOps", "Ops", "device_bytes", "run_plan", "slot_counts"]

IN_SLOTS = 2  # pinned upload buffers: one being filled by the host while one is on the bus
OUT_SLOTS = 3  # tiles in flight: computing, downloading, being copied out by the host


def slot_counts(plan: OffloadPlan, staged_uploads: int) -> tuple[int, int]:
    """Pinned upload slots and tile slots a run needs: never more than it has pieces and tiles
    (a one-tile plan pins and allocates one tile slot, not three)."""
    return min(IN_SLOTS, staged_uploads), min(OUT_SLOTS, len(plan.tiles))


def device_bytes(plan: OffloadPlan, itemsize: int, cast_itemsize: int = 0) -> int:
    """GPU memory run_plan allocates: x and w whole, the tile slots, and for a reduced
    precision the cast copies of x and w plus one tile-sized product in that dtype."""
    operands = plan.m * plan.k + plan.k * plan.n
    tile = max(map(plan.tile_elements, plan.tiles))
    _, out_slots = slot_counts(plan, 0)
    return (operands + out_slots * tile) * itemsize + (operands + tile) * cast_itemsize


class Ops(Protocol):
    def new_stream(self) -> Any: ...
    def new_event(self) -> Any: ...
    def join_current(self, stream: Any) -> None: ...
    def run(self, stream: Any, fn: Any) -> None: ...
    def record(self, event: Any, stream: Any) -> None: ...
    def wait(self, stream: Any, event: Any) -> None: ...
    def host_wait(self, event: Any) -> None: ...
    def empty(self, shape: tuple[int, ...], dtype: torch.dtype) -> torch.Tensor: ...
    def is_pinned(self, tensor: torch.Tensor) -> bool: ...
    def finish(self, streams: list[Any]) -> None: ...


_STREAMS: dict[int, list[torch.cuda.Stream]] = {}
_STREAMS_LOCK = threading.Lock()


def _device_streams(device: torch.device) -> list[torch.cuda.Stream]:
    """Three streams per device, made once. torch.cuda.Stream() draws from a pool of 32 in
    turn, and the caching allocator keeps freed blocks per stream (as cuBLAS keeps a workspace
    per stream), so fresh streams on every call would strand memory on up to 32 of them."""
    with _STREAMS_LOCK:
        if device.index not in _STREAMS:
            _STREAMS[device.index] = [torch.cuda.Stream(device=device) for _ in range(3)]
        return _STREAMS[device.index]


class CudaOps:
    """The real thing: CUDA streams and events on one device.

    The streams are the device's three (see _device_streams), so runs on one device must not
    overlap: mm_offload runs them one at a time.
    """

    def __init__(self, device: torch.device) -> None:
        self.device = device
        self._streams = iter(_device_streams(device))

    def new_stream(self) -> torch.cuda.Stream:
        return next(self._streams)

    def new_event(self) -> torch.cuda.Event:
        return torch.cuda.Event()

    def join_current(self, stream: torch.cuda.Stream) -> None:
        # Memory from the caching allocator may still be in use by work queued on the current
        # stream; our streams start after it.
        stream.wait_stream(torch.cuda.current_stream(self.device))

    def run(self, stream: torch.cuda.Stream, fn: Any) -> None:
        with torch.cuda.stream(stream):
            fn()

    def record(self, event: torch.cuda.Event, stream: torch.cuda.Stream) -> None:
        event.record(stream)

    def wait(self, stream: torch.cuda.Stream, event: torch.cuda.Event) -> None:
        stream.wait_event(event)

    def host_wait(self, event: torch.cuda.Event) -> None:
        event.synchronize()

    def empty(self, shape: tuple[int, ...], dtype: torch.dtype) -> torch.Tensor:
        return torch.empty(shape, dtype=dtype, device=self.device)

    def is_pinned(self, tensor: torch.Tensor) -> bool:
        return tensor.is_pinned()

    def finish(self, streams: list[torch.cuda.Stream]) -> None:
        for stream in streams:
            stream.synchronize()


def _copy(dst: torch.Tensor, src: torch.Tensor) -> None:
    dst.copy_(src, non_blocking=True)


def _tile_mm(
    a: torch.Tensor,
    b: torch.Tensor,
    out: torch.Tensor,
    cast: torch.dtype | None,
    casts: dict[tuple[str, int], torch.Tensor],
    row: int,
    col: int,
) -> None:
    if cast is None:
        torch.mm(a, b, out=out)
        return
    # Reduced precision: cast each piece once (on the compute stream), multiply, cast back.
    if ("x", row) not in casts:
        casts["x", row] = a.to(cast)
    if ("w", col) not in casts:
        casts["w", col] = b.to(cast)
    out.copy_(torch.mm(casts["x", row], casts["w", col]))


def run_plan(
    plan: OffloadPlan,
    x: torch.Tensor,
    w: torch.Tensor,
    out: torch.Tensor,
    *,
    ops: Ops,
    pool: PinnedPool,
    cast: torch.dtype | None = None,
) -> torch.Tensor:
    """Compute out = x @ w on the device of `ops` following `plan`; return `out` when complete.

    x (m, k), w (k, n) and out (m, n) are host tensors of one dtype. `cast` multiplies in
    another dtype (bf16, fp16). Blocks until every tile is in `out`.
    """
    pipe = _Pipeline(plan, x, w, out, ops=ops, cast=cast)
    with pool.lease(pipe.buffer_sizes()) as buffers:
        pipe.in_bufs, pipe.out_bufs = buffers[: pipe.n_in], buffers[pipe.n_in :]
        try:
            for step in plan.steps:
                if isinstance(step, Upload):
                    pipe.upload(step)
                else:
                    pipe.tile(step)
            while pipe.pending:
                pipe.drain()
        finally:
            ops.finish(pipe.streams)  # never hand pinned buffers back while a copy may read them
    return out


class _Pipeline:
    """The state of one run_plan call: device buffers, pinned slots and the events between them."""

    def __init__(
        self,
        plan: OffloadPlan,
        x: torch.Tensor,
        w: torch.Tensor,
        out: torch.Tensor,
        *,
        ops: Ops,
        cast: torch.dtype | None,
    ) -> None:
        self.plan, self.x, self.w, self.out, self.ops, self.cast = plan, x, w, out, ops, cast
        self.copy_s, self.compute_s, self.down_s = (ops.new_stream() for _ in range(3))
        self.streams = [self.copy_s, self.compute_s, self.down_s]
        staged = sum(not self.direct(self.host_piece(u)) for u in plan.uploads)
        self.n_in, self.n_out = slot_counts(plan, staged)
        self.x_dev = ops.empty((plan.m, plan.k), x.dtype)
        self.w_dev = [ops.empty((plan.k, c1 - c0), w.dtype) for c0, c1 in plan.cols]
        slot_elements = max(map(plan.tile_elements, plan.tiles))
        self.dev_out = [ops.empty((slot_elements,), out.dtype) for _ in range(self.n_out)]
        # Join after allocating: the device buffers come from the current stream, and a block
        # another thread freed there must be done with before the side streams write into it.
        # (Freeing is safe: finish() synchronises all three streams before they are dropped.)
        for stream in self.streams:
            ops.join_current(stream)
        self.in_bufs: list[torch.Tensor | None] = []
        self.out_bufs: list[torch.Tensor | None] = []
        self.uploaded: dict[tuple[str, int], Any] = {}  # (operand, index) -> event after H2D
        self.in_free: list[Any] = [None] * self.n_in  # event after the last H2D read the slot
        self.out_free: list[Any] = [None] * self.n_out  # event after the last D2H read the slot
        self.pending: deque[tuple[Any, torch.Tensor, torch.Tensor]] = deque()
        self.casts: dict[tuple[str, int], torch.Tensor] = {}
        self.staged = self.tiles = 0

    def host_piece(self, step: Upload) -> torch.Tensor:
        if step.operand == "x":
            return self.x[step.start : step.stop]
        return self.w[:, step.start : step.stop]

    def host_tile(self, tile: Tile) -> torch.Tensor:
        (r0, r1), (c0, c1) = self.plan.rows[tile.row], self.plan.cols[tile.col]
        return self.out[r0:r1, c0:c1]

    def direct(self, tensor: torch.Tensor) -> bool:
        """A pinned, contiguous host tensor is copied as is, without a staging copy."""
        return tensor.is_contiguous() and self.ops.is_pinned(tensor)

    def buffer_sizes(self) -> list[int]:
        plan, itemsize = self.plan, self.x.element_size()
        staged = [u for u in plan.uploads if not self.direct(self.host_piece(u))]
        drained = [t for t in plan.tiles if not self.direct(self.host_tile(t))]
        in_bytes = max((plan.piece_elements(u) * itemsize for u in staged), default=0)
        out_bytes = max((plan.tile_elements(t) * itemsize for t in drained), default=0)
        return [in_bytes] * self.n_in + [out_bytes] * self.n_out

    def upload(self, step: Upload) -> None:
        ops, src = self.ops, self.host_piece(step)
        dst = self.x_dev[step.start : step.stop] if step.operand == "x" else self.w_dev[step.index]
        slot = None
        if not self.direct(src):
            slot = self.staged % self.n_in
            self.staged += 1
            if self.in_free[slot] is not None:
                ops.host_wait(self.in_free[slot])  # the slot's previous upload has left it
            buffer = self.in_bufs[slot]
            assert buffer is not None
            pinned = as_view(buffer, src.dtype, src.shape)
            pinned.copy_(src)  # pageable -> pinned, on the host
            src = pinned
        ops.run(self.copy_s, partial(_copy, dst, src))
        done = ops.new_event()
        ops.record(done, self.copy_s)
        self.uploaded[step.operand, step.index] = done
        if slot is not None:
            self.in_free[slot] = done

    def tile(self, step: Tile) -> None:
        ops, plan = self.ops, self.plan
        (r0, r1), (c0, c1) = plan.rows[step.row], plan.cols[step.col]
        slot = self.tiles % self.n_out
        self.tiles += 1
        if len(self.pending) == self.n_out:
            self.drain()  # the oldest tile in flight holds this slot's pinned buffer
        ops.wait(self.compute_s, self.uploaded["x", step.row])
        ops.wait(self.compute_s, self.uploaded["w", step.col])
        if self.out_free[slot] is not None:
            ops.wait(self.compute_s, self.out_free[slot])  # the device slot was downloaded
        tile_dev = self.dev_out[slot][: (r1 - r0) * (c1 - c0)].view(r1 - r0, c1 - c0)
        a, b = self.x_dev[r0:r1], self.w_dev[step.col]
        mm = partial(_tile_mm, a, b, tile_dev, self.cast, self.casts, step.row, step.col)
        ops.run(self.compute_s, mm)
        computed = ops.new_event()
        ops.record(computed, self.compute_s)
        ops.wait(self.down_s, computed)
        target = self.host_tile(step)
        if self.direct(target):
            pinned = target
        else:
            buffer = self.out_bufs[slot]
            assert buffer is not None
            pinned = as_view(buffer, self.out.dtype, target.shape)
        ops.run(self.down_s, partial(_copy, pinned, tile_dev))
        downloaded = ops.new_event()
        ops.record(downloaded, self.down_s)
        self.out_free[slot] = downloaded
        self.pending.append((downloaded, pinned, target))

    def drain(self) -> None:
        """Wait for the oldest tile's download and copy it from pinned memory into `out`."""
        event, pinned, target = self.pending.popleft()
        self.ops.host_wait(event)
        if pinned is not target:
            target.copy_(pinned)  # pinned -> pageable, on the host
