#!/usr/bin/env bash
# Prints the median of every criterion benchmark run so far (from its estimates.json), one line
# each: `group/function/parameter  median`. Usage: benches/medians.sh [FILTER]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=${CARGO_TARGET_DIR:-target}/criterion
find "$ROOT" -path '*/new/estimates.json' | sort | while read -r file; do
  name=${file#"$ROOT"/}; name=${name%/new/estimates.json}
  case "$name" in *"${1:-}"*) ;; *) continue ;; esac
  ns=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["median"]["point_estimate"])' "$file")
  python3 -c 'import sys
n=float(sys.argv[2]); unit=[(1e9,"s"),(1e6,"ms"),(1e3,"µs"),(1,"ns")]
d,u=next((d,u) for d,u in unit if n>=d or u=="ns")
print(f"{sys.argv[1]:<60} {n/d:9.3f} {u}")' "$name" "$ns"
done
