"""Jail and start one worker: the first process of a sandbox (`python -I -S boot.py CONFIG`).

`grader/sandbox/` copies this file into a fresh scratch folder and runs it, or the fork server
(`zygote.py`) calls `keep` in a fresh fork and starts the worker without an exec; it imports
only the standard library. Each step is tried and reported, never required, so grading works on any
machine and the report says how isolated it was:

1. new PID, network and mount namespaces (plus a user namespace when not root): the worker
   becomes PID 1 of its own namespace, so killing it kills everything it started; it has no
   network; every mount is read-only, /tmp, /var/tmp and /dev/shm are fresh private tmpfs,
   /proc shows only the sandbox, and the torch101 package is hidden under an empty tmpfs;
2. fork: the child is the worker, this process stays outside as its keeper (subreaper) and
   says on stdout (one JSON object per line) which pid it has and how it ended;
3. in the child: a working directory (a private tmpfs, or a scratch folder), the privilege drop
   to an unprivileged user when root, no-new-privileges, death with the keeper, rlimits, then
   exec of the worker.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import select
import shutil
import signal
import sys

from .mounts import (
    CLONE_NEWNET,
    CLONE_NEWPID,
    CLONE_NEWUSER,
    MNT_DETACH,
    MS_NODEV,
    MS_NOEXEC,
    MS_NOSUID,
    MS_RDONLY,
    _call,
    _mount,
    cover,
    expose,
    minimal_root,
    private_mounts,
    remount_read_only,
    world_reachable,
)
from .reap import children

PR_SET_PDEATHSIG, PR_SET_CHILD_SUBREAPER, PR_SET_NO_NEW_PRIVS = 1, 36, 38
WORKDIR = "/tmp/torch101"
FILE_VIEW = {"minimal": False}  # what build_jail managed, for the isolation report

EVENTS, WATCH = 1, 0  # the keeper's report channel and the grader's lifeline (see zygote.py)


def emit(**event) -> None:
    """One JSON line to the grader (a single write, so lines from two processes never mix)."""
    os.write(EVENTS, (json.dumps(event) + "\n").encode())


def _prctl(option: int, value: int) -> None:
    _call("prctl", option, value, 0, 0, 0)


# ---------------------------------------------------------------------------------------------
# Namespaces


def enter_namespaces(rootless: bool) -> None:
    """New PID and network namespaces for the keeper's next child (and a user namespace to own
    them when not root). The mount namespace is the worker's alone (`private_mounts`), so the
    keeper still sees the real files and can clean up after a grader that died."""
    uid, gid = os.getuid(), os.getgid()
    if rootless:
        _call("unshare", CLONE_NEWUSER)
        for name, text in (
            ("setgroups", "deny"),
            ("uid_map", f"0 {uid} 1"),
            ("gid_map", f"0 {gid} 1"),
        ):
            with open(f"/proc/self/{name}", "w") as f:
                f.write(text)
    # Check that mounts are ours to make before the PID namespace exists (its first child is
    # its init): a failure then leaves nothing half-jailed.
    pid = os.fork()
    if pid == 0:
        try:
            private_mounts()
            os._exit(0)
        finally:
            os._exit(1)
    if os.waitpid(pid, 0)[1] != 0:
        raise OSError("no private mount namespace")
    _call("unshare", CLONE_NEWPID | CLONE_NEWNET)


def build_jail(config: dict, files: dict[str, bytes], owner: tuple[int, int] | None) -> list[str]:
    notes: list[str] = []
    private_mounts()
    size = int(config["tmpfs_bytes"])
    view = config.get("file_view")
    minimal = False
    if view:
        root = os.path.abspath("root")  # in the scratch folder; empty, ours
        try:
            os.makedirs(root, exist_ok=True)
            minimal_root(root, view["keep"], view["covered"], str(size))
            minimal = True
        except OSError as exc:
            with contextlib.suppress(OSError):
                _call("umount2", root.encode(), MNT_DETACH)
            notes.append(f"the worker sees the machine's files read-only: no minimal file view ({exc})")
    if not minimal:
        notes += host_view(config, owner, size)
    try:
        _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    except OSError as exc:
        notes.append(f"the host's /proc stays visible: {exc}")
    FILE_VIEW["minimal"] = minimal
    os.makedirs(WORKDIR, exist_ok=True)
    for name, data in files.items():
        path = os.path.join(WORKDIR, name)
        os.makedirs(os.path.dirname(path), mode=0o755, exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        os.chmod(path, 0o644)
    if owner is not None:
        os.chown(WORKDIR, *owner)
    os.chmod(WORKDIR, 0o700)
    return notes


def host_view(config: dict, owner: tuple[int, int] | None, size: int) -> list[str]:
    """The fallback view: every mount read-only, private scratch folders, torch101 hidden."""
    notes: list[str] = []
    failed = remount_read_only()
    if failed:
        notes.append(f"{failed} mounts could not be made read-only")
    keep = [os.path.realpath(p) for p in config["expose"]]
    for target in ("/tmp", "/var/tmp", "/dev/shm"):
        if os.path.isdir(target) and not os.path.islink(target):
            try:  # a Python installed under /tmp stays visible
                cover(target, keep, f"size={size},mode=1777")
            except OSError as exc:
                notes.append(f"no private {target}: {exc}")
    if owner is not None:
        try:
            expose(keep)
        except OSError as exc:
            notes.append(f"could not open the Python install to the worker: {exc}")
    for path in config["hide"]:
        if not os.path.lexists(path):
            continue  # already out of sight, e.g. a checkout under the private /tmp
        try:
            _mount("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=4k,mode=000")
        except OSError as exc:
            notes.append(f"could not hide {path}: {exc}")
    return notes


# ---------------------------------------------------------------------------------------------
# The child: drop privileges, limit, exec


def can_drop(config: dict, workdir: str) -> bool:
    return all(world_reachable(p) is None for p in [*config["expose"], workdir])


def set_limits(config: dict, dropped: bool) -> None:
    limits = config["rlimits"]
    wanted = {
        resource.RLIMIT_DATA: limits["data"],
        resource.RLIMIT_FSIZE: limits["fsize"],
        resource.RLIMIT_NOFILE: limits["nofile"],
        resource.RLIMIT_CORE: 0,
    }
    if dropped and limits.get("nproc"):
        wanted[resource.RLIMIT_NPROC] = limits["nproc"]
    for which, value in wanted.items():
        soft, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(which, (value, value))


def exec_worker(config: dict, workdir: str, env: dict[str, str]) -> None:
    argv = config["worker_argv"]
    os.execve(argv[0], argv, env)


def child(config: dict, files: dict[str, bytes], *, jailed: bool, notes: list[str], launch=exec_worker) -> None:  # fmt: skip
    drop = config.get("drop")
    owner = (int(drop["uid"]), int(drop["gid"])) if drop else None
    if jailed:
        notes += build_jail(config, files, owner)
        workdir = WORKDIR
    else:
        workdir = config["workdir"]
    dropped = False
    if owner is not None:
        if can_drop(config, workdir):
            os.setgroups([])
            os.setgid(owner[1])
            os.setuid(owner[0])
            dropped = True
        else:
            notes.append(
                "the worker runs as root: the Python install or the scratch folder is not "
                f"reachable for {config['drop'].get('name', 'the unprivileged user')}"
            )
    os.chdir(workdir)
    for option, value in ((PR_SET_NO_NEW_PRIVS, 1), (PR_SET_PDEATHSIG, signal.SIGKILL)):
        with contextlib.suppress(OSError):
            _prctl(option, value)
    set_limits(config, dropped)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    emit(
        event="jailed",
        notes=notes,
        isolation={
            "namespaces": jailed,  # own PID, network and mount namespaces
            "minimal_files": jailed and FILE_VIEW["minimal"],  # sees only Python, torch, deps
            "network_cut": jailed,
            "uid": os.getuid(),
            "dropped_privileges": dropped,
            "workdir": workdir,
        },
    )
    env = dict(config["env"], HOME=workdir, TMPDIR=workdir, PWD=workdir)
    launch(config, workdir, env)


# ---------------------------------------------------------------------------------------------
# The keeper


def wait_worker(pid: int) -> tuple[int, bool]:
    """Wait for the worker; if the grader goes away (our lifeline closes), kill it first.
    Returns the wait status and whether the grader went away."""
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)  # SIGCHLD ends the select below at once
    signal.signal(signal.SIGCHLD, lambda *_: None)
    watching = True
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status, not watching
        ready, _, _ = select.select([WATCH, wake_r] if watching else [wake_r], [], [], 1.0)
        if wake_r in ready:
            os.read(wake_r, 4096)
        if WATCH in ready and not os.read(WATCH, 4096):
            watching = False
            os.kill(pid, signal.SIGKILL)


def main(argv: list[str]) -> int:
    with open(argv[0]) as f:
        config = json.load(f)
    return keep(config, exec_worker)


def keep(config: dict, launch) -> int:
    """Jail, fork and watch one worker, started by `launch(config, workdir, env)`."""
    with contextlib.suppress(OSError):
        _prctl(PR_SET_CHILD_SUBREAPER, 1)  # orphans of the worker come back here
    files = {}
    for name in config["files"]:  # "work/<relative path>": written under the jail's workdir
        with open(name, "rb") as f:
            files[name.split("/", 1)[1]] = f.read()
    notes: list[str] = []
    jailed = False
    if config["namespaces"]:
        try:
            enter_namespaces(rootless=os.getuid() != 0)
            jailed = True
        except OSError as exc:
            notes.append(f"the network is not cut and PIDs are shared: no namespaces ({exc})")
    else:
        notes.append("the network is not cut and PIDs are shared: namespaces are turned off")
    pid = os.fork()
    if pid == 0:
        try:
            child(config, files, jailed=jailed, notes=notes, launch=launch)
        except BaseException as exc:
            with contextlib.suppress(BaseException):
                emit(event="failed", message=f"{type(exc).__name__}: {exc}")
        finally:
            os._exit(127)  # the worker never comes back here
    emit(event="started", worker_pid=pid, jailed=jailed, notes=notes)
    signal.signal(signal.SIGTERM, lambda *_: os.kill(pid, signal.SIGKILL))
    status, grader_gone = wait_worker(pid)
    # Whatever the worker started and orphaned came back to this subreaper: end it.
    for _ in range(20):
        leftovers = children()
        if not leftovers:
            break
        for other in leftovers:
            with contextlib.suppress(OSError):
                os.kill(other, signal.SIGKILL)
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            pass
    if grader_gone:  # nobody is left to remove the scratch folder (our working directory)
        shutil.rmtree(os.getcwd(), ignore_errors=True)
    with contextlib.suppress(OSError):
        if os.WIFSIGNALED(status):
            emit(event="exited", signal=os.WTERMSIG(status))
        else:
            emit(event="exited", code=os.WEXITSTATUS(status))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
