"""The grader on a corpus of submissions: correct ones written differently from the reference
must pass every function (no false alarms: whole files, and corpus/correct/ with one function
per file in each style students use); wrong ones, one typical mistake each, must fail that
function for the stated reason. Run through the in-process stand-in (inprocess.py) for speed;
test_end_to_end.py runs a few through the real sandboxed worker.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import torch

from torch101.grader.api import grade
from torch101.grader.spec import graded_functions

from . import CORPUS
from .inprocess import InProcessSession
from .test_adversarial import splice

WRONG = sorted((CORPUS / "wrong").glob("*.py"))
STYLES = sorted((CORPUS / "correct").glob("*.py"))


def _header(path: Path) -> dict[str, str]:
    fields = {}
    for line in path.read_text().splitlines():
        match = re.match(r"#\s*(\w+):\s*(.*)", line)
        if not match:
            break
        fields[match.group(1)] = match.group(2).strip()
    return fields


@pytest.mark.parametrize(
    ("name", "template"),
    [
        ("correct_alt_2022.py", "2022"),
        ("correct_alt2_2022.py", "2022"),
        ("correct_alt_2020.py", "2020"),
        ("correct_styles_2022.py", "2022"),
        ("correct_styles_2020.py", "2020"),
    ],
)
def test_correct_alternatives_pass_every_function(name, template):
    result = grade(CORPUS / name, session_factory=InProcessSession)
    assert result.template == template  # detected from the functions the file defines
    assert [f.name for f in result.functions] == [s.name for s in graded_functions(template)]
    failed = {f.name: f.messages for f in result.functions if f.status not in ("pass", "skipped")}
    assert failed == {}
    gpu = result["mm_on_gpu"]
    # One maximum for everyone: with or without CUDA, mm_on_gpu counts (emulated without it).
    assert gpu.status == "pass" and result.score == result.max_score == len(result.functions)
    if not torch.cuda.is_available():
        assert "the GPU was emulated" in gpu.messages[0]


@pytest.mark.parametrize("template", ["2020", "2022"])
def test_reference_export_passes_with_no_finding(template):
    result = grade(None, template=template, session_factory=InProcessSession)
    assert result.is_reference
    assert {f.status for f in result.functions} == {"pass"}
    assert result.exit_code == 0
    # No rule fires at all, not even advice: the reference is the yardstick.
    for f in result.functions:
        assert len(f.messages) == (2 if f.name == "mm_on_gpu" else 1), (f.name, f.messages)


@pytest.mark.parametrize("path", STYLES, ids=[p.stem for p in STYLES])
def test_correct_styles_pass(path):
    # One function per file, in a style real students use: any verdict but the expected one
    # (pass, or the promised half credit for torch.unique) is a false alarm. Fewer random
    # cases than the default keep ~160 files fast; the rules are checked on every case.
    head = _header(path)
    result = grade(
        path,
        template=head["template"],
        functions=[head["function"]],
        random_cases=20,
        session_factory=InProcessSession,
    )
    verdict = result[head["function"]]
    want = head["expect"]
    assert verdict.status == want, "\n".join(verdict.messages)
    broken = [m for m in verdict.messages if "breaks the rule" in m]
    assert broken == [] or want == "partial", broken


def test_every_function_has_correct_styles():
    covered = {_header(p)["function"] for p in STYLES}
    every = {s.name for t in ("2020", "2022") for s in graded_functions(t)}
    assert every <= covered, sorted(every - covered)


@pytest.mark.parametrize("path", WRONG, ids=[p.stem for p in WRONG])
def test_wrong_submission_fails_for_the_right_reason(path):
    head = _header(path)
    result = grade(
        path,
        template=head["template"],
        functions=[head["function"]],
        session_factory=InProcessSession,
        strict=head.get("strict") == "yes",
    )
    verdict = result[head["function"]]
    text = "\n".join(verdict.messages)
    assert verdict.status == head["expect"], text
    assert head["because"] in text, text
    assert verdict.score < verdict.max_score
    assert result.exit_code == 1


def test_every_function_has_wrong_submissions():
    covered = {_header(p)["function"] for p in WRONG}
    every = {s.name for t in ("2020", "2022") for s in graded_functions(t)}
    assert every <= covered, sorted(every - covered)


GPU_FILES = [p for p in WRONG if _header(p)["function"] == "mm_on_gpu"]


def test_mm_on_gpu_has_one_maximum_for_right_and_wrong(tmp_path):
    """Whatever the student wrote and whether CUDA is here, mm_on_gpu is worth its point."""
    from torch101.reference.export import solution_source

    maxima = {}
    for path in [None, *GPU_FILES]:
        source = solution_source("2022") if path is None else splice(solution_source("2022"), path.read_text())  # fmt: skip
        file = tmp_path / f"{path.stem if path else 'reference'}.py"
        file.write_text(source)
        result = grade(file, functions=["mm_on_gpu"], random_cases=2, session_factory=InProcessSession)  # fmt: skip
        gpu = result["mm_on_gpu"]
        assert gpu.status != "skipped", gpu.messages
        assert (gpu.status == "pass") is (path is None), (file.name, gpu.status, gpu.messages)
        maxima[file.name] = (gpu.max_score, result.max_score)
    assert len(GPU_FILES) >= 3 and set(maxima.values()) == {(1.0, 1.0)}, maxima


def test_a_0d_integer_tensor_for_count_negative_entries_passes_with_a_note_unless_strict():
    path = CORPUS / "wrong" / "count_negative_entries__tensor_result.py"
    kwargs = {"template": "2020", "functions": ["count_negative_entries"], "session_factory": InProcessSession}  # fmt: skip
    lenient = grade(path, **kwargs)["count_negative_entries"]
    assert lenient.status == "pass" and lenient.score == lenient.max_score == 1.0
    assert any("0-d integer tensor" in m and "int(...)" in m for m in lenient.messages)
    strict = grade(path, strict=True, **kwargs)["count_negative_entries"]
    assert strict.status == "fail" and "Python int" in "\n".join(strict.messages)
    assert (strict.score, strict.max_score) == (0.0, 1.0)


def test_a_broken_template_dispatcher_costs_the_functions_it_calls_nothing(tmp_path):
    """2022: batched_matrix_multiply is the template's; a NameError there is said once, and
    _loop and _noloop are graded on their own cases."""
    from torch101.reference.export import solution_source

    source = solution_source("2022")
    broken = source.replace("return batched_matrix_multiply_loop(x, y)", "return batched_matrix_multiply_lop(x, y)")  # fmt: skip
    assert broken != source
    path = tmp_path / "pytorch101.py"
    path.write_text(broken)
    names = ["batched_matrix_multiply_loop", "batched_matrix_multiply_noloop"]
    result = grade(path, functions=names, random_cases=3, session_factory=InProcessSession)
    assert [result[n].status for n in names] == ["pass", "pass"]
    said = [n for n in result.notes if "Restore the template's version" in n]
    assert len(said) == 1 and "batched_matrix_multiply_lop" in said[0]
    assert any("see the note" in m for m in result["batched_matrix_multiply_loop"].messages)
    # A wrong _loop is still wrong: the dispatcher is left out only when it is what fails.
    wrong = source.replace("return batched_matrix_multiply_loop(x, y)", "return batched_matrix_multiply_noloop(x, y)")  # fmt: skip
    path.write_text(wrong.replace("def batched_matrix_multiply_loop(x: Tensor, y: Tensor) -> Tensor:\n", "def batched_matrix_multiply_loop(x: Tensor, y: Tensor) -> Tensor:\n    return x\n", 1))  # fmt: skip
    again = grade(path, functions=names, random_cases=3, session_factory=InProcessSession)
    assert again["batched_matrix_multiply_loop"].status == "fail"
