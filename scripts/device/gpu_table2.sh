#!/usr/bin/env bash
# There (the GPU machine, with .device/ carried): Table 2's CIFAR-10 rows on the torch backend,
# several runs sharing each GPU. CIFAR-10 travels as the six official batches in one tar.xz,
# split into parts of at most ~60 MB, one part per call (a call carries 64 MiB at most).
#   gpu_table2.sh keep              copy the CLI bundle, @resvg and the built torch addon to $W
#   gpu_table2.sh part FILE...      append carried parts to /tmp/snip/cifar.tar.xz.part
#   gpu_table2.sh start LIST        unpack CIFAR-10, then start one `snip train` per line of
#                                   LIST in the background (setsid: they outlive the call);
#                                   line: "GPU NAME ARGS..." (ARGS as for snip train; {N}, {D},
#                                   {V} become $ITERS, $ITERS/3 and $ITERS/5: iterations, lr
#                                   decay interval, validation interval)
#   gpu_table2.sh wait SECONDS      report progress until every run ended or SECONDS passed
#   gpu_table2.sh collect OUT       run folders (no .safetensors) and logs into OUT/runs.tar.gz
# A machine goes back 30 s after a call and takes the runs with it: end every call that waits
# with `collect "$OUT"`, so what finished comes back even if the next call finds a fresh machine.
# Env: W (default /tmp/snip), TF32=1 adds --dtype tf32. Needs $W/node (setup.sh) and the torch
# addon built (backends/torch/scripts/gpu_run.sh with SKIP_BENCH=1).
set -uo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
W=${W:-/tmp/snip}
RUNS=$W/table2
mkdir -p "$W" "$RUNS"
cmd=${1:?usage: gpu_table2.sh part|start|wait|collect ...}; shift
case "$cmd" in
keep)
  cp -r "$REPO/.device/snip.mjs" "$REPO/.device/node_modules" "$REPO/backends/torch/build/Release/snip_torch.node" "$W/" ;;
part)
  for f in "$@"; do cat "$f" >> "$W/cifar.tar.xz.part"; done
  ls -l "$W/cifar.tar.xz.part" ;;
start)
  LIST=$1
  mkdir -p "$W/cifar-10-batches-bin"
  if [ ! -f "$W/cifar-10-batches-bin/test_batch.bin" ]; then
    xz -d -T0 -c "$W/cifar.tar.xz.part" | tar x -C "$W/cifar-10-batches-bin" || { echo "CIFAR-10 parts incomplete or corrupt"; exit 2; }
  fi
  DTYPE=fp32; [ "${TF32:-0}" = 1 ] && DTYPE=tf32
  # Copies in $W (made by `gpu_table2.sh keep`) outlive calls that do not carry .device/.
  export SNIP_TORCH_ADDON=$W/snip_torch.node
  N=${ITERS:?set ITERS}
  while read -r gpu name args; do
    case "$gpu" in ''|'#'*) continue ;; esac
    args=${args//\{N\}/$N}; args=${args//\{D\}/$((N / 3))}; args=${args//\{V\}/$((N / 5))}
    # shellcheck disable=SC2086  # args holds several arguments
    CUDA_VISIBLE_DEVICES=$gpu setsid "$W/node" "$W/snip.mjs" train $args --data-dir "$W/cifar-10-batches-bin" \
      --backend torch --device cuda --dtype "$DTYPE" --out "$RUNS/$name" --force > "$RUNS/$name.log" 2>&1 < /dev/null &
    echo "started $name on GPU $gpu: $args"
  done < "$LIST" ;;
wait)
  end=$(( $(date +%s) + $1 ))
  while :; do
    running=$(pgrep -fc "snip.mjs train" || true)
    [ "$running" -eq 0 ] || [ "$(date +%s)" -ge "$end" ] && break
    sleep 20
  done
  for log in "$RUNS"/*.log; do printf '%s: %s\n' "$(basename "$log" .log)" "$(tr '\r' '\n' < "$log" | grep -v '^\s*$' | tail -1 | cut -c1-160)"; done
  nvidia-smi --query-gpu=index,utilization.gpu,memory.used --format=csv,noheader
  echo "running: $(pgrep -fc 'snip.mjs train' || true)" ;;
collect)
  OUT=$1
  tar czf "$OUT/runs.tar.gz" -C "$W" --exclude='*.safetensors' table2
  ls -l "$OUT/runs.tar.gz" ;;
*) echo "unknown command $cmd"; exit 2 ;;
esac
