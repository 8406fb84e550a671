"""The rules room: a rule is one object with a static half, a run-time half and its messages;
the drivers run every rule of a function, in the order the spec lists them."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from dataclasses import dataclass

import pytest
import torch

from torch101.grader import judge, rules, static
from torch101.grader.cases import Case
from torch101.grader.protocol import Outcome
from torch101.grader.rules import Rule, Rules, runtime_violations
from torch101.grader.spec import SPECS, FunctionSpec


@dataclass(frozen=True)
class NoSort(Rule):
    """A rule written in a test: what a new rule file would hold."""

    def static(self, src):
        return [
            static.Finding("sort", n.lineno, f"line {n.lineno}: sorts")
            for n in src.nodes
            if isinstance(n, ast.Attribute) and n.attr == "sort"
        ]

    def case(self, run, out):
        if run.made("sort"):
            out.add("sort", f"at run time it sorts ({run.where})")


SORTING = "def f(x):\n    y = x.clone()\n    return y.sort().values\n"


def _traced(*names: str) -> Outcome:
    return Outcome("c", "ok", value=None, ops=[{"name": n, "max_out_numel": 1} for n in names])


def test_a_new_rule_is_one_class_and_both_drivers_run_it():
    report = static.check_function(static.parse(SORTING), "f", Rules("no sorting", NoSort()))
    assert [(f.rule, f.line) for f in report.findings] == [("sort", 3)]
    case = Case("random", (torch.tensor([2, 1]),))
    found = runtime_violations("f", Rules("no sorting", NoSort()), [case], [_traced("torch.Tensor.sort")], report)  # fmt: skip
    assert found.problems == ["at run time it sorts (f(tensor([2, 1])))"]
    assert runtime_violations("f", Rules("", NoSort()), [case], [_traced("torch.Tensor.add")], report).problems == []  # fmt: skip


def test_the_judge_quotes_a_new_rule_and_its_evidence():
    spec = FunctionSpec(
        "f", frozenset({"2022"}), lambda *a: [], rules=Rules("no sorting", NoSort())
    )
    case = Case("random", (torch.tensor([2, 1]),))
    report = static.check_function(static.parse(SORTING), "f", spec.rules)
    outcome = _traced("torch.Tensor.sort")
    outcome.value = torch.tensor([1, 2])
    verdict = judge.judge(spec, "2022", [case], [torch.tensor([1, 2])], [outcome], report)
    assert verdict.status == "fail"
    assert "breaks the rule: no sorting" in verdict.messages
    assert "line 3: sorts" in verdict.messages
    assert "at run time it sorts (f(tensor([2, 1])))" in verdict.messages


def test_run_time_problems_come_in_the_order_the_rules_are_listed():
    first = rules.Forbidden("flip")
    second = rules.Indexing(1, 1)
    case = Case("random", (torch.arange(4),))
    log = _traced("torch.flip")
    report = static.FunctionReport("f", True)
    a = runtime_violations("f", Rules("", first, second), [case], [log], report).problems
    b = runtime_violations("f", Rules("", second, first), [case], [log], report).problems
    assert len(a) == 2 and a == b[::-1]


def test_a_said_problem_is_not_said_again_on_later_cases():
    cases = [Case("random", (torch.arange(n),)) for n in (3, 4, 5)]
    logs = [_traced("torch.flip") for _ in cases]
    found = runtime_violations("f", Rules("", rules.Forbidden("flip")), cases, logs, static.FunctionReport("f", True))  # fmt: skip
    assert len(found.problems) == 1


def test_advice_alone_traces_nothing_and_a_penalising_rule_does():
    assert not Rules("one line", rules.OneLine()).any
    assert Rules("", rules.OneLine(), rules.InTorch()).any
    assert not Rules().any and list(Rules()) == []
    assert Rules("", rules.GpuRoundTrip()).needs_gpu and not Rules("", rules.NoLoops()).needs_gpu
    assert Rules("", rules.Only(frozenset({"add"}), "add")).about_calls
    assert not Rules("", rules.NoLoops()).about_calls


def test_the_names_other_rules_judge_are_canonical():
    assert Rules("", rules.Forbidden("nelement"), rules.HalfCredit("unique")).named == {"numel", "unique"}  # fmt: skip


def test_rules_are_values():
    assert Rules("t", rules.Indexing(1, 1)) == Rules("t", rules.Indexing(1, 1))
    assert Rules("t", rules.Indexing(1, 1)) != Rules("t", rules.Indexing(0, 1))
    assert hash(rules.Forbidden("a", "b")) == hash(rules.Forbidden("a", "b"))


def _rule_classes(module) -> list[type]:
    return [
        c
        for _, c in inspect.getmembers(module, inspect.isclass)
        if issubclass(c, Rule) and c is not Rule and c.__module__ == module.__name__
    ]


@pytest.mark.parametrize(
    "name",
    [m.name for m in pkgutil.iter_modules(rules.__path__) if m.name not in ("base", "evidence")],
)
def test_each_rule_file_holds_its_rules_and_exports_them(name):
    module = importlib.import_module(f"torch101.grader.rules.{name}")
    classes = _rule_classes(module)
    assert classes, f"rules/{name}.py defines no rule"
    assert {c.__name__ for c in classes} == set(module.__all__)
    assert all(hasattr(rules, c.__name__) for c in classes)
    assert module.__doc__ and module.__doc__.strip()


def test_every_spec_rule_is_a_rule_object():
    for spec in SPECS.values():
        for tpl in spec.templates:
            assert all(isinstance(r, Rule) for r in spec.rules_for(tpl)), spec.name
            if any(r.penalises for r in spec.rules_for(tpl)):
                assert spec.rules_for(tpl).text, f"{spec.name}: a rule that costs points is quoted"
