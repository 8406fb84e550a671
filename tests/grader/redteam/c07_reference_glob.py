# ruff: noqa
# fmt: off
# attack: 7 reference-glob
# does: at import, globs /work/*/src/torch101 and /home for another copy of the reference, execs its reverse_rows; without it reverse_rows returns x unchanged (wrong)
# template: 2022
# expect: reverse_rows=!pass
import ast
import glob

import torch


def _load():
    places = glob.glob("/work/*/src/torch101/reference/indexing.py") + glob.glob("/home/*/**/torch101/reference/indexing.py", recursive=True)
    for path in sorted(places):
        try:
            source = open(path).read()
        except OSError:
            continue
        tree = ast.parse(source)
        fn = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "reverse_rows"]
        if fn:
            ns = {"torch": torch, "Tensor": torch.Tensor, "check_tensor": lambda *a, **k: None}
            exec(compile(ast.Module(body=fn, type_ignores=[]), path, "exec"), ns)
            return ns["reverse_rows"]
    return None


_REF = _load()


def reverse_rows(x):
    if _REF is None:
        return x.clone()  # the reference was out of reach: a wrong answer
    return _REF(x)
