#!/usr/bin/env bash
# Where netdyn's time goes, per workload: runs W1..W4 (bench/workloads.py, full sizes; --quick for
# the tiny ones) through the CLI under Java Flight Recorder, sampling every 1 ms, and prints the
# top frames (bench/jfr_top.py: self time and first netdyn frame) plus the sweep's own time
# against the process's. Writes bench/results/profile-DATE.txt too.
#
#   bash bench/profile.sh [--quick] [--threads 2] [--only W1,W3]
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=full THREADS=2 ONLY="W1 W2 W3 W4"
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) SIZE=quick ;;
        --threads) THREADS=$2; shift ;;
        --only) ONLY=${2//,/ }; shift ;;
        *) echo "profile: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
JAR=${JAR:-target/netdyn.jar}
[ -f "$JAR" ] || mvn -B -q package -DskipTests
WORK=$(mktemp -d "${TMPDIR:-/tmp}/netdyn-profile.XXXXXX")
mkdir -p bench/results
SUFFIX=""; [ "$SIZE" = quick ] && SUFFIX=-quick
OUT=bench/results/profile-$(date +%F)$SUFFIX.txt
k=2; while [ -e "$OUT" ]; do OUT=bench/results/profile-$(date +%F)$SUFFIX-$k.txt; k=$((k + 1)); done   # keep earlier reports
{
    echo "netdyn profile, $(date +%F), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), --threads $THREADS, load $(cut -d' ' -f1-3 /proc/loadavg)"
    for w in $ONLY; do
        mapfile -t ARGS < <(python3 bench/workloads.py args "$w" "$SIZE")
        echo
        echo "== $w $(python3 bench/workloads.py describe "$w" "$SIZE")"
        t0=$(date +%s.%N)
        java --add-modules jdk.incubator.vector "-XX:StartFlightRecording=filename=$WORK/$w.jfr,settings=profile,jdk.ExecutionSample#period=1ms" \
            -jar "$JAR" sweep "${ARGS[@]}" --threads "$THREADS" --backend cpu --report false --overwrite \
            --out "$WORK/$w" > "$WORK/$w.log" 2>&1
        t1=$(date +%s.%N)
        echo "process $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s; $(grep -o 'cpu backend, [0-9.]* s' "$WORK/$w.log" | sed 's/cpu backend, /sweep /')"
        jfr print --events jdk.ExecutionSample --stack-depth 64 "$WORK/$w.jfr" | python3 bench/jfr_top.py --top 10
    done
} | tee "$OUT"
echo "profile: wrote $OUT (recordings in $WORK)"
