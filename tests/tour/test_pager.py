"""The tour's pager, as git does it: on a terminal the output goes through the pager; --no-pager,
a pipe, or an empty or 'cat' pager setting write it straight out; --next continues where the
learner stopped, with the state kept in the config folder."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

from torch101.tour import progress
from torch101.tour.pager import paged, pager_command
from torch101.tour.sections import section_names

from .test_terminal import _run_in_pty, _terminal_env


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_pager_is_used_only_on_a_terminal_and_when_not_switched_off():
    env = {"PAGER": "less"}
    if pager_command(_Tty(), environ=env) is None:
        pytest.skip("less is not installed")
    assert pager_command(_Tty(), environ=env)[0] == "less"
    assert pager_command(io.StringIO(), environ=env) is None  # a pipe or a file
    assert pager_command(_Tty(), no_pager=True, environ=env) is None  # --no-pager
    for off in ("", "cat", "no-such-pager-anywhere", "'unbalanced"):
        assert pager_command(_Tty(), environ={"PAGER": off}) is None, off
    assert pager_command(_Tty(), environ={"PAGER": "less", "TORCH101_PAGER": "cat"}) is None


def test_paged_without_a_pager_writes_to_the_stream_itself():
    stream = io.StringIO()
    with paged(None, stream) as out:
        out.write("hello\n")
    assert out is stream and stream.getvalue() == "hello\n"


def test_paged_feeds_the_pager_and_waits_for_it(tmp_path):
    target = tmp_path / "paged.txt"
    command = [sys.executable, "-c", f"import sys; open({str(target)!r}, 'w').write(sys.stdin.read())"]  # fmt: skip
    with paged(command, io.StringIO()) as out:
        out.write("line 1\nline 2\n")
    assert target.read_text() == "line 1\nline 2\n"  # written and closed before paged() returns


def test_a_pager_that_quits_early_ends_the_output_quietly():
    command = [sys.executable, "-c", "import sys; sys.stdin.readline()"]  # reads one line, quits
    with paged(command, io.StringIO()) as out:
        for _ in range(100_000):
            out.write("a long line of tour output\n")


def _pager_env(tmp_path: Path, **extra: str) -> tuple[dict[str, str], Path]:
    target = tmp_path / "pager-got.txt"
    pager = f"{sys.executable} -c \"import sys; open('{target}', 'w').write(sys.stdin.read())\""
    return _terminal_env(TORCH101_PAGER=pager, TORCH101_CONFIG_DIR=str(tmp_path), **extra), target


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_on_a_terminal_the_tour_goes_through_the_pager_in_colour(tmp_path):
    env, target = _pager_env(tmp_path)
    code, out = _run_in_pty("matrix", env=env)
    assert code == 0
    paged_text = target.read_text()
    assert "219" in paged_text and "\x1b[" in paged_text  # coloured for the terminal behind it
    assert "219" not in out


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_no_pager_on_a_terminal_writes_straight_to_it(tmp_path):
    env, target = _pager_env(tmp_path)
    code, out = _run_in_pty("matrix", "--no-pager", env=env)
    assert code == 0
    assert "219" in out and not target.exists()


def test_piped_output_has_no_pager(tour_main, capsys, monkeypatch, tmp_path):
    env, target = _pager_env(tmp_path)
    monkeypatch.setenv("TORCH101_PAGER", env["TORCH101_PAGER"])
    assert tour_main("matrix") == 0
    assert "219" in capsys.readouterr().out and not target.exists()


def test_next_walks_the_sections_in_order_and_starts_again_after_the_last(tour_main, capsys, monkeypatch, tmp_path):  # fmt: skip
    monkeypatch.setattr("torch101.tour.cli._show", lambda sections, **_: [progress.remember(s.name) for s in sections] and 0)  # fmt: skip
    names = section_names()
    assert progress.last_seen() is None
    for name in names[:3]:
        assert tour_main("--next") == 0
        assert progress.last_seen() == name
    assert f"next time: torch101 tour --next   ({names[3]}:" in capsys.readouterr().err
    progress.remember(names[-1])
    assert tour_main("--next") == 0
    assert "You have seen every section" in capsys.readouterr().err
    assert progress.last_seen() is None  # the next --next starts from the first again


def test_showing_a_section_records_it_in_the_config_folder(tour_main, capsys):
    assert tour_main("matrix") == 0
    path = progress.state_file()
    assert Path(os.environ["TORCH101_CONFIG_DIR"]) in path.parents
    assert json.loads(path.read_text()) == {"last": "matrix"}
    assert progress.following("matrix").name == section_names()[section_names().index("matrix") + 1]  # fmt: skip


def test_a_broken_state_file_means_from_the_start(tmp_path):
    env = {"TORCH101_CONFIG_DIR": str(tmp_path)}
    progress.state_file(env).write_text("{not json")
    assert progress.last_seen(env) is None
    progress.state_file(env).write_text(json.dumps({"last": "no-such-section"}))
    assert progress.last_seen(env) is None


def test_next_with_section_names_is_refused(tour_main, capsys):
    assert tour_main("--next", "matrix") == 2
    assert "--next picks the section itself" in capsys.readouterr().err


def test_without_an_override_the_state_lives_in_the_platforms_config_folder():
    import platformdirs

    path = progress.state_file({})
    assert path == Path(platformdirs.user_config_dir("torch101", appauthor=False)) / "tour.json"
