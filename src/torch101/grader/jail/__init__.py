"""The untrusted side of the grader: everything that runs in a worker's process tree.

Each sandbox gets a copy of this folder as the package `_torch101_jail` (the torch101 package,
and with it the reference, is not visible there), so these modules import only the standard
library, torch and each other, relatively. `tests/grader/test_architecture.py` enforces it.

- `zygote`: fork server (torch imported once); `boot`: the keeper that jails one worker;
- `worker`: imports the submission and serves calls; `recorder`: the torch call log and the
  emulated GPU; `capture`: the student's prints; `guard`: the audit hook and seccomp filter;
- `codec`: plain data across the boundary, shared with the parent.
"""

PACKAGE = "_torch101_jail"  # the copy's name inside a sandbox


def launcher(module: str) -> str:
    """`python -I -S -B -c <this> ARGS`: run `module.main(ARGS)` from the copy in the cwd."""
    return (
        "import sys; sys.path.insert(0, '.'); "
        f"from {PACKAGE}.{module} import main; sys.exit(main(sys.argv[1:]))"
    )
