#!/usr/bin/env bash
# There: starts the MNIST experiments of issues 7 and 8 on the machine's CPU cores (native
# backend, one thread per training), detached (setsid) so they outlive this call, logging to
# $W/exp/*.log. ITER, ITER_RNN and ITER_RL set the shortened schedules (stated in the results).
#   scripts/device/cpu_experiments.sh [W]     then   scripts/device/collect.sh W OUT
set -u
REPO=$(cd "$(dirname "$0")/../.." && pwd)
W=${1:-/tmp/snip}
. "$REPO/scripts/device/setup.sh" "$W"
export SNIP_NATIVE_THREADS=${SNIP_NATIVE_THREADS:-1}
ITER=${ITER:-2000} DECAY=${DECAY:-1500} ITER_RNN=${ITER_RNN:-1500} DECAY_RNN=${DECAY_RNN:-1000} ITER_RL=${ITER_RL:-6000}
DATA="--data-dir $REPO/.device/data/mnist"
E="$W/exp"
mkdir -p "$E" "$W/table2"
cd "$W"
start() { # name, command...
  local name=$1; shift
  setsid bash -c "$* > $E/$name.log 2>&1; echo \"exit \$?\" >> $E/$name.log" < /dev/null > /dev/null 2>&1 &
}
start random-labels "$SNIP experiment random-labels --out $E/random-labels --iterations $ITER_RL --jobs 4 $DATA"
start sparsity-sweep "$SNIP experiment sparsity-sweep --out $E/sparsity-sweep --iterations $ITER --lr-decay-every $DECAY --jobs 12 $DATA"
start init-study "$SNIP experiment init-study --out $E/init-study --iterations $ITER_RNN --lr-decay-every $DECAY_RNN --jobs 8 $DATA"
start batch-size "$SNIP experiment batch-size --out $E/batch-size --iterations $ITER --lr-decay-every $DECAY --jobs 3 $DATA"
start layer-density "SNIP_NATIVE_THREADS=2 $SNIP experiment layer-density --out $E/layer-density"
for m in lstm-s gru-s lstm-b gru-b; do
  threads=1; case $m in *-b) threads=2;; esac
  start "t2-$m-dense" "SNIP_NATIVE_THREADS=$threads $SNIP train --model $m --dataset mnist-seq --dense --iterations $ITER_RNN --lr-decay-every $DECAY_RNN --out $W/table2/$m-dense --force $DATA"
  start "t2-$m-0.95" "SNIP_NATIVE_THREADS=$threads $SNIP train --model $m --dataset mnist-seq --sparsity 0.95 --iterations $ITER_RNN --lr-decay-every $DECAY_RNN --out $W/table2/$m-0.95 --force $DATA"
done
echo "started; logs in $E"
