#!/usr/bin/env bash
# There (a bare x86-64 machine with g++): unpacks the carried Node and builds the native addon
# with g++ directly (no node-gyp). Source it:  . scripts/device/setup.sh [WORK]
# Afterwards: $SNIP runs the CLI; SNIP_NATIVE_ADDON and SNIP_JOB_CHILD point at the builds.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
W=${1:-/tmp/snip}
mkdir -p "$W"
[ -x "$W/node" ] || { xz -d -T0 -c "$REPO/.device/node.xz" > "$W/node" && chmod +x "$W/node"; }
if [ ! -f "$W/snip_native.node" ]; then
  ( cd "$REPO/backends/native" && mkdir -p "$W/obj" &&
    ls csrc/*.cc csrc/kernels/*.cc | xargs -P "$(nproc)" -I{} sh -c \
      'g++ -std=c++17 -O3 -fno-math-errno -fno-trapping-math -fPIC -DNAPI_VERSION=8 -DNODE_GYP_MODULE_NAME=snip_native -I'"$REPO"'/.device/node-include -I'"$REPO"'/.device/napi -c {} -o '"$W"'/obj/$(echo {} | tr / _).o' &&
    g++ -shared -o "$W/snip_native.node" "$W"/obj/*.o -ldl -pthread ) > "$W/native_build.log" 2>&1 \
    || { tail -20 "$W/native_build.log"; echo "native build failed"; }
fi
export SNIP_NATIVE_ADDON="$W/snip_native.node" SNIP_JOB_CHILD="$REPO/.device/snip.mjs"
SNIP="$W/node $REPO/.device/snip.mjs"
export SNIP
