"""Static rule checks on the syntax tree: what is flagged, at which line, and what is not."""

from __future__ import annotations

import textwrap

import pytest

from torch101.grader import static
from torch101.grader.rules import Forbidden, NoLoops, Rules
from torch101.grader.spec import SPECS

NO_LOOPS = Rules("no loops", NoLoops())
NUMEL = SPECS["count_tensor_elements"].rules


def check(source: str, name: str = "f", rules: Rules = NO_LOOPS) -> static.FunctionReport:
    return static.check_function(static.parse(textwrap.dedent(source)), name, rules)


def lines(report: static.FunctionReport, rule: str | None = None) -> list[int]:
    return [f.line for f in report.findings if rule is None or f.rule == rule]


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("for i in range(3):\n        pass", 3),
        ("while x:\n        break", 3),
        ("y = [v for v in x]", 3),
        ("y = {v for v in x}", 3),
        ("y = {v: v for v in x}", 3),
        ("y = sum(v for v in x)", 3),
        ("y = list(map(abs, x))", 3),
        ("y = list(filter(None, x))", 3),
        ("y = x.apply_(abs)", 3),
    ],
)
def test_loops_and_hidden_loops_are_flagged_at_their_line(body, line):
    report = check(f"import torch\ndef f(x):\n    {body}\n    return x\n")
    assert lines(report, "loop") == [line]
    assert all(f.penalty for f in report.findings)


def test_reduce_and_itertools_through_aliases():
    report = check(
        """
        import functools as ft
        from functools import reduce as fold
        from itertools import accumulate
        def f(x):
            a = ft.reduce(max, x)
            b = fold(max, x)
            c = accumulate(x)
            return a, b, c
        """
    )
    assert lines(report, "loop") == [6, 7, 8]


def test_recursion_direct_and_through_a_helper():
    direct = check("def f(x):\n    return f(x[1:]) if len(x) else x\n")
    assert lines(direct, "loop") == [2]
    assert "calls itself" in direct.findings[0].message
    mutual = check("def g(x):\n    return f(x)\n\ndef f(x):\n    return g(x[1:])\n")
    assert lines(mutual, "loop") == [5]
    assert "calls g" in mutual.findings[0].message


def test_loops_over_shapes_inside_helpers_are_allowed():
    # Validation helpers loop over shapes (the reference's do): once per dimension, not per value.
    for loop in ("for d in x.shape:\n        pass", "return [d for d in enumerate(zip(x.shape, x.size()))]"):  # fmt: skip
        report = check(f"def helper(x):\n    {loop}\n\ndef f(x):\n    helper(x)\n")
        assert report.findings == [], loop


@pytest.mark.parametrize(
    "helper",
    [
        "def rows(n, k):\n    out = []\n    for i in range(n):\n        out.append([0] * k)\n    return out",
        "def rows(n, k):\n    return [[0] * k for _ in range(n)]",
        "def rows(n, k):\n    return list(map(lambda i: [0] * k, range(n)))",
        "def rows(n, k):\n    return more(n, k)\n\ndef more(n, k):\n    i = 0\n    while i < n:\n        i += 1\n    return []",
    ],
    ids=["for", "comprehension", "map", "two-deep"],
)
def test_a_loop_moved_into_a_helper_is_still_a_loop(helper):
    # Regression (red team): make_one_hot built its rows in a helper's loop, one tensor() call
    # after it; the call log cannot see pure-Python work, so only the syntax tree can.
    report = check(f"{helper}\n\ndef f(x):\n    return rows(len(x), 3)\n")
    assert [f for f in report.findings if f.rule == "loop" and "which f calls" in f.message]


def test_input_checking_helpers_may_loop():
    source = "def _check_values(v):\n    for a in v:\n        if a < 0:\n            raise ValueError\n\ndef f(x):\n    _check_values(x)\n"  # fmt: skip
    assert check(source).findings == []


def test_recursion_in_a_nested_function_is_a_loop():
    source = "def f(x):\n    def build(i):\n        return [] if i == 0 else build(i - 1) + [i]\n    return build(len(x))\n"  # fmt: skip
    report = check(source)
    assert any("build() calls itself" in f.message for f in report.findings)


def test_prose_naming_a_forbidden_function_is_not_code():
    # Regression (red team): an assert message "the sample std (1/(M-1))" was taken for a call.
    source = "def f(x):\n    assert x.shape[0] > 1, 'the sample std (1/(M-1)) needs two rows'\n    return x\n"  # fmt: skip
    assert check(source, rules=Rules("", Forbidden("std"))).findings == []
    assert check("def f(x):\n    return eval('x.std()')\n", rules=Rules("", NoLoops(), Forbidden("std"))).findings  # fmt: skip


@pytest.mark.parametrize(
    "body",
    [
        "return x.numel()",
        "return x.nelement()",
        "g = x.numel\n    return g()",
        "return torch.numel(x)",
        "return x.size().numel()",
        "return getattr(x, 'numel')()",
        "return eval('x.numel()')",
    ],
)
def test_forbidden_names_in_every_disguise(body):
    report = check(f"import torch\ndef f(x):\n    {body}\n", rules=NUMEL)
    assert any(f.rule in ("forbidden", "dynamic") and f.line in (3, 4) for f in report.findings)
    assert report.violations


def test_forbidden_name_imported_under_an_alias():
    report = check("from torch import numel as n\ndef f(x):\n    return n(x)\n", rules=NUMEL)
    assert [(f.line, f.subject) for f in report.findings] == [(3, "numel")]


def test_getattr_with_a_computed_name_is_flagged():
    report = check("def f(x):\n    return getattr(x, 'nu' + 'mel')()\n", rules=NUMEL)
    assert [f.rule for f in report.findings] == ["dynamic"]


@pytest.mark.parametrize(
    "body",
    [
        '"""Count without numel (docstring)."""\n    return 1',
        "raise ValueError('the mean of x and its std are undefined')",
        "mean = x.sum() / 3\n    std = mean\n    return std",
    ],
)
def test_no_false_alarm_on_docstrings_prose_and_local_names(body):
    rules = SPECS["normalize_columns"].rules
    report = check(f"def f(x):\n    {body}\n", rules=rules)
    assert [f for f in report.findings if f.rule == "forbidden"] == []


def test_slice_assignments_must_assign_integers_and_be_at_most_six():
    rules = SPECS["slice_assignment_practice"].rules
    ok = check("def f(x):\n    x[:2, 0] = 0\n    x[2:4, 1] = -4\n    return x\n", rules=rules)
    assert ok.findings == []
    bad = check(
        "def f(x):\n    x[:2] = torch.tensor([1])\n    x[0] += 1\n    return x\n", rules=rules
    )
    assert lines(bad, "slice_assign") == [2, 3]
    many = "".join(f"    x[{k}, 0] = {k}\n" for k in range(7))
    assert "7 slice assignments" in check(f"def f(x):\n{many}    return x\n", rules=rules).findings[-1].message  # fmt: skip


@pytest.mark.parametrize(
    ("value", "flagged"),
    [
        ("2.0", True), ("[0, 1]", True), ("(3,)", True), ("torch.tensor(3)", True), ("1 / 2 + 0.5", True),
        ("True", True), ("three", False), ("vals[k]", False), ("int(v)", False), ("1 + 1", False),
    ],
)  # fmt: skip
def test_only_values_that_surely_are_not_integers_are_flagged_statically(value, flagged):
    # A name or an item may hold an int: the run-time log of the assigned types decides.
    rules = SPECS["slice_assignment_practice"].rules
    report = check(f"def f(x):\n    x[:2, 0] = {value}\n    return x\n", rules=rules)
    assert (lines(report, "slice_assign") == [2]) is flagged


def test_reshape_only_subscripts_for_normalize_columns():
    rules = SPECS["normalize_columns"].rules
    ok = check(
        "def f(x):\n    m = x.shape[0]\n    s = x.sum(0)[None, :]\n    t = x.size()[1]\n    return x[..., None] / m\n",
        rules=rules,
    )
    assert ok.findings == []
    bad = check("def f(x):\n    return x[:, 0] - x[1:]\n", rules=rules)
    assert lines(bad, "only") == [2, 2]


TEMPLATE_STUB = '''
def f(x):
    """Docstring."""
    out = None
    ##########################################################################
    # Replace "pass" statement with your code
    pass
    ##########################################################################
    return out
'''


@pytest.mark.parametrize(
    ("source", "stub"),
    [
        (TEMPLATE_STUB, True),
        ('def f(x):\n    """Doc."""\n    a, b = None, None\n    pass\n    return a, b\n', True),
        ("def f(x):\n    raise NotImplementedError\n", True),
        ("def f(x):\n    raise NotImplementedError('todo')\n", True),
        ("def f(x):\n    out = None\n    pass\n    out = x + 1\n    return out\n", False),
        ("def f(x):\n    return None\n", False),
        ("def f(x):\n    raise ValueError('no')\n", False),
    ],
)
def test_template_stubs_are_recognised(source, stub):
    assert check(source).stub is stub


def test_a_missing_function_is_reported_as_not_defined():
    report = check("def g(x):\n    return x\n", name="f")
    assert not report.defined and report.findings == []


def test_the_last_definition_wins_as_in_python():
    report = check("def f(x):\n    for i in x:\n        pass\n\ndef f(x):\n    return x\n")
    assert report.line == 5 and report.findings == []


def test_one_line_advice_costs_nothing():
    rules = SPECS["create_tensor_of_pi"].rules
    report = check("def f(M, N):\n    x = torch.ones(M, N)\n    x = x * 3.14\n    return x\n", rules=rules)  # fmt: skip
    assert [(f.rule, f.penalty) for f in report.findings] == [("advice", False)]
    assert check("def f(M, N):\n    x = torch.full((M, N), 3.14)\n    return x\n", rules=rules).findings == []  # fmt: skip


def test_gpu_moves_are_seen():
    rules = SPECS["mm_on_gpu"].rules
    report = check("def f(x, w):\n    return x.to('cuda').mm(w.cuda()).cpu()\n", rules=rules)
    assert [f.rule for f in report.findings] == ["advice"]  # .to('cuda') instead of .cuda()
    assert check("def f(x, w):\n    return x.cuda().mm(w.cuda()).cpu()\n", rules=rules).findings == []  # fmt: skip


def test_exactly_one_explicit_loop_for_the_loop_version():
    rules = SPECS["batched_matrix_multiply_loop"].rules
    one = check(
        "def f(x, y):\n    return torch.stack([a @ b for a, b in zip(x, y)])\n", rules=rules
    )
    assert one.findings == []
    none = check("def f(x, y):\n    return torch.bmm(x, y)\n", rules=rules)
    assert "no explicit loop" in none.findings[0].message
    two = check(
        "def f(x, y):\n    for a in x:\n        for b in y:\n            pass\n", rules=rules
    )
    assert "2 loops" in two.findings[0].message


def test_tampering_is_noted_with_its_line():
    module = static.parse(
        "import torch\nimport os\ntorch.allclose = lambda *a: True\nos._exit(0)\n"
    )
    assert [n.line for n in module.notes] == [3, 4]
    assert "torch.allclose" in module.notes[0].message


def test_syntax_errors_propagate_with_their_line():
    with pytest.raises(SyntaxError) as info:
        static.parse("def f(:\n    pass\n")
    assert info.value.lineno == 1


@pytest.mark.parametrize(
    "line",
    [
        "print(f'sigma (what x.std(dim=0) would give): {x}')",
        "print('x.std() is off limits here')",
        "assert x.dim() == 2, 'do not call x.std() on it'",
        "raise ValueError('x.std() needs two rows')",
    ],
    ids=["f-string", "print", "assert", "raise"],
)
def test_messages_for_people_name_functions_without_calling_them(line):
    # Regression (red team 2): prose in prints, f-strings and error messages was taken for code.
    report = check(f"def f(x):\n    {line}\n    return x\n", rules=Rules("", Forbidden("std")))
    assert report.findings == []


@pytest.mark.parametrize(
    "source",
    [
        "def f(x):\n    rows = lambda k: [] if k == 0 else rows(k - 1) + [k]\n    return rows(3)\n",
        "import numpy as np\ndef f(x):\n    return np.vectorize(lambda v: v + 1)(x)\n",
        "def rows(t):\n    out = []\n    for k in range(t.size(0)):\n        out.append(k)\n    return out\n\ndef f(x):\n    return rows(x)\n",
    ],
    ids=["lambda-recursion", "np.vectorize", "loop-over-rows-in-helper"],
)
def test_more_loops_in_disguise(source):
    assert any(f.rule == "loop" for f in check(source).findings)


@pytest.mark.parametrize(
    "body",
    [
        "assert all(s > 0 for s in x.shape)\n    return x",
        "for t in (x, x):\n        assert t.dim() == 2\n    return x",
        "if x.dim() != 2:\n        bad = [d for d in x.shape]\n        raise ValueError(bad)\n    return x",
    ],
    ids=["any-all-over-shape", "assert-loop-over-a-tuple", "message-on-an-error-path"],
)
def test_input_checks_are_not_loops(body):
    assert check(f"def f(x):\n    {body}\n").findings == []


def test_torch_ops_is_refused_where_rules_apply():
    report = check("import torch\ndef f(x):\n    return torch.ops.aten.mean.dim(x, [0])\n", rules=Rules("", Forbidden("mean")))  # fmt: skip
    assert any(f.rule == "dynamic" and "torch.ops" in f.message for f in report.findings)
