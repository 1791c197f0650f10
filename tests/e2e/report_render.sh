#!/usr/bin/env bash
# tests/e2e/report_render.sh: renders every seed's expected report with `zfxxgk report render`
# to HTML, XLSX and CSV, then report_render.mjs opens the HTML in real Chromium (numbers,
# official layout, axe-core, A4 print to PDF, screenshot to artifacts/report-NNN.png) and
# reads the XLSX back with exceljs. Prints TAP.
set -u
cd "$(dirname "$0")"
root=$PWD/../..
ZF_BIN=${ZF_BIN:-$root/build/zfxxgk}
tmp=$(mktemp -d /tmp/zf-e2e-report.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=0
report() { # report ok|notok DESC
	n=$((n + 1))
	if [[ $1 == ok ]]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

seeds=("$root"/tests/data/seeds/expected/*.json)
for s in "${seeds[@]}"; do
	name=$(basename "$s" .json)
	for fmt in html xlsx csv; do
		if "$ZF_BIN" report render --to "$fmt" -o "$tmp/$name.$fmt" "$s" 2>"$tmp/err"; then
			report ok "${name:0:3}: render --to $fmt"
		else
			report notok "${name:0:3}: render --to $fmt"
			sed 's/^/#   /' "$tmp/err"
		fi
	done
	if [[ $(head -c 3 "$tmp/$name.csv" | od -An -tx1 | tr -d ' ') == efbbbf ]]; then
		report ok "${name:0:3}: CSV starts with the UTF-8 BOM"
	else
		report notok "${name:0:3}: CSV starts with the UTF-8 BOM"
	fi
done

ZF_OUT=$tmp node report_render.mjs "${seeds[@]}" >"$tmp/tap" 2>"$tmp/node-err"
rc=$?
while IFS= read -r line; do
	case $line in
	"ok - "*) report ok "${line#ok - }" ;;
	"not ok - "*) report notok "${line#not ok - }" ;;
	*) echo "$line" ;;
	esac
done <"$tmp/tap"
if ((rc != 0)); then
	report notok "node exited with status $rc"
	sed 's/^/#   /' "$tmp/node-err" | head -20
fi
echo "1..$n"
