"""What each function of pytorch101.py is graded on: contract, tolerance, rules and cases.

For each function: its contract, its float tolerance (and why), its rules as the assignment
states them, and the cases it runs (`torch101.grader.cases`).

The expected outputs come from `torch101.reference`, computed in the trusted parent. Each rule
is an object of `rules/`, checked twice: statically on the syntax tree (friendly messages with
line numbers) and at run time from the log of torch calls (the verdict, see `judge.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import torch

from torch101.grader import cases as _cases
from torch101.grader.rules import (
    Comparisons,
    Forbidden,
    GpuRoundTrip,
    HalfCredit,
    Indexing,
    InTorch,
    LoopSwitch,
    MaxNumel,
    NoLoops,
    OneLine,
    OneLoop,
    Only,
    ReshapeSubscripts,
    Rules,
    SliceAssignments,
)
from torch101.reference import TEMPLATES

__all__ = [
    "Contract",
    "FunctionSpec",
    "Rules",
    "SPECS",
    "Tolerance",
    "graded_functions",
]


@dataclass(frozen=True)
class Tolerance:
    """Per floating dtype (rtol, atol); integers, bools and unlisted dtypes compare exactly."""

    float32: tuple[float, float] = (0.0, 0.0)
    float64: tuple[float, float] = (0.0, 0.0)
    why: str = "no arithmetic: the values are copied, so they must match exactly"

    def for_dtype(self, dtype: torch.dtype) -> tuple[float, float]:
        if dtype == torch.float32:
            return self.float32
        if dtype == torch.float64:
            return self.float64
        return (0.0, 0.0)


EXACT = Tolerance()
BMM = Tolerance(  # the three batched products (2020's switch, 2022's loop and no-loop)
    (1e-5, 1e-5),
    (1e-12, 1e-12),
    why="the same sums in another order differ by a few ulps (inner size <= 6, "
    "|x|, |y| ~ randn); integers compare exactly",
)


@dataclass(frozen=True)
class Contract:
    mutates: bool = False  # writes into its first argument and returns that very object
    views: bool = False  # every output tensor is a view of the first argument (shares storage)
    new_tensor: bool = False  # the output must be a new tensor, not the input object
    any_dtype: bool = False  # the assignment states no output dtype: any real dtype is accepted
    # A 0-d integer tensor where a Python int is asked for passes, with a note, because the
    # template's own check (`== 2`) accepts it and the docstring only says "Integer" (not --strict)
    int_or_0d: bool = False


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    templates: frozenset[str]
    make_cases: Callable[[_cases.Gen, int], list[_cases.Case]]
    contract: Contract = field(default_factory=Contract)
    tolerance: Tolerance = EXACT
    rules: Rules = field(default_factory=Rules)
    rules_2020: Rules | None = None  # Fall 2020 differs
    oracle: str | None = None  # reference function giving the expected output (default: name)
    unordered_uniques: bool = False  # challenge_get_uniques: any order of the (value, index) pairs

    def rules_for(self, template: str) -> Rules:
        return self.rules_2020 if template == "2020" and self.rules_2020 is not None else self.rules


_RESHAPE_OPS = frozenset(
    {
        "view", "view_as", "reshape", "reshape_as", "t", "T", "mT", "transpose", "permute",
        "movedim", "contiguous", "flatten", "unflatten", "squeeze", "unsqueeze", "clone", "detach",
    }
)  # fmt: skip
# Making constants and moving them to x's dtype or device computes nothing: allowed too.
_CONSTANTS = frozenset(
    {
        "tensor", "as_tensor", "zeros", "ones", "full", "zeros_like", "ones_like", "full_like",
        "new_tensor", "new_zeros", "new_ones", "new_full", "to", "type_as",
    }
)  # fmt: skip
# square is ** 2, reciprocal is 1 / x, rsqrt is 1 / sqrt: other spellings of allowed ops.
_NORMALIZE_OPS = _RESHAPE_OPS | _CONSTANTS | {
    "add", "sub", "mul", "div", "pow", "sqrt", "sum", "neg", "positive",
    "square", "reciprocal", "rsqrt",
    "expand", "expand_as", "broadcast_to", "repeat", "__getitem__",
}  # fmt: skip

_NORMALIZE_WHAT = "+, -, *, /, **, sqrt, sum and reshaping"
_NO_LOOPS = "no explicit loops or comprehensions (map, filter, reduce and recursion count too)"

_SPECS = [
    FunctionSpec(
        "create_sample_tensor",
        frozenset({"2020", "2022"}),
        _cases.create_sample_tensor,
        contract=Contract(any_dtype=True),
    ),
    FunctionSpec(
        "mutate_tensor",
        frozenset({"2020", "2022"}),
        _cases.mutate_tensor,
        contract=Contract(mutates=True),
    ),
    FunctionSpec(
        "count_tensor_elements",
        frozenset({"2020", "2022"}),
        _cases.count_tensor_elements,
        rules=Rules(
            "You CANNOT use the built-in functions torch.numel(x) or x.numel()",
            Forbidden("numel", "nelement"),
        ),
    ),
    FunctionSpec(
        "create_tensor_of_pi",
        frozenset({"2020", "2022"}),
        _cases.create_tensor_of_pi,
        # No dtype is stated and the notebook's (x == 3.14).all() holds in float64 too; an
        # integer dtype still fails on the values (3, not 3.14).
        contract=Contract(any_dtype=True),
        rules=Rules("it should take one line", OneLine()),
    ),
    FunctionSpec(
        "multiples_of_ten",
        frozenset({"2020", "2022"}),
        _cases.multiples_of_ten,
    ),
    FunctionSpec(
        "slice_indexing_practice",
        frozenset({"2020", "2022"}),
        _cases.slice_indexing_practice,
        contract=Contract(views=True),
        # x[:, 2].unsqueeze(1) is a slice and a reshape: two operations, where x[:, 2:3] (or
        # x[:, 2, None]) is one. The point of third_col's (M, 1) shape is that lesson.
        rules=Rules(
            "each output must come from a single slice indexing operation on the input",
            Indexing(4, 4),
            Only(
                frozenset({"__getitem__"}),
                "one slice indexing operation x[...] per output (x[:, 2:3] keeps a column 2-D "
                "in one slice)",
            ),
        ),
    ),
    FunctionSpec(
        "slice_assignment_practice",
        frozenset({"2020", "2022"}),
        _cases.slice_assignment_practice,
        contract=Contract(mutates=True),
        rules=Rules(
            "mutate x only by slice assignment of integers, using at most 6 slicing operations",
            SliceAssignments(6),
            Only(frozenset({"__setitem__"}), "slice assignments of integers (x[...] = 3)"),
        ),
    ),
    FunctionSpec(
        "shuffle_cols",
        frozenset({"2020", "2022"}),
        _cases.shuffle_cols,
        rules=Rules("use a single integer array indexing operation", Indexing(1, 1)),
    ),
    FunctionSpec(
        "reverse_rows",
        frozenset({"2020", "2022"}),
        _cases.reverse_rows,
        rules=Rules(
            "use a single integer array indexing operation; you may not use torch.flip",
            Forbidden("flip", "flipud", "fliplr"),
            Indexing(1, 1),
        ),
        rules_2020=Rules("use a single integer array indexing operation", Indexing(1, 1)),
    ),
    FunctionSpec(
        "take_one_elem_per_col",
        frozenset({"2020", "2022"}),
        _cases.take_one_elem_per_col,
        rules=Rules("access the input's data with a single indexing operation", Indexing(1, 1)),
    ),
    FunctionSpec(
        "make_one_hot",
        frozenset({"2020", "2022"}),
        _cases.make_one_hot,
        rules=Rules(_NO_LOOPS, NoLoops()),
        rules_2020=Rules(),
    ),
    FunctionSpec(
        "sum_positive_entries",
        frozenset({"2022"}),
        _cases.sum_positive_entries,
        rules=Rules(
            "a single comparison and a single indexing operation on the input; " + _NO_LOOPS,
            NoLoops(),
            Indexing(0, 1),
            InTorch(),
            Comparisons(1),
        ),
    ),
    FunctionSpec(
        "count_negative_entries",
        frozenset({"2020"}),
        _cases.count_negative_entries,
        rules=Rules(
            "a single indexing operation on the input; no explicit loops",
            NoLoops(),
            Indexing(0, 1),
            InTorch(),
        ),
        contract=Contract(int_or_0d=True),
    ),
    FunctionSpec(
        "reshape_practice",
        frozenset({"2020", "2022"}),
        _cases.reshape_practice,
        rules=Rules(
            "only reshaping operations (view, t, transpose, permute, contiguous, reshape, ...)",
            Only(_RESHAPE_OPS, "reshaping operations (view, reshape, transpose, permute, contiguous, ...)"),
        ),
    ),
    FunctionSpec(
        "zero_row_min",
        frozenset({"2020", "2022"}),
        _cases.zero_row_min,
        contract=Contract(new_tensor=True),
        # Ties: "set each row's minimum to 0" may zero the first minimum (argmin, the hint) or
        # every one; both readings are fair, so the cases give every row a single minimum.
        rules=Rules(_NO_LOOPS, NoLoops(), InTorch()),
    ),
    FunctionSpec(
        "batched_matrix_multiply",
        frozenset({"2020"}),
        _cases.batched_matrix_multiply,
        tolerance=BMM,
        rules=Rules(
            "use_loop=True: a single explicit loop over B; use_loop=False: a single PyTorch operator, no loop",
            LoopSwitch("use_loop"),
        ),
    ),
    FunctionSpec(
        "batched_matrix_multiply_loop",
        frozenset({"2022"}),
        _cases.batched_matrix_multiply_loop,
        tolerance=BMM,
        rules=Rules("use a single explicit loop over B", OneLoop()),
    ),
    FunctionSpec(
        "batched_matrix_multiply_noloop",
        frozenset({"2022"}),
        _cases.batched_matrix_multiply_noloop,
        tolerance=BMM,
        rules=Rules(_NO_LOOPS, NoLoops(), InTorch()),
    ),
    FunctionSpec(
        "normalize_columns",
        frozenset({"2020", "2022"}),
        _cases.normalize_columns,
        contract=Contract(new_tensor=True),
        tolerance=Tolerance(
            (1e-4, 1e-5),
            (1e-10, 1e-12),
            why="outputs are O(1) after standardising; mean and std computed with other "
            "summation orders (or the one-pass variance on inputs whose offset is within a few "
            "std) stay within 1e-5 in float32, while the biased std is off by a factor "
            "sqrt(M / (M - 1)) >= 1.03 for M <= 16",
        ),
        rules=Rules(
            "only +, -, *, /, **, sqrt, the sum reduction and reshaping for broadcasting; "
            "you cannot use torch.mean, torch.std, x.mean or x.std; " + _NO_LOOPS,
            NoLoops(),
            Forbidden("mean", "std", "var", "std_mean", "var_mean", "nanmean"),
            InTorch(),
            ReshapeSubscripts(_NORMALIZE_WHAT),
            Only(_NORMALIZE_OPS, _NORMALIZE_WHAT),
        ),
    ),
    FunctionSpec(
        "mm_on_gpu",
        frozenset({"2020", "2022"}),
        _cases.mm_on_gpu,
        oracle="mm_on_cpu",
        tolerance=Tolerance(
            (1e-3, 1e-4),
            (1e-10, 1e-10),
            why="a GPU may multiply float32 with TF32 tensor cores (10-bit mantissa, relative "
            "error ~5e-4); a wrong product is off by O(1)",
        ),
        rules=Rules(
            "move x and w to the GPU with .cuda(), multiply there, return the result on the CPU",
            GpuRoundTrip(),
        ),
    ),
    FunctionSpec(
        "challenge_mean_tensors",
        frozenset({"2022"}),
        _cases.challenge_mean_tensors,
        # "No output dtype is stated": float64 means of float32 inputs are as right as float32
        # ones (they are more accurate); values are compared within the tolerance below.
        contract=Contract(any_dtype=True),
        tolerance=Tolerance(
            (1e-4, 5e-5),
            (1e-10, 1e-12),
            why="means of up to 2000 values of size ~5: a cumulative-sum solution (correct, "
            "and O(total) memory) rounds its running total; on the memory case (200 segments) "
            "that is up to 2.3e-5 absolute on a mean near 0 (3000 seeds measured), so atol "
            "5e-5; a wrong denominator (K + 1, max K, N) is off by more than 5%",
        ),
        rules=Rules(_NO_LOOPS + "; no padding to an N x max(K) tensor", NoLoops(), MaxNumel("segments")),
    ),
    FunctionSpec(
        "challenge_get_uniques",
        frozenset({"2022"}),
        _cases.challenge_get_uniques,
        unordered_uniques=True,
        rules=Rules(
            _NO_LOOPS + "; O(N) memory: no new tensor larger than the input; "
            "torch.unique gives half credit",
            NoLoops(),
            HalfCredit("unique", "unique_consecutive"),
            InTorch(),
            MaxNumel("input"),
        ),
    ),
]

SPECS: dict[str, FunctionSpec] = {spec.name: spec for spec in _SPECS}


def graded_functions(template: str) -> list[FunctionSpec]:
    """The functions a student writes for a template, in file order."""
    tpl = TEMPLATES[template]
    return [SPECS[name] for name in tpl.functions if name not in tpl.provided]
