#!/usr/bin/env bash
# Regenerates the figures and tables of docs/reproductions/trained-fixed-points.md.
# Run from the repository root after: mvn -q package -DskipTests
#   docs/reproductions/trained-fixed-points.sh           # full size (see the page for the measured time)
#   docs/reproductions/trained-fixed-points.sh --quick   # 2 networks per cell, depths 1 and 4, figures under $RUN/img
set -euo pipefail
J=${J:-target/netdyn.jar}
RUN=${RUN:-target/repro-trained-fixedpoints}
IMG=docs/reproductions/trained-fixed-points
NETS=24; WIDE=6; DEPTHS=1,2,3,4,6,8,12,16; SHALLOW=1,2,4; WIDEDEPTHS=1,2
if [[ "${1:-}" == "--quick" ]]; then NETS=2; WIDE=1; DEPTHS=1,4; SHALLOW=1; WIDEDEPTHS=1; IMG=$RUN/img; fi
mkdir -p "$IMG"
FIG="java -cp $J io.netdyn.report.TrainingFigures"
DISTS=gaussian:1,cauchy:1,stable:1:1,stable:1.5:1
TRAIN="--measures training,fixedpoints --lr 0.01 --optimizer adam --steps 0,1000 --seed 1 --backend cpu --overwrite"

# A. digit glyphs at N = 16 (4×4 pixels), every depth, 4 initialisations × 2 activations; recall from 20% masked pixels
java -jar $J sweep $TRAIN --task autoencode:glyphs --corruption mask:0.2 --starts 128 --widths 16 --depths $DEPTHS \
    --dist $DISTS --activation logistic,tanh --networks $NETS --out $RUN/glyphs16
# B. 4 random patterns at N = 8, every depth; recall from noise 0.1
java -jar $J sweep $TRAIN --task autoencode:random:4 --starts 128 --widths 8 --depths $DEPTHS \
    --dist $DISTS --activation logistic,tanh --networks $NETS --out $RUN/random8
# B'. 4 random patterns at N = 32, depths 1, 2, 4
java -jar $J sweep $TRAIN --task autoencode:random:4 --starts 64 --widths 32 --depths $SHALLOW \
    --dist $DISTS --activation logistic,tanh --networks $((NETS / 2)) --out $RUN/random32
# C. digit glyphs at N = 64 (8×8 pixels), depths 1, 2; recall from 20% masked pixels
java -jar $J sweep $TRAIN --task autoencode:glyphs --corruption mask:0.2 --starts 32 --widths 64 --depths $WIDEDEPTHS \
    --dist gaussian:1,cauchy:1,stable:1.5:1 --activation logistic,tanh --networks $WIDE --out $RUN/glyphs64
# D. digit glyphs at N = 16, recall from noise 0.1 instead of masking
java -jar $J sweep $TRAIN --task autoencode:glyphs --corruption noise:0.1 --starts 128 --widths 16 --depths $SHALLOW \
    --dist gaussian:1,cauchy:1 --activation logistic,tanh --networks $NETS --out $RUN/glyphs16-noise

for r in glyphs16 random8; do
  $FIG plot --x depth --y q_stable_mean --series dist,activation --where step=1000 --out $IMG/$r-q.png \
      --title "Q after 1000 adam steps ($r), $NETS networks per point" --ylabel "mean number Q of stable fixed points" $RUN/$r
  $FIG plot --x depth --y q_unstable_mean --series dist,activation --where step=1000 --out $IMG/$r-unstable.png \
      --title "unstable fixed points after training ($r)" --ylabel "mean number of unstable fixed points found" $RUN/$r
  $FIG plot --x depth --y recall --series dist,activation --where step=1000 --out $IMG/$r-recall.png \
      --title "recall after training ($r)" --ylabel "share of corrupted copies restored" $RUN/$r
done
# E. the spectrum of J_f(x*) at the stable fixed points (fixedpoints_esd.csv), step 0 against step 1000, Gaussian against Cauchy
ESDDEPTHS=1,4,16; [[ "${1:-}" == "--quick" ]] && ESDDEPTHS=1,4
for act in tanh logistic; do
  for L in ${ESDDEPTHS//,/ }; do
    $FIG esd --series dist,step --where "depth=$L,activation=$act,dist=gaussian:1|cauchy:1" --out $IMG/glyphs16-esd-$act-L$L.png \
        --title "glyphs N=16, $act, L=$L: |λ| of J_f(x*) at the stable fixed points, step 0 and 1000, $NETS networks" $RUN/glyphs16
  done
done
echo "## glyphs16: |λ(J_f(x*))| at the stable fixed points: quantiles and share >= 0.9"
$FIG esd-table --series dist,activation,depth,step $RUN/glyphs16
for r in glyphs16 random8 random32 glyphs64 glyphs16-noise; do
  echo "## $r: mean Q / P(Q=0) / P(Q=1) / P(Q>=2) / unstable / largest basin"
  $FIG table --x depth --y q_stable_mean,p_q0,p_q1,p_q2plus,q_unstable_mean,basin_max_mean --series dist,activation,step $RUN/$r
  echo "## $r: train loss / memorised / recall / spurious"
  $FIG table --x depth --y train_loss,memorised,recall,spurious --series dist,activation,step --where step=1000 --digits 3 $RUN/$r
done
