#!/usr/bin/env bash
# bench/gate.sh [DRAFTS]: the time of the check of a draft before 保密审查 (发布前检查, issue
# #14: under 50 ms for an ordinary document). Fills a temporary SQLite store with the demo
# catalogue, then drafts DRAFTS documents (default 20) of each size, their 正文 made of demo
# bodies (realistic government text of about 420 characters each: 10 bodies make an
# ordinary document, 50 a long one, 200 a very long one), with a text attachment of the same
# text, and submits each with `zfxxgk doc submit`, which prints the time the check took
# (the texts of the draft and its attachment through the rule set in force; building the
# checker is not counted: the server keeps it built, see web/integrity_cache.h). Prints the
# median and the largest time per size. Never part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
drafts=${1:-20}
O=${O:-build}
bin=$O/zfxxgk
[[ -x $bin ]] || { echo "bench: $bin missing (run make first)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "bench: sqlite3 missing" >&2; exit 2; }
dir=$(mktemp -d /tmp/zf-bench-gate.XXXXXX)
trap 'rm -rf "$dir"' EXIT
db=$dir/gate.db
"$bin" doc demo --db "$db" >/dev/null 2>&1
ndocs=$(sqlite3 "$db" "SELECT count(*) FROM docs WHERE body <> '' AND state = 'published'")
printf '%-10s %8s %8s %10s %10s\n' bodies "正文字数" drafts "p50 ms" "max ms"
for size in 10 50 200; do
	times=()
	chars=0
	for i in $(seq 1 "$drafts"); do
		sqlite3 "$db" "SELECT body FROM docs WHERE body <> '' AND state = 'published' ORDER BY (id * $i * 7919) % $ndocs
			LIMIT $size" >"$dir/body.txt"
		chars=$(wc -m <"$dir/body.txt")
		out=$("$bin" doc add --db "$db" --agency 1 --title "基准测试文件 $size-$i" --written 2026-11-20 \
			--summary "发布前检查的基准测试。" --body-file "$dir/body.txt" 2>&1 || true)
		id=$(sed -n 's/^已起草文件 \([0-9]*\).*/\1/p' <<<"$out")
		[[ -n $id ]] || { echo "bench: doc add failed: $out" >&2; exit 1; }
		cp "$dir/body.txt" "$dir/附件.txt"
		"$bin" doc attach "$id" "$dir/附件.txt" --db "$db" >/dev/null
		out=$("$bin" doc submit "$id" --db "$db" 2>&1 || true)
		ms=$(sed -n 's/.*用时 \([0-9.]*\) 毫秒.*/\1/p' <<<"$out")
		ms=${ms%%$'\n'*}
		[[ -n $ms ]] || { echo "bench: no time printed for draft $id" >&2; exit 1; }
		times+=("$ms")
	done
	sorted=$(printf '%s\n' "${times[@]}" | sort -g)
	p50=$(sed -n "$(((${#times[@]} + 1) / 2))p" <<<"$sorted")
	max=$(tail -1 <<<"$sorted")
	printf '%-10s %8s %8s %10s %10s\n' "$size" "$chars" "$drafts" "$p50" "$max"
done
