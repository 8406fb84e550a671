"""SIGINT, SIGTERM and SIGHUP sent to the parent of a class run alone (as `timeout`, a CI runner
or a closed SSH session do) end every process it started and keep what was graded.

The processes are counted in /proc: the run's whole tree is listed just before the signal, and
every one of them must be gone afterwards (also the fork servers, which start a session of their
own, and the multiprocessing resource tracker).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc to count processes")]  # fmt: skip

ROOT = Path(__file__).resolve().parents[2]


def _stat(pid: int) -> tuple[int, str] | None:
    """(parent pid, start time) of a live process, None when it is gone (or a zombie)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    if fields[0] == "Z":
        return None
    return int(fields[1]), fields[19]


def _tree(root: int) -> dict[int, str]:
    """Every live descendant of `root` (and root), with its start time: pid reuse is told apart."""
    parents: dict[int, tuple[int, str]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (info := _stat(int(entry))):
            parents[int(entry)] = info
    tree: dict[int, str] = {root: parents[root][1]} if root in parents else {}
    grew = True
    while grew:
        grew = False
        for pid, (ppid, start) in parents.items():
            if pid not in tree and ppid in tree:
                tree[pid] = start
                grew = True
    return tree


def _alive(tree: dict[int, str]) -> list[str]:
    out = []
    for pid, start in tree.items():
        info = _stat(pid)
        if info is not None and info[1] == start:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")  # fmt: skip
            out.append(f"{pid}: {cmd[:120]}")
    return out


@pytest.fixture(scope="module")
def klass(tmp_path_factory) -> Path:
    from torch101.reference.export import solution_source

    root = tmp_path_factory.mktemp("signals") / "class"
    source = solution_source("2022")
    for k in range(40):
        path = root / f"s{k:02d}" / "pytorch101.py"
        path.parent.mkdir(parents=True)
        path.write_text(source)
    return root


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)], ids=["SIGTERM", "SIGHUP", "SIGINT"])  # fmt: skip
def test_a_stop_signal_ends_every_process_and_keeps_the_results(klass, tmp_path, sig, code):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = tmp_path / "out" / "summary.csv"
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": str(ROOT / "src")}
    log = (tmp_path / "stderr.txt").open("w")  # a file: a pipe would be held open by leftovers
    proc = subprocess.Popen(
        [sys.executable, "-m", "torch101", "grade", str(klass), "--out", str(out), "--jobs", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,  # so that only the parent gets the signal, as from `kill`
    )
    try:
        deadline = time.monotonic() + 120
        tree: dict[int, str] = {}
        while time.monotonic() < deadline:  # wait until students are graded and workers run
            tree = _tree(proc.pid)
            zygotes = [p for p in tree if b"zygote" in Path(f"/proc/{p}/cmdline").read_bytes()]  # fmt: skip
            if out.with_suffix(".json").exists() and len(zygotes) >= 2:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the class run did not get going in 120 s")
        tree = _tree(proc.pid)
        assert len(tree) >= 6  # parent, tracker, 2 job processes, their fork servers, workers
        proc.send_signal(sig)
        returned = proc.wait(timeout=30)
        gone_by = time.monotonic() + 10  # generous for a busy machine; typically well under 2 s
        while _alive(tree) and time.monotonic() < gone_by:
            time.sleep(0.1)
        assert _alive(tree) == []
        assert returned == code
    finally:
        for line in _alive(tree):  # leave nothing behind, whatever the outcome
            os.kill(int(line.split(":")[0]), signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        log.close()
    stderr = (tmp_path / "stderr.txt").read_text()
    summary = json.loads(out.with_suffix(".json").read_text())
    assert summary["complete"] is False and summary["interrupted"] == sig.name
    assert 1 <= summary["counts"]["graded"] < 40 and summary["counts"]["total"] == 40
    assert all(s["score"] == s["max_score"] == 20.0 for s in summary["students"])  # finished ones
    assert f"interrupted by {sig.name}" in stderr
    assert sorted(p.name for p in tmp.iterdir()) == []  # no temporary folder left behind
