#!/usr/bin/env bash
# There: waits until the detached runs have finished (every log ends in "exit N") or LIMIT
# seconds pass, then packs results (no weights: *.safetensors left out) into OUT/results.tar.gz.
#   scripts/device/collect.sh W OUT [LIMIT]
W=${1:-/tmp/snip}; OUT=$2; LIMIT=${3:-540}
t0=$(date +%s)
while :; do
  running=0
  for f in "$W"/exp/*.log; do tail -1 "$f" | grep -q '^exit ' || running=$((running + 1)); done
  [ $running -eq 0 ] && break
  [ $(( $(date +%s) - t0 )) -ge "$LIMIT" ] && { echo "$running still running after $LIMIT s"; break; }
  sleep 10
done
for f in "$W"/exp/*.log; do echo "== $(basename "$f"): $(grep -c . "$f") lines, last: $(tail -1 "$f" | cut -c1-200)"; done
tar -C "$W" --exclude='*.safetensors' -czf "$OUT/results.tar.gz" exp table2 2>/dev/null
ls -la "$OUT"
