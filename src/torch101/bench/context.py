"""What every experiment gets: where to run, how hard to try, shared ceilings, a progress bar."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from torch101.bench.results import Ceiling, Result

__all__ = ["Context", "cuda_status"]

T = TypeVar("T")


def cuda_status(device: str | None) -> tuple[bool, str]:
    """Whether to run the GPU parts, and if not, why (for the report's skipped list)."""
    import torch

    if device == "cpu":
        return False, "--device cpu was given"
    if not torch.cuda.is_available():
        built = f"a CUDA {torch.version.cuda} build" if torch.version.cuda else "a CPU-only build"
        return (
            False,
            f"no CUDA device (torch.cuda.is_available() is False; torch {torch.__version__} is {built})",
        )
    return True, ""


@dataclass
class Context:
    cuda: bool
    why_no_cuda: str = ""
    quick: bool = False
    machine: str = ""
    console: Console = field(default_factory=lambda: Console(stderr=True))
    ceilings: dict[str, Ceiling] = field(default_factory=dict)  # measured once per run
    deadline: float | None = None  # time.monotonic() after which sweeps stop early
    current: Result | None = None  # the experiment being run: saved if the run is cut off

    def start(self, result: Result) -> Result:
        """Register the result an experiment fills in, so a cut-off run keeps its tables."""
        self.current = result
        return result

    def out_of_time(self) -> bool:
        import time

        return self.deadline is not None and time.monotonic() > self.deadline

    def skip_reason(self, what: str) -> str:
        return f"{what}: {self.why_no_cuda}"  # shown after "skipped"

    def ceiling(self, name: str) -> Ceiling:
        """A ceiling measured once per run and shared by every experiment that needs it."""
        from torch101.bench import ceilings

        if name not in self.ceilings:
            self.console.print(f"[dim]measuring ceiling: {name}[/]")
            self.ceilings[name] = ceilings.measure(name, quick=self.quick)
        return self.ceilings[name]

    def track(
        self,
        items: Iterable[T],
        description: str,
        total: int | None = None,
        *,
        stoppable: bool = True,
    ) -> Iterator[T]:
        """A progress bar on stderr for sweeps (silent when stderr is not a terminal).

        Past the deadline a stoppable sweep stops after its first item (the rest is listed as
        skipped); items the result cannot do without go through `stoppable=False`."""
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=self.console, transient=True) as progress:
            for index, item in enumerate(
                progress.track(items, total=total, description=description)
            ):
                if (
                    stoppable and index and self.out_of_time()
                ):  # at least one point: a table needs a row
                    if self.current is not None:
                        self.current.skipped.append(
                            f"{description}: stopped at {item!r}, the time limit was reached"
                        )
                    return
                yield item
