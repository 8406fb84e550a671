# ruff: noqa
# fmt: off
# attack: 2 patch-codec
# does: wraps the worker's encoder (_torch101_codec.pack) so every outcome claims its outputs share the input's storage and logs only indexing; slice_indexing_practice returns copies
# template: 2022
# expect: slice_indexing_practice=!pass
import _torch101_codec as codec

_PACK = codec.pack


def _pack(message, *a, **k):
    if isinstance(message, dict) and message.get("type") == "outcome":
        message["shares_storage"] = [0] * len(message.get("shares_storage") or [])
        message["ops"] = [op for op in message.get("ops") or [] if str(op.get("name")).endswith("__getitem__")]
    return _PACK(message, *a, **k)


codec.pack = _pack


def slice_indexing_practice(x):
    return x[-1, :].clone(), x[:, 2:3].clone(), x[:2, :3].clone(), x[::2, 1::2].clone()
