#!/usr/bin/env bash
# There (the GPU machine, with .device/ carried): Table 2's rows on the torch backend, several
# runs sharing one GPU. A data set travels as one archive cut into four parts (20 MB, then ~40-44 MB),
# one part per call (a call carries 64 MiB at most, working tree included; p1 rides with setup):
#   CIFAR-10       .device/cifar/p1..p4: the six official batches in one tar.xz, cut by `pack.sh cut`
#   Tiny-ImageNet  .device/tiny/p1..p4:  tiny-imagenet-200.tar.gz cut by `pack.sh tiny` (p1 with setup)
#                  (SHA-256 checked before use; snip reads the .tar.gz itself)
#
#   gpu_table2.sh setup OUT         unpack the carried Node to $W/node, build the torch addon
#                                   (backends/torch/scripts/gpu_run.sh; SKIP_BENCH=0 also runs
#                                   the GPU bench and the graph check into OUT), then `keep`
#   gpu_table2.sh keep              copy the CLI bundle, @resvg (if carried) and the built torch
#                                   addon to $W, where they outlive calls that do not carry them
#   gpu_table2.sh part FILE...      append carried parts to $W/<archive>.part (DATASET picks it)
#   gpu_table2.sh start LIST        unpack or check the data set, then start one `snip train` per
#                                   line of LIST in the background (setsid: they outlive the call);
#                                   line: "GPU NAME ARGS..." (ARGS as for snip train; {N}, {D},
#                                   {V} become $ITERS, $ITERS/3 and $ITERS/5: iterations, lr
#                                   decay interval, validation interval; or write the numbers)
#   gpu_table2.sh after K LIST      wait until at most K runs are left, then `start LIST` (a second
#                                   wave, started detached in the same call as the first)
#   gpu_table2.sh wait SECONDS      report progress until every run ended or SECONDS passed
#   gpu_table2.sh collect OUT       run folders (no .safetensors) and logs into OUT/runs.tar.gz
# A machine goes back 30 s after a call and takes the runs with it: end every call that waits
# with `collect "$OUT"`, so what finished comes back even if the next call finds a fresh machine.
# Env: W (default /tmp/snip); DATASET cifar10 (default) or tiny-imagenet; TF32=1 adds
# --dtype tf32. Tiny-ImageNet is decoded once by a `snip prune` before the runs start (each run
# would otherwise decode it on its own); the pixels are cached in $SNIP_CACHE (default $W/cache).
set -uo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
W=${W:-/tmp/snip}
RUNS=$W/table2
DATASET=${DATASET:-cifar10}
TINY_SHA256=${TINY_SHA256:-3036bac65f27c2393d1c95d8f296a6f72566557c3643707585fccb73ea878f05}
export SNIP_CACHE=${SNIP_CACHE:-$W/cache}
mkdir -p "$W" "$RUNS"
case "$DATASET" in
cifar10) ARCHIVE=$W/cifar.tar.xz; DATA=$W/cifar-10-batches-bin ;;
tiny-imagenet) ARCHIVE=$W/tiny-imagenet-200.tar.gz; DATA=$ARCHIVE ;;
*) echo "DATASET must be cifar10 or tiny-imagenet"; exit 2 ;;
esac
# The training processes `start` launched: anchored at the start of the command line, so a shell
# whose own command text mentions them (e.g. a device call's `bash -c`) is not counted.
TRAINING="^$W/node $W/snip.mjs train"
# The run a process trains, from its command line (--out $RUNS/NAME).
run_of() { tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -o -- "--out $RUNS/[^ ]*" | sed "s|--out $RUNS/||"; }
gpu_memory() { # one line: NAME=MiB for each process on the GPU
  nvidia-smi --query-compute-apps=pid,used_memory --format=csv,noheader,nounits 2>/dev/null |
    while IFS=', ' read -r pid mib; do printf '%s=%s ' "$(run_of "$pid" || echo "$pid")" "$mib"; done; echo
}
cmd=${1:?usage: gpu_table2.sh setup|keep|part|start|wait|collect ...}; shift
case "$cmd" in
setup)
  OUTB=${1:?setup OUT}
  [ -x "$W/node" ] || { xz -d -T0 -c "$REPO/.device/node.xz" > "$W/node" && chmod +x "$W/node"; } || { echo "node unpack failed"; exit 2; }
  BUNDLE=$REPO/.device/torch_gpu_bench.mjs
  [ -f "$BUNDLE" ] || { BUNDLE=$REPO/.device/snip.mjs; export SKIP_BENCH=1; } # gpu_run.sh only checks it exists
  NODE_INCLUDE=$REPO/.device/node-include SKIP_BENCH=${SKIP_BENCH:-1} \
    "$REPO/backends/torch/scripts/gpu_run.sh" "$W/node" "$OUTB" "$BUNDLE" || echo "gpu_run.sh failed (exit $?)"
  # A failed bench leaves a usable addon: keep it for the runs.
  [ -f "$REPO/backends/torch/build/Release/snip_torch.node" ] || { echo "no torch addon built"; exit 3; }
  "$0" keep ;;
keep)
  cp "$REPO/.device/snip.mjs" "$REPO/backends/torch/build/Release/snip_torch.node" "$W/" || exit 2
  [ -d "$REPO/.device/node_modules" ] && cp -r "$REPO/.device/node_modules" "$W/"
  ls -l "$W" ;;
part)
  for f in "$@"; do cat "$f" >> "$ARCHIVE.part"; done
  ls -l "$ARCHIVE.part" ;;
start)
  LIST=$1
  if [ "$DATASET" = cifar10 ]; then
    mkdir -p "$DATA"
    if [ ! -f "$DATA/test_batch.bin" ]; then
      xz -d -T0 -c "$ARCHIVE.part" | tar x -C "$DATA" || { echo "CIFAR-10 parts incomplete or corrupt"; exit 2; }
    fi
  else
    if [ ! -f "$ARCHIVE" ]; then
      sum=$(sha256sum "$ARCHIVE.part" | cut -d' ' -f1)
      [ "$sum" = "$TINY_SHA256" ] || { echo "Tiny-ImageNet parts incomplete or corrupt: sha256 $sum, want $TINY_SHA256"; ls -l "$ARCHIVE.part"; exit 2; }
      mv "$ARCHIVE.part" "$ARCHIVE"
      echo "tiny-imagenet-200.tar.gz: sha256 ok"
    fi
    # One process decodes the JPEGs and fills the cache; the runs then read the cache.
    t0=$(date +%s)
    SNIP_TORCH_ADDON=$W/snip_torch.node "$W/node" "$W/snip.mjs" prune --model alexnet-s --dataset tiny-imagenet \
      --data-dir "$DATA" --backend torch --device cuda --out "$W/prime" --force > "$RUNS/prime.log" 2>&1 < /dev/null \
      || { tail -20 "$RUNS/prime.log"; echo "Tiny-ImageNet prime (decode + cache) failed"; exit 2; }
    echo "Tiny-ImageNet decoded and cached in $(( $(date +%s) - t0 )) s: $(ls -l "$SNIP_CACHE"/tiny-imagenet/ | tail -1)"
  fi
  DTYPE=fp32; [ "${TF32:-0}" = 1 ] && DTYPE=tf32
  # Copies in $W (made by `gpu_table2.sh keep`) outlive calls that do not carry .device/.
  export SNIP_TORCH_ADDON=$W/snip_torch.node
  N=${ITERS:-0}
  while read -r gpu name args; do
    case "$gpu" in ''|'#'*) continue ;; esac
    case "$args" in *'{'[NDV]'}'*) [ "$N" -gt 0 ] || { echo "$name: set ITERS for {N}/{D}/{V}"; exit 2; } ;; esac
    args=${args//\{N\}/$N}; args=${args//\{D\}/$((N / 3))}; args=${args//\{V\}/$((N / 5))}
    # shellcheck disable=SC2086  # args holds several arguments
    CUDA_VISIBLE_DEVICES=$gpu setsid "$W/node" "$W/snip.mjs" train $args --data-dir "$DATA" \
      --backend torch --device cuda --dtype "$DTYPE" --out "$RUNS/$name" --force > "$RUNS/$name.log" 2>&1 < /dev/null &
    echo "started $name on GPU $gpu: $args"
  done < "$LIST"
  [ -f "$RUNS/started_at" ] || date +%s > "$RUNS/started_at" ;;
after)
  # Start LIST once at most K runs are left (memory: a later wave needs the GPU memory of the
  # first). Run it detached: setsid gpu_table2.sh after K LIST > $W/table2/after.log 2>&1 &
  K=$1; LIST=$2
  touch "$RUNS/pending"
  while [ "$(pgrep -fc "$TRAINING" || true)" -gt "$K" ]; do sleep 10; done
  echo "$(date +%s): at most $K runs left; starting $LIST"
  "$0" start "$LIST"
  rm -f "$RUNS/pending" ;;
wait)
  end=$(( $(date +%s) + $1 ))
  n=0
  while :; do
    running=$(pgrep -fc "$TRAINING" || true)
    # GPU memory per run, once a minute, into the folder that comes back
    [ $((n % 3)) -eq 0 ] && [ "$running" -gt 0 ] && echo "$(date +%s) $(gpu_memory)" >> "$RUNS/gpu_memory.log"
    n=$((n + 1))
    { [ "$running" -eq 0 ] && [ ! -f "$RUNS/pending" ]; } || [ "$(date +%s)" -ge "$end" ] && break
    sleep 20
  done
  for log in "$RUNS"/*.log; do
    case "$log" in */gpu_memory.log|*/prime.log|*/after.log) continue ;; esac
    printf '%s: %s\n' "$(basename "$log" .log)" "$(tr '\r' '\n' < "$log" | grep -v '^\s*$' | tail -1 | cut -c1-150)"
    tr '\r' '\n' < "$log" | grep -E '^training steps:|capture failed' | cut -c1-170 | uniq | sed 's/^/    /'
  done
  nvidia-smi --query-gpu=index,name,utilization.gpu,memory.used,memory.total --format=csv,noheader
  echo "memory by run (MiB): $(gpu_memory)"
  echo "running: $(pgrep -fc "$TRAINING" || true); $(( $(date +%s) - $(cat "$RUNS/started_at" 2>/dev/null || date +%s) )) s since start" ;;
collect)
  OUT=$1
  tar czf "$OUT/runs.tar.gz" -C "$W" --exclude='*.safetensors' table2
  ls -l "$OUT/runs.tar.gz" ;;
*) echo "unknown command $cmd"; exit 2 ;;
esac
