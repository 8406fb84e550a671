#!/usr/bin/env bash
# The Gradescope bundle end to end in a clean Debian root, as Gradescope would use it:
#   debootstrap a minimal Debian (bookworm: Python 3.11, "externally managed" per PEP 668),
#   copy the bundle to /autograder/source, run setup.sh there (it installs what it needs),
#   then run_autograder on a good, a broken and an empty submission, and check
#   /autograder/results/results.json each time.
#
#   sudo scripts/gradescope_e2e.sh WORK_DIR [WHEELS_DIR]
#
# WORK_DIR holds the Debian root (kept in WORK_DIR/base and reused) and a fresh copy per run.
# WHEELS_DIR (optional): a folder of wheels, e.g. the CPU build of torch where its index cannot be
# reached; pip then finds torch there (TORCH101_TORCH_INDEX="" and PIP_FIND_LINKS).
# DEBIAN_MIRROR, DEBIAN_SUITE override the mirror and suite. Exit 0: all checks passed;
# 77: cannot run here (not root, no debootstrap or chroot); anything else: a failure.
set -euo pipefail
WORK="$(realpath -m "${1:?usage: gradescope_e2e.sh WORK_DIR [WHEELS_DIR]}")"
WHEELS="${2:-}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUITE="${DEBIAN_SUITE:-bookworm}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
PY="${PYTHON:-python3}"

[ "$(id -u)" = 0 ] || { echo "skip: needs root (debootstrap, chroot, mounts)"; exit 77; }
command -v debootstrap >/dev/null || { echo "skip: debootstrap is not installed (apt-get install debootstrap)"; exit 77; }
command -v chroot >/dev/null || { echo "skip: no chroot"; exit 77; }

mkdir -p "$WORK"
BASE="$WORK/base"
if [ ! -x "$BASE/usr/bin/apt-get" ]; then
    echo "== debootstrap $SUITE (minbase) into $BASE"
    rm -rf "$BASE"
    debootstrap --variant=minbase --include=ca-certificates "$SUITE" "$BASE" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
        || { tail -20 "$WORK/debootstrap.log"; exit 1; }
fi

ROOT="$WORK/root"
cleanup() {
    for m in proc sys dev/pts dev; do umount -l "$ROOT/$m" 2>/dev/null || true; done
    umount -l "$ROOT" 2>/dev/null || true
}
trap cleanup EXIT
cleanup
rm -rf "$ROOT"
cp -a "$BASE" "$ROOT"
# The root a container gets is a mount point; a bare folder is not, and then no mount namespace
# can be made inside it (the sandbox would fall back to fewer isolation layers than on Gradescope).
mount --bind "$ROOT" "$ROOT"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
[ -f /etc/ssl/certs/ca-certificates.crt ] && cp /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/ssl/certs/host-ca.crt"
mount -t proc proc "$ROOT/proc"
mount --bind /sys "$ROOT/sys"
mount --bind /dev "$ROOT/dev"
mount --bind /dev/pts "$ROOT/dev/pts" 2>/dev/null || true

echo "== build the bundle"
mkdir -p "$ROOT/autograder/source" "$ROOT/autograder/submission" "$ROOT/autograder/results"
PYTHONPATH="$HERE/src" "$PY" -m torch101 grade --gradescope-bundle "$WORK/autograder.zip" --cases 3
PYTHONPATH="$HERE/src" "$PY" - "$WORK/autograder.zip" "$ROOT/autograder/source" <<'EOF'
import sys, zipfile
from pathlib import Path
with zipfile.ZipFile(sys.argv[1]) as zf:
    for info in zf.infolist():
        target = Path(sys.argv[2]) / info.filename
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(zf.read(info))
        target.chmod((info.external_attr >> 16) & 0o777 or 0o644)
EOF

ENV=(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8)
[ -f "$ROOT/etc/ssl/certs/host-ca.crt" ] && ENV+=(PIP_CERT=/etc/ssl/certs/host-ca.crt)
if [ -n "$WHEELS" ]; then
    mkdir -p "$ROOT/wheels"
    cp "$WHEELS"/*.whl "$ROOT/wheels/"
    ENV+=(TORCH101_TORCH_INDEX= PIP_FIND_LINKS=/wheels)
fi

echo "== setup.sh (as Gradescope runs it: root, in /autograder/source)"
t0=$(date +%s)
chroot "$ROOT" "${ENV[@]}" bash -c "cd /autograder/source && ./setup.sh" >"$WORK/setup.log" 2>&1 \
    || { echo "setup.sh FAILED:"; tail -30 "$WORK/setup.log"; exit 1; }
echo "setup.sh took $(( $(date +%s) - t0 )) s; $(tail -1 "$WORK/setup.log")"

PYTHONPATH="$HERE/src" "$PY" -c "from torch101.reference.export import solution_source; print(solution_source('2022'))" >"$WORK/good.py"
printf 'def reverse_rows(x:\n    return x\n' >"$WORK/broken.py"

check() {  # check NAME FILE|"" PYTHON-ASSERTION
    local name=$1 file=$2 assertion=$3
    rm -rf "$ROOT/autograder/submission" "$ROOT/autograder/results"
    mkdir -p "$ROOT/autograder/submission" "$ROOT/autograder/results"
    [ -n "$file" ] && cp "$file" "$ROOT/autograder/submission/pytorch101.py"
    chroot "$ROOT" "${ENV[@]}" /autograder/source/run_autograder >"$WORK/run-$name.log" 2>&1 || true
    cp "$ROOT/autograder/results/results.json" "$WORK/results-$name.json" 2>/dev/null \
        || { echo "FAIL $name: no results.json"; tail -20 "$WORK/run-$name.log"; return 1; }
    "$PY" - "$WORK/results-$name.json" "$assertion" <<'EOF'
import json, sys
data = json.load(open(sys.argv[1]))
ok = eval(sys.argv[2], {"data": data, "tests": {t["name"]: t for t in data["tests"]}})
notes = [line for line in data["output"].splitlines() if line.startswith("note:")]
print(("ok  " if ok else "FAIL"), sys.argv[1].rsplit("/", 1)[-1], "score", data["score"], "of", sum(t["max_score"] for t in data["tests"]))
for line in notes:
    print("    ", line[:300])
sys.exit(0 if ok else 1)
EOF
}

echo "== run_autograder"
status=0
check good "$WORK/good.py" 'data["score"] == sum(t["max_score"] for t in data["tests"]) > 0 and all(t["status"] == "passed" for t in data["tests"])' || status=1
check broken "$WORK/broken.py" 'data["score"] == 0 and data["tests"] == [] and "SyntaxError" in data["output"]' || status=1
check empty "" 'data["score"] == 0 and data["tests"] == [] and "no pytorch101.py" in data["output"]' || status=1
exit $status
