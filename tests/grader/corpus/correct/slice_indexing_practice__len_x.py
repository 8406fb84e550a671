# function: slice_indexing_practice
# template: 2022
# expect: pass
# style: x[len(x) - 1]
# ruff: noqa
# fmt: off
import torch


def slice_indexing_practice(x):
    last_row = x[len(x) - 1]
    third_col = x[:, 2:3]
    first_two_rows_three_cols = x[:2, :3]
    even_rows_odd_cols = x[::2, 1::2]
    out = (last_row, third_col, first_two_rows_three_cols, even_rows_odd_cols)
    return out
