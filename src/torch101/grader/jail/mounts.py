"""Mounts for the jail: the syscalls, read-only remounts, and the minimal file view.

Standard library only (ctypes into libc), like everything the keeper runs before the worker.
`minimal_root` builds the worker's whole file system from what the grader names (the Python
runtime, torch and its dependencies, system libraries, a few devices) and pivots into it, so
nothing else of the machine (the reference, other submissions, the instructor's files) exists
for the worker.
"""

from __future__ import annotations

import ctypes
import os
import stat

CLONE_NEWNS, CLONE_NEWUSER = 0x00020000, 0x10000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_NOATIME, MS_NODIRATIME, MS_BIND = 32, 1024, 2048, 4096
MS_REC, MS_PRIVATE, MS_RELATIME, MS_STRICTATIME = 16384, 1 << 18, 1 << 21, 1 << 24
_MOUNT_FLAGS = {
    "nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC, "noatime": MS_NOATIME,
    "nodiratime": MS_NODIRATIME, "relatime": MS_RELATIME, "strictatime": MS_STRICTATIME,
}  # fmt: skip
try:
    _libc = ctypes.CDLL(None, use_errno=True)
except OSError:  # pragma: no cover - no C library to call
    _libc = None


def _call(name: str, *args) -> None:
    if _libc is None or not hasattr(_libc, name):
        raise OSError(f"{name} is not available here")
    if getattr(_libc, name)(*args) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{name}: {os.strerror(errno)}")


def _mount(source, target, fstype, flags, data=None) -> None:
    enc = lambda s: s.encode() if isinstance(s, str) else s  # noqa: E731
    _call("mount", enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data))


def private_mounts() -> None:
    _call("unshare", CLONE_NEWNS)
    _mount(None, "/", None, MS_REC | MS_PRIVATE)


def remount_read_only() -> int:
    """Every mount read-only (keeping the flags a user namespace may not clear); failures counted."""
    failed = 0
    with open("/proc/self/mountinfo") as f:
        lines = f.read().splitlines()
    for line in lines:
        fields = line.split()
        target = fields[4].encode().decode("unicode_escape")
        flags = MS_BIND | MS_REMOUNT | MS_RDONLY
        for option in fields[5].split(","):
            flags |= _MOUNT_FLAGS.get(option, 0)
        try:
            _mount(None, target, None, flags)
        except OSError:
            failed += 1
    return failed


def world_reachable(path: str) -> str | None:
    """The first directory on the way to `path` that others may not enter, or None."""
    parts = os.path.realpath(path).split("/")[1:]
    current = "/"
    for part in parts:
        try:
            mode = os.stat(current).st_mode
        except OSError:
            return None
        if not mode & stat.S_IXOTH:
            return current
        current = os.path.join(current, part)
    return None


def cover(directory: str, keep: list[str], data: str) -> None:
    """Mount a tmpfs on `directory` that shows only the entries on the way to `keep`, each
    bound from the original (opened before the tmpfs hides it)."""
    prefix = directory.rstrip("/") + "/"
    entries = {p[len(prefix) :].split("/")[0] for p in keep if p.startswith(prefix)}
    handles = {e: os.open(prefix + e, os.O_PATH) for e in entries if os.path.lexists(prefix + e)}
    _mount("tmpfs", directory, "tmpfs", MS_NOSUID | MS_NODEV, data)
    for entry, fd in handles.items():
        target = prefix + entry
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            os.mkdir(target, 0o755)
        else:
            open(target, "w").close()
        _mount(f"/proc/self/fd/{fd}", target, None, MS_BIND | MS_REC)
        os.close(fd)


def expose(paths: list[str]) -> list[str]:
    """Make `paths` reachable for an unprivileged user: a locked directory on the way (say
    /root, mode 700, holding a pyenv Python) is covered by a tmpfs that shows only the needed
    entries."""
    done: list[str] = []
    for _ in range(8):
        gates = {world_reachable(p) for p in paths} - {None, "/"}
        if not gates:
            break
        for gate in sorted(gates):
            cover(gate, paths, "size=64k,mode=755")
            done.append(gate)
    return done




# ---------------------------------------------------------------------------------------------
# The minimal file view

MNT_DETACH = 2
_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "arm64": 41, "ppc64le": 203, "s390x": 217}
_DEVICES = ("null", "zero", "full", "random", "urandom")
_SCRATCH_DIRS = ("/tmp", "/var/tmp", "/dev/shm")


def _statvfs_flags(path: str) -> int:
    """The mount flags a user namespace may not clear (nosuid, nodev, noexec...), as MS_*."""
    f = os.statvfs(path).f_flag
    flags = 0
    for st, ms in ((os.ST_NOSUID, MS_NOSUID), (os.ST_NODEV, MS_NODEV), (os.ST_NOEXEC, MS_NOEXEC),
                   (os.ST_NOATIME, MS_NOATIME), (os.ST_NODIRATIME, MS_NODIRATIME),
                   (os.ST_RELATIME, MS_RELATIME)):  # fmt: skip
        if f & st:
            flags |= ms
    return flags


def _bind(source: str, target: str) -> None:
    """`source` at `target`, read-only; the target's parents are made in the new root."""
    if os.path.isdir(source):
        os.makedirs(target, mode=0o755, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), mode=0o755, exist_ok=True)
        if not os.path.lexists(target):
            open(target, "w").close()
    _mount(source, target, None, MS_BIND | MS_REC)
    _mount(None, target, None, MS_BIND | MS_REMOUNT | MS_RDONLY | _statvfs_flags(source))


def _link_or_bind(path: str, root: str) -> None:
    """/lib, /bin... as on the host: the same symlink (merged /usr), or a read-only bind."""
    if os.path.islink(path):
        os.symlink(os.readlink(path), root + path)
    elif os.path.exists(path):
        _bind(path, root + path)


def minimal_root(root: str, keep: list[str], covered: dict[str, list[str]], size: str) -> None:
    """Build the worker's file system under `root` (an empty directory) and pivot into it.

    `keep`: paths bound read-only at the same place (the Python runtime, torch's folders);
    `covered`: folders inside those (site-packages) that show only the listed entries. The
    system's libraries, /etc/ld.so.cache, /sys and a few devices are added; /tmp, /var/tmp and
    /dev/shm are fresh tmpfs; /proc is mounted by the caller (it needs the new PID namespace).
    """
    _mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=755")
    for folder in _SCRATCH_DIRS:
        os.makedirs(root + folder, mode=0o755, exist_ok=True)
        _mount("tmpfs", root + folder, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode=1777")
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        _link_or_bind(top, root)
    system = ["/usr/lib", "/usr/lib64", "/usr/lib32", "/usr/libx32", "/etc/ld.so.cache", "/sys"]
    devices = [f"/dev/{d}" for d in _DEVICES]
    devices += [f"/dev/{d}" for d in os.listdir("/dev") if d.startswith("nvidia")]
    for path in sorted({*system, *devices, *keep}, key=len):
        if os.path.exists(path) and not os.path.islink(path):
            _bind(path, root + path)
    for folder, entries in covered.items():
        if os.path.isdir(root + folder):
            cover(root + folder, [root + folder + "/" + e for e in entries], "size=64k,mode=755")
            _mount(None, root + folder, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    os.makedirs(root + "/proc", mode=0o555, exist_ok=True)
    _mount(None, root, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    _pivot(root)


def _pivot(root: str) -> None:
    number = _PIVOT_ROOT.get(os.uname().machine)
    os.chdir(root)
    if number is None or _libc is None or _libc.syscall(number, b".", b".") != 0:
        errno = ctypes.get_errno() if _libc is not None else 0
        raise OSError(errno, f"pivot_root: {os.strerror(errno) if errno else 'unsupported'}")
    _call("umount2", b".", MNT_DETACH)  # the old root, stacked on top of the new one
    os.chdir("/")
