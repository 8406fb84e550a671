"""The grader's errors a user can cause: a bad option value, a submission that cannot be graded.

The command line answers both with exit code 2 and the message alone.
"""

from __future__ import annotations

__all__ = ["SubmissionError", "UsageError"]


class UsageError(ValueError):
    """A bad option value: the command line answers with exit code 2."""


class SubmissionError(UsageError):
    """The submission cannot be graded: missing, not Python, unreadable, or a syntax error."""
