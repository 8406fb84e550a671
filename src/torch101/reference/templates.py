"""The two published templates of pytorch101.py: which functions each has, in file order.

Each entry maps the template's function name to the reference function that implements it
(they share the name) and says whether the student writes it or the template provides it.
"""

from __future__ import annotations

from dataclasses import dataclass

TEMPLATE_NAMES = ("2020", "2022")


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    functions: tuple[str, ...]  # in file order
    provided: frozenset[str]  # given by the template, not written by the student


_COMMON_HEAD = (
    "hello",
    "create_sample_tensor",
    "mutate_tensor",
    "count_tensor_elements",
    "create_tensor_of_pi",
    "multiples_of_ten",
    "slice_indexing_practice",
    "slice_assignment_practice",
    "shuffle_cols",
    "reverse_rows",
    "take_one_elem_per_col",
)

TEMPLATES: dict[str, Template] = {
    "2020": Template(
        name="2020",
        title="EECS 498-007/598-005 Fall 2020",
        functions=_COMMON_HEAD
        + (
            "count_negative_entries",
            "make_one_hot",
            "reshape_practice",
            "zero_row_min",
            "batched_matrix_multiply",
            "normalize_columns",
            "mm_on_cpu",
            "mm_on_gpu",
        ),
        provided=frozenset({"hello", "mm_on_cpu"}),
    ),
    "2022": Template(
        name="2022",
        title="EECS 498.008/598.008 Winter 2022",
        functions=_COMMON_HEAD
        + (
            "make_one_hot",
            "sum_positive_entries",
            "reshape_practice",
            "zero_row_min",
            "batched_matrix_multiply",
            "batched_matrix_multiply_loop",
            "batched_matrix_multiply_noloop",
            "normalize_columns",
            "mm_on_cpu",
            "mm_on_gpu",
            "challenge_mean_tensors",
            "challenge_get_uniques",
        ),
        provided=frozenset({"hello", "batched_matrix_multiply", "mm_on_cpu"}),
    ),
}


def get_template(name: str) -> Template:
    if name not in TEMPLATES:
        raise ValueError(f"unknown template {name!r}; expected one of {', '.join(TEMPLATE_NAMES)}")
    return TEMPLATES[name]


def detect_template(function_names: set[str]) -> str:
    """Guess the template from the functions a file defines: 2022 has markers 2020 lacks."""
    markers_2022 = {
        "sum_positive_entries",
        "batched_matrix_multiply_noloop",
        "challenge_get_uniques",
    }
    if function_names & markers_2022:
        return "2022"
    if "count_negative_entries" in function_names:
        return "2020"
    return "2022"


def add_template_argument(parser) -> None:
    """`--template {2020,2022}` (default 2022), as `torch101 start` and `solution` take it."""
    parser.add_argument(
        "--template",
        choices=TEMPLATE_NAMES,
        default="2022",
        help="the assignment's Fall 2020 or Winter 2022 template (default: 2022)",
    )
