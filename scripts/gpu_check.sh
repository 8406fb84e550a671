#!/usr/bin/env bash
# torch101 GPU check: run ONCE on a lent H100/H200, from the repository root.
#
#   bash scripts/gpu_check.sh        # the device tool sets $OUT; without it: ./gpu-check-out
#
# Device tool: run it with timeout_s >= BUDGET + 60 (default 460), then give the machine back.
# torch101 need not be installed there: PYTHONPATH=src. Nothing is fetched (no network).
#
# Runs the CUDA tests of torch101.fast, then every bench experiment on the GPU at full size
# (10000^3 offload, 16384^2 normalize, ...), each in its own process under its own time limit,
# the fast paths' goals first, and starts no experiment that the budget cannot hold. Each
# experiment stops its sweeps 15 s before its cap (--time-limit) and saves what it measured;
# one killed at its cap still saves the tables it completed (SIGTERM). After each experiment
# the merged results are rewritten into $OUT, so a run cut short still brings back everything
# that finished. Expected: about 5 minutes; BUDGET=400 s at most.
#
# Writes at most 8 files to $OUT (the device tool brings back at most 8, none in subfolders):
#   gpu.txt      nvidia-smi, driver, PCIe link, torch, CUDA and TF32 settings
#   pytest.txt   the CUDA tests (-m cuda; the bench's run at full size instead), TF32 switch
#                tests, the slowest tests' durations
#   bench.json   every experiment that finished: raw samples, statistics, environment
#   bench.txt    all tables and verdicts, then the summary table
#   bench.md     the same tables in Markdown, for docs/benchmarks.md
#   bench.png    all sweeps in one figure (drawn last, if time is left)
#   runs.txt     each experiment's own console output and errors
#   times.txt    what ran when, for how long, exit codes
# Re-render later with: torch101 bench --load bench.json --plot bench.png
# Dry run of the plumbing on a CPU machine: BENCH_ARGS="--device cpu --quick" bash scripts/gpu_check.sh
# (with the default --device cuda and no GPU it runs the tests, skips the experiments, exits 2).
# EXPERIMENTS="name:cap ..." runs other experiments or caps; RUN_TESTS=0 skips the pytest runs.
# Exit status: 0 some experiments finished (see times.txt for each one's exit code: 124 = cut off
# by its limit), 1 none finished, 2 no CUDA device.
set -u
cd "$(dirname "$0")/.."
OUT=${OUT:-$PWD/gpu-check-out}
mkdir -p "$OUT"
(cd "$OUT" && rm -f gpu.txt pytest.txt bench.json bench.txt bench.md bench.png runs.txt times.txt)
export PYTHONPATH="$PWD/src${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONUNBUFFERED=1 # a killed experiment still leaves its output in runs.txt
PY=${PYTHON:-python3}
BUDGET=${BUDGET:-400}
RUN_TESTS=${RUN_TESTS:-1}
# experiment:cap-in-seconds, the fast paths' goals first, then the notebook's experiments
read -r -a EXPERIMENT_CAPS <<<"${EXPERIMENTS:-offload:120 normalize:90 mm:90 crossover:50 add:30 bmm:50}"
RESERVE=${RESERVE:-80} # seconds the experiments leave for the other CUDA tests and the merge
read -r -a BENCH_ARGS <<<"${BENCH_ARGS:---device cuda}"
START=$(date +%s)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

elapsed() { echo $(($(date +%s) - START)); }
left() { echo $((BUDGET - $(elapsed))); }
log() { echo "[$(elapsed) s] $*" | tee -a "$OUT/times.txt"; }

# Merge every finished experiment into $OUT (no torch import: well under a second). A file
# that does not parse is left out, so it cannot spoil the merge of the others.
merge() {
  local files=() exp
  for exp in mm crossover bmm add normalize offload; do
    [[ -f "$WORK/$exp.json" ]] || continue
    if "$PY" -c 'import json, sys; json.load(open(sys.argv[1]))' "$WORK/$exp.json" 2>/dev/null; then
      files+=("$WORK/$exp.json")
    else
      log "left out $exp.json: not valid JSON"
    fi
  done
  MERGED=${#files[@]}
  ((MERGED)) || return 1
  "$PY" -m torch101 bench --load "${files[@]}" --json "$OUT/bench.json" --markdown "$OUT/bench.md" "$@" \
    >"$OUT/bench.txt" 2>&1
}

{ # each command under a limit: a hung driver query must not use up the device time
  timeout -k 2 20 nvidia-smi
  timeout -k 2 20 nvidia-smi --query-gpu=name,driver_version,pcie.link.gen.current,pcie.link.width.current,persistence_mode,clocks.sm,clocks.mem,power.limit --format=csv
  timeout -k 2 60 "$PY" - <<'EOF'
import sys, warnings
warnings.simplefilter("ignore")
import torch
print(sys.version)
print("torch", torch.__version__, "cuda", torch.version.cuda, "threads", torch.get_num_threads())
print("cuda available", torch.cuda.is_available())
if torch.cuda.is_available():
    print(torch.cuda.get_device_name(), torch.cuda.get_device_capability())
print("cuda.matmul.fp32_precision", getattr(torch.backends.cuda.matmul, "fp32_precision", None))
EOF
  env | grep -Ei '^(nvidia_tf32|torch_|cuda_|omp_|mkl_)' | sort # a TF32 override voids fp32 rows
  nproc
  free -g
} >"$OUT/gpu.txt" 2>&1
log "machine: $(timeout -k 2 20 nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>&1 | head -n 1)"

# The offload tests first: the pipeline must be right before it is timed. Every other CUDA test
# (normalize's torch.compile, the reference on CUDA, mm_on_gpu graded inside the jail, the
# tour's and notebook's GPU cells) runs after the experiments, in the time they leave. The
# image there lacks nbformat/nbclient: files that need them fail to collect, the rest run.
# -v: a run killed at its cap still names the tests that ran; a per-test limit where
# pytest-timeout is installed, so one hung test cannot take the whole cap.
PYTEST=(-m pytest -m cuda -v -rs -p no:cacheprovider --durations=10 --continue-on-collection-errors)
"$PY" -c "import pytest_timeout" 2>/dev/null && PYTEST+=(--timeout=60)
: >"$OUT/pytest.txt"
if ((RUN_TESTS)); then
  log "pytest -m cuda tests/fast/test_offload.py"
  timeout -k 5 60 "$PY" "${PYTEST[@]}" tests/fast/test_offload.py >"$OUT/pytest.txt" 2>&1
  log "pytest offload exit $? : $(tail -n 1 "$OUT/pytest.txt")"
  # The TF32 switch's save and restore (no GPU needed, ~1 s), checked against this torch's flags.
  timeout -k 5 30 "$PY" -m pytest tests/fast/test_precision.py -q -p no:cacheprovider >>"$OUT/pytest.txt" 2>&1
  log "pytest precision exit $? : $(tail -n 1 "$OUT/pytest.txt")"
fi

status=0
MERGED=0
if [[ " ${BENCH_ARGS[*]} " == *" --device cuda "* ]] &&
  ! "$PY" -c "import torch, sys; sys.exit(not torch.cuda.is_available())" 2>/dev/null; then
  log "no CUDA device here (torch.cuda.is_available() is False): the GPU experiments are skipped"
  status=2
else
  for item in "${EXPERIMENT_CAPS[@]}"; do
    exp=${item%%:*}
    cap=${item##*:}
    limit=$(($(left) - RESERVE)) # keep time for the other CUDA tests and the final merge
    ((limit < cap)) && cap=$limit
    if ((cap < 20)); then
      log "skip $exp: only $(left) s of the budget left"
      continue
    fi
    log "bench $exp (limit $cap s)"
    echo "===== $exp =====" >>"$OUT/runs.txt"
    # --time-limit: sweeps stop 15 s before the cap, so the experiment ends and saves itself.
    # --ceilings: the ceilings the experiments before measured are reused, not measured again
    # (device time saved, and one ceiling has one value in every table).
    known=()
    [[ -f "$OUT/bench.json" ]] && known=(--ceilings "$OUT/bench.json")
    timeout -k 5 "$cap" "$PY" -m torch101 bench "$exp" "${BENCH_ARGS[@]}" --json "$WORK/$exp.json" \
      --time-limit $((cap - 15)) ${known[@]+"${known[@]}"} >>"$OUT/runs.txt" 2>&1
    log "bench $exp exit $? ($([[ -f $WORK/$exp.json ]] && echo saved || echo 'no results'))"
    merge || true
  done
fi

cap=$(($(left) - 10))
if ((!RUN_TESTS)); then
  log "skip the other CUDA tests: RUN_TESTS=0"
elif ((cap >= 20)); then
  log "pytest -m cuda: the other CUDA tests (limit $cap s; tests/bench excluded)"
  timeout -k 5 "$cap" "$PY" "${PYTEST[@]}" tests --ignore=tests/bench \
    --ignore=tests/fast/test_offload.py >>"$OUT/pytest.txt" 2>&1
  log "pytest others exit $? : $(tail -n 1 "$OUT/pytest.txt")"
else
  log "skip the other CUDA tests: only $(left) s of the budget left"
fi

if ((status == 0)) && merge; then
  if (($(left) > 5)); then
    merge --plot "$OUT/bench.png" || log "plot failed: see bench.txt"
  fi
  log "merged $MERGED experiments into bench.json"
  tail -n 45 "$OUT/bench.txt"
elif ((status == 0)); then
  log "no experiment finished: see runs.txt"
  [[ -f $OUT/runs.txt ]] && tail -n 40 "$OUT/runs.txt"
  status=1
fi
tail -n 3 "$OUT/pytest.txt" 2>/dev/null
log "done (exit $status)"
exit $status
