"""Points and credits: the packaged defaults of weights.toml, updated by an instructor's file.

`load_weights(path)` reads `[points]` (per function) and `[credit]` (the shares of a function's
points kept when its values are right but it breaks a rule, or uses what earns half credit);
a file needs only the keys it changes, and unknown keys or values out of range are refused.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["Credits", "Weights", "load_weights"]


@dataclass(frozen=True)
class Credits:
    """Shares of a function's points kept when its values are right but..."""

    rule_violation: float = 0.0  # ...it breaks a rule of the assignment
    half_credit: float = 0.5  # ...it uses torch.unique in the challenge (the assignment's promise)


@dataclass(frozen=True)
class Weights:
    points: dict[str, float]
    credits: Credits = Credits()


def load_weights(path: str | Path | None = None) -> Weights:
    """The packaged defaults, updated by the keys of the TOML file at `path`."""
    default = tomllib.loads(resources.files("torch101.grader").joinpath("weights.toml").read_text())
    points, credit = dict(default["points"]), dict(default["credit"])
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise ValueError(f"load_weights: weights file '{path}' does not exist")
        try:
            user = tomllib.loads(path.read_text())
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise ValueError(f"load_weights: '{path}' is not valid TOML: {err}") from None
        _merge(path, "points", user, points)
        _merge(path, "credit", user, credit)
        unknown = set(user) - {"points", "credit"}
        if unknown:
            raise ValueError(
                f"load_weights: '{path}' has unknown section(s) {sorted(unknown)}; allowed: [points], [credit]"
            )
    for name, value in credit.items():
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"load_weights: credit.{name} must be between 0 and 1, got {value}")
    return Weights(points, Credits(**credit))


def _merge(path: Path, section: str, user: dict, into: dict) -> None:
    for key, value in user.get(section, {}).items():
        if key not in into:
            raise ValueError(
                f"load_weights: '{path}' sets unknown {section}.{key}; allowed: {', '.join(sorted(into))}"
            )
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ValueError(
                f"load_weights: {section}.{key} in '{path}' must be a number >= 0, got {value!r}"
            )
        into[key] = float(value)
