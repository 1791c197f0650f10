#!/usr/bin/env bash
# tests/e2e/install_security.sh: installing without the demo, under attack, in real Chromium
# (install_security.mjs): /setup on a server started on an empty database (refused without
# the one-time code serve printed, without the CSRF token, and gone once a user exists), then
# /console/agencies and /console/site: CSRF refusals, an administrator of one department
# cannot see or touch another's agencies (404, database unchanged), a non-administrator is
# refused, script typed into the forms and into an imported sheet comes back as text, the
# import shows its report. Prints TAP; screenshots go to tests/e2e/artifacts/install-*.png.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
set -u
cd "$(dirname "$0")"
ZF_BIN=${ZF_BIN:-$PWD/../../build/zfxxgk}
tmp=$(mktemp -d /tmp/zf-e2e-install-sec.XXXXXX)
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
db=$(e2e_db "$tmp" zf) || bail "temporary $(e2e_engine) database created"
echo "# engine: $(e2e_engine)"

start_server() { # no --demo: a real installation
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
	[[ -n $port ]] || bail "server starts" "$tmp/log"
	ZF_URL="http://127.0.0.1:$port"
}
stop_server() {
	kill -TERM "$pid"
	wait "$pid"
	local rc=$?
	pid=
	return $rc
}
run_node() { # run_node PHASE
	ZF_URL=$ZF_URL ZF_DB="$db" ZF_BIN=$ZF_BIN ZF_SETUP_CODE=${code:-} ZF_TMP=$tmp \
		node install_security.mjs "$1" >"$tmp/tap" 2>"$tmp/err"
	local rc=$?
	while IFS= read -r line; do
		case $line in
		"ok - "*) report ok "${line#ok - }" ;;
		"not ok - "*) report notok "${line#not ok - }" ;;
		*) echo "$line" ;;
		esac
	done <"$tmp/tap"
	((rc == 0)) || { report notok "node exited with status $rc"; sed 's/^/#   /' "$tmp/err" | head -20; }
}

start_server
code=$(sed -n 's/.*一次性安装码：\([A-Za-z0-9]*\).*/\1/p' "$tmp/log")
if [[ ${#code} -eq 14 ]]; then report ok "serve prints a one-time setup code on an empty database"; else bail "setup code printed" "$tmp/log"; fi
if grep -q "$code" <(curl -s "$ZF_URL/setup") <(curl -s "$ZF_URL/"); then report notok "the code is not on any page"; else report ok "the code is not on any page"; fi
run_node setup
stop_server || bail "server stops" "$tmp/log"

# the tree and the users of the second phase, offline
A() { "$ZF_BIN" agency "$@" --db "$db" >>"$tmp/cli.log" 2>&1; }
U() { printf '%s\n' "$5" | "$ZF_BIN" user add --db "$db" --login "$1" --name "$2" --agency "$3" --role "$4" --password-stdin >>"$tmp/cli.log" 2>&1; }
if A add --name 甲局 --parent 示例市人民政府 && A add --name 乙局 --parent 示例市人民政府 && A add --name 甲局科室 --parent 甲局 &&
	A add --name 乙局科室 --parent 乙局 &&
	U adma 甲管理 "$("$ZF_BIN" agency list --db "$db" | awk -F'\t' '$2=="  甲局"{print $1}')" admin 'Adm-A-pass-2026' &&
	U admb 乙管理 "$("$ZF_BIN" agency list --db "$db" | awk -F'\t' '$2=="  乙局"{print $1}')" admin 'Adm-B-pass-2026' &&
	U clerka 甲经办 "$("$ZF_BIN" agency list --db "$db" | awk -F'\t' '$2=="  甲局"{print $1}')" clerk 'Clerk-A-pass-2026' &&
	A template "$tmp/template.xlsx" &&
	printf '%s\n' $'名称\t上级机构\t地址' \
		$'<script>alert(1)</script>"><img src=x onerror=alert(1)>\t甲局\t"><img src=x onerror=alert(2)>' \
		$'坏行<script>alert(3)</script>\t"><img src=x onerror=alert(4)>\t' |
	python3 make_xlsx.py "$tmp/evil.xlsx"; then
	report ok "agencies, users and the import template made with the CLI"
else
	bail "agencies and users made with the CLI" "$tmp/cli.log"
fi
code=
start_server
if grep -q '一次性安装码' "$tmp/log"; then report notok "no setup code once installed"; else report ok "no setup code once installed"; fi
run_node console
if stop_server; then report ok "server stops cleanly"; else report notok "server stops cleanly"; fi
echo "1..$n"
