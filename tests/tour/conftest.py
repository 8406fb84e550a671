"""Shared fixtures for the tour tests: the CLI entry as the dispatcher wires it, and the blog."""

from __future__ import annotations

import argparse

import pytest

# Outputs printed in the learner's blog (../shared/seed/pytorch101-part3-blog.txt) and in the
# spec's demo cells (section 2c), copied verbatim: the independent oracle for the tour.
BLOG = {
    "dot": "tensor(219.)\ntensor(219.)\n",
    "dot_2d_error": "1D tensors expected, but got 2D and 2D tensors\n",
    "mm": "tensor([[19., 22.],\n        [43., 50.]])\ntensor([[19., 22.],\n        [43., 50.]])\n",
    "mv": "tensor([29., 67.])\ntensor([29., 67.])\ntorch.Size([2])\n",
    "mm_column": "tensor([[29.],\n        [67.]])\n",
    "mm_column_shape": "torch.Size([2, 1])\n",
    "matmul": "tensor([29., 67.])\ntensor([29., 67.])\ntorch.Size([2])\n",
    "x_plus_v": "tensor([[ 2,  2,  4],\n        [ 5,  5,  7],\n        [ 8,  8, 10],\n        [11, 11, 13]])\n",
    "xx": "tensor([[ 1,  2,  3],\n        [ 4,  5,  6],\n        [ 7,  8,  9],\n        [10, 11, 12]])\nxx.shape:  torch.Size([4, 3])\n",
    "vv": "tensor([[1, 0, 1],\n        [1, 0, 1],\n        [1, 0, 1],\n        [1, 0, 1]])\nvv.shape:  torch.Size([4, 3])\n",
    "v_before": "tensor([1, 0, 1])\nv.shape:  torch.Size([3])\n",
    "outer": "tensor([[ 4,  5],\n        [ 8, 10],\n        [12, 15]])\n",
    "matrix_plus_vector": "tensor([[2, 4, 6],\n        [5, 7, 9]])\n",
    "add_to_columns": "tensor([[ 5,  6,  7],\n        [ 9, 10, 11]])\n",
    "add": "x:  tensor([1, 2, 3])\ny:  tensor([3, 4, 5])\nz:  tensor([4, 6, 8])\n",
    "add_": "x:  tensor([4, 6, 8])\ny:  tensor([3, 4, 5])\nz:  tensor([4, 6, 8])\n",
    "x0_device": "x0 device: cpu\n",
    # spec 2b: normalize_columns([[0,30,600],[1,10,200],[-1,20,400]]) == [[0,1,1],[1,-1,-1],[-1,0,0]]
    "normalize_columns": "tensor([[ 0.,  1.,  1.],\n        [ 1., -1., -1.],\n        [-1.,  0.,  0.]])\n",
}


@pytest.fixture(autouse=True)
def _private_progress(tmp_path_factory, monkeypatch):
    """The tour records where the learner stopped: in a folder of the test's, never the user's."""
    monkeypatch.setenv("TORCH101_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


@pytest.fixture
def blog() -> dict[str, str]:
    return dict(BLOG)


@pytest.fixture
def tour_main():
    """Run `torch101 tour ARGS` in-process, parsed exactly as the top-level dispatcher does."""
    from torch101.tour import cli

    def main(*argv: str) -> int:
        parser = argparse.ArgumentParser(prog="torch101 tour")
        cli.add_arguments(parser)
        return cli.run(parser.parse_args(list(argv)))

    return main
