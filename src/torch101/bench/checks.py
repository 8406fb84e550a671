"""Plausibility checks from the data itself: a number that cannot be right is flagged, not printed.

- busy: other programs kept the timing's threads waiting for a core (interference.py);
- spread: the samples' IQR / median is above `SPREAD_BOUND`;
- launch gaps: device samples were not back to back (the host could not keep the GPU fed);
- above the ceiling: a rate above 100 % of a ceiling measured in the same run (a ceiling is
  the best sample of a large operation; a median cannot beat it on a quiet machine);
- out of order: in a sweep, a smaller problem slower than a larger one beyond the noise.

A flag goes into the row (`flags`: the reasons; `suspect`: the columns to mark), so the table
and the JSON carry it alike. report.py marks suspect cells with "!".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from torch101.bench.results import Ceiling, Result
from torch101.bench.timing import IDLE_BOUND, SPREAD_BOUND, Timing

__all__ = [
    "FLOOR_MARGIN",
    "ORDER_MARGIN",
    "flag",
    "flagged_rows",
    "out_of_order",
    "recheck_ceilings",
    "remeasure_out_of_order",
    "timing_flags",
]

ORDER_MARGIN = 1.10  # "slower beyond the noise": quartiles apart and medians 10 % apart
# A memory floor is 2 reads + 1 write at the copy (read+write) rate; pure reads can run a
# little faster than a copy's mix, so only a time well under the floor is impossible.
FLOOR_MARGIN = 0.90


def timing_flags(t: Timing) -> list[str]:
    """Why a timing's median should not be read as a plain number ([] if it can)."""
    reasons = []
    if t.busy and t.interference is not None:
        reasons.append(t.interference.describe())
    if t.stats.n > 2 and t.spread > SPREAD_BOUND:
        reasons.append(f"spread {t.spread:.0%} (IQR/median > {SPREAD_BOUND:.0%})")
    if t.idle is not None and t.idle > IDLE_BOUND:
        reasons.append(f"launch gaps (the GPU idled {t.idle:.0%} of the time between calls)")
    return reasons


def flag(row: dict[str, Any], reasons: Sequence[str], *columns: str) -> None:
    """Add reasons to a table row and mark its columns as suspect (no duplicates)."""
    if not reasons:
        return
    flags = row.setdefault("flags", [])
    for reason in reasons:  # one reason of each kind: the first "busy (...)" says enough
        if _kind(reason) not in map(_kind, flags):
            flags.append(reason)
    suspect = row.setdefault("suspect", [])
    suspect += [c for c in columns if c not in suspect]


def _kind(reason: str) -> str:
    """'busy (...)' and 'spread 40% (...)' are one kind each, whatever their numbers."""
    first = reason.split(" ")[0]
    return first if first in ("busy", "spread", "launch") else reason.split(" (")[0]


def out_of_order(sizes: Sequence[int], timings: Sequence[Timing]) -> dict[int, int]:
    """{index of a size: a larger size it is slower than, beyond the noise}.

    Beyond the noise: its first quartile is above the larger size's third quartile and its
    median more than ORDER_MARGIN times the larger one's. Work that grows with the size
    cannot honestly take longer at a smaller size.
    """
    found: dict[int, int] = {}
    for i, small in enumerate(timings):
        for j in range(i + 1, len(timings)):
            large = timings[j]
            if (
                small.stats.q1 > large.stats.q3
                and small.stats.median > ORDER_MARGIN * large.stats.median
            ):
                found[i] = sizes[j]
                break
    return found


def remeasure_out_of_order(
    sizes: Sequence[int], timings: list[Timing], measure: Callable[[int], Timing], *, tries: int = 2
) -> dict[int, int]:
    """Measure out-of-order sizes again (at most `tries` times each), keeping the faster
    median; return what is still out of order."""
    for _ in range(tries):
        wrong = out_of_order(sizes, timings)
        if not wrong:
            break
        for i in wrong:
            again = measure(sizes[i])
            if again.stats.median < timings[i].stats.median:
                timings[i] = again
    return out_of_order(sizes, timings)


def recheck_ceilings(
    results: Sequence[Result],
    ceilings: dict[str, Ceiling],
    measure: Callable[[str], Ceiling],
) -> list[str]:
    """Re-measure the ceilings that a row exceeds (or that were measured while busy), keep the
    best value, rescale the rows' fractions of it, and flag rows still above it.

    Rows name their ceiling in `ceiling` and hold the fraction as `pct` (percent) or `floor`
    (time / floor time; below FLOOR_MARGIN is faster than the floor can allow). Returns the
    ceilings re-measured.
    """
    suspects = {
        name
        for r in results
        for table in r.tables
        for row in table.rows
        if (name := row.get("ceiling")) in ceilings and _above(row)
    }
    suspects |= {n for n, c in ceilings.items() if c.timing is not None and timing_flags(c.timing)}
    for name in sorted(suspects):
        again = measure(name)
        if again.value > ceilings[name].value:
            ceilings[name] = again
    for r in results:
        for key, c in list(r.ceilings.items()):
            final = ceilings.get(key)
            if final is None or final is c:
                continue
            r.ceilings[key] = final
            for table in r.tables:
                for row in table.rows:
                    if row.get("ceiling") == key:
                        _rescale(row, c.value / final.value)
                    if row.get("floor_of") == key:  # a floor row: its time is the ceiling's
                        row["ms"] *= c.value / final.value
                        row["gbps"] = row["gbps"] * final.value / c.value
        for table in r.tables:
            for row in table.rows:
                if row.get("ceiling") in r.ceilings and _above(row):
                    c = r.ceilings[row["ceiling"]]
                    column = "pct" if row.get("pct") is not None else "floor"
                    flag(row, [f"above the {c.name} ceiling ({c.value:.3g} {c.unit})"], column)
    return sorted(suspects)


def _above(row: dict[str, Any]) -> bool:
    pct, floor = row.get("pct"), row.get("floor")
    return (pct is not None and pct > 100.0) or (floor is not None and floor < FLOOR_MARGIN)


def _rescale(row: dict[str, Any], factor: float) -> None:
    """A ceiling grew by 1 / factor: percentages shrink, 'x floor' ratios grow."""
    if row.get("pct") is not None:
        row["pct"] *= factor
    if row.get("floor") is not None:
        row["floor"] /= factor


def flagged_rows(result: Result) -> list[dict[str, Any]]:
    return [row for table in result.tables for row in table.rows if row.get("flags")]
