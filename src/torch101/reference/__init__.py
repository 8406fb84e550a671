"""The reference library: every function of both pytorch101.py templates, one module per topic.

Each function validates its inputs (TypeError / ValueError naming the function, the argument,
what was expected and what was given) and obeys the rules the assignment sets for it.
"""

from torch101.reference.broadcasting import normalize_columns
from torch101.reference.challenges import challenge_get_uniques, challenge_mean_tensors
from torch101.reference.creation import (
    count_tensor_elements,
    create_sample_tensor,
    create_tensor_of_pi,
    hello,
    multiples_of_ten,
    mutate_tensor,
)
from torch101.reference.devices import mm_on_cpu, mm_on_gpu
from torch101.reference.indexing import (
    make_one_hot,
    reverse_rows,
    shuffle_cols,
    slice_assignment_practice,
    slice_indexing_practice,
    take_one_elem_per_col,
)
from torch101.reference.matmul import (
    batched_matrix_multiply,
    batched_matrix_multiply_loop,
    batched_matrix_multiply_noloop,
)
from torch101.reference.reductions import (
    count_negative_entries,
    sum_positive_entries,
    zero_row_min,
)
from torch101.reference.reshaping import reshape_practice
from torch101.reference.templates import TEMPLATES, Template, detect_template, get_template

__all__ = [
    "TEMPLATES",
    "Template",
    "batched_matrix_multiply",
    "batched_matrix_multiply_loop",
    "batched_matrix_multiply_noloop",
    "challenge_get_uniques",
    "challenge_mean_tensors",
    "count_negative_entries",
    "count_tensor_elements",
    "create_sample_tensor",
    "create_tensor_of_pi",
    "detect_template",
    "get_template",
    "hello",
    "make_one_hot",
    "mm_on_cpu",
    "mm_on_gpu",
    "multiples_of_ten",
    "mutate_tensor",
    "normalize_columns",
    "reshape_practice",
    "reverse_rows",
    "shuffle_cols",
    "slice_assignment_practice",
    "slice_indexing_practice",
    "sum_positive_entries",
    "take_one_elem_per_col",
    "zero_row_min",
]
