"""What a worker needs from this machine, and how a dead worker's signal and location read.

Needed: paths to expose, the file view, the jail's copy, the environment, the user to drop to.
"""

from __future__ import annotations

import functools
import os
import pwd
import re
import shutil
import signal
import sys
from pathlib import Path
from typing import Any

from torch101.grader.jail import PACKAGE, launcher
from torch101.grader.protocol import Limits

_JAIL = Path(__file__).resolve().parents[1] / "jail"  # grader/jail/
_SUBMISSION_NAME = "pytorch101.py"
_MAX_SUBMISSION_BYTES = 16 << 20
_MAX_DIAGNOSTICS = 8192
_IO_SLACK_S = 30.0  # moving a call's data in or out, beyond the call's own time limit
_BYTES_PER_S = 100e6  # a generous floor for moving arguments through the worker's decoder
_SIGNALS = {
    signal.SIGSEGV: "a segmentation fault (SIGSEGV)",
    signal.SIGBUS: "a bus error (SIGBUS)",
    signal.SIGABRT: "an abort (SIGABRT)",
    signal.SIGFPE: "an arithmetic fault (SIGFPE)",
    signal.SIGILL: "an illegal instruction (SIGILL)",
    signal.SIGKILL: "SIGKILL (out of memory, or killed from outside)",
}


class SandboxError(RuntimeError):
    """The worker could not be started at all (not the submission's fault)."""


# ---------------------------------------------------------------------------------------------
# What the worker needs from this machine


def _python_paths() -> list[str]:
    """Directories the worker adds to sys.path: site-packages and wherever torch/numpy live."""
    paths = [p for p in sys.path if p and ("site-packages" in p or "dist-packages" in p)]
    for name in ("torch", "numpy"):
        module = sys.modules.get(name)
        if module is not None and getattr(module, "__file__", None):
            paths.append(str(Path(module.__file__).resolve().parent.parent))
    out: list[str] = []
    for p in paths:
        if os.path.isdir(p) and p not in out:
            out.append(p)
    return out


def _expose_paths(site: list[str]) -> list[str]:
    exe = os.path.realpath(sys.executable)
    stdlib = os.path.dirname(os.__file__)
    paths = [exe, sys.prefix, sys.base_prefix, sys.exec_prefix, stdlib, *site]
    return sorted({os.path.realpath(p) for p in paths if p})


_RUNTIME_PACKAGES = ("torch", "numpy", "pyseccomp")  # what a worker imports, with their deps


@functools.lru_cache(maxsize=1)
def _runtime_entries() -> tuple[str, ...]:
    """Top-level names in site-packages of torch, numpy, pyseccomp and everything they require."""
    from importlib import metadata

    seen: set[str] = set()
    entries: set[str] = set()
    todo = list(_RUNTIME_PACKAGES)
    while todo:
        name = todo.pop()
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        top = (dist.read_text("top_level.txt") or "").split()  # cheap where the wheel has it
        if top:
            entries.update(e for t in top for e in (t, f"{t}.py", f"{t}.libs"))  # .libs: bundled .so
        else:
            entries.update(f.parts[0] for f in dist.files or () if f.parts and f.parts[0] != "..")
        for requirement in dist.requires or ():
            if "extra ==" not in requirement:
                todo.append(re.split(r"[\s;\[<>=!~]", requirement, maxsplit=1)[0])
    return tuple(sorted(entries - {"torch101"}))


def _file_view(site: list[str]) -> dict[str, Any]:
    """What the worker's minimal root holds: the Python runtime and, of site-packages, only
    the runtime's packages (so not torch101, the reference, nor anything else installed)."""
    return {
        "keep": _expose_paths(site),
        "covered": {os.path.realpath(p): list(_runtime_entries()) for p in site},
    }


def _copy_jail(folder: Path) -> list[str]:
    """A copy of the jail package in `folder`, as PACKAGE; the copied paths, relative."""
    target = folder / PACKAGE
    target.mkdir()
    names = sorted(p.name for p in _JAIL.glob("*.py"))
    for name in names:
        shutil.copyfile(_JAIL / name, target / name)
    return [f"{PACKAGE}/{name}" for name in names]


def _jail_argv(module: str, config: str) -> list[str]:
    return [sys.executable, "-I", "-S", "-B", "-c", launcher(module), config]


def _cuda_in_parent() -> bool:
    """Whether the worker will use a real GPU (its driver starts threads before seccomp)."""
    torch = sys.modules.get("torch")
    return bool(torch is not None and torch.cuda.is_available())


def _hidden_paths() -> list[str]:
    import torch101

    return [str(Path(torch101.__file__).resolve().parent)]


def _identity(limits: Limits) -> tuple[dict[str, Any] | None, str | None]:
    """(uid/gid to drop to, note) when running as root."""
    if not hasattr(os, "getuid") or os.getuid() != 0 or not limits.drop_privileges:
        return None, None
    try:
        entry = pwd.getpwnam(limits.user)
    except KeyError:
        return None, f"the worker runs as root: there is no user {limits.user!r} to drop to"
    return {"uid": entry.pw_uid, "gid": entry.pw_gid, "name": limits.user}, None


def _env(limits: Limits) -> dict[str, str]:
    threads = str(limits.threads)
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "OMP_NUM_THREADS": threads,
        "MKL_NUM_THREADS": threads,
        "OPENBLAS_NUM_THREADS": threads,
    }
    for key, value in os.environ.items():
        if key.startswith(("CUDA_", "NVIDIA_")) or key == "LD_LIBRARY_PATH":
            env[key] = value
    return env


def _signal_text(number: int) -> str:
    try:
        sig = signal.Signals(number)
    except ValueError:
        return f"signal {number}"
    return _SIGNALS.get(sig, f"{sig.name}")


def _fault_location(dump: str, filename: str) -> str:
    """faulthandler's innermost frame in the student's file, as 'pytorch101.py line 12 in f'."""
    for line in dump.splitlines():
        line = line.strip()
        if line.startswith("File ") and filename in line:
            # File "/tmp/torch101/pytorch101.py", line 12 in boom
            try:
                _, rest = line.split(", line ", 1)
                number, _, func = rest.partition(" in ")
                return f" at {filename} line {int(number)} in {func}"
            except ValueError:
                continue
    return ""

