"""Where the learner stopped in the tour, for `torch101 tour --next`.

One small JSON file in the user's config folder (platformdirs: ~/.config/torch101 on Linux,
~/Library/Application Support/torch101 on macOS, %LOCALAPPDATA%\\torch101 on Windows), or in
TORCH101_CONFIG_DIR when set. A missing, unreadable or foreign file means "from the start".
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from torch101.tour.model import Section
from torch101.tour.sections import SECTIONS, section_names

__all__ = ["following", "forget", "last_seen", "remember", "state_file"]


def state_file(environ: Mapping[str, str] = os.environ) -> Path:
    base = environ.get("TORCH101_CONFIG_DIR")
    if not base:
        import platformdirs

        base = platformdirs.user_config_dir("torch101", appauthor=False)
    return Path(base) / "tour.json"


def last_seen(environ: Mapping[str, str] = os.environ) -> str | None:
    """The last section shown, if the file names a section that exists."""
    try:
        data = json.loads(state_file(environ).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    name = data.get("last") if isinstance(data, dict) else None
    return name if name in section_names() else None


def remember(name: str, environ: Mapping[str, str] = os.environ) -> None:
    """Record `name` as the last section shown (written whole, then renamed into place)."""
    path = state_file(environ)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"last": name}) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def forget(environ: Mapping[str, str] = os.environ) -> None:
    state_file(environ).unlink(missing_ok=True)


def following(last: str | None) -> Section | None:
    """The section after `last` (the first when None); None after the last section."""
    if last is None:
        return SECTIONS[0]
    position = section_names().index(last) + 1
    return SECTIONS[position] if position < len(SECTIONS) else None
