"""`torch101 grade --watch`: a save triggers a re-grade (changed functions first, then the
rest), a burst of saves is graded once, a syntax error waits for the next save, a save during a
grading abandons it for the newest text, and stopping (or Ctrl-C) leaves no process behind."""

from __future__ import annotations

import ast
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from torch101.grader.cli import add_arguments, run
from torch101.grader.report.watch_view import Frame, progress, render
from torch101.grader.watch.changes import changed_functions, fingerprints
from torch101.grader.watch.cli import watch_target
from torch101.grader.watch.watcher import Watcher
from torch101.reference.blank import STUB_LINE, blank_source

from .inprocess import InProcessSession

SAMPLE = "x = torch.zeros(3, 2)\n    x[0, 1] = 10\n    x[1, 0] = 100\n    return x"
PI = "return torch.full((M, N), 3.14)"


def _implement(source: str, name: str, body: str) -> str:
    head = source.index(f"def {name}(")
    stub = source.index(STUB_LINE, head)
    return source[:stub] + body + source[stub + len(STUB_LINE) :]


def test_fingerprints_follow_code_helpers_and_module_level_not_lines_or_comments():
    base = (
        "import torch\ndef h():\n    return 1\ndef f():\n    return h()\ndef g():\n    return 2\n"
    )
    before = fingerprints(ast.parse(base))
    moved = fingerprints(ast.parse("# a comment\n\n" + base.replace("return 2", "return 2  # two")))
    assert changed_functions(before, moved) == set()
    assert changed_functions(before, fingerprints(ast.parse(base.replace("return 2", "return 3")))) == {"g"}  # fmt: skip
    assert changed_functions(before, fingerprints(ast.parse(base.replace("return 1", "return 0")))) == {"h", "f"}  # fmt: skip
    assert changed_functions(before, fingerprints(ast.parse(base.replace("import torch", "import math")))) == {"f", "g", "h"}  # fmt: skip
    passed_on = "def h(v):\n    return v\ndef f(xs):\n    return list(map(h, xs))\n"
    assert changed_functions(fingerprints(ast.parse(passed_on)), fingerprints(ast.parse(passed_on.replace("return v", "return -v")))) == {"h", "f"}  # fmt: skip


class _Screen:
    """Collects the frames; waits (bounded, never asserted on time) for one that matches."""

    def __init__(self) -> None:
        self.frames: list[Frame] = []
        self.cond = threading.Condition()

    def __call__(self, frame: Frame) -> None:
        with self.cond:
            self.frames.append(frame)
            self.cond.notify_all()

    def wait_for(self, test, after: int = 0, timeout: float = 120.0) -> Frame:
        with self.cond:
            ok = self.cond.wait_for(lambda: any(test(f) for f in self.frames[after:]), timeout)
            assert ok, [(f.status, f.error) for f in self.frames]
            return next(f for f in self.frames[after:] if test(f))


def _status(frame: Frame, name: str) -> str:
    return next(f.status for f in frame.results if f.name == name)


def _settled(frame: Frame) -> bool:
    return frame.status.endswith("(Ctrl-C to stop)") or bool(frame.error)


@pytest.fixture
def watching(tmp_path):
    path = tmp_path / "pytorch101.py"
    path.write_text(blank_source("2022"))
    screen = _Screen()
    started: list[Watcher] = []

    def start(**kwargs) -> Watcher:
        watcher = Watcher(path, draw=screen, cases=3, session_factory=InProcessSession, **kwargs)
        thread = threading.Thread(target=watcher.run, daemon=True)
        watcher.thread = thread
        thread.start()
        started.append(watcher)
        screen.wait_for(_settled)
        return watcher

    yield path, screen, start
    for watcher in started:
        watcher.stop.set()
        watcher.thread.join(timeout=60)
        assert not watcher.thread.is_alive()


def test_a_save_regrades_the_changed_function_first_then_the_rest(watching):
    path, screen, start = watching
    watcher = start()
    assert watcher.batches == [()]  # the first grading: everything at once
    assert progress(screen.frames[-1].results) == "0 of 20 pass; next: create_sample_tensor"
    seen = len(screen.frames)
    path.write_text(_implement(blank_source("2022"), "create_sample_tensor", SAMPLE))
    first = screen.wait_for(lambda f: f.stale, after=seen)
    assert _status(first, "create_sample_tensor") == "pass"
    assert "create_sample_tensor" not in first.stale and len(first.stale) == 19
    done = screen.wait_for(lambda f: _settled(f) and not f.stale, after=seen)
    assert progress(done.results) == "1 of 20 pass; next: mutate_tensor"
    assert watcher.batches[1] == ("create_sample_tensor",) and len(watcher.batches[2]) == 19


def test_a_burst_of_saves_is_graded_once_after_a_short_quiet_time(tmp_path):
    path = tmp_path / "pytorch101.py"
    path.write_text(blank_source("2022"))
    screen = _Screen()
    watcher = Watcher(path, draw=screen, cases=3, session_factory=InProcessSession)
    # No periodic look during the test: only the events of the burst may trigger a grading.
    thread = threading.Thread(target=watcher.run, kwargs={"quiet_ms": 300, "look_ms": 600_000}, daemon=True)  # fmt: skip
    thread.start()
    try:
        screen.wait_for(_settled)
        seen = len(screen.frames)
        source = blank_source("2022")
        for k in range(5):  # an editor that writes several times per save
            text = _implement(source, "create_sample_tensor", SAMPLE + f"  # {k}")
            tmp = path.with_suffix(".tmp")
            tmp.write_text(text)
            os.replace(tmp, path)  # an atomic save, as many editors do it
        screen.wait_for(lambda f: _settled(f) and _status(f, "create_sample_tensor") == "pass", after=seen)  # fmt: skip
        assert watcher.batches[1:] == [("create_sample_tensor",), watcher.batches[2]]
    finally:
        watcher.stop.set()
        thread.join(timeout=60)
    assert not thread.is_alive()


def test_a_syntax_error_shows_its_line_and_waits_for_the_next_save(watching):
    path, screen, start = watching
    start()
    seen = len(screen.frames)
    path.write_text(blank_source("2022").replace("def hello() -> None:", "def hello( -> None:"))
    broken = screen.wait_for(lambda f: bool(f.error), after=seen)
    assert "SyntaxError" in broken.error and ", line " in broken.error
    seen = len(screen.frames)
    path.write_text(_implement(blank_source("2022"), "create_sample_tensor", SAMPLE))
    fixed = screen.wait_for(lambda f: _settled(f) and not f.error, after=seen)
    assert _status(fixed, "create_sample_tensor") == "pass"


def test_a_save_during_a_grading_abandons_it_for_the_newest_text(tmp_path):
    path = tmp_path / "pytorch101.py"
    blank = blank_source("2022")
    path.write_text(_implement(blank, "create_sample_tensor", SAMPLE))
    newest = _implement(_implement(blank, "create_sample_tensor", SAMPLE), "create_tensor_of_pi", PI)  # fmt: skip
    saved = []

    def session(submission, *, limits=None):
        if not saved:  # the learner saves while the first grading runs its first call
            saved.append(True)
            path.write_text(newest)
            os.utime(path, ns=(1, 1))  # a different mtime even on a coarse clock
        return InProcessSession(submission, limits=limits)

    frames: list[Frame] = []
    watcher = Watcher(path, draw=frames.append, cases=3, session_factory=session)
    try:
        assert watcher.grade_once()
    finally:
        watcher.close()
    assert len(frames) == 1  # the abandoned grading drew nothing
    assert _status(frames[0], "create_tensor_of_pi") == "pass"
    assert watcher.last_source == newest


def test_the_view_is_compact_and_points_to_the_lesson():
    from rich.console import Console

    from torch101.grader.report.result import FunctionResult

    flip = FunctionResult("reverse_rows", "fail", 0, 1, messages=["x"], summary="line 12: torch.flip is not allowed", tour="integer-indexing", lesson="An integer-array index takes positions.")  # fmt: skip
    wrong = FunctionResult("shuffle_cols", "fail", 0, 1, messages=["x"], summary="3 of 8 cases failed: the output is wrong at index [0, 1]", tour="integer-indexing")  # fmt: skip
    results = [FunctionResult("create_sample_tensor", "pass", 1, 1), flip, wrong]
    console = Console(width=100, record=True, color_system=None)
    console.print(render(Frame("pytorch101.py", "2022", results, status="watching"), 100))
    text = console.export_text()
    assert "1 of 3 pass; next: reverse_rows" in text
    assert "learn (reverse_rows): torch101 tour integer-indexing" in text and "takes positions" in text  # fmt: skip
    assert "line 12: torch.flip is not allowed" in text
    assert "3/8 failed: the output is wrong at index [0, 1]" in text  # one line per function
    assert len(text.splitlines()) == 10
    # The function the learner just edited gets the lesson line while it fails, not the next one.
    focused = Frame("pytorch101.py", "2022", results, status="watching", focus="shuffle_cols")
    console = Console(width=100, record=True, color_system=None)
    console.print(render(focused, 100))
    assert "learn (shuffle_cols): torch101 tour integer-indexing" in console.export_text()


def _cli(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return run(parser.parse_args(argv))


def test_cli_refuses_watch_with_outputs_and_a_missing_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _cli(["--watch", "--json", "r.json"]) == 2
    assert "--watch re-grades one file in the terminal; it cannot go with --json" in capsys.readouterr().err  # fmt: skip
    assert _cli(["--watch"]) == 2
    assert "'pytorch101.py' does not exist; write a blank one with `torch101 start" in capsys.readouterr().err  # fmt: skip
    assert watch_target(str(tmp_path))[0] is None  # a folder without pytorch101.py
    assert "needs a .py file" in watch_target("sub.zip")[1]


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_ctrl_c_stops_the_command_and_leaves_no_process_behind(tmp_path):
    path = tmp_path / "pytorch101.py"
    path.write_text(_implement(blank_source("2022"), "create_sample_tensor", SAMPLE))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "COLUMNS": "120"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "torch101", "grade", "--watch", str(path), "--cases", "3"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    try:
        lines = iter(proc.stdout.readline, "")
        assert any("(Ctrl-C to stop)" in line for line in lines)
        path.write_text(_implement(path.read_text(), "create_tensor_of_pi", PI))
        assert any("graded create_tensor_of_pi in" in line for line in lines)
        assert any("(Ctrl-C to stop)" in line for line in lines)
        spawned = _descendants(proc.pid)
        assert spawned  # the fork server (and its workers) run while watching
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 0
        assert "stopped watching" in proc.stderr.read()
        for _ in range(100):
            if not any(_alive(pid) for pid in spawned):
                break
            threading.Event().wait(0.1)
        assert not [pid for pid in spawned if _alive(pid)]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
