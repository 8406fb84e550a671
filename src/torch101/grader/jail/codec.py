"""Plain data across the process boundary: JSON for structure, raw bytes for tensors. No pickle.

The worker runs untrusted code, so nothing it sends may execute anything when read back: a
message is a JSON tree plus a list of byte buffers, and every tensor or array is rebuilt from a
dtype on an allowlist, a shape and its raw bytes. Tensor subclasses, NumPy scalars and other
objects lose their type on the way (the parent gets a plain `torch.Tensor`, `int`, ... or an
`Opaque` placeholder); `describe_type` records the exact type so the judge can still reject them.

Frame layout: b"T101", u32 JSON length, u64 buffer bytes, the JSON {"msg": tree, "buffers":
[sizes]}, then the buffers back to back. In the tree, a JSON object with a "$" key is a tagged
value ({"$": "tensor", "dtype": "float32", "shape": [2, 3], "buf": 0}); any other object is a
plain dict with string keys.

The codec is this facade over `wire` (constants, errors, type names), `encoder`, `decoder` and
`frames`; like the whole jail, it imports only the standard library at module level.
"""

from .decoder import decode
from .encoder import encode
from .frames import FrameReader, pack, read_frame, unpack, write_all
from .wire import MAGIC, DecodeError, Opaque, TooLarge, describe_type

__all__ = [
    "MAGIC",
    "DecodeError",
    "FrameReader",
    "Opaque",
    "TooLarge",
    "decode",
    "describe_type",
    "encode",
    "pack",
    "read_frame",
    "unpack",
    "write_all",
]
