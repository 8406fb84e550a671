"""Call, Outcome and Limits: the plain-data contract between the parent and the worker."""

from __future__ import annotations

import pytest
import torch

from torch101.grader.jail import codec
from torch101.grader.protocol import STATUSES, Call, Limits, Outcome


def test_call_goes_over_the_wire_with_every_field():
    call = Call("f/0", "f", [torch.ones(2), 3], {"k": (1, 2)}, trace=True, timeout_s=2.5)
    wire = codec.unpack(codec.pack(call.to_wire()))
    assert wire["type"] == "call"
    assert {k: wire[k] for k in ("case_id", "function", "trace", "emulate_cuda", "timeout_s")} == {
        "case_id": "f/0", "function": "f", "trace": True, "emulate_cuda": False, "timeout_s": 2.5,
    }  # fmt: skip
    assert wire["args"][0].tolist() == [1.0, 1.0] and wire["args"][1] == 3
    assert wire["kwargs"] == {"k": (1, 2)}


def test_outcome_from_wire_keeps_known_fields_and_checks_the_status():
    outcome = Outcome.from_wire({"type": "outcome", "case_id": "a", "status": "ok", "value": 3, "extra": 1})  # fmt: skip
    assert (outcome.case_id, outcome.status, outcome.value, outcome.ops) == ("a", "ok", 3, [])
    with pytest.raises(ValueError, match="unknown status 'won'"):
        Outcome.from_wire({"case_id": "a", "status": "won"})
    with pytest.raises(ValueError, match="value_type has the wrong type"):
        Outcome.from_wire({"case_id": "a", "status": "ok", "value_type": ["int"]})
    with pytest.raises(ValueError, match="ops must be dicts"):
        Outcome.from_wire({"case_id": "a", "status": "ok", "ops": ["torch.add"]})
    assert STATUSES == ("ok", "raised", "timeout", "crashed")


def test_failed_outcome_carries_the_message():
    outcome = Outcome.failed("a", "timeout", "still running after 5 s", duration_s=5.1)
    assert (outcome.status, outcome.exception, outcome.value, outcome.duration_s) == ("timeout", "still running after 5 s", None, 5.1)  # fmt: skip


def test_limits_defaults_are_documented_and_the_call_timeout_overrides():
    limits = Limits()
    assert limits.memory_bytes == 4 << 30 and limits.max_output_bytes == 64 << 10
    assert limits.timeout_for(Call("a", "f", timeout_s=7)) == 7.0
    assert Limits(call_timeout_s=1).timeout_for(Call("a", "f", timeout_s=7)) == 1.0
    for name in ("memory_bytes", "max_output_bytes", "startup_timeout_s", "kill_grace_s"):
        assert name in Limits.__doc__


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"memory_bytes": 0}, ValueError, "memory_bytes must be positive, got 0"),
        ({"call_timeout_s": -1}, ValueError, "call_timeout_s must be positive, got -1"),
        ({"threads": "2"}, TypeError, "threads must be a number, got '2'"),
        ({"max_ops": True}, TypeError, "max_ops must be a number, got True"),
        ({"namespaces": 1}, TypeError, "namespaces must be a bool, got 1"),
        ({"user": ""}, TypeError, "user must be a user name"),
    ],
)
def test_bad_limits_name_the_field_and_the_value(kwargs, error, words):
    with pytest.raises(error, match=words.replace("(", r"\(")):
        Limits(**kwargs)
