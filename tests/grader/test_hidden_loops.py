"""Hidden loops under the no-loops rule: a generator in any()/all() is an input check only where
nothing it computes reaches the result, and loops are followed into helpers of any depth
(closures, lambdas, classes and their static methods). One row per spelling, with its lines."""

from __future__ import annotations

import textwrap

import pytest

from torch101.grader import static
from torch101.grader.rules import NoLoops, Rules

NO_LOOPS = Rules("no loops", NoLoops())


def loop_lines(source: str, name: str = "f") -> list[int]:
    report = static.check_function(static.parse(textwrap.dedent(source)), name, NO_LOOPS)
    return [f.line for f in report.findings if f.rule == "loop"]


# (id, source, lines of the loop findings of f)
# fmt: off
CASES = [
    # any()/all(): a check when it only decides whether to fail
    ('all() in an assert', 'def f(x):\n    assert all(v >= 0 for v in x)\n    return x\n', []),
    ('if not all(): raise', "def f(x):\n    if not all(isinstance(v, int) for v in x):\n        raise TypeError('ints')\n    return x\n", []),
    ('if any(): print, raise', "def f(x):\n    if any(v < 0 for v in x):\n        print('negative')\n        raise ValueError('x')\n    return x\n", []),
    ('any() in an elif that raises', "def f(x):\n    if x is None:\n        raise TypeError('x')\n    elif any(v < 0 for v in x):\n        raise ValueError('x')\n    return x\n", []),
    ('return all()', 'def f(x):\n    return all(v > 0 for v in x)\n', [2]),
    ('any() kept in a name', "def f(x):\n    ok = any(v > 0 for v in x)\n    if not ok:\n        raise ValueError('x')\n    return ok\n", [2]),
    ('any() deciding the work', 'def f(x):\n    if any(v > 0 for v in x):\n        x = x + 1\n    return x\n', [2]),
    ('sum() of a generator', 'def f(x):\n    return sum(v for v in x)\n', [2]),
    ('sorted(key=...)', 'def f(x):\n    return sorted(x, key=lambda v: -v)\n', [2]),
    ('max(key=len)', 'def f(xs):\n    return max(xs, key=len)\n', [2]),
    ('iter(f, sentinel)', 'def f(x):\n    it = iter(x.pop, 0)\n    return list(it)\n', [2]),
    ('max() of a list', 'def f(x):\n    return 1 + max(x)\n', []),
    # helpers of any depth
    ('closure', 'def f(x):\n    def inner(y):\n        return [v for v in y]\n    return inner(x)\n', [3]),
    ('module lambda', 'rows = lambda x: [v * 2 for v in x]\ndef f(x):\n    return rows(x)\n', [1]),
    ('class method', 'class Acc:\n    def total(self, x):\n        t = 0\n        for v in x:\n            t += v\n        return t\ndef f(x):\n    return Acc().total(x)\n', [4]),
    ('static method', 'class U:\n    @staticmethod\n    def rows(x):\n        return [v for v in x]\ndef f(x):\n    return U.rows(x)\n', [4]),
    ('helper -> helper -> method', 'class K:\n    def m(self, x):\n        while x:\n            x = x[1:]\n        return x\ndef h2(x):\n    return K().m(x)\ndef h1(x):\n    return h2(x)\ndef f(x):\n    return h1(x)\n', [3]),
    ('helper named, not called', 'def helper(x):\n    return [v for v in x]\ndef f(x):\n    fn = helper\n    return fn(x)\n', [2]),
    ('recursion through a class', 'class R:\n    def go(self, x):\n        return f(x[1:])\ndef f(x):\n    if not len(x):\n        return x\n    return R().go(x)\n', [7]),
    ('closures fetched from a list', 'def _outer():\n    def _inner(x):\n        return [v for v in x]\n    return _inner\n_FACTORIES = [_outer]\ndef f(x):\n    return _FACTORIES[0]()(x)\n', [3]),
    ('lambda in a module-level dict', "OPS = {'rows': lambda x: [v for v in x]}\ndef f(x):\n    return OPS['rows'](x)\n", [1]),
    ('loop at import, in a constant', 'TABLE = [k * k for k in range(5)]\ndef f(x):\n    return x + TABLE[2]\n', []),
    ('check helper whose result is the work', 'def _validate(x):\n    rows = []\n    for v in x:\n        rows.append(v)\n    return rows\ndef f(x):\n    return _validate(x)\n', [3]),
    ('map() read only by a check', 'def _check(xs):\n    shapes = list(map(len, xs))\n    if shapes != sorted(shapes):\n        if any(s < 1 for s in shapes):\n            raise ValueError(f"empty: {shapes[:5]}")\n        raise ValueError("unsorted")\ndef f(xs):\n    _check(xs)\n    return xs\n', []),
    ('appends inside an assert', 'def f(x):\n    out = []\n    assert all(out.append(v) is None for v in x)\n    return out\n', [3]),
    ('walrus inside a check', 'def f(x):\n    if not all((last := v) >= 0 for v in x):\n        raise ValueError("x")\n    return last\n', [2]),
    ('in-place op in a check', 'def f(x, y):\n    assert all(y.add_(v) is not None for v in x)\n    return y\n', [2]),
    ('appends in a loop of asserts', 'def f(x):\n    out = []\n    for v in x:\n        assert out.append(v) is None\n    return out\n', [3]),
    # still input checks, as before
    ('loop over the shape', 'def f(x):\n    for d in x.shape:\n        assert d > 0\n    return x\n', []),
    ('helper that only checks', "def _check(x):\n    for s in x.shape:\n        if s < 1:\n            raise ValueError('empty')\ndef f(x):\n    _check(x)\n    return x\n", []),
    ('class without loops', 'class Box:\n    def __init__(self, v):\n        self.v = v\ndef f(x):\n    return Box(x).v\n', []),
]
# fmt: on


@pytest.mark.parametrize(("source", "lines"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hidden_loop_spellings(source, lines):
    assert loop_lines(source) == lines


def test_a_method_loop_names_the_class_and_the_function():
    source = "class Acc:\n    def total(self, x):\n        return [v for v in x]\ndef f(x):\n    return Acc().total(x)\n"  # fmt: skip
    report = static.check_function(static.parse(source), "f", NO_LOOPS)
    assert [f.message for f in report.findings] == [
        "line 3: a list comprehension in the class Acc, which f uses"
    ]
