"""The data stays in torch: no .tolist() or .numpy() of a tensor.

Python or NumPy would then loop over its values where the call log cannot follow.
"""

from __future__ import annotations

from dataclasses import dataclass

from torch101.grader import ops
from torch101.grader.rules.base import CaseRun, Rule, Violations, line_of

__all__ = ["InTorch"]


@dataclass(frozen=True)
class InTorch(Rule):
    def case(self, run: CaseRun, out: Violations) -> None:
        for op, name in zip(run.logged, run.names):
            if name in ops.LEAVES_TORCH and int(op.get("self_numel") or 0) > 1:
                out.add(
                    "leaves_torch",
                    f"{line_of(op)}at run time it turns a tensor of {op['self_numel']} values "
                    f"into {'Python' if name == 'tolist' else 'NumPy'} data with .{name}() "
                    f"({run.where}): the work then happens outside torch (in Python loops or "
                    "NumPy), where the rules cannot follow it; keep it in torch (x.sum(), x.max(), ...)",
                )
