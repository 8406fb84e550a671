"""What one call's result and arguments show, gathered the same way in the worker and the tests.

Per output tensor: the argument it *is* or shares memory with, whether it requires grad, whether
it is a result kept from an earlier call, whether it sits on the emulated GPU; per argument: was
it written. The methods are bound when the worker starts, before the student's file can patch
torch, so a submission cannot change how its evidence is read.
"""

from __future__ import annotations

from typing import Any

_BULKY_BYTES = 8 << 20  # outcomes above this announce themselves before being encoded
_KEPT_BYTES = 64 << 20  # results held alive to tell a kept tensor from a new one


class Facts:
    def __init__(self, torch: Any, codec: Any):
        self.codec = codec
        self._version = torch._C.TensorBase.__dict__["_version"].__get__
        self._storage = torch.Tensor.untyped_storage
        self._data_ptr = torch.UntypedStorage.data_ptr
        self._Tensor = torch.Tensor
        self._held: list[tuple] = []  # recent results, alive so that their memory is not reused
        self._held_ptrs: dict[int, int] = {}  # their storages' addresses (count of holders)
        self._held_ids: dict[int, int] = {}  # the result objects themselves (resize_ moves memory)
        self._held_bytes = 0

    def of_call(
        self, outcome: dict, *, value: Any, args: list, arg_tensors: list[list], versions: list,
        recorder: Any, emulate: bool, trace: bool,
    ) -> None:  # fmt: skip
        """Adds to `outcome` what the call's result (when it returned) and its arguments show."""
        if outcome.get("status") == "ok":
            outputs = self.tensors(value, depth_limit=8)
            outcome.update(
                value=value,
                value_type=self.codec.describe_type(value),
                same_object=[self.find(o, arg_tensors, same=True) for o in outputs],
                shares_storage=[self.find(o, arg_tensors, same=False) for o in outputs],
                on_fake_gpu=[bool(recorder and recorder.marked(o)) for o in outputs]
                if emulate
                else [],
                requires_grad=[bool(o.requires_grad) for o in outputs],
                kept_storage=self.kept(outputs),
            )
        outcome["args_after"] = args
        outcome["arg_versions_bumped"] = [
            self.mirror(a, iter(self._version(t) > v for t, v in zip(ts, vs, strict=True)))
            for a, ts, vs in zip(args, arg_tensors, versions, strict=True)
        ]
        outcome["ops"] = recorder.log() if (recorder and trace) else []

    def versions(self, arg_tensors: list[list]) -> list[list[int]]:
        return [[self._version(t) for t in ts] for ts in arg_tensors]

    def kept(self, outputs: list) -> list[bool]:
        """Per output: is it, or its memory, a result of an earlier call (a tensor kept and
        returned again)? Earlier results are held alive, so their memory cannot be reused."""
        found = [self.storage_ptr(o) in self._held_ptrs or id(o) in self._held_ids for o in outputs]
        for o in outputs:
            ptr = self.storage_ptr(o)
            if type(o) is self._Tensor and ptr:
                self._held.append((o, ptr, o.numel() * o.element_size()))
                self._held_ptrs[ptr] = self._held_ptrs.get(ptr, 0) + 1
                self._held_ids[id(o)] = self._held_ids.get(id(o), 0) + 1
                self._held_bytes += self._held[-1][2]
        while self._held_bytes > _KEPT_BYTES and len(self._held) > 1:
            gone, ptr, size = self._held.pop(0)
            self._held_ids[id(gone)] -= 1
            if not self._held_ids[id(gone)]:
                del self._held_ids[id(gone)]
            self._held_bytes -= size
            self._held_ptrs[ptr] -= 1
            if not self._held_ptrs[ptr]:
                del self._held_ptrs[ptr]
        return found

    def bulky(self, value: Any, args: list) -> bool:
        """Whether the outcome will hold more than a few MB of tensors."""
        tensors = self.tensors(value, depth_limit=8) + self.tensors(args)
        try:
            return sum(t.numel() * t.element_size() for t in tensors) > _BULKY_BYTES
        except Exception:
            return True

    def tensors(self, obj: Any, depth_limit: int = 3, depth: int = 0) -> list:
        """The tensors in a value: itself, or inside exact lists, tuples and dicts."""
        if isinstance(obj, self._Tensor):
            return [obj]
        if depth < depth_limit and type(obj) in (list, tuple):
            return [t for item in obj for t in self.tensors(item, depth_limit, depth + 1)]
        if depth < depth_limit and type(obj) is dict:
            return [t for v in obj.values() for t in self.tensors(v, depth_limit, depth + 1)]
        return []

    def mirror(self, arg: Any, bumped, depth: int = 0) -> Any:
        """arg_versions_bumped for one argument, shaped like the argument."""
        if isinstance(arg, self._Tensor):
            return bool(next(bumped))
        if depth < 3 and type(arg) in (list, tuple):
            return [self.mirror(item, bumped, depth + 1) for item in arg]
        if depth < 3 and type(arg) is dict:
            return [self.mirror(v, bumped, depth + 1) for v in arg.values()]
        return None

    def storage_ptr(self, t: Any) -> int:
        try:
            return int(self._data_ptr(self._storage(t)))
        except Exception:
            return 0

    def find(self, out: Any, arg_tensors: list[list], *, same: bool) -> int | None:
        ptr = 0 if same else self.storage_ptr(out)
        for index, tensors in enumerate(arg_tensors):
            for t in tensors:
                if (same and t is out) or (not same and ptr and self.storage_ptr(t) == ptr):
                    return index
        return None
