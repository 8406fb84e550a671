"""Gradescope: results.json in its schema, the bundle, and run_autograder on a fake /autograder."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile

import pytest

from torch101.grader.report.gradescope import build_bundle, results_json, run_autograder

RESULT = {
    "template": "2022",
    "functions": [
        {
            "name": "reverse_rows",
            "status": "pass",
            "score": 1.0,
            "max_score": 1.0,
            "messages": ["passed all 3 cases"],
        },  # fmt: skip
        {
            "name": "zero_row_min",
            "status": "timeout",
            "score": 0.0,
            "max_score": 2.0,
            "messages": ["still running after 5 s"],
        },  # fmt: skip
        {
            "name": "mm_on_gpu",
            "status": "skipped",
            "score": 0.0,
            "max_score": 0.0,
            "messages": ["no CUDA"],
        },  # fmt: skip
    ],
    "score": 1.0,
    "max_score": 3.0,
    "notes": ["the network is not cut"],
    "duration_s": 4.25,
}


def test_results_json_follows_gradescopes_schema():
    data = results_json(RESULT, visibility="after_due_date")
    assert set(data) == {"score", "execution_time", "output", "visibility", "stdout_visibility", "tests"}  # fmt: skip
    assert (data["score"], data["execution_time"], data["visibility"]) == (
        1.0,
        4.25,
        "after_due_date",
    )
    assert "1 / 3" in data["output"] and "note: the network is not cut" in data["output"]
    tests = data["tests"]
    assert [t["name"] for t in tests] == ["reverse_rows", "zero_row_min", "mm_on_gpu"]
    assert [t["status"] for t in tests] == ["passed", "failed", "passed"]
    assert [(t["score"], t["max_score"], t["number"]) for t in tests] == [(1.0, 1.0, "1"), (0.0, 2.0, "2"), (0.0, 0.0, "3")]  # fmt: skip
    assert tests[1]["output"] == "status: timeout\nstill running after 5 s"
    assert all(set(t) == {"name", "number", "score", "max_score", "status", "output", "tags", "visibility"} for t in tests)  # fmt: skip
    json.dumps(data)  # plain JSON
    with pytest.raises(ValueError, match="visibility must be one of visible, hidden"):
        results_json(RESULT, visibility="secret")


def test_bundle_holds_the_scripts_and_the_package(tmp_path):
    weights = tmp_path / "w.toml"
    weights.write_text("[points]\nreverse_rows = 2\n")
    path = build_bundle(tmp_path / "ag.zip", template="2022", cases=7, weights=weights)
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        pins = zf.read("constraints.txt").decode()
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in zf.infolist()}
        run = zf.read("run_autograder").decode()
        setup = zf.read("setup.sh").decode()
    assert {"setup.sh", "run_autograder", "weights.toml", "lib/torch101/__init__.py"} <= names
    assert {"lib/torch101/grader/jail/worker.py", "lib/torch101/grader/jail/boot.py", "lib/torch101/reference/__init__.py"} <= names  # fmt: skip
    assert not any("__pycache__" in n for n in names)
    import numpy
    import rich  # noqa: F401

    assert f"numpy=={numpy.__version__}" in pins and "rich==" in pins
    assert modes["run_autograder"] == modes["setup.sh"] == 0o755
    assert "--template 2022 --cases 7" in run and "source/weights.toml" in run
    import torch

    assert f"torch=={torch.__version__.split('+')[0]}+cpu" in setup and "whl/cpu" in setup
    # A venv inside /autograder/source, versions from constraints.txt: no system-wide pip, which
    # PEP 668 images (Ubuntu 24.04, Debian 12) refuse, and no pip upgrade.
    assert 'python3 -m venv "$HERE/venv"' in setup and "--constraint" in setup
    assert "python3 -m pip" not in setup and "--upgrade" not in setup
    assert "constraints.txt" in names and "venv/bin/python" in run
    with pytest.raises(ValueError, match="weights must be an existing TOML file"):
        build_bundle(tmp_path / "x.zip", weights=tmp_path / "none.toml")


def test_run_autograder_always_writes_results_even_without_a_file(tmp_path):
    root = tmp_path / "autograder"
    (root / "submission").mkdir(parents=True)
    (root / "submission" / "notes.txt").write_text("forgot the file")
    assert run_autograder(root) == 1
    data = json.loads((root / "results" / "results.json").read_text())
    assert data["score"] == 0.0 and data["tests"] == []
    assert "holds no pytorch101.py" in data["output"]
    (root / "submission" / "PyTorch101 (1).py").write_text("def f(:\n")  # a renamed download
    assert run_autograder(root) == 1
    data = json.loads((root / "results" / "results.json").read_text())
    assert "SyntaxError" in data["output"] and "line 1" in data["output"]
    (root / "submission" / "A1").mkdir()
    (root / "submission" / "A1" / "pytorch101.py").write_text("x = 2\n")
    assert run_autograder(root) == 1
    data = json.loads((root / "results" / "results.json").read_text())
    assert "several different pytorch101.py files" in data["output"] and data["tests"] == []


@pytest.mark.slow
def test_run_autograder_from_the_bundle_on_a_fake_autograder_root(tmp_path):
    from torch101.reference.export import solution_source

    root = tmp_path / "autograder"
    source = root / "source"
    with zipfile.ZipFile(build_bundle(tmp_path / "ag.zip", template="2022", cases=2)) as zf:
        zf.extractall(source)
    run = source / "run_autograder"
    run.chmod(run.stat().st_mode | stat.S_IXUSR)
    good = solution_source("2022")
    wrong = good.replace("return x[[1, 0, 3], [0, 1, 2]]", "return x[[0, 1, 3], [0, 1, 2]]")
    # Forged results written at import time, the failure hidden: the guard stops the writes.
    planted = "\ntry:\n  for p in ('results.json', '../results/results.json'):\n    __import__('os').makedirs(__import__('os').path.dirname(p) or '.', exist_ok=True)\n    open(p, 'w').write('{\"score\": 100}')\nexcept Exception:\n  pass\n"
    (root / "submission").mkdir()
    (root / "submission" / "pytorch101.py").write_text(wrong + planted)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "PYTHON": sys.executable}
    env.pop("PYTHONPATH", None)
    done = subprocess.run([str(run)], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    data = json.loads((root / "results" / "results.json").read_text())
    status = {t["name"]: t["status"] for t in data["tests"]}
    # The planted code runs at import and breaks the static policy (open, __import__): every
    # function fails, the file is flagged for review, and its results.json is not the grader's.
    assert all(s == "failed" for s in status.values())
    assert "review: line" in data["output"]
    total = sum(t["score"] for t in data["tests"])
    assert data["score"] == pytest.approx(total) and data["score"] < sum(t["max_score"] for t in data["tests"])  # fmt: skip
    assert "torch101:" in data["output"] and "flagged for review" in data["output"]
    assert sorted(p.name for p in (root / "results").iterdir()) == ["results.json"]
    assert not (root / "submission" / "results.json").exists()


def test_command_line_writes_results_json_and_builds_the_bundle(tmp_path, capsys):
    from torch101.cli import main
    from torch101.reference.export import solution_source

    path = tmp_path / "pytorch101.py"
    path.write_text(solution_source("2022"))
    out = tmp_path / "results.json"
    code = main(["grade", str(path), "--only", "reverse_rows", "--cases", "1", "--gradescope", str(out)])  # fmt: skip
    assert code == 0
    data = json.loads(out.read_text())
    assert [(t["name"], t["status"], t["score"]) for t in data["tests"]] == [("reverse_rows", "passed", 1.0)]  # fmt: skip
    bundle = tmp_path / "ag.zip"
    assert main(["grade", "--gradescope-bundle", str(bundle), "--template", "2020"]) == 0
    with zipfile.ZipFile(bundle) as zf:
        assert "--template 2020" in zf.read("run_autograder").decode()
    assert main(["grade", "--gradescope-bundle", str(bundle), "--weights", str(tmp_path / "no.toml")]) == 2  # fmt: skip
    assert "weights must be an existing TOML file" in capsys.readouterr().err
