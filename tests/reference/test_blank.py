"""`torch101 start`: the blank template has every function of its template, with the spec's
names, order and parameters, a docstring with the rules, and a stub body; it never overwrites
a file unless asked. (That the grader calls the stubs not_implemented and that the reference
filled in passes: tests/grader/test_blank_template.py.)"""

from __future__ import annotations

import argparse
import ast

import pytest

from torch101.reference import start as start_cli
from torch101.reference.blank import STUB_LINE, BlankExistsError, blank_source, write_blank
from torch101.reference.blank_docs import DOCS
from torch101.reference.templates import TEMPLATES

from .test_export import SPEC


def _functions(source: str) -> list[ast.FunctionDef]:
    return [node for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)]


def _params(fn: ast.FunctionDef) -> str:
    args = fn.args.args
    defaults = [None] * (len(args) - len(fn.args.defaults)) + list(fn.args.defaults)
    return ", ".join(
        a.arg + (f"={ast.unparse(d)}" if d is not None else "") for a, d in zip(args, defaults)
    )


@pytest.mark.parametrize("template", ["2020", "2022"])
def test_names_order_and_parameters_follow_the_spec(template):
    functions = _functions(blank_source(template))
    assert [(fn.name, _params(fn)) for fn in functions] == SPEC[template]


@pytest.mark.parametrize("template", ["2020", "2022"])
def test_students_functions_are_stubs_and_provided_ones_are_written(template):
    provided = TEMPLATES[template].provided
    stub = ast.dump(ast.parse(STUB_LINE).body[0])
    for fn in _functions(blank_source(template)):
        docstring = ast.get_docstring(fn)
        assert docstring and len(docstring) > 40, fn.name
        body = [ast.dump(stmt) for stmt in fn.body[1:]]
        if fn.name in provided:
            assert body and body != [stub], fn.name
        else:
            assert body == [stub], fn.name


def test_docstrings_state_each_templates_rules():
    docs_2022, docs_2020 = (
        {fn.name: ast.get_docstring(fn) for fn in _functions(blank_source(t))}
        for t in ("2022", "2020")
    )
    assert "torch.flip" in docs_2022["reverse_rows"]
    assert "torch.flip" not in docs_2020["reverse_rows"]
    assert "no explicit loops" in docs_2022["make_one_hot"]
    assert "loop" not in docs_2020["make_one_hot"]
    assert "M - 1" in docs_2022["normalize_columns"] and "x.std" in docs_2022["normalize_columns"]
    assert "float64" in docs_2022["multiples_of_ten"]
    assert "numel" in docs_2022["count_tensor_elements"]
    assert "half credit" in docs_2022["challenge_get_uniques"]
    assert "Python int" in docs_2022["sum_positive_entries"]


def test_every_function_of_both_templates_has_a_doc_and_no_more():
    names = {name for t in TEMPLATES.values() for name in t.functions}
    assert set(DOCS) == names


def test_the_file_is_tidy_python():
    for template in ("2020", "2022"):
        source = blank_source(template)
        compile(source, "pytorch101.py", "exec")
        assert max(len(line) for line in source.splitlines()) <= 100
        assert not any(line != line.rstrip() for line in source.splitlines())


def test_an_unknown_template_is_refused_by_name():
    with pytest.raises(ValueError, match="'2019'.*2020, 2022"):
        blank_source("2019")


def test_write_refuses_to_overwrite_unless_forced(tmp_path):
    out = tmp_path / "pytorch101.py"
    out.write_text("my work\n")
    with pytest.raises(BlankExistsError, match="already exists.*--force"):
        write_blank(out)
    assert out.read_text() == "my work\n"
    write_blank(out, "2020", force=True)
    assert "count_negative_entries" in out.read_text()


def _run(tmp_path, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    start_cli.add_arguments(parser)
    return start_cli.run(parser.parse_args(list(argv)))


def test_cli_writes_then_refuses_then_forces(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _run(tmp_path) == 0
    written = (tmp_path / "pytorch101.py").read_text()
    assert written == blank_source("2022")
    assert "torch101 grade --watch pytorch101.py" in capsys.readouterr().err
    (tmp_path / "pytorch101.py").write_text("half done\n")
    assert _run(tmp_path, "--template", "2020") == 2
    err = capsys.readouterr().err
    assert err.startswith("torch101 start: error: --out: pytorch101.py already exists")
    assert (tmp_path / "pytorch101.py").read_text() == "half done\n"
    assert _run(tmp_path, "--template", "2020", "--force") == 0
    assert (tmp_path / "pytorch101.py").read_text() == blank_source("2020")


def test_cli_out_folder_created_folder_refused_and_stdout(tmp_path, capsys):
    assert _run(tmp_path, "--out", str(tmp_path / "a1" / "pytorch101.py")) == 0
    assert (tmp_path / "a1" / "pytorch101.py").is_file()
    assert _run(tmp_path, "--out", str(tmp_path)) == 2
    assert "is a folder" in capsys.readouterr().err
    assert _run(tmp_path, "--out", "-") == 0
    assert capsys.readouterr().out == blank_source("2022")


def test_the_top_level_command_dispatches_start(tmp_path, capsys):
    from torch101.cli import main

    out = tmp_path / "pytorch101.py"
    assert main(["start", "--template", "2020", "--out", str(out)]) == 0
    assert out.read_text() == blank_source("2020")
    assert main(["start", "--out", str(out)]) == 2
    assert "torch101 start: error: --out:" in capsys.readouterr().err
