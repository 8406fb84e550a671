"""`torch101 tour` as a learner runs it: listing, errors, plain output, GPU handling."""

from __future__ import annotations

import subprocess
import sys

import pytest
import torch

from torch101.tour import SECTIONS
from torch101.tour.runner import StepResult


def test_the_dispatcher_routes_tour_to_this_cli():
    from torch101.cli import COMMANDS

    assert COMMANDS["tour"] == "torch101.tour.cli"


def test_importing_the_cli_does_not_import_torch():
    code = "import sys, torch101.tour.cli; print('torch' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_list_names_every_section_with_its_description(tour_main, capsys):
    assert tour_main("--list") == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    for section in SECTIONS:
        [line] = [line for line in lines if line.split()[:1] == [section.name]]
        assert section.summary in line
    assert "Traceback" not in out


def test_unknown_section_exits_2_and_lists_the_valid_names(tour_main, capsys):
    assert tour_main("matrix", "matrx") == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # nothing ran
    assert "unknown section 'matrx'" in captured.err
    assert "did you mean 'matrix'?" in captured.err
    for section in SECTIONS:
        assert section.name in captured.err


def test_plain_output_contains_the_blog_values(tour_main, capsys, blog):
    assert tour_main("matrix", "broadcasting", "in-place", "--plain") == 0
    out = capsys.readouterr().out
    for key, value in blog.items():
        if key != "x0_device":
            assert value in out, key
    assert "\x1b[" not in out


def test_sections_run_in_the_order_given(tour_main, capsys):
    assert tour_main("in-place", "matrix", "--plain") == 0
    out = capsys.readouterr().out
    assert out.index("Out-of-place vs in-place operators") < out.index("Matrix operations")


def test_output_to_a_pipe_is_plain_and_shows_code_output_then_note(tour_main, capsys):
    # capsys replaces stdout with a non-terminal stream: plain text without asking.
    assert tour_main("matrix") == 0
    out = capsys.readouterr().out
    assert "\x1b[" not in out
    code = out.index("print(torch.dot(v, w))")
    output = out.index("tensor(219.)", code)
    note = out.index("`dot` multiplies two rank-1 tensors", output)
    assert code < output < note


def test_gpu_section_without_cuda_says_so_and_shows_the_cpu_side(
    tour_main, capsys, monkeypatch, blog
):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert tour_main("gpu", "--plain") == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert "Error" not in captured.out
    assert "PyTorch cannot use GPUs" in captured.out
    assert blog["x0_device"] in captured.out
    assert "y device / dtype: cpu torch.float64" in captured.out
    assert "x5 device / dtype: cpu torch.float64" in captured.out
    assert "x4 device: cpu  same tensor as x0: True" in captured.out


@pytest.mark.cuda
def test_gpu_section_with_cuda_reproduces_the_blog(tour_main, capsys):
    assert tour_main("gpu", "--plain") == 0
    out = capsys.readouterr().out
    assert "PyTorch can use GPUs!" in out
    for line in (
        "x1 device: cuda:0",
        "x2 device: cuda:0",
        "x3 device: cpu",
        "x4 device: cpu",
        "y device / dtype: cuda:0 torch.float64",
        "x5 device / dtype: cuda:0 torch.float64",
        "y1 on CPU: True",
        "Difference within tolerance: True",
    ):
        assert line in out


def test_a_failing_step_is_shown_without_traceback_and_exits_1(tour_main, capsys, monkeypatch):
    import torch101.tour.runner as runner

    def broken(section):
        yield StepResult(section.steps[0], "partial\n", "RuntimeError: boom")

    monkeypatch.setattr(runner, "run_section", broken)
    assert tour_main("matrix", "--plain") == 1
    captured = capsys.readouterr()
    assert "RuntimeError: boom" in captured.out
    assert "1 step(s) failed" in captured.err
    assert "Traceback" not in captured.out + captured.err


def test_notebook_option_writes_a_valid_notebook_and_runs_nothing(tour_main, capsys, tmp_path):
    import nbformat  # here, not at the top: the GPU machine's image has no nbformat

    path = tmp_path / "tour.ipynb"
    assert tour_main("matrix", "gpu", "--notebook", str(path)) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert str(path) in captured.err
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    steps = [step.code for name in ("matrix", "gpu") for step in SECTIONS_BY_NAME[name].steps]
    assert code == ["import torch", *steps]
    assert all(not cell.outputs for cell in notebook.cells if cell.cell_type == "code")


def test_notebook_in_a_missing_folder_creates_it(tour_main, capsys, tmp_path):
    import nbformat

    path = tmp_path / "missing" / "tour.ipynb"
    assert tour_main("gpu", "--notebook", str(path)) == 0
    nbformat.validate(nbformat.read(path, as_version=4))
    assert ": 1 section, " in capsys.readouterr().err  # not "1 sections"


def test_notebook_that_cannot_be_written_is_a_clear_usage_error(tour_main, capsys, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert tour_main("--notebook", str(blocker / "tour.ipynb")) == 2
    assert tour_main("--notebook", str(tmp_path)) == 2
    captured = capsys.readouterr()
    assert captured.err.count("cannot write") == 2 and "Traceback" not in captured.err


def test_list_and_notebook_are_mutually_exclusive(tour_main, capsys):
    with pytest.raises(SystemExit) as info:
        tour_main("--list", "--notebook", "x.ipynb")
    assert info.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


SECTIONS_BY_NAME = {section.name: section for section in SECTIONS}
