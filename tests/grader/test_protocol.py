"""Call, Outcome and Limits: the plain-data contract between the parent and the worker."""

from __future__ import annotations

import pytest
import torch

from torch101.grader import failure
from torch101.grader.jail import codec, errors
from torch101.grader.protocol import OUTCOME_STATUSES, Call, Limits, Outcome


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
    with pytest.raises(ValueError, match="value_type: a type must be"):
        Outcome.from_wire({"case_id": "a", "status": "ok", "value_type": ["int"]})
    with pytest.raises(ValueError, match="ops must be dicts"):
        Outcome.from_wire({"case_id": "a", "status": "ok", "ops": ["torch.add"]})
    assert OUTCOME_STATUSES == ("ok", "raised", "timeout", "crashed")


def test_failed_outcome_carries_the_message_as_a_fault_record():
    outcome = Outcome.failed("a", "timeout", "still running after 5 s", duration_s=5.1)
    assert (outcome.status, outcome.value, outcome.duration_s) == ("timeout", None, 5.1)
    assert outcome.exception == {"type": "", "types": [], "message": "still running after 5 s", "frames": []}  # fmt: skip
    assert failure.text(outcome.exception) == failure.summary(outcome.exception) == "still running after 5 s"  # fmt: skip
    record = errors.fault("the worker died of SIGSEGV", importing=True)
    assert Outcome.failed("a", "crashed", record).exception is record


def test_outcome_from_wire_checks_the_type_tree():
    tree = {"type": "tuple", "items": [["torch.Tensor", 2], "int", {"type": "list", "items": ["..."]}]}  # fmt: skip
    outcome = Outcome.from_wire({"case_id": "a", "status": "ok", "value_type": tree})
    assert outcome.value_type == tree
    assert Outcome.from_wire({"case_id": "a", "status": "ok", "value_type": "numpy.int64"}).value_type == "numpy.int64"  # fmt: skip
    assert Outcome.from_wire({"case_id": "a", "status": "ok"}).value_type is None  # not known
    for forged in (
        3,
        {"type": "tuple"},
        {"type": "tuple", "items": "int"},
        {"type": "dict", "items": []},
        {"type": "tuple", "items": [], "more": 1},
        {"type": "tuple", "items": [["int", 1]]},  # a run is of two or more
        {"type": "tuple", "items": [["int", "2"]]},
        {"type": "tuple", "items": [["int", 2, 3]]},
        {"type": "tuple", "items": [{"type": "list", "items": [None]}]},
    ):
        with pytest.raises(ValueError, match="value_type"):
            Outcome.from_wire({"case_id": "a", "status": "ok", "value_type": forged})


RECORD = {
    "type": "IndexError",
    "types": ["IndexError", "LookupError", "Exception", "BaseException"],
    "message": "tuple index out of range",
    "frames": [{"file": "pytorch101.py", "line": 12, "function": "f", "code": "return x.shape[1]"}],
}


def test_outcome_from_wire_checks_the_exception_record_and_caps_it():
    outcome = Outcome.from_wire({"case_id": "a", "status": "raised", "exception": RECORD})
    assert outcome.exception == RECORD
    huge = {**RECORD, "message": "x" * 100_000, "types": ["T"] * 1000, "frames": RECORD["frames"] * 100}  # fmt: skip
    capped = Outcome.from_wire({"case_id": "a", "status": "raised", "exception": huge}).exception
    assert len(capped["message"]) == 4000 and capped["message"].endswith("...")
    assert len(capped["types"]) == 32 and len(capped["frames"]) == 8
    bare = {"case_id": "a", "status": "raised", "exception": {"type": "KeyError"}}
    filled = {"type": "KeyError", "types": ["KeyError"], "message": "", "frames": []}
    assert Outcome.from_wire(bare).exception == filled
    for forged in (
        "IndexError: tuple index out of range",  # prose is no longer a record
        ["IndexError"],
        {**RECORD, "type": 3},
        {**RECORD, "message": None},
        {**RECORD, "types": "IndexError"},
        {**RECORD, "types": [1]},
        {**RECORD, "frames": {"line": 1}},
        {**RECORD, "frames": ["pytorch101.py, line 12"]},
        {**RECORD, "frames": [{**RECORD["frames"][0], "line": "12"}]},
        {**RECORD, "frames": [{**RECORD["frames"][0], "line": True}]},
        {**RECORD, "frames": [{**RECORD["frames"][0], "code": b"x"}]},
        {**RECORD, "importing": "yes"},
    ):
        with pytest.raises(ValueError, match="exception: an exception"):
            Outcome.from_wire({"case_id": "a", "status": "raised", "exception": forged})


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
