#!/usr/bin/env bash
# Fixed points: 1 024 networks, N = 16, L = 8, 64 starts, 200 iterations, tanh, Cauchy.
# Runs the netdyn CPU backend (bench/FixedPointBench.java against target/netdyn.jar: the
# iteration Backend.iterateMap, then the whole search for information) with all cores and
# with one thread, and the same iteration algorithm in vectorised numpy
# (bench/fixedpoints_numpy.py), in one run on this machine; prints time, networks/s and the
# ratios numpy / netdyn (> 1: netdyn is faster). Arguments (all optional):
#   networks width depth starts iterations reps        default 1024 16 8 64 200 2
set -euo pipefail
cd "$(dirname "$0")/.."
NETWORKS=${1:-1024} WIDTH=${2:-16} DEPTH=${3:-8} STARTS=${4:-64} ITERS=${5:-200} REPS=${6:-2}
J=${J:-target/netdyn.jar}
[ -f "$J" ] || mvn -q package -DskipTests
echo "machine: $(nproc) cores, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg)"
java -version 2>&1 | head -1
python3 -c 'import numpy; print("numpy", numpy.__version__)'
ALL=$(java -cp "$J" bench/FixedPointBench.java "$NETWORKS" "$WIDTH" "$DEPTH" "$STARTS" "$ITERS" 128 "$REPS")
echo "$ALL"
ONE=$(java -cp "$J" bench/FixedPointBench.java "$NETWORKS" "$WIDTH" "$DEPTH" "$STARTS" "$ITERS" 128 "$REPS" 1 nosearch | grep -E 'java_(threads|seconds|cpu|networks)')
echo "$ONE"
PY=$(python3 bench/fixedpoints_numpy.py "$NETWORKS" "$WIDTH" "$DEPTH" "$STARTS" "$ITERS" 1)
echo "$PY"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
val() { grep -o "$1=[0-9.]*" <<<"$2" | head -1 | cut -d= -f2; }
python3 - "$(val java_seconds "$ALL")" "$(val java_cpu_seconds "$ALL")" "$(val java_seconds "$ONE")" \
    "$(val numpy_seconds "$PY")" "$(val numpy_cpu_seconds "$PY")" "$(val java_search_seconds "$ALL")" "$NETWORKS" <<'PY'
import sys
ja, jacpu, j1, np_, npcpu, search, b = map(float, sys.argv[1:])
print(f"netdyn cpu, all cores: {ja:.2f} s ({b / ja:.0f} networks/s) | 1 thread: {j1:.2f} s ({b / j1:.0f} networks/s) | "
      f"numpy: {np_:.2f} s ({b / np_:.0f} networks/s)")
print(f"ratio numpy / netdyn: all cores {np_ / ja:.2f}, 1 thread {np_ / j1:.2f}, per CPU-second {npcpu / jacpu:.2f}")
print(f"whole search (iteration + Newton search + Jacobians + eigenvalues), all cores: {search:.2f} s ({b / search:.0f} networks/s)")
PY
