"""scripts/gpu_check.sh, dry run on the CPU: the plumbing the one GPU run depends on."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("timeout") is None,
                    reason="needs bash and coreutils' timeout")  # fmt: skip
def test_dry_run_on_the_cpu_merges_every_experiment(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "OUT": str(tmp_path),
        "PYTHON": sys.executable,
        "BENCH_ARGS": "--device cpu --quick",
        "EXPERIMENTS": "add:150 normalize:150",  # caps, not durations: room for a loaded machine
        "RUN_TESTS": "0",  # the test suite is what is running now
    }
    proc = subprocess.run(
        ["bash", str(ROOT / "scripts" / "gpu_check.sh")],
        env=env, capture_output=True, text=True, timeout=450,
    )  # fmt: skip
    times = (tmp_path / "times.txt").read_text()
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "bench add exit 0 (saved)" in times and "bench normalize exit 0 (saved)" in times
    assert "merged 2 experiments into bench.json" in times
    doc = json.loads((tmp_path / "bench.json").read_text())
    assert [r["name"] for r in doc["results"]] == ["add", "normalize"]
    assert "normalize_columns" in (tmp_path / "bench.md").read_text()
    runs = (tmp_path / "runs.txt").read_text()  # normalize reused add's copy ceiling
    assert runs.count("measuring ceiling: cpu_copy") == 1
    add, normalize = doc["results"]
    assert normalize["ceilings"]["cpu_copy"]["value"] == add["ceilings"]["cpu_copy"]["value"]
    assert "no sweeps to plot" in (tmp_path / "bench.txt").read_text()  # add, normalize: none
    assert (tmp_path / "gpu.txt").exists() and "summary" in (tmp_path / "bench.txt").read_text()
    assert {p.name for p in tmp_path.iterdir()} <= {
        "gpu.txt",
        "pytest.txt",
        "bench.json",
        "bench.txt",
        "bench.md",
        "bench.png",
        "runs.txt",
        "times.txt",
    }  # fmt: skip: the device tool brings back at most 8 files
