"""The generated notebook, executed in a real Jupyter kernel, shows what the terminal shows."""

from __future__ import annotations

import nbformat
import pytest
import torch

from torch101.tour import SECTIONS, build_notebook
from torch101.tour.runner import run_section


def test_notebook_structure_mirrors_the_sections():
    notebook = build_notebook()
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code[0].source == "import torch"
    steps = [step for section in SECTIONS for step in section.steps]
    assert [cell.source for cell in code[1:]] == [step.code for step in steps]
    # Each code cell is followed by its explanation as a markdown cell.
    for i, cell in enumerate(notebook.cells):
        if cell.cell_type == "code" and "tour" in cell.metadata:
            note = notebook.cells[i + 1]
            assert note.cell_type == "markdown" and note.id == cell.id + "-note"
    markdown = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "## Tensor operations" in markdown and "### Matrix operations" in markdown
    assert "## Broadcasting" in markdown and "### Out-of-place vs in-place operators" in markdown


def test_notebook_is_deterministic():
    assert nbformat.writes(build_notebook()) == nbformat.writes(build_notebook())


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict[str, nbformat.NotebookNode]:
    """The whole tour notebook, executed once in an ipykernel; cell id -> executed cell.

    The kernelspec is written into a temporary prefix pointing at this interpreter, so the
    test works on a fresh machine where only `pip install -e .[dev]` was run.
    """
    from ipykernel.kernelspec import write_kernel_spec
    from nbclient import NotebookClient

    root = tmp_path_factory.mktemp("kernel")
    # write_kernel_spec with an explicit path: install() leaves an empty temp dir behind.
    write_kernel_spec(path=str(root / "share" / "jupyter" / "kernels" / "python3"))
    notebook = build_notebook()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(root / "share" / "jupyter"))
        patch.delenv("NO_COLOR", raising=False)
        client = NotebookClient(
            notebook,
            timeout=120,
            kernel_name="python3",
            resources={"metadata": {"path": str(root)}},
        )
        client.execute()
    return {cell.id: cell for cell in notebook.cells if cell.cell_type == "code"}


def _text(cell: nbformat.NotebookNode) -> str:
    """What a learner sees under a cell: streams, then the last expression's value."""
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type == "execute_result":
            parts.append(output.data["text/plain"] + "\n")
    return "".join(parts)


@pytest.mark.slow
def test_the_notebook_runs_clean_in_a_kernel(executed):
    errors = [
        (cell_id, output.get("ename"))
        for cell_id, cell in executed.items()
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert errors == []
    stderr = [
        cell_id
        for cell_id, cell in executed.items()
        for output in cell.outputs
        if output.get("name") == "stderr"
    ]
    assert stderr == []


@pytest.mark.slow
def test_the_notebook_shows_the_blog_values(executed, blog):
    assert _text(executed["matrix-1"]) == blog["dot"]
    assert _text(executed["matrix-2"]) == blog["dot_2d_error"]
    assert _text(executed["matrix-3"]) == blog["mm"]
    assert blog["normalize_columns"] in _text(executed["broadcasting-11"])
    assert _text(executed["in-place-2"]).startswith(blog["add_"])
    assert _text(executed["contiguous-4"]) == "True\n"  # a bare last expression is displayed
    expected = "PyTorch can use GPUs!" if torch.cuda.is_available() else "PyTorch cannot use GPUs"
    assert expected in _text(executed["gpu-1"])
    assert blog["x0_device"] == _text(executed["gpu-2"])


@pytest.mark.slow
def test_kernel_and_terminal_show_the_same_outputs(executed):
    # One source of truth: every step whose output does not vary (all but the timing) prints
    # the same text in the notebook kernel as in the terminal runner.
    different = []
    for section in SECTIONS:
        for number, result in enumerate(run_section(section), start=1):
            if result.step.stable and _text(executed[f"{section.name}-{number}"]) != result.output:
                different.append(f"{section.name}-{number}")
    assert different == []
