"""interference.py: when a measurement counts as disturbed, from readings taken around blocks."""

from __future__ import annotations

import os
import sys

import pytest

from torch101.bench.interference import (
    OTHERS_MARGIN,
    WAIT_BOUND,
    Interference,
    Reading,
    disturbed,
    read_probe,
)


def block(seconds: float, *, waited: float | None, others: float | None, own: float = 1.0):
    """Readings before and after a block of `seconds` in which threads waited `waited` cores."""
    before = Reading(
        0.0, 0.0, 0.0 if waited is not None else None, 0.0 if others is not None else None
    )
    after = Reading(
        seconds,
        own * seconds,
        None if waited is None else waited * seconds,
        None if others is None else (own + others) * seconds,
    )
    return before, after


def test_run_delay_decides_block_by_block() -> None:
    blocks = [block(0.1, waited=0.5, others=1.0)] * 2 + [block(0.1, waited=0.0, others=1.0)] * 6
    info = disturbed(blocks, threads=2, cpus=2)
    assert info.waited == pytest.approx([0.5, 0.5] + [0.0] * 6)
    assert info.disturbed_blocks == 2 and not info.busy  # 2 of 8: the median is clean
    info = disturbed(blocks[:2] + blocks[2:4], threads=2, cpus=2)
    assert info.busy and info.describe().startswith(
        "busy (2/4 samples waited for a core, others used 1.0"
    )
    assert info.others_cores == pytest.approx(1.0) and info.own_cores == pytest.approx(1.0)
    one_of_three = blocks[:1] + blocks[2:4]  # the median sample is a clean one
    assert not disturbed(one_of_three, threads=2, cpus=2).busy


def test_a_wait_just_under_the_bound_is_not_a_disturbance() -> None:
    info = disturbed([block(0.2, waited=WAIT_BOUND * 0.9, others=0.0)], threads=1, cpus=1)
    assert info.disturbed_blocks == 0 and not info.busy


@pytest.mark.parametrize(
    ("threads", "others", "busy"),
    [
        (2, OTHERS_MARGIN + 0.1, True),  # 2 threads on 2 CPUs: any neighbour above the margin
        (2, OTHERS_MARGIN - 0.1, False),
        (1, 1.4, False),  # 1 thread leaves a CPU free: one busy neighbour fits beside it
        (1, 1.6, True),
    ],
)
def test_without_run_delay_others_are_compared_with_the_cores_left_free(
    threads: int, others: float, busy: bool
) -> None:
    info = disturbed([block(0.5, waited=None, others=others)], threads=threads, cpus=2)
    assert info.waited is None and info.busy is busy


def test_nothing_known_is_not_busy_and_no_blocks_is_an_error() -> None:
    assert not disturbed([block(0.5, waited=None, others=None)], threads=2, cpus=2).busy
    with pytest.raises(ValueError, match="disturbed: argument 'blocks'"):
        disturbed([], threads=1, cpus=1)


def test_round_trip() -> None:
    info = Interference(
        waited=(0.2, 0.0), own_cores=1.0, others_cores=None, cpus=4, threads=2, tries=3
    )
    assert Interference.from_dict(info.to_dict()) == info


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_real_readings_count_up() -> None:
    first = read_probe()
    sum(i * i for i in range(200_000))  # some CPU time of our own
    second = read_probe()
    assert second.wall > first.wall and second.own_cpu > first.own_cpu
    if os.path.exists("/proc/self/schedstat"):
        assert first.run_delay is not None and second.run_delay >= first.run_delay
    if os.path.exists("/proc/stat"):
        assert second.machine_busy >= first.machine_busy
