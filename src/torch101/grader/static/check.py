"""One function's static report: stub or not, each rule's findings, the policy's."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from torch101.grader.static.loops import _hidden_loops, _loops, _nested_recursion, _recursion
from torch101.grader.static.model import Finding, FunctionReport, Module, Source, _aliases, _is_stub
from torch101.grader.static.names import _dynamic

if TYPE_CHECKING:
    from torch101.grader.rules import Rules


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
    hidden = _hidden_loops(nodes, aliases) + _recursion(module, name) + _nested_recursion(fn)
    src = Source(
        module=module,
        fn=fn,
        nodes=nodes,
        aliases=aliases,
        loops=loops,
        hidden=hidden,
    )
    for rule in rules:
        report.findings += rule.static(src)
    if rules.any:
        report.findings += _dynamic(nodes, aliases, strict=rules.about_calls)
    # A line the rules already flag as dynamic code needs no second, policy message.
    dynamic = {f.line for f in report.findings if f.rule == "dynamic"}
    report.findings = [f for f in report.findings if not (f.rule == "policy" and f.line in dynamic)]  # fmt: skip
    report.findings.sort(key=lambda f: f.line)
    return report
