#!/usr/bin/env bash
# Regenerates the figures and tables of docs/reproductions/fixed-points.md (≈ 10–15 min on 2 cores).
# Run from the repository root after: mvn -q package -DskipTests
set -euo pipefail
J=${J:-target/netdyn.jar}
RUN=${RUN:-target/repro-fixedpoints}
IMG=docs/reproductions/fixed-points
mkdir -p "$IMG"
CURVES="--measures fixedpoints --widths 2,4,8 --depths 1,2,3,4,6,8,12,16,20,24,32,40 --networks 1000 --starts 32
        --dist gaussian:1,cauchy:1,stable:1.5:1 --seed 1 --backend cpu --overwrite"

# A. Q(N, L), sigmoid-type: logistic, unscaled weights (s = 1), biases N(0, 1) — the paper's setting
java -jar $J sweep $CURVES --activation logistic --scaling none --bias gaussian:1 --out $RUN/logistic
java -cp $J io.netdyn.report.FixedPointFigures plot $RUN/logistic $IMG/logistic \
    "Q(N, L): logistic, unscaled weights, biases N(0,1), 1000 networks per point"

# B. Q(N, L), odd: tanh, fan-in weights (gaussian 1/√N, cauchy 1/N, stable N^(-1/α)), no bias
java -jar $J sweep $CURVES --activation tanh --bias none --out $RUN/tanh
java -cp $J io.netdyn.report.FixedPointFigures plot $RUN/tanh $IMG/tanh \
    "Q(N, L): tanh, fan-in weights, no bias, 1000 networks per point"

# C. Where "Q = 1 for Gaussian weights" holds: 200 networks per point, widths up to 32
MAP="--measures fixedpoints --widths 2,8,32 --depths 1,2,4,8,16 --networks 200 --starts 32 --seed 1 --backend cpu --overwrite"
java -jar $J sweep $MAP --activation logistic --scaling none --bias gaussian:1 --dist gaussian:1,gaussian:2 --out $RUN/map-logistic
java -jar $J sweep $MAP --activation tanh --bias none,gaussian:0.5 --dist gaussian:0.5,gaussian:1 --out $RUN/map-tanh
java -cp $J io.netdyn.report.FixedPointFigures table $RUN/map-logistic
java -cp $J io.netdyn.report.FixedPointFigures table $RUN/map-tanh
