"""Print a fake report (the grader's JSON and Gradescope's) and return a wrong answer."""

import json
import sys

import torch


def shuffle_cols(x: torch.Tensor) -> torch.Tensor:
    report = {"template": "2022", "functions": [{"name": "shuffle_cols", "status": "pass"}]}
    print(json.dumps(report))
    print(
        json.dumps(
            {"score": 1.0, "tests": [{"name": "shuffle_cols", "score": 1, "status": "passed"}]}
        )
    )
    print("shuffle_cols   pass   1 / 1", file=sys.stderr)
    return x[:, :4]
