"""The judge as a unit: strict comparisons, the contract, run-time rule evidence and statuses,
on hand-made Outcomes (the worker's evidence) with known answers."""

from __future__ import annotations

import pytest
import torch

from torch101.grader import failure
from torch101.grader.cases import Case
from torch101.grader.jail import errors
from torch101.grader.judge import compare as C
from torch101.grader.judge import verdict as J
from torch101.grader.protocol import Outcome
from torch101.grader.rules import runtime_violations
from torch101.grader.rules.gpu import _gpu_problem
from torch101.grader.spec import EXACT, SPECS, Tolerance
from torch101.grader.static import Finding, FunctionReport

FLOAT = Tolerance((1e-4, 1e-5), (1e-10, 1e-12), why="test")


# --- compare ---------------------------------------------------------------------------------


def violations(spec, rules, cases, outcomes, static):
    found = runtime_violations(spec.name, rules, cases, outcomes, static)
    return found.problems, found.half_credit


def test_a_python_int_is_not_a_0d_tensor():
    problem = C.compare(6, torch.tensor(6), "torch.Tensor", EXACT)
    assert "should be a Python int, got torch.Tensor" in problem and ".item()" in problem
    assert C.compare(6, 6, "int", EXACT) is None
    assert "should be 6, got 7" in C.compare(6, 7, "int", EXACT)


def test_a_bool_or_numpy_int_is_not_an_int():
    assert C.compare(1, True, "bool", EXACT) is not None
    assert C.compare(6, 6, "numpy.int64", EXACT) is not None


def test_tensor_subclasses_are_rejected_by_their_worker_side_type():
    problem = C.compare(torch.ones(2), torch.ones(2), "pytorch101.EvilTensor", EXACT)
    assert "pytorch101.EvilTensor" in problem


@pytest.mark.parametrize(
    ("got", "words"),
    [
        (torch.tensor([6]), "shape ()"),  # no broadcasting: (1,) is not ()
        (torch.tensor([[6]]), "shape ()"),
        (torch.tensor(6.0), "dtype torch.int64"),
        (torch.tensor(7), "expected 6, got 7"),
    ],
)
def test_shape_then_dtype_then_values(got, words):
    assert words in C.compare(torch.tensor(6), got, "torch.Tensor", EXACT)


def test_device_is_compared():
    problem = C.compare(torch.zeros(2), torch.zeros(2, device="meta"), "torch.Tensor", EXACT)
    assert "should be on cpu, got meta" in problem


def test_float_tolerance_per_dtype_and_nan():
    e = torch.tensor([1.0, float("nan")])
    assert C.compare(e, torch.tensor([1.00005, float("nan")]), "torch.Tensor", FLOAT) is None
    assert "rtol=0.0001" in C.compare(e, torch.tensor([1.001, float("nan")]), "torch.Tensor", FLOAT)
    e64 = e.double()
    assert C.compare(e64, torch.tensor([1.00005, float("nan")]).double(), "torch.Tensor", FLOAT)
    assert (
        C.compare(torch.tensor([1.0]), torch.tensor([1.0 + 1e-7]), "torch.Tensor", EXACT)
        is not None
    )


TWO_TENSORS = {"type": "tuple", "items": [["torch.Tensor", 2]]}  # a run: two tensors


def test_tuples_item_by_item_and_folded_type_names():
    e = (torch.zeros(2), torch.ones(2))
    assert C.compare(e, (torch.zeros(2), torch.ones(2)), TWO_TENSORS, EXACT) is None
    as_list = {"type": "list", "items": [["torch.Tensor", 2]]}
    problem = C.compare(e, [torch.zeros(2), torch.ones(2)], as_list, EXACT)
    assert "should be a tuple" in problem
    problem = C.compare(e, (torch.zeros(2), torch.ones(3)), TWO_TENSORS, EXACT)
    assert problem.startswith("item 1 of the output should have shape (2,)")
    sub = {"type": "tuple", "items": ["torch.Tensor", "my.Sub"]}
    problem = C.compare(e, (torch.zeros(2), torch.ones(2)), sub, EXACT)
    assert "item 1 of the output should be a 1-D tensor, got my.Sub" in problem
    nested = (3, (torch.zeros(2), 4))
    tree = {"type": "tuple", "items": ["int", {"type": "tuple", "items": ["torch.Tensor", "numpy.int64"]}]}  # fmt: skip
    problem = C.compare(nested, (3, (torch.zeros(2), 4)), tree, EXACT)
    assert problem.startswith("item 1 of item 1 of the output should be a Python int, got numpy.int64")  # fmt: skip


def test_any_dtype_accepts_other_real_dtypes_with_equal_values():
    e = torch.tensor([[0.0, 10.0]])
    assert C.compare(e, torch.tensor([[0, 10]]), "torch.Tensor", EXACT, any_dtype=True) is None
    assert C.compare(e, torch.tensor([[0, 11]]), "torch.Tensor", EXACT, any_dtype=True)


def test_uniques_in_any_order_with_first_occurrences():
    x = torch.tensor([3, 1, 3, 2, 1])
    expected = (torch.tensor([1, 2, 3]), torch.tensor([1, 3, 0]))
    ok = (torch.tensor([3, 1, 2]), torch.tensor([0, 1, 3]))
    assert C.compare_uniques(expected, ok, TWO_TENSORS) is None
    last = (torch.tensor([3, 1, 2]), torch.tensor([2, 4, 3]))
    assert "first occurrence" in C.compare_uniques(expected, last, TWO_TENSORS)
    missing = (torch.tensor([3, 1]), torch.tensor([0, 1]))
    assert "3 distinct values" in C.compare_uniques(expected, missing, TWO_TENSORS)
    doubled = (torch.tensor([3, 1, 1]), torch.tensor([0, 1, 1]))
    assert "once" in C.compare_uniques(expected, doubled, TWO_TENSORS)
    wrong_dtype = (torch.tensor([3, 1, 2], dtype=torch.int32), torch.tensor([0, 1, 3]))
    assert "int64" in C.compare_uniques(expected, wrong_dtype, TWO_TENSORS)
    assert x.shape == (5,)


# --- the contract ----------------------------------------------------------------------------


def ok(value, *, args, **evidence) -> Outcome:
    return Outcome("c", "ok", value=value, value_type=C.type_name(value) if not isinstance(value, tuple) else "tuple", args_after=list(args), **evidence)  # fmt: skip


def test_a_changed_input_is_found_and_located():
    x = torch.tensor([[1, 2], [3, 4]])
    after = x.clone()
    after[1, 0] = 9
    outcome = ok(x, args=[after], arg_versions_bumped=[True])
    problem = J.contract_problem(SPECS["zero_row_min"], Case("random", (x,)), outcome, ("x",))
    assert "must not modify its input x: x[1, 0] was 3, became 9" in problem


def test_a_write_of_the_same_values_is_found_through_the_version_counter():
    x = torch.tensor([1.0, 2.0])
    outcome = ok(x, args=[x.clone()], arg_versions_bumped=[True])
    problem = J.contract_problem(SPECS["normalize_columns"], Case("random", (x,)), outcome, ("x",))
    assert "written to in place" in problem
    clean = ok(x, args=[x.clone()], arg_versions_bumped=[False], same_object=[None])
    assert J.contract_problem(SPECS["normalize_columns"], Case("random", (x,)), clean, ("x",)) is None  # fmt: skip


def test_in_place_functions_must_return_the_input_itself():
    x = torch.zeros(2, 2)
    spec = SPECS["mutate_tensor"]
    assert "return x itself" in J.contract_problem(spec, Case("r", (x, [], [])), ok(x, args=[x, [], []], same_object=[None]), ("x",))  # fmt: skip
    assert J.contract_problem(spec, Case("r", (x, [], [])), ok(x, args=[x, [], []], same_object=[0]), ("x",)) is None  # fmt: skip


def test_in_place_functions_leave_their_other_inputs_alone():
    # Regression (red team): mutate_tensor emptied the caller's indices with .pop(0) and passed.
    x = torch.zeros(2, 2)
    spec, case = SPECS["mutate_tensor"], Case("r", (x, [(0, 1)], [5.0]))
    popped = ok(x, args=[x, [], [5.0]], same_object=[0])
    problem = J.contract_problem(spec, case, popped, ("x", "indices", "values"))
    assert "must not modify its input indices: it was [(0, 1)], became []" in problem
    assert "Read it without changing it" in problem


def test_a_result_that_requires_grad_is_refused():
    # Regression (red team): create_sample_tensor(requires_grad=True) passed; the notebook's
    # next cell (mutate_tensor, in place) then raises.
    x = torch.zeros(3, 2)
    out = ok(x, args=[], requires_grad=[True])
    assert "requires_grad=True" in J.contract_problem(SPECS["create_sample_tensor"], Case("r", ()), out, ())  # fmt: skip
    assert J.contract_problem(SPECS["create_sample_tensor"], Case("r", ()), ok(x, args=[], requires_grad=[False]), ()) is None  # fmt: skip


def test_views_must_share_storage():
    x = torch.zeros(3, 5)
    spec = SPECS["slice_indexing_practice"]
    out = ok((x[0],) * 4, args=[x], arg_versions_bumped=[False], shares_storage=[0, 0, None, 0])
    assert "output 2 is not a view" in J.contract_problem(spec, Case("r", (x,)), out, ("x",))


def test_a_new_tensor_is_not_the_input_object():
    x = torch.zeros(2, 2)
    out = ok(x, args=[x], arg_versions_bumped=[False], same_object=[0])
    assert "itself" in J.contract_problem(SPECS["zero_row_min"], Case("r", (x,)), out, ("x",))


# --- run-time rules --------------------------------------------------------------------------


def traced(*names, **extra) -> Outcome:
    return Outcome(
        "c", "ok", value=None, ops=[{"name": n, "max_out_numel": 1, **extra} for n in names]
    )


def scaling(counts, group=""):
    cases = [Case("scaling", (), size=s, group=group) for s in (2, 8, 32)]
    outcomes = [traced(*["torch.Tensor.add"] * c, "torch.Tensor.shape.__get__") for c in counts]
    return cases, outcomes


@pytest.mark.parametrize(("counts", "grows"), [((1, 1, 1), False), ((3, 9, 33), True), ((3, 3, 4), False)])  # fmt: skip
def test_op_counts_that_grow_with_the_size_are_a_loop(counts, grows):
    spec = SPECS["make_one_hot"]
    cases, outcomes = scaling(counts)
    problems, _ = violations(spec, spec.rules, cases, outcomes, FunctionReport("f", True))
    assert bool(problems) is grows
    if grows:
        assert f"size 2: {counts[0]}, size 8: {counts[1]}, size 32: {counts[2]}" in problems[0]


def test_the_loop_version_needs_growth():
    spec = SPECS["batched_matrix_multiply_loop"]
    cases, outcomes = scaling((1, 1, 1))
    problems, _ = violations(spec, spec.rules, cases, outcomes, FunctionReport("f", True))
    assert "does not grow" in problems[0]


def test_metadata_reads_are_not_ops():
    spec = SPECS["make_one_hot"]
    cases = [Case("scaling", (), size=s) for s in (2, 8, 32)]
    outcomes = [traced("torch.zeros", *["torch.Tensor.__len__", "torch.Tensor.dim"] * s) for s in (2, 8, 32)]  # fmt: skip
    problems, _ = violations(spec, spec.rules, cases, outcomes, FunctionReport("f", True))
    assert problems == []


def test_forbidden_calls_and_their_synonyms_at_run_time():
    spec = SPECS["count_tensor_elements"]
    case = Case("notebook", (torch.zeros(2),), note="the notebook's check")
    for name in ("torch.Tensor.numel", "torch.numel"):
        problems, _ = violations(spec, spec.rules, [case], [traced(name)], FunctionReport("f", True))  # fmt: skip
        assert problems == [f"at run time it calls {name} (the notebook's check)"]
    flip = SPECS["reverse_rows"]
    problems, _ = violations(flip, flip.rules, [case], [traced("torch.Tensor.__getitem__", "torch.flipud", of_input=True)], FunctionReport("f", True))  # fmt: skip
    assert "torch.flipud" in problems[0]
    problems, _ = violations(flip, flip.rules_for("2020"), [case], [traced("torch.Tensor.__getitem__", "torch.flipud", of_input=True)], FunctionReport("f", True))  # fmt: skip
    assert problems == []


def test_indexing_and_comparison_counts():
    spec = SPECS["sum_positive_entries"]
    case = Case("notebook", (torch.zeros(2),), note="n")
    two = traced("torch.Tensor.gt", "torch.Tensor.ne", "torch.Tensor.__and__", "torch.Tensor.__getitem__", of_input=True)  # fmt: skip
    problems, _ = violations(spec, spec.rules, [case], [two], FunctionReport("f", True))
    assert problems == ["at run time it makes 2 comparisons in one call (n); the rule allows 1"]
    shuffle = SPECS["shuffle_cols"]
    four = traced(*["torch.Tensor.__getitem__"] * 4, "torch.stack", of_input=True)
    problems, _ = violations(shuffle, shuffle.rules, [case], [four], FunctionReport("f", True))  # fmt: skip
    assert "indexes the input 4 times" in problems[0] and "exactly 1" in problems[0]


def test_only_indexing_of_the_input_counts_and_function_forms_count_too():
    shuffle = SPECS["shuffle_cols"]
    case = Case("notebook", (torch.zeros(2, 3),), note="n")
    # torch.arange(M)[:, None] builds an index: it reads nothing of x.
    built = Outcome("c", "ok", ops=[
        {"name": "torch.arange"}, {"name": "torch.Tensor.__getitem__"},
        {"name": "torch.Tensor.__getitem__", "of_input": True},
    ])  # fmt: skip
    assert violations(shuffle, shuffle.rules, [case], [built], FunctionReport("f", True))[0] == []  # fmt: skip
    selected = traced("torch.index_select", of_input=True)
    assert violations(shuffle, shuffle.rules, [case], [selected], FunctionReport("f", True))[0] == []  # fmt: skip
    twice = traced("torch.Tensor.gather", "torch.Tensor.__getitem__", of_input=True)
    problems, _ = violations(shuffle, shuffle.rules, [case], [twice], FunctionReport("f", True))  # fmt: skip
    assert "indexes the input twice in one call (n): gather, x[...];" in problems[0]
    thrice = traced(*["torch.Tensor.__getitem__"] * 3, of_input=True, line=7)
    problems, _ = violations(shuffle, shuffle.rules, [case], [thrice], FunctionReport("f", True))  # fmt: skip
    assert problems[0] == (
        "line 7: at run time it indexes the input 3 times in one call (n); the rule asks for exactly 1"
    )
    none = traced("torch.Tensor.mm")
    problems, _ = violations(shuffle, shuffle.rules, [case], [none], FunctionReport("f", True))  # fmt: skip
    assert "indexes the input 0 times" in problems[0]


def test_data_handed_to_python_is_a_hidden_loop_where_loops_are_banned():
    spec = SPECS["sum_positive_entries"]
    case = Case("notebook", (torch.zeros(4, dtype=torch.int64),), note="n")
    many = traced("torch.Tensor.tolist", self_numel=4)
    problems, _ = violations(spec, spec.rules, [case], [many], FunctionReport("f", True))
    assert "turns a tensor of 4 values into Python data with .tolist()" in problems[0]
    one = traced("torch.Tensor.tolist", self_numel=1)  # a scalar, like .item()
    assert violations(spec, spec.rules, [case], [one], FunctionReport("f", True))[0] == []  # fmt: skip


def test_slice_assignment_values_must_be_integers():
    spec = SPECS["slice_assignment_practice"]
    case = Case("notebook", (torch.zeros(5, 7),), note="n")
    key = {"type": "tuple", "items": [["slice", 2]]}
    good = traced("torch.Tensor.__setitem__", arg_types=["torch.Tensor", key, "int"])
    bad = traced("torch.Tensor.__setitem__", arg_types=["torch.Tensor", key, "torch.Tensor"])
    assert violations(spec, spec.rules, [case], [good], FunctionReport("f", True))[0] == []  # fmt: skip
    problems, _ = violations(spec, spec.rules, [case], [bad], FunctionReport("f", True))
    assert "assigns a torch.Tensor" in problems[0]


def test_memory_rules_use_the_largest_non_view_output():
    spec = SPECS["challenge_get_uniques"]
    case = Case("memory", (torch.zeros(10, dtype=torch.int64),), note="m")
    big = Outcome("c", "ok", ops=[{"name": "torch.Tensor.eq", "max_out_numel": 100}])
    view = Outcome("c", "ok", ops=[{"name": "torch.Tensor.expand", "max_out_numel": 100}])
    assert "100 elements" in violations(spec, spec.rules, [case], [big], FunctionReport("f", True))[0][0]  # fmt: skip
    assert violations(spec, spec.rules, [case], [view], FunctionReport("f", True))[0] == []  # fmt: skip


def test_half_credit_for_unique():
    spec = SPECS["challenge_get_uniques"]
    case = Case("random", (torch.zeros(3, dtype=torch.int64),))
    _, half = violations(spec, spec.rules, [case], [traced("torch.functional.unique")], FunctionReport("f", True))  # fmt: skip
    assert half


@pytest.mark.parametrize(
    ("ops", "on_gpu", "words"),
    [
        ([("torch.Tensor.mm", False)], [False], "never moves"),
        ([("torch.Tensor.cuda", False), ("torch.Tensor.mm", True)], [True], "on the GPU"),
        (
            [("torch.Tensor.mm", False), ("torch.Tensor.cuda", False), ("torch.Tensor.cpu", True)],
            [False],
            "multiplies on the CPU",
        ),  # fmt: skip
        (
            [("torch.Tensor.cuda", False), ("torch.Tensor.mm", True), ("torch.Tensor.cpu", True)],
            [False],
            None,
        ),  # fmt: skip
    ],
)
def test_gpu_round_trip_evidence_on_the_emulated_gpu(ops, on_gpu, words):
    outcome = Outcome("c", "ok", on_fake_gpu=on_gpu, ops=[{"name": n, "fake_gpu": g} for n, g in ops])  # fmt: skip
    problem = _gpu_problem(outcome, emulated=True)
    assert (problem is None) if words is None else (words in problem)


# --- statuses --------------------------------------------------------------------------------


def verdict(outcomes, *, spec="create_tensor_of_pi", static=None, **kwargs):
    s = SPECS[spec]
    cases = [Case("random", (2, 3)) for _ in outcomes]
    expected = [torch.full((2, 3), 3.14) for _ in outcomes]
    return J.judge(s, "2022", cases, expected, outcomes, static or FunctionReport(s.name, True, 1), **kwargs)  # fmt: skip


GOOD = Outcome("c", "ok", value=torch.full((2, 3), 3.14), value_type="torch.Tensor", args_after=[2, 3])  # fmt: skip


def test_status_pass_fail_error_timeout():
    assert verdict([GOOD, GOOD]).status == "pass"
    wrong = Outcome("c", "ok", value=torch.zeros(2, 3), value_type="torch.Tensor", args_after=[2, 3])  # fmt: skip
    assert verdict([GOOD, wrong]).status == "fail"
    where = {"file": "pytorch101.py", "line": 7, "function": "f", "code": 'raise ValueError("bad")'}
    record = failure.check({"type": "ValueError", "message": "bad", "frames": [where]})
    raised = Outcome("c", "raised", exception=record)
    v = verdict([raised])
    assert v.status == "error" and "ValueError: bad (pytorch101.py, line 7: raise ValueError(\"bad\"))" in v.messages[0]  # fmt: skip
    timeout = Outcome.failed("c", "timeout", "took 6.0 s; the limit is 5 s")
    assert verdict([GOOD, timeout]).status == "timeout"


def test_not_implemented_three_ways():
    assert verdict([], static=FunctionReport("create_tensor_of_pi")).status == "not_implemented"
    stub = FunctionReport("create_tensor_of_pi", True, 3, stub=True)
    assert "stub" in verdict([], static=stub).messages[0]
    nie = Outcome("c", "raised", exception=errors.describe(NotImplementedError(), "pytorch101.py"))
    assert verdict([nie, nie]).status == "not_implemented"


def test_rule_credit_is_configurable():
    static = FunctionReport("create_tensor_of_pi", True, 1, findings=[Finding("forbidden", 2, "line 2: x")])  # fmt: skip
    assert verdict([GOOD], static=static).status == "fail"
    v = verdict([GOOD], static=static, credits=J.Credits(rule_violation=0.5))
    assert (v.status, v.credit) == ("partial", 0.5)
    assert "breaks the rule" in v.messages[1]


def test_an_import_failure_says_so():
    crashed = Outcome.failed("c", "crashed", errors.describe(NameError("name 'np' is not defined"), "", importing=True))  # fmt: skip
    v = verdict([crashed])
    assert v.status == "error" and "cannot be imported" in v.messages[0]


@pytest.mark.parametrize(
    ("ops", "words"),
    [
        (
            [("torch.Tensor.cuda", False), ("torch.Tensor.mm", True), ("torch.Tensor.cpu", True)],
            None,
        ),  # fmt: skip
        (
            [("torch.Tensor.cuda", False), ("torch.Tensor.cpu", True), ("torch.Tensor.mm", False)],
            "multiplies on the CPU",
        ),  # fmt: skip
        ([("torch.Tensor.mm", False)], "never moves"),
        # .to(device) with a device in a variable: the log shows the product on the GPU
        ([("torch.Tensor.to", False), ("torch.Tensor.mm", True), ("torch.Tensor.cpu", True)], None),
        ([("torch.Tensor.to", False), ("torch.Tensor.mm", False)], "never moves"),
    ],
)
def test_gpu_round_trip_evidence_on_a_real_gpu(ops, words):
    # On a real device the worker flags ops whose inputs were on the GPU with "gpu".
    outcome = Outcome("c", "ok", ops=[{"name": n, "gpu": g} for n, g in ops])
    problem = _gpu_problem(outcome, emulated=False)
    assert (problem is None) if words is None else (words in problem)


def test_a_timeout_that_stops_the_run_does_not_count_the_cases_that_never_ran():
    s = SPECS["create_tensor_of_pi"]
    cases = [Case("random", (2, 3)) for _ in range(5)]
    expected = [torch.full((2, 3), 3.14) for _ in cases]
    timeout = Outcome.failed("c", "timeout", "took 6.0 s; the limit is 5 s")
    v = J.judge(s, "2022", cases, expected, [GOOD, timeout], FunctionReport(s.name, True, 1))
    assert v.status == "timeout"
    assert v.messages[0].startswith("1 of the first 2 cases failed; the first: ")
    assert v.messages[1] == "stopped after 2 of 5 cases (a timeout or crash ends the run): 3 did not run"  # fmt: skip
    assert v.summary.endswith("; 3 cases not run") and "of 5 cases failed" not in v.summary
    alone = J.judge(s, "2022", cases, expected, [timeout], FunctionReport(s.name, True, 1))
    assert alone.messages[0].startswith("the first case failed: ")


# --- the GPU round trip's products (regressions: torch.mm resolved as spmm; two _PRODUCTS) ---


def _gpu_log(*ops: tuple[str, bool]) -> Outcome:
    logged = [{"name": name, "fake_gpu": True} if gpu else {"name": name} for name, gpu in ops]
    return Outcome("g", "ok", value=torch.ones(1), ops=logged, on_fake_gpu=[False])


@pytest.mark.parametrize("product", ["torch.spmm", "torch.mm", "torch.Tensor.mm", "torch.addmm", "torch._C._nn.linear", "torch.matmul"])  # fmt: skip
def test_a_product_on_the_cpu_beside_gpu_copies_fails_the_round_trip(product):
    # Both inputs moved to the (emulated) GPU and used there, then the product taken on the CPU.
    cheat = _gpu_log(("torch.Tensor.cuda", False), ("torch.Tensor.cuda", False),
                     ("torch.Tensor.sum", True), (product, False))  # fmt: skip
    assert "multiplies on the CPU" in _gpu_problem(cheat, emulated=True)
    honest = _gpu_log(("torch.Tensor.cuda", False), ("torch.Tensor.cuda", False),
                      (product, True), ("torch.Tensor.cpu", True))  # fmt: skip
    assert _gpu_problem(honest, emulated=True) is None


def test_torch_mm_by_its_resolved_name_is_mm():
    from torch101.grader import ops

    assert ops.canonical(torch.overrides.resolve_name(torch.mm)) == "mm"


# --- the summary, set where the status is decided -----------------------------------------------


def test_each_status_sets_its_summary_where_it_is_decided():
    assert verdict([GOOD, GOOD]).summary == "right on all 2 cases (2 random)"
    rule = Finding("forbidden", 2, "line 2: at run time it uses torch.full, which at run time it may not")  # fmt: skip
    v = verdict([GOOD], static=FunctionReport("create_tensor_of_pi", True, 1, findings=[rule]))
    assert v.status == "fail" and v.messages[1].startswith("breaks the rule: ")
    assert v.summary == "line 2: uses torch.full, which at run time it may not"  # the first only
    policy = Finding("policy", 3, "line 3: uses os.system; the grader's policy")
    v = verdict([GOOD], static=FunctionReport("create_tensor_of_pi", True, 1, findings=[policy]))
    assert (v.status, v.summary) == ("fail", "uses os.system; the grader's policy")
    half = Finding("half_credit", 4, "line 4: uses torch.unique", penalty=False)
    v = verdict([GOOD], static=FunctionReport("create_tensor_of_pi", True, 1, findings=[half]))
    assert (v.status, v.summary) == ("partial", "right on all 1 cases; torch.unique: half credit")


def test_a_rule_broken_after_a_0d_note_keeps_the_note_as_its_summary():
    s = SPECS["count_negative_entries"]
    cases = [Case("random", (torch.tensor([-1, 2]),))]
    zero_d = Outcome("c", "ok", value=torch.tensor(1), value_type="torch.Tensor", args_after=[torch.tensor([-1, 2])])  # fmt: skip
    loop = FunctionReport(s.name, True, 1, findings=[Finding("loop", 2, "line 2: a for loop")])
    v = J.judge(s, "2020", cases, [1], [zero_d], loop)
    assert v.status == "fail" and v.messages[1] == J._INT_AS_0D
    assert v.summary == J._INT_AS_0D  # as before: the first message after "right on all"


def test_a_subclass_of_not_implemented_error_is_not_implemented_and_prose_is_not():
    class Later(NotImplementedError):
        pass

    later = Outcome("c", "raised", exception=errors.describe(Later("soon"), ""))
    assert verdict([later, later]).status == "not_implemented"
    said = Outcome.failed("c", "crashed", "NotImplementedError: a fault's words are not a type")
    assert verdict([said]).status == "error"


def test_a_cuda_error_on_the_emulated_gpu_is_read_from_the_record():
    s = SPECS["mm_on_gpu"]
    cases = [Case("random", (torch.ones(2, 2), torch.ones(2, 2)))]
    where = {"file": "pytorch101.py", "line": 3, "function": "mm_on_gpu", "code": "return x.cuda().mm(w.cuda()).cpu() + nope"}  # fmt: skip
    name_error = failure.check({"type": "NameError", "message": "name 'nope' is not defined", "frames": [where]})  # fmt: skip
    v = J.judge(s, "2022", cases, [torch.ones(2, 2)], [Outcome("c", "raised", exception=name_error)], FunctionReport(s.name, True, 1))  # fmt: skip
    assert (
        "this code failed on it (NameError: name 'nope' is not defined (pytorch101.py, line 3: "
        "return x.cuda().mm(w.cuda()).cpu() + nope)); on a real GPU" in v.messages[-1]
    )
    mixed = failure.check({"type": "RuntimeError", "message": "Expected all tensors to be on the same device, cuda:0 and cpu", "frames": [where]})  # fmt: skip
    v = J.judge(s, "2022", cases, [torch.ones(2, 2)], [Outcome("c", "raised", exception=mixed)], FunctionReport(s.name, True, 1))  # fmt: skip
    assert v.messages[-1] == "no CUDA device here: the GPU was emulated"
