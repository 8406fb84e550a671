"""`torch101 grade`: exit codes 0/1/2, the table, --json, and the reference as the main job.

The worker session is the in-process stand-in here (fast); test_end_to_end.py runs the command
through the real sandbox.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from torch101.cli import main
from torch101.grader import runner

from . import CORPUS
from .inprocess import InProcessSession


@pytest.fixture(autouse=True)
def in_process(monkeypatch):
    monkeypatch.setattr(runner, "_default_session", InProcessSession)


def test_no_path_grades_the_reference_and_says_how_to_grade_your_own(capsys):
    assert main(["grade", "--cases", "3"]) == 0
    out = capsys.readouterr().out
    assert "bundled reference solution (2022 template)" in out
    assert "Total: 20 / 20" in out  # mm_on_gpu counts, on an emulated GPU without CUDA
    assert "torch101 grade path/to/pytorch101.py" in out


def test_a_wrong_submission_exits_1_and_writes_the_json(tmp_path, capsys):
    report = tmp_path / "report.json"
    path = CORPUS / "wrong" / "normalize_columns__biased_std.py"
    code = main(["grade", str(path), "--only", "normalize_columns", "--json", str(report), "--seed", "3"])  # fmt: skip
    assert code == 1
    data = json.loads(report.read_text())
    assert data["template"] == "2022" and data["seed"] == 3
    [function] = data["functions"]
    assert function["name"] == "normalize_columns" and function["status"] == "fail"
    assert function["score"] == 0.0 and function["max_score"] == 1.0
    assert any("the notebook's check" in m for m in function["messages"])
    assert "normalize_columns" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["/nonexistent/pytorch101.py"], "does not exist"),
        ([str(CORPUS / "wrong")], "holds no pytorch101.py"),
        (["--cases", "0"], ">= 1"),
        (["--weights", "/nonexistent.toml"], "does not exist"),
    ],
)
def test_usage_errors_exit_2_with_a_message(capsys, args, words):
    assert main(["grade", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("torch101 grade: error: ") and words in err


def test_a_syntax_error_exits_2_with_file_and_line(tmp_path, capsys):
    path = tmp_path / "pytorch101.py"
    path.write_text("def f(:\n    pass\n")
    assert main(["grade", str(path)]) == 2
    assert f"{path}, line 1" in capsys.readouterr().err


def test_argparse_rejects_an_unknown_template(capsys):
    with pytest.raises(SystemExit) as info:
        main(["grade", "--template", "2019"])
    assert info.value.code == 2
    assert "'2020', '2022'" in capsys.readouterr().err


def test_the_grade_command_module_does_not_import_torch():
    # `torch101 --help` imports every room's cli module: this one must stay light.
    code = "import sys, torch101.grader.cli; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


WRONG = CORPUS / "wrong" / "normalize_columns__biased_std.py"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--cases", "-3"], "--cases must be >= 1, got -3"),
        (["--out", "summary.csv"], "--out needs the submissions"),
        ([str(WRONG), str(WRONG), "--json", "r.json"], "--json writes one submission's result"),
        ([str(WRONG), "--out", "s.csv", "--html", "r.html"], "--html writes one submission's"),
        (["--gradescope-bundle", "a.zip", str(WRONG)], "PATH would be ignored"),
        (["--gradescope-bundle", "a.zip", "--only", "shuffle_cols"], "--only would be ignored"),
    ],
)
def test_options_that_would_be_ignored_are_refused_before_grading(tmp_path, monkeypatch, capsys, args, words):  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert main(["grade", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("torch101 grade: error: ") and words in err
    assert list(tmp_path.iterdir()) == []  # nothing graded, nothing written


def test_an_output_in_a_missing_folder_is_created(tmp_path):
    report = tmp_path / "new" / "deeper" / "report.json"
    assert main(["grade", str(WRONG), "--only", "normalize_columns", "--cases", "2", "--json", str(report)]) == 1  # fmt: skip
    assert json.loads(report.read_text())["functions"][0]["name"] == "normalize_columns"


def test_an_output_that_cannot_be_written_is_a_usage_error_without_a_traceback(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    for option in ("--json", "--html", "--gradescope"):
        assert main(["grade", str(WRONG), option, str(blocker / "report")]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"torch101 grade: error: {option} ") and "Traceback" not in err
    assert main(["grade", str(WRONG), "--json", str(tmp_path)]) == 2
    assert "that is a folder" in capsys.readouterr().err


def test_json_dash_puts_the_json_alone_on_stdout(capsys):
    assert main(["grade", str(WRONG), "--only", "normalize_columns", "--cases", "2", "--json", "-"]) == 1  # fmt: skip
    captured = capsys.readouterr()
    data = json.loads(captured.out)  # nothing but the JSON
    assert [f["status"] for f in data["functions"]] == ["fail"]
    assert "normalize_columns" in captured.err and "Total: 0 / 1" in captured.err
