"""Structure on the wire: an exception as a record and a value's type as a tree, built in the
worker (`jail.errors`, `jail.wire`), checked and put into words in the parent (`failure`,
`typetree`), with the words the grader has always shown."""

from __future__ import annotations

import re
import textwrap

import pytest

from torch101.grader import failure, typetree
from torch101.grader.jail import codec, errors
from torch101.grader.jail.codec import Opaque, describe_type
from torch101.grader.rules.base import key_types

SOURCE = textwrap.dedent(
    """\
    def f(x):
        return _helper(x)


    def _helper(x):
        return x[5]


    def stops():
        raise SystemExit(3)


    class Mine(NotImplementedError):
        pass


    class NotImplementedError(Exception):
        pass
    """
)


def raised(tmp_path, call: str, **kwargs) -> dict:
    """The worker's record of what `call` raises in a submission file."""
    path = tmp_path / "pytorch101.py"
    path.write_text(SOURCE)
    scope: dict = {"__name__": "pytorch101"}
    exec(compile(SOURCE, str(path), "exec"), scope)
    try:
        eval(call, scope)
    except BaseException as exc:  # noqa: BLE001 - SystemExit too, as in the worker
        return errors.describe(exc, str(path), **kwargs)
    raise AssertionError(f"{call} returned")


def old_summary(text: str) -> str:
    """The summary the judge used to parse out of the worker's text (judge._summary, removed)."""
    lines = [line.rstrip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return "no message"
    frames = [k for k, line in enumerate(lines) if line.strip().startswith("File ")]
    head = lines[-1] if lines[0].startswith("Traceback") else lines[0]
    if not frames:
        return head
    last = frames[-1]
    match = re.match(r'\s*File "([^"]+)", line (\d+)', lines[last])
    place = f"{match.group(1)}, line {match.group(2)}" if match else lines[last].strip()
    code = lines[last + 1].strip() if last + 1 < len(lines) and last + 1 not in frames else ""
    if code == head:
        code = ""
    return f"{head} ({place}{': ' + code if code else ''})"


# --- the record ------------------------------------------------------------------------------


def test_an_exception_is_a_record_of_its_type_message_and_the_submissions_frames(tmp_path):
    record = raised(tmp_path, "f([1, 2])")
    assert record == {
        "type": "IndexError",
        "types": ["IndexError", "LookupError", "Exception", "BaseException"],
        "message": "list index out of range",
        "frames": [
            {"file": "pytorch101.py", "line": 2, "function": "f", "code": "return _helper(x)"},
            {"file": "pytorch101.py", "line": 6, "function": "_helper", "code": "return x[5]"},
        ],
    }
    assert failure.check(codec.unpack(codec.pack(record))) == record  # crosses the wire as is
    assert failure.text(record) == textwrap.dedent(
        """\
        IndexError: list index out of range
          File "pytorch101.py", line 2, in f
            return _helper(x)
          File "pytorch101.py", line 6, in _helper
            return x[5]"""
    )
    summary = "IndexError: list index out of range (pytorch101.py, line 6: return x[5])"
    assert failure.summary(record) == old_summary(failure.text(record)) == summary


def test_the_summary_is_what_the_judge_parsed_out_of_the_text(tmp_path):
    records = [
        raised(tmp_path, "f([1, 2])"),
        raised(tmp_path, "f([1, 2])", importing=True),
        raised(tmp_path, "stops()"),
        raised(tmp_path, "stops()", importing=True),
        errors.describe(ValueError("two\nlines"), ""),
        errors.describe(ValueError(), ""),
        errors.describe(MemoryError("no room"), "", memory_bytes=1 << 30),
        errors.fault("still running after 5 s (wall clock); the worker was stopped"),
        errors.fault("the worker died of SIGSEGV (pytorch101.py line 6)", importing=True),
    ]
    for record in records:
        assert failure.summary(record) == old_summary(failure.text(record)), record
    assert failure.text(records[1]).startswith("importing pytorch101.py failed: IndexError: ")
    assert failure.summary(records[3]) == (
        "importing pytorch101.py failed: SystemExit: the submission called sys.exit(3) while "
        "being imported (pytorch101.py, line 10: raise SystemExit(3))"
    )
    assert failure.summary(records[4]) == "ValueError: two"
    assert failure.text(records[5]) == "ValueError"
    assert failure.text(records[6]) == "MemoryError: no room (the worker's memory limit is 1.0 GiB)"
    assert failure.text(records[7]) == failure.summary(records[7])  # a fault, as written
    assert failure.summary(None) == "no message" and failure.text(None) == ""


def test_a_text_past_the_cap_is_cut_and_its_summary_is_its_first_line(tmp_path):
    record = errors.describe(ValueError("x" * 10_000), "")
    record["frames"] = raised(tmp_path, "f([1])")["frames"]
    assert len(record["message"]) == 4000
    text = failure.text(record)
    assert len(text) == 4000 and text.endswith("...") and "File" not in text
    assert failure.summary(record) == old_summary(text) == text


def test_is_a_reads_the_class_names_not_the_text(tmp_path):
    assert failure.is_a(errors.describe(NotImplementedError(), ""), "NotImplementedError")
    mine = raised(tmp_path, "(_ for _ in ()).throw(Mine())")
    assert mine["type"] == "Mine" and failure.is_a(mine, "NotImplementedError")
    # The submission's own class of that name is not the built-in one.
    impostor = raised(tmp_path, "(_ for _ in ()).throw(NotImplementedError())")
    assert impostor["type"] == "NotImplementedError"
    assert not failure.is_a(impostor, "NotImplementedError")
    assert not failure.is_a(errors.fault("NotImplementedError"), "NotImplementedError")
    assert not failure.is_a(None, "NotImplementedError")


def test_a_hostile_exception_still_gives_a_record():
    class Loud(Exception):
        def __str__(self):
            raise RuntimeError("no")

    class Meta(type):
        def __getattribute__(cls, name):
            raise RuntimeError("no")

    class Odd(Exception, metaclass=Meta):
        pass

    assert errors.describe(Loud(), "")["message"] == "<unprintable exception>"
    assert errors.describe(Odd("x"), "")["types"] == ["Odd"]


@pytest.mark.parametrize(
    "forged",
    [
        None,
        "ValueError: prose",
        {"type": ["ValueError"]},
        {"type": "ValueError", "frames": [{"line": 1.5}]},
        {"type": "ValueError", "frames": [Opaque("x", "y")]},
        {"type": "ValueError", "types": [Opaque("x", "y")]},
    ],
)
def test_a_forged_record_is_refused(forged):
    with pytest.raises(ValueError, match="an exception"):
        failure.check(forged)


def test_a_record_is_cut_to_the_caps_whatever_the_worker_sends():
    frame = {"file": "pytorch101.py", "line": 1, "function": "f" * 9000, "code": "c" * 9000}
    record = failure.check({"type": "E" * 9000, "frames": [frame] * 50, "importing": True})
    assert len(record["type"]) == 4000 and len(record["frames"]) == 8
    assert {len(f["function"]) for f in record["frames"]} == {4000}
    assert record["importing"] is True and record["types"] == [record["type"]]


# --- the type tree ---------------------------------------------------------------------------


def test_a_type_tree_is_read_without_unfolding_its_runs():
    tree = describe_type((1, 2, 3, [1.0], "s"))
    assert tree == {"type": "tuple", "items": [["int", 3], {"type": "list", "items": ["float"]}, "str"]}  # fmt: skip
    assert typetree.top(tree) == "tuple" and typetree.top("int") == "int"
    assert typetree.top(None) == ""
    assert [typetree.item(tree, k) for k in range(6)] == ["int", "int", "int", {"type": "list", "items": ["float"]}, "str", None]  # fmt: skip
    assert typetree.item("int", 0) is None
    assert typetree.leaves(tree) == {"int", "float", "str"}
    huge = {"type": "list", "items": [["int", 10**15]]}  # a forged count costs nothing
    typetree.check(huge)
    assert typetree.item(huge, 10**15 - 1) == "int" and typetree.item(huge, 10**15) is None


def test_key_types_reads_the_logged_tree():
    def op(*arg_types):
        return {"name": "torch.Tensor.__getitem__", "arg_types": list(arg_types)}

    key = describe_type((slice(None), None, Ellipsis, [0, 1]), max_items=8)
    assert key_types(op("torch.Tensor", key), 1) == {"slice", "NoneType", "ellipsis", "int"}
    assert key_types(op("torch.Tensor", describe_type(tuple(range(20)), max_items=8)), 1) == {"int", "..."}  # fmt: skip
    assert key_types(op("torch.Tensor", describe_type(())), 1) == set()
    assert key_types(op("torch.Tensor"), 1) == set()
    # A forged log adds nothing it cannot name, and breaks nothing.
    assert key_types({"arg_types": "torch.Tensor"}, 0) == set()
    for junk in (3, None, Opaque("x", "y"), {"type": "tuple", "items": [[Opaque("x", "y"), 2], 5]}):
        assert key_types(op("torch.Tensor", junk), 1) == set()
