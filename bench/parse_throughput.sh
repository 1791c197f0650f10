#!/usr/bin/env bash
# bench/parse_throughput.sh [COPIES] [ZF_BIN]: throughput of `zfxxgk report parse --json`.
# Builds a batch of COPIES reports (default 400 of each seed, about 25 MB) from the five seeds
# and the hand-made layout cases, each copy varied (a numbered line in front, the year
# shifted), times the parser over the directory and `wc -m` over the same files, and prints
# MB/s and the ratio. Targets: >= 20 MB/s, within 10x of wc -m.
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-400}
bin=${2:-${ZF_BIN:-build/zfxxgk}}
[[ -x $bin ]] || { echo "bench: $bin missing (make first)" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
srcs=(tests/data/seeds/*.txt tests/golden/report-parse/cases/pdf-markdown.in
	tests/golden/report-parse/cases/html-word.in tests/golden/report-parse/cases/glued.in)
for ((i = 0; i < copies; i++)); do
	for s in "${srcs[@]}"; do
		b=$(basename "$s")
		{ printf '编号 %d\n' "$i"; sed "s/2023年/$((2000 + i % 24))年/" "$s"; } >"$dir/$i-$b"
	done
done
bytes=$(cat "$dir"/* | wc -c)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
now() { date +%s.%N; }
t0=$(now)
"$bin" report parse --json --quiet "$dir" >/dev/null 2>"$dir.err" || true
t1=$(now)
cat "$dir"/* >/dev/null # warm the cache the same way for wc
t2=$(now)
wc -m "$dir"/* >/dev/null
t3=$(now)
rm -f "$dir.err"
awk -v mb="$mb" -v n="$(ls "$dir" | wc -l)" -v p="$(echo "$t1 - $t0" | bc)" -v w="$(echo "$t3 - $t2" | bc)" 'BEGIN {
	printf "files %d, %.1f MB\n", n, mb
	printf "report parse --json: %.2f s, %.1f MB/s\n", p, mb / p
	printf "wc -m:               %.2f s, %.1f MB/s\n", w, mb / w
	printf "ratio parse / wc -m: %.1fx\n", p / w
}'
