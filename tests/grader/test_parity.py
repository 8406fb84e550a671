"""The in-process stand-in (inprocess.InProcessSession) against the real sandboxed worker.

The fast tests of spec, judge and report run submissions through the stand-in; this checks,
on correct and wrong files of every kind, that the real worker gives the same verdicts and the
same messages. The stand-in has no guard: on honest code the guard finds nothing, which is
what makes the two comparable (attacks are graded by the real worker only: test_redteam.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from torch101.grader import grade

from .inprocess import InProcessSession

CORPUS = Path(__file__).parent / "corpus"
FILES = [
    "correct_alt_2022.py",
    "correct_styles_2020.py",
    "wrong/batched_matrix_multiply_loop__collect_then_bmm.py",
    "wrong/make_one_hot__helper_loop.py",
    "wrong/count_tensor_elements__numel.py",
    "wrong/count_negative_entries__tensor_result.py",
    "wrong/mm_on_gpu__multiply_first.py",
    "wrong/mm_on_gpu__left_on_gpu.py",
    "wrong/challenge_mean_tensors__cpu_buffer.py",
    "wrong/create_tensor_of_pi__int_fill.py",
]


def _verdicts(result) -> dict[str, tuple]:
    return {f["name"]: (f["status"], f["score"], f["messages"]) for f in result.to_dict()["functions"]}


@pytest.mark.slow
@pytest.mark.parametrize("name", FILES)
def test_the_stand_in_grades_as_the_real_worker(name):
    path = CORPUS / name
    fast = grade(path, seed=7, random_cases=4, session_factory=InProcessSession)
    real = grade(path, seed=7, random_cases=4)
    assert _verdicts(fast) == _verdicts(real)
