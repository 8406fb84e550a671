"""The codec: plain data across the process boundary, and nothing that executes when read."""

from __future__ import annotations

import json
import math
import struct

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from torch101.grader.jail import codec
from torch101.grader.jail.codec import DecodeError, FrameReader, Opaque, describe_type


def roundtrip(value):
    return codec.unpack(codec.pack(value))


# --- values --------------------------------------------------------------------------------

DTYPES = [
    torch.float32, torch.float64, torch.float16, torch.bfloat16, torch.int8, torch.int16,
    torch.int32, torch.int64, torch.uint8, torch.bool, torch.complex64,
]  # fmt: skip


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_tensor_bytes_dtype_and_shape_survive(dtype):
    gen = torch.Generator().manual_seed(0)
    x = (torch.randn(3, 4, generator=gen) * 50).to(dtype)
    y = roundtrip(x)
    assert type(y) is torch.Tensor and y.dtype == dtype and y.shape == (3, 4)
    # bytes compared through an independent path: Python's own struct view of the storage
    raw = lambda t: bytes(t.contiguous().view(torch.uint8).reshape(-1).tolist())  # noqa: E731
    assert raw(y) == raw(x)


def test_noncontiguous_conjugate_zero_dim_and_empty_tensors():
    base = torch.arange(12.0).reshape(3, 4)
    assert roundtrip(base.t()).tolist() == [[base[r][c].item() for r in range(3)] for c in range(4)]
    z = torch.tensor([1 + 2j, 3 - 1j]).conj()
    assert roundtrip(z).tolist() == [1 - 2j, 3 + 1j]
    scalar = roundtrip(torch.tensor(7))
    assert scalar.shape == () and scalar.item() == 7
    empty = roundtrip(torch.empty(0, 3, dtype=torch.float64))
    assert empty.shape == (0, 3) and empty.dtype == torch.float64


def test_one_element_tensors_with_stride_zero():
    # torch.tensor(3.14).expand(1, 1).clone() keeps stride 0: "contiguous", yet not viewable as
    # bytes. A correct create_tensor_of_pi(1, 1) returned one and could not be sent back.
    for t in (torch.tensor(3.14).expand(1, 1).clone(), torch.tensor(5).expand(1)):
        assert 0 in t.stride()
        y = roundtrip(t)
        assert y.shape == t.shape and y.tolist() == t.tolist()


def test_python_values_keep_their_exact_types():
    value = {
        "ints": [0, -(2**70), True, None],
        "floats": (0.1, -0.0, math.inf, -math.inf),
        "text": "héllo",
        "raw": b"\x00\xff",
        "cplx": 1 - 2j,
        "index": (slice(1, None, 2), Ellipsis),
        "torch": (torch.float16, torch.device("cpu"), torch.Size([2, 3])),
        1: "non-string key",
        "$": "a key that looks like a tag",
    }
    got = roundtrip(value)
    assert got["ints"] == [0, -(2**70), True, None] and type(got["ints"][2]) is bool
    assert got["floats"][:2] == (0.1, -0.0) and math.copysign(1, got["floats"][1]) == -1
    assert got["floats"][2:] == (math.inf, -math.inf)
    assert got["text"] == "héllo" and got["raw"] == b"\x00\xff" and got["cplx"] == 1 - 2j
    assert got["index"] == (slice(1, None, 2), Ellipsis)
    assert got["torch"] == (torch.float16, torch.device("cpu"), torch.Size([2, 3]))
    assert type(got["torch"][2]) is torch.Size
    assert got[1] == "non-string key" and got["$"] == "a key that looks like a tag"
    assert math.isnan(roundtrip(math.nan))


def test_subclasses_and_numpy_scalars_come_back_plain():
    class MyInt(int):
        def __eq__(self, other):
            return True

    class Evil(torch.Tensor):
        pass

    got = roundtrip([MyInt(5), np.int64(7), np.float32(0.5), torch.ones(2).as_subclass(Evil)])
    assert [type(v) for v in got] == [int, int, float, torch.Tensor]
    assert got[:3] == [5, 7, 0.5]
    arr = roundtrip(np.arange(6, dtype=np.int32).reshape(2, 3))
    assert arr.dtype == np.int32 and arr.tolist() == [[0, 1, 2], [3, 4, 5]]


def test_unknown_objects_become_opaque_placeholders():
    class Thing:
        def __repr__(self):
            return "<a thing>"

    class Hostile:
        def __repr__(self):
            raise RuntimeError("no")

    got = roundtrip([Thing(), Hostile(), np.array(["a"], dtype=object)])
    assert got[0] == Opaque(f"{__name__}.test_unknown_objects_become_opaque_placeholders.<locals>.Thing", "<a thing>")  # fmt: skip
    assert got[1].type_name.endswith("Hostile") and "Hostile object at" in got[1].repr
    assert got[2].type_name == "numpy.ndarray"


def test_recursive_containers_do_not_hang():
    loop: list = [1]
    loop.append(loop)
    got = roundtrip(loop)
    assert got[0] == 1 and isinstance(got[1], Opaque) and got[1].repr == "<recursive>"


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=5)
)
trees = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(st.text(max_size=3), inner, max_size=4),
    ),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(trees)
def test_plain_trees_roundtrip_exactly(value):
    got = roundtrip(value)
    assert got == value
    assert describe_type(got) == describe_type(value)


# --- describe_type --------------------------------------------------------------------------


def test_describe_type_names_exact_types_and_folds_runs():
    class Liar(torch.Tensor):
        pass

    t = torch.ones(1)
    assert describe_type(3) == "int" and describe_type(True) == "bool" and describe_type(None) == "NoneType"  # fmt: skip
    assert describe_type(t) == "torch.Tensor"
    assert describe_type(t.as_subclass(Liar)).endswith(".Liar")
    assert describe_type(torch.nn.Parameter(t)) == "torch.nn.parameter.Parameter"
    assert describe_type(np.int64(1)) == "numpy.int64"
    assert describe_type(torch.Size([1])) == "torch.Size"
    assert describe_type((t, t, t, t)) == {"type": "tuple", "items": [["torch.Tensor", 4]]}
    assert describe_type((t, 1, 2, t)) == {"type": "tuple", "items": ["torch.Tensor", ["int", 2], "torch.Tensor"]}  # fmt: skip
    assert describe_type([]) == {"type": "list", "items": []}
    assert describe_type([[1], (2.0,)]) == {"type": "list", "items": [{"type": "list", "items": ["int"]}, {"type": "tuple", "items": ["float"]}]}  # fmt: skip
    assert describe_type(list(range(100)), max_items=3) == {"type": "list", "items": [["int", 3], "..."]}  # fmt: skip
    assert describe_type([(1, 2), (3, 4), (5, 6)]) == {"type": "list", "items": [[{"type": "tuple", "items": [["int", 2]]}, 3]]}  # fmt: skip


def test_describe_type_stops_at_cycles_and_depth_and_crosses_the_wire():
    loop = [1]
    loop.append(loop)
    assert describe_type(loop) == {"type": "list", "items": ["int", {"type": "list", "items": ["..."]}]}  # fmt: skip
    deep: list = []
    for _ in range(100):
        deep = [deep]
    tree = describe_type(deep)
    depth = 0
    while tree != "...":
        tree, depth = tree["items"][0], depth + 1
    assert depth == 17  # 16 levels described, then one that says no more
    # In an op log (four levels down in the message), the deepest tree still comes back whole.
    message = {"ops": [{"name": "f", "arg_types": [describe_type(deep, max_items=8)]}]}
    assert roundtrip(message) == message


# --- frames: nothing untrusted executes or allocates without bound --------------------------


def frame(meta: dict, body: bytes = b"") -> bytes:
    head = json.dumps(meta).encode()
    return struct.pack(">4sIQ", codec.MAGIC, len(head), len(body)) + head + body


@pytest.mark.parametrize(
    "tree",
    [
        {"$": "tensor", "dtype": "load", "shape": [1], "buf": 0},  # torch.load is not a dtype
        {"$": "tensor", "dtype": "float32", "shape": [3], "buf": 0},  # 8 bytes for 12 needed
        {"$": "tensor", "dtype": "float32", "shape": [-2], "buf": 0},
        {"$": "tensor", "dtype": "float32", "shape": [2], "buf": 5},
        {"$": "ndarray", "dtype": "|O8", "shape": [1], "buf": 0},  # object arrays unpickle
        {"$": "device", "v": "cuda:0; rm -rf"},
        {"$": "pickle", "v": "gASV"},
        {"$": "tuple"},
    ],
)
def test_malformed_or_hostile_trees_are_rejected(tree):
    with pytest.raises(DecodeError):
        codec.unpack(frame({"msg": tree, "buffers": [8]}, b"\x00" * 8))


def test_frame_reader_splits_a_stream_and_refuses_oversized_frames_before_reading_them():
    frames = codec.pack({"a": 1}) + codec.pack([torch.arange(3)])
    reader = FrameReader(max_bytes=1 << 20)
    got = []
    for i in range(len(frames)):  # one byte at a time
        got += reader.feed(frames[i : i + 1])
    assert got[0] == {"a": 1} and got[1][0].tolist() == [0, 1, 2]
    huge = struct.pack(">4sIQ", codec.MAGIC, 10, 1 << 40)
    with pytest.raises(DecodeError, match="exceeds"):
        FrameReader(max_bytes=1 << 20).feed(huge)
    with pytest.raises(DecodeError, match="magic"):
        FrameReader(max_bytes=1 << 20).feed(b"hello from a student print\n" * 2)


def test_encoding_past_the_budget_raises_too_large():
    with pytest.raises(codec.TooLarge):
        codec.pack(torch.zeros(1000), max_bytes=1000)
    assert codec.unpack(codec.pack(torch.zeros(10), max_bytes=1000)).shape == (10,)
