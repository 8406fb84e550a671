"""Dereference a null pointer: the worker dies of SIGSEGV."""

import ctypes

import torch


def reverse_rows(x: torch.Tensor) -> torch.Tensor:
    ctypes.string_at(0)
    return x.flip(0)
