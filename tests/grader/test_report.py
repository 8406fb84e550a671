"""GradeResult's views (JSON contract, HTML, rich table) and the weights file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from rich.console import Console

from torch101.grader.report.result import FunctionResult, GradeResult
from torch101.grader.weights import load_weights

CORPUS = Path(__file__).parent / "corpus"


def result() -> GradeResult:
    return GradeResult(
        "2022",
        [
            FunctionResult("reverse_rows", "pass", 1.0, 1.0, messages=["right on all 53 cases"]),
            FunctionResult(
                "make_one_hot",
                "fail",
                0.0,
                2.0,
                messages=["breaks the rule: <no loops>", "line 3: a for loop"],
            ),  # fmt: skip
            FunctionResult("mm_on_gpu", "skipped", 0.0, 0.0, messages=["no CUDA device here"]),
        ],
        submission="hw/pytorch101.py",
        notes=["a note"],
    )


def test_json_keeps_the_contract_keys(tmp_path):
    path = tmp_path / "out.json"
    data = json.loads(result().to_json(path))
    assert json.loads(path.read_text()) == data
    assert {"template", "functions", "score", "max_score"} <= set(data)
    assert data["template"] == "2022" and data["score"] == 1.0 and data["max_score"] == 3.0
    for f in data["functions"]:
        assert {"name", "status", "score", "max_score", "messages"} <= set(f)
        assert isinstance(f["score"], float) and isinstance(f["messages"], list)


def test_passed_and_exit_code_count_skipped_as_not_failing():
    r = result()
    assert not r.passed and r.exit_code == 1
    r.functions[1].status = "pass"
    assert r.passed and r.exit_code == 0


def test_lookup_by_name():
    assert result()["make_one_hot"].max_score == 2.0
    with pytest.raises(KeyError, match="make_one_hot"):
        result()["nope"]


def test_html_table_escapes_messages():
    html = result()._repr_html_()
    assert html.count("<tr>") == 4  # header + 3 functions
    assert "&lt;no loops&gt;" in html and "<no loops>" not in html
    assert "Total: 1 / 3" in html


def test_rich_table_shows_the_total_and_the_broken_rule():
    console = Console(record=True, width=200)
    console.print(result())
    text = console.export_text()
    assert "Total: 1 / 3" in text
    assert "line 3: a for loop" in text  # the table points at the rule, not at "right on all"
    assert "note: a note" in text


def test_messages_are_text_not_rich_markup():
    # Regression (red team): "got tensor([[nan, nan]])" printed as "got tensor([])": rich took
    # "[nan, nan]" for a style tag and dropped it.
    message = "expected 0, got nan. Expected tensor([[0.0]]), got tensor([[nan, nan], [bold]])"
    graded = GradeResult("2022", [FunctionResult("create_sample_tensor", "fail", 0.0, 1.0, messages=[message])])  # fmt: skip
    console = Console(record=True, width=200)
    console.print(graded)
    assert "got tensor([[nan, nan], [bold]])" in console.export_text()


def narrow_and_wide() -> GradeResult:
    long = "batched_matrix_multiply_noloop"
    return GradeResult(
        "2022",
        [
            FunctionResult(
                "reverse_rows",
                "pass",
                1.0,
                1.0,
                messages=["right on all 53 cases"],
                summary="right on all 53 cases",
            ),  # fmt: skip
            FunctionResult(
                long,
                "error",
                0.0,
                1.0,
                messages=["9 of 59 cases failed; the first: " + "x" * 300],
                summary="9 of 59 cases failed: raised RuntimeError",
            ),  # fmt: skip
            FunctionResult(
                "make_one_hot",
                "not_implemented",
                0.0,
                1.0,
                messages=["pytorch101.py defines no function make_one_hot"],
            ),  # fmt: skip
            FunctionResult(
                "mm_on_gpu", "skipped", 0.0, 0.0, messages=["no CUDA device here"], summary="no CUDA here"
            ),  # fmt: skip
        ],
        submission="pytorch101.py",
    )


@pytest.mark.parametrize("width", [80, 120])
def test_the_table_keeps_names_statuses_and_scores_whole_at_80_and_120_columns(width):
    console = Console(record=True, width=width)
    console.print(narrow_and_wide())
    lines = console.export_text().splitlines()
    assert all(len(line.rstrip()) <= width for line in lines)
    row = next(
        line for line in lines if "batched_matrix_multiply_noloop" in line and "error" in line
    )
    assert row.split()[:4] == ["batched_matrix_multiply_noloop", "error", "0", "/"]
    # The short result is on the function's line when there is room, else on the next line.
    short = "9 of 59 cases failed: raised RuntimeError"
    following = lines[lines.index(row) + 1]
    assert (short in row) if width == 120 else (following.strip() == short)
    assert any("no CUDA here" in line for line in lines)  # why mm_on_gpu is skipped
    # Functions that are simply missing share one line; the others get their details below.
    assert "not implemented yet: make_one_hot" in "\n".join(lines)
    detail = lines.index("batched_matrix_multiply_noloop: error (0 / 1)")
    assert lines[detail + 1].startswith("  - 9 of 59 cases failed; the first:")
    assert lines[detail + 2].startswith("    xxx")  # wrapped with a hanging indent


def test_the_short_result_is_in_the_json_too():
    data = json.loads(narrow_and_wide().to_json())
    assert data["functions"][1]["summary"] == "9 of 59 cases failed: raised RuntimeError"


def test_default_weights_cover_every_graded_function():
    from torch101.grader.spec import SPECS

    weights = load_weights()
    assert set(weights.points) == set(SPECS)
    assert weights.credits.rule_violation == 0.0 and weights.credits.half_credit == 0.5


def test_a_weights_file_overrides_only_its_keys(tmp_path):
    path = tmp_path / "w.toml"
    path.write_text("[points]\nnormalize_columns = 3\n[credit]\nrule_violation = 0.25\n")
    weights = load_weights(path)
    assert weights.points["normalize_columns"] == 3.0 and weights.points["reverse_rows"] == 1.0
    assert weights.credits.rule_violation == 0.25


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[points]\nnormalise_columns = 1\n", "unknown points.normalise_columns; allowed: "),
        ("[points]\nreverse_rows = -1\n", "must be a number >= 0"),
        ("[credit]\nhalf_credit = 2\n", "between 0 and 1"),
        ("[bonus]\nx = 1\n", "unknown section"),
        ("[points\n", "not valid TOML"),
    ],
)
def test_bad_weights_files_say_what_is_allowed(tmp_path, text, words):
    path = tmp_path / "w.toml"
    path.write_text(text)
    with pytest.raises(ValueError, match="load_weights") as info:
        load_weights(path)
    assert words in str(info.value)


def test_a_missing_weights_file():
    with pytest.raises(ValueError, match="does not exist"):
        load_weights("/nonexistent/weights.toml")


def test_html_page_is_a_standalone_document_of_the_table(tmp_path) -> None:
    from torch101.grader.cli import add_arguments, run

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    out = tmp_path / "report.html"
    code = run(parser.parse_args([str(CORPUS / "stub_2022.py"), "--html", str(out)]))
    page = out.read_text()
    assert code == 1
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    assert "<code>normalize_columns</code>" in page and "not_implemented" in page
