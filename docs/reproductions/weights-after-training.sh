#!/usr/bin/env bash
# Regenerates the figures and tables of docs/reproductions/weights-after-training.md.
# Run from the repository root after: mvn -q package -DskipTests
#   docs/reproductions/weights-after-training.sh           # full size (see the page for the measured time)
#   docs/reproductions/weights-after-training.sh --quick   # 2 networks per cell, figures under $RUN/img
set -euo pipefail
J=${J:-target/netdyn.jar}
RUN=${RUN:-target/repro-weights-after-training}
IMG=docs/reproductions/weights-after-training
NETS=16; STEPS=0,10,100,1000,3000; CSTEPS=0,10,100,1000
if [[ "${1:-}" == "--quick" ]]; then NETS=2; STEPS=0,10,100; CSTEPS=0,10,100; IMG=$RUN/img; fi
mkdir -p "$IMG"
FIG="java -cp $J io.netdyn.report.TrainingFigures"
COMMON="--lr 0.01 --optimizer adam --seed 1 --backend cpu --overwrite
        --dist gaussian:1,stable:1.5:1,cauchy:1 --activation tanh --networks $NETS"

# A. autoencoder of digit glyphs, N = 64 (8×8 pixels), depth 2
java -jar $J sweep $COMMON --task autoencode:glyphs --steps $STEPS --widths 64 --depths 2 --measures weights,training --starts 8 \
    --newton polish --out $RUN/glyphs64
# B. 8-class Gaussian clusters, N = 64, depth 2, linear last layer (80 training samples)
java -jar $J sweep $COMMON --task classify:gauss:8 --steps $CSTEPS --last-linear --widths 64 --depths 2 --measures weights,training \
    --out $RUN/classify64

for r in glyphs64 classify64; do
  for stat in alpha num_spikes mp_softrank stable_rank; do
    $FIG plot --x step --logx --y weights/$stat --series dist,depth --out $IMG/$r-${stat//_/-}.png \
        --title "$r: layer statistics along training (steps ≥ 10; step 0 in the table), $NETS networks" $RUN/$r
  done
  echo "## $r: alpha / num_spikes / mp_softrank / stable_rank / spectral_norm  (depth = layer)"
  $FIG table --x step --y weights/alpha,weights/num_spikes,weights/mp_softrank,weights/stable_rank,weights/spectral_norm \
      --series dist,depth $RUN/$r
done
echo "## glyphs64: train loss / test loss"
$FIG table --x step --y train_loss,test_loss --series dist --digits 3 $RUN/glyphs64
echo "## classify64: train loss / test loss / test accuracy"
$FIG table --x step --y train_loss,test_loss,test_acc --series dist --digits 3 $RUN/classify64
