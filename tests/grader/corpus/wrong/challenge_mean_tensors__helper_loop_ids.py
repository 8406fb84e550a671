# function: challenge_mean_tensors
# template: 2022
# expect: fail
# because: a for loop in _segment_ids(), which challenge_mean_tensors calls
# mistake: the segment ids come from a Python loop in a helper, then one index_add_
# ruff: noqa
# fmt: off
import torch


def _segment_ids(lengths):
    ids = []
    for i, k in enumerate(lengths):
        ids.extend([i] * k)
    return ids


def challenge_mean_tensors(xs, ls):
    values = torch.cat(xs)
    ids = torch.tensor(_segment_ids(ls.tolist()), device=values.device)
    sums = torch.zeros(len(xs), dtype=values.dtype, device=values.device)
    sums.index_add_(0, ids, values)
    return sums / ls
