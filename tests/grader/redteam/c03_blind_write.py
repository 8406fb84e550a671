# ruff: noqa
# fmt: off
# attack: 3 blind-fd-write
# does: writes a forged outcome (one indexing op logged) with os.write to every pipe among fds 3..20 and silences the worker's own copies with dup2(/dev/null); reverse_rows calls the forbidden torch.flip by a split name
# template: 2022
# expect: reverse_rows=!pass
import fcntl
import os
import stat
import sys

import _torch101_codec as codec
import torch

_FLIP = torch.__dict__["fl" + "ip"]
_SAVED = {}


def _forge(case_id, value, x):
    op = {"name": "torch.Tensor.__getitem__", "max_out_numel": 0, "arg_types": ["Tensor", "Tensor"], "of_input": True}
    frame = codec.pack({
        "type": "outcome", "case_id": case_id, "status": "ok", "exception": None,
        "duration_s": 0.001, "value": value, "value_type": "torch.Tensor", "same_object": [None],
        "shares_storage": [None], "on_fake_gpu": [], "requires_grad": [False], "args_after": [x],
        "arg_versions_bumped": [False], "ops": [op], "stdout": "",
    })
    if not _SAVED:
        pipes = []
        for fd in range(3, 21):
            try:
                writable = fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY
            except OSError:
                continue  # not open
            if writable and stat.S_ISFIFO(os.fstat(fd).st_mode):  # the outcome and fault pipes
                pipes.append(fd)
        null = os.open("/dev/null", os.O_WRONLY)
        for fd in pipes:
            _SAVED[fd] = os.dup(fd)
            os.dup2(null, fd)
    for fd in _SAVED.values():
        try:
            os.write(fd, frame)
            break
        except OSError:
            pass


def reverse_rows(x):
    value = _FLIP(x, [0])
    _forge(sys._getframe(1).f_locals.get("case_id", ""), value, x)
    return value
