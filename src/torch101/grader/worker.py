"""The sandboxed child: import the student's file, run Calls, stream Outcomes.

Started by `sandbox.WorkerSession` as a copy of this file next to a copy of `codec.py` (so the
torch101 package, and with it the reference, is not on its path), or by hand as
`python -m torch101.grader.worker CONFIG.json` while developing. CONFIG names the student's file,
the module name to import it under, extra `sys.path` entries, the protocol file descriptors and
the limits.

Channels: calls arrive on one pipe, outcomes leave on another, and a third receives
faulthandler's dump if the process dies of a signal. The student's prints never touch them:
`sys.stdout`/`sys.stderr` are capped in-memory writers and file descriptors 1 and 2 point to a
log file, both read back after each call into `Outcome.stdout`.

Everything here runs next to untrusted code, so the parent treats what it sends as evidence to
check, never as a verdict. The helpers used to encode results are bound before the student's
file is imported, so monkeypatching `torch` from the submission does not change them.
"""

from __future__ import annotations

import builtins
import contextlib
import faulthandler
import importlib.abc
import importlib.util
import io
import json
import os
import signal
import sys
import time
import traceback
import weakref
from pathlib import Path
from typing import Any

OUTPUT_LOG = "_output.log"
_getframe = sys._getframe  # bound before the student's file is imported (it may patch sys)
_KEEP_FRAMES = 8
_EXCEPTION_CAP = 4000
_BULKY_BYTES = 8 << 20  # outcomes above this announce themselves before being encoded


def _load_codec():
    if "_torch101_codec" in sys.modules:  # forked from the fork server: already loaded
        return sys.modules["_torch101_codec"]
    if __package__:
        from torch101.grader import codec

        return codec
    path = Path(__file__).resolve().with_name("codec.py")
    spec = importlib.util.spec_from_file_location("_torch101_codec", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------------------------
# Output capture


_PRINT = builtins.print


class CappedWriter(io.TextIOBase):
    """sys.stdout / sys.stderr for the student: keeps the first `cap` characters, counts the rest."""

    def __init__(self, cap: int):
        self.cap = cap
        self.parts: list[str] = []
        self.kept = 0
        self.dropped = 0

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        room = self.cap - self.kept
        if room > 0:
            self.parts.append(text[:room])
            self.kept += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    @property
    def full(self) -> bool:
        return self.kept >= self.cap

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return 1

    @property
    def encoding(self) -> str:
        return "utf-8"

    def take(self) -> tuple[str, int]:
        text, dropped = "".join(self.parts), self.dropped
        self.parts, self.kept, self.dropped = [], 0, 0
        return text, dropped


class OutputCapture:
    """Python-level prints (capped writer) plus anything written to file descriptors 1 and 2."""

    def __init__(self, cap: int):
        self.cap = cap
        self.writer = CappedWriter(cap)
        self.log_fd = os.open(OUTPUT_LOG, os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)
        os.set_inheritable(self.log_fd, False)
        for fd in (1, 2):
            os.dup2(self.log_fd, fd)
        sys.stdout = sys.stderr = self.writer
        self.skipped_prints = 0
        builtins.print = self._print

    def _print(self, *args: Any, file: Any = None, **kwargs: Any) -> None:
        # Once the cap is reached, skip formatting: printing a big tensor thousands of times
        # would otherwise cost seconds for output nobody sees.
        if self.writer.full and (file is None or file is self.writer):
            self.skipped_prints += 1
            return
        _PRINT(*args, file=file, **kwargs)

    def take(self) -> str:
        sys.stdout = sys.stderr = self.writer  # the student may have replaced them
        builtins.print = self._print
        text, dropped = self.writer.take()
        skipped, self.skipped_prints = self.skipped_prints, 0
        try:
            size = os.fstat(self.log_fd).st_size
            raw = os.pread(self.log_fd, self.cap, 0) if size else b""
            os.ftruncate(self.log_fd, 0)
        except OSError:
            size, raw = 0, b""
        if raw:
            text += raw.decode("utf-8", "replace")
            dropped += max(0, size - len(raw))
        if len(text) > self.cap:
            dropped += len(text) - self.cap
            text = text[: self.cap]
        if dropped:
            text += f"\n... ({dropped} more characters of output not shown)"
        if skipped:
            text += f"\n... ({skipped} more print calls after the output cap, not shown)"
        return text


# ---------------------------------------------------------------------------------------------
# Import guard: the reference is not importable from here


class _Blocker(importlib.abc.MetaPathFinder):
    def __init__(self, names: list[str]):
        self.names = tuple(names)

    def find_spec(self, fullname, path=None, target=None):
        if fullname.split(".")[0] in self.names:
            raise ModuleNotFoundError(f"{fullname} is not available to submissions", name=fullname)
        return None


# ---------------------------------------------------------------------------------------------
# The call log and the emulated GPU

_CROSS_DEVICE_OK = frozenset(
    {
        "torch.Tensor.__getitem__", "torch.Tensor.__setitem__", "torch.Tensor.copy_",
        "torch.Tensor.to", "torch.Tensor.cpu", "torch.Tensor.cuda", "torch.Tensor.type_as",
        "torch.Tensor.index_put_", "torch.Tensor.index_put", "torch.Tensor.new_tensor",
    }
)  # fmt: skip


class Recorder:
    """A TorchFunctionMode (built lazily, torch is imported late) that logs and emulates CUDA."""

    def __init__(
        self,
        torch,
        codec,
        mode_class,
        *,
        trace: bool,
        emulate: bool,
        max_ops: int,
        inputs: tuple = (),
        source: str | None = None,
    ):
        self.torch, self.codec, self.mode_class = torch, codec, mode_class
        self.trace, self.emulate, self.max_ops = trace, emulate, max_ops
        self.source = source  # the student's file: each logged op says from which line
        self.ops: list[dict] = []
        self.dropped = 0
        self._marked: dict[int, weakref.ref] = {}
        # Tensors computed from the call's arguments: "one indexing operation on the input"
        # counts x[...] on these, not on index tensors built from scratch (torch.arange(M)[:, None]).
        self._derived: dict[int, weakref.ref] = {}
        for t in inputs:
            self._remember(self._derived, t)
        self._names: dict[Any, str] = {}
        self._cuda = torch.device("cuda", 0)

    # marks --------------------------------------------------------------------------------
    def marked(self, t: Any) -> bool:
        ref = self._marked.get(id(t))
        return ref is not None and ref() is t

    def mark(self, t: Any) -> None:
        self._remember(self._marked, t)

    def derived(self, t: Any) -> bool:
        ref = self._derived.get(id(t))
        return ref is not None and ref() is t

    @staticmethod
    def _remember(table: dict, t: Any) -> None:
        key = id(t)
        table[key] = weakref.ref(t, lambda _, key=key: table.pop(key, None))

    def tensors(self, obj: Any, depth: int = 0) -> list:
        torch = self.torch
        if isinstance(obj, torch.Tensor):
            return [obj]
        if depth < 2 and isinstance(obj, (list, tuple)):
            return [t for item in obj for t in self.tensors(item, depth + 1)]
        if depth < 2 and isinstance(obj, dict):
            return [t for item in obj.values() for t in self.tensors(item, depth + 1)]
        return []

    # names --------------------------------------------------------------------------------
    def name(self, func: Any) -> str:
        try:
            return self._names[func]
        except (KeyError, TypeError):
            pass
        name = None
        try:
            name = self.torch.overrides.resolve_name(func)
        except Exception:
            name = None
        name = name or repr(func)
        with contextlib.suppress(TypeError):
            self._names[func] = name
        return name

    # the mode -----------------------------------------------------------------------------
    def mode(self):
        recorder = self

        class _Mode(self.mode_class):
            def __torch_function__(self, func, types, args=(), kwargs=None):
                return recorder.handle(func, args, kwargs or {})

        return _Mode()

    def handle(self, func: Any, args: tuple, kwargs: dict) -> Any:
        name = self.name(func)
        on_gpu = False
        inputs = self.tensors(list(args)) + self.tensors(kwargs)
        first = args[0] if args else kwargs.get("input", kwargs.get("self"))  # input=x counts too
        first = first if isinstance(first, self.torch.Tensor) else None
        # Read before the call: an in-place op may change what its self was derived from.
        of_input = first is not None and self.derived(first)
        from_input = of_input or any(self.derived(t) for t in inputs)
        if self.emulate:
            on_gpu = any(self.marked(t) for t in inputs)
            out = self.emulated(name, func, args, kwargs, inputs, on_gpu)
        else:
            out = func(*args, **kwargs)
            # A real GPU: the same evidence as the emulated one (was an input on the device?).
            on_gpu = self.trace and any(t.is_cuda for t in inputs)
        if from_input and self.trace:
            for t in self.tensors(out):
                self._remember(self._derived, t)
            if first is not None and (name.endswith("_") or name.endswith("__setitem__")):
                self._remember(self._derived, first)
        if self.trace:
            self.record(name, args, out, on_gpu, of_input, first)
        return out

    def record(
        self, name: str, args: tuple, out: Any, on_gpu: bool, of_input: bool, first: Any
    ) -> None:
        if len(self.ops) >= self.max_ops:
            self.dropped += 1
            return
        numels = [t.numel() for t in self.tensors(out)]
        entry = {
            "name": name,
            "max_out_numel": max(numels, default=0),
            "arg_types": [self.codec.describe_type(a, max_items=8) for a in args],
        }
        if on_gpu:
            entry["fake_gpu" if self.emulate else "gpu"] = True
        if of_input:
            entry["of_input"] = True  # its first argument is the input or computed from it
        if first is not None and name.rsplit(".", 1)[-1] in (
            "tolist",
            "numpy",
            "__array__",
            "__dlpack__",
        ):
            entry["self_numel"] = first.numel()  # data leaving torch for Python
        line = self.line()
        if line is not None:
            entry["line"] = line
        self.ops.append(entry)

    def line(self) -> int | None:
        """The line of the student's file that made the current torch call (the innermost)."""
        if self.source is None:
            return None
        frame = _getframe(2)
        for _ in range(64):
            if frame is None:
                return None
            if frame.f_code.co_filename == self.source:
                return frame.f_lineno
            frame = frame.f_back
        return None

    def log(self) -> list[dict]:
        if self.dropped:
            return [*self.ops, {"name": "torch101.truncated", "dropped": self.dropped}]
        return self.ops

    # CUDA emulation -----------------------------------------------------------------------
    def is_cuda_target(self, value: Any) -> bool | None:
        """True for a CUDA device spec, False for a CPU one, None when `value` names no device."""
        torch = self.torch
        if isinstance(value, torch.Tensor):
            return self.marked(value)
        if isinstance(value, torch.device):
            return value.type == "cuda"
        if isinstance(value, str) and value.split(":")[0] in ("cuda", "cpu"):
            return value.startswith("cuda")
        if isinstance(value, int) and not isinstance(value, bool):
            return True
        return None

    def emulated(self, name, func, args, kwargs, inputs, on_gpu) -> Any:
        torch = self.torch
        self_t = args[0] if args and isinstance(args[0], torch.Tensor) else None
        if name == "torch.Tensor.is_cuda.__get__":
            return self.marked(self_t)
        if name == "torch.Tensor.device.__get__" and self.marked(self_t):
            return self._cuda
        if name == "torch.Tensor.get_device":
            return 0 if self.marked(self_t) else -1
        if name == "torch.Tensor.cuda":
            if self.marked(self_t):
                return self_t
            out = self_t.clone()
            self.mark(out)
            return out
        if name == "torch.Tensor.cpu":
            return self_t.clone() if self.marked(self_t) else func(*args, **kwargs)
        if name == "torch.Tensor.numpy" and self.marked(self_t):
            raise TypeError(
                "can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu() to copy the "
                "tensor to host memory first."
            )
        if name in ("torch.Tensor.pin_memory", "torch.Tensor.is_pinned"):
            return self_t.clone() if name.endswith("pin_memory") else False
        if name == "torch.Tensor.to":
            return self.emulated_to(func, self_t, args, kwargs)
        if self.is_cuda_target(kwargs.get("device")):
            out = func(*args, **{**kwargs, "device": "cpu"})
            for t in self.tensors(out):
                self.mark(t)
            return out
        if on_gpu and name not in _CROSS_DEVICE_OK:
            sized = [t for t in inputs if t.dim() > 0]
            if any(self.marked(t) for t in sized) and not all(self.marked(t) for t in sized):
                raise RuntimeError(
                    "Expected all tensors to be on the same device, but found at least two "
                    "devices, cuda:0 and cpu! (as on a real GPU; torch101 emulates one here)"
                )
        out = func(*args, **kwargs)
        in_place = name.endswith("_") and not name.endswith("__")
        if on_gpu and not in_place:
            for t in self.tensors(out):
                self.mark(t)
        return out

    def emulated_to(self, func, self_t, args, kwargs) -> Any:
        target = None
        rest = list(args[1:])
        for i, value in enumerate(rest):
            found = self.is_cuda_target(value)
            if found is not None:
                target = found
                if not isinstance(value, self.torch.Tensor):
                    rest[i] = "cpu"
                break
        if "device" in kwargs:
            target = self.is_cuda_target(kwargs["device"])
            kwargs = {**kwargs, "device": "cpu"}
        out = func(self_t, *rest, **kwargs)
        was_gpu = self.marked(self_t)
        if target is None:  # a dtype change only: stays where it was
            if was_gpu and out is not self_t:
                self.mark(out)
            return out
        if target:
            if was_gpu:
                if out is not self_t:
                    self.mark(out)
                return out
            out = self_t.clone() if out is self_t else out
            self.mark(out)
            return out
        return self_t.clone() if (was_gpu and out is self_t) else out


class _FakeCuda:
    """Patch torch.cuda's queries for the length of an emulated call."""

    NAMES = {
        "is_available": lambda: True,
        "device_count": lambda: 1,
        "current_device": lambda: 0,
        "synchronize": lambda *a, **k: None,
        "is_initialized": lambda: True,
    }

    def __init__(self, torch):
        self.cuda = torch.cuda
        self.saved: dict[str, Any] = {}

    def __enter__(self):
        for name, fake in self.NAMES.items():
            self.saved[name] = getattr(self.cuda, name)
            setattr(self.cuda, name, fake)
        return self

    def __exit__(self, *exc):
        for name, real in self.saved.items():
            setattr(self.cuda, name, real)


# ---------------------------------------------------------------------------------------------
# The worker


class Worker:
    def __init__(self, config: dict[str, Any]):
        self.config = config
        limits = config.get("limits", {})
        self.max_output = int(limits.get("max_output_bytes", 64 * 1024))
        self.max_message = int(limits.get("max_message_bytes", 512 << 20))
        self.max_ops = int(limits.get("max_ops", 200_000))
        self.memory_bytes = int(limits.get("memory_bytes", 4 << 30))
        fds = config["fds"]
        self.calls_fd, self.out_fd = int(fds["calls"]), int(fds["outcomes"])
        self.submission = os.path.abspath(config["submission"])
        self.module_name = config.get("module_name", "pytorch101")
        self.pid = os.getpid()
        self.pid_one = self.pid == 1  # we are the init of a PID namespace: kill(-1) is safe
        self.module = None

        import torch  # noqa: PLC0415 - after the rlimits, before the student's code

        torch.set_num_threads(int(limits.get("threads", 1)))
        self.torch = torch
        self.codec = _load_codec()
        # Bound now, before the student's file can monkeypatch anything.
        self._kill, self._waitpid, self._time = os.kill, os.waitpid, time.perf_counter
        self._getpid, self._exit = os.getpid, os._exit
        self._version = torch._C.TensorBase.__dict__["_version"].__get__
        self._storage = torch.Tensor.untyped_storage
        self._data_ptr = torch.UntypedStorage.data_ptr
        self._Tensor = torch.Tensor
        self._mode_class = torch.overrides.TorchFunctionMode
        torch.overrides.resolve_name(torch.add)  # build the name table once, outside any call

    # channel ------------------------------------------------------------------------------
    def send(self, message: dict) -> None:
        codec = self.codec
        try:
            frame = codec.pack(message, max_bytes=self.max_message)
        except Exception as exc:
            if isinstance(exc, codec.TooLarge):
                why = f"the result is too large to send back to the grader ({exc})"
            else:
                why = (
                    f"the result could not be sent back to the grader ({type(exc).__name__}: {exc})"
                )
            frame = codec.pack(
                {
                    "type": message.get("type"),
                    "case_id": message.get("case_id"),
                    "status": "crashed",
                    "exception": why,
                    "stdout": message.get("stdout", ""),
                    "duration_s": message.get("duration_s", 0.0),
                }
            )
        codec.write_all(self.out_fd, frame)

    # import -------------------------------------------------------------------------------
    def import_student(self, capture: OutputCapture) -> bool:
        t0 = self._time()
        try:
            spec = importlib.util.spec_from_file_location(self.module_name, self.submission)
            module = importlib.util.module_from_spec(spec)
            sys.modules[self.module_name] = module
            spec.loader.exec_module(module)
        except BaseException as exc:  # SystemExit and KeyboardInterrupt included
            message = self.describe_exception(exc, importing=True)
            self.send(
                {"type": "import_error", "message": message, "stdout": capture.take(),
                 "duration_s": self._time() - t0}
            )  # fmt: skip
            return False
        self.module = module
        self.send({"type": "ready", "stdout": capture.take(), "duration_s": self._time() - t0})
        return True

    # exceptions ---------------------------------------------------------------------------
    def describe_exception(self, exc: BaseException, *, importing: bool = False) -> str:
        try:
            text = str(exc)
        except BaseException:
            text = "<unprintable exception>"
        kind = type(exc).__name__
        if isinstance(exc, SystemExit):
            where = "while being imported" if importing else "instead of returning"
            head = f"SystemExit: the submission called sys.exit({text or ''}) {where}"
        elif self.is_memory_error(exc):
            head = f"{kind}: {text} (the worker's memory limit is {self.memory_bytes / (1 << 30):.1f} GiB)"
        else:
            head = f"{kind}: {text}" if text else kind
        frames = [
            f for f in traceback.extract_tb(exc.__traceback__) if f.filename == self.submission
        ]
        lines = [head.strip()]
        for frame in frames[-_KEEP_FRAMES:]:
            lines.append(
                f'  File "{Path(frame.filename).name}", line {frame.lineno}, in {frame.name}'
            )
            if frame.line:
                lines.append(f"    {frame.line.strip()}")
        message = "\n".join(lines)
        if len(message) > _EXCEPTION_CAP:
            message = message[: _EXCEPTION_CAP - 3] + "..."
        return message

    @staticmethod
    def is_memory_error(exc: BaseException) -> bool:
        if isinstance(exc, MemoryError):
            return True
        try:
            return isinstance(exc, RuntimeError) and "can't allocate memory" in str(exc)
        except BaseException:  # a hostile __str__
            return False

    # one call -----------------------------------------------------------------------------
    def run_call(self, message: dict, capture: OutputCapture) -> dict:
        case_id = message.get("case_id", "")
        args = list(message.get("args") or [])
        kwargs = dict(message.get("kwargs") or {})
        trace, emulate = bool(message.get("trace")), bool(message.get("emulate_cuda"))
        timeout = float(message.get("timeout_s", 5.0))
        outcome: dict[str, Any] = {"type": "outcome", "case_id": case_id}

        fn = self.module.__dict__.get(message.get("function", ""))
        if not callable(fn):
            outcome.update(status="raised", stdout=capture.take(), exception=(
                f"NameError: {Path(self.submission).name} defines no function "
                f"named {message.get('function')!r}"
            ))  # fmt: skip
            return outcome

        arg_tensors = [self.arg_tensors(a) for a in args]
        versions = [[self._version(t) for t in ts] for ts in arg_tensors]
        recorder = (
            Recorder(
                self.torch,
                self.codec,
                self._mode_class,
                trace=trace,
                emulate=emulate,
                max_ops=self.max_ops,
                inputs=tuple(t for ts in arg_tensors for t in ts),
                source=self.submission,
            )  # fmt: skip
            if (trace or emulate)
            else None
        )
        if recorder and emulate and message.get("args_on_gpu"):
            for ts in arg_tensors:
                for t in ts:
                    recorder.mark(t)
        fake = _FakeCuda(self.torch) if emulate else None
        status, value, exception = "ok", None, None
        t0 = self._time()
        try:
            if fake:
                fake.__enter__()
            try:
                if recorder:
                    with recorder.mode():
                        value = fn(*args, **kwargs)
                else:
                    value = fn(*args, **kwargs)
            finally:
                if fake:
                    fake.__exit__(None, None, None)
        except BaseException as exc:
            crashed = isinstance(exc, SystemExit) or self.is_memory_error(exc)
            status = "crashed" if crashed else "raised"
            exception = self.describe_exception(exc)
        duration = self._time() - t0
        if self._getpid() != self.pid:  # a fork of the student's returned: not ours to answer
            self._exit(0)
        if self.bulky(value, args):  # encoding will take a while: stop the parent's clock now
            self.send({"type": "returned", "case_id": case_id})
        if status == "ok" and duration > timeout:
            status, exception = "timeout", f"took {duration:.1f} s; the limit is {timeout:g} s"

        outcome.update(status=status, exception=exception, duration_s=duration)
        if status == "ok":
            outputs = self.arg_tensors(value, depth_limit=8)
            outcome.update(
                value=value,
                value_type=self.codec.describe_type(value),
                same_object=[self.find(o, arg_tensors, same=True) for o in outputs],
                shares_storage=[self.find(o, arg_tensors, same=False) for o in outputs],
                on_fake_gpu=[bool(recorder and recorder.marked(o)) for o in outputs]
                if emulate
                else [],
                requires_grad=[bool(o.requires_grad) for o in outputs],
            )
        outcome["args_after"] = args
        outcome["arg_versions_bumped"] = [
            self.mirror(a, iter(self._version(t) > v for t, v in zip(ts, vs, strict=True)))
            for a, ts, vs in zip(args, arg_tensors, versions, strict=True)
        ]
        outcome["ops"] = recorder.log() if (recorder and trace) else []
        outcome["stdout"] = capture.take()
        return outcome

    def bulky(self, value: Any, args: list) -> bool:
        """Whether the outcome will hold more than a few MB of tensors."""
        tensors = self.arg_tensors(value, depth_limit=8) + self.arg_tensors(args)
        try:
            return sum(t.numel() * t.element_size() for t in tensors) > _BULKY_BYTES
        except Exception:
            return True

    def arg_tensors(self, obj: Any, depth_limit: int = 3, depth: int = 0) -> list:
        if isinstance(obj, self._Tensor):
            return [obj]
        if depth < depth_limit and type(obj) in (list, tuple):
            return [t for item in obj for t in self.arg_tensors(item, depth_limit, depth + 1)]
        if depth < depth_limit and type(obj) is dict:
            return [t for v in obj.values() for t in self.arg_tensors(v, depth_limit, depth + 1)]
        return []

    def mirror(self, arg: Any, bumped, depth: int = 0) -> Any:
        """arg_versions_bumped for one argument, shaped like the argument."""
        if isinstance(arg, self._Tensor):
            return bool(next(bumped))
        if depth < 3 and type(arg) in (list, tuple):
            return [self.mirror(item, bumped, depth + 1) for item in arg]
        if depth < 3 and type(arg) is dict:
            return [self.mirror(v, bumped, depth + 1) for v in arg.values()]
        return None

    def storage_ptr(self, t: Any) -> int:
        try:
            return int(self._data_ptr(self._storage(t)))
        except Exception:
            return 0

    def find(self, out: Any, arg_tensors: list[list], *, same: bool) -> int | None:
        ptr = 0 if same else self.storage_ptr(out)
        for index, tensors in enumerate(arg_tensors):
            for t in tensors:
                if (same and t is out) or (not same and ptr and self.storage_ptr(t) == ptr):
                    return index
        return None

    # children -----------------------------------------------------------------------------
    def reap_children(self) -> None:
        """Kill what the call left running, before its outcome is sent. As the init of a PID
        namespace, kill(-1) reaches exactly the namespace (orphans are ours to reap); elsewhere,
        the children /proc lists (this process is a subreaper, so orphans come back to it)."""
        for _ in range(100):
            if self.pid_one:
                with contextlib.suppress(OSError):
                    self._kill(-1, signal.SIGKILL)
            else:
                for pid in _children():
                    with contextlib.suppress(OSError):
                        self._kill(pid, signal.SIGKILL)
            try:
                while self._waitpid(-1, os.WNOHANG)[0]:
                    pass
            except ChildProcessError:
                return  # no children left at all
            if not self.pid_one and not _children():
                return
            time.sleep(0.005)

    # loop ---------------------------------------------------------------------------------
    def serve(self, capture: OutputCapture) -> int:
        while True:
            message = self.codec.read_frame(self.calls_fd)
            if message is None or message.get("type") == "bye":
                return 0
            outcome = self.run_call(message, capture)
            self.reap_children()
            self.send(outcome)
            self.poison(outcome.get("value"))

    def poison(self, value: Any) -> None:
        """Overwrite what a call returned once it has been sent (NaN, or every bit flipped).

        Each call gets fresh arguments, so only a tensor the submission keeps between calls (a
        module-level tensor returned each time, a cache) can show the poison later: the
        next case then sees what a caller's in-place edit would do to it.
        """
        torch = self.torch
        for t in self.arg_tensors(value, depth_limit=8):
            if type(t) is not self._Tensor:
                continue  # a subclass runs its own code on writes; the judge rejects it anyway
            try:
                with torch.no_grad():
                    if t.is_floating_point() or t.is_complex():
                        t.fill_(float("nan"))
                    elif t.dtype == torch.bool:
                        t.logical_not_()
                    else:
                        t.bitwise_not_()
            except Exception:
                pass  # read-only or overlapping memory: nothing a caller could write either


def _children() -> list[int]:
    pids: list[int] = []
    try:
        for task in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{task}/children") as f:
                pids += [int(p) for p in f.read().split()]
    except OSError:
        pass
    return pids


def _set_subreaper() -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER: orphans come back to us
    except (OSError, AttributeError):
        pass


def run(config: dict[str, Any]) -> int:
    """Serve calls as CONFIG says until the parent says bye (or goes away)."""
    fds = config["fds"]
    for fd in (fds["calls"], fds["outcomes"], fds.get("fault")):
        if fd is not None:
            os.set_inheritable(int(fd), False)
    if fds.get("fault") is not None:
        faulthandler.enable(file=int(fds["fault"]), all_threads=False)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a full file fails the write, not the worker
    sys.path.extend(p for p in config.get("sys_path", []) if p not in sys.path)
    blocked = config.get("blocked_packages", [])
    if blocked:
        sys.meta_path.insert(0, _Blocker(blocked))
    _set_subreaper()
    capture = OutputCapture(int(config.get("limits", {}).get("max_output_bytes", 64 * 1024)))
    worker = Worker(config)
    if not worker.import_student(capture):
        return 0
    return worker.serve(capture)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m torch101.grader.worker CONFIG.json", file=sys.stderr)
        return 2
    return run(json.loads(Path(argv[0]).read_text()))


if __name__ == "__main__":
    sys.exit(main())
