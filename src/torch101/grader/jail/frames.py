"""Frames on a pipe: b"T101", u32 JSON length, u64 buffer bytes, the JSON, the buffers."""

from __future__ import annotations

import json
import os
from typing import Any

from .decoder import decode
from .encoder import encode
from .wire import _HEADER, MAGIC, DecodeError, TooLarge, _need


def pack(message: Any, *, max_bytes: int | None = None) -> bytes:
    """One frame holding `message` (any encodable value; messages are dicts)."""
    tree, buffers = encode(message, max_bytes=max_bytes)
    head = json.dumps({"msg": tree, "buffers": [len(b) for b in buffers]}).encode()
    total = sum(len(b) for b in buffers)
    if max_bytes is not None and len(head) + total > max_bytes:
        raise TooLarge(f"{len(head) + total} bytes exceed the limit of {max_bytes}")
    return b"".join([_HEADER.pack(MAGIC, len(head), total), head, *buffers])


def _parse(head: bytes | memoryview, body: bytes | memoryview) -> Any:
    try:
        meta = json.loads(bytes(head))
    except (ValueError, RecursionError) as exc:
        raise DecodeError(f"bad frame header: {exc}") from None
    _need(type(meta) is dict and type(meta.get("buffers")) is list, "bad frame header")
    sizes = meta["buffers"]
    _need(all(type(n) is int and n >= 0 for n in sizes) and sum(sizes) == len(body), "bad sizes")
    body = memoryview(body)
    buffers, offset = [], 0
    for n in sizes:
        buffers.append(body[offset : offset + n])  # views: each is copied once, when decoded
        offset += n
    try:
        return decode(meta.get("msg"), buffers)
    except DecodeError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, RuntimeError, RecursionError) as exc:
        raise DecodeError(f"malformed message: {exc!r}") from None


def unpack(frame: bytes) -> Any:
    """The message of one whole frame."""
    _need(len(frame) >= _HEADER.size, "short frame")
    magic, head_len, body_len = _HEADER.unpack_from(frame)
    _need(magic == MAGIC, "bad magic")
    _need(len(frame) == _HEADER.size + head_len + body_len, "frame length mismatch")
    view = memoryview(frame)
    start = _HEADER.size
    return _parse(view[start : start + head_len], view[start + head_len :])


class FrameReader:
    """Incremental reader for a non-blocking pipe: `feed` bytes, get whole messages back.

    A frame with a bad magic or one that announces more than `max_bytes` raises `DecodeError`
    before its body is read, so a hostile sender cannot make the reader allocate without bound.
    """

    def __init__(self, *, max_bytes: int):
        self.max_bytes = max_bytes
        self._chunks: list[bytes] = []
        self._size = 0
        self._need: int | None = None  # size of the frame being received, once its header is in

    def feed(self, chunk: bytes) -> list[Any]:
        if chunk:
            self._chunks.append(chunk)
            self._size += len(chunk)
        messages = []
        while True:
            if self._need is None:
                if self._size < _HEADER.size:
                    break
                head = self._peek(_HEADER.size)
                magic, head_len, body_len = _HEADER.unpack(head)
                _need(magic == MAGIC, "bad magic: the channel carried something other than a frame")
                size = _HEADER.size + head_len + body_len
                _need(size <= self.max_bytes, f"a frame of {size} bytes exceeds {self.max_bytes}")
                self._need = size
            if self._size < self._need:
                break
            data = b"".join(self._chunks)
            frame, rest = data[: self._need], data[self._need :]
            self._chunks, self._size, self._need = ([rest] if rest else []), len(rest), None
            messages.append(unpack(frame))
        return messages

    def _peek(self, n: int) -> bytes:
        if len(self._chunks[0]) < n:
            self._chunks = [b"".join(self._chunks)]
        return self._chunks[0][:n]


def _read_exact(fd: int, n: int) -> bytes | None:
    chunks, left = [], n
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_frame(fd: int) -> Any:
    """Blocking read of one message from a trusted sender; None at end of file."""
    header = _read_exact(fd, _HEADER.size)
    if header is None:
        return None
    magic, head_len, body_len = _HEADER.unpack(header)
    _need(magic == MAGIC, "bad magic")
    rest = _read_exact(fd, head_len + body_len)
    _need(rest is not None, "truncated frame")
    view = memoryview(rest)
    return _parse(view[:head_len], view[head_len:])


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]

