#!/usr/bin/env bash
# torch101 GPU check (issues 6 and 7): run ONCE on a lent H100/H200, from the repository root.
#
#   bash scripts/gpu_check.sh        # the device tool sets $OUT; without it: ./gpu-check-out
#
# Runs the CUDA tests of torch101.fast and torch101.bench, then every bench experiment on the
# GPU (full sizes: 10000^3 offload, 16384^2 normalize, ...), each in its own process with its
# own time limit, most important first, and stops starting new ones when the budget runs low.
# About 5 minutes expected, BUDGET=480 s at most (the lease is 15 min including start-up).
#
# Writes 8 files to $OUT (the device tool brings back at most 8):
#   gpu.txt      nvidia-smi, driver, PCIe link, torch and CUDA versions
#   pytest.txt   the CUDA tests (-m cuda)
#   bench.json   every experiment that finished: raw samples, statistics, environment
#   bench.png    all sweeps in one figure
#   bench.txt    all tables and verdicts, then the summary table
#   bench.md     the same tables in Markdown, for docs/benchmarks.md
#   runs.txt     each experiment's own console output and errors
#   times.txt    what ran when, exit codes
# Re-render later with: torch101 bench --load bench.json --plot bench.png
# Dry run of the plumbing on a CPU machine: BENCH_ARGS="--device cpu --quick" bash scripts/gpu_check.sh
set -u
cd "$(dirname "$0")/.."
OUT=${OUT:-$PWD/gpu-check-out}
mkdir -p "$OUT"
export PYTHONPATH="$PWD/src${PYTHONPATH:+:$PYTHONPATH}"
PY=${PYTHON:-python3}
BUDGET=${BUDGET:-480}
read -r -a BENCH_ARGS <<<"${BENCH_ARGS:---device cuda}"
START=$(date +%s)
WORK=$(mktemp -d)

elapsed() { echo $(($(date +%s) - START)); }
left() { echo $((BUDGET - $(elapsed))); }
log() { echo "[$(elapsed) s] $*" | tee -a "$OUT/times.txt"; }

{
  nvidia-smi
  nvidia-smi --query-gpu=name,driver_version,pcie.link.gen.current,pcie.link.width.current,persistence_mode,clocks.sm,clocks.mem,power.limit --format=csv
  "$PY" -c "import sys, torch; print(sys.version); print('torch', torch.__version__, 'cuda', torch.version.cuda, torch.cuda.get_device_name(), torch.get_num_threads(), 'threads')"
  nproc; free -g
} >"$OUT/gpu.txt" 2>&1
log "machine: $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>&1 | head -n 1)"

log "pytest -m cuda (tests/fast, tests/bench)"
timeout 150 "$PY" -m pytest tests/fast tests/bench -m cuda -q -rs -p no:cacheprovider >"$OUT/pytest.txt" 2>&1
log "pytest exit $? : $(tail -n 1 "$OUT/pytest.txt")"

# experiment:cap-in-seconds, most important first (issue 7 goals, then issue 6)
for item in offload:150 normalize:120 mm:100 crossover:60 add:40 bmm:60; do
  exp=${item%%:*}
  cap=${item##*:}
  limit=$(($(left) - 15))
  ((limit < cap)) && cap=$limit
  if ((cap < 25)); then
    log "skip $exp: only $(left) s of the budget left"
    continue
  fi
  log "bench $exp (limit $cap s)"
  echo "===== $exp =====" >>"$OUT/runs.txt"
  timeout "$cap" "$PY" -m torch101 bench "$exp" "${BENCH_ARGS[@]}" --json "$WORK/$exp.json" >>"$OUT/runs.txt" 2>&1
  log "bench $exp exit $?"
done

files=()
for exp in mm crossover bmm add normalize offload; do
  [[ -f "$WORK/$exp.json" ]] && files+=("$WORK/$exp.json")
done
if ((${#files[@]})); then
  "$PY" -m torch101 bench --load "${files[@]}" --json "$OUT/bench.json" --plot "$OUT/bench.png" \
    --markdown "$OUT/bench.md" >"$OUT/bench.txt" 2>&1
  log "merged ${#files[@]} experiments into bench.json"
  tail -n 45 "$OUT/bench.txt"
else
  log "no experiment finished: see runs.txt"
  tail -n 40 "$OUT/runs.txt"
fi
tail -n 3 "$OUT/pytest.txt"
log "done"
