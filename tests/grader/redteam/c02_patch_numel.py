# ruff: noqa
# fmt: off
# attack: 2 patch-numel
# does: patches Tensor.numel (the worker's recorder sizes every output with it) to report 1; challenge_mean_tensors then pads to N x max(K), which the memory rule forbids
# template: 2022
# expect: challenge_mean_tensors=!pass
import torch
from torch.nn.utils.rnn import pad_sequence

torch.Tensor.numel = lambda self: 1


def challenge_mean_tensors(xs, ls):
    padded = pad_sequence(xs, batch_first=True)
    return padded.sum(dim=1) / ls.to(padded.dtype)
