"""The untrusted side as a place: what it may import, what it reports about its own isolation,
and the worker's guard seen from the parent (the red-team corpus attacks it file by file)."""

from __future__ import annotations

import ast
import sys
import textwrap
from pathlib import Path

import pytest
import torch

from torch101.grader import failure
from torch101.grader.protocol import Call, Limits
from torch101.grader.sandbox import WorkerSession

JAIL = Path(__file__).resolve().parents[2] / "src" / "torch101" / "grader" / "jail"
# What a module of the jail may import: the standard library, torch, and its own siblings.
ALLOWED_TOPS = {"torch", "numpy", "pyseccomp"}


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.lineno, "." * node.level + (node.module or "")))
    return found


@pytest.mark.parametrize("path", sorted(JAIL.glob("*.py")), ids=lambda p: p.name)
def test_the_jail_imports_nothing_of_the_package(path):
    stdlib = sys.stdlib_module_names
    bad = [
        (line, name)
        for line, name in _imports(path)
        if not name.startswith(".")
        and name.split(".")[0] not in stdlib
        and name.split(".")[0] not in ALLOWED_TOPS
    ]
    assert not bad, f"{path.name} imports outside the jail: {bad}"
    assert not any(name.startswith("torch101") for _, name in _imports(path))


SOURCE = textwrap.dedent(
    """
    import torch

    def add_one(x):
        return x + 1

    def forge(x):
        import json, os, struct
        # A well-formed frame: an outcome for this case, "ok", with a wrong value.
        body = json.dumps({"msg": {"type": "outcome", "case_id": "f", "status": "ok", "value": 7},
                           "buffers": []}).encode()
        frame = struct.pack(">4sIQ", b"T101", len(body), 0) + body
        for fd in range(3, 12):
            try:
                os.write(fd, frame)
            except OSError:
                pass
        return x + 1

    KEPT = torch.zeros(3)

    def kept(x):
        KEPT.copy_(x + 1)
        return KEPT

    CACHE = torch.empty(0)

    def resized(x):
        # The same object every call, its memory moved by resize_ to a size never held before.
        CACHE.resize_(CACHE.numel() + 1000 * x.numel()).zero_()
        return CACHE
    """
)


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    path = tmp_path_factory.mktemp("jail") / "pytorch101.py"
    path.write_text(SOURCE)
    with WorkerSession(path) as session:
        yield session


def test_the_isolation_report_names_every_layer(guarded):
    guarded.run([Call("a", "add_one", [torch.ones(2)])])
    iso, notes = guarded.isolation, guarded.notes
    assert iso["guard"] is (not any("seccomp" in n or "audit hook" in n for n in notes))
    if iso["namespaces"]:
        assert iso["minimal_files"] or any("minimal file view" in n for n in notes)


def test_a_layer_turned_off_is_said(tmp_path):
    path = tmp_path / "pytorch101.py"
    path.write_text(SOURCE)
    with WorkerSession(path, limits=Limits(seccomp=False)) as session:
        assert session.run([Call("a", "add_one", [torch.ones(2)])])[0].status == "ok"
        assert "no seccomp filter (turned off)" in session.notes
        assert session.isolation["guard"] is False


def test_frames_written_by_the_submission_are_not_taken_for_the_workers(guarded):
    forged = guarded.run([Call("f", "forge", [torch.ones(2)])])[0]
    after = guarded.run([Call("g", "add_one", [torch.ones(2)])])[0]
    # os.write is not audited: the frame reaches the outcome pipe, well formed, and the parent
    # rejects it for want of the call's nonce; the worker is replaced.
    assert forged.status == "crashed" and "forged" in failure.text(forged.exception)
    assert after.status == "ok" and after.value.tolist() == [2.0, 2.0]


def test_a_tensor_kept_between_calls_is_seen(guarded):
    first, second = guarded.run(
        [Call("k1", "kept", [torch.ones(3)]), Call("k2", "kept", [torch.zeros(3)])]
    )
    assert first.kept_storage == [False] and second.kept_storage == [True]
    assert second.value.tolist() == [1.0, 1.0, 1.0]  # the value itself is right: only memory tells


def test_a_kept_result_whose_memory_moved_is_seen_by_what_it_is(guarded):
    outcomes = guarded.run([Call(f"r{k}", "resized", [torch.ones(2)]) for k in range(4)])
    assert [o.kept_storage for o in outcomes] == [[False], [True], [True], [True]]


def _seccomp_here() -> bool:
    import ctypes.util
    import importlib.util

    return bool(importlib.util.find_spec("pyseccomp") and ctypes.util.find_library("seccomp"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="seccomp is Linux's")
@pytest.mark.parametrize("fork_server", [True, False], ids=["forked", "exec"])
def test_where_libseccomp_exists_the_whole_guard_is_in_force(tmp_path, fork_server):
    if not _seccomp_here():
        pytest.skip("no libseccomp or pyseccomp on this machine: the guard degrades, and says so")
    path = tmp_path / "pytorch101.py"
    path.write_text(SOURCE)
    with WorkerSession(path, limits=Limits(fork_server=fork_server)) as session:
        assert session.run([Call("a", "add_one", [torch.ones(2)])])[0].status == "ok"
        assert session.isolation["guard"] is True, session.notes
        if session.isolation["namespaces"]:
            assert session.isolation["minimal_files"] is True, session.notes


def test_a_worker_with_more_torch_threads_keeps_working_under_the_guard(tmp_path):
    # OpenMP starts its pool after seccomp is in force: the kernel allows threads then (not
    # processes), and the pool's threads are not taken for the submission's.
    path = tmp_path / "pytorch101.py"
    path.write_text("import torch\n\ndef f(x):\n    return (x @ x).sum()\n")
    with WorkerSession(path, limits=Limits(threads=2)) as session:
        outcomes = session.run([Call(f"m{k}", "f", [torch.randn(400, 400)]) for k in range(2)])
    assert [o.status for o in outcomes] == ["ok", "ok"] and all(o.policy == [] for o in outcomes)
