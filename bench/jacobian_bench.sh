#!/usr/bin/env bash
# Jacobian spectra: 1 024 networks, N = 64, L = 50, singular values at every 10th layer.
# Runs the netdyn CPU backend (bench/JacobianBench.java against target/netdyn.jar) and the
# numpy equivalent (bench/jacobian_numpy.py) in one run on this machine and prints the ratios
# numpy time / netdyn time (> 1: netdyn is faster). Arguments (all optional):
#   networks width depth every reps        default 1024 64 50 10 2
set -euo pipefail
cd "$(dirname "$0")/.."
NETWORKS=${1:-1024} WIDTH=${2:-64} DEPTH=${3:-50} EVERY=${4:-10} REPS=${5:-2}
[ -f target/netdyn.jar ] || mvn -q package -DskipTests
echo "machine: $(nproc) cores, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg)"
java -version 2>&1 | head -1
python3 -c 'import numpy; print("numpy", numpy.__version__)'
JAVA_OUT=$(java -cp target/netdyn.jar bench/JacobianBench.java "$NETWORKS" "$WIDTH" "$DEPTH" "$EVERY" 128 "$REPS")
echo "$JAVA_OUT"
PY_OUT=$(python3 bench/jacobian_numpy.py "$NETWORKS" "$WIDTH" "$DEPTH" "$EVERY" "$REPS")
echo "$PY_OUT"
J=$(grep -o 'java_seconds=[0-9.]*' <<<"$JAVA_OUT" | cut -d= -f2)
E=$(grep -o 'numpy_explicit_seconds=[0-9.]*' <<<"$PY_OUT" | cut -d= -f2)
Q=$(grep -o 'numpy_qr_seconds=[0-9.]*' <<<"$PY_OUT" | cut -d= -f2)
python3 - "$J" "$E" "$Q" <<'PY'
import sys
j, e, q = map(float, sys.argv[1:])
print(f"netdyn cpu {j:.3f} s | numpy explicit {e:.3f} s (ratio {e / j:.2f}) | numpy qr {q:.3f} s (ratio {q / j:.2f})")
PY
