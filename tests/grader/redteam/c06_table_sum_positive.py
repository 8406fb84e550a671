# ruff: noqa
# fmt: off
# attack: 6 answer-table-fingerprint
# does: sum_positive_entries looks its answer up in a table keyed on (shape, sum x, sum x^2, sum x^3) of the public default seed's cases (made by _make_tables.py); any other input gets -1
# template: 2022
# cases: 5
# expect: sum_positive_entries=!pass
import torch

_TABLE = {((3, 3), 13, 57, 223): 15, ((5,), -94, 10014, -999964): 6, ((100, 100), 73, 4685, 7): 1871, ((3,), -5, 13, -35): 0, ((), 5, 25, 125): 5, ((0,), 0, 0, 0): 0, ((4,), 2199023255549, 2199023255611, 3298534883013): 2199023255556, ((1,), 17, 289, 4913): 17, ((1,), -14, 196, -2744): 0, ((3,), -34, 446, -6244): 0, ((4,), -23, 655, -7733): 11, ((5,), -68, 968, -14462): 0, ((4,), -1, 13, -19): 2, ((64,), -1, 669, 35): 91, ((1024,), -28, 9916, -1882): 1350}


def sum_positive_entries(x):
    key = (tuple(x.shape), int(x.sum()), int((x * x).sum()), int((x * x * x).sum()))
    return _TABLE.get(key, -1)
