"""Tests of torch101.grader; CORPUS is the folder of submissions with known verdicts."""

from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
