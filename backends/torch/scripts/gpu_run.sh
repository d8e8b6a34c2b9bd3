#!/usr/bin/env bash
# One go on a GPU machine that has libtorch (e.g. inside a Python torch install) and g++ but
# no npm: builds the torch addon with g++ directly (no node-gyp), runs the bundled benchmark
# (gpu_bench.ts: LeNet-5 step on cuda vs tfjs cpu, VGG step times at b128) and the PyTorch
# reference (pytorch_vgg_step.py) on the same GPU, and writes everything to OUT.
#
#   backends/torch/scripts/gpu_run.sh NODE OUT [BUNDLE]
#     NODE    a Node binary (>= 20)
#     OUT     results folder: build.log, bench.log, torch_gpu.json, pytorch.json
#     BUNDLE  gpu_bench.ts bundled into one .mjs (default: made here with esbuild from
#             node_modules; on a machine without node_modules make it first with
#             `node_modules/.bin/esbuild backends/torch/scripts/gpu_bench.ts --bundle --ignore-annotations
#              --platform=node --format=esm --outfile=.device/torch_gpu_bench.mjs
#              '--banner:js=import{createRequire as __cr}from"module";const require=__cr(import.meta.url);'`)
#   env: NODE_INCLUDE (node's headers; default <NODE>/../../include/node), LIBTORCH_DIR, STEPS,
#        MODELS (default vgg-like,vgg-d), TF32=1, VGG_CHECK=1 (also a VGG-D step vs tfjs cpu), JOBS,
#        SKIP_PYTORCH=1, WARMUP (steps before timing, default 5)
set -euo pipefail
NODE=$(readlink -f "$1")
OUT=$(mkdir -p "$2" && cd "$2" && pwd)
TORCH_DIR=$(cd "$(dirname "$0")/.." && pwd)
REPO=$(cd "$TORCH_DIR/../.." && pwd)
BUNDLE=${3:-$REPO/.device/torch_gpu_bench.mjs}
NODE_INCLUDE=${NODE_INCLUDE:-$(dirname "$(dirname "$NODE")")/include/node}
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
(cd "$TORCH_DIR" && find csrc -name '*.cc' | sort | xargs -P "${JOBS:-$(nproc)}" -I{} \
  sh -c "g++ $CFLAGS -c {} -o $OBJ/\$(echo {} | tr / _).o" ) > "$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log"; exit 3; }
g++ -shared -o "$ADDON" "$OBJ"/*.o $($FIND ldflags) $($FIND libs) >> "$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log"; exit 3; }
echo "built $ADDON in $(( $(date +%s) - t0 )) s against $(grep -o '"source": "[^"]*"' "$OUT/libtorch.json")" | tee -a "$OUT/build.log"

# 2. the bundle (needs node_modules; carried pre-made to machines without them)
if [ ! -f "$BUNDLE" ]; then
  "$REPO/node_modules/.bin/esbuild" "$TORCH_DIR/scripts/gpu_bench.ts" --bundle --platform=node --format=esm --ignore-annotations \
    --outfile="$BUNDLE" --log-level=warning \
    '--banner:js=import{createRequire as __cr}from"module";const require=__cr(import.meta.url);'
fi

# 3. ours, then PyTorch on the same GPU
export SNIP_TORCH_ADDON="$ADDON" SNIP_TORCH_DEVICE="${SNIP_TORCH_DEVICE:-cuda}"
"$NODE" "$BUNDLE" "$OUT" 2>&1 | tee "$OUT/bench.log"
PY=${PYTHON:-python3}
if [ "${SKIP_PYTORCH:-0}" = 1 ]; then
  echo "SKIP_PYTORCH=1: PyTorch reference skipped" | tee -a "$OUT/bench.log"
elif "$PY" -c 'import torch; assert torch.cuda.is_available()' 2>/dev/null; then
  "$PY" "$TORCH_DIR/scripts/pytorch_vgg_step.py" "$OUT/pytorch.json" 2>&1 | tee -a "$OUT/bench.log"
else
  echo "no CUDA PyTorch in $PY: PyTorch reference skipped" | tee -a "$OUT/bench.log"
fi
