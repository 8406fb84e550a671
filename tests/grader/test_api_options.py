"""`torch101.grade()` takes the command line's option names (cases, only), with clear errors."""

from __future__ import annotations

import pytest

from torch101.grader.api import UsageError, grade

from .inprocess import InProcessSession


def test_cases_and_only_choose_what_is_graded():
    result = grade(None, only="reshape_practice", cases=2, session_factory=InProcessSession)
    assert [f.name for f in result.functions] == ["reshape_practice"]  # one name, not letters
    assert result["reshape_practice"].cases_run < 10  # the notebook's and edge cases, + 2 random
    older = grade(None, functions=["reshape_practice"], random_cases=2, session_factory=InProcessSession)  # fmt: skip
    assert older.functions[0].cases_run == result["reshape_practice"].cases_run


def test_a_bad_cases_value_names_the_option_and_what_was_given():
    with pytest.raises(UsageError, match=r"cases \(random cases per function\) must be an int >= 1, got 0"):  # fmt: skip
        grade(None, cases=0)
