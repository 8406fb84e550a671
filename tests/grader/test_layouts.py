"""Finding the students in what instructors download: every layout built here as a fixture."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from torch101.grader.batch.layouts import collect, is_candidate

GRADESCOPE_YML = """\
submission_111:
  :submitters:
  - :name: Jane Doe
    :sid: '1234'
    :email: jane@example.edu
  :created_at: 2026-01-30 10:00:00.000000000 -05:00
  :score: 10.0
submission_222:
  :submitters:
  - :name: John Roe
    :sid: '5678'
    :email: john@example.edu
  - :name: Kim Lee
    :sid: '9012'
    :email: kim@example.edu
submission_333:
  :submitters:
  - :name: Lost Person
    :sid: '3456'
    :email: lost@example.edu
"""


def write(path: Path, text: str = "x = 1\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def zip_bytes(members: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def gradescope_export(root: Path) -> Path:
    write(root / "submission_metadata.yml", GRADESCOPE_YML)
    write(root / "submission_111" / "pytorch101.py", "jane = 1\n")
    write(root / "submission_222" / "hw" / "pytorch101-1.py", "group = 1\n")
    write(root / "submission_444" / "pytorch101.py", "unlisted = 1\n")
    return root


def canvas_files() -> dict[str, str | bytes]:
    return {
        "smithjane_123_456_pytorch101.py": "smith = 1\n",
        "doejohn_LATE_124_457_pytorch101-1.py": "doe = 1\n",
        "doejohn_LATE_124_458_notes.txt": "notes",
        "leejo_125_459_knn.py": "knn = 1\n",
        "parkmin_126_460_a1.zip": zip_bytes({"A1/PyTorch101.py": "park = 1\n"}),
    }


def classroom(root: Path) -> Path:
    write(root / "a1-pytorch-octocat" / "pytorch101.py", "octo = 1\n")
    write(root / "a1-pytorch-hubot" / "src" / "pytorch101.py", "hubot = 1\n")
    write(root / "a1-pytorch-nobody" / "README.md", "# nothing\n")
    write(root / "a1-pytorch-octocat" / ".git" / "HEAD", "ref: refs/heads/main\n")
    return root


def by_student(subs) -> dict:
    return {s.student: s for s in subs}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("pytorch101.py", True), ("PyTorch101.py", True), ("pytorch101 (1).py", True),
        ("pytorch101-1.py", True), ("pytorch101 (2) (1).py", True), ("pytorch_101.py", True),
        ("smithjane_123_456_pytorch101.py", True), ("doe_LATE_1_2_PyTorch101-3.py", True),
        ("pytorch101.ipynb", False), ("knn.py", False), ("my_pytorch101_notes.py", False),
        ("pytorch1010.py", False),
    ],
)  # fmt: skip
def test_file_names_are_matched_tolerantly(name, expected):
    assert is_candidate(name) is expected


def test_a_gradescope_export_names_students_from_its_metadata(tmp_path):
    export = gradescope_export(tmp_path / "export")
    subs = by_student(collect([export], unpack_to=tmp_path / "u").submissions)
    assert set(subs) == {"Jane Doe", "John Roe; Kim Lee", "Lost Person", "submission_444"}
    jane = subs["Jane Doe"]
    assert (jane.layout, jane.error, jane.path.read_text()) == ("gradescope", None, "jane = 1\n")
    assert jane.identity["email"] == "jane@example.edu" and jane.identity["sid"] == "1234"
    group = subs["John Roe; Kim Lee"]
    assert group.identity["email"] == "john@example.edu; kim@example.edu"
    assert group.path.name == "pytorch101-1.py" and group.error is None
    assert "no folder submission_333" in subs["Lost Person"].error
    assert "not in submission_metadata.yml" in subs["submission_444"].note


def test_a_zipped_gradescope_export_reads_the_same(tmp_path):
    export = gradescope_export(tmp_path / "export")
    members = {f"assignment_9_export/{p.relative_to(export).as_posix()}": p.read_text() for p in export.rglob("*") if p.is_file()}  # fmt: skip
    archive = tmp_path / "export.zip"
    archive.write_bytes(zip_bytes(members))
    subs = by_student(collect([archive], unpack_to=tmp_path / "u").submissions)
    assert subs["Jane Doe"].path.read_text() == "jane = 1\n"
    assert subs["Jane Doe"].identity["sid"] == "1234" and len(subs) == 4


@pytest.mark.parametrize("zipped", [False, True])
def test_canvas_files_are_grouped_by_user_id(tmp_path, zipped):
    files = canvas_files()
    if zipped:
        path = tmp_path / "submissions.zip"
        path.write_bytes(zip_bytes(files))
    else:
        path = tmp_path / "submissions"
        for name, data in files.items():
            target = path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data if isinstance(data, bytes) else data.encode())
    subs = by_student(collect([path], unpack_to=tmp_path / "u").submissions)
    assert set(subs) == {"smithjane", "doejohn", "leejo", "parkmin"}
    assert subs["smithjane"].path.read_text() == "smith = 1\n"
    doe = subs["doejohn"]
    assert doe.identity == {"name": "doejohn", "canvas_user_id": "124", "submission_id": "457; 458", "late": "yes"}  # fmt: skip
    assert doe.path.read_text() == "doe = 1\n" and doe.layout == "canvas"
    assert subs["parkmin"].path.read_text() == "park = 1\n"  # a zip in the download
    assert subs["leejo"].error == "no pytorch101.py found; saw: leejo_125_459_knn.py"


def test_github_classroom_folders_give_the_username(tmp_path):
    subs = by_student(collect([classroom(tmp_path / "a1")], unpack_to=tmp_path / "u").submissions)
    assert set(subs) == {"octocat", "hubot", "nobody"}
    assert subs["hubot"].path.read_text() == "hubot = 1\n"
    assert subs["octocat"].identity == {"login": "octocat", "repository": "a1-pytorch-octocat"}
    assert subs["nobody"].error == "no pytorch101.py found; saw: README.md"


def test_one_folder_holding_every_layout_gives_one_row_per_student(tmp_path):
    klass = tmp_path / "class"
    write(klass / "alice" / "pytorch101.py", "alice = 1\n")
    write(klass / "bob" / "nested" / "A1" / "PyTorch101.py", "bob = 1\n")
    write(klass / "carl" / "pytorch101 (1).py", "carl = 1\n")
    (klass / "dora").mkdir()
    write(klass / "eve" / "pytorch101.py", "eve = 1\n")
    write(klass / "eve" / "A1" / "pytorch101.py", "eve = 2\n")
    write(klass / "finn" / "pytorch101.py", "same = 1\n")
    write(klass / "finn" / "backup" / "pytorch101.py", "same = 1\n")
    write(klass / "gus" / "notes.txt")
    write(klass / "gus" / "a1.ipynb")
    (klass / "hana").mkdir()
    (klass / "hana" / "a1.zip").write_bytes(zip_bytes({"outer/a1.zip": zip_bytes({"A1/pytorch101.py": "hana = 1\n"})}))  # fmt: skip
    (klass / "ivan.zip").write_bytes(b"not a zip at all")
    (klass / "canvas.zip").write_bytes(zip_bytes(canvas_files()))
    gradescope_export(klass / "gradescope")
    classroom(klass / "classroom")
    write(klass / "notes.txt", "grading notes")
    write(klass / ".DS_Store", "junk")
    write(klass / "__MACOSX" / "._alice", "junk")
    found = collect([klass], unpack_to=tmp_path / "u")
    subs = by_student(found.submissions)
    expected = {
        "alice", "bob", "carl", "dora", "eve", "finn", "gus", "hana", "ivan",
        "smithjane", "doejohn", "leejo", "parkmin",
        "Jane Doe", "John Roe; Kim Lee", "Lost Person", "submission_444",
        "octocat", "hubot", "nobody",
    }  # fmt: skip
    assert set(subs) == expected and len(found.submissions) == len(expected)
    graded = {name: s.path.read_text() for name, s in subs.items() if s.error is None}
    assert graded["bob"] == "bob = 1\n" and graded["carl"] == "carl = 1\n"
    assert graded["hana"] == "hana = 1\n"  # a zip in a zip in a folder
    assert graded["finn"] == "same = 1\n" and "2 identical copies" in subs["finn"].note
    assert subs["eve"].error == "two candidates: A1/pytorch101.py and pytorch101.py; keep the one to grade"  # fmt: skip
    assert subs["dora"].error.startswith("no pytorch101.py found: the entry is empty")
    assert subs["gus"].error == "no pytorch101.py found; saw: a1.ipynb, notes.txt"
    assert "not a valid zip" in subs["ivan"].error
    assert {subs[n].layout for n in ("smithjane", "Jane Doe", "octocat", "alice")} == {"canvas", "gradescope", "classroom", "plain"}  # fmt: skip
    assert found.ignored == [f"{klass}/notes.txt"]


def test_files_named_on_the_command_line_are_graded_whatever_their_name(tmp_path):
    a = write(tmp_path / "dave (1).py")
    b = write(tmp_path / "smithjane_123_456_pytorch101.py")
    c = write(tmp_path / "notes.txt")
    subs = collect([a, b, c, tmp_path / "gone"], unpack_to=tmp_path / "u").submissions
    assert [(s.student, s.error is None) for s in subs] == [("dave", True), ("smithjane", True), ("notes", False), ("gone", False)]  # fmt: skip
    assert subs[1].identity["canvas_user_id"] == "123"
    assert "not a .py file" in subs[2].error and "does not exist" in subs[3].error


def test_a_folder_with_the_file_at_its_root_is_one_student(tmp_path):
    student = tmp_path / "ana"
    write(student / "PyTorch101.py", "ana = 1\n")
    write(student / "scratch" / "test.py")
    subs = collect([student], unpack_to=tmp_path / "u").submissions
    assert [(s.student, s.path) for s in subs] == [("ana", student / "PyTorch101.py")]
