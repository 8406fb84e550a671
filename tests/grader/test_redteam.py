"""The red-team corpus (tests/grader/redteam/): attacks on the grader's trust boundary, and
correct code written unusually that must keep passing.

Every file carries a machine-readable header (see redteam/README.md):

    # attack: <class 1-10> <short-name>     or     # mustpass: <short-name>
    # does: <one line: what it does>
    # template: 2020 | 2022
    # expect: <function>=<status>[|<status>...]      (any of these statuses)
    # expect: <function>=!<status>[|<status>...]     (none of these statuses)
    # cases: <random cases per function>             (optional, default 5)
    # budget: <seconds>                              (optional: graded by the CLI with --budget)

Each file is graded through the real sandboxed worker (`torch101.grader.api.grade`, or the
command line as a subprocess when the file has a budget), only the functions its expectations
name, with the default seed (so a table of answers built from the public default seed's cases
stops working once the seed is fresh per run). Attacks are value-correct: only a defence makes
them fail.

Attacks that today's grader does not defeat are listed in PENDING: their rows are
xfail(strict=True), so a row whose defence lands turns red until its entry is deleted.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from torch101.grader.judge import VERDICT_STATUSES

REDTEAM = Path(__file__).parent / "redteam"
DEFAULT_CASES = 5
BUDGET_SLACK_S = 20.0  # interpreter start, torch import, the reference's expected outputs

# file name -> why it still gets credit today. Delete an entry when its defence lands.
PENDING: dict[str, str] = {
    # 1: work out of the recorder's sight
    # 2: switching the recorder off or reaching it
    # 3: forging the channel
    # 4: raw memory
    # 5: hidden pure-Python loops
    # 6: predictable cases
    # 7: reaching trusted data
    # 8: results kept across calls
    # 9: GPU rule loopholes
    # (the two CUDA-error skips closed: on the emulated GPU an error is a failure, never a skip)
    # 10: unbounded time
}



@dataclass(frozen=True)
class Expect:
    function: str
    statuses: frozenset[str]
    negated: bool

    def holds(self, status: str) -> bool:
        return (status in self.statuses) != self.negated

    def __str__(self) -> str:
        return f"{self.function}={'!' if self.negated else ''}{'|'.join(sorted(self.statuses))}"


@dataclass(frozen=True)
class Entry:
    path: Path
    kind: str  # "attack" or "mustpass"
    klass: int | None  # attack class 1-10
    name: str
    does: str
    template: str
    expects: tuple[Expect, ...]
    cases: int = DEFAULT_CASES
    budget: float | None = None
    functions: tuple[str, ...] = field(default=())


_LINE = re.compile(r"^#\s*(attack|mustpass|does|template|expect|cases|budget):\s*(.*?)\s*$")


def parse_header(path: Path) -> Entry:
    """The header: the comment lines at the top of the file."""
    fields: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if not line.startswith("#"):
            break
        match = _LINE.match(line)
        if match:
            fields.setdefault(match.group(1), []).append(match.group(2))
    if ("attack" in fields) == ("mustpass" in fields):
        raise ValueError(f"{path.name}: needs exactly one '# attack:' or '# mustpass:' line")
    if "attack" in fields:
        number, _, name = fields["attack"][0].partition(" ")
        kind, klass = "attack", int(number)
        if not 1 <= klass <= 10:
            raise ValueError(f"{path.name}: attack class must be 1-10, got {klass}")
    else:
        kind, klass, name = "mustpass", None, fields["mustpass"][0]
    expects = []
    for text in fields.get("expect", []):
        function, _, want = text.partition("=")
        negated = want.startswith("!")
        statuses = frozenset(want.lstrip("!").split("|"))
        if not function or not statuses <= set(VERDICT_STATUSES):
            raise ValueError(f"{path.name}: bad expectation {text!r}")
        expects.append(Expect(function.strip(), statuses, negated))
    if not expects:
        raise ValueError(f"{path.name}: no '# expect:' line")
    if "does" not in fields:
        raise ValueError(f"{path.name}: no '# does:' line")
    return Entry(
        path=path,
        kind=kind,
        klass=klass,
        name=name.strip(),
        does=fields["does"][0],
        template=fields.get("template", ["2022"])[0],
        expects=tuple(expects),
        cases=int(fields.get("cases", [str(DEFAULT_CASES)])[0]),
        budget=float(fields["budget"][0]) if "budget" in fields else None,
        functions=tuple(dict.fromkeys(e.function for e in expects)),
    )


ENTRIES = [parse_header(p) for p in sorted(REDTEAM.glob("[!_]*.py"))]  # _make_tables.py: a tool


def grade_entry(entry: Entry) -> tuple[dict[str, str], dict[str, list[str]], float]:
    """(status per function, messages per function, wall seconds)."""
    started = time.monotonic()
    if entry.budget is not None:
        return _grade_cli(entry, started)
    from torch101.grader.api import grade

    result = grade(
        entry.path,
        template=entry.template,
        random_cases=entry.cases,
        functions=list(entry.functions),
    )
    statuses = {f.name: f.status for f in result.functions}
    messages = {f.name: list(f.messages) for f in result.functions}
    return statuses, messages, time.monotonic() - started


def _grade_cli(entry: Entry, started: float) -> tuple[dict[str, str], dict[str, list[str]], float]:
    """The whole-submission budget: the command line, killed if it runs far past it."""
    assert entry.budget is not None
    command = [
        sys.executable, "-m", "torch101", "grade", str(entry.path), "--json", "-",
        "--template", entry.template, "--cases", str(entry.cases),
        "--budget", f"{entry.budget:g}", "--only", *entry.functions,
    ]  # fmt: skip
    try:
        out = subprocess.run(
            command, capture_output=True, text=True, timeout=entry.budget + 2 * BUDGET_SLACK_S
        )
    except subprocess.TimeoutExpired:
        pytest.fail(
            f"{entry.path.name}: still grading after {entry.budget + 2 * BUDGET_SLACK_S:g} s"
        )
    wall = time.monotonic() - started
    assert out.returncode in (0, 1), f"exit {out.returncode}: {out.stderr[-2000:]}"
    data = json.loads(out.stdout)
    statuses = {f["name"]: f["status"] for f in data["functions"]}
    messages = {f["name"]: list(f.get("messages", [])) for f in data["functions"]}
    assert wall <= entry.budget + BUDGET_SLACK_S, (
        f"the whole grade took {wall:.1f} s with --budget {entry.budget:g}"
    )
    return statuses, messages, wall


def _param(entry: Entry) -> Any:
    marks = []
    if entry.path.name in PENDING:
        marks.append(
            pytest.mark.xfail(strict=True, reason=f"defence pending: {PENDING[entry.path.name]}")
        )
    return pytest.param(entry, id=entry.path.stem, marks=marks)


@pytest.mark.slow
@pytest.mark.parametrize("entry", [_param(e) for e in ENTRIES])
def test_redteam_file_gets_its_verdict(entry: Entry) -> None:
    statuses, messages, _ = grade_entry(entry)
    wrong = [
        f"{e.function}: got {statuses.get(e.function)!r}, expected {e}; "
        f"messages: {messages.get(e.function, [])[:3]}"
        for e in entry.expects
        if not e.holds(statuses.get(e.function, "missing"))
    ]
    assert not wrong, f"{entry.path.name} ({entry.kind} {entry.name}): " + " | ".join(wrong)


def test_the_corpus_covers_every_attack_class() -> None:
    attacks = [e for e in ENTRIES if e.kind == "attack"]
    per_class = Counter(e.klass for e in attacks)
    assert len(attacks) >= 45, len(attacks)
    assert sum(e.kind == "mustpass" for e in ENTRIES) >= 15
    assert {k: per_class.get(k, 0) for k in range(1, 11) if per_class.get(k, 0) < 2} == {}
    for entry in attacks:  # an attack never expects full credit
        assert all(
            e.negated and "pass" in e.statuses or not e.negated and "pass" not in e.statuses
            for e in entry.expects
        ), entry.path.name
    for entry in ENTRIES:
        if entry.kind == "mustpass":
            assert all(not e.negated and "pass" in e.statuses for e in entry.expects), (
                entry.path.name
            )
    assert set(PENDING) <= {e.path.name for e in attacks}, set(PENDING) - {e.path.name for e in attacks}  # fmt: skip


def test_the_readme_lists_every_file() -> None:
    readme = (REDTEAM / "README.md").read_text()
    missing = [e.path.name for e in ENTRIES if e.path.name not in readme]
    assert not missing, missing
