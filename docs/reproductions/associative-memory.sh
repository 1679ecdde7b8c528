#!/usr/bin/env bash
# Regenerates the figures and tables of docs/reproductions/associative-memory.md.
# Run from the repository root after: mvn -q package -DskipTests
#   docs/reproductions/associative-memory.sh           # full size (see the page for the measured time)
#   docs/reproductions/associative-memory.sh --quick   # 2 networks per cell, P 1 and 4, N 8 and 16, figures under $RUN/img
set -euo pipefail
J=${J:-target/netdyn.jar}
RUN=${RUN:-target/repro-associative-memory}
IMG=docs/reproductions/associative-memory
NETS=12; PS="1 2 4 8 16"; WIDTHS=8,16,32,64; DEPTHS=1,2,4; STEPS=500,2000; LAST=2000
if [[ "${1:-}" == "--quick" ]]; then NETS=2; PS="1 4"; WIDTHS=8,16; DEPTHS=1,2; STEPS=100,300; LAST=300; IMG=$RUN/img; fi
mkdir -p "$IMG"
FIG="java -cp $J io.netdyn.report.TrainingFigures"
TRAIN="--measures training --starts 32 --lr 0.01 --optimizer adam --steps $STEPS --seed 1 --backend cpu --overwrite
       --widths $WIDTHS --depths $DEPTHS --dist gaussian:1 --activation tanh,logistic --corruption noise:0.1"
RUNS=()
for P in $PS; do
  java -jar $J sweep $TRAIN --task autoencode:random:$P --networks $NETS --out $RUN/P$P
  RUNS+=("$RUN/P$P")
done

for act in tanh logistic; do
  for stat in memorised recall spurious; do
    $FIG plot --x P --logx --y $stat --series width,depth --where step=$LAST,activation=$act --out $IMG/$act-$stat.png \
        --title "$act autoencoders, random patterns, $LAST adam steps, $NETS networks per point" "${RUNS[@]}"
  done
done
for act in tanh logistic; do
  for step in ${STEPS//,/ }; do
    echo "## $act step $step: memorised / recall / spurious / train loss"
    $FIG table --x P --y memorised,recall,spurious,train_loss --series width,depth --where step=$step,activation=$act "${RUNS[@]}"
  done
done
