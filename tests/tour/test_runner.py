"""Running steps live: what is captured, how errors are reported, and every section's output."""

from __future__ import annotations

import pytest

from torch101.tour import SECTIONS
from torch101.tour.model import Section, step
from torch101.tour.runner import new_namespace, run_section, run_step


@pytest.fixture(scope="module")
def outputs() -> dict[str, list]:
    """Every section run once: name -> list of StepResult."""
    return {section.name: list(run_section(section)) for section in SECTIONS}


def test_prints_and_the_last_expression_are_captured_like_a_notebook_cell():
    namespace = new_namespace()
    result = run_step(step("x = 20 + 1\nprint('hi')\nx * 2", "Note."), namespace)
    assert result.error is None
    assert result.output == "hi\n42\n"
    assert namespace["x"] == 21


def test_a_last_expression_of_none_shows_nothing_and_statements_show_nothing():
    namespace = new_namespace()
    assert run_step(step("None", "Note."), namespace).output == ""
    assert run_step(step("y = 3", "Note."), namespace).output == ""


def test_the_namespace_is_shared_within_a_section_and_starts_with_torch():
    section = Section(
        name="demo",
        group="G",
        heading="H",
        summary="s",
        steps=(step("a = torch.ones(2)", "One."), step("print(a.sum().item())", "Two.")),
    )
    results = list(run_section(section))
    assert [r.output for r in results] == ["", "2.0\n"]


def test_a_raising_step_is_reported_and_does_not_propagate():
    namespace = new_namespace()
    result = run_step(step("print('before')\n1 / 0", "Note."), namespace)
    assert result.output == "before\n"
    assert result.error == "ZeroDivisionError: division by zero"


def test_sections_do_not_share_names():
    first = Section("a", "G", "H", "s", (step("leaked = 1", "One."),))
    second = Section("b", "G", "H", "s", (step("leaked", "One."),))
    list(run_section(first))
    [result] = list(run_section(second))
    assert result.error is not None and result.error.startswith("NameError")


def test_every_section_runs_without_errors(outputs):
    failures = {
        (name, i + 1): r.error for name, rs in outputs.items() for i, r in enumerate(rs) if r.error
    }
    assert failures == {}


def test_every_step_shows_something(outputs):
    empty = [
        (name, i + 1) for name, rs in outputs.items() for i, r in enumerate(rs) if not r.output
    ]
    assert empty == []


def test_matrix_section_reproduces_the_blog(outputs, blog):
    dot, dot_error, mm, mv, mm_column, matmul = (r.output for r in outputs["matrix"])
    assert dot == blog["dot"]
    assert dot_error == blog["dot_2d_error"]
    assert mm == blog["mm"]
    assert mv == blog["mv"]
    assert mm_column == 2 * blog["mm_column"] + blog["mm_column_shape"]
    assert matmul.startswith(blog["matmul"])


def test_matrix_numbers_agree_with_pure_python():
    # Independent oracle for the numbers behind the blog's reprs.
    v, w = [9, 10], [11, 12]
    x, y = [[1, 2], [3, 4]], [[5, 6], [7, 8]]
    assert sum(a * b for a, b in zip(v, w)) == 219
    assert [[sum(x[i][k] * y[k][j] for k in range(2)) for j in range(2)] for i in range(2)] == [
        [19, 22],
        [43, 50],
    ]
    assert [sum(x[i][k] * v[k] for k in range(2)) for i in range(2)] == [29, 67]


def test_vectorization_loop_and_bmm_agree(outputs):
    loop, bmm, timing = (r.output for r in outputs["vectorization"])
    assert loop == "torch.Size([2, 3, 4])\n"
    assert bmm == "torch.Size([2, 3, 4])\nsame result: True\n"
    assert "loop / bmm:" in timing


def test_broadcasting_section_reproduces_the_blog(outputs, blog):
    text = "".join(r.output for r in outputs["broadcasting"])
    for key in ("x_plus_v", "xx", "vv", "v_before", "outer", "matrix_plus_vector"):
        assert blog[key] in text, key
    assert text.count(blog["add_to_columns"]) == 2  # view(-1, 1) and the double transpose
    assert text.count(blog["x_plus_v"]) == 3  # loop, repeat and broadcasting agree


def test_normalize_columns_step_matches_the_spec_and_a_float64_oracle(outputs, blog):
    stats, normalized = (r.output for r in outputs["broadcasting"][-2:])
    assert normalized == blog["normalize_columns"] + "x unchanged: True\n"
    # Means and sample standard deviations of the columns, by hand in float64.
    columns = list(zip(*[[0, 30, 600], [1, 10, 200], [-1, 20, 400]]))
    means = [sum(c) / 3 for c in columns]
    stds = [(sum((v - m) ** 2 for v in c) / 2) ** 0.5 for c, m in zip(columns, means)]
    assert (means, stds) == ([0, 20, 400], [1, 10, 200])
    assert stats == (
        "column means: tensor([  0.,  20., 400.])\n"
        "column standard deviations: tensor([  1.,  10., 200.])\n"
    )


def test_in_place_section_reproduces_the_blog(outputs, blog):
    add, add_, aliasing, out = (r.output for r in outputs["in-place"])
    assert add == blog["add"] + "z is x: False\n"
    assert add_ == blog["add_"] + "z is x: True\n"
    assert aliasing == (
        "after x += y:    alias = tensor([4, 6, 8])\n"
        "after x = x + y: alias = tensor([4, 6, 8])  x = tensor([ 7, 10, 13])\n"
    )
    assert out == "x:  tensor([4, 6, 8])\n"


def test_contiguous_section_shows_pytorchs_own_view_error(outputs):
    error = outputs["contiguous"][1].output
    assert error.startswith("<class 'RuntimeError'> view size is not compatible")
    assert outputs["contiguous"][-1].output == "True\n"
