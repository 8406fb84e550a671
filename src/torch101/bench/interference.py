"""Did other programs slow this measurement down? Read while measuring, not guessed before.

Two readings bracket every timed block (outside the timed region):

- run delay (Linux `/proc/self/task/*/schedstat`, second field): how long this process's
  threads were ready to run but waited for a core. It is the direct cost of a busy
  neighbour: a 2-thread OpenMP op stalls whenever one of its threads waits.
- CPU time: this process's own (`time.process_time`) and the whole machine's
  (`/proc/stat`), so that other processes' use of the cores is known in cores.

A block is *disturbed* when its threads waited, on average, more than `WAIT_BOUND` of a core
during it; a timing is busy when more than a third of its blocks are. Where the kernel gives no run delay, a block is disturbed when other processes used
more cores than the run leaves free (CPUs - threads) plus `OTHERS_MARGIN`. A load threshold
that ignores what the run itself uses never fires on 2 cores with one busy neighbour.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

__all__ = [
    "OTHERS_MARGIN",
    "WAIT_BOUND",
    "Interference",
    "Probe",
    "Reading",
    "disturbed",
    "read_probe",
]

WAIT_BOUND = 0.10  # cores' worth of waiting per second of a block (10 % of one core)
OTHERS_MARGIN = 0.5  # cores other processes may use beyond the ones this run leaves free


class Reading(NamedTuple):
    """Cumulative counters at one instant (seconds); None where the system does not say."""

    wall: float
    own_cpu: float
    run_delay: float | None
    machine_busy: float | None  # CPU-seconds all processes have used (from /proc/stat)


Probe = Callable[[], Reading]


def _run_delay() -> float | None:
    total, seen = 0, False
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return None
    for task in tasks:
        try:
            fields = Path(f"/proc/self/task/{task}/schedstat").read_text().split()
        except OSError:  # a thread that just ended
            continue
        if len(fields) >= 2:
            total += int(fields[1])
            seen = True
    return total / 1e9 if seen else None


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _machine_busy() -> float | None:
    try:
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    if len(fields) < 5:
        return None
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / _TICK  # guest time is already in user time


def read_probe() -> Reading:
    """The real counters of this process and machine."""
    return Reading(time.perf_counter(), time.process_time(), _run_delay(), _machine_busy())


@dataclass(frozen=True)
class Interference:
    """What other work did to one timing: per-block waits, and CPU use over the whole run.

    waited: per block, the cores' worth of time this process's threads waited for a core
        (run delay / wall time); None where the kernel does not report run delay.
    own_cores: this process's CPU time / wall time over all blocks (at most `threads`).
    others_cores: other processes' CPU use over all blocks, in cores; None without /proc/stat.
    cpus, threads: the CPUs this process may use, and the torch threads it ran with.
    tries: how many times the timing was measured (re-measured while disturbed).
    """

    waited: tuple[float, ...] | None
    own_cores: float
    others_cores: float | None
    cpus: int
    threads: int
    tries: int = 1

    @property
    def disturbed_blocks(self) -> int:
        """Blocks slowed by waiting for a core (0 where run delay is unknown)."""
        return sum(w > WAIT_BOUND for w in self.waited or ())

    @property
    def free_cores(self) -> float:
        return max(self.cpus - self.threads, 0)

    @property
    def busy(self) -> bool:
        """More than a third of the blocks waited for a core: the median may be inflated.

        Without run delay: other processes used more cores than the run leaves free.
        """
        if self.waited is not None:
            return self.disturbed_blocks * 3 > len(self.waited)
        if self.others_cores is None:
            return False
        return self.others_cores > self.free_cores + OTHERS_MARGIN

    def describe(self) -> str:
        """A short reason, for a table's flags column."""
        parts = []
        if self.waited:
            parts.append(f"{self.disturbed_blocks}/{len(self.waited)} samples waited for a core")
        if self.others_cores is not None:
            parts.append(f"others used {self.others_cores:.1f} of {self.cpus} CPUs")
        return f"busy ({', '.join(parts)})" if parts else "busy"

    def to_dict(self) -> dict[str, Any]:
        return {
            "waited_cores": list(self.waited) if self.waited is not None else None,
            "own_cores": self.own_cores,
            "others_cores": self.others_cores,
            "cpus": self.cpus,
            "threads": self.threads,
            "tries": self.tries,
            "busy": self.busy,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Interference:
        waited = data.get("waited_cores")
        return cls(
            waited=tuple(waited) if waited is not None else None,
            own_cores=data["own_cores"],
            others_cores=data.get("others_cores"),
            cpus=data["cpus"],
            threads=data["threads"],
            tries=data.get("tries", 1),
        )


def cpus_available() -> int:
    """The CPUs this process may run on (its affinity mask), else the machine's count."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def disturbed(
    blocks: Sequence[tuple[Reading, Reading]], *, threads: int, cpus: int, tries: int = 1
) -> Interference:
    """Summarise the readings taken before and after each block."""
    if not blocks:
        raise ValueError("disturbed: argument 'blocks' must hold at least one pair, got none")
    wall = sum(after.wall - before.wall for before, after in blocks)
    own = sum(after.own_cpu - before.own_cpu for before, after in blocks)
    waited: tuple[float, ...] | None = None
    if all(b.run_delay is not None and a.run_delay is not None for b, a in blocks):
        waited = tuple(
            (a.run_delay - b.run_delay) / max(a.wall - b.wall, 1e-9)  # type: ignore[operator]
            for b, a in blocks
        )
    others = None
    if all(b.machine_busy is not None and a.machine_busy is not None for b, a in blocks):
        machine = sum(a.machine_busy - b.machine_busy for b, a in blocks)  # type: ignore[operator]
        others = max(machine - own, 0.0) / max(wall, 1e-9)
    return Interference(
        waited=waited,
        own_cores=own / max(wall, 1e-9),
        others_cores=others,
        cpus=cpus,
        threads=threads,
        tries=tries,
    )
