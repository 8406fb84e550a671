"""Rule checks on the student's syntax tree: trusted, nothing is executed.

A static check alone can be fooled (aliases, getattr with strings, eval), so it is hardened
where it is cheap (import aliases are resolved, attribute *reads* are flagged, not only calls,
string constants are searched, recursion is found through the module's call graph) and the
verdict also needs the run-time log of torch calls (`judge.py`). Its job is the friendly part:
which rule, at which line.

By concern: `model` (findings, reports, the module index), `check` (one function's report),
`loops` and `names` (the rules' checks), `policy` with `policy_names` and `policy_tree` (the
static policy: imports, attributes, builtins, torch chains), `input_checks` (what only decides
whether to fail).
"""

from torch101.grader.static.check import check_function
from torch101.grader.static.model import Finding, FunctionReport, Module, parse

__all__ = ["Finding", "FunctionReport", "Module", "check_function", "parse"]
