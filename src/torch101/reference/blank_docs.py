"""What each function of the blank template says: its signature and a docstring in our own words.

Plain data, no torch, so `torch101 start` answers at once. Each docstring says what to compute,
the inputs' shapes and dtypes, and the rules (loops, indexing operations, forbidden calls,
in place or not). Where Fall 2020 differs, `text_2020` holds its version. The signatures are
checked against `torch101.reference` by the tests; the rules match `torch101.grader.spec`.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DOCS", "Doc"]


@dataclass(frozen=True)
class Doc:
    signature: str  # "name(params) -> returns", as in the 2022 template (type hints included)
    text: str  # the docstring's body, without indentation
    text_2020: str | None = None  # Fall 2020's rules, where they differ

    def for_template(self, template: str) -> str:
        return self.text_2020 if template == "2020" and self.text_2020 else self.text


_NO_LOOPS = "no explicit loops or comprehensions (map, filter, reduce and recursion count too)."
_KEEP_INPUT = "Do not modify the input."

DOCS: dict[str, Doc] = {
    "hello": Doc("hello() -> None", "Print a greeting, to check that this file can be imported."),
    "create_sample_tensor": Doc(
        "create_sample_tensor() -> Tensor",
        """Return a tensor of shape (3, 2) holding zeros, except 10 at [0, 1] and 100 at [1, 0].

        Any floating-point dtype will do (the default, float32, is the usual choice).""",
    ),
    "mutate_tensor": Doc(
        "mutate_tensor(x: Tensor, indices: List[Tuple[int, int]], values: List[float]) -> Tensor",
        """Write values[k] into x at the position indices[k] = (i_k, j_k), for every k.

        x is a 2-D tensor of shape (H, W); indices and values are lists of the same length.
        Change x in place and return x itself (the same object, not a copy). When a position
        appears twice, the later value wins. A loop over the pairs is fine here.""",
    ),
    "count_tensor_elements": Doc(
        "count_tensor_elements(x: Tensor) -> int",
        """Return how many scalar elements x holds, as a Python int.

        x may have any shape (a 0-d tensor holds one element). Rule: you may not use
        torch.numel or x.numel (nor x.nelement); work it out from x's shape. """
        + _KEEP_INPUT,
    ),
    "create_tensor_of_pi": Doc(
        "create_tensor_of_pi(M: int, N: int) -> Tensor",
        """Return a tensor of shape (M, N) in which every element is 3.14.

        M and N are positive ints. It should take one line (advice, not a rule).""",
    ),
    "multiples_of_ten": Doc(
        "multiples_of_ten(start: int, stop: int) -> Tensor",
        """Return every multiple of 10 from start to stop, both included, in increasing order.

        start <= stop are ints. The result is a 1-D tensor of dtype float64; when there is no
        multiple of ten in the range, an empty float64 tensor of shape (0,).""",
    ),
    "slice_indexing_practice": Doc(
        "slice_indexing_practice(x: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor]",
        """Return four pieces of the 2-D tensor x (shape (M, N), M >= 3, N >= 5), in this order:

        last_row: the last row, shape (N,);
        third_col: the third column, kept 2-D, shape (M, 1);
        first_two_rows_three_cols: rows 0-1 and columns 0-2, shape (2, 3);
        even_rows_odd_cols: the rows 0, 2, 4, ... and the columns 1, 3, 5, ...
        Rules: each piece comes from a single slice indexing operation on x, so each is a
        view sharing x's memory. """
        + _KEEP_INPUT,
    ),
    "slice_assignment_practice": Doc(
        "slice_assignment_practice(x: Tensor) -> Tensor",
        """Write this pattern into the top-left 4 x 6 corner of x and return x:

            [0 1 2 2 2 2]
            [0 1 2 2 2 2]
            [3 4 3 4 5 5]
            [3 4 3 4 5 5]
        x is 2-D with M >= 4 rows and N >= 6 columns (not always 4 x 6); the rest of x stays
        as it was. Rules: change x in place only by slice assignments of integers
        (x[...] = 3), at most 6 of them, and return x itself.""",
    ),
    "shuffle_cols": Doc(
        "shuffle_cols(x: Tensor) -> Tensor",
        """Return a tensor of shape (M, 4) whose columns are x's columns 0, 0, 2 and 1, in order.

        x is 2-D of shape (M, N) with N >= 3. Rule: a single integer array indexing
        operation on x. """
        + _KEEP_INPUT,
    ),
    "reverse_rows": Doc(
        "reverse_rows(x: Tensor) -> Tensor",
        """Return a tensor like the 2-D x with its rows in reverse order (last row first).

        Rules: a single integer array indexing operation on x; torch.flip (and flipud,
        fliplr) may not be used. """
        + _KEEP_INPUT,
        text_2020="""Return a tensor like the 2-D x with its rows in reverse order (last row first).

        Rule: a single integer array indexing operation on x. """
        + _KEEP_INPUT,
    ),
    "take_one_elem_per_col": Doc(
        "take_one_elem_per_col(x: Tensor) -> Tensor",
        """Return the 1-D tensor [x[1, 0], x[0, 1], x[3, 2]], of shape (3,).

        x is 2-D with M >= 4 rows and N >= 3 columns. Rule: read x's data with a single
        indexing operation. """
        + _KEEP_INPUT,
    ),
    "count_negative_entries": Doc(
        "count_negative_entries(x: Tensor) -> int",
        """Return how many elements of x are strictly negative, as a Python int.

        x may have any shape. Rules: a single indexing operation on x, no explicit loops.
        """
        + _KEEP_INPUT,
    ),
    "make_one_hot": Doc(
        "make_one_hot(x: List[int]) -> Tensor",
        """Return the one-hot matrix of the labels in x: shape (N, C), dtype float32.

        x is a non-empty list of N ints >= 0 and C = 1 + max(x). Row n holds 1 in column
        x[n] and 0 everywhere else. Rule: """
        + _NO_LOOPS,
        text_2020="""Return the one-hot matrix of the labels in x: shape (N, C), dtype float32.

        x is a non-empty list of N ints >= 0 and C = 1 + max(x). Row n holds 1 in column
        x[n] and 0 everywhere else.""",
    ),
    "sum_positive_entries": Doc(
        "sum_positive_entries(x: Tensor) -> int",
        """Return the sum of the strictly positive elements of x, as a Python int (not a tensor).

        x is an int64 tensor of any shape. Rules: a single comparison and a single indexing
        operation on x; """
        + _NO_LOOPS
        + " "
        + _KEEP_INPUT,
    ),
    "reshape_practice": Doc(
        "reshape_practice(x: Tensor) -> Tensor",
        """Rearrange the 24 elements of the 1-D x into a tensor of shape (3, 8).

        Row r of the result is x[4r : 4r + 4] followed by x[12 + 4r : 16 + 4r]; for
        x = torch.arange(24) the first row is [0, 1, 2, 3, 12, 13, 14, 15]. Rule: only
        reshaping operations (view, reshape, t, transpose, permute, contiguous, ...).
        """
        + _KEEP_INPUT,
    ),
    "zero_row_min": Doc(
        "zero_row_min(x: Tensor) -> Tensor",
        """Return a copy of the 2-D x in which each row's smallest element is set to 0.

        Rules: reductions and indexing; """
        + _NO_LOOPS
        + " Return a new tensor: do not modify the input.",
        text_2020="""Return a copy of the 2-D x in which each row's smallest element is set to 0.

        Rules: reductions and indexing; no explicit loops. Return a new tensor: do not
        modify the input.""",
    ),
    "batched_matrix_multiply": Doc(
        "batched_matrix_multiply(x: Tensor, y: Tensor, use_loop: bool = True) -> Tensor",
        """Multiply a batch of matrices, z[i] = x[i] @ y[i]: calls the loop or no-loop version.

        x has shape (B, N, M) and y (B, M, P); z has shape (B, N, P) and x's dtype.""",
        text_2020="""Multiply a batch of matrices: z[i] = x[i] @ y[i] for every i.

        x has shape (B, N, M) and y (B, M, P); z has shape (B, N, P) and x's dtype.
        Rules: with use_loop=True, a single explicit Python loop over the batch; with
        use_loop=False, a single PyTorch operator and no loop.""",
    ),
    "batched_matrix_multiply_loop": Doc(
        "batched_matrix_multiply_loop(x: Tensor, y: Tensor) -> Tensor",
        """Multiply a batch of matrices, z[i] = x[i] @ y[i], with a loop over the batch.

        x has shape (B, N, M) and y (B, M, P); z has shape (B, N, P) and x's dtype.
        Rule: a single explicit Python loop over B.""",
    ),
    "batched_matrix_multiply_noloop": Doc(
        "batched_matrix_multiply_noloop(x: Tensor, y: Tensor) -> Tensor",
        """Multiply a batch of matrices, z[i] = x[i] @ y[i], without any loop.

        x has shape (B, N, M) and y (B, M, P); z has shape (B, N, P) and x's dtype.
        Rule: """
        + _NO_LOOPS,
    ),
    "normalize_columns": Doc(
        "normalize_columns(x: Tensor) -> Tensor",
        """Return a new tensor in which each column of the 2-D x is standardised.

        y[i, j] = (x[i, j] - mu_j) / sigma_j, where mu_j is column j's mean and sigma_j its
        sample standard deviation (divide the sum of squared deviations by M - 1). The
        result has x's shape and dtype. Rules: only +, -, *, /, **, sqrt, the sum reduction
        and reshaping for broadcasting; no torch.mean, torch.std, x.mean or x.std;
        """
        + _NO_LOOPS
        + " "
        + _KEEP_INPUT,
    ),
    "mm_on_cpu": Doc(
        "mm_on_cpu(x: Tensor, w: Tensor) -> Tensor",
        "Provided: the matrix product of x (A, B) and w (B, C) on the CPU.",
    ),
    "mm_on_gpu": Doc(
        "mm_on_gpu(x: Tensor, w: Tensor) -> Tensor",
        """Multiply x (A, B) by w (B, C) on the GPU and return the (A, C) result on the CPU.

        x and w arrive on the CPU. Rule: move both to the GPU with .cuda(), multiply there,
        and bring the product back to the CPU.""",
    ),
    "challenge_mean_tensors": Doc(
        "challenge_mean_tensors(xs: List[Tensor], ls: Tensor) -> Tensor",
        """Return the mean of each tensor in xs, as a tensor y of shape (N,).

        xs is a list of N 1-D tensors (1 <= N <= 10000) of lengths K_i (1 <= K_i <= 10000);
        ls is an int64 tensor holding those lengths. All inputs are on the same device, and
        y must be on it too. Rules: """
        + _NO_LOOPS
        + " No padding to an N x max(K) tensor.",
    ),
    "challenge_get_uniques": Doc(
        "challenge_get_uniques(x: Tensor) -> Tuple[Tensor, Tensor]",
        """Return (uniques, indices) for the 1-D int64 tensor x holding K distinct values.

        uniques (K,) holds each distinct value once, in any order; indices (K,) holds where
        each first occurs, so x[indices[i]] == uniques[i]. Both are int64. Rules: """
        + _NO_LOOPS
        + " O(N) memory: no new tensor larger than x (use x.clone() for copies);"
        " torch.unique gives half credit.",
    ),
}
