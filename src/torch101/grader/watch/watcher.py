"""`torch101 grade --watch`: re-grade pytorch101.py on every save and redraw one compact table.

Speed comes from staying alive: this process keeps torch imported and the sandbox's fork server
warm between saves, so a save costs the grading of what changed, not a Python start. Each save
is graded in two steps: first the functions whose code changed (or whose helpers, or the
module-level code, did), then the table is redrawn, then the rest (their line numbers may have
moved) and it is redrawn again. A save during a grading abandons it at the next batch of calls
and grades the newest file. A syntax error shows its line and waits for the next save.

Each grading runs on a snapshot of the file, so a save in mid-grading never mixes two versions.
"""

from __future__ import annotations

import ast
import os
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from torch101.grader.report.result import FunctionResult
from torch101.grader.report.watch_view import Frame
from torch101.grader.watch.changes import changed_functions, fingerprints
from torch101.reference.templates import detect_template

__all__ = ["DEFAULT_QUIET_MS", "Watcher"]

DEFAULT_QUIET_MS = 50  # a save is graded once the file has been quiet this long


class _Superseded(Exception):
    """The file changed (or a stop was asked for) while it was being graded."""


def _syntax_error(err: SyntaxError, shown: str) -> str:
    where = f"{shown}, line {err.lineno}" + (f", column {err.offset}" if err.offset else "")
    text = f"\n    {err.text.rstrip()}" if err.text else ""
    return f"{where}: SyntaxError: {err.msg}{text}"


class _Cancellable:
    """Wraps a worker session: before each batch of calls, stop if the file has changed."""

    def __init__(self, factory: Callable, stale: Callable[[], bool]) -> None:
        self.factory, self.stale, self.inner = factory, stale, None

    def __call__(self, submission: Path, *, limits: Any = None) -> _Cancellable:
        self._check()
        self.inner = self.factory(submission, limits=limits)
        return self

    def _check(self) -> None:
        if self.stale():
            raise _Superseded

    def __enter__(self) -> _Cancellable:
        self.inner.__enter__()
        return self

    def __exit__(self, *exc: object) -> Any:
        return self.inner.__exit__(*exc)

    def run(self, calls: list) -> list:
        self._check()
        return self.inner.run(calls)

    @property
    def notes(self) -> list[str]:
        return list(getattr(self.inner, "notes", None) or [])


class Watcher:
    """Grades one file again and again; `draw` receives a Frame after every step."""

    def __init__(
        self,
        path: str | Path,
        *,
        draw: Callable[[Frame], None],
        template: str | None = None,
        seed: int = 0,
        cases: int | None = None,
        weights: Any = None,
        only: Sequence[str] | None = None,
        session_factory: Callable | None = None,
        shown: str | None = None,
    ) -> None:
        self.path = Path(path).absolute()
        self.shown = shown or str(path)
        self.draw = draw
        self.options = {"seed": seed, "cases": cases, "weights": weights}
        self.template, self.only = template, list(only) if only else None
        self.session_factory = session_factory
        self.stop = threading.Event()
        self.results: dict[str, FunctionResult] = {}  # in file order
        self.notes: list[str] = []
        self.digests: dict[str, str] = {}
        self.graded_template = ""
        self.last_source: str | None = None
        self.focus = ""  # the function changed by the last save that changed one
        self.batches: list[tuple[str, ...]] = []  # the names graded by each grade() call, in order
        self._scratch = tempfile.TemporaryDirectory(prefix="torch101-watch-")
        self._snapshot = Path(self._scratch.name) / "pytorch101.py"
        self._stat: tuple | None = None  # the file's (mtime, size, inode) when last read
        self._graded_stat: tuple | None = None  # ... when its text was last graded
        self._unreadable = ""  # why the file could not be read, once said
        self._warmer = threading.Thread(target=self._warm, name="torch101-watch-warm", daemon=True)

    # --- one save -------------------------------------------------------------------------
    def _read(self) -> tuple[tuple, str]:
        st = os.stat(self.path)
        return (st.st_mtime_ns, st.st_size, st.st_ino), self.path.read_text(encoding="utf-8")

    def _stale(self) -> bool:
        return self.stop.is_set() or self._stale_against(self._stat)

    def _stale_against(self, stat: tuple | None) -> bool:
        try:
            st = os.stat(self.path)
        except OSError:
            return True
        return (st.st_mtime_ns, st.st_size, st.st_ino) != stat

    def grade_once(self) -> bool:
        """Grade the file if its text changed since the last grading; True if it graded."""
        while not self.stop.is_set():
            if self._graded_stat is not None and not self._stale_against(self._graded_stat):
                return False  # not even touched since the last look
            try:
                self._stat, source = self._read()
            except (OSError, UnicodeDecodeError) as err:
                message = f"cannot read {self.shown}: {getattr(err, 'strerror', None) or err}"
                if message != self._unreadable:  # said once, not at every look
                    self._unreadable = message
                    self._frame(error=message, status="waiting for the next save")
                return False
            self._unreadable = ""
            if source == self.last_source:
                self._graded_stat = self._stat
                return False
            try:
                self._grade_source(source)
            except _Superseded:
                continue  # saved again meanwhile: grade the newest text
            self.last_source, self._graded_stat = source, self._stat
            return True
        return False

    def _grade_source(self, source: str) -> None:
        try:
            tree = ast.parse(source, filename=self.shown)
        except (SyntaxError, ValueError) as err:
            message = _syntax_error(err, self.shown) if isinstance(err, SyntaxError) else f"{self.shown}: {err}"  # fmt: skip
            self._frame(error=message, status="waiting for the next save")
            return
        digests = fingerprints(tree)
        names = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}  # fmt: skip
        template = self.template or detect_template(names)
        self._snapshot.write_text(source, encoding="utf-8")
        started = time.perf_counter()
        if template != self.graded_template or not self.results:
            self._grade(None, template)  # everything, in file order
            self.digests = digests
            self._frame(status=f"graded in {time.perf_counter() - started:.1f} s; {self._watching()}")  # fmt: skip
            return
        changed = changed_functions(self.digests, digests)
        first = [n for n in self.results if n in changed]
        rest = [n for n in self.results if n not in changed]
        if first:
            self.focus = first[0]  # the lesson shown is for what the learner just edited
            self._grade(first, template)
            took = time.perf_counter() - started
            self._frame(stale=frozenset(rest), status=f"graded {_names(first)} in {took:.1f} s; checking the other {len(rest)}...")  # fmt: skip
        if rest:
            self._grade(rest, template)
        self.digests = digests
        self._frame(status=f"graded in {time.perf_counter() - started:.1f} s; {self._watching()}")

    def _grade(self, names: list[str] | None, template: str) -> None:
        from torch101.grader import runner
        from torch101.grader.api import grade

        factory = _Cancellable(self.session_factory or runner._default_session, self._stale)
        only = names if names is not None else self.only
        self.batches.append(tuple(only or ()))
        result = grade(self._snapshot, template=template, only=only, session_factory=factory, **self.options)  # fmt: skip
        if names is None:
            self.results = {f.name: f for f in result.functions}
        else:
            self.results.update({f.name: f for f in result.functions})
        self.graded_template, self.notes = template, list(result.notes)

    def _watching(self) -> str:
        return f"watching {self.shown} (Ctrl-C to stop)"

    def _frame(self, *, stale: frozenset[str] = frozenset(), status: str = "", error: str = "") -> None:  # fmt: skip
        self.draw(
            Frame(
                self.shown,
                self.graded_template or self.template or "?",
                list(self.results.values()),
                stale,
                status,
                error,
                list(self.notes),
                self.focus,
            )  # fmt: skip
        )

    # --- the loop -------------------------------------------------------------------------
    def run(self, *, quiet_ms: int = DEFAULT_QUIET_MS, look_ms: int = 1000) -> None:
        """Grade now, then after every save until `stop` is set (or Ctrl-C).

        quiet_ms: how long the file must be quiet after a change before it is graded.
        look_ms: with no event for this long, look at the file anyway (cheap: a stat).
        """
        import watchfiles

        name = self.path.name

        def ours(_change: object, changed: str) -> bool:
            return Path(changed).name == name

        try:
            self.grade_once()
            self._warmer.start()
            for _ in watchfiles.watch(
                self.path.parent,
                watch_filter=ours,
                debounce=max(1000, 10 * quiet_ms),  # the longest a burst of saves is grouped
                step=quiet_ms,  # quiet time after the last change before grading
                stop_event=self.stop,
                raise_interrupt=True,  # Ctrl-C reaches the caller, which says it stopped
                rust_timeout=look_ms,  # a save before the watch began, or one that a
                yield_on_timeout=True,  # filesystem never reported, is still graded
                recursive=False,
            ):
                self.grade_once()
        finally:
            self.close()

    def _warm(self) -> None:
        """Start a worker once, so that the sandbox's fork server (torch imported) is ready
        before the first save: a blank file's first grading runs no student code at all."""
        from torch101.grader import runner

        try:
            with (self.session_factory or runner._default_session)(self._snapshot):
                pass
        except Exception:  # a file that cannot start a worker: the next grading will say why
            pass

    def close(self) -> None:
        self.stop.set()
        if self._warmer.is_alive():
            self._warmer.join(timeout=60)
        self._scratch.cleanup()


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{len(names)} changed functions"
