"""What a submission may import and reach: the static policy's allow-lists and name resolver.

The allow-lists are the static policy's (`policy.py`); the resolver walks a dotted name
(`torch.serialization.os`) through the real modules.

The resolver runs in the trusted parent, where these modules are importable. It reads module
dictionaries and never calls a module's `__getattr__`, so resolving a name imports nothing new
(torch's lazy `torch.onnx`, say, is found as a submodule name and denied by that name).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from functools import cache

__all__ = [
    "ALLOWED_DUNDER_ATTRS",
    "ALLOWED_DUNDER_METHODS",
    "ALLOWED_DUNDER_NAMES",
    "DUNDER_SETTINGS",
    "DENIED_ATTRS",
    "DENIED_BUILTINS",
    "GUARDED",
    "IMPORTS",
    "allowed_module",
    "denied_base",
    "internal_names",
    "is_module",
    "module_names",
    "resolve",
]

# Modules a pytorch101.py may use. The templates import torch and typing; students add math,
# numpy (np.prod(x.shape)), functools/operator (reduce(operator.mul, x.shape)) and numbers, and
# sometimes copy.deepcopy, random.seed, time.time or warnings.warn: harmless, so allowed.
# torch: only its public numeric namespaces; torch.cuda only through _CUDA below.
_ALLOWED_MODULES = frozenset(
    {
        "torch", "torch.nn", "torch.nn.functional", "torch.nn.init", "torch.linalg", "torch.fft",
        "torch.special", "torch.random", "torch.cuda", "torch.sparse", "torch.version",
        "torch.nn.utils", "torch.nn.utils.rnn", "torch.nested", "torch.masked", "torch.func",
        "torch.types", "typing", "math", "cmath", "numbers", "__future__", "functools",
        "itertools", "operator", "collections", "collections.abc", "copy", "random", "time",
        "warnings",
        # numpy: students write np.prod(x.shape); its raw-memory and file parts are denied below
        # (numpy.ctypeslib and numpy.lib are not listed; .ctypes is a denied attribute).
        "numpy", "numpy.linalg", "numpy.random", "numpy.fft",
    }
)  # fmt: skip
IMPORTS = (
    "a submission may import torch (its numeric parts), typing, math, numpy and harmless "
    "helpers such as functools, itertools, operator and collections"
)
# Names inside allowed modules that reach files, raw memory, compiled code or evaluation.
_FILES = "it reads or writes files; a submission works on its inputs only"
_DENIED_NAMES = {
    "torch": {
        **dict.fromkeys(("load", "save", "from_file"), _FILES),
        "compile": "it compiles code the grader cannot follow",
        "set_default_tensor_type": "it changes how every later tensor is made",
    },
    "numpy": dict.fromkeys(
        (
            "load",
            "save",
            "savez",
            "savez_compressed",
            "loadtxt",
            "savetxt",
            "genfromtxt",
            "fromfile",
            "fromregex",
            "memmap",
            "DataSource",
        ),
        _FILES,
    ),  # fmt: skip
    "time": {"sleep": "it stalls the grader; a submission has a time budget"},
    "typing": dict.fromkeys(
        ("get_type_hints", "ForwardRef", "evaluate_forward_ref"), "it evaluates strings as code"
    ),  # fmt: skip
}
# getattr by string in disguise: allowed only as a call with constant, public names (policy.py).
GUARDED = dict.fromkeys(
    ("operator.attrgetter", "operator.methodcaller"),
    'operator.attrgetter/methodcaller is allowed only with constant public names, such as attrgetter("shape")',
)  # fmt: skip
# torch.cuda: asking about the device is fine; allocators, streams, graphs, RNG state are not.
_CUDA = frozenset(
    {
        "is_available", "device_count", "current_device", "synchronize", "get_device_name",
        "get_device_properties", "get_device_capability", "is_initialized", "device",
        "empty_cache", "memory_allocated", "max_memory_allocated", "manual_seed",
        "manual_seed_all", "Event",
    }
)  # fmt: skip

# Builtins that reach attributes or scopes by string, run strings as code, or touch files/stdin.
DENIED_BUILTINS = {
    "getattr": "getattr() reads an attribute by a computed name, which the grader cannot check",
    "setattr": "setattr() changes an attribute by a computed name",
    "delattr": "delattr() deletes an attribute by a computed name",
    "vars": "vars() exposes an object's namespace",
    "globals": "globals() exposes the module's namespace",
    "locals": "locals() exposes a function's namespace",
    "eval": "eval() runs a string as code the grader cannot see",
    "exec": "exec() runs a string as code the grader cannot see",
    "compile": "compile() turns a string into code the grader cannot see",
    "__import__": "__import__() imports a module by a computed name",
    "open": "open() reads or writes files; a submission works on its inputs only",
    "breakpoint": "breakpoint() starts a debugger",
    "input": "input() waits for a person to type",
    "memoryview": "memoryview() exposes raw memory",
    "help": "help() starts the interactive help",
}
# Attributes that reach frames, code objects or raw memory, whatever object they are read on.
DENIED_ATTRS = {
    **dict.fromkeys(
        (
            "f_back",
            "f_globals",
            "f_locals",
            "f_builtins",
            "f_code",
            "f_trace",
            "tb_frame",
            "tb_next",
            "gi_frame",
            "gi_code",
            "gi_yieldfrom",
            "cr_frame",
            "cr_code",
            "cr_await",
            "ag_frame",
            "ag_code",
            "co_code",
            "co_consts",
            "co_names",
            "func_globals",
        ),
        "frame and code introspection reaches the grader's own objects",
    ),  # fmt: skip
    "ctypes": "an array's .ctypes reaches raw memory, out of torch's sight",
    "from_file": "from_file() maps a file into a tensor",
    "tofile": "tofile() writes a file; a submission returns its results",
}
# Dunder names a submission may read or define (reading a name is harmless; the rest are hooks).
ALLOWED_DUNDER_NAMES = frozenset({"__name__", "__doc__", "__all__", "__version__", "__author__"})
DUNDER_SETTINGS = frozenset(
    {"__all__", "__version__", "__author__", "__doc__", "__slots__"}
)  # not __name__
ALLOWED_DUNDER_ATTRS = frozenset({"__name__", "__qualname__", "__doc__", "__version__"})
ALLOWED_DUNDER_METHODS = frozenset({"__init__", "__repr__", "__str__", "__len__", "__call__", "__post_init__"})  # fmt: skip


def allowed_module(name: str) -> bool:
    return name in _ALLOWED_MODULES


def _is_submodule(name: str) -> bool:
    if name in sys.modules:
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError, AttributeError):
        return False


@cache
def resolve(dotted: str) -> str | None:
    """Why the chain `dotted` (rooted at an imported name) is not allowed, or None.

    Walks module dictionaries: a step onto a module must land on an allowed module (torch.os is
    os), a step inside a module must not name a denied function. Past the first object that is not
    a module (torch.Tensor.add), attributes are the object's own: rules 2 and 3 cover them.
    """
    parts = dotted.split(".")
    if not allowed_module(parts[0]):
        return f"{parts[0]} is not a module a submission may use"
    try:
        obj: object = importlib.import_module(parts[0])
    except ImportError:
        return None  # not installed here: importing it fails in the worker too
    for k, attr in enumerate(parts[1:], start=1):
        if not isinstance(obj, types.ModuleType) or attr.startswith("_"):
            return None  # an object's own attribute; underscores have their own rule
        where = ".".join(parts[: k + 1])
        module = obj.__name__
        if attr in _DENIED_NAMES.get(module, ()):
            return f"{where} is not allowed: {_DENIED_NAMES[module][attr]}"
        if module == "torch.cuda" and attr not in _CUDA and not attr.endswith("Tensor"):
            return f"{where} is not allowed (only device queries such as torch.cuda.is_available())"
        if attr in vars(obj):
            obj = vars(obj)[attr]
        elif _is_submodule(f"{module}.{attr}"):
            obj = types.ModuleType(f"{module}.{attr}")  # checked by name below, not imported
        else:
            return None  # no such name: an AttributeError at run time
        if isinstance(obj, types.ModuleType) and not allowed_module(obj.__name__):
            return f"{where} is the module {obj.__name__}, which a submission may not use"
        if isinstance(obj, types.ModuleType) and obj.__name__ in sys.modules:
            obj = sys.modules[obj.__name__]
    return None


@cache
def is_module(dotted: str) -> bool:
    """Whether a chain rooted at an allowed module names a module (torch, torch.nn, np.linalg)."""
    parts = dotted.split(".")
    if not allowed_module(parts[0]):
        return False  # its import is already a violation
    try:
        obj: object = importlib.import_module(parts[0])
    except ImportError:
        return False
    for attr in parts[1:]:
        if not isinstance(obj, types.ModuleType):
            return False
        if attr in vars(obj):
            obj = vars(obj)[attr]
        elif _is_submodule(f"{obj.__name__}.{attr}"):
            obj = sys.modules.get(f"{obj.__name__}.{attr}", types.ModuleType(attr))
        else:
            return False
    return isinstance(obj, types.ModuleType)


@cache
def denied_base(dotted: str) -> bool:
    """Whether a class named by a chain is torch.Tensor (or a subclass: nn.Parameter), a numpy
    array or `type`: a subclass's methods would run inside the grader's own calls."""
    import torch

    parts = dotted.split(".")
    try:
        obj: object = importlib.import_module(parts[0])
    except ImportError:
        return False
    for attr in parts[1:]:
        obj = vars(obj).get(attr) if isinstance(obj, types.ModuleType) else getattr(obj, attr, None)
    bad: tuple[type, ...] = (torch.Tensor, type)
    try:
        import numpy

        bad += (numpy.ndarray,)
    except ImportError:  # pragma: no cover
        pass
    return isinstance(obj, type) and issubclass(obj, bad)


@cache
def module_names(module: str) -> tuple[str, ...]:
    """The names `from module import *` binds (for resolving them like any import)."""
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return ()
    names = getattr(mod, "__all__", None) or [n for n in vars(mod) if not n.startswith("_")]
    return tuple(str(n) for n in names)


@cache
def internal_names() -> frozenset[str]:
    """Underscore names of torch, numpy and the interpreter: `self._C` may be `torch._C` when a
    method is called unbound with a module as self, so a class may not use these names."""
    import builtins
    import gc
    import os
    import threading

    import torch

    objects: list[object] = [torch, torch.Tensor, torch._C, torch.nn.Module, sys, os, gc, builtins]
    objects += [threading, types.FunctionType, types.FrameType, types.CodeType, types.ModuleType]
    objects += [type, object, BaseException]
    try:
        import numpy

        objects += [numpy, numpy.ndarray]
    except ImportError:  # pragma: no cover
        pass
    return frozenset(n for o in objects for n in dir(o) if n.startswith("_"))
