#!/usr/bin/env bash
# Regenerates the figures of docs/reproductions/collapse-and-wormhole.md (≈ 2 min on 2 cores).
# Run from the repository root after: mvn -q package -DskipTests
set -euo pipefail
J=target/netdyn.jar
RUN=${RUN:-target/repro-wormhole}
IMG=docs/reproductions/collapse-and-wormhole
COMMON="--measures wormhole --widths 32 --depths 1:40 --networks 100 --seed 1 --backend cpu --overwrite"

# 1. collapse of unrelated (zero-mean) inputs, maxabs, n/k = 1..16
java -jar $J sweep $COMMON --overparam 1,2,4,8,16 --wormhole-inputs gaussian --out $RUN/collapse
# 2. the wormhole: non-negative noise inputs as in Lai & Jin's script, alpha = 100, unit message
java -jar $J sweep $COMMON --overparam 1,2,4,8,16 --wormhole-inputs uniform --wormhole-alpha 100 --out $RUN/wormhole
# 3. the 'negative' variant (keep the k most negative y_i)
java -jar $J sweep $COMMON --overparam 2,4,8,16 --wormhole-inputs gaussian --wormhole-variant negative --out $RUN/negative

java -cp $J io.netdyn.report.WormholeFigures $RUN/collapse/results.csv $IMG collapse log10_sv_ratio d_theta_fold hamming_fold
java -cp $J io.netdyn.report.WormholeFigures $RUN/wormhole/results.csv $IMG wormhole log10_recon_error d_theta_mean decidability
java -cp $J io.netdyn.report.WormholeFigures $RUN/negative/results.csv $IMG negative log10_sv_ratio
