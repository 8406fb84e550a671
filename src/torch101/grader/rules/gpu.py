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
from torch101.grader.static.model import Finding, FunctionReport

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
        found, report = [], src.report
        for node in src.nodes:
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            attr = node.func.attr
            text = ast.unparse(node)
            if attr == "cuda" or (attr == "to" and "cuda" in text):
                report.moves_to_gpu = True
            if attr == "cpu" or (attr == "to" and "cpu" in text):
                report.moves_to_cpu = True
            if attr == "to" and "cuda" in text:
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
        problem = _gpu_problem(run.outcome, run.static, emulated=run.emulated)
        if problem:
            out.add("gpu", problem)


def _gpu_problem(outcome: Any, static: FunctionReport, *, emulated: bool) -> str | None:
    """Evidence of the round trip: moved to the GPU, multiplied there, result back on the CPU.

    On an emulated GPU every logged op says whether an input was on the (fake) GPU; on a real
    one the device of the result is compared like any value, and the log shows the moves.
    """
    if any(getattr(outcome, "on_fake_gpu", None) or []):
        return "returns its result on the GPU; move it back with .cpu()"
    logged = [op for op in getattr(outcome, "ops", None) or [] if isinstance(op, dict)]
    names = ops.op_names(logged)
    if not emulated:
        if "cuda" in names or ("to" in names and static.moves_to_gpu):
            return _product_problem(names, logged, "gpu")
        return _NEVER_MOVES
    if not any(op.get("fake_gpu") for op in logged):
        return _NEVER_MOVES
    return _product_problem(names, logged, "fake_gpu")


def _product_problem(names: list[str], logged: list[dict], key: str) -> str | None:
    products = [(n, bool(op.get(key))) for n, op in zip(names, logged) if n in _GPU_PRODUCTS]
    if any(not gpu for _, gpu in products):
        return "multiplies on the CPU: move x and w to the GPU with .cuda() before multiplying"
    return None
