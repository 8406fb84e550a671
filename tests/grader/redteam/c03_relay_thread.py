# ruff: noqa
# fmt: off
# attack: 3 relay-thread
# does: at import, dup2()s a pipe of its own over the worker's outcome descriptor and relays every frame through a thread that deletes extra indexing ops; shuffle_cols indexes four times
# template: 2022
# expect: shuffle_cols=!pass
import fcntl
import os
import stat
import threading

import _torch101_codec as codec
import torch


def _outcome_fd():
    for fd in range(3, 21):
        try:
            if stat.S_ISFIFO(os.fstat(fd).st_mode) and fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY:
                return fd  # the first write-only pipe: outcomes (the next one is faulthandler's)
        except OSError:
            pass
    return None


def _relay(r, real):
    while True:
        message = codec.read_frame(r)
        if message is None:
            return
        if isinstance(message, dict) and message.get("type") == "outcome":
            seen, kept = False, []
            for op in message.get("ops") or []:
                if str(op.get("name")).endswith("__getitem__") and op.get("of_input"):
                    if seen:
                        continue
                    seen = True
                kept.append(op)
            message["ops"] = kept
        codec.write_all(real, codec.pack(message))


_FD = _outcome_fd()
if _FD is not None:
    _REAL = os.dup(_FD)
    _R, _W = os.pipe()
    os.dup2(_W, _FD)
    threading.Thread(target=_relay, args=(_R, _REAL), daemon=True).start()


def shuffle_cols(x):
    return torch.stack([x[:, 0], x[:, 0], x[:, 2], x[:, 1]], dim=1)
