#!/usr/bin/env bash
# Regenerates the figures and tables of docs/reproductions/modes-and-basins.md.
# Run from the repository root after: mvn -q package -DskipTests
#   docs/reproductions/modes-and-basins.sh           # full size (see the page for the measured time)
#   docs/reproductions/modes-and-basins.sh --quick   # 2 networks per cell, figures under $RUN/img
set -euo pipefail
J=${J:-target/netdyn.jar}
RUN=${RUN:-target/repro-modes-and-basins}
IMG=docs/reproductions/modes-and-basins
NETS=16; SHORT=0,10,30,100,300,1000,3000; LONG=0,10,30,100,300,1000,3000,10000,30000
DDNETS=16; DDP="4 8 12 16 17 18 20 24 28 32 36 40 48 56 64 80 96 128 256"; DDDEPTHS=1,2,4; DDSTEPS=0,100,1000,3000,10000; DDLAST=10000
if [[ "${1:-}" == "--quick" ]]; then
  NETS=2; SHORT=0,10,100; LONG=0,10,100; IMG=$RUN/img
  DDNETS=2; DDP="8 17 64"; DDDEPTHS=1,2; DDSTEPS=0,100; DDLAST=100
fi
mkdir -p "$IMG"
FIG="java -cp $J io.netdyn.report.TrainingFigures"

# A. 4 Gaussian clusters (40 training samples), N = 32, depths 2, 4, 8, tanh, linear last layer
java -jar $J sweep --task classify:gauss:4 --last-linear --widths 32 --depths 2,4,8 --dist gaussian:1 --activation tanh \
    --lr 0.01 --optimizer adam --steps $SHORT --measures modes,training --networks $NETS \
    --seed 1 --backend cpu --overwrite --out $RUN/classify
# B. modular addition mod 7 (36 of 49 pairs for training), N = 14, depth 2, decoupled weight decay 1 against none
for wd in 0 1; do
  java -jar $J sweep --task modadd:7 --train-samples 36 --last-linear --widths 14 --depths 2 --dist gaussian:1 --activation tanh \
      --lr 0.003 --optimizer adam --weight-decay $wd --steps $LONG --measures modes,training --networks $NETS \
      --seed 1 --backend cpu --overwrite --out $RUN/modadd-wd$wd
done

# C. double descent: teacher:0.5 (a random teacher network of the same family, label noise 0.5), N = 16, depths 1, 2, 4,
#    against the number of training samples P (test loss on 256 noise-free test samples)
for P in $DDP; do
  java -jar $J sweep --task teacher:0.5 --train-samples $P --test-samples 256 --last-linear --widths 16 --depths $DDDEPTHS \
      --dist gaussian:1 --activation tanh --lr 0.01 --optimizer adam --steps $DDSTEPS --measures modes,training --networks $DDNETS \
      --seed 1 --backend cpu --overwrite --out $RUN/teacher/P$P
done

for stat in op_frac nop_frac sample_radius weight_radius test_acc; do
  $FIG plot --x step --logx --y $stat --series depth --out $IMG/classify-${stat//_/-}.png \
      --title "classify:gauss:4, N = 32, tanh: $stat along training (steps ≥ 10), $NETS networks" $RUN/classify
done
for stat in op_frac nop_frac sample_radius weight_radius train_acc test_acc weight_norm; do
  $FIG plot --x step --logx --y $stat --series run --out $IMG/modadd-${stat//_/-}.png \
      --title "modadd:7, 36 of 49 pairs, N = 14, depth 2: $stat (weight decay 0 and 1)" $RUN/modadd-wd0 $RUN/modadd-wd1
done
TEACHER=$(for P in $DDP; do printf '%s ' "$RUN/teacher/P$P"; done)
$FIG plot --x samples --logx --logy --y test_loss --series depth --where step=$DDLAST --out $IMG/teacher-test-loss.png \
    --title "teacher:0.5, N = 16, tanh, linear last layer: test loss after $DDLAST adam steps, $DDNETS networks" $TEACHER
$FIG plot --x samples --logx --logy --y test_loss --series step --where depth=2 --out $IMG/teacher-test-loss-steps.png \
    --title "teacher:0.5, N = 16, depth 2: test loss against P at each step, $DDNETS networks" $TEACHER
for stat in train_loss op_frac sample_radius weight_radius weight_norm; do
  $FIG plot --x samples --logx --y $stat --series depth --where step=$DDLAST --out $IMG/teacher-${stat//_/-}.png \
      --title "teacher:0.5, N = 16: $stat after $DDLAST steps against P, $DDNETS networks" $TEACHER
done
echo "## teacher (double descent): test loss / train loss / op / sample radius / weight radius, step $DDLAST"
$FIG table --x samples --y test_loss,train_loss,op_frac,sample_radius,weight_radius --series depth --where step=$DDLAST $TEACHER
echo "## teacher: test loss at every step"
$FIG table --x samples --y test_loss --series depth,step $TEACHER
echo "## classify: op / nop / dead / sample radius / weight radius / train acc / test acc"
$FIG table --x step --y op_frac,nop_frac,dead_frac,sample_radius,weight_radius,train_acc,test_acc --series depth $RUN/classify
for wd in 0 1; do
  echo "## modadd weight decay $wd: op / nop / dead / sample radius / weight radius / train acc / test acc / weight norm"
  $FIG table --x step --y op_frac,nop_frac,dead_frac,sample_radius,weight_radius,train_acc,test_acc,weight_norm --series depth $RUN/modadd-wd$wd
done
