#!/usr/bin/env bash
# Load figures at 10k, 100k and 1M events: wall time and peak memory of factline's loader, next to
# the baseline of parsing the same file into a serde_json::Value, each in a fresh process,
# median of RUNS runs. Usage: benches/loadstats.sh [SIZES...]   (default: 10000 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(10000 100000 1000000)
cargo build --release --locked --quiet --example loadstats --bin factline
TARGET=${CARGO_TARGET_DIR:-target}
BIN=$TARGET/release/factline
STATS=$TARGET/release/examples/loadstats
WORK=${WORK:-$(mktemp -d)}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
field() { tr ' ' '\n' | sed -n "s/^$1=//p"; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf '%-8s %9s %10s %11s %12s %12s %10s %10s\n' events json_mb load_ms value_ms load/value peak_mb peak/json value_peak
for n in "${SIZES[@]}"; do
  dir=$WORK/s$n
  if [ ! -f "$dir/store.json" ]; then
    entities=$(( n / 10 )); [ $entities -gt 50000 ] && entities=50000; [ $entities -lt 20 ] && entities=20
    sources=$(( n / 20 )); [ $sources -lt 1 ] && sources=1
    "$BIN" gen --events "$n" --entities "$entities" --sources "$sources" --seed 1 --out "$dir" > /dev/null
  fi
  f=(); v=()
  for _ in $(seq "$RUNS"); do f+=("$("$STATS" factline "$dir")"); v+=("$("$STATS" value "$dir")"); done
  load_ms=$(printf '%s\n' "${f[@]}" | field ms | median)
  value_ms=$(printf '%s\n' "${v[@]}" | field ms | median)
  peak=$(printf '%s\n' "${f[@]}" | field peak_mb | median)
  vpeak=$(printf '%s\n' "${v[@]}" | field peak_mb | median)
  json=$(printf '%s\n' "${f[0]}" | field json_mb)
  printf '%-8s %9s %10s %11s %12.2f %12s %10.2f %10.2f\n' "$n" "$json" "$load_ms" "$value_ms" \
    "$(echo "$load_ms / $value_ms" | bc -l)" "$peak" "$(echo "$peak / $json" | bc -l)" "$(echo "$vpeak / $json" | bc -l)"
done
