"""The worker's evidence: values, exact types, mutation, aliasing, op logs, the emulated GPU,
captured output and trimmed tracebacks. The recorder is tested in this process; the rest
through one real sandboxed session shared by the module."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
import torch

from torch101.grader import failure
from torch101.grader.jail import codec
from torch101.grader.jail.capture import CappedWriter
from torch101.grader.jail.recorder import FakeCuda as _FakeCuda
from torch101.grader.jail.recorder import Recorder
from torch101.grader.protocol import Call, Limits
from torch101.grader.sandbox import WorkerSession

# --- the recorder, in this process ------------------------------------------------------------


def recorder(*, trace=True, emulate=False, max_ops=1000) -> Recorder:
    return Recorder(torch, codec, torch.overrides.TorchFunctionMode, trace=trace, emulate=emulate, max_ops=max_ops)  # fmt: skip


def test_trace_logs_every_top_level_torch_call_with_sizes():
    rec = recorder()
    x = torch.arange(6.0).reshape(2, 3)
    with rec.mode():
        y = x[x > 2]
        x.nelement()
        torch.cat([y, y])
    names = [op["name"] for op in rec.log()]
    assert names == ["torch.Tensor.gt", "torch.Tensor.__getitem__", "torch.Tensor.numel", "torch.cat"]  # fmt: skip
    assert [op["max_out_numel"] for op in rec.log()] == [6, 3, 0, 6]
    assert rec.log()[1]["arg_types"] == ["torch.Tensor", "torch.Tensor"]
    assert rec.log()[3]["arg_types"] == [{"type": "list", "items": [["torch.Tensor", 2]]}]


def test_trace_flags_ops_on_the_input_and_what_is_computed_from_it():
    x = torch.arange(12).reshape(4, 3)
    rec = Recorder(torch, codec, torch.overrides.TorchFunctionMode, trace=True, emulate=False, max_ops=100, inputs=(x,))  # fmt: skip
    with rec.mode():
        rows = torch.arange(4)[:, None]  # builds an index: nothing of x is read
        y = x.clone()
        y[rows, torch.tensor([0, 0, 2, 1])]
        x.tolist()
    flags = [(op["name"].rsplit(".", 1)[-1], bool(op.get("of_input"))) for op in rec.log()]
    assert flags == [
        ("arange", False), ("__getitem__", False), ("clone", True),
        ("tensor", False), ("__getitem__", True), ("tolist", True),
    ]  # fmt: skip
    assert rec.log()[-1]["self_numel"] == 12


def test_trace_names_the_line_of_the_student_file(tmp_path):
    source = tmp_path / "student.py"
    source.write_text("def f(x):\n    y = x + 1\n    return y[0]\n")
    namespace: dict = {}
    exec(compile(source.read_text(), str(source), "exec"), namespace)
    rec = Recorder(torch, codec, torch.overrides.TorchFunctionMode, trace=True, emulate=False, max_ops=100, source=str(source))  # fmt: skip
    x = torch.ones(2)
    with rec.mode():
        namespace["f"](x)
    assert [op.get("line") for op in rec.log()] == [2, 3]


def test_trace_is_truncated_past_max_ops():
    rec = recorder(max_ops=3)
    x = torch.ones(2)
    with rec.mode():
        for _ in range(10):
            x = x + 1
    log = rec.log()
    assert len(log) == 4 and log[-1] == {"name": "torch101.truncated", "dropped": 7}


def test_emulated_gpu_round_trip_marks_and_unmarks():
    rec = recorder(emulate=True)
    x, w = torch.ones(2, 3), torch.ones(3, 4)
    real_is_available = torch.cuda.is_available
    with _FakeCuda(torch), rec.mode():
        assert torch.cuda.is_available()
        xg = x.cuda()
        wg = w.to("cuda")
        yg = xg.mm(wg)
        seen = (xg.is_cuda, str(yg.device), x.is_cuda, str(x.device))
        y = yg.cpu()
    assert torch.cuda.is_available is real_is_available  # the patch is undone
    assert seen == (True, "cuda:0", False, "cpu")
    assert xg is not x and rec.marked(xg) and rec.marked(wg) and rec.marked(yg)
    assert not rec.marked(y) and not rec.marked(x)
    assert y.tolist() == [[3.0] * 4] * 2
    assert [op.get("fake_gpu", False) for op in rec.log()] == [False, False, True, True, True, False, False, True]  # fmt: skip


def test_emulated_gpu_factories_dtype_moves_and_device_errors():
    rec = recorder(emulate=True, trace=False)
    x = torch.ones(2, 2)
    with rec.mode():
        z = torch.zeros(2, 2, device="cuda")
        d = x.to(z)  # onto z's device
        h = x.to(torch.float64)  # a dtype change stays on the CPU
        back = z.to("cpu", torch.float16)
        with pytest.raises(RuntimeError, match="same device"):
            z + x
        with pytest.raises(TypeError, match="numpy"):
            z.numpy()
        scalar_ok = z + torch.tensor(1.0)  # 0-d CPU tensors mix with GPU ones, as on CUDA
    assert rec.marked(z) and rec.marked(d) and not rec.marked(h)
    assert not rec.marked(back) and back.dtype == torch.float16
    assert rec.marked(scalar_ok)


def test_capped_writer_keeps_the_head_and_counts_the_rest():
    out = CappedWriter(10)
    out.write("0123456")
    out.write("789abcdef")
    assert out.take() == ("0123456789", 6)
    assert out.take() == ("", 0)


# --- one real worker for the rest ---------------------------------------------------------------

SUBMISSION = textwrap.dedent(
    """
    import os
    import torch

    print("imported")

    def same_value_write(x):
        x[0] = x[0]
        return x.clone()

    def identity(x):
        return x

    def view_rows(x):
        return x[1:], x.clone()

    def mean_of_list(xs):
        xs[1].add_(0)
        return torch.stack([t.mean() for t in xs])

    def chatty(x, times):
        for _ in range(times):
            print(x)
        return x.sum()

    def shout(n):
        print("call", n)
        os.write(2, b"raw stderr\\n")
        return n

    def deep_error(x):
        return _helper(x)

    def _helper(x):
        return x.reshape(5, 5)

    def numpy_int(x):
        return x.sum().numpy()[()]

    def big(n):
        return torch.zeros(n)

    def fork_and_both_return(x):
        os.fork()
        return x + 1

    def gpu(x, w):
        return x.cuda().mm(w.cuda()).cpu()

    def stays_on_gpu(x, w):
        return x.cuda().mm(w.cuda())

    SHARED = torch.tensor([[1.0, 2.0]])
    SHARED_INT = torch.tensor([3, -4])

    def shared():
        return SHARED, SHARED_INT

    def fresh():
        return torch.tensor([[1.0, 2.0]]), torch.tensor([3, -4])
    """
)


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    path = tmp_path_factory.mktemp("worker") / "pytorch101.py"
    path.write_text(SUBMISSION)
    with WorkerSession(path, limits=Limits(max_message_bytes=8 << 20)) as s:
        yield s


def run(session, function, *args, **options):
    return session.run([Call(f"{function}/0", function, list(args), **options)])[0]


def test_import_output_is_kept_apart(session):
    assert session.import_output == "imported\n"


def test_version_bump_catches_a_write_of_the_same_value(session):
    x = torch.arange(4.0)
    outcome = run(session, "same_value_write", x)
    assert outcome.status == "ok"
    assert outcome.arg_versions_bumped == [True]
    assert outcome.args_after[0].tolist() == x.tolist()  # a snapshot alone would miss it
    assert outcome.same_object == [None] and outcome.shares_storage == [None]


def test_same_object_and_shared_storage_point_at_the_argument(session):
    x = torch.arange(6.0).reshape(3, 2)
    assert run(session, "identity", x).same_object == [0]
    views = run(session, "view_rows", x)
    assert views.value_type == {"type": "tuple", "items": [["torch.Tensor", 2]]}
    assert views.same_object == [None, None]
    assert views.shares_storage == [0, None]
    assert views.arg_versions_bumped == [False]


def test_lists_of_tensors_are_mirrored(session):
    xs = [torch.ones(2), torch.arange(3.0)]
    outcome = run(session, "mean_of_list", xs)
    assert outcome.arg_versions_bumped == [[False, True]]
    assert outcome.value.tolist() == [1.0, 1.0]
    assert outcome.args_after[0][1].tolist() == [0.0, 1.0, 2.0]


def test_each_call_gets_fresh_arguments(session):
    x = torch.zeros(2)
    first = run(session, "same_value_write", x)
    second = run(session, "same_value_write", x)
    assert first.arg_versions_bumped == second.arg_versions_bumped == [True]


def test_output_is_captured_per_call(session):
    one = run(session, "shout", 1)
    two = run(session, "shout", 2)
    assert one.stdout == "call 1\nraw stderr\n"
    assert two.stdout == "call 2\nraw stderr\n"


def test_prints_past_the_cap_are_counted_not_formatted(session):
    x = torch.randn(300, 300)  # each print formats 90,000 numbers
    outcome = run(session, "chatty", x, 2000, timeout_s=60)
    assert outcome.status == "ok"
    assert float(outcome.value) == pytest.approx(float(x.sum()), rel=1e-5)
    assert "print calls after the output cap, not shown" in outcome.stdout
    assert run(session, "shout", 3).stdout == "call 3\nraw stderr\n"  # the next call is clean


def test_tracebacks_show_only_the_students_frames(session):
    outcome = run(session, "deep_error", torch.ones(3))
    assert outcome.status == "raised"
    record = outcome.exception
    assert record["type"] == "RuntimeError" and record["message"].startswith("shape '[5, 5]' is invalid")  # fmt: skip
    assert record["types"] == ["RuntimeError", "Exception", "BaseException"]
    source = SUBMISSION.splitlines()
    line_of = {text: source.index(f"    {text}") + 1 for text in ("return _helper(x)", "return x.reshape(5, 5)")}  # fmt: skip
    assert record["frames"] == [
        {"file": "pytorch101.py", "line": line_of["return _helper(x)"], "function": "deep_error", "code": "return _helper(x)"},
        {"file": "pytorch101.py", "line": line_of["return x.reshape(5, 5)"], "function": "_helper", "code": "return x.reshape(5, 5)"},
    ]  # fmt: skip
    lines = failure.text(record).splitlines()
    assert lines[0].startswith("RuntimeError: shape '[5, 5]' is invalid")
    assert lines[-2:] == [f'  File "pytorch101.py", line {line_of["return x.reshape(5, 5)"]}, in _helper', "    return x.reshape(5, 5)"]  # fmt: skip
    assert "worker.py" not in failure.text(record)


def test_numpy_scalar_is_reported_by_its_type(session):
    outcome = run(session, "numpy_int", torch.tensor([1, 2]))
    assert outcome.value_type == "numpy.int64" and outcome.value == 3 and type(outcome.value) is int


def test_missing_function_and_too_large_results(session):
    missing = run(session, "not_there")
    assert (
        missing.status == "raised"
        and failure.text(missing.exception) == "NameError: pytorch101.py defines no function named 'not_there'"
    )  # fmt: skip
    large = run(session, "big", 4 << 20)  # 16 MiB > the 8 MiB message limit of this session
    assert large.status == "crashed" and "too large" in large.exception["message"]
    assert run(session, "big", 3).value.tolist() == [0.0, 0.0, 0.0]


def test_a_fork_is_stopped_by_the_guard(session):
    outcome = run(session, "fork_and_both_return", torch.ones(1))
    assert outcome.status == "raised" and "starting a process" in failure.text(outcome.exception)
    assert outcome.policy and outcome.policy[0]["what"].startswith("starting a process")
    assert run(session, "identity", torch.ones(1)).status == "ok"  # the channel is still in step


def test_beneath_the_guard_a_fork_that_returns_twice_answers_once(tmp_path):
    path = tmp_path / "pytorch101.py"
    path.write_text(SUBMISSION)
    with WorkerSession(path, limits=Limits(guard=False, seccomp=False)) as s:
        outcome = run(s, "fork_and_both_return", torch.ones(1))
        assert outcome.status == "ok" and outcome.value.tolist() == [2.0]
        assert run(s, "identity", torch.ones(1)).status == "ok"  # the channel is still in step


def test_emulated_gpu_evidence(session):
    x, w = torch.ones(2, 3), torch.ones(3, 2)
    good = run(session, "gpu", x, w, emulate_cuda=True, trace=True)
    assert good.status == "ok" and good.on_fake_gpu == [False]
    assert [op["name"] for op in good.ops] == ["torch.Tensor.cuda", "torch.Tensor.cuda", "torch.Tensor.mm", "torch.Tensor.cpu"]  # fmt: skip
    assert good.ops[2].get("fake_gpu") is True
    left = run(session, "stays_on_gpu", x, w, emulate_cuda=True)
    assert left.on_fake_gpu == [True] and left.ops == []
    if not torch.cuda.is_available():
        plain = run(session, "gpu", x, w)
        assert plain.status == "raised"  # no emulation, no CUDA: the real error


def test_worker_module_has_a_usage_line():
    done = subprocess.run([sys.executable, "-m", "torch101.grader.jail.worker"], capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 2 and "usage" in done.stderr


def test_a_result_kept_between_calls_is_overwritten_once_sent(session):
    # Regression (red team): create_sample_tensor returned one module-level tensor every time,
    # so a caller's in-place edit would reach the next caller; the second call now shows it.
    first = run(session, "shared")
    assert first.value[0].tolist() == [[1.0, 2.0]] and first.value[1].tolist() == [3, -4]
    second = run(session, "shared")
    assert second.value[0].isnan().all() and second.value[1].tolist() == [~3, ~-4]
    run(session, "fresh")
    again = run(session, "fresh")
    assert again.value[0].tolist() == [[1.0, 2.0]] and again.value[1].tolist() == [3, -4]
