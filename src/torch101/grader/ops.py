"""Names of logged torch calls, normalised so that rules can count them.

The worker logs every torch call a submission makes (a TorchFunctionMode), under names such as
`torch.Tensor.__getitem__`, `torch.Tensor.shape.__get__`, `torch.functional.unique` or
`<built-in function pad_sequence>`. Rules speak of operations ("one comparison", "no torch.flip"),
so each name is reduced to its last part and synonyms are folded together: `x.nelement()` is
`numel`, `x > 0` is `gt`, `x += y` is `add`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "COMPARISONS",
    "GRAD_MODE",
    "INDEXING",
    "LEAVES_TORCH",
    "METADATA",
    "VIEW_OPS",
    "canonical",
    "computes",
    "computing_ops",
    "count",
    "op_names",
]

# Reading metadata is validation, not computation: it never counts towards op-count rules.
METADATA = frozenset(
    {
        "dim", "ndim", "ndimension", "size", "shape", "dtype", "device", "layout", "__len__",
        "numel", "is_tensor", "is_cuda", "is_floating_point", "is_complex", "is_contiguous",
        "requires_grad", "stride", "storage_offset", "data_ptr", "element_size", "is_sparse",
        "untyped_storage", "names", "grad_fn", "is_leaf", "_version", "__format__", "__repr__",
        "__str__", "__hash__", "__bool__",
    }
)  # fmt: skip

# Switching autograd on or off (`with torch.no_grad():`, `@torch.no_grad()`) computes nothing.
GRAD_MODE = frozenset(
    {"_set_grad_enabled", "set_grad_enabled", "is_grad_enabled", "_enter_inference_mode",
     "_exit_inference_mode", "is_inference_mode_enabled"}
)  # fmt: skip

# Ops that return a view without allocating: their output's numel says nothing about memory.
VIEW_OPS = frozenset(
    {
        "view", "view_as", "reshape", "reshape_as", "expand", "expand_as", "broadcast_to",
        "broadcast_tensors", "t", "T", "mT", "H", "mH", "transpose", "swapaxes", "swapdims",
        "permute", "movedim", "moveaxis", "unsqueeze", "squeeze", "as_strided", "flatten",
        "unflatten", "detach", "alias", "narrow", "select", "unbind", "split", "chunk",
    }
)  # fmt: skip

COMPARISONS = frozenset({"gt", "lt", "ge", "le", "eq", "ne"})

# Ops that read entries of a tensor picked by index or mask: x[idx] and its function forms.
# "A single indexing operation" is any one of them (x.index_select(1, idx) is x[:, idx]).
INDEXING = frozenset(
    {"__getitem__", "index_select", "gather", "take", "take_along_dim", "masked_select",
     # x.select(0, i) is x[i], x.narrow(1, a, n) is x[:, a:a+n]; splits pick pieces the same way
     "select", "narrow", "split", "split_with_sizes", "tensor_split", "unsafe_split", "chunk",
     "unbind", "hsplit", "vsplit", "dsplit"}
)  # fmt: skip

# Ops that hand a tensor's data to Python or NumPy, where torch's call log cannot follow it.
LEAVES_TORCH = frozenset({"tolist", "numpy", "__array__", "__dlpack__"})

_SYNONYMS = {
    "nelement": "numel", "sym_numel": "numel",
    "greater": "gt", "greater_equal": "ge", "less": "lt", "less_equal": "le",
    "not_equal": "ne",
    "subtract": "sub", "rsub": "sub", "multiply": "mul", "divide": "div", "true_divide": "div",
    "float_power": "pow",
    "matmul": "matmul", "spmm": "mm", "absolute": "abs", "negative": "neg",
    "moveaxis": "movedim", "swapdims": "transpose", "swapaxes": "transpose",
}  # fmt: skip

# Python operators: x + y logs __add__, x += y logs __iadd__, 2 * x logs __rmul__.
_DUNDER = {
    "add": "add", "sub": "sub", "mul": "mul", "truediv": "div", "div": "div",
    "floordiv": "floor_divide", "mod": "remainder", "pow": "pow", "matmul": "matmul",
    "neg": "neg", "pos": "positive", "abs": "abs", "invert": "bitwise_not",
    "and": "bitwise_and", "or": "bitwise_or", "xor": "bitwise_xor",
    "gt": "gt", "lt": "lt", "ge": "ge", "le": "le", "eq": "eq", "ne": "ne",
    "lshift": "bitwise_left_shift", "rshift": "bitwise_right_shift",
}  # fmt: skip

_BUILTIN = re.compile(r"<(?:built-in )?(?:function|method) ([A-Za-z_][\w]*)")
_ATEN = re.compile(r"\baten(?:\.|::)([A-Za-z_]\w*)")


def canonical(raw: str) -> str:
    """`torch.Tensor.__iadd__` -> `add`; `torch.Tensor.shape.__get__` -> `shape`."""
    name = raw.strip()
    match = _BUILTIN.match(name)
    if match:
        name = match.group(1)
    aten = _ATEN.search(name)
    if aten:  # torch.ops.aten.mean.dim: the op is "mean", "dim" only names its overload
        name = aten.group(1)
    if name.endswith(".__get__"):
        name = name[: -len(".__get__")]
    name = name.rsplit(".", 1)[-1]
    if name.startswith("__") and name.endswith("__") and name not in ("__getitem__", "__setitem__"):
        core = name[2:-2]
        for prefix in ("", "r", "i"):
            if core.startswith(prefix) and core[len(prefix) :] in _DUNDER:
                return _DUNDER[core[len(prefix) :]]
        return name
    if name.endswith("_") and not name.startswith("_") and len(name) > 1:
        name = name[:-1]  # in-place twin: add_ is add (mutation is judged separately)
    return _SYNONYMS.get(name, name)


def op_names(ops: Iterable[Mapping[str, Any] | str] | None) -> list[str]:
    """Canonical names of a logged call list, in call order."""
    names = []
    for op in ops or ():
        raw = op if isinstance(op, str) else str(op.get("name", ""))
        names.append(canonical(raw))
    return names


def computing_ops(ops: Iterable[Mapping[str, Any] | str] | None) -> list[str]:
    """Canonical names without metadata reads (validation is not computation) or grad mode."""
    return [name for name in op_names(ops) if computes(name)]


def computes(name: str) -> bool:
    """Whether a canonical op name is computation: not a metadata read, not a grad-mode switch."""
    return name not in METADATA and name not in GRAD_MODE


def count(ops: Iterable[Mapping[str, Any] | str] | None) -> Counter[str]:
    return Counter(op_names(ops))
