"""A fork server for workers: torch is imported once here, each worker is a fork of this process.

Starting Python and importing torch costs a second or more; a fork costs milliseconds. So
`grader/sandbox/` starts this process once (`python -I -S -B -c <jail.launcher> CONFIG`, from a
scratch folder holding a copy of the jail package), and for every worker sends a
request on a Unix socket: the keeper's config plus five file descriptors (calls, outcomes,
faulthandler, the keeper's events, the grader's lifeline). This process forks a keeper and
answers with its pid; the keeper moves the descriptors to 3..7, closes every other one (the
socket to this server included: a submission must never reach it), and runs `boot.keep`, whose
worker runs `worker.run` in its fork instead of exec'ing a new interpreter.

The server never runs student code and never initialises CUDA (a fork after that would break
it). It exits when the grader closes its stdin or the socket.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import shutil
import socket
import sys
from pathlib import Path

CALLS, OUTCOMES, FAULT, EVENTS, WATCH = 3, 4, 5, 6, 7


def _keeper(request: dict, fds: list[int], boot, worker) -> None:
    """In the fresh fork: take the five descriptors, drop everything else, keep the worker."""
    high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 64) for fd in fds]
    for target, fd in zip((CALLS, OUTCOMES, FAULT, EVENTS, WATCH), high, strict=True):
        os.dup2(fd, target)  # inheritable: the worker keeps the first three
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.closerange(WATCH + 1, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 4096)
    boot.EVENTS, boot.WATCH = EVENTS, WATCH
    os.chdir(request["scratch"])

    def launch(config: dict, workdir: str, env: dict[str, str]) -> None:
        os.environ.clear()
        os.environ.update(env)
        for fd in (EVENTS, WATCH):
            os.close(fd)
        with open("worker.json") as f:
            worker_config = json.load(f)
        worker_config["fds"] = {"calls": CALLS, "outcomes": OUTCOMES, "fault": FAULT}
        os._exit(worker.run(worker_config))

    os._exit(boot.keep(request["boot"], launch))


def _reap() -> None:
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass


def main(argv: list[str]) -> int:
    config = json.loads(Path(argv[0]).read_text())
    here = Path.cwd()  # the scratch folder holding this package's copy
    sys.path.extend(p for p in config["sys_path"] if p not in sys.path)
    import numpy  # noqa: F401 - imported once, here, for every worker
    import torch

    from . import boot, worker

    torch.overrides.resolve_name(torch.add)  # its table is built once and shared by the forks
    sock = socket.socket(fileno=int(config["socket"]))
    threads = len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else 1
    sock.send(json.dumps({"ready": True, "threads": threads}).encode())
    while True:
        ready, _, _ = select.select([sock, 0], [], [], 1.0)
        _reap()
        if 0 in ready and not os.read(0, 4096):  # the grader is gone: so is our folder
            shutil.rmtree(here, ignore_errors=True)
            return 0
        if sock not in ready:
            continue
        data, fds, _, _ = socket.recv_fds(sock, 1 << 20, 8)
        if not data:
            return 0
        request = json.loads(data)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            try:
                _keeper(request, fds, boot, worker)
            finally:
                os._exit(127)
        for fd in fds:
            os.close(fd)
        sock.send(json.dumps({"keeper": pid}).encode())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
