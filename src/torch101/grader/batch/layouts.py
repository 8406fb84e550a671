"""What an instructor downloads, read as a list of students: one `Submission` per entry.

Recognised layouts (each can be a PATH, or sit inside a class folder or zip):

- Gradescope "Export Submissions": `submission_metadata.yml` beside one `submission_<id>/`
  folder per submission; names, emails and student ids come from the YAML.
- Canvas bulk download: flat files `name_userid_submissionid_original.py` (`name_LATE_...` when
  late), loose in a folder or in a zip; files sharing a user id are one student.
- GitHub Classroom: one folder per repository, `assignment-username/`, the file anywhere inside;
  the username is the folder name less the prefix all the folders share.
- Plain: a class folder (or zip) with a folder, a .py or a .zip per student.

Inside a student's entry the file is found by `entry` (tolerant names, zips in zips; no
candidate, or two that differ, is an error the row explains).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from torch101.grader.batch.entry import (
    _CANVAS,
    GRADESCOPE_METADATA,
    Submission,
    _disk_nodes,
    _ignored,
    _nested,
    _Node,
    _open_zip,
    _Resolver,
    is_candidate,
)

__all__ = ["Collection", "Submission", "collect", "is_candidate"]


@dataclass
class Collection:
    submissions: list[Submission]
    ignored: list[str]  # top-level files that are no student's (notes.txt, a .DS_Store)


# ---------------------------------------------------------------------------------------------
# Containers: which entries are students


def _top(rel: str) -> str:
    return rel.split("/", 1)[0]


def _gradescope_meta(read: Callable[[], bytes]) -> dict[str, dict[str, str]]:
    """submission_<id> -> identity, from Gradescope's submission_metadata.yml."""
    import yaml

    try:
        data = yaml.safe_load(read()) or {}
    except yaml.YAMLError:
        return {}
    out: dict[str, dict[str, str]] = {}
    for key, value in data.items() if isinstance(data, dict) else ():
        value = {str(k).lstrip(":"): v for k, v in (value or {}).items()} if isinstance(value, dict) else {}  # fmt: skip
        people = [
            {str(k).lstrip(":"): "" if v is None else str(v) for k, v in p.items()}
            for p in value.get("submitters") or []
            if isinstance(p, dict)
        ]  # fmt: skip
        identity = {f: "; ".join(p.get(f, "") for p in people) for f in ("name", "email", "sid")}
        identity["submission_id"] = str(key).removeprefix("submission_")
        out[str(key)] = identity
    return out


def _prefix(names: Iterable[str]) -> str:
    """The prefix ending in '-' that every name shares (GitHub Classroom's `assignment-`)."""
    names = list(names)
    if len(names) < 2:
        return ""
    common = names[0]
    for name in names[1:]:
        while not name.startswith(common):
            common = common[:-1]
    cut = common.rfind("-") + 1
    return common[:cut] if all(len(n) > cut for n in names) else ""


class _Collector:
    def __init__(self, unpack_to: Path):
        self.resolve = _Resolver(unpack_to)
        self.subs: list[Submission] = []
        self.ignored: list[str] = []

    # a container: a class folder or zip, already listed as nodes relative to its root
    def container(self, nodes: list[_Node], where: str, folders: Sequence[str] = ()) -> None:
        """The students among `nodes`; `folders` are the root's folders (empty ones are rows too)."""
        start = len(self.subs)
        if not self._gradescope(nodes, where, depth=0):
            self._entries(nodes, where, folders)
        self.subs[start:] = sorted(self.subs[start:], key=lambda s: s.entry.casefold())

    def _entries(self, nodes: list[_Node], where: str, folders: Sequence[str]) -> None:
        tops: dict[str, list[_Node]] = {}
        loose: list[_Node] = []
        for node in nodes:
            (loose if "/" not in node.rel else tops.setdefault(_top(node.rel), [])).append(node)
        canvas: dict[str, list[_Node]] = {}
        for node in loose:
            match = _CANVAS.match(node.rel)
            is_zip = node.rel.lower().endswith(".zip")
            if match:
                canvas.setdefault(match["uid"], []).extend([node, *tops.pop(node.rel, [])])
            elif is_zip:
                inner = tops.pop(node.rel, [])
                self.entry(PurePosixPath(node.rel).stem, node, inner, f"{where}/{node.rel}")
            elif node.rel.lower().endswith(".py"):
                name = _clean(PurePosixPath(node.rel).stem)
                self.subs.append(self.resolve.student(name, [node], f"{where}/{node.rel}", force=True))  # fmt: skip
            else:
                self.ignored.append(f"{where}/{node.rel}")
        for uid, files in canvas.items():
            self._canvas(uid, files, where)
        names = sorted({*tops, *folders})
        prefix = _prefix(names) if len(names) >= 2 else ""
        for name in names:
            inner = [_Node(n.rel[len(name) + 1 :], n.read, n.disk, n.size) for n in tops.get(name, [])]  # fmt: skip
            entry = f"{where}/{name}"
            if inner and self._subcontainer(inner, entry):
                continue
            layout, identity, student = "plain", {}, name
            if prefix:
                layout, student = "classroom", name[len(prefix) :]
                identity = {"login": student, "repository": name}
            self.subs.append(self.resolve.student(student, inner, entry, layout=layout, identity=identity))  # fmt: skip

    def entry(self, student: str, node: _Node, inner: list[_Node], where: str) -> None:
        """A zip inside a class container: a class of its own, or one student."""
        inner = [_Node(n.rel[len(node.rel) + 1 :], n.read, n.disk, n.size) for n in inner]
        if inner and self._subcontainer(inner, where):
            return
        problems: list[str] = []
        if not inner:  # empty, or not a zip at all: ask again to learn which
            inner = _nested(node, 1, problems)
        self.subs.append(self.resolve.student(student, None if problems else inner, where, problems=problems))  # fmt: skip

    def _subcontainer(self, nodes: list[_Node], where: str) -> bool:
        """A folder or zip that is itself a class (Gradescope, Canvas, Classroom): expand it."""
        if self._gradescope(nodes, where):
            return True
        loose = [n for n in nodes if "/" not in n.rel]
        uids = {m["uid"] for n in loose if (m := _CANVAS.match(n.rel))}
        if len(uids) >= 2:
            self.container(nodes, where)
            return True
        tops = {_top(n.rel) for n in nodes if "/" in n.rel}
        holding = {_top(n.rel) for n in nodes if "/" in n.rel and is_candidate(n.rel)}
        if len(holding) >= 2 and not any(is_candidate(n.rel) for n in loose) and _prefix(tops):
            self.container(nodes, where)
            return True
        return False

    def _gradescope(self, nodes: list[_Node], where: str, depth: int = 1) -> bool:
        """An export: the metadata at the root, or (depth 1) in the one folder a zip holds."""
        meta = [n for n in nodes if PurePosixPath(n.rel).name == GRADESCOPE_METADATA]
        meta = [n for n in meta if n.rel.count("/") <= depth]
        if not meta:
            return False
        base = meta[0].rel[: -len(GRADESCOPE_METADATA)]  # "" or "export_folder/"
        where = f"{where}/{base.rstrip('/')}" if base else where
        people = _gradescope_meta(meta[0].read)
        folders: dict[str, list[_Node]] = {}
        for node in nodes:
            if not node.rel.startswith(base) or node is meta[0]:
                continue
            rel = node.rel[len(base) :]
            if "/" in rel:
                folders.setdefault(_top(rel), []).append(_Node(rel.split("/", 1)[1], node.read, node.disk, node.size))  # fmt: skip
            else:
                self.ignored.append(f"{where}/{rel}")
        for key in sorted(set(folders) | set(people)):
            identity = people.get(key, {"submission_id": key.removeprefix("submission_")})
            student = identity.get("name") or key
            problems = [] if key in people else [f"{key} is not in {GRADESCOPE_METADATA}"]
            if key not in folders:
                self.subs.append(Submission(student, None, error=f"listed in {GRADESCOPE_METADATA}, but the export has no folder {key}", identity=identity, layout="gradescope", entry=f"{where}/{key}"))  # fmt: skip
                continue
            sub = self.resolve.student(student, folders[key], f"{where}/{key}", layout="gradescope", identity=identity)  # fmt: skip
            if problems and sub.error is None:
                sub = dataclasses.replace(sub, error=None, note="; ".join(problems))  # fmt: skip
            self.subs.append(sub)
        return True

    def _canvas(self, uid: str, files: list[_Node], where: str, *, force: bool = False) -> None:
        first = _CANVAS.match(files[0].rel)
        assert first is not None
        identity = {"name": first["name"], "canvas_user_id": uid}
        subs = sorted({m["sub"] for n in files if "/" not in n.rel and (m := _CANVAS.match(n.rel))})
        identity["submission_id"] = "; ".join(subs)
        if any((m := _CANVAS.match(n.rel)) and m["late"] for n in files if "/" not in n.rel):
            identity["late"] = "yes"
        loose = [n for n in files if "/" not in n.rel]
        entry = f"{where}/" + (loose[0].rel if len(loose) == 1 else f"{first['name']}_{uid}_*")
        self.subs.append(self.resolve.student(first["name"], files, entry, layout="canvas", identity=identity, force=force))  # fmt: skip


def _clean(stem: str) -> str:
    """'dave (1)' -> 'dave': a browser's copy suffix is not part of a name."""
    return re.sub(r"\s*\(\d+\)$", "", stem) or stem


def _subfolders(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not _ignored(p.name))


def collect(paths: Sequence[str | Path], *, unpack_to: Path) -> Collection:
    """One Submission per student behind `paths`, in order, with unique `student` keys.

    A .py file, or a folder or zip holding one student's file, is one student; a folder or zip
    of students (any layout above) is one per student; a missing PATH is an error row.
    """
    c = _Collector(Path(unpack_to))
    for raw in paths:
        path = Path(raw)
        shown = str(path)
        if not path.exists():
            c.subs.append(Submission(path.name or shown, None, error=f"'{shown}' does not exist", entry=shown))  # fmt: skip
        elif path.is_file() and path.suffix.lower() == ".zip":
            problems: list[str] = []
            nodes = _open_zip(path, problems)
            if nodes is None or not _class_zip(c, nodes, shown):
                c.subs.append(c.resolve.student(path.stem, nodes, shown, problems=problems))
        elif path.is_file():
            _one_file(c, path)
        else:
            problems = []
            nodes = _disk_nodes(path, problems)
            if _one_student(nodes):
                c.subs.append(c.resolve.student(path.resolve().name, nodes, shown, problems=problems))  # fmt: skip
            else:
                c.container(nodes, shown.rstrip("/"), folders=_subfolders(path))
    return Collection(_unique(c.subs), c.ignored)


def _one_student(nodes: list[_Node]) -> bool:
    """A folder given as PATH is one student's when it holds the file at its root, and neither
    Canvas files of two students nor two subfolders that hold one each."""
    loose = [n for n in nodes if "/" not in n.rel]
    if not any(is_candidate(n.rel) for n in loose):
        return False
    uids = {m["uid"] for n in loose if (m := _CANVAS.match(n.rel))}
    holding = {_top(n.rel) for n in nodes if "/" in n.rel and is_candidate(n.rel)}
    return len(uids) < 2 and len(holding) < 2


def _class_zip(c: _Collector, nodes: list[_Node], where: str) -> bool:
    """A zip given as PATH: a class (any layout, or 2+ folders each with a file) or one student."""
    if c._subcontainer(nodes, where):
        return True
    loose = [n for n in nodes if "/" not in n.rel]
    tops = {_top(n.rel) for n in nodes if "/" in n.rel}
    holding = [t for t in tops if any(is_candidate(n.rel) for n in nodes if _top(n.rel) == t)]
    if len(holding) >= 2 and not any(is_candidate(n.rel) for n in loose):
        c.container(nodes, where)
        return True
    return False


def _one_file(c: _Collector, path: Path) -> None:
    """A file named on the command line: graded whatever its name, if it is Python."""
    if path.suffix.lower() != ".py":
        c.subs.append(Submission(path.stem, None, error=f"'{path}' is not a .py file, a folder or a .zip", entry=str(path)))  # fmt: skip
        return
    node = _Node(path.name, path.read_bytes, path, path.stat().st_size)
    match = _CANVAS.match(path.name)
    if match:
        c._canvas(match["uid"], [node], str(path.parent), force=True)
        return
    parent = path.resolve().parent.name
    name = parent if is_candidate(path.name) and parent else _clean(path.stem)
    c.subs.append(Submission(name, path, entry=str(path)))


def _unique(subs: list[Submission]) -> list[Submission]:
    seen: dict[str, int] = {}
    out = []
    for sub in subs:
        n = seen.get(sub.student, 0) + 1
        seen[sub.student] = n
        if n > 1:
            sub = dataclasses.replace(sub, student=f"{sub.student}-{n}")  # fmt: skip
        out.append(sub)
    return out
