#!/usr/bin/env bash
# Regenerates the figures and tables of docs/reproductions/associative-memory.md.
# Run from the repository root after: mvn -q package -DskipTests
#   docs/reproductions/associative-memory.sh           # full size (see the page for the measured time)
#   docs/reproductions/associative-memory.sh --quick   # 2 networks per cell, figures under $RUN/img
set -euo pipefail
J=${J:-target/netdyn.jar}
RUN=${RUN:-target/repro-associative-memory}
IMG=docs/reproductions/associative-memory
NETS=24
if [[ "${1:-}" == "--quick" ]]; then NETS=2; IMG=$RUN/img; fi
mkdir -p "$IMG"
FIG="java -cp $J io.netdyn.report.TrainingFigures"
TRAIN="--measures training --starts 32 --lr 0.01 --optimizer adam --steps 1000,3000 --seed 1 --backend cpu --overwrite
       --widths 8,16,32,64 --depths 1,2,4 --dist gaussian:1 --activation tanh,logistic --corruption noise:0.1"
RUNS=()
for P in 1 2 4 8 16; do
  java -jar $J sweep $TRAIN --task autoencode:random:$P --networks $NETS --out $RUN/P$P
  RUNS+=("$RUN/P$P")
done

for act in tanh logistic; do
  for stat in memorised recall spurious; do
    $FIG plot --x P --logx --y $stat --series width,depth --where step=3000,activation=$act --out $IMG/$act-$stat.png \
        --title "$act autoencoders, random patterns, 3000 adam steps, $NETS networks per point" "${RUNS[@]}"
  done
done
for act in tanh logistic; do
  for step in 1000 3000; do
    echo "## $act step $step: memorised / recall / spurious / train loss"
    $FIG table --x P --y memorised,recall,spurious,train_loss --series width,depth --where step=$step,activation=$act "${RUNS[@]}"
  done
done
