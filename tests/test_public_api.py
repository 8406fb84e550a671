"""The Python API is discoverable: `dir(torch101)` lists the public names (without importing
torch), each resolves to the room's object, and the CLI and the functions share option names."""

from __future__ import annotations

import argparse
import inspect
import json
import subprocess
import sys

import pytest

import torch101
from torch101.reference.templates import TEMPLATES


def test_dir_lists_the_public_names_without_importing_torch():
    code = (
        "import json, sys, torch101; names = dir(torch101); "
        "print(json.dumps([names, 'torch' in sys.modules]))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    names, torch_loaded = json.loads(proc.stdout)
    assert torch_loaded is False
    functions = {name for t in TEMPLATES.values() for name in t.functions}
    expected = {"grade", "start", "mm_offload", "normalize_columns_fast", "reference", "tour"}
    assert expected | functions <= set(names)
    assert not {"importlib", "annotations", "Any", "get_template"} & set(names)  # no clutter


def test_each_name_resolves_to_its_rooms_object():
    from torch101 import reference
    from torch101.grader.api import grade
    from torch101.reference.blank import write_blank

    assert torch101.grade is grade and torch101.start is write_blank
    assert torch101.reshape_practice is reference.reshape_practice
    assert torch101.tour.__name__ == "torch101.tour"
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        torch101.nope  # noqa: B018


def _options(module) -> set[str]:
    parser = argparse.ArgumentParser()
    module.add_arguments(parser)
    return {a.dest for a in parser._actions if a.option_strings and a.dest != "help"}


def test_grade_takes_the_cli_option_names():
    from torch101.grader import cli

    params = set(inspect.signature(torch101.grade).parameters)
    # The options that set how one file is graded (the rest choose outputs or class mode).
    assert {"template", "seed", "cases", "weights", "only"} <= _options(cli) & params


def test_start_takes_the_cli_option_names():
    from torch101.reference import start

    assert _options(start) == set(inspect.signature(torch101.start).parameters)


def test_an_option_and_its_older_name_together_are_refused(tmp_path):
    from torch101.grader.api import UsageError

    with pytest.raises(UsageError, match="cases or random_cases"):
        torch101.grade(None, cases=3, random_cases=4)
    with pytest.raises(UsageError, match="only or functions"):
        torch101.grade(None, only=["hello"], functions=["hello"])
