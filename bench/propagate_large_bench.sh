#!/usr/bin/env bash
# Large-N propagate, in process: B = 8 networks, N = 512, S = 8 probes, L = 10, tanh, Gaussian.
# Times Backend.propagate on the CPU backend (bench/PropagateLargeBench.java against
# target/netdyn.jar) and, when `netdyn info` reports a usable GPU, on the cuda backend (large-N
# path: materialised weights + batched GEMM, cuBLAS when libcublas.so.12 loads); prints cpu / cuda.
# The comparison with numpy and PyTorch, as whole processes computing the whole measure, is
# bench/compare.sh (workload W4); the GPU check of every workload is bench/gpu-check.sh.
# Arguments (all optional):
#   networks width probes depth reps        default 8 512 8 10 3
set -euo pipefail
cd "$(dirname "$0")/.."
NETWORKS=${1:-8} WIDTH=${2:-512} PROBES=${3:-8} DEPTH=${4:-10} REPS=${5:-3}
J=${J:-target/netdyn.jar}
[ -f "$J" ] || mvn -q package -DskipTests
echo "machine: $(nproc) cores, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg)"
java -version 2>&1 | head -1
CPU=$(java -cp "$J" bench/PropagateLargeBench.java "$NETWORKS" "$WIDTH" "$PROBES" "$DEPTH" "$REPS" cpu)
echo "$CPU"
GPU=""
if java -jar "$J" info 2>&1 | grep -q '^backend cuda: available'; then
    GPU=$(java -cp "$J" bench/PropagateLargeBench.java "$NETWORKS" "$WIDTH" "$PROBES" "$DEPTH" "$REPS" cuda)
    echo "$GPU"
else
    echo "cuda: no usable GPU here ($(java -jar "$J" info 2>&1 | grep '^backend cuda' | cut -c1-120))"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
val() { grep -o "$1=[0-9.]*" <<<"$2" | head -1 | cut -d= -f2; }
C=$(val java_cpu_seconds "$CPU") G=$(val java_cuda_seconds "$GPU")
[ -n "$G" ] && awk -v c="$C" -v g="$G" 'BEGIN { printf "netdyn cpu %.3f s | cuda %.3f s | cpu / cuda %.1f\n", c, g, c / g }'
exit 0
