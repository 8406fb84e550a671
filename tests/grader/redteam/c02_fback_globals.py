# ruff: noqa
# fmt: off
# attack: 2 fback-globals-patch
# does: normalize_columns patches Recorder.record (reached through sys._getframe().f_back.f_globals) to a no-op, then calls torch.mean/torch.std by split names
# template: 2022
# expect: normalize_columns=!pass
import sys

import torch


_MEAN, _STD = torch.__dict__["me" + "an"], torch.__dict__["st" + "d"]


def _hush(frame):
    frame.f_globals["Recorder"].record = lambda *a, **k: None


def normalize_columns(x):
    _hush(sys._getframe().f_back)
    return (x - _MEAN(x, 0)) / _STD(x, 0)
