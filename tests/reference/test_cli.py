"""`torch101 --help` works and stays light: importing the package or its CLI loads no torch."""

from __future__ import annotations

import json
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
