"""env.py, results.py, report.py and plot.py: what is recorded and how it is shown."""

from __future__ import annotations

import io
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from rich.console import Console

from torch101.bench.env import blas_info, environment, machine_summary
from torch101.bench.plot import plot_results
from torch101.bench.report import format_cell, render, render_summary
from torch101.bench.results import Ceiling, Column, Plot, Result, Series, Table, rel_error
from torch101.bench.timing import Timing

CONFIG = """PyTorch built with:
  - Intel(R) oneAPI Math Kernel Library Version 2024.2-Product Build 20240605 for Intel(R) 64
  - Intel(R) MKL-DNN v3.12.0 (Git Hash 80afa71049cd69a3df32adcccb623b12cd7baa22)
  - OpenMP 201511 (a.k.a. OpenMP 4.5)
  - CPU capability usage: AVX512
  - Build settings: BLAS_INFO=mkl, BUILD_TYPE=Release, LAPACK_INFO=mkl, USE_MKL=ON, USE_OPENMP=ON,
"""


def test_blas_info_parses_torch_config() -> None:
    info = blas_info(CONFIG)
    assert info["BLAS_INFO"] == "mkl" and info["LAPACK_INFO"] == "mkl"
    assert info["USE_MKL"] == "ON" and info["USE_OPENMP"] == "ON"
    assert info["onednn"] == "3.12.0" and info["openmp"] == "201511"
    assert info["cpu_capability"] == "AVX512"
    assert info["mkl"].startswith("2024.2")
    assert blas_info("") == {}


def test_environment_records_threads_blas_and_devices() -> None:
    env = environment()
    json.dumps(env)  # plain data
    assert env["torch"] == torch.__version__
    assert env["torch_threads"] == torch.get_num_threads()
    assert env["blas"] == blas_info(torch.__config__.show())
    assert env["cpu"] and env["logical_cpus"] >= 1
    assert (env["gpu"] is None) == (not torch.cuda.is_available())


def test_machine_summary_names_the_card_or_says_cpu_only() -> None:
    env = {"cpu": "Xeon", "torch_threads": 16, "logical_cpus": 32, "load_average": [0.5, 1, 1]}
    assert (
        machine_summary({**env, "gpu": None})
        == "CPU only: Xeon, 16 torch threads (32 logical CPUs), load 0.5"
    )
    gpu = {"name": "NVIDIA H200", "driver": "580.1"}
    assert machine_summary({**env, "gpu": gpu}).startswith("NVIDIA H200 (driver 580.1), host Xeon")


def sample_result() -> Result:
    t = Timing(samples=(0.002, 0.004, 0.003), method="m", threads=2)
    return Result(
        name="demo",
        title="A demo",
        machine="test box",
        params={"n": 3},
        timings={"fast": t},
        ceilings={"cpu_copy": Ceiling("CPU memory copy", 12.5, "GB/s read+write", "copy_", t)},
        tables=[
            Table(
                "Demo table",
                [
                    Column("path", "path"),
                    Column("ms", "median ms", "ms"),
                    Column("x", "speedup", "x"),
                ],
                [{"path": "a", "ms": 3.0, "x": 12.345}, {"path": "b", "ms": None, "x": math.nan}],
                note="a note",
            )
        ],
        plots=[Plot("Demo plot", "n", "ms", [Series("cpu", [1, 2], [3.0, 4.0])], logx=True)],
        values={"speedup": 2.0, "bad": math.inf},
        skipped=["the GPU part: no CUDA"],
        headline="2x faster",
        verdict="It is faster.",
    )


def test_result_round_trips_through_json_and_drops_non_finite_numbers() -> None:
    result = sample_result()
    data = json.loads(json.dumps(result.to_dict()))
    assert data["values"]["bad"] is None and data["tables"][0]["rows"][1]["x"] is None
    assert data["timings"]["fast"]["samples_s"] == [0.002, 0.004, 0.003]
    again = Result.from_dict(data)
    assert again.timings == result.timings and again.tables[0].columns == result.tables[0].columns
    assert again.plots == result.plots and again.ceilings["cpu_copy"].value == 12.5
    assert again.to_dict() == data


def test_column_format_must_be_known() -> None:
    with pytest.raises(ValueError, match="fmt must be one of"):
        Column("a", "A", "furlongs")


def test_rel_error_is_the_frobenius_ratio() -> None:
    ref = torch.tensor([[3.0, 4.0], [0.0, 0.0]])
    y = torch.tensor([[3.0, 4.0], [0.0, 0.5]])
    assert rel_error(y, ref) == pytest.approx(0.5 / 5.0)
    a = np.random.default_rng(0).normal(size=(5, 4))
    b = a + 1e-3
    expected = np.linalg.norm(b - a) / np.linalg.norm(a)
    assert rel_error(torch.tensor(b), torch.tensor(a)) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (None, "ms", ""),
        (math.nan, "x", ""),
        ("CPU", "text", "CPU"),
        (7, "int", "7"),
        (3.14159, "ms", "3.14"),
        (1234.5, "ms", "1234"),
        (2.5, "x", "2.50x"),
        (31.2, "x", "31.2x"),
        (711.3, "x", "711x"),
        (57.6, "pct", "58%"),
        (7.5e-5, "sci", "7.5e-05"),
        (4000.32, "GBps", "4000"),
        (0.0187, "num", "0.0187"),
    ],
)
def test_format_cell(value: object, fmt: str, text: str) -> None:
    assert format_cell(value, fmt) == text


def test_render_shows_tables_ceilings_skips_and_verdict() -> None:
    buf = io.StringIO()
    console = Console(file=buf, width=120, force_terminal=False)
    render(sample_result(), console)
    render_summary([sample_result()], console)
    out = buf.getvalue()
    for text in ("demo", "Demo table", "12.3x", "CPU memory copy", "12.5", "skipped", "no CUDA",
                 "It is faster.", "a note", "machine: test box", "torch101 bench: summary", "2x faster"):  # fmt: skip
        assert text in out, text
    assert "skipped the GPU part: no CUDA" in out and "(1 part skipped)" in out
    assert out.count("skipped") == 2  # once per mention, never "skipped ...: skipped"


def test_a_skip_reason_says_skipped_once() -> None:
    from torch101.bench.context import Context

    line = Context(cuda=False, why_no_cuda="--device cpu was given").skip_reason("the GPU add")
    assert line == "the GPU add: --device cpu was given"


def test_plot_writes_one_png(tmp_path: Path) -> None:
    path = tmp_path / "plots.png"
    result = sample_result()
    result.plots.append(Plot("Second", "B", "x", [Series("cpu", [1, 2, 3], [1.0, 2.0, 4.0])]))
    assert plot_results([result], path) == ["Demo plot", "Second"]
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    empty = Result("e", "E", "m")
    assert plot_results([empty], tmp_path / "none.png") == []
    assert not (tmp_path / "none.png").exists()


def test_importing_bench_and_its_cli_does_not_import_torch() -> None:
    code = "import sys, torch101.bench, torch101.bench.cli; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_flagged_cells_are_marked_in_the_table_the_summary_and_markdown() -> None:
    from torch101.bench.markdown import to_markdown
    from torch101.bench.report import busy_notice

    result = sample_result()
    row = result.tables[0].rows[0]
    row |= {"flags": ["busy (others used 1.0 of 2 CPUs)"], "suspect": ["ms", "x"]}
    buf = io.StringIO()
    render(result, Console(file=buf, width=200))
    render_summary([result], Console(file=buf, width=200))
    out = buf.getvalue()
    assert "3!" in out and "12.3x!" in out and "busy (others used 1.0 of 2 CPUs)" in out
    assert "(1 row flagged)" in out
    notice = busy_notice([result])
    assert notice.startswith("Other programs kept this machine busy") and "--threads 1" in notice
    assert busy_notice([sample_result()]) == ""  # nothing flagged: no sentence
    text = to_markdown([result])
    assert text.startswith(f"**{notice}**")
    assert "| a | 3! | 12.3x! | busy (others used 1.0 of 2 CPUs) |" in text
    assert Result.from_dict(result.to_dict()).tables[0].rows[0]["flags"] == row["flags"]


def test_a_ceiling_measured_while_busy_is_marked() -> None:
    from torch101.bench.interference import Interference
    from torch101.bench.markdown import to_markdown

    result = sample_result()
    busy = Interference(waited=(0.5, 0.5, 0.5), own_cores=1.0, others_cores=1.2, cpus=2, threads=2)
    ceiling = result.ceilings["cpu_copy"]
    ceiling.timing = Timing(samples=(0.002, 0.0021, 0.002), method="m", interference=busy)
    buf = io.StringIO()
    render(result, Console(file=buf, width=200))
    assert "12.5!" in buf.getvalue()
    assert "CPU memory copy 12.5! (busy (3/3 samples waited" in to_markdown([result])


def test_markdown_has_the_same_tables_and_drops_empty_columns() -> None:
    from torch101.bench.markdown import to_markdown

    result = sample_result()
    result.tables[0].columns.append(Column("gpu", "GPU ms", "ms"))  # never filled: hidden
    text = to_markdown([result])
    assert text.startswith("### demo: A demo\n\nMachine: test box")
    assert "| path | median ms | speedup |\n|---|---:|---:|\n| a | 3 | 12.3x |\n| b |  |  |" in text
    assert "GPU ms" not in text
    assert "*a note*" in text and "- skipped: the GPU part" in text and "> It is faster." in text
    # the sample ceiling's timing is 33 % spread: marked, with the reason
    assert "CPU memory copy 12.5! (spread 33% (IQR/median > 25%)) GB/s read+write" in text
