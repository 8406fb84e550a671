# ruff: noqa
# fmt: off
# attack: 1 subprocess-sum
# does: sum_positive_entries copies the raw bytes out (untyped_storage, unlogged) and sums the positives with a Python loop in a subprocess
# template: 2022
# expect: sum_positive_entries=!pass
import subprocess
import sys

import torch

_CODE = (
    "import sys, struct\n"
    "d = sys.stdin.buffer.read()\n"
    "print(sum(v for v in struct.unpack('%dq' % (len(d) // 8), d) if v > 0))\n"
)


def sum_positive_entries(x):
    y = x.contiguous()
    raw = bytes(y.untyped_storage())[y.storage_offset() * 8 :][: 8 * len(y.reshape(-1))]
    out = subprocess.run([sys.executable, "-S", "-I", "-c", _CODE], input=raw, capture_output=True)
    return int(out.stdout.decode().strip() or 0)
