# ruff: noqa
# fmt: off
# attack: 1 fork-flip
# does: reverse_rows calls the forbidden torch.flip in an os.fork() child and reads the bytes back through an os.pipe
# template: 2022
# expect: reverse_rows=!pass
import os

import torch


def reverse_rows(x):
    y = x[:]  # the one visible indexing operation
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        out = torch.__dict__["fl" + "ip"](y, [0]).contiguous()
        os.write(w, out.numpy().tobytes())
        os._exit(0)
    os.close(w)
    data = b""
    while True:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        data += chunk
    os.close(r)
    os.waitpid(pid, 0)
    if not data:
        return y.clone()
    return torch.frombuffer(bytearray(data), dtype=y.dtype).view(y.shape).clone()
