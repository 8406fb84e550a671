"""Values to a JSON tree and byte buffers (the worker's side).

A hostile object (a subclass, a __repr__ that raises) must not break encoding; what the codec does
not carry becomes `Opaque`.
"""

from __future__ import annotations

import math
from typing import Any

from .wire import _MAX_DEPTH, _REPR_CAP, TooLarge, _numpy, _torch, _type_name


def _dtype_table() -> dict[str, Any]:
    torch = _torch()
    if torch is None:
        return {}
    table = {}
    for name in dir(torch):
        value = getattr(torch, name, None)
        if isinstance(value, torch.dtype) and not str(value).startswith("torch.q"):
            table[str(value).removeprefix("torch.")] = value
    return table


_DTYPES: dict[str, Any] = {}


def _dtypes() -> dict[str, Any]:
    if not _DTYPES:
        _DTYPES.update(_dtype_table())
    return _DTYPES


def _safe_repr(obj: Any) -> str:
    try:
        text = repr(obj)
        if type(text) is not str:
            raise TypeError
    except BaseException:  # a hostile __repr__ must not break encoding
        text = object.__repr__(obj)
    return text if len(text) <= _REPR_CAP else text[: _REPR_CAP - 3] + "..."


class _Encoder:
    def __init__(self, max_bytes: int | None):
        self.buffers: list[bytes] = []
        self.size = 0
        self.max_bytes = max_bytes
        self.active: set[int] = set()

    def add_buffer(self, data: bytes) -> int:
        self.size += len(data)
        if self.max_bytes is not None and self.size > self.max_bytes:
            raise TooLarge(f"{self.size} bytes exceed the limit of {self.max_bytes}")
        self.buffers.append(data)
        return len(self.buffers) - 1

    def charge(self, n: int) -> None:
        self.size += n
        if self.max_bytes is not None and self.size > self.max_bytes:
            raise TooLarge(f"more than {self.max_bytes} bytes")

    def encode(self, obj: Any, depth: int = 0) -> Any:
        if depth > _MAX_DEPTH:
            return {"$": "opaque", "type": _type_name(type(obj)), "repr": "<nested too deeply>"}
        t = type(obj)
        if obj is None or t is bool:
            return obj
        if isinstance(obj, int):
            self.charge(8)
            return int.__int__(obj)
        if isinstance(obj, float):
            value = float.__float__(obj)
            if math.isfinite(value):
                return value
            return {"$": "float", "v": repr(value)}
        if isinstance(obj, str):
            text = str.__str__(obj)
            self.charge(len(text))
            return text
        if isinstance(obj, complex):
            return {"$": "complex", "re": self.encode(obj.real), "im": self.encode(obj.imag)}
        if isinstance(obj, (bytes, bytearray, memoryview)):
            return {"$": "bytes", "buf": self.add_buffer(bytes(obj))}
        if obj is Ellipsis:
            return {"$": "ellipsis"}
        if t is slice:
            return {
                "$": "slice",
                "start": self.encode(obj.start, depth + 1),
                "stop": self.encode(obj.stop, depth + 1),
                "step": self.encode(obj.step, depth + 1),
            }
        torch = _torch()
        if torch is not None:
            if isinstance(obj, torch.Tensor):
                return self.tensor(obj)
            if isinstance(obj, torch.Size):
                return {"$": "size", "items": [int(d) for d in tuple.__iter__(obj)]}
            if t is torch.dtype:
                return {"$": "dtype", "v": str(obj).removeprefix("torch.")}
            if t is torch.device:
                return {"$": "device", "v": str(obj)}
        np = _numpy()
        if np is not None:
            if isinstance(obj, np.ndarray):
                return self.ndarray(obj)
            if isinstance(obj, np.generic):
                return self.encode(obj.item(), depth + 1)
        if isinstance(obj, (list, tuple, dict)):
            if id(obj) in self.active:
                return {"$": "opaque", "type": _type_name(t), "repr": "<recursive>"}
            self.active.add(id(obj))
            try:
                if isinstance(obj, list):
                    return [self.encode(v, depth + 1) for v in list.__iter__(obj)]
                if isinstance(obj, tuple):
                    items = [self.encode(v, depth + 1) for v in tuple.__iter__(obj)]
                    return {"$": "tuple", "items": items}
                pairs = list(dict.items(obj))
                if all(type(k) is str and k != "$" for k, _ in pairs):
                    return {k: self.encode(v, depth + 1) for k, v in pairs}
                items = [[self.encode(k, depth + 1), self.encode(v, depth + 1)] for k, v in pairs]
                return {"$": "dict", "items": items}
            finally:
                self.active.discard(id(obj))
        return {"$": "opaque", "type": _type_name(t), "repr": _safe_repr(obj)}

    def tensor(self, obj: Any) -> Any:
        torch = _torch()
        t = obj
        with torch._C.DisableTorchFunctionSubclass():
            if type(t) is not torch.Tensor:
                t = torch.Tensor.as_subclass(t, torch.Tensor)
            if t.layout != torch.strided or t.is_quantized or t.device.type == "meta":
                return {"$": "opaque", "type": _type_name(type(obj)), "repr": _safe_repr(t)}
            device = str(t.device)
            flat = t.detach().resolve_conj().resolve_neg().cpu().reshape(-1)
            # A fresh buffer: .contiguous() keeps stride 0 on a one-element expand (x.expand(1,
            # 1).clone() is "contiguous"), and such a tensor cannot be viewed as bytes.
            flat = torch.empty(flat.shape, dtype=flat.dtype).copy_(flat)
            data = flat.view(torch.uint8).numpy().tobytes() if flat.numel() else b""
        return {
            "$": "tensor",
            "dtype": str(t.dtype).removeprefix("torch."),
            "shape": [int(d) for d in t.shape],
            "device": device,
            "buf": self.add_buffer(data),
        }

    def ndarray(self, arr: Any) -> Any:
        if arr.dtype.kind not in "biufc" or arr.dtype.hasobject:
            return {"$": "opaque", "type": _type_name(type(arr)), "repr": _safe_repr(arr)}
        np = _numpy()
        data = np.ascontiguousarray(arr).tobytes()
        shape = [int(d) for d in arr.shape]
        return {
            "$": "ndarray",
            "dtype": arr.dtype.str,
            "shape": shape,
            "buf": self.add_buffer(data),
        }


def encode(obj: Any, *, max_bytes: int | None = None) -> tuple[Any, list[bytes]]:
    """`obj` as a JSON-able tree and its byte buffers; `TooLarge` past `max_bytes`."""
    encoder = _Encoder(max_bytes)
    tree = encoder.encode(obj)
    return tree, encoder.buffers


