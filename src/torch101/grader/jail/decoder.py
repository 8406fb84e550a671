"""A JSON tree and buffers back to values (the parent's side: the input is untrusted).

Tensors are rebuilt only from a dtype on the allowlist, a checked shape and bytes of the right
size.
"""

from __future__ import annotations

import math
import re
from typing import Any

from .encoder import _dtypes
from .wire import _MAX_DEPTH, _REPR_CAP, DecodeError, Opaque, _need, _torch

_DEVICE = re.compile(r"^(cpu|cuda(:\d+)?)$")
_NP_DTYPE = re.compile(r"^[<>|=][biufc]\d{1,2}$")


def _shape(value: Any) -> list[int]:
    _need(isinstance(value, list) and len(value) <= 64, "bad shape")
    _need(all(type(d) is int and d >= 0 for d in value), "bad shape")
    return value


def decode(tree: Any, buffers: list[bytes] | list[memoryview]) -> Any:
    """Rebuild the value of `encode`: plain Python containers, plain tensors, `Opaque`."""
    return _Decoder(buffers).decode(tree, 0)


class _Decoder:
    def __init__(self, buffers: list[bytes] | list[memoryview]):
        self.buffers = buffers

    def buffer(self, index: Any) -> bytes | memoryview:
        _need(type(index) is int and 0 <= index < len(self.buffers), "bad buffer index")
        return self.buffers[index]

    def decode(self, tree: Any, depth: int) -> Any:
        _need(depth <= _MAX_DEPTH + 2, "nested too deeply")
        if tree is None or type(tree) in (bool, int, float, str):
            return tree
        if type(tree) is list:
            return [self.decode(v, depth + 1) for v in tree]
        _need(type(tree) is dict, f"unexpected {type(tree).__name__}")
        tag = tree.get("$")
        if tag is None:
            return {k: self.decode(v, depth + 1) for k, v in tree.items()}
        if tag == "tuple":
            return tuple(self.decode(v, depth + 1) for v in tree["items"])
        if tag == "dict":
            return {self._key(k, depth): self.decode(v, depth + 1) for k, v in tree["items"]}
        if tag == "float":
            _need(tree.get("v") in ("nan", "inf", "-inf"), "bad float")
            return float(tree["v"])
        if tag == "complex":
            return complex(self.decode(tree["re"], depth + 1), self.decode(tree["im"], depth + 1))
        if tag == "bytes":
            return bytes(self.buffer(tree.get("buf")))
        if tag == "ellipsis":
            return Ellipsis
        if tag == "slice":
            parts = (self.decode(tree.get(k), depth + 1) for k in ("start", "stop", "step"))
            return slice(*parts)
        if tag == "opaque":
            return Opaque(str(tree.get("type", "?"))[:200], str(tree.get("repr", ""))[:_REPR_CAP])
        if tag == "tensor":
            return self.tensor(tree)
        if tag == "ndarray":
            return self.ndarray(tree)
        torch = _torch()
        _need(torch is not None, f"cannot decode {tag!r} without torch")
        if tag == "size":
            return torch.Size(_shape(tree.get("items")))
        if tag == "dtype":
            _need(tree.get("v") in _dtypes(), "unknown dtype")
            return _dtypes()[tree["v"]]
        if tag == "device":
            _need(isinstance(tree.get("v"), str) and bool(_DEVICE.match(tree["v"])), "bad device")
            return torch.device(tree["v"])
        raise DecodeError(f"unknown tag {tag!r}")

    def _key(self, key: Any, depth: int) -> Any:
        value = self.decode(key, depth + 1)
        _need(isinstance(value, (str, int, float, bool, tuple, type(None))), "bad dict key")
        return value

    def tensor(self, tree: dict) -> Any:
        import torch

        name = tree.get("dtype")
        _need(name in _dtypes(), f"unknown dtype {name!r}")
        dtype = _dtypes()[name]
        shape = _shape(tree.get("shape"))
        data = self.buffer(tree.get("buf"))
        numel = math.prod(shape)
        itemsize = dtype.itemsize
        _need(len(data) == numel * itemsize, "tensor bytes do not match its shape")
        if numel:  # the tensor owns the bytearray copy: no further copy needed
            out = torch.frombuffer(bytearray(data), dtype=dtype).reshape(shape)
        else:
            out = torch.empty(shape, dtype=dtype)
        device = tree.get("device", "cpu")
        _need(isinstance(device, str) and bool(_DEVICE.match(device)), "bad device")
        if device != "cpu" and torch.cuda.is_available():
            out = out.to(device)
        return out

    def ndarray(self, tree: dict) -> Any:
        import numpy as np

        name = tree.get("dtype")
        _need(isinstance(name, str) and bool(_NP_DTYPE.match(name)), f"bad array dtype {name!r}")
        dtype = np.dtype(name)
        shape = _shape(tree.get("shape"))
        data = self.buffer(tree.get("buf"))
        _need(len(data) == math.prod(shape) * dtype.itemsize, "array bytes do not match its shape")
        return np.frombuffer(data, dtype=dtype).reshape(shape).copy()


