"""The one lazy-import helper: a package's public names, loaded from their module on first use.

Loading on first use means importing the package imports neither torch nor CUDA; once loaded, a
name is kept in the package itself.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_getattr"]


def lazy_getattr(
    package: str, where: Mapping[str, str], renamed: Mapping[str, str] | None = None
) -> Callable[[str], Any]:
    """A module `__getattr__` for `package`: `name` is `getattr(import_module(where[name]),
    renamed.get(name, name))` (renamed to "": the module itself), cached in the package so
    later look-ups skip this."""
    renamed = renamed or {}

    def __getattr__(name: str) -> Any:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = importlib.import_module(where[name])
        attr = renamed.get(name, name)
        value = getattr(module, attr) if attr else module
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
