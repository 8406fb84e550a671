# function: slice_indexing_practice
# template: 2022
# expect: pass
# style: explicit bounds from x.shape
# ruff: noqa
# fmt: off
import torch


def slice_indexing_practice(x):
    M, N = x.shape
    last_row = x[M - 1]
    third_col = x[0:M, 2:3]
    first_two_rows_three_cols = x[0:2, 0:3]
    even_rows_odd_cols = x[0:M:2, 1:N:2]
    return last_row, third_col, first_two_rows_three_cols, even_rows_odd_cols
