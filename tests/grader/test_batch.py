"""Batch grading: finding the students, and a class graded in parallel from the command line."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest

from torch101.grader.batch.pool import BatchResult, Submission, discover, grade_many

REFERENCE_NAME = "pytorch101.py"


def write(path: Path, text: str = "def f():\n    return 1\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def make_zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return path


def test_discover_names_one_student_per_folder_zip_or_file(tmp_path):
    klass = tmp_path / "class"
    write(klass / "alice" / REFERENCE_NAME)
    write(klass / "bob" / "nested" / "A1" / REFERENCE_NAME)
    make_zip(klass / "carol.zip", {"A1/pytorch101.py": "x = 1\n", "A1/knn.py": ""})
    write(klass / "dave.py")
    write(klass / "notes.txt", "not a submission")
    (klass / "empty").mkdir()
    (klass / "__MACOSX").mkdir()
    many = make_zip(tmp_path / "export.zip", {"s1/pytorch101.py": "a = 1\n", "s2/sub/pytorch101.py": "b = 2\n"})  # fmt: skip
    single = write(tmp_path / "erin" / REFERENCE_NAME)
    found = discover([klass, many, single, tmp_path / "missing.py"], unpack_to=tmp_path / "unpacked")  # fmt: skip
    assert [s.student for s in found] == ["alice", "bob", "carol", "dave", "empty", "s1", "s2", "erin", "missing.py"]  # fmt: skip
    by_name = {s.student: s for s in found}
    assert by_name["alice"].path == klass / "alice" / REFERENCE_NAME
    assert by_name["carol"].path.read_text() == "x = 1\n"
    assert by_name["s1"].path.read_text() == "a = 1\n" and by_name["s2"].path.read_text() == "b = 2\n"
    assert by_name["s1"].path.is_relative_to(tmp_path / "unpacked")
    assert by_name["empty"].path is None and "the entry is empty" in by_name["empty"].error
    assert by_name["missing.py"].path is None and "does not exist" in by_name["missing.py"].error
    assert all(by_name[n].error is None for n in ("alice", "bob", "carol", "dave", "s1", "s2", "erin"))


def test_discover_keeps_names_unique(tmp_path):
    a = write(tmp_path / "x" / "sam" / REFERENCE_NAME)
    b = write(tmp_path / "y" / "sam" / REFERENCE_NAME)
    assert [s.student for s in discover([a, b], unpack_to=tmp_path / "u")] == ["sam", "sam-2"]


def test_rows_hold_one_line_per_student_and_function_and_errors():
    batch = BatchResult(
        [
            {"student": "a", "submission": "a.py", "template": "2022", "score": 1.0, "max_score": 2.0,
             "notes": [], "error": None, "elapsed_s": 1.0,
             "functions": [{"name": "f", "status": "pass", "score": 1.0, "max_score": 1.0, "messages": ["ok"]},
                           {"name": "g", "status": "fail", "score": 0.0, "max_score": 1.0, "messages": ["m1", "m2"]}]},
            {"student": "b", "submission": "b.py", "template": None, "score": 0.0, "max_score": 0.0,
             "notes": [], "error": "b.py, line 3: SyntaxError", "elapsed_s": 0.1, "functions": []},
        ],
        elapsed_s=2.0,
        jobs=2,
    )  # fmt: skip
    assert [(r["student"], r["function"], r["status"], r["message"]) for r in batch.rows] == [
        ("a", "f", "pass", "ok"), ("a", "g", "fail", "m1 | m2"), ("b", "", "error", "b.py, line 3: SyntaxError"),
    ]  # fmt: skip
    summary = batch.to_dict()
    assert summary["submissions_per_minute"] == 60.0
    assert summary["students"][0]["functions"][1]["messages"] == ["m1", "m2"]  # kept for --resume
    assert summary["counts"] == {"graded": 1, "error": 1, "total": 2}


def test_grade_many_rejects_bad_jobs():
    with pytest.raises(ValueError, match="jobs must be an int >= 1, got 0"):
        grade_many([Submission("a", Path("a.py"))], jobs=0)


@pytest.mark.slow
def test_a_class_graded_in_parallel_from_the_command_line(tmp_path):
    from torch101.cli import main
    from torch101.reference.export import solution_source

    good = solution_source("2022")
    wrong = good.replace("return x[[1, 0, 3], [0, 1, 2]]", "return x[[0, 1, 3], [0, 1, 2]]")
    assert wrong != good
    klass = tmp_path / "class"
    write(klass / "ada" / REFERENCE_NAME, good)
    write(klass / "bo" / REFERENCE_NAME, wrong)
    write(klass / "cy" / REFERENCE_NAME, "def broken(:\n")
    (klass / "dee").mkdir()  # nothing submitted: still a row
    write(klass / "canvas" / "eveeve_12_34_PyTorch101-1.py", good)  # a Canvas file, renamed
    write(klass / "canvas" / "finnfinn_13_35_pytorch101.py", good)
    out = tmp_path / "out" / "summary.csv"
    code = main(["grade", str(klass), "--out", str(out), "--jobs", "2", "--cases", "2",
                 "--only", "take_one_elem_per_col", "reverse_rows"])  # fmt: skip
    assert code == 1  # cy and dee could not be graded; the others were
    with out.open() as f:
        rows = list(csv.DictReader(f))
    table = {(r["student"], r["function"]): r["status"] for r in rows}
    assert table == {
        ("ada", "reverse_rows"): "pass", ("ada", "take_one_elem_per_col"): "pass",
        ("bo", "reverse_rows"): "pass", ("bo", "take_one_elem_per_col"): "fail",
        ("cy", ""): "error", ("dee", ""): "error",
        ("eveeve", "reverse_rows"): "pass", ("eveeve", "take_one_elem_per_col"): "pass",
        ("finnfinn", "reverse_rows"): "pass", ("finnfinn", "take_one_elem_per_col"): "pass",
    }  # fmt: skip
    with out.with_name("summary-wide.csv").open() as f:
        wide = {r["student"]: r for r in csv.DictReader(f)}
    assert sorted(wide) == ["ada", "bo", "cy", "dee", "eveeve", "finnfinn"]
    assert (wide["bo"]["total"], wide["bo"]["take_one_elem_per_col"], wide["dee"]["status"]) == ("1.0", "0.0", "error")  # fmt: skip
    assert wide["eveeve"]["canvas_user_id"] == "12" and wide["eveeve"]["layout"] == "canvas"
    cy = next(r for r in rows if r["student"] == "cy")
    assert "SyntaxError" in cy["message"] and "line 1" in cy["message"]
    summary = json.loads(out.with_suffix(".json").read_text())
    assert summary["jobs"] == 2 and len(summary["students"]) == 6 and len(summary["rows"]) == 10
    assert summary["counts"] == {"graded": 4, "error": 2, "total": 6} and summary["complete"] is True
    ada = next(s for s in summary["students"] if s["student"] == "ada")
    assert (ada["score"], ada["max_score"], ada["template"]) == (2.0, 2.0, "2022")
