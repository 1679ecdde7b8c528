#!/usr/bin/env bash
# Fixed points, in process: 1 024 networks, N = 16, L = 8, 64 starts, 200 iterations, tanh, Cauchy.
# Times the netdyn CPU backend's iteration (Backend.iterateMap, bench/FixedPointBench.java against
# target/netdyn.jar; per-batch latency, best of reps after a warm-up) with all cores and with one
# thread, then the whole search for information. The comparison with numpy and PyTorch, as whole
# processes computing the whole measure, is bench/compare.sh (workload W1). Arguments (optional):
#   networks width depth starts iterations reps        default 1024 16 8 64 200 2
set -euo pipefail
cd "$(dirname "$0")/.."
NETWORKS=${1:-1024} WIDTH=${2:-16} DEPTH=${3:-8} STARTS=${4:-64} ITERS=${5:-200} REPS=${6:-2}
J=${J:-target/netdyn.jar}
[ -f "$J" ] || mvn -q package -DskipTests
echo "machine: $(nproc) cores, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg)"
java -version 2>&1 | head -1
java -cp "$J" bench/FixedPointBench.java "$NETWORKS" "$WIDTH" "$DEPTH" "$STARTS" "$ITERS" 128 "$REPS"
java -cp "$J" bench/FixedPointBench.java "$NETWORKS" "$WIDTH" "$DEPTH" "$STARTS" "$ITERS" 128 "$REPS" 1 nosearch \
    | grep -E 'java_(threads|seconds|cpu|networks)'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
