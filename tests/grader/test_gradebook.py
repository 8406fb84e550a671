"""A class's outputs: the wide CSV, atomic writes, outputs checked before grading, progressive
writing, --resume, and results rescued when the outputs cannot be written."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from torch101.grader.batch import classrun
from torch101.grader.batch.pool import BatchResult
from torch101.grader.report import gradebook

ALICE = {
    "student": "alice", "identity": {"name": "Alice A", "email": "a@x.edu", "sid": "1"},
    "layout": "gradescope", "entry": "export/submission_1", "template": "2022",
    "score": 1.5, "max_score": 2.0, "error": None,
    "functions": [{"name": "f", "status": "pass", "score": 1.0, "max_score": 1.0, "messages": []},
                  {"name": "g", "status": "partial", "score": 0.5, "max_score": 1.0, "messages": ["half"]}],
}  # fmt: skip
BOB = {
    "student": "bob", "identity": {"login": "bob"}, "layout": "classroom", "entry": "a1-bob",
    "template": "2020", "score": 1.0, "max_score": 2.0, "error": None,
    "functions": [{"name": "f", "status": "pass", "score": 1.0, "max_score": 1.0, "messages": []},
                  {"name": "h", "status": "fail", "score": 0.0, "max_score": 1.0, "messages": ["no"]}],
}  # fmt: skip
CY = {"student": "cy", "identity": {}, "layout": "plain", "entry": "cy", "error": "no pytorch101.py found; saw: a.txt", "functions": []}  # fmt: skip


def test_the_wide_csv_has_one_row_per_student_and_a_column_per_function():
    columns, rows = gradebook.wide_rows([ALICE, BOB, CY])
    assert columns[:6] == ["student", "name", "email", "sid", "login", "canvas_user_id"]
    assert columns[-5:] == ["f", "g", "h", "error", "entry"]
    alice, bob, cy = rows
    assert (alice["name"], alice["email"], alice["total"], alice["max_score"]) == ("Alice A", "a@x.edu", 1.5, 2.0)  # fmt: skip
    assert (alice["g"], alice["h"], bob["g"], bob["h"], bob["login"]) == (0.5, "", "", 0.0, "bob")
    assert (cy["status"], cy["total"], cy["f"]) == ("error", "", "")  # blank, not a 0 to import
    assert cy["error"] == "no pytorch101.py found; saw: a.txt"


def test_write_all_writes_three_files_atomically(tmp_path):
    outputs = gradebook.outputs_for(tmp_path / "out" / "summary.csv")
    assert [p.name for p in outputs.all()] == ["summary.csv", "summary-wide.csv", "summary.json"]
    (tmp_path / "out").mkdir()
    outputs.long_csv.write_text("old")
    gradebook.write_all(outputs, BatchResult([ALICE, CY], elapsed_s=1.0, jobs=2).to_dict())
    with outputs.wide_csv.open(newline="") as f:
        assert [r["student"] for r in csv.DictReader(f)] == ["alice", "cy"]
    with outputs.long_csv.open(newline="") as f:
        assert [(r["student"], r["function"], r["status"]) for r in csv.DictReader(f)] == [
            ("alice", "f", "pass"), ("alice", "g", "partial"), ("cy", "", "error")]  # fmt: skip
    assert json.loads(outputs.json.read_text())["counts"] == {"graded": 1, "error": 1, "total": 2}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["summary-wide.csv", "summary.csv", "summary.json"]  # fmt: skip


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "s.json"
    target.write_text("old")
    monkeypatch.setattr(gradebook.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(28, "No space left on device")))  # fmt: skip
    with pytest.raises(OSError):
        gradebook.write_atomic(target, "new")
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["s.json"]


@pytest.mark.parametrize("option", ["--out", "--gradescope-bundle"])
def test_an_output_that_cannot_be_written_stops_before_any_grading(tmp_path, capsys, option):
    from torch101.cli import main

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    klass = tmp_path / "class" / "ada"
    klass.mkdir(parents=True)
    (klass / "pytorch101.py").write_text("x = 1\n")
    args = ["grade", str(tmp_path / "class"), option, str(blocker / "out.csv")]
    if option == "--gradescope-bundle":
        args = ["grade", option, str(blocker / "ag.zip")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"torch101 grade: error: {option} ")
    assert "grading" not in err and "Traceback" not in err


def test_bench_outputs_are_checked_the_same_way(tmp_path, capsys):
    from torch101.cli import main

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert main(["bench", "--quick", "--json", str(blocker / "run.json")]) == 2
    assert "--json" in capsys.readouterr().err


def _fake_grading(entries: dict[str, dict], fail_after: int | None = None):
    """A stand-in for grade_many: finishes each student from `entries` (no grading)."""

    def grade_many(subs, *, jobs, grade_kwargs, on_done, previous, scratch=None):
        done = []
        for k, sub in enumerate(subs):
            if fail_after is not None and k == fail_after:
                raise KeyboardInterrupt
            entry = {**entries.get(sub.student, {}), "student": sub.student, "entry": sub.entry}
            entry.setdefault("error", sub.error)
            on_done(sub, entry)
            done.append(entry)
        return BatchResult(done, elapsed_s=1.0, jobs=jobs or 1)

    return grade_many


def _klass(root: Path, names: list[str]) -> Path:
    for name in names:
        (root / name).mkdir(parents=True)
        (root / name / "pytorch101.py").write_text(f"{name} = 1\n")
    return root


def test_an_interrupted_run_keeps_what_was_graded(tmp_path, monkeypatch):
    klass = _klass(tmp_path / "class", ["alice", "bob", "cy"])
    monkeypatch.setattr(classrun, "grade_many", _fake_grading({"alice": ALICE, "bob": BOB}, fail_after=2))  # fmt: skip
    out = tmp_path / "out" / "s.csv"
    assert classrun.run_batch([str(klass)], out=str(out), jobs=1, grade_kwargs={}) == 130
    summary = json.loads(out.with_suffix(".json").read_text())
    assert [s["student"] for s in summary["students"]] == ["alice", "bob"]
    assert summary["complete"] is False and summary["interrupted"] == "SIGINT"
    assert summary["counts"] == {"graded": 2, "error": 0, "total": 3}


def test_results_are_rescued_when_the_outputs_cannot_be_written(tmp_path, monkeypatch, capsys):
    klass = _klass(tmp_path / "class", ["alice"])
    monkeypatch.setattr(classrun, "grade_many", _fake_grading({"alice": ALICE}))
    monkeypatch.setattr(gradebook, "write_all", lambda *a: (_ for _ in ()).throw(OSError(28, "No space left on device", "s.json")))  # fmt: skip
    assert classrun.run_batch([str(klass)], out=str(tmp_path / "s.csv"), jobs=1, grade_kwargs={}) == 2  # fmt: skip
    err = capsys.readouterr().err
    line = next(x for x in err.splitlines() if x.startswith("torch101 grade: error:"))
    assert "No space left on device" in line and "saved to " in line
    rescued = Path(line.rsplit("saved to ", 1)[1])
    assert json.loads(rescued.read_text())["students"][0]["student"] == "alice"
    rescued.unlink()


def test_resume_refuses_a_summary_graded_with_other_options(tmp_path, capsys):
    out = tmp_path / "s.csv"
    out.with_suffix(".json").write_text(json.dumps({"students": [ALICE], "options": {"cases": 5}}))
    assert classrun.run_batch([str(tmp_path)], out=str(out), jobs=1, grade_kwargs={}, resume=True, options={"cases": 7}) == 2  # fmt: skip
    assert "--cases 5 then, 7 now" in capsys.readouterr().err
    out.with_suffix(".json").write_text("{not json")
    assert classrun.run_batch([str(tmp_path)], out=str(out), jobs=1, grade_kwargs={}, resume=True) == 2  # fmt: skip
    assert "--resume: cannot read" in capsys.readouterr().err


@pytest.mark.slow
def test_resume_keeps_unchanged_students_and_grades_the_rest(tmp_path):
    from torch101.cli import main
    from torch101.reference.export import solution_source

    good = solution_source("2022")
    klass = tmp_path / "class"
    for name in ("ada", "bo"):
        (klass / name).mkdir(parents=True)
        (klass / name / "pytorch101.py").write_text(good)
    out = tmp_path / "s.csv"
    args = ["grade", str(klass), "--out", str(out), "--jobs", "1", "--cases", "1", "--only", "reverse_rows"]  # fmt: skip
    assert main(args) == 0
    first = {s["student"]: s for s in json.loads(out.with_suffix(".json").read_text())["students"]}
    (klass / "bo" / "pytorch101.py").write_text(good.replace("def reverse_rows", "def _old", 1) + "\ndef reverse_rows(x):\n    return x\n")  # fmt: skip
    (klass / "cy").mkdir()
    (klass / "cy" / "pytorch101.py").write_text(good)
    assert main([*args, "--resume"]) == 0
    again = {s["student"]: s for s in json.loads(out.with_suffix(".json").read_text())["students"]}
    assert again["ada"].get("resumed") is True and again["ada"]["elapsed_s"] == first["ada"]["elapsed_s"]  # fmt: skip
    assert not again["bo"].get("resumed") and again["bo"]["score"] == 0.0  # its file changed
    assert not again["cy"].get("resumed") and again["cy"]["score"] == 1.0
