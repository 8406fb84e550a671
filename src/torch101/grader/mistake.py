"""A message that also says which recognised mistake it states.

That way, what reads the verdict (the lessons) learns the mistake from the grader, never by
parsing the words back.
"""

from __future__ import annotations

__all__ = ["MISTAKES", "Said", "mistake_of"]

# The mistakes the grader recognises where it finds them (the lessons hold their ideas).
MISTAKES = ("mutated", "python_number", "dtype", "not_a_view", "loop", "index_count")


class Said(str):
    """Words for a person, and the mistake they state (one of MISTAKES)."""

    mistake: str

    def __new__(cls, text: str, mistake: str) -> Said:
        if mistake not in MISTAKES:
            raise ValueError(f"Said: mistake must be one of {', '.join(MISTAKES)}; got {mistake!r}")
        said = super().__new__(cls, text)
        said.mistake = mistake
        return said

    def __reduce__(self) -> tuple:  # copies and pickles (class runs) keep the mistake
        return (Said, (str(self), self.mistake))


def mistake_of(text: object) -> str:
    """The mistake a message states ("" for words that state none the grader recognises)."""
    return text.mistake if isinstance(text, Said) else ""
