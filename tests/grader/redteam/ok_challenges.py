# ruff: noqa
# fmt: off
# mustpass: challenges
# does: both challenges without loops or torch.unique: a stable sort for the uniques; cat + index_add for the means, new tensors on the inputs' device
# template: 2022
# expect: challenge_get_uniques=pass
# expect: challenge_mean_tensors=pass
import torch


def challenge_get_uniques(x):
    ordered, order = torch.sort(x, stable=True)
    starts = torch.ones_like(ordered, dtype=torch.bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    positions = starts.nonzero().squeeze(1)
    return ordered[positions], order[positions]


def challenge_mean_tensors(xs, ls):
    values = torch.cat(xs)
    if not values.dtype.is_floating_point:
        values = values.float()
    owner = torch.repeat_interleave(torch.arange(len(xs), device=values.device), ls)
    sums = torch.zeros(len(xs), dtype=values.dtype, device=values.device).index_add_(0, owner, values)
    return sums / ls.to(values.dtype)
