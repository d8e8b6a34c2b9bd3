#!/usr/bin/env bash
# One go on a GPU machine that has libtorch (e.g. inside a Python torch install) and g++ but
# no npm: builds the torch addon with g++ directly (no node-gyp), then
#   (a) the bundled benchmark (gpu_bench.ts): a LeNet-5 step on cuda vs tfjs cpu, training-step
#       times at b128 of VGG-like, VGG-D and WRN-16-8 (masked SGD, host profile), and the
#       PyTorch reference (pytorch_vgg_step.py) of the same steps on the same GPU;
#   (b) `snip train` runs through the bundled CLI (scripts/device/pack.sh), one per line of TRAIN_LIST.
#
#   backends/torch/scripts/gpu_run.sh bundle            make the two bundles (scripts/device/pack.sh bundles)
#   backends/torch/scripts/gpu_run.sh NODE OUT [BUNDLE]
#     NODE    a Node binary (>= 20)
#     OUT     results folder: build.log, bench.log, torch_gpu.json, pytorch.json, train_<n>.log
#     BUNDLE  gpu_bench.ts bundled into one .mjs (default .device/torch_gpu_bench.mjs; the CLI is
#             .device/snip.mjs); made here when node_modules has esbuild, else run
#             `gpu_run.sh bundle` first where it has and carry .device/ along
#   env: NODE_INCLUDE (node's headers; default <NODE>/../../include/node), LIBTORCH_DIR, STEPS,
#        MODELS (default vgg-like,vgg-d,wrn-16-8), TF32=1, VGG_CHECK=1 (also a VGG-D step vs
#        tfjs cpu), JOBS, SKIP_PYTORCH=1, SKIP_BENCH=1, WARMUP (steps before timing, default 5),
#        TRAIN_LIST (a file; each line the arguments of one `snip train` run, e.g.
#        `--model vgg-d --dataset cifar10 --data-dir /data/cifar-10-batches-bin --sparsity 0.95
#        --out OUT/runs/vgg-d-95`; --backend torch --device cuda are added, and --dtype tf32 when TF32=1)
set -euo pipefail
TORCH_DIR=$(cd "$(dirname "$0")/.." && pwd)
REPO=$(cd "$TORCH_DIR/../.." && pwd)
ESBUILD="$REPO/node_modules/.bin/esbuild"

if [ "${1:-}" = bundle ]; then exec "$REPO/scripts/device/pack.sh" bundles; fi

NODE=$(readlink -f "$1")
OUT=$(mkdir -p "$2" && cd "$2" && pwd)
BUNDLE=$(readlink -m "${3:-$REPO/.device/torch_gpu_bench.mjs}")
CLI=$REPO/.device/snip.mjs
# Absolute: the compiler runs in another folder, where a relative -I finds nothing.
NODE_INCLUDE=$(readlink -m "${NODE_INCLUDE:-$(dirname "$(dirname "$NODE")")/include/node}")
[ -f "$NODE_INCLUDE/node_api.h" ] || { echo "node_api.h not found in $NODE_INCLUDE (set NODE_INCLUDE)"; exit 2; }

# 1. the addon
FIND="$NODE $TORCH_DIR/scripts/find_libtorch.mjs"
$FIND json > "$OUT/libtorch.json"
# Later queries read the folder found now (no second Python torch import).
export LIBTORCH_DIR=$("$NODE" -p "require('$OUT/libtorch.json').root")
export LIBTORCH_CXX11_ABI=$("$NODE" -p "/USE_CXX11_ABI=(\\d)/.exec(require('$OUT/libtorch.json').cflags.join(' '))[1]")
CFLAGS="$($FIND cflags) -fPIC -DNAPI_VERSION=8 -DNODE_GYP_MODULE_NAME=snip_torch -I$NODE_INCLUDE"
for inc in $($FIND include); do CFLAGS="$CFLAGS -I$inc"; done
OBJ="$TORCH_DIR/build/gpu_obj"
mkdir -p "$OBJ" "$TORCH_DIR/build/Release"
ADDON="$TORCH_DIR/build/Release/snip_torch.node"
t0=$(date +%s)
compile() { (cd "$TORCH_DIR" && find csrc -name '*.cc' | sort | xargs -P "${JOBS:-$(nproc)}" -I{} \
  sh -c "g++ $1 -c {} -o $OBJ/\$(echo {} | tr / _).o" ) >> "$OUT/build.log" 2>&1; }
if ! compile "$CFLAGS"; then
  # CUDA graphs need the CUDA runtime headers to match libtorch's; without them, build the rest.
  case "$CFLAGS" in *-DSNIP_TORCH_CUDA*) ;; *) tail -40 "$OUT/build.log"; exit 3 ;; esac
  echo "build with CUDA graphs failed (above); building without them" | tee -a "$OUT/build.log"
  compile "${CFLAGS//-DSNIP_TORCH_CUDA/}" || { tail -40 "$OUT/build.log"; exit 3; }
fi
g++ -shared -o "$ADDON" "$OBJ"/*.o $($FIND ldflags) $($FIND libs) >> "$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log"; exit 3; }
echo "built $ADDON in $(( $(date +%s) - t0 )) s against $(grep -o '"source": "[^"]*"' "$OUT/libtorch.json")" | tee -a "$OUT/build.log"

# 2. the bundles (need node_modules; carried pre-made to machines without them)
[ -f "$BUNDLE" ] && [ -f "$CLI" ] || "$REPO/scripts/device/pack.sh" bundles
export SNIP_TORCH_ADDON="$ADDON" SNIP_TORCH_DEVICE="${SNIP_TORCH_DEVICE:-cuda}"

# 3. (a) ours, then PyTorch on the same GPU
if [ "${SKIP_BENCH:-0}" != 1 ]; then
  "$NODE" "$BUNDLE" "$OUT" 2>&1 | tee "$OUT/bench.log"
  PY=${PYTHON:-python3}
  if [ "${SKIP_PYTORCH:-0}" = 1 ]; then
    echo "SKIP_PYTORCH=1: PyTorch reference skipped" | tee -a "$OUT/bench.log"
  elif "$PY" -c 'import torch; assert torch.cuda.is_available()' 2>/dev/null; then
    "$PY" "$TORCH_DIR/scripts/pytorch_vgg_step.py" "$OUT/pytorch.json" 2>&1 | tee -a "$OUT/bench.log"
  else
    echo "no CUDA PyTorch in $PY: PyTorch reference skipped" | tee -a "$OUT/bench.log"
  fi
fi

# 4. (b) training runs through the bundled CLI, one after another
if [ -n "${TRAIN_LIST:-}" ]; then
  DTYPE=fp32; [ "${TF32:-0}" = 1 ] && DTYPE=tf32
  n=0
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in ''|'#'*) continue ;; esac
    n=$((n + 1))
    echo "train $n: snip train $line --backend torch --device cuda --dtype $DTYPE" | tee "$OUT/train_$n.log"
    # shellcheck disable=SC2086  # the line holds several arguments
    "$NODE" "$CLI" train $line --backend torch --device cuda --dtype "$DTYPE" >> "$OUT/train_$n.log" 2>&1 \
      && tail -1 "$OUT/train_$n.log" || echo "train $n failed: $(tail -1 "$OUT/train_$n.log")"
  done < "$TRAIN_LIST"
fi
