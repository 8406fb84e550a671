"""The GPU round trip: move x and w to the GPU, multiply there, return the result on the CPU.

Checked twice: the moves in the syntax tree (.to("cuda") gets advice), the devices in the call
log.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from torch101.grader import ops
from torch101.grader.rules.base import CaseRun, Rule, Source, Violations
from torch101.grader.static.model import Finding

__all__ = ["GpuRoundTrip"]

# Matrix products: each must run on the GPU.
_GPU_PRODUCTS = {
    "mm",
    "matmul",
    "bmm",
    "einsum",
    "tensordot",
    "addmm",
    "baddbmm",
    "mv",
    "dot",
    "inner",
    "chain_matmul",
    "linear",
}
_NEVER_MOVES = "never moves x and w to the GPU: call .cuda() on both, multiply, then .cpu()"


@dataclass(frozen=True)
class GpuRoundTrip(Rule):
    needs_gpu = True

    def static(self, src: Source) -> list[Finding]:
        """Advice only: the template asks for .cuda(); the verdict comes from the call log."""
        found = []
        for node in src.nodes:
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            text = ast.unparse(node)
            if node.func.attr == "to" and "cuda" in text:
                found.append(
                    Finding(
                        "advice",
                        node.lineno,
                        f"line {node.lineno}: {text}; the template asks for .cuda() (advice, no points lost)",
                        penalty=False,
                    )
                )
        return found

    def case(self, run: CaseRun, out: Violations) -> None:
        problem = _gpu_problem(run.outcome, emulated=run.emulated)
        if problem:
            out.add("gpu", problem)


def _gpu_problem(outcome: Any, *, emulated: bool) -> str | None:
    """Evidence of the round trip: moved to the GPU, multiplied there, result back on the CPU.

    Every logged op says whether an input was on the GPU ("gpu" on a real one, "fake_gpu" on the
    emulated one); the arguments arrive on the CPU, so such an op means the code moved them,
    however it spelled the move (.cuda(), .to("cuda"), .to(device)). On a real GPU the device of
    the result is compared like any value.
    """
    if any(getattr(outcome, "on_fake_gpu", None) or []):
        return "returns its result on the GPU; move it back with .cpu()"
    logged = [op for op in getattr(outcome, "ops", None) or [] if isinstance(op, dict)]
    names = ops.op_names(logged)
    key = "fake_gpu" if emulated else "gpu"
    if not emulated and "cuda" in names:  # moved, then perhaps multiplied on the CPU
        return _product_problem(names, logged, key)
    if not any(op.get(key) for op in logged):
        return _NEVER_MOVES
    return _product_problem(names, logged, key)


def _product_problem(names: list[str], logged: list[dict], key: str) -> str | None:
    products = [(n, bool(op.get(key))) for n, op in zip(names, logged) if n in _GPU_PRODUCTS]
    if any(not gpu for _, gpu in products):
        return "multiplies on the CPU: move x and w to the GPU with .cuda() before multiplying"
    return None
