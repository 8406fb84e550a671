"""Each experiment, run for real at tiny sizes: on the CPU here, on CUDA where present."""

from __future__ import annotations

import io
import json

import pytest
import torch
from rich.console import Console

from torch101.bench import ceilings
from torch101.bench.context import Context, cuda_status
from torch101.bench.experiments import EXPERIMENTS, load
from torch101.bench.experiments.crossover import crossover
from torch101.bench.results import Ceiling, Result
from torch101.bench.timing import TimingSpec

FAST = TimingSpec(warmup=1, min_samples=2, min_run_time=0.005, max_run_time=0.02)


def cpu_context() -> Context:
    """No CUDA, and fake ceilings so that no test spends time measuring them."""
    ctx = Context(cuda=False, why_no_cuda="no CUDA in this test", quick=True, machine="test box",
                  console=Console(file=io.StringIO()))  # fmt: skip
    ctx.ceilings = {name: Ceiling(name, 10.0, "unit", "fake") for name in ceilings.NAMES}
    return ctx


def tiny(name: str) -> object:
    module = load(name)
    return {
        "mm": lambda: module.Params(m=8, k=16, n=8, fresh_repeats=1, spec=FAST),
        "crossover": lambda: module.Params(sizes=(8, 16, 32), spec=FAST),
        "bmm": lambda: module.Params(
            templates=("2022", "2020"), batches={"2022": (2, 4), "2020": (3,)}, spec=FAST
        ),
        "add": lambda: module.Params(n=64, spec=FAST),
        "normalize": lambda: module.Params(
            cpu_shape=(64, 32), gpu_shape=(256, 128), compile_on_cpu=False, spec=FAST
        ),
        "offload": lambda: module.Params(
            shape=(1000, 800, 600), cpu_shape=(16, 8, 12), sweep=(2, (2, 3)), spec=FAST
        ),
    }[name]()


def check_common(result: Result, name: str) -> None:
    assert result.name == name and result.machine
    assert result.headline and result.verdict
    assert result.tables and all(t.rows for t in result.tables)
    for timing in result.timings.values():
        assert timing.stats.n >= 1 and all(s >= 0 for s in timing.samples)
    assert Result.from_dict(json.loads(json.dumps(result.to_dict()))).to_dict() == result.to_dict()


@pytest.mark.parametrize("name", [n for n in EXPERIMENTS if n != "mm"])
def test_cpu_run_lists_what_it_skipped(name: str) -> None:
    result = load(name).run(cpu_context(), tiny(name))
    check_common(result, name)
    assert result.skipped and any("no CUDA in this test" in s for s in result.skipped)


@pytest.mark.slow
def test_mm_on_the_cpu() -> None:  # two fresh interpreters that import torch: a few seconds
    result = load("mm").run(cpu_context(), tiny("mm"))
    check_common(result, "mm")
    assert len(result.skipped) == 3
    assert {
        "as written: first call: CPU",
        "cold: import torch",
        "cold: first CPU mm",
        "warm CPU",
    } <= set(result.timings)
    assert result.values["rel_error CPU"] < 1e-6
    warm = result.tables[-1]
    assert [r["path"].split(",")[0] for r in warm.rows][:1] == ["CPU torch.mm"]


def test_bmm_has_the_notebook_plots() -> None:
    result = load("bmm").run(cpu_context(), tiny("bmm"))
    titles = [p.title for p in result.plots]
    assert titles == ["Loop vs vectorized speeds (2022, N=64)", "Vectorized speedup (2022, N=64)",
                      "Loop vs vectorized speeds (2020, N=100)", "Vectorized speedup (2020, N=100)"]  # fmt: skip
    speedup = result.plots[1].series[0]
    loops = {t: v.median_ms for t, v in result.timings.items()}
    assert speedup.x == [2, 4]
    assert speedup.y[0] == pytest.approx(loops["2022 cpu B=2 loop"] / loops["2022 cpu B=2 bmm"])


def test_normalize_variants_are_accurate_and_the_floor_is_one() -> None:
    result = load("normalize").run(cpu_context(), tiny("normalize"))
    rows = result.tables[0].rows
    assert [r["variant"] for r in rows][-1].startswith("memory floor")
    assert rows[-1]["floor"] == 1.0
    assert all(r["err"] < 1e-5 for r in rows[:-1])
    # floor = 2 reads + 1 write of 64 x 32 float32 at the (fake) 10 GB/s ceiling
    assert rows[-1]["ms"] == pytest.approx(3 * 64 * 32 * 4 / 10e9 * 1e3)


def test_offload_without_cuda_shows_the_fallback_and_the_plans() -> None:
    result = load("offload").run(cpu_context(), tiny("offload"))
    fallback, plans = result.tables
    assert fallback.rows[1]["err"] < 1e-6
    assert [r["chunks"] for r in plans.rows] == ["auto", "2", "(2, 3)"]
    assert plans.rows[2]["tiles"] == 6


@pytest.mark.parametrize(
    ("cpu", "gpu", "expected"),
    [
        ([1, 1, 1, 1], [2, 0.5, 2, 0.5], 8),  # lost at 4: only 8 counts
        ([1, 1, 1, 1], [0.5, 0.5, 0.5, 0.5], 1),
        ([1, 1, 1, 1], [2, 2, 2, 2], None),
        ([1, 1, 1, 1], [0.5, 0.5, 0.5, 2], None),  # losing at the largest size: no crossover
        ([5, 4, 3, 2], [9, 3, 1, 1], 2),
    ],
)
def test_crossover_is_the_smallest_size_from_which_the_gpu_always_wins(
    cpu: list[float], gpu: list[float], expected: int | None
) -> None:
    assert crossover([1, 2, 4, 8], cpu, gpu) == expected


def test_cpu_ceilings_are_measured_rates() -> None:
    for name in ("cpu_gemm", "cpu_copy"):
        c = ceilings.measure(name, quick=True)
        assert c.value > 0 and c.timing is not None and c.unit
    with pytest.raises(ValueError, match="cpu_gemm"):
        ceilings.measure("warp_drive")


def test_cuda_status_gives_a_reason() -> None:
    assert cuda_status("cpu") == (False, "--device cpu was given")
    ok, why = cuda_status(None)
    assert ok == torch.cuda.is_available() and (ok or "torch.cuda.is_available() is False" in why)


@pytest.mark.cuda
@pytest.mark.parametrize("name", EXPERIMENTS)
def test_gpu_run_at_tiny_sizes(name: str) -> None:
    ctx = Context(cuda=True, quick=True, machine="gpu test", console=Console(file=io.StringIO()))
    result = load(name).run(ctx, tiny(name))
    check_common(result, name)
    assert not [s for s in result.skipped if "CUDA" in s]


@pytest.mark.cuda
def test_gpu_ceilings_are_measured_rates() -> None:
    for name in ceilings.NAMES:
        c = ceilings.measure(name, quick=True)
        assert c.value > 0, name


def test_ceilings_are_the_best_rate_not_the_median(monkeypatch) -> None:
    from torch101.bench.timing import Timing

    samples = (0.004, 0.001, 0.002, 0.010, 0.003)  # seconds; the fastest is 1 ms
    monkeypatch.setattr(
        ceilings, "time_host", lambda fn, spec: Timing(samples=samples, method="fake")
    )
    c = ceilings.measure("cpu_copy", quick=True)
    nbytes = 64 * 2**20
    assert c.value == pytest.approx(2 * nbytes / 0.001 / 1e9)  # the median would give a third


def fake_sweep(monkeypatch: pytest.MonkeyPatch, gpu_ms: dict[int, float]) -> None:
    """crossover's measurements replaced: the CPU takes n^3 / 1e7 ms, the GPU `gpu_ms[n]`."""
    from torch101.bench.experiments import crossover as module
    from torch101.bench.timing import Timing

    def measure(
        n: int, spec: TimingSpec, *, cuda: bool, only: str | None = None
    ) -> dict[str, Timing]:
        def t(ms: float) -> Timing:
            return Timing(samples=(ms / 1e3,) * 3, method="fake", threads=3)

        return {"CPU": t(n**3 / 1e7), "GPU naive": t(gpu_ms[n]), "mm_offload": t(gpu_ms[n]),
                "GPU compute only": t(gpu_ms[n] / 10)}  # fmt: skip

    monkeypatch.setattr(module, "_measure", measure)


def test_quick_crossover_names_its_sizes_and_threads_and_claims_no_policy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_sweep(monkeypatch, {64: 1.0, 256: 1.0, 1024: 1.0})  # CPU: 0.03, 1.7, 107 ms
    ctx = cpu_context()
    ctx.cuda = True
    result = load("crossover").run(ctx, load("crossover").Params.quick())
    verdict = result.verdict
    assert "sizes n = 64, 256, 1024, the CPU at 3 threads" in verdict
    assert "from somewhere between n = 64 and n = 256 on" in verdict
    assert "too coarse to check mm_offload's built-in policy" in verdict
    assert "policy sends" not in verdict
    assert "(GPU from n = 768)" in verdict  # the rule's own cut, though 768 was not measured
    assert result.values["crossover naive"] == 256


def test_full_crossover_states_the_policy_beside_the_finding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sizes = load("crossover").Params().sizes
    fake_sweep(monkeypatch, dict.fromkeys(sizes, 20.0))
    ctx = cpu_context()
    ctx.cuda, ctx.quick = True, False
    result = load("crossover").run(ctx, load("crossover").Params())
    assert f"sizes n = {', '.join(map(str, sizes))}" in result.verdict
    assert "mm_offload's built-in policy sends square products to the GPU" in result.verdict
    assert not any(row.get("flags") for row in result.tables[0].rows)


def test_cpu_only_crossover_states_no_crossover_and_no_policy() -> None:
    result = load("crossover").run(
        cpu_context(), load("crossover").Params(sizes=(8, 16), spec=FAST)
    )
    assert "No crossover was measured" in result.verdict and "policy" not in result.verdict
    assert f"the CPU at {torch.get_num_threads()} thread" in result.verdict
