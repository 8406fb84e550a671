"""The trusted verdicts: each case compared, the contract checked, a status decided per function.

Each case's value is compared with the reference (`compare`), the call's contract checked from its
evidence (`contract`), the rules' findings weighed, and a status, credit and summary decided per
function (`verdict`).
"""

from torch101.grader.judge.verdict import VERDICT_STATUSES, Verdict, judge

__all__ = ["VERDICT_STATUSES", "Verdict", "judge"]
