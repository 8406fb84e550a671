"""Colour on a terminal, plain text otherwise: the choice, and both renderings."""

from __future__ import annotations

import io
import os
import select
import subprocess
import sys

import pytest

from torch101.tour.model import Section, step
from torch101.tour.runner import StepResult
from torch101.tour.terminal import PlainRenderer, RichRenderer, make_renderer, wants_plain

MM = "tensor([[19., 22.],\n        [43., 50.]])"


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


SECTION = Section("matrix", "Tensor operations", "Matrix operations", "Products.", ())
RESULT = StepResult(step("print(x.mm(y))", "`mm` multiplies matrices."), MM + "\n")


def test_wants_plain_follows_no_color_force_color_and_the_tty():
    assert wants_plain(io.StringIO(), {}) is True
    assert wants_plain(FakeTerminal(), {}) is False
    assert wants_plain(FakeTerminal(), {"NO_COLOR": "1"}) is True
    assert wants_plain(FakeTerminal(), {"NO_COLOR": ""}) is False  # empty means unset
    assert wants_plain(io.StringIO(), {"FORCE_COLOR": "1"}) is False
    assert wants_plain(FakeTerminal(), {"NO_COLOR": "1", "FORCE_COLOR": "1"}) is True


def test_make_renderer_picks_by_stream_and_flag(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert isinstance(make_renderer(stream=io.StringIO()), PlainRenderer)
    assert isinstance(make_renderer(stream=FakeTerminal()), RichRenderer)
    assert isinstance(make_renderer(stream=FakeTerminal(), plain=True), PlainRenderer)
    monkeypatch.setenv("NO_COLOR", "1")
    assert isinstance(make_renderer(stream=FakeTerminal()), PlainRenderer)


def test_plain_rendering_keeps_the_exact_repr_and_never_splits_a_code_span():
    stream = io.StringIO()
    renderer = PlainRenderer(stream)
    renderer.section(SECTION, 1, 1)
    long_note = "word " * 14 + "`x = x + y` rebinds the name x while `x += y` writes in place."
    renderer.step(1, StepResult(step("print(x.mm(y))", long_note), MM + "\n"))
    text = stream.getvalue()
    assert "Tensor operations / Matrix operations" in text
    assert MM in text
    note_lines = text[text.index("Note: ") :].splitlines()
    assert len(note_lines) >= 2
    for line in note_lines:
        assert line.count("`") % 2 == 0, line


def test_rich_rendering_colours_code_and_output():
    stream = FakeTerminal()
    renderer = RichRenderer(stream)
    renderer.section(SECTION, 1, 1)
    renderer.step(1, RESULT)
    text = stream.getvalue()
    assert "\x1b[" in text
    assert "Matrix operations" in text and "In [1]" in text and "Out" in text


def _run_in_pty(*args: str, env: dict[str, str]) -> tuple[int, str]:
    """Run `python -m torch101.tour ARGS` with stdout on a pseudo-terminal, as a learner does."""
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "torch101.tour", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        env=env,
    )
    os.close(slave)
    chunks = []
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 60)
            if not ready:
                proc.kill()
                raise AssertionError("torch101 tour did not finish within 60 s")
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
    returncode = proc.wait(timeout=60)
    return returncode, b"".join(chunks).decode().replace("\r\n", "\n")


def _terminal_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    # No pager unless a test asks for one (test_pager.py): its output is the terminal's.
    env.update({"TERM": "xterm-256color", "COLUMNS": "100", "TORCH101_PAGER": "", **extra})
    return env


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_on_a_terminal_the_tour_is_coloured():
    code, out = _run_in_pty("matrix", env=_terminal_env())
    assert code == 0
    assert "\x1b[" in out
    assert "219" in out and "Traceback" not in out


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_on_a_terminal_no_color_gives_plain_text_with_exact_reprs(blog):
    code, out = _run_in_pty("matrix", env=_terminal_env(NO_COLOR="1"))
    assert code == 0
    assert "\x1b[" not in out
    for key in ("dot", "dot_2d_error", "mm", "mv", "mm_column"):
        assert blog[key] in out, key


@pytest.mark.parametrize(("columns", "expected"), [("50", 50), ("200", 88), ("10", 40)])
def test_plain_rendering_follows_columns_within_bounds(columns, expected, monkeypatch):
    monkeypatch.setenv("COLUMNS", columns)
    stream = io.StringIO()
    renderer = PlainRenderer(stream)
    renderer.section(SECTION, 1, 1)
    renderer.step(1, StepResult(step("y = x", "word " * 60), ""))
    lines = stream.getvalue().splitlines()
    assert lines[0] == "=" * expected
    note = lines[lines.index(next(line for line in lines if line.startswith("Note: "))) :]
    assert max(len(line) for line in note) <= expected
    assert max(len(line) for line in note) > expected - 6  # filled, not just short
