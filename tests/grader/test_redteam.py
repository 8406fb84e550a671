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

REDTEAM = Path(__file__).parent / "redteam"
DEFAULT_CASES = 5
BUDGET_SLACK_S = 20.0  # interpreter start, torch import, the reference's expected outputs

# file name -> why it still gets credit today. Delete an entry when its defence lands.
PENDING: dict[str, str] = {
    # 1: work out of the recorder's sight
    "c01_fork_flip.py": "class 1: os.fork is allowed; the child's torch calls are never logged",
    "c01_futures_shuffle.py": "class 1: threads are allowed; a worker thread's torch calls are not logged",
    "c01_mp_normalize.py": "class 1: torch.multiprocessing fork children run unlogged",
    "c01_subprocess_sum.py": "class 1: subprocesses are allowed; raw bytes leave through untyped_storage",
    "c01_thread_numel.py": "class 1: _thread.start_new_thread runs torch.numel unlogged",
    "c01_thread_reshape.py": "class 1: threading.Thread runs integer indexing unlogged",
    # 2: switching the recorder off or reaching it
    "c02_disable_alias.py": "class 2: torch._C.DisableTorchFunction bound at module level hides every call",
    "c02_fback_globals.py": "class 2: frames reach the worker's globals; Recorder.record can be patched",
    "c02_gc_recorder.py": "class 2: gc.get_objects() finds the Recorder",
    "c02_get_referrers.py": "class 2: weakref callbacks + gc.get_referrers() lead to the Recorder",
    "c02_getframe_ops.py": "class 2: sys._getframe(1).f_locals hands over the recorder's op list",
    "c02_patch_codec.py": "class 2: the worker's encoder (_torch101_codec.pack) is patchable",
    "c02_patch_numel.py": "class 2: the recorder sizes outputs with the patchable Tensor.numel",
    "c02_pop_mode.py": "class 2: torch._C._pop_torch_function_stack removes the recorder",
    "c02_print_globals.py": "class 2: print.__func__.__globals__ is the worker's module",
    "c02_subclasses.py": "class 2: TorchFunctionMode.__subclasses__() finds the recorder's mode class",
    "c02_sys_modules_worker.py": "class 2: sys.modules['_torch101_worker'].Recorder is patchable at import",
    "c02_tb_frame.py": "class 2: a traceback's tb_frame.f_back reaches the worker's frame",
    # 3: forging the channel
    "c03_blind_write.py": "class 3: the outcome pipe is an inherited descriptor the submission can write",
    "c03_proc_fd_forge.py": "class 3: /proc/self/fd names the outcome pipe; frames carry no authentication",
    "c03_relay_thread.py": "class 3: dup2 over the outcome descriptor lets a relay rewrite every frame",
    # 4: raw memory
    "c04_from_address_count.py": "class 4: ctypes from_address reads tensor memory unlogged",
    "c04_memmove_assign.py": "class 4: ctypes.memmove writes into x with no slice assignment",
    "c04_memmove_normalize.py": "class 4: ctypes.memmove moves the data to NumPy and back unlogged",
    "c04_mmap_rows.py": "class 4: ctypes.string_at + an mmap-backed result hide the copying",
    "c04_string_at_sum.py": "class 4: ctypes.string_at reads tensor memory unlogged",
    # 5: hidden pure-Python loops
    "c05_all_generator.py": "class 5: a generator inside all() is exempt as an input check",
    "c05_any_generator.py": "class 5: a generator inside any() is exempt as an input check",
    "c05_check_named_helper.py": "class 5: helpers named _validate*/_check* are trusted",
    "c05_class_method.py": "class 5: loops in methods are not followed",
    "c05_closure_chain.py": "class 5: closures reached through a list are not followed",
    "c05_eval_builtins_dict.py": "class 5: eval fetched through builtins.__dict__ is not seen",
    "c05_exec_vars.py": "class 5: exec fetched through vars(builtins) is not seen",
    "c05_getattr_builtins.py": "class 5: eval fetched with getattr(__builtins__, ...) is not seen",
    "c05_lambda.py": "class 5: a module-level lambda's comprehension is not followed",
    "c05_staticmethod.py": "class 5: loops in static methods are not followed",
    # 6: predictable cases
    "c06_table_sum_positive.py": "class 6: the default seed is fixed (0), so its cases can be tabled",
    "c06_table_zero_row_min.py": "class 6: the default seed is fixed (0), so its cases can be tabled",
    # 7: reaching trusted data
    "c07_other_submission.py": "class 7: the worker can list /work and read other people's files",
    "c07_reference_glob.py": "class 7: other copies of the reference under /work are readable",
    "c07_site_packages_pth.py": "class 7: the editable install's .pth leads to a readable reference",
    # 8: results kept across calls
    "c08_cache_zero_row_min.py": "class 8: a module-level result refilled each call passes the poisoning",
    "c08_normalize_out.py": "class 8: out= into a module-level tensor passes the poisoning",
    "c08_out_buffer.py": "class 8: out= into a module-level tensor passes the poisoning",
    "c08_pi_buffer.py": "class 8: a module-level tensor refilled each call passes the poisoning",
    # 9: GPU rule loopholes
    "c09_cpu_addmm.py": "class 9: addmm is not in the second _PRODUCTS; the CPU product goes unseen",
    "c09_cpu_linear.py": "class 9: F.linear is not a product to the GPU rule",
    "c09_cpu_mm_function.py": "class 9: torch.mm resolves to torch.spmm, not a product",
    "c09_cuda_error_text.py": "class 9: any error mentioning cuda makes mm_on_gpu skipped (0/0)",
    "c09_cuda_source_line.py": "class 9: an error on a line mentioning .cuda() makes mm_on_gpu skipped",
    # 10: unbounded time
    "c10_sleep_per_call.py": "class 10: no per-submission budget (--budget)",
    "c10_slow_import.py": "class 10: no per-submission budget (--budget); each crash re-imports",
}

_STATUSES = {"pass", "partial", "fail", "error", "timeout", "not_implemented", "skipped"}


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
        if not function or not statuses <= _STATUSES:
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
