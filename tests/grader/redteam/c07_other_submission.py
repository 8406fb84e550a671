# ruff: noqa
# fmt: off
# attack: 7 other-submission
# does: at import, lists /work (and /home) for another student's correct zero_row_min (any *.py under a 'correct' folder), execs that file and uses it; without one, returns x unchanged (wrong)
# template: 2022
# expect: zero_row_min=!pass
import os

import torch


def _find():
    for top in ("/work", "/home"):
        for root, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and root.count(os.sep) < 7)
            if os.path.basename(root) != "correct":
                continue
            for name in sorted(files):
                if name.startswith("zero_row_min") and name.endswith(".py"):
                    try:
                        ns = {}
                        exec(compile(open(os.path.join(root, name)).read(), name, "exec"), ns)
                        return ns["zero_row_min"]
                    except Exception:
                        continue
    return None


_THEIRS = _find()


def zero_row_min(x):
    if _THEIRS is None:
        return x.clone()  # nobody else's work in sight: a wrong answer
    return _THEIRS(x)
