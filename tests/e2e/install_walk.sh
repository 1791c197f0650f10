#!/usr/bin/env bash
# tests/e2e/install_walk.sh: a real installation from an empty database, in real Chromium
# (install_walk.mjs), the demo never running: /setup with the one-time code, an agency added by
# hand, the rest of a three-level tree imported from an Excel sheet (written by `zfxxgk agency
# export` from another installation), the site settings filled in, and all of it on the
# public site (masthead, footer, 网站地图, 联系我们). Prints TAP; screenshots go to
# tests/e2e/artifacts/install-walk-*.png.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
set -u
cd "$(dirname "$0")"
ZF_BIN=${ZF_BIN:-$PWD/../../build/zfxxgk}
tmp=$(mktemp -d /tmp/zf-e2e-install-walk.XXXXXX)
pid=
n=0
. ./engine_lib.sh
cleanup() {
	if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null; fi
	e2e_cleanup_pg
	rm -rf "$tmp"
}
trap cleanup EXIT
report() { n=$((n + 1)); if [[ $1 == ok ]]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
bail() {
	report notok "$1"
	[[ -f ${2:-} ]] && sed 's/^/#   /' "$2" | tail -20
	echo "1..$n"
	exit 1
}
db=$(e2e_db "$tmp" walk) || bail "temporary $(e2e_engine) database created"
echo "# engine: $(e2e_engine)"

# the sheet: another installation's tree, exported
src="$tmp/src.db"
printf 'Source-pass-2026\n' >"$tmp/pw"
S() { "$ZF_BIN" agency "$@" --db "$src" >>"$tmp/cli.log" 2>&1; }
if "$ZF_BIN" init --db "$src" --admin src --agency 示例县人民政府 --site-name 源 --org-code 113702009 \
	--password-file "$tmp/pw" >>"$tmp/cli.log" 2>&1 &&
	S add --name 示例县教育局 --parent 示例县人民政府 --short 示教 --credit-code 914403001922038216 &&
	S add --name 示例县第一中学 --parent 示例县教育局 --kind 公共企事业单位 --supervisor 示例县教育局 &&
	S add --name 示例县卫生健康局 --parent 示例县人民政府 --org-code 113702017 --hours '工作日 9:00—17:00' &&
	S export "$tmp/tree.xlsx"; then
	report ok "a sheet of a three-level tree written by agency export"
else
	bail "the sheet" "$tmp/cli.log"
fi

"$ZF_BIN" serve --listen 127.0.0.1:0 --db "$db" 2>"$tmp/log" &
pid=$!
port=
for _ in $(seq 1 600); do
	port=$(sed -n 's/.* listening .* port=\([0-9]*\).*/\1/p' "$tmp/log")
	[[ -n $port ]] && curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
	port=
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
[[ -n $port ]] || bail "server starts on an empty database" "$tmp/log"
code=$(sed -n 's/.*一次性安装码：\([A-Za-z0-9]*\).*/\1/p' "$tmp/log")
[[ ${#code} -eq 14 ]] && report ok "server on an empty database, setup code printed" || bail "setup code" "$tmp/log"
if grep -q 'demo' "$tmp/log"; then report notok "the demo never ran"; else report ok "the demo never ran"; fi

ZF_URL="http://127.0.0.1:$port" ZF_DB="$db" ZF_SETUP_CODE=$code ZF_SHEET="$tmp/tree.xlsx" \
	node install_walk.mjs >"$tmp/tap" 2>"$tmp/err"
rc=$?
while IFS= read -r line; do
	case $line in
	"ok - "*) report ok "${line#ok - }" ;;
	"not ok - "*) report notok "${line#not ok - }" ;;
	*) echo "$line" ;;
	esac
done <"$tmp/tap"
((rc == 0)) || { report notok "node exited with status $rc"; sed 's/^/#   /' "$tmp/err" | head -20; }
kill -TERM "$pid"
if wait "$pid"; then report ok "server stops cleanly"; else report notok "server stops cleanly"; fi
pid=
echo "1..$n"
