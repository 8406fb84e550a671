"""timing.py: statistics against NumPy, the timing loops against a fake clock and fake events."""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from torch101.bench.interference import Interference, Reading
from torch101.bench.timing import (
    SPREAD_BOUND,
    Timing,
    TimingSpec,
    fresh_process,
    summarize,
    time_device,
    time_host,
    time_once,
)


class FakeClock:
    """Time only moves when the timed function says so."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class FakeProbe:
    """Counters that move with the fake clock: this process's threads wait `wait` cores' worth
    of time per second (run delay), other processes use `others` cores."""

    def __init__(self, clock: FakeClock, wait: float = 0.0, others: float = 0.0) -> None:
        self.clock, self.wait, self.others = clock, wait, others
        self.delay = self.busy = self.last = 0.0
        self.reads = 0

    def __call__(self) -> Reading:
        elapsed, self.last = self.clock.now - self.last, self.clock.now
        self.delay += self.wait * elapsed
        self.busy += (1.0 + self.others) * elapsed  # this process uses one core
        self.reads += 1
        return Reading(self.clock.now, self.clock.now, self.delay, self.busy)


def scripted(clock: FakeClock, durations: object) -> object:
    it = iter(durations)  # type: ignore[call-overload]
    calls: list[int] = []

    def fn() -> None:
        calls.append(torch.get_num_threads())
        clock.now += next(it)

    fn.calls = calls  # type: ignore[attr-defined]
    return fn


@given(st.lists(st.floats(1e-9, 1e3), min_size=1, max_size=60))
def test_summarize_matches_numpy(samples: list[float]) -> None:
    s = summarize(samples)
    q1, median, q3 = np.percentile(samples, [25, 50, 75])  # linear interpolation
    assert s.n == len(samples)
    assert s.median == pytest.approx(median, rel=1e-12)
    assert s.q1 == pytest.approx(q1, rel=1e-12) and s.q3 == pytest.approx(q3, rel=1e-12)
    assert s.iqr == pytest.approx(q3 - q1, rel=1e-9, abs=1e-12)
    assert (s.min, s.max) == (min(samples), max(samples))
    assert s.mean == pytest.approx(float(np.mean(samples)), rel=1e-12)


def test_summarize_small_cases() -> None:
    one = summarize([2.0])
    assert (one.n, one.median, one.q1, one.q3, one.iqr) == (1, 2.0, 2.0, 2.0, 0.0)
    s = summarize([4.0, 1.0, 3.0, 2.0])
    assert (s.median, s.q1, s.q3, s.min, s.max) == (2.5, 1.75, 3.25, 1.0, 4.0)
    with pytest.raises(ValueError, match="no samples"):
        summarize([])


def test_timing_round_trips_through_json() -> None:
    info = Interference(waited=(0.0, 0.5), own_cores=1.5, others_cores=0.75, cpus=2, threads=3)
    t = Timing(
        samples=(0.25, 0.5, 0.125), method="m", threads=3, calls_per_sample=10, interference=info
    )
    data = json.loads(json.dumps(t.to_dict()))
    assert data["interference"]["busy"] is True and data["interference"]["others_cores"] == 0.75
    assert data["samples_s"] == [0.25, 0.5, 0.125]
    assert data["stats_s"]["median"] == 0.25 and data["stats_s"]["n"] == 3
    assert Timing.from_dict(data) == t
    assert t.median_ms == 250.0 and t.iqr_ms == pytest.approx(187.5)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"warmup": 0},
        {"min_samples": 0},
        {"min_run_time": 0.0},
        {"min_run_time": 3.0, "max_run_time": 2.0},
    ],
)
def test_spec_rejects_nonsense(kwargs: dict) -> None:
    with pytest.raises(ValueError, match="TimingSpec"):
        TimingSpec(**kwargs)


def test_time_host_keeps_each_block_as_a_sample() -> None:
    clock = FakeClock()
    # cold warm-up 9 s (untimed), then a warm 1/8 s call -> budget clamp(5/8, 0.2, 2.0) =
    # 0.625 s, blocks of int(0.625/5/0.125) = 1 call; 0.625 s are timed after three samples,
    # but five are wanted and 2 s allow them.
    durations = [9.0, 0.125, 0.125, 0.375, 0.125, 0.25, 0.5, 99.0]
    fn = scripted(clock, durations)
    probe = FakeProbe(clock)
    spec = TimingSpec(warmup=1, min_samples=5, retries=0)  # spread 100 %: no second try
    t = time_host(fn, spec=spec, clock=clock, threads=1, probe=probe, cpus=2)
    assert t.samples == (0.125, 0.375, 0.125, 0.25, 0.5)
    assert t.calls_per_sample == 1 and t.threads == 1
    assert t.stats.median == 0.25 and t.stats.min == 0.125
    assert len(fn.calls) == 7  # warm-up, sizing call and five samples; 99 s was never run
    assert set(fn.calls) == {1}  # every call ran at the thread count asked for
    assert probe.reads == 10  # before and after each block, never inside one
    assert t.interference is not None and not t.busy and t.interference.tries == 1


def test_time_host_uses_torch_default_threads_and_restores_them() -> None:
    clock = FakeClock()
    before = torch.get_num_threads()
    t = time_host(scripted(clock, itertools.repeat(0.5)), clock=clock)
    assert t.threads == before == torch.get_num_threads()


def test_time_host_budget_caps_slow_calls() -> None:
    clock = FakeClock()
    fn = scripted(clock, itertools.repeat(3.0))
    spec = TimingSpec(min_samples=5, max_run_time=2.0)
    t = time_host(fn, spec=spec, clock=clock, probe=FakeProbe(clock))
    assert t.samples == (3.0,)  # one 3 s sample already exceeds the 2 s budget


def test_time_host_blocks_fast_calls() -> None:
    clock = FakeClock()
    step = 2.0**-20  # ~1 us
    t = time_host(
        scripted(clock, itertools.repeat(step)),
        clock=clock,
        spec=TimingSpec(min_run_time=0.01, max_run_time=0.01),
        probe=FakeProbe(clock),
    )
    assert t.calls_per_sample == math.ceil(0.01 / 5 / step)  # blocks of budget / min_samples
    assert len(t.samples) == 5 and all(s == pytest.approx(step) for s in t.samples)


class SyncingClock(FakeClock):
    """Each read costs 5 us, like perf_counter after torch.cuda.synchronize()."""

    def __call__(self) -> float:
        self.now += 5e-6
        return self.now


@pytest.mark.parametrize("step", [20e-6, 1e-3, 0.03])
def test_a_clock_that_synchronises_still_gives_several_accurate_samples(step: float) -> None:
    # Regression: blocked_autorange grew blocks until a 5 us clock read was 0.01 % of one
    # (50 ms), so a GPU machine's host timings came back as a single sample.
    clock = SyncingClock()
    spec = TimingSpec()
    fn = scripted(clock, itertools.repeat(step))
    t = time_host(fn, clock=clock, spec=spec, probe=FakeProbe(clock))
    assert len(t.samples) >= spec.min_samples
    assert t.stats.median == pytest.approx(step, rel=1e-3)


def test_blocks_are_sized_from_a_warm_call_not_the_cold_one() -> None:
    # A 5 ms cold first call (cuBLAS set-up, module loading) and 30 us warm calls, timed with
    # a clock that costs 10 us per read: sizing from the cold call made one-call blocks and a
    # median 1.33x too high.
    class SlowSync(FakeClock):
        def __call__(self) -> float:
            self.now += 10e-6
            return self.now

    clock = SlowSync()
    fn = scripted(clock, itertools.chain([5e-3], itertools.repeat(30e-6)))
    t = time_host(fn, clock=clock, probe=FakeProbe(clock))
    assert t.calls_per_sample > 100
    assert t.stats.median == pytest.approx(30e-6, rel=0.01)


def test_a_disturbed_timing_is_measured_again_and_the_clean_try_kept() -> None:
    clock = FakeClock()
    probe = FakeProbe(clock, wait=0.8)  # threads wait 0.8 of a core per second: a neighbour
    durations = iter([0.2] * 8)  # warm-up, sizing and the first try's blocks: slow

    def fn() -> None:
        clock.now += next(durations, 0.1)
        if clock.now > 1.6:  # the neighbour leaves during the second try
            probe.wait = 0.0

    spec = TimingSpec(min_samples=3, min_run_time=0.3, max_run_time=1.0, retries=2)
    t = time_host(fn, spec=spec, clock=clock, probe=probe, threads=1, cpus=2)
    assert t.interference is not None and t.interference.tries == 2
    assert not t.busy and t.stats.median == pytest.approx(0.1)


def test_retries_are_bounded_and_a_busy_result_says_so() -> None:
    clock = FakeClock()
    fn = scripted(clock, itertools.repeat(0.125))  # binary fractions: exact block arithmetic
    spec = TimingSpec(min_samples=3, min_run_time=0.375, max_run_time=1.0, retries=2)
    t = time_host(fn, spec=spec, clock=clock, probe=FakeProbe(clock, wait=0.5), cpus=2)
    assert t.busy and t.interference.tries == 3
    assert len(fn.calls) == 2 + 3 * 3  # warm-up, sizing, three tries of three one-call blocks
    assert t.interference.waited == pytest.approx([0.5] * 3)


def test_a_too_wide_spread_is_measured_again() -> None:
    clock = FakeClock()
    fn = scripted(clock, itertools.chain([0.1, 0.1], [0.1, 0.5, 0.1, 0.5], itertools.repeat(0.1)))
    spec = TimingSpec(min_samples=4, min_run_time=0.4, max_run_time=2.0, retries=1)
    t = time_host(fn, spec=spec, clock=clock, probe=FakeProbe(clock))
    assert t.interference.tries == 2 and t.spread == 0.0 < SPREAD_BOUND


class FakeEvent:
    def __init__(self, clock: FakeClock) -> None:
        self.clock, self.at = clock, None

    def record(self) -> None:
        self.at = self.clock.now

    def elapsed_time(self, end: FakeEvent) -> float:
        return (end.at - self.at) * 1e3  # milliseconds, like torch.cuda.Event


def test_time_device_pairs_events_around_each_call() -> None:
    clock = FakeClock()
    syncs: list[float] = []
    delays: list[tuple[float, int]] = []
    fn = scripted(clock, [9.0, 0.125, 0.25, 0.5, 0.125, 77.0])
    t = time_device(
        fn,
        spec=TimingSpec(warmup=1, min_samples=3, min_run_time=0.2, max_run_time=2.0),
        event=lambda: FakeEvent(clock),
        synchronize=lambda: syncs.append(clock.now),
        delay=lambda seconds: delays.append((seconds, len(fn.calls))),
        host_clock=lambda: 0.0,  # enqueueing looks instant: the 20 us per call minimum holds
    )
    # warm-up 9 s (untimed), estimate 1/8 s -> max(0.2 / 0.125, 3) = 3 samples
    assert t.samples == (0.25, 0.5, 0.125)
    assert len(syncs) == 2 and "CUDA events" in t.method
    assert delays == [(1.5 * 3 * 20e-6, 2)]  # once, after warm-up and estimate, before samples
    assert t.idle == 0.0  # back to back


def test_the_sleep_covers_the_measured_enqueue_time_and_gaps_are_flagged() -> None:
    from torch101.bench.checks import timing_flags
    from torch101.bench.timing import IDLE_BOUND, MAX_SLEEP

    class GapEvent(FakeEvent):
        """Each start record comes `gap` after the previous end: the GPU waited for the host."""

        gap = 0.0

        def record(self) -> None:
            self.clock.now += self.gap
            super().record()

    clock = FakeClock()
    host = iter([0.0, 0.0001])  # the estimate call took the host 100 us to enqueue
    delays: list[float] = []
    GapEvent.gap = 0.002
    t = time_device(
        scripted(clock, itertools.repeat(0.01)),
        spec=TimingSpec(min_samples=5, min_run_time=0.05, max_run_time=1.0),
        event=lambda: GapEvent(clock),
        synchronize=lambda: None,
        delay=delays.append,
        host_clock=lambda: next(host),
    )
    n = t.stats.n
    assert delays == [pytest.approx(min(1.5 * n * 1e-4, MAX_SLEEP))]  # from the host's pace
    assert t.idle is not None and t.idle > IDLE_BOUND
    assert any(f.startswith("launch gaps") for f in timing_flags(t))
    assert Timing.from_dict(json.loads(json.dumps(t.to_dict()))).idle == t.idle


def test_time_device_respects_the_budget() -> None:
    clock = FakeClock()
    fn = scripted(clock, itertools.repeat(1.0))
    t = time_device(
        fn,
        spec=TimingSpec(min_samples=5, max_run_time=2.0),
        event=lambda: FakeEvent(clock),
        synchronize=lambda: None,
        delay=lambda seconds: None,
    )
    assert t.samples == (1.0, 1.0)


def test_time_once_is_one_cold_sample() -> None:
    clock = FakeClock()
    t = time_once(scripted(clock, [0.75]), clock=clock, probe=FakeProbe(clock, others=2.0), cpus=2)
    assert t.samples == (0.75,) and t.stats.n == 1
    assert t.interference.others_cores == pytest.approx(2.0)
    assert t.interference.waited == (0.0,) and not t.busy  # others ran, but nobody waited


def test_fresh_process_times_stages_in_new_interpreters() -> None:
    body = """
    import os
    with stage("a"):
        total = sum(range(1000))
    with stage("b"):
        pass
    result["total"] = total
    result["pid"] = os.getpid()
    """
    timings, results = fresh_process(body, repeats=2)
    assert sorted(timings) == ["a", "b"]
    assert timings["a"].stats.n == 2 and all(s >= 0 for s in timings["a"].samples)
    assert [r["total"] for r in results] == [499500, 499500]
    assert results[0]["pid"] != results[1]["pid"]
    info = timings["a"].interference  # what other programs did, read in the child
    assert info is not None and info.own_cores >= 0 and info.threads == torch.get_num_threads()
    assert info.waited is None or len(info.waited) == 2  # one reading pair per process


def test_fresh_process_can_import_this_torch101() -> None:
    _, results = fresh_process("import torch101\nresult['v'] = torch101.__version__")
    import torch101

    assert results == [{"v": torch101.__version__}]


def test_fresh_process_reports_a_failing_child() -> None:
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        fresh_process("1 / 0")


def test_a_spread_nobody_disturbed_is_tried_once_more_only() -> None:
    clock = FakeClock()
    fn = scripted(clock, itertools.chain([0.125, 0.125], itertools.cycle([0.125, 0.5])))
    spec = TimingSpec(min_samples=4, min_run_time=0.5, max_run_time=2.0, retries=2)
    t = time_host(fn, spec=spec, clock=clock, probe=FakeProbe(clock))
    assert t.interference.tries == 2 and t.spread > SPREAD_BOUND and not t.busy
