"""A lazy simulator of CUDA streams and events, to run mm_offload's pipeline on the CPU.

Three schedules, each one CUDA could legally pick:
- "lazy": queued work runs only when the host has to wait for it (an event synchronize or the
  final finish). A missing cross-stream wait then runs a consumer before its producer (it reads
  NaN-poisoned "device" memory), and a host write into a pinned buffer before the copy that
  reads it corrupts the data.
- "eager": work runs as soon as it is queued. A pinned buffer reused before the host copied
  its previous contents out is then overwritten too early.
- "random": after every call, a random stream advances a random number of steps.
Every bug shows as wrong output, which the tests compare against a float64 oracle.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

import torch


@dataclass(eq=False)
class SimStream:
    name: str
    queue: list[tuple[str, object]] = field(default_factory=list)
    done: int = 0


@dataclass(eq=False)
class SimEvent:
    mark: tuple[SimStream, int] | None = None  # the stream and queue length at the last record


class SimOps:
    """Implements torch101.fast.pipeline.Ops with lazily executed CPU work."""

    def __init__(
        self,
        *,
        schedule: str = "lazy",
        seed: int = 0,
        pinned: Callable[[torch.Tensor], bool] = lambda t: False,
    ) -> None:
        assert schedule in ("lazy", "eager", "random")
        self.schedule = schedule
        self.streams: list[SimStream] = []
        self._pinned = pinned
        self._rng = random.Random(seed)
        self.ran: list[str] = []  # names of streams in the order their work ran

    def _tick(self, stream: SimStream) -> None:
        if self.schedule == "eager":
            self._advance(stream, len(stream.queue))
        elif self.schedule == "random" and self.streams:
            other = self._rng.choice(self.streams)
            self._advance(other, min(len(other.queue), other.done + self._rng.randint(0, 3)))

    def new_stream(self) -> SimStream:
        stream = SimStream(f"s{len(self.streams)}")
        self.streams.append(stream)
        return stream

    def new_event(self) -> SimEvent:
        return SimEvent()

    def join_current(self, stream: SimStream) -> None:
        pass  # no work is pending on the simulated current stream

    def run(self, stream: SimStream, fn: Callable[[], None]) -> None:
        stream.queue.append(("run", fn))
        self._tick(stream)

    def record(self, event: SimEvent, stream: SimStream) -> None:
        event.mark = (stream, len(stream.queue))

    def wait(self, stream: SimStream, event: SimEvent) -> None:
        if event.mark is not None:
            stream.queue.append(("wait", event.mark))
        self._tick(stream)

    def host_wait(self, event: SimEvent) -> None:
        if event.mark is not None:
            self._advance(*event.mark)

    def empty(self, shape: tuple[int, ...], dtype: torch.dtype) -> torch.Tensor:
        # Poisoned "device" memory: anything read before it was written shows.
        return torch.full(shape, float("nan"), dtype=dtype)

    def is_pinned(self, tensor: torch.Tensor) -> bool:
        return self._pinned(tensor)

    def finish(self, streams: list[SimStream]) -> None:
        for stream in streams:
            self._advance(stream, len(stream.queue))

    def _advance(self, stream: SimStream, upto: int) -> None:
        while stream.done < upto:
            kind, arg = stream.queue[stream.done]
            stream.done += 1
            if kind == "wait":
                self._advance(*arg)  # type: ignore[misc]
            else:
                self.ran.append(stream.name)
                arg()  # type: ignore[operator]
