# ruff: noqa
# fmt: off
# attack: 2 print-globals
# does: reaches the worker's globals through print.__func__.__globals__ (the worker replaced print) and makes Recorder.record a no-op; normalize_columns then uses mean/std
# template: 2022
# expect: normalize_columns=!pass
import torch


_MEAN, _STD = torch.__dict__["me" + "an"], torch.__dict__["st" + "d"]


def _hush():
    print.__func__.__globals__["Recorder"].record = lambda *a, **k: None


def normalize_columns(x):
    _hush()
    return (x - _MEAN(x, 0)) / _STD(x, 0)
