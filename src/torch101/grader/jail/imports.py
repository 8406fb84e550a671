"""What `import` gives a submission inside the worker.

- torch101 and this package are never importable (the reference lives in one, the worker's
  own objects in the other);
- modules that would let code act out of the recorder's sight (ctypes, mmap, subprocess,
  sockets, multiprocessing...) and modules the sandbox does not hold (say matplotlib) come back
  to the submission as placeholders: the file still imports and is graded, and the first use
  of such a module fails that function with the line, recorded as evidence by the guard.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import types
from typing import Any

_getframe = sys._getframe

# Modules that act out of the recorder's sight or reach the worker's objects: a placeholder for
# the submission (below), and denied to anyone else untrusted by the guard's import event.
DANGEROUS = frozenset(
    {"ctypes", "_ctypes", "mmap", "socket", "_socket", "subprocess", "_posixsubprocess",
     "multiprocessing", "_multiprocessing", "concurrent", "pyseccomp", "pty", "signal",
     "resource", "fcntl", "select", "selectors", "asyncio", "faulthandler", "tracemalloc",
     "gc", "_thread", "threading", "inspect", "importlib", "pickle", "marshal"}
)  # fmt: skip


class Placeholder(types.ModuleType):
    """A module the submission may name but not use."""

    def __init__(self, name: str, why: str, on_use: Any):
        super().__init__(name)
        object.__setattr__(self, "_why", why)
        object.__setattr__(self, "_on_use", on_use)
        object.__setattr__(self, "__path__", [])  # a package: `import x.y` gets a placeholder too

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)  # the import system's own probes
        self._on_use(f"using {self.__name__}.{attr}{self._why}")
        raise AttributeError(attr)


class _Loader(importlib.abc.Loader):
    def __init__(self, why: str, on_use: Any):
        self.why, self.on_use = why, on_use

    def create_module(self, spec):
        return Placeholder(spec.name, self.why, self.on_use)

    def exec_module(self, module) -> None:
        pass


class Gate(importlib.abc.MetaPathFinder):
    """First on sys.meta_path: blocks the grader's packages, stands in for dangerous modules."""

    def __init__(self, blocked: list[str], submission: str, on_use: Any, on_import: Any):
        self.blocked = tuple(blocked)
        self.submission = submission
        self.on_use, self.on_import = on_use, on_import

    def find_spec(self, fullname, path=None, target=None):
        top = fullname.split(".")[0]
        if top in self.blocked:
            raise ModuleNotFoundError(f"{fullname} is not available to submissions", name=fullname)
        if top in DANGEROUS and self.by_submission():
            self.on_import(f"importing {fullname}")
            return _spec(fullname, "", self.on_use)
        return None

    def by_submission(self) -> bool:
        """Whether the import statement being run is in the submission's file."""
        frame = _getframe(2)
        for _ in range(32):
            if frame is None:
                return False
            name = frame.f_code.co_filename
            if not name.startswith("<frozen importlib"):
                return name == self.submission
            frame = frame.f_back
        return False


class Missing(importlib.abc.MetaPathFinder):
    """Last on sys.meta_path: a module the sandbox does not hold, imported by the submission."""

    def __init__(self, gate: Gate):
        self.gate = gate

    def find_spec(self, fullname, path=None, target=None):
        if not self.gate.by_submission():
            return None
        if "." not in fullname:
            self.gate.on_import(f"importing {fullname} (not installed in the sandbox)")
        why = f" ({fullname.split('.')[0]} is not installed in the sandbox)"
        return _spec(fullname, why, self.gate.on_use)


def _spec(fullname: str, why: str, on_use: Any) -> importlib.machinery.ModuleSpec:
    return importlib.machinery.ModuleSpec(fullname, _Loader(why, on_use), is_package=True)
