#!/usr/bin/env bash
# netdyn against the peers a user would write: W1..W5 (bench/workloads.py) as whole processes,
# netdyn's CLI on the jar against plain numpy fp32/fp64 and PyTorch CPU fp32/fp64
# (bench/peers.py), alternated, >= 3 rounds, medians and ratios peer / netdyn, a markdown
# report in bench/results/compare-DATE.md. Takes ~10 min on 2 cores; not part of .ci/run.
#
#   bash bench/compare.sh                 # full sizes, 3 rounds, --threads 2
#   bash bench/compare.sh --quick         # tiny sizes, 1 round (< 1 min): the peers still run
#   bash bench/compare.sh --runs 5 --only W1,W3 --threads 4 --peers "numpy fp64,torch fp32"
#
# Pythons: numpy peers run on `python3` (PYTHON=...), torch peers on /usr/bin/python3 with
# Debian's python3-torch (TORCH_PYTHON=...): apt-get install -y python3-torch python3-numpy
# (and libopenblas0-pthread: Debian's torch calls the libblas.so.3 alternative, whose
# reference implementation makes its batched matmul ~4x slower). Without torch the torch
# columns are left out and the report says why.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-target/netdyn.jar}
PYTHON=${PYTHON:-python3}
TORCH_PYTHON=${TORCH_PYTHON:-/usr/bin/python3}
if [ ! -f "$JAR" ]; then
    echo "compare: building $JAR (mvn -B -q package -DskipTests)"
    mvn -B -q package -DskipTests
fi
"$PYTHON" -c 'import numpy' 2>/dev/null || { echo "compare: $PYTHON has no numpy (pip install numpy, or PYTHON=...)" >&2; exit 2; }
TORCH_NOTE=""
if ! [ -x "$(command -v "$TORCH_PYTHON" 2>/dev/null || true)" ]; then
    TORCH_NOTE="no $TORCH_PYTHON"; TORCH_PYTHON=""
elif ! "$TORCH_PYTHON" -c 'import torch, numpy' 2>/dev/null; then
    TORCH_NOTE="$TORCH_PYTHON cannot import torch and numpy: apt-get install -y python3-torch python3-numpy"
    TORCH_PYTHON=""
fi
[ -z "$TORCH_NOTE" ] || echo "compare: torch peers skipped ($TORCH_NOTE)"
exec "$PYTHON" bench/compare.py --jar "$JAR" --python "$(command -v "$PYTHON")" \
    --torch-python "$TORCH_PYTHON" --torch-note "$TORCH_NOTE" "$@"
