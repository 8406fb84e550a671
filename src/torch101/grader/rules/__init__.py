"""The assignment's rules, one object per rule and one file each.

Each rule has its static half (findings with lines, from the syntax tree), its run-time half
(from the torch-call log) and its messages.

A function's `Rules` is the rule as stated plus its checks, e.g.
`Rules("a single integer array indexing operation", Indexing(1, 1))`; `static.check_function`
runs the static halves, `runtime_violations` the run-time ones. A new rule is a new file here
with a `Rule` subclass, used in `spec.py`.
"""

from torch101.grader.rules.base import CaseRun, Rule, Rules, Source, Violations
from torch101.grader.rules.comparisons import Comparisons
from torch101.grader.rules.evidence import runtime_violations
from torch101.grader.rules.forbidden import Forbidden
from torch101.grader.rules.gpu import GpuRoundTrip
from torch101.grader.rules.half_credit import HalfCredit
from torch101.grader.rules.in_torch import InTorch
from torch101.grader.rules.indexing import Indexing
from torch101.grader.rules.loops import LoopSwitch, NoLoops, OneLoop
from torch101.grader.rules.memory import MaxNumel
from torch101.grader.rules.one_line import OneLine
from torch101.grader.rules.only import Only
from torch101.grader.rules.reshape_subscripts import ReshapeSubscripts
from torch101.grader.rules.slice_assignments import SliceAssignments

__all__ = [
    "CaseRun",
    "Comparisons",
    "Forbidden",
    "GpuRoundTrip",
    "HalfCredit",
    "InTorch",
    "Indexing",
    "LoopSwitch",
    "MaxNumel",
    "NoLoops",
    "OneLine",
    "OneLoop",
    "Only",
    "ReshapeSubscripts",
    "Rule",
    "Rules",
    "SliceAssignments",
    "Source",
    "Violations",
    "runtime_violations",
]
