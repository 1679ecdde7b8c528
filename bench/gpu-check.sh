#!/usr/bin/env bash
# One-command GPU check, <= 8 minutes on a machine with an NVIDIA GPU:
#   1. builds target/netdyn.jar if it is missing (mvn -B -q package -DskipTests; needs nvcc for
#      the kernels: carry a jar built elsewhere to a GPU host without nvcc);
#   2. prints `java -jar target/netdyn.jar info`;
#   3. runs the gpu-tagged tests: mvn -B test -Dgroups=gpu (JUnit 5 @Tag("gpu"); surefire's
#      `groups` selects them, nothing else in pom.xml is needed);
#   4. runs W1..W5 (bench/workloads.py, "gpu" sizes: scaled up so that the device work is ~0.5-1.5 s
#      by the rooflines of docs/gpu.md) with --backend cuda and --backend cpu (--threads 0 = all
#      cores), and a one-network sweep on each backend for the start-up cost;
#   5. checks that the two backends' results.csv agree (bench/gpu_check.py compare: same rows,
#      relative difference <= 1e-9 per value, looser for the fixed-point counts — see there);
#   6. writes one markdown table (workload, cpu s, cuda s, measured speed-up, roofline prediction,
#      measured/predicted, agreement) to bench/results/gpu-check-DATE.md (--out FILE) and prints it.
# Every step has its own timeout and all of them share an 8-minute budget (GPU_CHECK_BUDGET s,
# default 470); a failed or timed-out step is reported in the table and the rest still runs.
# Exit 0 when every step passed and the results agree, 1 otherwise.
#
# Without a GPU (no nvidia-smi, or `netdyn info` says cuda is unusable) it says so in one line
# and exits 0. `--emu` runs the same steps on the kernel emulator (--backend cuda-emu, "quick"
# sizes, no gpu tests): a dry run of this script on a machine without a GPU.
#
#   bash bench/gpu-check.sh [--emu] [--out FILE]
set -uo pipefail
cd "$(dirname "$0")/.."
EMU=0
OUT=""
while [ $# -gt 0 ]; do
    case "$1" in
        --emu) EMU=1 ;;
        --out) OUT=${2:?--out needs a file}; shift ;;
        -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "gpu-check: unknown option $1 (--emu, --out FILE)" >&2; exit 2 ;;
    esac
    shift
done
BUDGET=${GPU_CHECK_BUDGET:-470}
JAR=${JAR:-target/netdyn.jar}
PY=${PYTHON:-python3}
START=$(date +%s)

if [ "$EMU" = 0 ]; then
    if ! command -v nvidia-smi > /dev/null 2>&1; then
        echo "gpu-check: no NVIDIA GPU here (no nvidia-smi): nothing to check"
        exit 0
    fi
    if ! timeout 30 nvidia-smi -L > /dev/null 2>&1; then
        echo "gpu-check: no usable NVIDIA GPU here (nvidia-smi -L fails): nothing to check"
        exit 0
    fi
    BACKEND=cuda SIZE=gpu
else
    BACKEND=cuda-emu SIZE=quick
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/netdyn-gpu-check.XXXXXX")
STEPS=$WORK/steps.tsv
: > "$STEPS"

# step NAME LIMIT_S CMD... : runs CMD under `timeout`, within what is left of the budget; logs to
# $WORK/NAME.log and appends "NAME rc seconds note" to steps.tsv (rc -1: not run, out of time).
step() {
    local name=$1 limit=$2 left rc t0 t1
    shift 2
    left=$(( BUDGET - ($(date +%s) - START) - 10 ))
    [ "$left" -lt "$limit" ] && limit=$left
    if [ "$limit" -lt 5 ]; then
        printf '%s\t-1\t0\tnot run: the %d s budget was spent\n' "$name" "$BUDGET" >> "$STEPS"
        echo "gpu-check: $name: not run (out of time)"
        return 1
    fi
    t0=$(date +%s.%N)
    timeout -k 5 "$limit" "$@" > "$WORK/$name.log" 2>&1
    rc=$?
    t1=$(date +%s.%N)
    local secs
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    local note=""
    [ "$rc" = 124 ] || [ "$rc" = 137 ] && note="timed out after ${limit} s"
    [ "$rc" != 0 ] && [ -z "$note" ] && note=$(grep -m1 -E 'error|Error|ERROR|FAIL' "$WORK/$name.log" | cut -c1-160 | tr '\t' ' ')
    printf '%s\t%s\t%s\t%s\n' "$name" "$rc" "$secs" "$note" >> "$STEPS"
    [ -n "${QUIET:-}" ] || echo "gpu-check: $name: rc $rc, ${secs} s${note:+ ($note)}"
    return "$rc"
}

# 1. the jar
if [ ! -f "$JAR" ]; then
    command -v nvcc > /dev/null || echo "gpu-check: no nvcc here: the jar built now has no kernels (cuda unusable)"
    step build 300 mvn -B -q package -DskipTests
fi

# 2. info (and the one-line exit without a usable cuda backend)
QUIET=1 step info 60 java -jar "$JAR" info
if [ "$EMU" = 0 ]; then
    if ! grep -q '^backend cuda: available' "$WORK/info.log"; then
        echo "gpu-check: cuda unusable here: $(grep -m1 '^backend cuda' "$WORK/info.log" || echo 'netdyn info failed') — nothing to check"
        exit 0
    fi
elif ! grep -q 'cuda emulator: available' "$WORK/info.log"; then
    echo "gpu-check: --emu: the kernel emulator is not built here ($(grep -m1 'cuda emulator' "$WORK/info.log"))"
    exit 0
fi
cat "$WORK/info.log"

# 3. the gpu-tagged tests
if [ "$EMU" = 0 ]; then
    command -v nvcc > /dev/null || echo "gpu-check: no nvcc: mvn test rebuilds target/classes without kernels, so the gpu tests will skip"
    step gpu-tests 200 mvn -B ${MVN_FLAGS:-} test -Dgroups=gpu
    summary=$(grep -E 'Tests run:.*Failures' "$WORK/gpu-tests.log" | tail -1 | sed 's/^\[[A-Z]*\] *//')
    [ -n "$summary" ] && sed -i "\$s/\t[^\t]*\$/\t$(printf '%s' "$summary" | sed 's/[\/&]/\\&/g')/" "$STEPS"
else
    printf 'gpu-tests\t-1\t0\tnot run (--emu)\n' >> "$STEPS"
fi

# 4. start-up cost and the workloads, cuda then cpu
TINY=(--measures propagation --widths 8 --depths 1 --networks 1 --probes 2 --report false --overwrite)
step startup-cuda 60 java -jar "$JAR" sweep "${TINY[@]}" --backend "$BACKEND" --out "$WORK/startup-cuda"
step startup-cpu 60 java -jar "$JAR" sweep "${TINY[@]}" --backend cpu --out "$WORK/startup-cpu"
for w in W1 W2 W3 W4 W5; do
    mapfile -t ARGS < <("$PY" bench/workloads.py args "$w" "$SIZE")
    step "$w-cuda" 120 java -jar "$JAR" sweep "${ARGS[@]}" --backend "$BACKEND" --threads 0 --report false \
        --overwrite --out "$WORK/$w-cuda"
    step "$w-cpu" 150 java -jar "$JAR" sweep "${ARGS[@]}" --backend cpu --threads 0 --report false \
        --overwrite --out "$WORK/$w-cpu"
done

# 5-6. comparison and table
mkdir -p bench/results
OUT=${OUT:-bench/results/gpu-check-$(date +%F)$([ "$EMU" = 1 ] && echo -emu).md}
GPU=$( [ "$EMU" = 1 ] && echo "kernel emulator (--emu)" || nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | head -1)
HEADER="# GPU check — $(date +%F)

\`bash bench/gpu-check.sh$([ "$EMU" = 1 ] && echo ' --emu')\` on $GPU; host $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); backend \`$BACKEND\` against \`cpu\` (\`--threads 0\`), \"$SIZE\" sizes of bench/workloads.py. Times are whole processes (JVM start included), one run each.
$(grep -m1 -E '^  cuda device:' "$WORK/info.log" | sed 's/^ */device: /')"
"$PY" bench/gpu_check.py report --work "$WORK" --size "$SIZE" --out "$OUT" --header "$HEADER"
echo "gpu-check: wrote $OUT (logs in $WORK)"
if awk -F'\t' '$2 != 0 && !($1 == "gpu-tests" && $2 == -1) { bad = 1 } END { exit bad ? 0 : 1 }' "$STEPS" \
    || grep -q 'DIFFER' "$OUT"; then
    exit 1
fi
exit 0
