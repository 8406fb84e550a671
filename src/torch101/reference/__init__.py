"""The reference library: every function of both pytorch101.py templates, one module per topic.

Each function validates its inputs (TypeError / ValueError naming the function, the argument,
what was expected and what was given) and obeys the rules the assignment sets for it.
Names load their module on first use, so importing this package (as `torch101 --help` does,
through `torch101.reference.cli`) does not import torch.
"""

from __future__ import annotations

from torch101._lazy import lazy_getattr

_MODULES = {
    "broadcasting": ("normalize_columns",),
    "challenges": ("challenge_get_uniques", "challenge_mean_tensors"),
    "creation": (
        "count_tensor_elements",
        "create_sample_tensor",
        "create_tensor_of_pi",
        "hello",
        "multiples_of_ten",
        "mutate_tensor",
    ),
    "devices": ("mm_on_cpu", "mm_on_gpu"),
    "indexing": (
        "make_one_hot",
        "reverse_rows",
        "shuffle_cols",
        "slice_assignment_practice",
        "slice_indexing_practice",
        "take_one_elem_per_col",
    ),
    "matmul": (
        "batched_matrix_multiply",
        "batched_matrix_multiply_loop",
        "batched_matrix_multiply_noloop",
    ),
    "reductions": ("count_negative_entries", "sum_positive_entries", "zero_row_min"),
    "reshaping": ("reshape_practice",),
    "templates": ("TEMPLATES", "Template", "detect_template", "get_template"),
}
_WHERE = {name: module for module, names in _MODULES.items() for name in names}

__all__ = sorted(_WHERE)


__getattr__ = lazy_getattr(__name__, {name: f"{__name__}.{m}" for name, m in _WHERE.items()})


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
