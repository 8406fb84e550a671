# function: challenge_mean_tensors
# template: 2022
# expect: fail
# because: do not pad
# mistake: pads to N x max(K)
# ruff: noqa
# fmt: off
import torch


def challenge_mean_tensors(xs, ls):
    padded = torch.nn.utils.rnn.pad_sequence(xs, batch_first=True)
    return padded.sum(dim=1) / ls
