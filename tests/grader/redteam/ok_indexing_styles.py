# ruff: noqa
# fmt: off
# mustpass: indexing-styles
# does: the indexing functions in common student spellings: x[-1], x[:, 2:3], x[::2, 1::2]; a list index; two index lists
# template: 2022
# expect: slice_indexing_practice=pass
# expect: take_one_elem_per_col=pass
# expect: slice_assignment_practice=pass
import torch


def slice_indexing_practice(x):
    last_row = x[-1]
    third_col = x[:, 2:3]
    first_two_rows_three_cols = x[0:2, 0:3]
    even_rows_odd_cols = x[::2, 1::2]
    return last_row, third_col, first_two_rows_three_cols, even_rows_odd_cols


def take_one_elem_per_col(x):
    rows = [1, 0, 3]
    cols = [0, 1, 2]
    return x[rows, cols]


def slice_assignment_practice(x):
    x[0:2, 0] = 0
    x[0:2, 1] = 1
    x[0:2, 2:6] = 2
    x[2:4, [0, 2]] = 3
    x[2:4, [1, 3]] = 4
    x[2:4, 4:6] = 5
    return x
