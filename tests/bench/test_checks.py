"""checks.py: implausible numbers are found from the data and flagged, never shown plain."""

from __future__ import annotations

import pytest

from torch101.bench.checks import (
    flag,
    flagged_rows,
    out_of_order,
    recheck_ceilings,
    remeasure_out_of_order,
    timing_flags,
)
from torch101.bench.interference import Interference
from torch101.bench.results import Ceiling, Column, Result, Table
from torch101.bench.timing import SPREAD_BOUND, Timing


def timing(*samples: float, busy: bool = False) -> Timing:
    info = Interference(
        waited=(0.5,) * len(samples) if busy else (0.0,) * len(samples),
        own_cores=1.0, others_cores=1.0 if busy else 0.0, cpus=2, threads=2,
    )  # fmt: skip
    return Timing(samples=samples, method="fake", threads=2, interference=info)


def test_timing_flags_name_busy_and_spread() -> None:
    assert timing_flags(timing(1.0, 1.0, 1.1)) == []
    (busy,) = timing_flags(timing(1.0, 1.0, 1.1, busy=True))
    assert busy == "busy (3/3 samples waited for a core, others used 1.0 of 2 CPUs)"
    (spread,) = timing_flags(timing(1.0, 2.0, 3.0))
    assert spread == f"spread 50% (IQR/median > {SPREAD_BOUND:.0%})"
    assert timing_flags(timing(1.0, 3.0)) == []  # two samples say nothing about spread


def test_flag_adds_reasons_and_columns_once() -> None:
    row: dict = {}
    flag(row, ["a"], "ms")
    flag(row, ["a", "b"], "ms", "pct")
    flag(row, [], "never")
    assert row == {"flags": ["a", "b"], "suspect": ["ms", "pct"]}


@pytest.mark.parametrize(
    ("medians", "expected"),
    [
        ([1.0, 2.0, 4.0], {}),
        ([5.0, 2.0, 4.0], {0: 2}),  # the smallest size slower than the middle one
        ([1.0, 4.6, 4.0], {1: 4}),
        ([1.0, 4.2, 4.0], {}),  # 5 % slower: within the noise margin
    ],
)
def test_out_of_order_finds_smaller_sizes_slower_beyond_the_noise(
    medians: list[float], expected: dict
) -> None:
    timings = [timing(m * 0.99, m, m * 1.01) for m in medians]
    assert out_of_order([1, 2, 4], timings) == expected


def test_overlapping_quartiles_are_noise_not_disorder() -> None:
    assert out_of_order([1, 2], [timing(1.0, 5.0, 9.0), timing(3.0, 4.0, 5.0)]) == {}


def test_out_of_order_sizes_are_measured_again_a_bounded_number_of_times() -> None:
    sizes = [64, 256, 1024]
    timings = [timing(9.0, 9.0, 9.0), timing(2.0, 2.0, 2.0), timing(8.0, 8.0, 8.0)]
    calls: list[int] = []

    def fixed(n: int) -> Timing:  # the size-64 point is quick once the neighbour is gone
        calls.append(n)
        return timing(0.5, 0.5, 0.5)

    assert remeasure_out_of_order(sizes, timings, fixed) == {}
    assert calls == [64] and timings[0].stats.median == 0.5

    stuck = [timing(9.0, 9.0, 9.0), timing(2.0, 2.0, 2.0)]
    calls.clear()
    left = remeasure_out_of_order([64, 256], stuck, lambda n: calls.append(n) or timing(9, 9, 9))
    assert left == {0: 256} and calls == [64, 64]  # two tries, then it stays flagged


def result_with(pct: float, ceiling: Ceiling) -> Result:
    table = Table("t", [Column("pct", "%", "pct")], [{"pct": pct, "ceiling": "cpu_copy"}])
    return Result("add", "Add", "box", ceilings={"cpu_copy": ceiling}, tables=[table])


def test_a_row_above_its_ceiling_remeasures_the_ceiling_and_keeps_the_best() -> None:
    low = Ceiling("CPU memory copy", 10.0, "GB/s", "copy")
    result = result_with(127.0, low)
    ceilings = {"cpu_copy": low}
    measured: list[str] = []

    def measure(name: str) -> Ceiling:
        measured.append(name)
        return Ceiling("CPU memory copy", 16.0, "GB/s", "copy")

    assert recheck_ceilings([result], ceilings, measure) == ["cpu_copy"]
    row = result.tables[0].rows[0]
    assert row["pct"] == pytest.approx(127.0 * 10 / 16) and "flags" not in row
    assert result.ceilings["cpu_copy"].value == 16.0 == ceilings["cpu_copy"].value


def test_a_row_still_above_the_best_ceiling_is_flagged() -> None:
    ceiling = Ceiling("CPU memory copy", 10.0, "GB/s", "copy")
    result = result_with(135.0, ceiling)
    lower = Ceiling("CPU memory copy", 9.0, "GB/s", "copy")  # worse: the first value is kept
    recheck_ceilings([result], {"cpu_copy": ceiling}, lambda name: lower)
    row = result.tables[0].rows[0]
    assert row["pct"] == 135.0 and row["suspect"] == ["pct"]
    assert row["flags"] == ["above the CPU memory copy ceiling (10 GB/s)"]
    assert flagged_rows(result) == [row]


def test_rows_within_their_ceilings_measure_nothing_again() -> None:
    ceiling = Ceiling("CPU memory copy", 10.0, "GB/s", "copy")
    result = result_with(80.0, ceiling)

    def measure(name: str) -> Ceiling:
        raise AssertionError("nothing to re-measure")

    assert recheck_ceilings([result], {"cpu_copy": ceiling}, measure) == []
    assert flagged_rows(result) == []


def test_faster_than_the_floor_is_above_the_ceiling_too() -> None:
    ceiling = Ceiling("CPU memory copy", 10.0, "GB/s", "copy")
    rows = [{"floor": 0.8, "ceiling": "cpu_copy"}, {"ms": 1.0, "gbps": 30.0, "floor": 1.0,
                                                    "floor_of": "cpu_copy"}]  # fmt: skip
    result = Result("normalize", "N", "box", ceilings={"cpu_copy": ceiling},
                    tables=[Table("t", [Column("floor", "x floor", "x")], rows)])  # fmt: skip
    recheck_ceilings([result], {"cpu_copy": ceiling}, lambda n: Ceiling("c", 20.0, "GB/s", "c"))
    assert rows[0]["floor"] == pytest.approx(1.6) and "flags" not in rows[0]
    assert rows[1]["ms"] == pytest.approx(0.5) and rows[1]["gbps"] == pytest.approx(60.0)


def test_one_reason_of_each_kind_per_row() -> None:
    row: dict = {}
    flag(row, ["busy (others used 1.2 of 2 CPUs)"], "ms")
    flag(row, ["busy (others used 1.9 of 2 CPUs)", "spread 40% (IQR/median > 25%)"], "gbps")
    flag(row, ["spread 90% (IQR/median > 25%)", "bmm slower than at B=8"], "bmm")
    assert row["flags"] == ["busy (others used 1.2 of 2 CPUs)", "spread 40% (IQR/median > 25%)",
                            "bmm slower than at B=8"]  # fmt: skip
    assert row["suspect"] == ["ms", "gbps", "bmm"]


def test_a_little_under_the_floor_is_allowed_well_under_is_flagged() -> None:
    from torch101.bench.checks import FLOOR_MARGIN

    ceiling = Ceiling("GPU memory copy", 4000.0, "GB/s", "copy")
    rows = [
        {"floor": 0.95, "ceiling": "gpu_copy"},
        {"floor": FLOOR_MARGIN - 0.05, "ceiling": "gpu_copy"},
    ]
    result = Result("normalize", "N", "box", ceilings={"gpu_copy": ceiling},
                    tables=[Table("t", [Column("floor", "x floor", "x")], rows)])  # fmt: skip
    recheck_ceilings([result], {"gpu_copy": ceiling}, lambda name: ceiling)
    assert "flags" not in rows[0]  # reads can beat a copy's rate a little
    assert rows[1]["suspect"] == ["floor"]
