"""`torch101 bench` end to end through the top-level CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from torch101.cli import main


def test_help_lists_the_experiments(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["bench", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for word in (
        "mm",
        "crossover",
        "bmm",
        "add",
        "normalize",
        "offload",
        "--quick",
        "--json",
        "--plot",
        "--threads",
        "--time-limit",
    ):
        assert word in out


def test_unknown_experiment_lists_the_allowed_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "fft"]) == 2
    err = capsys.readouterr().err
    assert "unknown experiment fft" in err and "mm, crossover, bmm, add, normalize, offload" in err


def test_bad_device_is_refused_by_argparse(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["bench", "--device", "tpu"])
    assert "cpu" in capsys.readouterr().err


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the no-GPU refusal")
def test_device_cuda_without_a_gpu_fails_with_the_reason(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["bench", "add", "--device", "cuda"]) == 2
    assert "torch.cuda.is_available() is False" in capsys.readouterr().err


def test_quick_bmm_writes_json_and_plot_then_reloads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, png = tmp_path / "bmm.json", tmp_path / "bmm.png"
    threads = torch.get_num_threads()
    argv = ["bench", "bmm", "--quick", "--device", "cpu", "--threads", "1"]
    assert main([*argv, "--json", str(data), "--plot", str(png)]) == 0
    assert torch.get_num_threads() == threads  # --threads holds for the run only
    out = capsys.readouterr().out
    assert "Loop vs torch.bmm" in out and "summary" in out and "--device cpu was given" in out
    assert "the CPU at 1 thread." in " ".join(out.split())
    doc = json.loads(data.read_text())
    assert doc["tool"] == "torch101 bench" and doc["quick"] is True
    assert doc["environment"]["torch_threads"] == 1
    assert {t["threads"] for t in doc["results"][0]["timings"].values()} == {1}
    (result,) = doc["results"]
    assert result["name"] == "bmm" and result["skipped"]
    timing = result["timings"]["2022 cpu B=124 loop"]
    assert timing["samples_s"] and timing["stats_s"]["n"] == len(timing["samples_s"])
    assert png.read_bytes()[:4] == b"\x89PNG"

    merged = tmp_path / "merged.json"
    assert main(["bench", "--load", str(data), str(data), "--json", str(merged)]) == 0
    out = capsys.readouterr().out
    assert out.count("Loop vs torch.bmm") == 2
    assert [r["name"] for r in json.loads(merged.read_text())["results"]] == ["bmm", "bmm"]


def test_load_rejects_other_json_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other, broken = tmp_path / "other.json", tmp_path / "broken.json"
    other.write_text("{}")
    broken.write_text("{")
    assert main(["bench", "--load", str(other)]) == 2
    assert f"--load {other}: not a torch101 bench JSON" in capsys.readouterr().err
    assert main(["bench", "--load", str(broken)]) == 2
    assert main(["bench", "--load", str(tmp_path / "missing.json")]) == 2
    err = capsys.readouterr().err
    assert (
        f"--load {broken}: not valid JSON" in err
        and f"--load {tmp_path / 'missing.json'}: No such file" in err
    )


def test_outputs_that_cannot_be_written_are_refused_before_measuring(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    for option in ("--json", "--plot", "--markdown"):
        assert main(["bench", "bmm", "--quick", option, str(blocker / "out")]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"torch101 bench: error: {option} ") and "running" not in err
    assert main(["bench", "bmm", "--quick", "--plot", str(tmp_path)]) == 2
    assert "that is a folder" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [("--threads", "0", "--threads expects a whole number >= 1, got '0'"),
     ("--threads", "two", "--threads expects a whole number >= 1, got 'two'"),
     ("--time-limit", "-5", "--time-limit expects a number of seconds > 0, got '-5'")],
)  # fmt: skip
def test_bad_threads_and_time_limits_are_refused(
    option: str, value: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["bench", "bmm", option, value])
    assert expected in capsys.readouterr().err


def test_a_time_limit_stops_sweeps_and_later_experiments() -> None:
    import io

    from rich.console import Console

    from torch101.bench.run import run_experiments

    console = Console(file=io.StringIO())
    _, results, _ = run_experiments(
        ["bmm", "add"], device="cpu", quick=True, time_limit=1e-3, console=console
    )
    (bmm,) = results  # add never started
    assert list(bmm.plots[0].series[0].x) == [4]  # one point of the sweep, then the limit
    assert any("the time limit was reached" in s for s in bmm.skipped)
    assert "skipped add: the time limit was reached" in console.file.getvalue()


def test_a_failing_experiment_still_saves_its_complete_tables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    from rich.console import Console

    from torch101.bench.experiments import bmm
    from torch101.bench.results import Result, Table
    from torch101.bench.run import run_experiments

    def breaks(ctx, params):  # one table done, then a failure
        res = ctx.start(Result("bmm", "Loop vs bmm", ctx.machine))
        res.tables.append(Table("done", [], [{"B": 4}]))
        raise RuntimeError("CUDA error: an illegal memory access")

    monkeypatch.setattr(bmm, "run", breaks)
    saved: list[list[Result]] = []
    with pytest.raises(RuntimeError, match="illegal memory access"):
        run_experiments(["bmm"], device="cpu", quick=True, console=Console(file=io.StringIO()),
                        on_result=lambda env, results: saved.append(list(results)))  # fmt: skip
    ((partial,),) = saved
    assert partial.tables[0].title == "done"
    assert partial.warnings == [
        "failed (RuntimeError: CUDA error: an illegal memory access): only the tables that were "
        "complete are kept"
    ]


@pytest.mark.slow
def test_sigterm_saves_what_was_complete(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    data = tmp_path / "run.json"
    argv = [sys.executable, "-m", "torch101", "bench", "bmm", "crossover", "normalize", "--quick",
            "--device", "cpu", "--json", str(data)]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + 120
        while not data.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)  # the first experiment has finished once the file appears
        assert data.exists(), proc.communicate()[1][-2000:]
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err[-2000:]
    assert b"interrupted" in out
    names = [r["name"] for r in json.loads(data.read_text())["results"]]
    assert names[0] == "bmm" and len(names) <= 3
    assert not list(tmp_path.glob(".run.json.*"))  # written atomically: no temporary file left


def test_ceilings_of_a_saved_run_are_reused_not_measured(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from torch101.bench.results import Ceiling, Result
    from torch101.bench.run import save_results

    saved = tmp_path / "before.json"
    fast = {name: Ceiling(f"fake {name}", 1e6, "GB/s read+write", "saved") for name in
            ("cpu_copy", "cpu_new_tensor")}  # fmt: skip
    slower = Ceiling("fake cpu_copy", 5e5, "GB/s read+write", "saved")
    results = [Result("x", "X", "box", ceilings={"cpu_copy": slower}),
               Result("y", "Y", "box", ceilings=fast)]  # fmt: skip
    save_results(saved, {}, results, quick=True)
    data = tmp_path / "add.json"
    argv = ["bench", "add", "--quick", "--device", "cpu", "--ceilings", str(saved)]
    assert main([*argv, "--json", str(data)]) == 0
    assert "measuring ceiling" not in capsys.readouterr().err
    (result,) = json.loads(data.read_text())["results"]
    assert {k: c["value"] for k, c in result["ceilings"].items()} == {
        "cpu_copy": 1e6,
        "cpu_new_tensor": 1e6,
    }  # fmt: skip: the best saved value of each
    assert main(["bench", "add", "--ceilings", str(tmp_path / "none.json")]) == 2
    assert "--ceilings" in capsys.readouterr().err
