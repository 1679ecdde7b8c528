#!/usr/bin/env bash
# Large-N propagate: B = 8 networks, N = 512, S = 8 probes, L = 10, tanh, Gaussian weights.
# Runs the netdyn CPU backend (bench/PropagateLargeBench.java against target/netdyn.jar), the
# same Grams in numpy (bench/propagate_large_numpy.py) and, when `netdyn info` reports a usable
# GPU, the cuda backend (large-N path: materialised weights + batched GEMM, cuBLAS when
# libcublas.so.12 loads) in one run on this machine; prints the ratios numpy time / netdyn time
# (> 1: netdyn is faster). Arguments (all optional):
#   networks width probes depth reps        default 8 512 8 10 3
set -euo pipefail
cd "$(dirname "$0")/.."
NETWORKS=${1:-8} WIDTH=${2:-512} PROBES=${3:-8} DEPTH=${4:-10} REPS=${5:-3}
J=${J:-target/netdyn.jar}
[ -f "$J" ] || mvn -q package -DskipTests
echo "machine: $(nproc) cores, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg)"
java -version 2>&1 | head -1
python3 -c 'import numpy; print("numpy", numpy.__version__)'
CPU=$(java -cp "$J" bench/PropagateLargeBench.java "$NETWORKS" "$WIDTH" "$PROBES" "$DEPTH" "$REPS" cpu)
echo "$CPU"
PY=$(python3 bench/propagate_large_numpy.py "$NETWORKS" "$WIDTH" "$PROBES" "$DEPTH" "$REPS")
echo "$PY"
GPU=""
if java -jar "$J" info 2>&1 | grep -q '^backend cuda: available'; then
    GPU=$(java -cp "$J" bench/PropagateLargeBench.java "$NETWORKS" "$WIDTH" "$PROBES" "$DEPTH" "$REPS" cuda)
    echo "$GPU"
else
    echo "cuda: no usable GPU here ($(java -jar "$J" info 2>&1 | grep '^backend cuda' | cut -c1-120))"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
val() { grep -o "$1=[0-9.]*" <<<"$2" | head -1 | cut -d= -f2; }
python3 - "$(val java_cpu_seconds "$CPU")" "$(val numpy_seconds "$PY")" "$(val java_cuda_seconds "$GPU")" <<'PY'
import sys
cpu, np_ = float(sys.argv[1]), float(sys.argv[2])
gpu = float(sys.argv[3]) if sys.argv[3] else None
print(f"netdyn cpu {cpu:.3f} s | numpy {np_:.3f} s | ratio numpy / netdyn cpu {np_ / cpu:.2f}")
if gpu:
    print(f"netdyn cuda {gpu:.3f} s | ratio numpy / netdyn cuda {np_ / gpu:.2f} | cpu / cuda {cpu / gpu:.1f}")
PY
