#!/usr/bin/env bash
# Regenerates the figure of docs/reproductions/jacobian-spectra.md (≈ 1–2 min on 2 cores).
# Run from the repository root after: mvn -q package -DskipTests
set -euo pipefail
J=target/netdyn.jar
RUN=${RUN:-target/repro-jacobian}
IMG=docs/reproductions/jacobian-spectra

# tanh near the edge of chaos (σ_w = 1.05, σ_b = 0.05: χ1 = 0.971), inputs at q*, N = 200
java -jar $J sweep --measures jacobian --widths 200 --depths 2,8,32 --dist gaussian:1.05 --bias gaussian:0.05 \
    --activation tanh --networks 32 --seed 1 --backend cpu --jacobian-eigenvalues false --esd-bins 50 \
    --overwrite --out $RUN/tanh
java -cp $J io.netdyn.report.JacobianFigures $RUN/tanh $IMG/esd-tanh.png
grep -E '^jacobian,.*,(m1|m2),' $RUN/tanh/results.csv
