"""The adversarial corpus: submissions that try to crash, fool or escape the grader.

Each file in corpus/adversarial attacks through one function (a different one per file), so
all but the import-time failure share one worker session here: a fault must end only its own
call. The end-to-end tests splice the same functions into the reference solution and grade it.
Oracles are computed in this process from first principles, never by the code under test.
"""

from __future__ import annotations

import ast
import os
import time
from pathlib import Path

import pytest
import torch

from torch101.grader import failure
from torch101.grader.protocol import Call, Limits
from torch101.grader.sandbox import WorkerSession

CORPUS = Path(__file__).parent / "corpus" / "adversarial"
IMPORT_ERROR = CORPUS / "import_error.py"
SNIPPETS = sorted(p for p in CORPUS.glob("*.py") if p != IMPORT_ERROR)
# The layers beneath the worker's guard (processes, namespaces, the channel, rlimits) are
# tested with the guard off: each must hold on its own. The end-to-end tests keep it on.
LIMITS = Limits(call_timeout_s=1.0, guard=False, seccomp=False)
GUARDED = Limits(call_timeout_s=1.0)
SLEEPER = "torch101-adversarial-sleeper"
ESCAPE = "torch101-adversarial-escape.txt"


def combined_source() -> str:
    return "\n\n".join(p.read_text() for p in SNIPPETS)


def marker_pids(marker: str) -> list[int]:
    """Live processes whose command line carries `marker` (zombies have none)."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    if marker.encode() in f.read():
                        pids.append(int(entry))
            except OSError:
                pass
    return pids


def wait_gone(marker: str, within_s: float = 3.0) -> list[int]:
    deadline = time.monotonic() + within_s
    while (pids := marker_pids(marker)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return pids


def contained(session: WorkerSession) -> bool:
    """Whether writes outside the scratch folder are stopped (private mounts or another user)."""
    iso = session.isolation
    return bool(iso.get("namespaces") or iso.get("dropped_privileges"))


@pytest.fixture(scope="module")
def scratch_root(tmp_path_factory):
    """Scratch folders of this module's sessions go here, so that leftovers can be seen."""
    import tempfile

    root = tmp_path_factory.mktemp("scratch")
    saved, tempfile.tempdir = tempfile.tempdir, str(root)
    yield root
    tempfile.tempdir = saved


@pytest.fixture(scope="module")
def evil(tmp_path_factory, scratch_root):
    folder = tmp_path_factory.mktemp("adversarial")
    path = folder / "pytorch101.py"
    path.write_text(combined_source())
    with WorkerSession(path, limits=LIMITS) as session:
        yield session


def one(session: WorkerSession, function: str, *args, **kwargs):
    return session.run([Call(f"{function}/0", function, list(args), dict(kwargs))])[0]


# --- faults end one call; the next call runs -----------------------------------------------


def test_infinite_loop_that_swallows_exceptions_times_out(evil):
    outcome = one(evil, "count_tensor_elements", torch.ones(2, 3))
    assert outcome.status == "timeout"
    assert "1 s" in failure.text(outcome.exception) and "stopped" in failure.text(outcome.exception)
    after = one(evil, "create_sample_tensor")
    assert after.status == "ok"


def test_sys_exit_is_a_crash_of_that_call(evil):
    outcome = one(evil, "create_tensor_of_pi", 2, 3)
    assert outcome.status == "crashed"
    record = outcome.exception
    assert record["type"] == "SystemExit" and "sys.exit(0)" in record["message"]
    assert record["frames"] and "line" in failure.text(record)


def test_os_exit_after_a_fake_report_is_a_crash_and_the_report_goes_nowhere(evil):
    outcome = one(evil, "multiples_of_ten", 5, 25)
    assert outcome.status == "crashed"
    assert "exited with code 0" in failure.text(outcome.exception)
    assert outcome.value is None and outcome.stdout == ""


def test_segfault_names_the_signal_and_the_line(evil):
    outcome = one(evil, "reverse_rows", torch.arange(6).reshape(3, 2))
    assert outcome.status == "crashed"
    assert "SIGSEGV" in failure.text(outcome.exception)
    text = failure.text(outcome.exception)
    assert "pytorch101.py line" in text and "reverse_rows" in text


def test_garbage_on_the_channel_ends_that_call_only(evil):
    outcome = one(evil, "slice_indexing_practice", torch.arange(15).reshape(3, 5))
    assert outcome.status == "crashed"
    assert "unexpected data" in failure.text(outcome.exception)
    assert one(evil, "create_sample_tensor").status == "ok"


def test_memory_bomb_hits_the_limit_and_the_worker_lives_on(evil):
    outcome = one(evil, "zero_row_min", torch.ones(2, 2))
    assert outcome.status == "crashed"
    assert "memory limit" in failure.text(outcome.exception)
    assert one(evil, "create_sample_tensor").status == "ok"


def test_huge_output_is_capped_and_changes_nothing(evil):
    x, y = torch.randn(2, 3, 4), torch.randn(2, 4, 5)
    outcome = one(evil, "batched_matrix_multiply_noloop", x, y)
    assert outcome.status == "ok"
    expected = [[[sum(x[b, i, k].item() * y[b, k, j].item() for k in range(4)) for j in range(5)] for i in range(3)] for b in range(2)]  # fmt: skip
    assert torch.allclose(outcome.value, torch.tensor(expected), atol=1e-5)
    cap = LIMITS.max_output_bytes
    assert len(outcome.stdout) < cap + 200
    assert "more characters of output not shown" in outcome.stdout


def test_fake_report_prints_are_only_output(evil):
    x = torch.arange(12).reshape(3, 4)
    outcome = one(evil, "shuffle_cols", x)
    assert outcome.status == "ok"
    assert '"status": "pass"' in outcome.stdout  # it printed its fake report...
    expected = torch.tensor([[r[0], r[0], r[2], r[1]] for r in x.tolist()])
    assert not torch.equal(outcome.value, expected)  # ...and its answer is still wrong


def test_monkeypatching_torch_stays_in_the_worker(evil):
    x = torch.tensor([[0.0, 30.0], [1.0, 10.0], [-1.0, 20.0]])
    outcome = one(evil, "normalize_columns", x)
    assert outcome.status == "ok"
    assert torch.allclose.__module__ != "pytorch101"  # this process is untouched
    assert (torch.tensor([1.0]) == torch.tensor([2.0])).tolist() == [False]
    assert not torch.equal(outcome.value, torch.tensor([[0.0, 1.0], [1.0, -1.0], [-1.0, 0.0]]))


def test_tensor_subclass_comes_back_plain_with_its_true_type(evil):
    x = torch.arange(12).reshape(4, 3)
    outcome = one(evil, "take_one_elem_per_col", x)
    assert outcome.status == "ok"
    assert outcome.value_type == "pytorch101.Liar"
    assert type(outcome.value) is torch.Tensor
    assert outcome.value.tolist() == [3, 1, 11]


def test_planted_results_files_never_reach_the_grader(evil, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    outcome = one(evil, "create_sample_tensor")
    assert outcome.status == "ok"
    assert list(tmp_path.iterdir()) == []
    assert not (evil.submission.parent / "results.json").exists()


def test_the_reference_and_the_grader_are_out_of_reach(evil):
    outcome = one(evil, "probe_internals")
    assert outcome.status == "ok"
    found = outcome.value
    assert found["reference"] == "ModuleNotFoundError"
    assert found["judge"] == "ModuleNotFoundError"
    assert found["expected_in_memory"] is False
    if evil.isolation.get("namespaces"):
        assert not isinstance(found["parent_environ"], int)
    wrong = one(evil, "sum_positive_entries", torch.tensor([-1, 2, 3]))
    assert wrong.value == 0  # without the reference, it has no right answer to copy


def test_spawned_processes_die_with_the_call(evil):
    outcome = one(evil, "make_one_hot", [1, 0, 2])
    assert outcome.status == "ok"
    assert outcome.value.tolist() == [[0, 1, 0], [1, 0, 0], [0, 0, 1]]
    assert wait_gone(SLEEPER) == []
    assert not Path(f"/tmp/{SLEEPER}.txt").exists()


def test_writes_outside_the_scratch_folder_do_not_land(evil, tmp_path):
    target = tmp_path / "user-files"
    target.mkdir()
    target.chmod(0o777)  # even a folder anyone may write to
    outcome = one(evil, "escape", str(target))
    assert outcome.status == "ok"
    landed = [p for p in (Path("/tmp") / ESCAPE, Path("/var/tmp") / ESCAPE, target / ESCAPE) if p.exists()]  # fmt: skip
    for path in landed:
        path.unlink()
    if not contained(evil):
        pytest.skip(f"no namespaces and no privilege drop here: {evil.notes}")
    assert outcome.value == [] or all(not Path(p).exists() for p in outcome.value)
    assert landed == []


def test_import_time_exception_fails_every_call_with_its_message(scratch_root):
    with WorkerSession(IMPORT_ERROR, limits=LIMITS) as session:
        outcomes = session.run(
            [Call("a", "count_tensor_elements", [torch.ones(1)]), Call("b", "hello")]
        )
        assert session.starts == 1  # not retried per call
    assert [o.status for o in outcomes] == ["crashed", "crashed"]
    for outcome in outcomes:
        record = outcome.exception
        assert record["importing"] and record["type"] == "RuntimeError"
        assert record["message"] == "torch101-adversarial: this file cannot be imported"
        assert [(f["line"], f["function"]) for f in record["frames"]] == [(5, "<module>")]
        assert failure.summary(record) == (
            "importing pytorch101.py failed: RuntimeError: torch101-adversarial: this file cannot be "
            'imported (pytorch101.py, line 5: raise RuntimeError("torch101-adversarial: this file '
            'cannot be imported"))'
        )


# --- nothing is left behind -----------------------------------------------------------------


def test_closing_the_session_leaves_no_process_and_no_scratch(evil, scratch_root):
    assert one(evil, "make_one_hot", [0, 1]).status == "ok"  # spawns a sleeper and a daemon
    workers = evil._started
    assert len(workers) > 3  # the faults above restarted it
    assert scratch_dirs(scratch_root) == [evil._worker.scratch]
    pids = [pid for w in workers for pid in (w.keeper_pid, w.worker_pid)]
    evil.close()
    assert scratch_dirs(scratch_root) == []
    assert wait_gone(SLEEPER) == []
    for pid in pids:
        assert not Path(f"/proc/{pid}").exists() or _zombie_or_other(pid)


def scratch_dirs(root: Path) -> list[Path]:
    """Scratch folders of workers (the fork server's own folder lives as long as this process)."""
    return [p for p in root.iterdir() if not p.name.startswith("torch101-zygote-")]


def _zombie_or_other(pid: int) -> bool:
    """A pid still listed is at most a zombie (or, rarely, a new process that reused it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    ours = (b"boot.py", b"worker.py", b"zygote.py")
    return stat.rsplit(")", 1)[1].split()[0] == "Z" or not any(n in cmdline for n in ours)  # fmt: skip


# --- end to end through grade() ------------------------------------------------------------


def splice(reference: str, snippet: str) -> str:
    """The reference with the snippet's functions in place of its own; other statements of the
    snippet (imports, classes, patches) go at the end, so import-time attacks still run."""
    ref_tree, snip_tree = ast.parse(reference), ast.parse(snippet)
    snip_lines = snippet.splitlines()
    replaced = {n.name: n for n in snip_tree.body if isinstance(n, ast.FunctionDef)}
    lines = reference.splitlines()
    for node in sorted((n for n in ref_tree.body if isinstance(n, ast.FunctionDef)), key=lambda n: -n.lineno):  # fmt: skip
        if node.name in replaced:
            new = replaced.pop(node.name)
            start = min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1
            lines[start : node.end_lineno] = snip_lines[new.lineno - 1 : new.end_lineno]
    extra = [n for n in snip_tree.body if not isinstance(n, ast.FunctionDef) or n.name in replaced]
    tail = ["\n".join(snip_lines[n.lineno - 1 : n.end_lineno]) for n in extra]
    return "\n".join(lines) + "\n\n" + "\n\n".join(tail) + "\n"


EXPECTED_E2E = {  # with the worker's guard on, as graded for real
    "count_tensor_elements": "timeout",
    "slice_indexing_practice": "error",
    "create_tensor_of_pi": "error",
    "multiples_of_ten": "error",
    "reverse_rows": "error",  # ctypes: stopped by the guard before it can segfault
    "zero_row_min": "error",
    "shuffle_cols": "fail",
    "normalize_columns": "fail",
    "take_one_elem_per_col": "fail",
    "sum_positive_entries": "error",  # forks and spawns: stopped by the guard
    "make_one_hot": "error",  # gc and /proc of the parent: stopped by the guard
}
# Every other function fails: monkeypatch.py assigns into torch at import, which breaks the static
# policy (policy.py) for the whole file; the attacks that the worker stops keep their status.


@pytest.mark.slow
def test_grade_gives_each_attacked_function_its_verdict_and_the_rest_pass(tmp_path):
    from torch101.grader import grade
    from torch101.reference.export import solution_source

    source = solution_source("2022")
    for snippet in SNIPPETS:
        source = splice(source, snippet.read_text())
    path = tmp_path / "pytorch101.py"
    path.write_text(source)
    result = grade(path, random_cases=3, limits=GUARDED).to_dict()
    statuses = {f["name"]: f["status"] for f in result["functions"]}
    for name, status in statuses.items():
        want = EXPECTED_E2E.get(name, "fail")
        assert status == want, (name, status, [f["messages"] for f in result["functions"] if f["name"] == name])  # fmt: skip
    assert wait_gone(SLEEPER) == []


def test_grade_of_a_file_that_cannot_be_imported_errors_everywhere(tmp_path):
    from torch101.grader import grade
    from torch101.reference.export import solution_source

    path = tmp_path / "pytorch101.py"
    path.write_text(splice(solution_source("2022"), IMPORT_ERROR.read_text()))
    result = grade(path, random_cases=1, limits=GUARDED).to_dict()
    graded = result["functions"]
    assert graded and all(f["status"] == "error" for f in graded)  # mm_on_gpu too: never a skip
    assert result["score"] == 0
    assert all(any("cannot be imported" in m for m in f["messages"]) for f in graded)
