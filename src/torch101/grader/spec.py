"""What each function of pytorch101.py is graded on: its contract, its float tolerance (and why),
its rules as the assignment states them, and the cases it runs (`torch101.grader.cases`).

The expected outputs come from `torch101.reference`, computed in the trusted parent. Rules are
checked twice: statically on the syntax tree (friendly messages with line numbers, see
`static/`) and at run time from the log of torch calls (the verdict, see `judge.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import torch

from torch101.grader import cases as _cases
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
class Rules:
    """The assignment's rules for one function; empty means none."""

    text: str = ""  # the rule as the assignment states it, quoted in messages
    no_loops: bool = False  # no loops, comprehensions or hidden loops; op count constant in size
    one_loop: bool = False  # exactly one explicit loop (over the batch); op count grows
    loop_switch: str | None = None  # Fall 2020 bmm: kwarg whose True value needs the one loop
    forbidden: tuple[str, ...] = ()  # functions that must not be used (names and synonyms)
    half_credit: tuple[str, ...] = ()  # functions that halve the credit (torch.unique)
    getitem: tuple[int, int] | None = None  # (min, max) indexing operations per call
    max_compare: int | None = None  # comparisons per call
    max_setitem: int | None = None  # slice assignments per call
    int_values: bool = False  # slice assignments must assign integers (literals)
    only: frozenset[str] | None = None  # the only computing ops allowed (canonical names)
    only_what: str = ""  # how the assignment names that allowlist
    subscripts_reshape_only: bool = False  # x[None], x[:, None] count as reshaping, nothing else
    max_numel: str | None = None  # "input": no tensor larger than the input; "segments": no padding
    gpu_round_trip: bool = False  # moves both inputs to the GPU, multiplies there, returns on CPU
    one_line: bool = False  # "should take one line": reported as advice, never penalised
    # No .tolist()/.numpy() of the data either: what Python then does with it (sum(x.tolist()))
    # is a loop the call log cannot see.
    in_torch: bool = False

    @property
    def any(self) -> bool:
        """Any rule that can cost points (the one-line advice cannot)."""
        return self != Rules(text=self.text, one_line=self.one_line)


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    templates: frozenset[str]
    make_cases: Callable[[_cases.Gen, str, int], list[_cases.Case]]
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
            text="You CANNOT use the built-in functions torch.numel(x) or x.numel()",
            forbidden=("numel", "nelement"),
        ),
    ),
    FunctionSpec(
        "create_tensor_of_pi",
        frozenset({"2020", "2022"}),
        _cases.create_tensor_of_pi,
        # No dtype is stated and the notebook's (x == 3.14).all() holds in float64 too; an
        # integer dtype still fails on the values (3, not 3.14).
        contract=Contract(any_dtype=True),
        rules=Rules(text="it should take one line", one_line=True),
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
            text="each output must come from a single slice indexing operation on the input",
            getitem=(4, 4),
            only=frozenset({"__getitem__"}),
            only_what="one slice indexing operation x[...] per output (x[:, 2:3] keeps a "
            "column 2-D in one slice)",
        ),
    ),
    FunctionSpec(
        "slice_assignment_practice",
        frozenset({"2020", "2022"}),
        _cases.slice_assignment_practice,
        contract=Contract(mutates=True),
        rules=Rules(
            text="mutate x only by slice assignment of integers, using at most 6 slicing operations",
            max_setitem=6,
            int_values=True,
            only=frozenset({"__setitem__"}),
            only_what="slice assignments of integers (x[...] = 3)",
        ),
    ),
    FunctionSpec(
        "shuffle_cols",
        frozenset({"2020", "2022"}),
        _cases.shuffle_cols,
        rules=Rules(text="use a single integer array indexing operation", getitem=(1, 1)),
    ),
    FunctionSpec(
        "reverse_rows",
        frozenset({"2020", "2022"}),
        _cases.reverse_rows,
        rules=Rules(
            text="use a single integer array indexing operation; you may not use torch.flip",
            getitem=(1, 1),
            forbidden=("flip", "flipud", "fliplr"),
        ),
        rules_2020=Rules(text="use a single integer array indexing operation", getitem=(1, 1)),
    ),
    FunctionSpec(
        "take_one_elem_per_col",
        frozenset({"2020", "2022"}),
        _cases.take_one_elem_per_col,
        rules=Rules(
            text="access the input's data with a single indexing operation", getitem=(1, 1)
        ),
    ),
    FunctionSpec(
        "make_one_hot",
        frozenset({"2020", "2022"}),
        _cases.make_one_hot,
        rules=Rules(text=_NO_LOOPS, no_loops=True),
        rules_2020=Rules(),
    ),
    FunctionSpec(
        "sum_positive_entries",
        frozenset({"2022"}),
        _cases.sum_positive_entries,
        rules=Rules(
            text="a single comparison and a single indexing operation on the input; " + _NO_LOOPS,
            no_loops=True,
            in_torch=True,
            getitem=(0, 1),
            max_compare=1,
        ),
    ),
    FunctionSpec(
        "count_negative_entries",
        frozenset({"2020"}),
        _cases.count_negative_entries,
        rules=Rules(
            text="a single indexing operation on the input; no explicit loops",
            no_loops=True,
            in_torch=True,
            getitem=(0, 1),
        ),
        contract=Contract(int_or_0d=True),
    ),
    FunctionSpec(
        "reshape_practice",
        frozenset({"2020", "2022"}),
        _cases.reshape_practice,
        rules=Rules(
            text="only reshaping operations (view, t, transpose, permute, contiguous, reshape, ...)",
            only=_RESHAPE_OPS,
            only_what="reshaping operations (view, reshape, transpose, permute, contiguous, ...)",
        ),
    ),
    FunctionSpec(
        "zero_row_min",
        frozenset({"2020", "2022"}),
        _cases.zero_row_min,
        contract=Contract(new_tensor=True),
        # Ties: "set each row's minimum to 0" may zero the first minimum (argmin, the hint) or
        # every one; both readings are fair, so the cases give every row a single minimum.
        rules=Rules(text=_NO_LOOPS, no_loops=True, in_torch=True),
    ),
    FunctionSpec(
        "batched_matrix_multiply",
        frozenset({"2020"}),
        _cases.batched_matrix_multiply,
        tolerance=BMM,
        rules=Rules(
            text="use_loop=True: a single explicit loop over B; use_loop=False: a single PyTorch operator, no loop",
            loop_switch="use_loop",
        ),
    ),
    FunctionSpec(
        "batched_matrix_multiply_loop",
        frozenset({"2022"}),
        _cases.batched_matrix_multiply_loop,
        tolerance=BMM,
        rules=Rules(text="use a single explicit loop over B", one_loop=True),
    ),
    FunctionSpec(
        "batched_matrix_multiply_noloop",
        frozenset({"2022"}),
        _cases.batched_matrix_multiply_noloop,
        tolerance=BMM,
        rules=Rules(text=_NO_LOOPS, no_loops=True, in_torch=True),
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
            text="only +, -, *, /, **, sqrt, the sum reduction and reshaping for broadcasting; "
            "you cannot use torch.mean, torch.std, x.mean or x.std; " + _NO_LOOPS,
            no_loops=True,
            in_torch=True,
            forbidden=("mean", "std", "var", "std_mean", "var_mean", "nanmean"),
            only=_NORMALIZE_OPS,
            only_what="+, -, *, /, **, sqrt, sum and reshaping",
            subscripts_reshape_only=True,
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
            text="move x and w to the GPU with .cuda(), multiply there, return the result on the CPU",
            gpu_round_trip=True,
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
            (1e-4, 1e-5),
            (1e-10, 1e-12),
            why="means of up to 2000 values of size ~5: a cumulative-sum solution (correct, "
            "and O(total) memory) rounds its running total, ~1e-5 for the cases' totals; a "
            "wrong denominator (K + 1, max K, N) is off by more than 5%",
        ),
        rules=Rules(
            text=_NO_LOOPS + "; no padding to an N x max(K) tensor",
            no_loops=True,
            max_numel="segments",
        ),
    ),
    FunctionSpec(
        "challenge_get_uniques",
        frozenset({"2022"}),
        _cases.challenge_get_uniques,
        unordered_uniques=True,
        rules=Rules(
            text=_NO_LOOPS + "; O(N) memory: no new tensor larger than the input; "
            "torch.unique gives half credit",
            no_loops=True,
            in_torch=True,
            half_credit=("unique", "unique_consecutive"),
            max_numel="input",
        ),
    ),
]

SPECS: dict[str, FunctionSpec] = {spec.name: spec for spec in _SPECS}


def graded_functions(template: str) -> list[FunctionSpec]:
    """The functions a student writes for a template, in file order."""
    tpl = TEMPLATES[template]
    return [SPECS[name] for name in tpl.functions if name not in tpl.provided]
