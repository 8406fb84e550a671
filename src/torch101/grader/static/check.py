"""One function's static report: stub or not, the rules' findings, the policy's."""

from __future__ import annotations

import ast

from torch101.grader.spec import Rules
from torch101.grader.static.loops import (
    _helper_loops,
    _hidden_loops,
    _loops,
    _nested_recursion,
    _recursion,
)
from torch101.grader.static.model import (
    Finding,
    FunctionReport,
    Module,
    _aliases,
    _is_stub,
)
from torch101.grader.static.names import (
    _dynamic,
    _gpu_moves,
    _non_reshape_subscripts,
    _one_line,
    _slice_assignments,
    _uses,
)

# --- per-function checks -------------------------------------------------------------------


def check_function(module: Module, name: str, rules: Rules) -> FunctionReport:
    fn = module.functions.get(name)
    report = FunctionReport(name)
    if fn is None:
        return report
    report.defined, report.line = True, fn.lineno
    report.stub = _is_stub(fn)
    if report.stub:
        return report
    report.findings += [Finding("policy", v.line, v.message) for v in module.policy.for_function(name)]  # fmt: skip
    aliases = {**module.aliases, **_aliases(ast.walk(fn))}
    nodes = list(ast.walk(fn))
    loops = _loops(nodes)
    report.loops = len(loops)
    hidden = _hidden_loops(nodes, aliases) + _recursion(module, name) + _nested_recursion(fn)
    if rules.no_loops:
        hidden += _helper_loops(module, name)
    report.findings += _loop_findings(rules, fn, loops, hidden)
    for names, rule in ((rules.forbidden, "forbidden"), (rules.half_credit, "half_credit")):
        if names:
            report.findings += _uses(nodes, aliases, names, rule)
    if rules.any:
        report.findings += _dynamic(
            nodes, aliases, strict=bool(rules.forbidden or rules.half_credit or rules.only)
        )
    if rules.int_values:
        report.findings += _slice_assignments(nodes, rules)
    if rules.subscripts_reshape_only:
        report.findings += _non_reshape_subscripts(nodes, rules)
    if rules.one_line:
        report.findings += _one_line(fn)
    if rules.gpu_round_trip:
        _gpu_moves(report, nodes)
    # A line the rules already flag as dynamic code needs no second, policy message.
    dynamic = {f.line for f in report.findings if f.rule == "dynamic"}
    report.findings = [f for f in report.findings if not (f.rule == "policy" and f.line in dynamic)]  # fmt: skip
    report.findings.sort(key=lambda f: f.line)
    return report


def _loop_findings(rules: Rules, fn: ast.FunctionDef, loops: list, hidden: list) -> list[Finding]:
    """No loops at all, or exactly one explicit loop (the batched matmul loop version)."""
    if rules.no_loops:
        return [Finding("loop", line, f"line {line}: {what}") for line, what in dict.fromkeys(loops + hidden)]  # fmt: skip
    if not (rules.one_loop or rules.loop_switch):
        return []
    found = [
        Finding("loop", line, f"line {line}: {what}; write one explicit for loop over the batch")
        for line, what in hidden
    ]
    if len(loops) > 1:
        lines = ", ".join(str(line) for line, _ in loops)
        found.append(Finding("loop", loops[1][0], f"lines {lines}: {len(loops)} loops; use a single explicit loop over B"))  # fmt: skip
    elif not loops:
        found.append(Finding("loop", fn.lineno, f"line {fn.lineno}: {fn.name} has no explicit loop"))  # fmt: skip
    return found
