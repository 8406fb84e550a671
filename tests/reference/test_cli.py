"""`torch101 --help` works and stays light: importing the package or its CLI loads no torch."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest


def _python(code: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


_TORCH_LOADED = "any(m == 'torch' or m.startswith('torch.') for m in sys.modules)"


def test_python_m_torch101_help() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "torch101", "--help"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "solution" in proc.stdout


@pytest.mark.skipif(shutil.which("torch101") is None, reason="console script not installed")
def test_console_script_help() -> None:
    proc = subprocess.run(["torch101", "--help"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "solution" in proc.stdout


def test_solution_help_lists_the_templates() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "torch101", "solution", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "--template" in proc.stdout and "2020" in proc.stdout and "2022" in proc.stdout


def test_importing_the_package_and_its_cli_loads_no_torch() -> None:
    result = _python(
        f"import sys, json, torch101, torch101.cli; print(json.dumps({_TORCH_LOADED}))"
    )
    assert result is False


def test_importing_the_solution_command_loads_no_torch() -> None:
    """The room's cli module must stay light, including its package's __init__."""
    result = _python(
        f"import sys, json, torch101.reference.cli; print(json.dumps({_TORCH_LOADED}))"
    )
    assert result is False


def test_help_loads_no_torch() -> None:
    code = f"""
import sys, json
from torch101.cli import main
try:
    main(["--help"])
except SystemExit:
    pass
print(json.dumps({_TORCH_LOADED}))
"""
    assert _python(code) is False


def test_importing_the_reference_does_not_initialise_cuda() -> None:
    result = _python(
        "import json, torch101.reference, torch; print(json.dumps(torch.cuda.is_initialized()))"
    )
    assert result is False


def test_solution_help_says_which_template_is_the_default() -> None:
    from torch101.cli import build_parser

    sub = build_parser()._subparsers._group_actions[0].choices["solution"]
    assert "(default: 2022)" in sub.format_help()


def test_solution_out_creates_its_folder(tmp_path) -> None:
    from torch101.cli import main

    out = tmp_path / "new" / "pytorch101.py"
    assert main(["solution", "--template", "2020", "--out", str(out)]) == 0
    assert "def count_negative_entries(" in out.read_text()


def test_solution_out_never_replaces_a_file_without_force(tmp_path, capsys) -> None:
    from torch101.cli import main

    mine = tmp_path / "pytorch101.py"
    mine.write_text("# a student's own work\n")
    assert main(["solution", "--out", str(mine)]) == 2
    assert mine.read_text() == "# a student's own work\n"
    err = capsys.readouterr().err
    assert "the file exists" in err and "--force" in err and err.count("\n") == 1
    assert main(["solution", "--out", str(mine), "--force"]) == 0
    assert "def reverse_rows(" in mine.read_text()
    assert main(["solution", "--force"]) == 2  # --force without --out is a usage error
    assert "--force only applies with --out" in capsys.readouterr().err


def test_solution_out_that_cannot_be_written_is_a_clear_error(tmp_path, capsys) -> None:
    from torch101.cli import main

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert main(["solution", "--out", str(blocker / "pytorch101.py")]) == 2
    assert main(["solution", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("torch101 solution: error: cannot write") == 2 and "Traceback" not in err


def test_version_and_examples_in_the_top_level_help() -> None:
    import importlib.metadata

    proc = subprocess.run(
        [sys.executable, "-m", "torch101", "--version"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"torch101 {importlib.metadata.version('torch101')}"
    env = {**os.environ, "COLUMNS": "80"}
    proc = subprocess.run(
        [sys.executable, "-m", "torch101", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert "examples:" in proc.stdout and "torch101 grade path/to/pytorch101.py" in proc.stdout
    assert max(map(len, proc.stdout.splitlines())) <= 80  # fits a standard terminal


def test_help_of_the_package_names_every_lazy_public_name() -> None:
    import torch101

    # help(torch101) cannot see names that load on first use: the docstring lists them (the
    # reference's functions, one per function of the templates, by one example).
    from torch101.reference import _WHERE

    for name in torch101.__all__:
        if name != "__version__" and name not in _WHERE:
            assert f"torch101.{name}" in torch101.__doc__, name
    assert "every function of both templates" in torch101.__doc__
