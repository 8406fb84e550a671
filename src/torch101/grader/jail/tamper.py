"""Snapshots of the modules the worker itself relies on, checked and restored after each call.

A submission that patches `torch.Tensor.numpy`, `json.dumps` or `builtins.isinstance` could
change what the worker encodes after the student's function has returned. The worker takes a
snapshot of those namespaces before the submission is imported; after the import and after
every call it puts back whatever changed and reports the names as evidence.
"""

from __future__ import annotations

from typing import Any

_MODULES = (
    "builtins", "json", "json.encoder", "json.decoder", "struct", "math", "os", "time",
    "traceback", "torch", "torch.overrides", "torch.cuda", "torch.nn.functional", "numpy",
)  # fmt: skip


class Snapshot:
    def __init__(self, modules: dict[str, Any], classes: dict[str, type]):
        self.spaces: list[tuple[str, dict, dict]] = []
        for name in _MODULES:
            module = modules.get(name)
            if module is not None:
                saved = dict(module.__dict__)
                self.spaces.append((name, module.__dict__, saved, list(saved.values())))
        self.classes = [(name, cls, dict(cls.__dict__)) for name, cls in classes.items()]

    def restore(self) -> list[str]:
        """Put every changed name back; the names that had changed, as 'module.name'."""
        changed: list[str] = []
        for prefix, space, saved, values in self.spaces:
            # The common case, at C speed: same length, same values in insertion order (an
            # equal value in place of the original, say the same int, changes nothing).
            if len(space) == len(values) and list(space.values()) == values:
                continue
            for key in [k for k in space if k not in saved]:
                changed.append(f"{prefix}.{key}")
                del space[key]
            for key, value in saved.items():
                if space.get(key, _MISSING) is not value:
                    changed.append(f"{prefix}.{key}")
                    space[key] = value
        for prefix, cls, saved in self.classes:
            current = cls.__dict__
            for key in [k for k in current if k not in saved]:
                changed.append(f"{prefix}.{key}")
                delattr(cls, key)
            for key, value in saved.items():
                if current.get(key, _MISSING) is not value:
                    changed.append(f"{prefix}.{key}")
                    setattr(cls, key, value)
        return changed


_MISSING = object()
