"""The grader through the real sandboxed worker (no stand-in): the reference passes, a submission
with typical mistakes gets the right verdict per function from the worker's own evidence (call
log, emulated GPU, storage sharing), and the command line writes its JSON."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from torch101.grader.api import grade
from torch101.reference.export import solution_source

from . import CORPUS

MISTAKES = {
    "count_tensor_elements__nelement": "fail",
    "reverse_rows__flipud": "fail",
    "make_one_hot__map": "fail",
    "batched_matrix_multiply_noloop__helper_loop": "fail",
    "slice_indexing_practice__copies": "fail",
    "slice_assignment_practice__tensor_values": "fail",
    "zero_row_min__mutates_input": "fail",
    "mm_on_gpu__left_on_gpu": "fail",
    "challenge_mean_tensors__padding": "fail",
    "challenge_get_uniques__unique": "partial",
    "multiples_of_ten__arange_empty": "error",
}


def _body(path) -> str:
    """The corpus file without its header and without the 2022 dispatcher copy."""
    text = path.read_text().split("# fmt: off\n", 1)[1]
    return text.split("\n\ndef batched_matrix_multiply(x, y, use_loop=True):")[0]


@pytest.mark.slow
def test_reference_with_typical_mistakes_spliced_in(tmp_path):
    # A later definition replaces an earlier one, in Python and in the grader's static view.
    source = solution_source("2022") + "".join(
        "\n\n" + _body(CORPUS / "wrong" / f"{name}.py") for name in MISTAKES
    )
    path = tmp_path / "pytorch101.py"
    path.write_text(source)
    result = grade(path, random_cases=10)
    got = {f.name: f.status for f in result.functions}
    for name, status in MISTAKES.items():
        function = name.split("__")[0]
        assert got.pop(function) == status, (name, result[function].messages)
    assert set(got.values()) <= {"pass", "skipped"}, got
    assert result.exit_code == 1


@pytest.mark.slow
def test_the_command_line_end_to_end(tmp_path):
    report = tmp_path / "report.json"
    out = subprocess.run(
        [sys.executable, "-m", "torch101", "grade", "--json", str(report), "--cases", "5"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert re.search(r"Total: 20 / 20", out.stdout)  # mm_on_gpu counts, emulated without CUDA
    data = json.loads(report.read_text())
    assert {f["status"] for f in data["functions"]} <= {"pass", "skipped"}
    assert data["score"] == data["max_score"] == 20.0


@pytest.mark.cuda
def test_mm_on_gpu_runs_on_the_real_gpu(tmp_path):
    result = grade(None, functions=["mm_on_gpu"], random_cases=5)
    assert result["mm_on_gpu"].status == "pass", result["mm_on_gpu"].messages
    left = tmp_path / "pytorch101.py"
    left.write_text(solution_source("2022") + "\n\n" + _body(CORPUS / "wrong" / "mm_on_gpu__left_on_gpu.py"))  # fmt: skip
    verdict = grade(left, functions=["mm_on_gpu"], random_cases=5)["mm_on_gpu"]
    assert verdict.status == "fail" and "on cpu, got cuda" in "\n".join(verdict.messages)
    cpu = tmp_path / "cpu.py"
    cpu.write_text(solution_source("2022") + "\n\n" + _body(CORPUS / "wrong" / "mm_on_gpu__cpu_only.py"))  # fmt: skip
    verdict = grade(cpu, functions=["mm_on_gpu"], random_cases=5)["mm_on_gpu"]
    assert verdict.status == "fail" and "never moves" in "\n".join(verdict.messages)
    back = tmp_path / "back.py"
    back.write_text(solution_source("2022") + "\n\n" + _body(CORPUS / "wrong" / "mm_on_gpu__round_trip_then_cpu.py"))  # fmt: skip
    verdict = grade(back, functions=["mm_on_gpu"], random_cases=5)["mm_on_gpu"]
    assert verdict.status == "fail" and "multiplies on the CPU" in "\n".join(verdict.messages)


def test_torch101_grade_in_a_notebook_returns_an_html_table():
    import torch101

    result = torch101.grade(None, functions=["reverse_rows", "make_one_hot"], random_cases=3)
    html = result._repr_html_()
    assert "<table>" in html and "reverse_rows" in html and "Total: 2 / 2" in html
