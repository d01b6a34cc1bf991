#!/usr/bin/env bash
# Whole-command timing of `factline draft` on one big article, at n and 2n quoted lines: work
# that grows linearly gives a ratio near 2, quadratic work near 4. Also one article of a single
# line of SIZE_MB megabytes full of quotes. Prints wall time (median of RUNS) and peak memory
# (VmHWM via /usr/bin/time when present).
#
#   benches/draft_scale.sh [N] [RUNS] [SIZE_MB]      (defaults 20000 3 0; SIZE_MB 0 skips it)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
runs=${2:-3}
size_mb=${3:-0}
cargo build --release --locked -q
bin=$PWD/target/release/factline
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
make_lines() { # COUNT FILE: one quoted paragraph per line, speakers in turn, a name now and then
  python3 - "$1" "$2" <<'PY'
import sys
count, out = int(sys.argv[1]), sys.argv[2]
people = ["Maria Keller", "Tomas Vaal", "Aisha Okafor", "Kenji Monroe", "Lucia Quintero"]
with open(out, "w", encoding="utf-8") as f:
    f.write("Hearing transcript\n\n")
    for i in range(count):
        who = people[i % len(people)]
        said = who if i % 7 == 0 else who.split()[-1]
        f.write(f"“We will not back down on point {i}, not now,” {said} said on Monday.\n")
PY
}
make_line() { # MEGABYTES FILE: one line, no paragraph breaks
  python3 - "$1" "$2" <<'PY'
import sys
size, out = int(sys.argv[1]) * 1_000_000, sys.argv[2]
piece = "“We will not back down, not now,” Maria Keller said. The Foreign Ministry said in a statement that talks would resume. "
with open(out, "w", encoding="utf-8") as f:
    f.write(piece * (size // len(piece) + 1))
PY
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { # LABEL DIR: median wall seconds and the peak memory of the last run
  local label=$1 dir=$2 times=() peak="n/a"
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
      /usr/bin/time -f %M -o "$work/mem" "$bin" draft "$dir" --out "$work/out" --force >/dev/null
      peak="$(($(cat "$work/mem") / 1024)) MiB"
    else
      "$bin" draft "$dir" --out "$work/out" --force >/dev/null
    fi
    e=$(date +%s.%N)
    times+=("$(echo "$e - $s" | bc)")
  done
  local t
  t=$(printf '%s\n' "${times[@]}" | median)
  printf '%s: median %.2f s, peak %s\n' "$label" "$t" "$peak" >&2
  echo "$t"
}
mkdir -p "$work/n" "$work/2n"
make_lines "$n" "$work/n/lines.txt"
make_lines "$((2 * n))" "$work/2n/lines.txt"
a=$(measure "$n quoted lines" "$work/n")
b=$(measure "$((2 * n)) quoted lines" "$work/2n")
printf 'ratio 2n/n: %.2f (linear ≈ 2, quadratic ≈ 4)\n' "$(echo "$b / $a" | bc -l)"
if [ "$size_mb" -gt 0 ]; then
  mkdir -p "$work/big"
  make_line "$size_mb" "$work/big/one-line.txt"
  measure "one line of $size_mb MB" "$work/big" >/dev/null
fi
