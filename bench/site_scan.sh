#!/usr/bin/env bash
# bench/site_scan.sh [RUNS] [ZF_BIN]: the whole demo site scanned (内容检查), pages/s. A demo
# database is seeded by `serve --demo` in a temporary directory, the test rule set
# (tests/data/integrity/rules-valid.txt) loaded, then `site scan --json` run RUNS times
# (default 3): every published document's fields and attachments, every public page rendered
# in-process and followed by its links. Prints each run's items, pages, seconds and items/s,
# and the best run's figure. The first run records every finding, the later ones match them
# (the steady state of a daily scan).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
bin=${2:-${ZF_BIN:-build/zfxxgk}}
[[ -x $bin ]] || { echo "bench: $bin missing (make first)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "bench: python3 is missing" >&2; exit 2; }
dir=$(mktemp -d /tmp/zf-bench-scan.XXXXXX)
pid=
cleanup() {
	[[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
db=$dir/demo.db
"$bin" serve --demo --listen 127.0.0.1:0 --db "$db" 2>"$dir/serve.log" &
pid=$!
for _ in $(seq 1 200); do
	grep -q ' listening ' "$dir/serve.log" && break
	kill -0 "$pid" 2>/dev/null || { cat "$dir/serve.log" >&2; exit 1; }
	sleep 0.1
done
kill -TERM "$pid"
wait "$pid" || true
pid=
"$bin" site rules load tests/data/integrity/rules-valid.txt --db "$db" >/dev/null 2>&1
best=0
for r in $(seq 1 "$runs"); do
	"$bin" site scan --db "$db" --json 2>/dev/null >"$dir/run.json"
	line=$(python3 - "$dir/run.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
rate = j["items"] / j["seconds"] if j["seconds"] > 0 else 0
print(f'{j["items"]} {j["documents"]} {j["pages"]} {j["seconds"]:.2f} {rate:.0f} {j["found"]} {j["new"]}')
PY
)
	read -r items docs pages secs rate found new <<<"$line"
	echo "run $r: $items items ($docs documents, $pages rendered pages) in $secs s: $rate items/s; $found findings, $new new"
	((rate > best)) && best=$rate
done
echo "site scan (demo site, best of $runs): $best pages/s"
