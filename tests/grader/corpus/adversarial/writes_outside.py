"""Write outside the scratch folder: beside it, in /tmp and /var/tmp, in $HOME, in a given folder.

Returns the paths it managed to write (the grader's files and the user's stay untouched).
"""

import os

import torch

NAME = "torch101-adversarial-escape.txt"


def _targets(extra: str | None) -> list[str]:
    here = os.path.dirname(os.path.abspath(__file__))
    targets = [
        os.path.join("/tmp", NAME),
        os.path.join("/var/tmp", NAME),
        os.path.join(os.path.dirname(here), NAME),
        os.path.expanduser(f"~/{NAME}"),
    ]
    if extra:
        targets.append(os.path.join(extra, NAME))
    return targets


def escape(folder: str | None = None) -> list[str]:
    written = []
    for path in _targets(folder):
        try:
            with open(path, "w") as f:
                f.write("escaped")
            written.append(path)
        except OSError:
            pass
    return written


def reshape_practice(x: torch.Tensor) -> torch.Tensor:
    escape()
    return x.view(2, 3, 4).transpose(0, 1).reshape(3, 8)
