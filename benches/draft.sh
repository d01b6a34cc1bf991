#!/usr/bin/env bash
# Whole-command timing of `factline draft`: N articles of about 600 words (default 1000), built
# deterministically from the tuning-set fixture articles with a distinct surname per article and
# speaker (about 10 000 people in all), drafted
# by the release binary. Baseline in the same run: `factline check` of the store just written
# (reading every article again and validating every passage). Prints the median of RUNS runs.
#
#   benches/draft.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
runs=${2:-3}
cargo build --release --locked -q
bin=target/release/factline
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$n" "$work/articles" <<'PY'
import os, sys, glob
n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out)
fixtures = [open(p, encoding="utf-8").read() for p in sorted(glob.glob("tests/fixtures/draft/*.txt"))]
given = ["Maria", "Tomas", "Aisha", "Kenji", "Lucia", "Omar", "Freya", "Pavel", "Nadia", "Samuel"]
syllables = ["ka", "ro", "lin", "mar", "te", "vo", "shi", "dan", "el", "gu", "ber", "ness", "to", "ri", "an", "qui"]
def family_name(n):
    # A distinct surname per article and slot, so the entity tables grow as a real corpus's do.
    parts = [syllables[(n >> s) % 16] for s in (0, 4, 8)]
    return "".join(parts).capitalize()
swap = ["Vaal", "Monroe", "Oyelaran", "Lindqvist", "Okafor", "Groot", "Quintero", "Breckenridge", "Fairweather", "Villanueva"]
for i in range(n):
    body, words, k = [], 0, i
    while words < 600:
        text = fixtures[k % len(fixtures)]
        if body:  # later pieces lose their headline and metadata lines
            text = "\n\n".join(text.split("\n\n")[2:])
        for j, old in enumerate(swap):
            text = text.replace(old, family_name(i * len(swap) + j))
        body.append(text)
        words += len(text.split())
        k += 3
    with open(os.path.join(out, f"article-{i:05}.txt"), "w", encoding="utf-8") as f:
        f.write("\n\n".join(body))
PY
words=$(cat "$work"/articles/*.txt | wc -w)
echo "articles: $n, words: $words ($((words / n)) per article)"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_it() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
draft_times=(); check_times=()
for _ in $(seq "$runs"); do
  draft_times+=("$(time_it "$bin" draft "$work/articles" --out "$work/out" --force)")
  check_times+=("$(time_it "$bin" check --data "$work/out")")
done
d=$(printf '%s\n' "${draft_times[@]}" | median)
c=$(printf '%s\n' "${check_times[@]}" | median)
"$bin" check --data "$work/out"
printf 'draft: median %.2f s   check of the same store (baseline): median %.2f s   ratio %.2f\n' "$d" "$c" "$(echo "$d / $c" | bc -l)"
