# ruff: noqa
# fmt: off
# attack: 1 torch-multiprocessing-normalize
# does: normalize_columns runs torch.mean/torch.std (forbidden) in a torch.multiprocessing fork child; the parent only calls torch.tensor on the list it gets back
# template: 2022
# expect: normalize_columns=!pass
import torch
import torch.multiprocessing as tmp

_CTX = tmp.get_context("fork")


def _child(x, conn):
    ops = torch.__dict__
    conn.send(((x - ops["me" + "an"](x, 0)) / ops["st" + "d"](x, 0)).tolist())
    conn.close()


def normalize_columns(x):
    a, b = _CTX.Pipe(duplex=False)
    p = _CTX.Process(target=_child, args=(x, b))
    p.start()
    rows = a.recv()
    p.join()
    return torch.tensor(rows, dtype=x.dtype)
