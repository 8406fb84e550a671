"""The assignment's rules, checked cheaply on the reference itself.

Static: the syntax tree of each function (no loops where forbidden, no forbidden names, one
indexing operation, at most six slice assignments of integers, reshaping calls only, ...).
Dynamic: a dispatch mode that sees every tensor op, to show that op counts do not grow with
the input (no hidden loop) and that no intermediate is larger than the input.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable

import pytest
import torch
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_leaves

from torch101 import reference as R
from torch101.reference import _checks

ALL_FUNCTIONS = sorted(set(R.TEMPLATES["2020"].functions) | set(R.TEMPLATES["2022"].functions))
# Only these may loop: mutate_tensor (no rule), and the loop versions of batched matmul.
MAY_LOOP = {"mutate_tensor", "batched_matrix_multiply", "batched_matrix_multiply_loop"}
LOOPS = (
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)
HIDDEN_LOOPS = {"map", "filter", "reduce", "starmap", "eval", "exec", "getattr", "__import__"}
FORBIDDEN = {
    "numel",
    "nelement",
    "flip",
    "fliplr",
    "flipud",
    "mean",
    "nanmean",
    "std",
    "var",
    "std_mean",
    "var_mean",
    "unique",
    "unique_consecutive",
}
# Read-only functions: no in-place method, item assignment or augmented assignment on an argument.
MUTATORS = {"mutate_tensor", "slice_assignment_practice"}


def tree_of(fn: Callable) -> ast.FunctionDef:
    node = ast.parse(textwrap.dedent(inspect.getsource(fn))).body[0]
    assert isinstance(node, ast.FunctionDef)
    return node


def body_nodes(fn: Callable) -> list[ast.AST]:
    """Every node of the function's body, docstring and signature left out."""
    tree = tree_of(fn)
    return [n for stmt in tree.body for n in ast.walk(stmt)]


def names_used(nodes) -> set[str]:
    used = set()
    for n in nodes:
        if isinstance(n, ast.Name):
            used.add(n.id)
        elif isinstance(n, ast.Attribute):
            used.add(n.attr)
    return used


def is_on(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def subscripts_of(nodes, name: str) -> list[ast.Subscript]:
    return [n for n in nodes if isinstance(n, ast.Subscript) and is_on(n.value, name)]


def validation_free(fn: Callable) -> list[ast.AST]:
    """Body nodes without the `check_*` calls and `if ...: raise` guards (validation)."""
    kept = []
    for stmt in tree_of(fn).body:
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            continue  # docstring
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            f = stmt.value.func
            if isinstance(f, ast.Name) and f.id.startswith("check_"):
                continue
        if isinstance(stmt, ast.If) and all(isinstance(s, ast.Raise) for s in stmt.body):
            continue
        kept.extend(ast.walk(stmt))
    return kept


# ---------------------------------------------------------------- loops and names


@pytest.mark.parametrize("name", sorted(set(ALL_FUNCTIONS) - MAY_LOOP))
def test_no_loop_or_comprehension(name) -> None:
    nodes = body_nodes(getattr(R, name))
    found = [type(n).__name__ for n in nodes if isinstance(n, LOOPS)]
    assert not found, f"{name} contains {found}"
    assert not names_used(nodes) & HIDDEN_LOOPS


@pytest.mark.parametrize("name", ["batched_matrix_multiply", "batched_matrix_multiply_loop"])
def test_exactly_one_loop_in_the_loop_versions(name) -> None:
    nodes = body_nodes(getattr(R, name))
    assert [type(n) for n in nodes if isinstance(n, LOOPS)] == [ast.For]


@pytest.mark.parametrize("name", ALL_FUNCTIONS)
def test_no_forbidden_name(name) -> None:
    assert not names_used(body_nodes(getattr(R, name))) & FORBIDDEN


def test_validation_helpers_use_no_forbidden_name() -> None:
    """The helpers are exported with the solution, so they obey the same list."""
    tree = ast.parse(inspect.getsource(_checks))
    assert not names_used(ast.walk(tree)) & FORBIDDEN


@pytest.mark.parametrize("name", sorted(set(ALL_FUNCTIONS) - MUTATORS))
def test_read_only_functions_do_not_write_their_arguments(name) -> None:
    fn = getattr(R, name)
    args = set(inspect.signature(fn).parameters)
    for n in body_nodes(fn):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute):
            target = n.func.value
            assert not (
                isinstance(target, ast.Name) and target.id in args and n.func.attr.endswith("_")
            ), f"{name} calls {n.func.attr} on its argument"
            assert not any(
                k.arg == "out" and isinstance(k.value, ast.Name) and k.value.id in args
                for k in n.keywords
            )
        if isinstance(n, (ast.Assign, ast.AugAssign)):
            targets = n.targets if isinstance(n, ast.Assign) else [n.target]
            for t in targets:
                assert not (
                    isinstance(t, ast.Subscript)
                    and isinstance(t.value, ast.Name)
                    and t.value.id in args
                )
                assert not (
                    isinstance(n, ast.AugAssign) and isinstance(t, ast.Name) and t.id in args
                )


# ---------------------------------------------------------------- indexing rules


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("shuffle_cols", 1),
        ("reverse_rows", 1),
        ("take_one_elem_per_col", 1),
        ("slice_indexing_practice", 4),
        ("sum_positive_entries", 1),
        ("count_negative_entries", 1),
    ],
)
def test_single_indexing_operation_on_the_input(name, count) -> None:
    nodes = validation_free(getattr(R, name))
    assert len(subscripts_of(nodes, "x")) == count


def test_slice_indexing_practice_returns_four_single_slices() -> None:
    nodes = validation_free(R.slice_indexing_practice)
    assigns = [n for n in nodes if isinstance(n, ast.Assign)]
    assert len(assigns) == 4
    for a in assigns:
        assert isinstance(a.value, ast.Subscript) and is_on(a.value.value, "x")
    # Slices only (a view), no integer-array index.
    for s in subscripts_of(nodes, "x"):
        parts = s.slice.elts if isinstance(s.slice, ast.Tuple) else [s.slice]
        assert all(isinstance(p, (ast.Slice, ast.Constant, ast.UnaryOp)) for p in parts)
        assert any(isinstance(p, ast.Slice) for p in parts)


@pytest.mark.parametrize("name", ["sum_positive_entries", "count_negative_entries"])
def test_single_comparison(name) -> None:
    nodes = validation_free(getattr(R, name))
    compares = [n for n in nodes if isinstance(n, ast.Compare)]
    assert len(compares) == 1 and len(compares[0].ops) == 1 and is_on(compares[0].left, "x")


def test_slice_assignment_practice_at_most_six_slice_assignments_of_integers() -> None:
    nodes = validation_free(R.slice_assignment_practice)
    assigns = [n for n in nodes if isinstance(n, ast.Assign)]
    assert 1 <= len(assigns) <= 6
    for a in assigns:
        (target,) = a.targets
        assert isinstance(target, ast.Subscript) and is_on(target.value, "x")
        parts = target.slice.elts if isinstance(target.slice, ast.Tuple) else [target.slice]
        assert any(isinstance(p, ast.Slice) for p in parts)
        assert isinstance(a.value, ast.Constant) and type(a.value.value) is int
    # Nothing else touches x: no calls besides validation, no reads of x's data.
    assert not [n for n in nodes if isinstance(n, ast.Call)]
    assert not [n for n in nodes if isinstance(n, (ast.AugAssign, ast.For))]


def test_slice_assignment_practice_writes_every_cell_of_the_block() -> None:
    """The assignments together cover the whole 4 x 6 block (none of it is left unwritten)."""
    x = torch.full((4, 6), -1)
    R.slice_assignment_practice(x)
    assert (x >= 0).all()


# ---------------------------------------------------------------- reshaping and allowed ops

RESHAPE_OPS = {
    "view", "reshape", "transpose", "permute", "t", "contiguous", "flatten", "unflatten",
    "swapaxes", "swapdims", "movedim", "moveaxis", "squeeze", "unsqueeze", "view_as", "reshape_as",
}  # fmt: skip


def test_reshape_practice_only_reshaping_calls() -> None:
    nodes = validation_free(R.reshape_practice)
    calls = [n for n in nodes if isinstance(n, ast.Call)]
    assert calls
    for c in calls:
        assert isinstance(c.func, ast.Attribute) and c.func.attr in RESHAPE_OPS, ast.unparse(c)
    assert not [n for n in nodes if isinstance(n, (ast.BinOp, ast.Subscript, ast.Compare))]


def test_normalize_columns_only_allowed_operations() -> None:
    nodes = validation_free(R.normalize_columns)
    allowed_ops = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
    for n in nodes:
        if isinstance(n, ast.BinOp):
            assert isinstance(n.op, allowed_ops), ast.unparse(n)
        if isinstance(n, ast.Call):
            assert isinstance(n.func, ast.Attribute), ast.unparse(n)
            assert n.func.attr in {"sum", "sqrt"} | RESHAPE_OPS, ast.unparse(n)
        if isinstance(n, ast.Subscript):  # only x.shape[0], metadata
            assert isinstance(n.value, ast.Attribute) and n.value.attr == "shape"
        assert not isinstance(n, (ast.Compare, ast.IfExp, ast.BoolOp))


def test_batched_matrix_multiply_noloop_is_a_single_operator() -> None:
    nodes = validation_free(R.batched_matrix_multiply_noloop)
    calls = [ast.unparse(n.func) for n in nodes if isinstance(n, ast.Call)]
    assert calls == ["torch.bmm"]


def test_mm_on_gpu_moves_with_cuda_and_returns_with_cpu() -> None:
    nodes = validation_free(R.mm_on_gpu)
    attrs = [
        n.func.attr for n in nodes if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
    ]
    assert attrs.count("cuda") == 2 and "cpu" in attrs and "to" not in attrs


def test_zero_row_min_clones_before_writing() -> None:
    nodes = validation_free(R.zero_row_min)
    attrs = [
        n.func.attr for n in nodes if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
    ]
    assert "clone" in attrs and "argmin" in attrs


# ---------------------------------------------------------------- challenges

FACTORIES = {
    "tensor", "as_tensor", "arange", "zeros", "ones", "empty", "full", "eye", "linspace",
    "rand", "randn", "randint", "randperm",
}  # fmt: skip


@pytest.mark.parametrize(
    "fn", [R.challenge_mean_tensors, R.challenge_get_uniques, _checks.check_segments]
)
def test_challenges_create_no_cpu_only_tensor(fn) -> None:
    """A factory call without device= would put a constant on the CPU next to CUDA inputs."""
    for n in body_nodes(fn):
        if isinstance(n, ast.Call) and ast.unparse(n.func).split(".")[-1] in FACTORIES:
            assert "torch" in ast.unparse(n.func) and any(k.arg == "device" for k in n.keywords), (
                ast.unparse(n)
            )


@pytest.mark.parametrize("fn", [R.challenge_mean_tensors, _checks.check_segments])
def test_challenge_mean_tensors_does_not_pad(fn) -> None:
    assert not names_used(body_nodes(fn)) & {
        "pad",
        "pad_sequence",
        "stack",
        "max",
        "amax",
        "nested",
    }


class OpLog(TorchDispatchMode):
    """Count the tensor ops and remember the largest tensor any op produced."""

    def __init__(self) -> None:
        super().__init__()
        self.ops = 0
        self.largest = 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        self.ops += 1
        for t in tree_leaves(out):
            if isinstance(t, torch.Tensor):
                self.largest = max(self.largest, t.numel())
        return out


def _log(fn, *args) -> OpLog:
    with OpLog() as log:
        fn(*args)
    return log


def _ragged(n: int, gen: torch.Generator):
    ls = torch.randint(1, 20, (n,), generator=gen)
    return [torch.randn(int(k), generator=gen) for k in ls], ls


CONSTANT_OPS = {
    "make_one_hot": lambda n, g: ([int(v) for v in torch.randint(0, 9, (n,), generator=g)],),
    "zero_row_min": lambda n, g: (torch.randn(n, 7, generator=g),),
    "normalize_columns": lambda n, g: (torch.randn(n, 7, generator=g),),
    "sum_positive_entries": lambda n, g: (torch.randint(-9, 9, (n, 3), generator=g),),
    "count_negative_entries": lambda n, g: (torch.randn(n, 3, generator=g),),
    "reverse_rows": lambda n, g: (torch.randn(n, 3, generator=g),),
    "batched_matrix_multiply_noloop": lambda n, g: (torch.randn(n, 2, 3, generator=g), torch.randn(n, 3, 2, generator=g)),
    "challenge_mean_tensors": _ragged,
    "challenge_get_uniques": lambda n, g: (torch.randint(0, 5, (n,), generator=g),),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(CONSTANT_OPS))
def test_op_count_does_not_grow_with_the_input(name) -> None:
    """A hidden Python loop over elements would show as more tensor ops for a larger input."""
    gen = torch.Generator().manual_seed(0)
    small = _log(getattr(R, name), *CONSTANT_OPS[name](8, gen)).ops
    large = _log(getattr(R, name), *CONSTANT_OPS[name](300, gen)).ops
    assert small == large


def test_batched_loop_op_count_grows_with_the_batch() -> None:
    """The loop version really loops: one product per batch element."""
    gen = torch.Generator().manual_seed(0)
    logs = [
        _log(
            R.batched_matrix_multiply_loop,
            torch.randn(b, 2, 3, generator=gen),
            torch.randn(b, 3, 2, generator=gen),
        ).ops
        for b in (2, 5)
    ]
    assert logs[1] - logs[0] >= 3


def test_challenge_get_uniques_makes_no_tensor_larger_than_its_input() -> None:
    x = torch.randperm(5000)  # all distinct: the largest outputs
    assert _log(R.challenge_get_uniques, x).largest <= x.shape[0]


def test_challenge_mean_tensors_makes_no_padded_tensor() -> None:
    lengths = [1, 5000, 1, 2, 3]
    xs = [torch.ones(k) for k in lengths]
    assert _log(R.challenge_mean_tensors, xs, torch.tensor(lengths)).largest <= sum(lengths)
