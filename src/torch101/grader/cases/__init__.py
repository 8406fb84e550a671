"""Inputs each function is graded on: the notebook's checks, edge, random and scaling cases.

The notebook's own checks; hidden edge cases; seeded random cases (smallest first, so the first
failure reported is a small one); scaling cases (the same function at growing sizes, to see
whether its op count grows: a loop).

Every maker returns a list of `Case`; the expected outputs are computed later in the parent with
`torch101.reference`. Inputs stay inside each function's contract: a correct solution written
any way at all must pass every case (see the notes on ties and offsets below).

By section of the notebook: `basics` (tensor basics, indexing, reductions, reshaping) and
`products` (matrix products, broadcasting, the GPU, the challenges); `model` holds `Case` and `Gen`.
"""

from torch101.grader.cases.basics import (
    count_negative_entries,
    count_tensor_elements,
    create_sample_tensor,
    create_tensor_of_pi,
    make_one_hot,
    multiples_of_ten,
    mutate_tensor,
    reshape_practice,
    reverse_rows,
    shuffle_cols,
    slice_assignment_practice,
    slice_indexing_practice,
    sum_positive_entries,
    take_one_elem_per_col,
    zero_row_min,
)
from torch101.grader.cases.model import SCALING_SIZES, Case, Gen
from torch101.grader.cases.products import (
    batched_matrix_multiply,
    batched_matrix_multiply_loop,
    batched_matrix_multiply_noloop,
    challenge_get_uniques,
    challenge_mean_tensors,
    mm_on_gpu,
    normalize_columns,
)

__all__ = [
    "SCALING_SIZES",
    "Case",
    "Gen",
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
    "make_one_hot",
    "sum_positive_entries",
    "count_negative_entries",
    "reshape_practice",
    "zero_row_min",
    "batched_matrix_multiply",
    "batched_matrix_multiply_loop",
    "batched_matrix_multiply_noloop",
    "normalize_columns",
    "mm_on_gpu",
    "challenge_mean_tensors",
    "challenge_get_uniques",
]
