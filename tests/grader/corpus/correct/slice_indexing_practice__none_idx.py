# function: slice_indexing_practice
# template: 2022
# expect: pass
# style: x[:, 2, None]: one slice that keeps the column 2-D
# ruff: noqa
# fmt: off
import torch


def slice_indexing_practice(x):
    last_row = x[-1]
    third_col = x[:, 2, None]
    first_two_rows_three_cols = x[:2, :3]
    even_rows_odd_cols = x[::2, 1::2]
    return last_row, third_col, first_two_rows_three_cols, even_rows_odd_cols
