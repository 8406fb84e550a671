"""grade(): finding the file (file, folder, zip), usage errors with file and line, templates,
options, and whole-file verdicts (stubs, import failures, weights)."""

from __future__ import annotations

import zipfile

import pytest

from torch101.grader.api import SubmissionError, UsageError, grade, open_submission

from . import CORPUS
from .inprocess import InProcessSession

GOOD = "import torch\n\ndef reverse_rows(x):\n    return x[torch.arange(x.shape[0] - 1, -1, -1)]\n"


def quick(path, **kwargs):
    kwargs.setdefault("functions", ["reverse_rows"])
    return grade(path, session_factory=InProcessSession, random_cases=5, **kwargs)


def test_a_file(tmp_path):
    path = tmp_path / "pytorch101.py"
    path.write_text(GOOD)
    assert quick(path)["reverse_rows"].status == "pass"


def test_a_folder_holding_the_file_directly_or_deeper(tmp_path):
    (tmp_path / "A1" / "pytorch101.py").parent.mkdir()
    (tmp_path / "A1" / "pytorch101.py").write_text(GOOD)
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "__MACOSX" / "pytorch101.py").write_text("junk(")
    with open_submission(tmp_path) as (file, shown, is_reference):
        assert file == tmp_path / "A1" / "pytorch101.py" and not is_reference
    assert quick(tmp_path)["reverse_rows"].status == "pass"


def test_a_zip_read_without_extracting(tmp_path):
    archive = tmp_path / "uniq_123_A1.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("uniq_123_A1/pytorch101.py", GOOD)
        zf.writestr("uniq_123_A1/knn.py", "x = 1\n")
        zf.writestr("../../evil/pytorch101.py", "deeper, so ignored")
    with open_submission(archive) as (file, _, _):
        assert file.read_text() == GOOD
        inside = file
    assert not inside.exists()  # the temporary copy is gone
    assert quick(archive)["reverse_rows"].status == "pass"


def test_one_file_and_a_class_entry_share_the_ignored_folders_and_the_size_cap(tmp_path):
    from torch101.grader import submission
    from torch101.grader.batch import entry

    assert entry.FILENAME is submission.FILENAME and entry.IGNORED_PARTS is submission.IGNORED_PARTS
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "pytorch101.py").write_text("not the student's")
    (tmp_path / "hw" / "pytorch101.py").parent.mkdir()
    (tmp_path / "hw" / "pytorch101.py").write_text(GOOD)
    with open_submission(tmp_path) as (file, _, _):
        assert file == tmp_path / "hw" / "pytorch101.py"
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("pytorch101.py", "#" * (submission.MAX_FILE_BYTES + 1))
    with pytest.raises(SubmissionError, match="larger than 10 MiB"), open_submission(archive):
        pass


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p / "missing.py", "does not exist"),
        (lambda p: (p / "notes.txt").write_text("hi") and p / "notes.txt", "is not a Python file"),
        (lambda p: (p / "empty").mkdir() or p / "empty", "holds no pytorch101.py"),
        (lambda p: (p / "bad.zip").write_bytes(b"not a zip") and p / "bad.zip", "not a valid zip"),
        (lambda p: (p / "b.py").write_bytes(b"\xff\xfe\x00") and p / "b.py", "not UTF-8"),
    ],
)
def test_usage_errors_name_the_file(tmp_path, make, words):
    path = make(tmp_path)
    with pytest.raises(SubmissionError, match=words) as info:
        grade(path, session_factory=InProcessSession)
    assert str(path) in str(info.value)


def test_a_syntax_error_gives_file_line_and_code(tmp_path):
    path = tmp_path / "pytorch101.py"
    path.write_text("import torch\n\ndef reverse_rows(x)\n    return x\n")
    with pytest.raises(SubmissionError) as info:
        grade(path, session_factory=InProcessSession)
    message = str(info.value)
    assert message.startswith(f"{path}, line 3") and "SyntaxError" in message
    assert "def reverse_rows(x)" in message


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"template": "2021"}, "2020, 2022"),
        ({"random_cases": 0}, ">= 1"),
        ({"functions": ["reverse_rowz"]}, "choose from"),
        ({"weights": "/nonexistent.toml"}, "does not exist"),
    ],
)
def test_bad_options_are_usage_errors(tmp_path, kwargs, words):
    path = tmp_path / "pytorch101.py"
    path.write_text(GOOD)
    with pytest.raises(UsageError, match=words):
        grade(path, session_factory=InProcessSession, **kwargs)


def test_the_template_is_detected_or_forced():
    assert quick(CORPUS / "correct_alt_2020.py").template == "2020"
    forced = quick(CORPUS / "correct_alt_2020.py", template="2022", functions=None)
    # Forced to 2022, the 2022-only functions are missing from a 2020 file.
    assert forced["sum_positive_entries"].status == "not_implemented"
    assert "defines no function sum_positive_entries" in forced["sum_positive_entries"].messages[0]


def test_an_untouched_template_is_not_implemented_everywhere():
    result = grade(CORPUS / "stub_2022.py", session_factory=InProcessSession)
    assert {f.status for f in result.functions} == {"not_implemented"}
    assert result.score == 0 and result.max_score == len(result.functions) and result.exit_code == 1


def test_an_import_failure_errors_every_function_and_says_why(tmp_path):
    path = tmp_path / "pytorch101.py"
    path.write_text(GOOD + "\nraise RuntimeError('left over from the notebook')\n")
    result = quick(path, functions=None)
    ran = [f for f in result.functions if f.name == "reverse_rows"]
    assert ran[0].status == "error"
    # The error once, in the notes; each function that could not run gets the one-line status.
    said = [n for n in result.notes if "could not be imported" in n]
    assert len(said) == 1 and "left over from the notebook" in said[0]
    assert ran[0].messages == ["not run: the file cannot be imported (the error is in the notes, once)"]  # fmt: skip
    shown = "\n".join(m for f in result.functions for m in f.messages)
    assert "left over from the notebook" not in shown


def test_weights_scale_the_scores(tmp_path):
    path, weights = tmp_path / "pytorch101.py", tmp_path / "w.toml"
    path.write_text(GOOD)
    weights.write_text("[points]\nreverse_rows = 4\n")
    result = quick(path, weights=weights)
    assert (result.score, result.max_score) == (4.0, 4.0)


def test_tampering_is_noted_but_changes_nothing(tmp_path):
    # Through the real worker: the in-process stand-in would let the patch reach this process.
    path = tmp_path / "pytorch101.py"
    path.write_text(
        GOOD.replace("- 1, -1, -1", "- 2, -1, -1") + "\ntorch.equal = lambda *a: True\n"
    )
    result = grade(path, functions=["reverse_rows"], random_cases=2)
    assert result["reverse_rows"].status == "fail"
    # assigning into torch breaks the static policy: flagged for review (not a second note)
    assert any("torch.equal" in r for r in result.review)


def test_the_bundled_reference_with_no_path():
    result = grade(None, template="2020", session_factory=InProcessSession, random_cases=2)
    assert result.is_reference and "reference solution (2020 template)" in result.submission
    assert result.exit_code == 0


def test_a_syntax_error_names_the_file_inside_a_folder_or_zip(tmp_path):
    folder = tmp_path / "bob"
    folder.mkdir()
    (folder / "pytorch101.py").write_text("def hello(:\n    pass\n")
    with pytest.raises(SubmissionError, match=r"bob/pytorch101\.py, line 1"):
        grade(folder)
    archive = tmp_path / "bob.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(folder / "pytorch101.py", "bob/pytorch101.py")
    with pytest.raises(SubmissionError, match=r"bob\.zip \(pytorch101\.py\), line 1"):
        grade(archive)
