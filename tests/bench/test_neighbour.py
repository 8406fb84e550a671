"""A real busy neighbour: a process spinning on one core while the bench measures.

The fake-clock tests check the bookkeeping; this one checks that real interference is seen.
It cannot check that a quiet machine gives no flags (the machine running the tests may be
busy); it checks that rows disturbed by a neighbour are flagged, in the table and the JSON.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time

import pytest
import torch
from rich.console import Console

from torch101.bench import ceilings
from torch101.bench.context import Context
from torch101.bench.experiments import crossover
from torch101.bench.interference import cpus_available
from torch101.bench.results import Ceiling, Result
from torch101.bench.timing import TimingSpec

# Spins on one core, and ends by itself after 60 s should the test be killed before its finally.
NEIGHBOUR = """
import os, sys, time
os.sched_setaffinity(0, {int(sys.argv[1])})
print("spinning", flush=True)
end = time.monotonic() + 60
while time.monotonic() < end:
    pass
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pins a process to a core")
def test_rows_measured_beside_a_busy_neighbour_are_flagged() -> None:
    import os

    core = min(os.sched_getaffinity(0))
    neighbour = subprocess.Popen(
        [sys.executable, "-c", NEIGHBOUR, str(core)], stdout=subprocess.PIPE, text=True
    )
    threads = torch.get_num_threads()
    try:
        assert neighbour.stdout is not None and neighbour.stdout.readline() == "spinning\n"
        time.sleep(0.2)  # let it take its core
        torch.set_num_threads(cpus_available())  # every core: one of them is the neighbour's
        ctx = Context(cuda=False, why_no_cuda="test", quick=True, machine="test box",
                      console=Console(file=io.StringIO()))  # fmt: skip
        ctx.ceilings = {name: Ceiling(name, 10.0, "unit", "fake") for name in ceilings.NAMES}
        spec = TimingSpec(min_samples=3, min_run_time=0.05, max_run_time=0.3, retries=1)
        started = time.monotonic()
        result = crossover.run(ctx, crossover.Params(sizes=(256, 512), spec=spec))
        assert neighbour.poll() is None, "the neighbour ended before the measurement did"
    finally:
        torch.set_num_threads(threads)
        neighbour.kill()
        neighbour.wait(timeout=10)
    assert time.monotonic() - started < 60  # retries are bounded
    rows = result.tables[0].rows
    # Multi-threaded matmuls: every row shares a core with the neighbour, so none may be printed
    # as a plain number. Which flag says so depends on how the scheduler shared the core: the
    # threads' waits ("busy") or, when the waits fell between samples, the samples' spread.
    for row in rows:
        assert any(f.startswith(("busy", "spread")) for f in row.get("flags", ())), row
        assert {"cpu", "gflops"} <= set(row["suspect"])
    for n in (256, 512):
        info = result.timings[f"CPU n={n}"].interference
        assert info is not None and 1 <= info.tries <= 2  # re-measured, within the stated bound
    saved = json.loads(json.dumps(result.to_dict()))
    assert Result.from_dict(saved).tables[0].rows[0]["flags"] == rows[0]["flags"]
    first = result.timings["CPU n=256"].interference
    assert saved["timings"]["CPU n=256"]["interference"]["tries"] == first.tries
