"""The `torch101` dispatcher: every command reports usage errors the same way."""

from __future__ import annotations

import pytest

from torch101.cli import main

# One bad invocation per command, each caught by torch101's own checks (not argparse's).
BAD = [
    (["grade", "does-not-exist.py"], "grade", "does not exist"),
    (["grade", "--cases", "0"], "grade", "--cases must be >= 1"),
    (["tour", "matrx"], "tour", "unknown section 'matrx'"),
    (["bench", "nosuch"], "bench", "unknown experiment nosuch"),
]


@pytest.mark.parametrize(("argv", "command", "words"), BAD, ids=[" ".join(b[0]) for b in BAD])
def test_usage_errors_share_one_prefix_and_exit_2(argv, command, words, capsys) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    first = captured.err.splitlines()[0]
    assert first.startswith(f"torch101 {command}: error: ") and words in first
    assert "Traceback" not in captured.err and captured.out == ""


def test_argparse_errors_use_the_same_prefix(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["solution", "--template", "2019"])
    assert exit_info.value.code == 2
    assert "torch101 solution: error: argument --template" in capsys.readouterr().err
