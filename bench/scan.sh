#!/usr/bin/env bash
# bench/scan.sh [MB] [RULES]: the phrase scanner (text/scan.h) against its references.
# Builds bench/scan_bench.c against $O/libzf.a (O=build by default; run `make` first), then:
#   1. writes MB megabytes (default 100) of real-looking government text: the sentences of
#      the seeds and the corpus in tests/data, shuffled and repeated;
#   2. writes a rule set of RULES rules (default 10000): the default set plus phrases, 1 in
#      100 of them taken from the text (so that they occur), the rest random characters of
#      the text; and a hit-heavy set with 1 in 5 taken from the text (ours and vectorscan);
#   3. times, on one core, over the same text and the same patterns:
#        ours         folding (width, case, traditional, noise) + Aho–Corasick + allow/dates,
#                     the text scanned in documents of 20 KB as the checks do;
#        vectorscan   hs_compile_lit_multi, block mode, the same 20 KB documents (raw bytes,
#                     no folding, no noise, no start of match);
#        grep -F -o   LC_ALL=C (bytes) and LC_ALL=C.UTF-8, every match written out;
#      each with MB/s and its ratio to ours; compile time and memory of the default set and
#      of the RULES set; the draft gate: one 20 KB document checked with the default set.
# Timing figures only: nothing here asserts a time.
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-100}
nrules=${2:-10000}
O=${O:-build}
[[ -f $O/libzf.a ]] || { echo "bench: $O/libzf.a missing (run make first)" >&2; exit 2; }
dir=$(mktemp -d /tmp/zf-bench-scan.XXXXXX)
trap 'rm -rf "$dir"' EXIT
PKGS="libutf8proc libhs"
# shellcheck disable=SC2046
cc -std=c11 -O2 -Isrc -Isrc/base -I"$O/gen" $(pkg-config --cflags $PKGS) -o "$dir/scan_bench" \
	bench/scan_bench.c "$O/libzf.a" $(pkg-config --libs $PKGS) -lpthread -lm
pin=$(command -v taskset >/dev/null && echo "taskset -c 0" || echo "")

"$dir/scan_bench" text "$dir/text.txt" "$mb" tests/data/seeds/*.txt tests/data/corpus/raw/* \
	tests/data/corpus/truth/*
"$dir/scan_bench" rules "$dir/text.txt" "$nrules" "$dir/rules.tsv" "$dir/patterns.txt" 10
"$dir/scan_bench" rules "$dir/text.txt" "$nrules" "$dir/heavy.tsv" "$dir/heavy.txt" 200
echo "== default set and the draft gate"
$pin "$dir/scan_bench" draft "$dir/text.txt"
echo "== $nrules rules over $mb MB"
ours=$($pin "$dir/scan_bench" ours "$dir/rules.tsv" "$dir/text.txt")
echo "$ours"
hs=$($pin "$dir/scan_bench" hs "$dir/patterns.txt" "$dir/text.txt")
echo "$hs"
rate() { sed -n 's/.*= \([0-9.]*\) MB\/s.*/\1/p' <<<"$1"; }
r_ours=$(rate "$ours")
# grep's CPU time (user + system), like the CPU time the helper measures for the others.
# -o reports every match, as ours and vectorscan do; the output goes to a file (GNU grep
# stops at the first match when its output is /dev/null).
grep_rate() {
	local loc=$1 cpu
	cpu=$( { TIMEFORMAT='%U %S'; time LC_ALL=$loc $pin grep -F -o -f "$dir/patterns.txt" \
		"$dir/text.txt" >"$dir/grep.out"; } 2>&1 | awk '{ print $1 + $2 }')
	awk -v mb="$(stat -c %s "$dir/text.txt")" -v c="$cpu" -v l="$(wc -l <"$dir/grep.out")" \
		-v loc="$loc" 'BEGIN { mb /= 1048576; printf "grep -F -o -f (LC_ALL=%s): %.1f MB in %.2f s = %.1f MB/s (one core), %d matches\n", loc, mb, c, mb / c, l }'
}
g_c=$(grep_rate C)
echo "$g_c"
g_u=$(grep_rate C.UTF-8)
echo "$g_u"
echo "== ratios (ours / reference; above 1 means ours is faster)"
for line in "$hs" "$g_c" "$g_u"; do
	r=$(sed -n 's/.*= \([0-9.]*\) MB\/s.*/\1/p' <<<"$line")
	awk -v o="$r_ours" -v r="$r" -v n="${line%%:*}" \
		'BEGIN { printf "ours %.1f MB/s vs %s %.1f MB/s: %.2fx\n", o, n, r, (r > 0 ? o / r : 0) }'
done
echo "== hit-heavy: $nrules rules, 1 in 5 taken from the text"
heavy=$($pin "$dir/scan_bench" ours "$dir/heavy.tsv" "$dir/text.txt" | tail -1)
echo "$heavy"
hheavy=$($pin "$dir/scan_bench" hs "$dir/heavy.txt" "$dir/text.txt" | tail -1)
echo "$hheavy"
awk -v o="$(rate "$heavy")" -v r="$(rate "$hheavy")" \
	'BEGIN { printf "ours %.1f MB/s vs vectorscan %.1f MB/s: %.2fx\n", o, r, (r > 0 ? o / r : 0) }'
