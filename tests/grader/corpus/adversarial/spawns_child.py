"""Leave processes behind: a detached sleeper and a double-forked daemon that writes a file later.

Both must be dead by the time the call's outcome is back, and the file never written.
"""

import os
import subprocess
import sys

import torch

MARKER = "torch101-adversarial-sleeper"


def make_one_hot(x: list[int]) -> torch.Tensor:
    code = f"import time; time.sleep(300)  # {MARKER}"
    subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
    if os.fork() == 0:  # the daemon: fork again, detach, outlive everyone
        if os.fork() == 0:
            os.setsid()
            later = f"import time; time.sleep(2); open('/tmp/{MARKER}.txt', 'w')  # {MARKER}"
            os.execv(sys.executable, [sys.executable, "-c", later])
        os._exit(0)
    os.wait()
    out = torch.zeros(len(x), max(x) + 1)
    out[torch.arange(len(x)), torch.tensor(x)] = 1
    return out
