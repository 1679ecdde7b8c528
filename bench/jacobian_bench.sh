#!/usr/bin/env bash
# Jacobian spectra, in process: 1 024 networks, N = 64, L = 50, singular values at every 10th layer.
# Times the netdyn CPU backend's Backend.jacobianSpectra (bench/JacobianBench.java against
# target/netdyn.jar; batches of 128, per-batch latency, best of reps after a warm-up). The
# comparison with numpy and PyTorch, as whole processes computing the whole measure, is
# bench/compare.sh (workload W2). Arguments (all optional):
#   networks width depth every reps        default 1024 64 50 10 2
set -euo pipefail
cd "$(dirname "$0")/.."
NETWORKS=${1:-1024} WIDTH=${2:-64} DEPTH=${3:-50} EVERY=${4:-10} REPS=${5:-2}
[ -f target/netdyn.jar ] || mvn -q package -DskipTests
echo "machine: $(nproc) cores, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg)"
java -version 2>&1 | head -1
java -cp target/netdyn.jar bench/JacobianBench.java "$NETWORKS" "$WIDTH" "$DEPTH" "$EVERY" 128 "$REPS"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
