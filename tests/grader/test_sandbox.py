"""The sandbox from outside: what a worker can see and reach, the fallback without namespaces,
startup failures, bad arguments, and a grader that dies mid-call."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import torch

from torch101.grader import failure
from torch101.grader.protocol import Call, Limits
from torch101.grader.sandbox import WorkerSession

PROBE = textwrap.dedent(
    """
    import os, socket, time

    def probe(folder, try_root):
        found = {"uid": os.getuid(), "pid": os.getpid(), "cwd": os.getcwd()}
        try:
            socket.create_connection(("198.51.100.1", 80), timeout=0.5).close()
            found["network"] = "open"
        except OSError as exc:
            found["network"] = exc.errno
        for name, path in (("folder", folder), ("root", "/")) if try_root else ():
            try:
                with open(os.path.join(path, "torch101-probe.txt"), "w") as f:
                    f.write("x")
                found[name] = "written"
            except OSError as exc:
                found[name] = exc.errno
        with open("scratch.txt", "w") as f:
            found["scratch"] = f.write("ok")
        found["processes"] = sum(p.isdigit() for p in os.listdir("/proc"))
        return found

    def nap(s):
        time.sleep(s)
        return s

    def echo(*args, **kwargs):
        return args, kwargs
    """
)


@pytest.fixture(scope="module")
def probe_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("probe") / "pytorch101.py"
    path.write_text(PROBE)
    return path


# The probe opens files, sockets and lists /proc: what the worker's guard stops first. These
# tests check the layers beneath it (namespaces, privileges, rlimits), which must hold alone.
BENEATH = Limits(guard=False, seccomp=False)


@pytest.fixture(scope="module")
def session(probe_file):
    with WorkerSession(probe_file, limits=BENEATH) as s:
        yield s


def probe(session, folder, *, try_root=True):
    outcome = session.run([Call("p", "probe", [str(folder), try_root])])[0]
    assert outcome.status == "ok", outcome.exception
    return outcome.value


def test_default_sandbox_reports_what_it_got_and_holds(session, tmp_path):
    folder = tmp_path / "open-folder"
    folder.mkdir()
    folder.chmod(0o777)
    iso, notes = dict(session.isolation), list(session.notes)
    contained = bool(iso["namespaces"] or iso["dropped_privileges"])
    found = probe(session, folder, try_root=contained)  # never write to / on an open machine
    assert found["scratch"] == 2  # its own folder is writable
    if iso["namespaces"]:
        assert found["network"] != "open" and found["pid"] == 1
        assert found["folder"] != "written" and found["root"] != "written"
        assert not (folder / "torch101-probe.txt").exists()
        assert found["processes"] < 5  # its own /proc: the sandbox only
    else:
        assert any("network is not cut" in n for n in notes)
    if os.getuid() == 0 and iso["dropped_privileges"]:
        assert found["uid"] == 65534
    assert not Path("/torch101-probe.txt").exists()


def test_without_namespaces_the_limits_still_hold_and_the_notes_say_so(probe_file, tmp_path):
    with WorkerSession(probe_file, limits=Limits(namespaces=False, call_timeout_s=0.5, guard=False, seccomp=False)) as session:
        found = probe(session, tmp_path, try_root=False)  # it may run as root here
        slow, fast = session.run([Call("a", "nap", [30]), Call("b", "nap", [0])])
        iso, notes = session.isolation, session.notes
    assert iso["namespaces"] is False and any("network is not cut" in n for n in notes)
    assert found["pid"] != 1 and found["scratch"] == 2
    assert slow.status == "timeout" and fast.status == "ok"


def test_hang_at_import_times_out_every_call(tmp_path):
    path = tmp_path / "pytorch101.py"
    path.write_text("while True:\n    pass\n")
    with WorkerSession(path, limits=Limits(startup_timeout_s=2)) as session:
        outcomes = session.run([Call("a", "f"), Call("b", "g")])
    assert [o.status for o in outcomes] == ["timeout", "timeout"]
    assert "took longer than 2 s" in failure.text(outcomes[0].exception)


def test_exit_at_import_is_a_crash_of_every_call(tmp_path):
    path = tmp_path / "pytorch101.py"
    path.write_text("import os\nos._exit(7)\n")
    with WorkerSession(path) as session:
        outcomes = session.run([Call("a", "f"), Call("b", "g")])
        assert session.starts == 1
    assert [o.status for o in outcomes] == ["crashed", "crashed"]
    assert "exited with code 7" in failure.text(outcomes[0].exception)


def test_bad_arguments_name_what_was_expected(session, tmp_path):
    with pytest.raises(ValueError, match="must be an existing file, got '.*nowhere.py'"):
        WorkerSession(tmp_path / "nowhere.py")
    with pytest.raises(TypeError, match="limits must be a Limits, got dict"):
        WorkerSession(session.submission, limits={"memory_bytes": 1})
    with pytest.raises(TypeError, match="calls must be a list of Call"):
        session.run(["nap"])
    closed = WorkerSession(session.submission)
    closed.close()
    with pytest.raises(RuntimeError, match="closed"):
        closed.run([Call("a", "nap", [0])])


def test_a_grader_killed_mid_call_takes_its_worker_along(tmp_path):
    path = tmp_path / "pytorch101.py"
    path.write_text("def spin():\n    while True:\n        pass\n")
    script = textwrap.dedent(
        f"""
        import sys
        from torch101.grader.protocol import Call
        from torch101.grader.sandbox import WorkerSession
        session = WorkerSession({str(path)!r}).__enter__()
        worker = session._worker
        print(worker.keeper_pid, worker.worker_pid, worker.scratch, flush=True)
        session.run([Call("a", "spin", timeout_s=600)])
        """
    )
    grader = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        keeper, worker, scratch = grader.stdout.readline().split()
        pids = [int(keeper), int(worker)]
        assert all(Path(f"/proc/{p}").exists() for p in pids) and Path(scratch).is_dir()
        time.sleep(0.3)  # the call is running now
        grader.send_signal(signal.SIGKILL)
        grader.wait()
        deadline = time.monotonic() + 5
        while any(_alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(p) for p in pids)
        while Path(scratch).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not Path(scratch).exists()  # the keeper cleaned up for the dead grader
    finally:
        grader.kill()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_values_cross_the_boundary_exactly(session):
    x = torch.randn(50, 40, dtype=torch.float64)
    args = [x, x[:, ::3], 3, 2.5, None, "s", [torch.tensor(True)], (1, 2), torch.int16]
    outcome = session.run([Call("e", "echo", args, {"k": torch.arange(3)})])[0]
    got_args, got_kwargs = outcome.value
    assert torch.equal(got_args[0], x) and torch.equal(got_args[1], x[:, ::3])
    assert got_args[2:6] == (3, 2.5, None, "s") and got_args[7:] == ((1, 2), torch.int16)
    assert got_args[6][0].item() is True and got_kwargs["k"].tolist() == [0, 1, 2]
    inner = [["torch.Tensor", 2], "int", "float", "NoneType", "str", {"type": "list", "items": ["torch.Tensor"]}, {"type": "tuple", "items": [["int", 2]]}, "torch.dtype"]  # fmt: skip
    assert outcome.value_type == {"type": "tuple", "items": [{"type": "tuple", "items": inner}, "dict"]}  # fmt: skip
