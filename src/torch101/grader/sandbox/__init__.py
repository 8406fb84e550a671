"""Run a submission's functions in a policed worker process: `WorkerSession`.

    with WorkerSession(Path("pytorch101.py"), limits=Limits()) as session:
        outcomes = session.run([Call("c/1", "count_tensor_elements", [torch.ones(2, 3)])])

One worker per session in the normal case. Each start puts the submission (and copies of
the jail package) into a fresh scratch folder and asks the fork server
(`jail/zygote.py`, one per grading process: torch imported once) for a keeper, or without one runs
the keeper as a new process; the keeper jails the worker as well as this machine allows (see
jail/boot.py) and reports how. The parent enforces every limit that matters from outside the worker:

- a wall-clock limit per call: past `timeout_s` the worker is SIGKILLed (with a PID namespace
  everything it started dies with it) and restarted for the next call;
- a worker that dies (sys.exit is caught as a crash too, os._exit, a signal, the memory limit)
  turns only the current call into `crashed`, with the signal and faulthandler's location;
- only framed plain-data messages for the expected case count; anything else is a crash;
- the scratch folder is removed and the process group killed when the worker stops.

An import-time failure makes every call `crashed` (a hang at import: `timeout`) with the message.

The package, by concern: `host` (what the worker needs from this machine), `forkserver` (the
zygote's client), `jailed` (one keeper + worker pair), `session` (WorkerSession).
"""

from torch101.grader.sandbox.host import SandboxError
from torch101.grader.sandbox.session import WorkerSession

__all__ = ["SandboxError", "WorkerSession"]
