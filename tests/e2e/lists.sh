#!/usr/bin/env bash
# tests/e2e/lists.sh: 撤稿, the 重大建设项目 专栏 and the versioned lists (issue #18) in real
# Chromium (lists.mjs). Prepares a temporary database with the demo agencies and catalogue,
# publishes three documents with the CLI (one to take down in the console, one to remove with
# `zfxxgk doc takedown --mode removed`, one whose body cites the first by 文号 and a URL),
# creates a reviewer of 示例区人民政府 (1) and one of 住房和城乡建设局 (3), starts `zfxxgk
# serve` and runs lists.mjs. Prints TAP; screenshots land in tests/e2e/artifacts/lists-*.png.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
set -u
cd "$(dirname "$0")"
ZF_BIN=${ZF_BIN:-$PWD/../../build/zfxxgk}
tmp=$(mktemp -d /tmp/zf-e2e-lists.XXXXXX)
pid=
n=0
. ./engine_lib.sh

cleanup() {
	if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null
	fi
	e2e_cleanup_pg
	rm -rf "$tmp"
}
trap cleanup EXIT

report() { # report ok|notok DESC
	n=$((n + 1))
	if [[ $1 == ok ]]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

bail() { # bail DESC LOG
	report notok "$1"
	[[ -f ${2:-} ]] && sed 's/^/#   /' "$2" | tail -20
	echo "1..$n"
	exit 1
}

db=$(e2e_db "$tmp" zf) || bail "temporary $(e2e_engine) database created"
echo "# engine: $(e2e_engine) ($db)"
"$ZF_BIN" doc demo --db "$db" >"$tmp/demo.log" 2>&1 || bail "doc demo seeds the catalogue" "$tmp/demo.log"
report ok "doc demo seeds the agencies and the catalogue"

# publish TITLE DOCNO BODY: a published document of agency 1; prints its id
publish() {
	"$ZF_BIN" doc add --db "$db" --agency 1 --title "$1" --written 2025-03-01 \
		${2:+--doc-no "$2"} --body "$3" >>"$tmp/cli.log" 2>&1 || return 1
	local id
	id=$(./sql "$db" "SELECT max(id) FROM docs")
	"$ZF_BIN" doc submit --db "$db" "$id" >>"$tmp/cli.log" 2>&1 &&
		"$ZF_BIN" doc approve --db "$db" --secrecy-checked "$id" >>"$tmp/cli.log" 2>&1 && echo "$id"
}
take=$(publish "撤稿测试甲：关于公布征收补偿名单的公告" "示政发〔2025〕77号" "补偿名单正文，含示例人员。") ||
	bail "document to take down published" "$tmp/cli.log"
gone=$(publish "删除测试乙：关于公布低保对象名单的公告" "" "名单：某某，身份证号码。") ||
	bail "document to remove published" "$tmp/cli.log"
cite=$(publish "引用测试丙：关于征收补偿工作的通知" "" \
	"根据示政发〔2025〕77号，详见 https://example.org/plan?a=1&b=2 。<script>alert(1)</script>") ||
	bail "citing document published" "$tmp/cli.log"
report ok "three documents published with the CLI ($take, $gone, $cite)"
if "$ZF_BIN" doc takedown --db "$db" "$gone" --mode removed >"$tmp/td.log" 2>&1; then
	report notok "doc takedown without --reason is refused"
else
	report ok "doc takedown without --reason is refused"
fi
"$ZF_BIN" doc takedown --db "$db" "$gone" --mode removed --reason "名单含有身份证号码" >"$tmp/td.log" 2>&1 &&
	report ok "doc takedown --mode removed takes the second document down" ||
	report notok "doc takedown --mode removed takes the second document down"
"$ZF_BIN" doc takedown --help | grep -q "撤稿不可撤销" && report ok "doc takedown --help is in Chinese" ||
	report notok "doc takedown --help is in Chinese"

for u in "lrev 张审核 1 reviewer Lists-review-2026" "lrevb 赵审核 3 reviewer Lists-reviewb-2026"; do
	read -r login name agency role password <<<"$u"
	printf '%s\n' "$password" | "$ZF_BIN" user add --db "$db" --login "$login" --name "$name" \
		--agency "$agency" --role "$role" --password-stdin >>"$tmp/users.log" 2>&1 ||
		bail "user add $login" "$tmp/users.log"
done
report ok "reviewers of agency 1 and of agency 3 are created"

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
report ok "server starts on port $port"

ZF_URL="http://127.0.0.1:$port" ZF_DB="$db" ZF_TMP="$tmp" ZF_TAKE=$take ZF_GONE=$gone ZF_CITE=$cite \
	node lists.mjs >"$tmp/tap" 2>"$tmp/err"
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
	sed 's/^/#   /' "$tmp/err" | head -20
fi

kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
if ((rc == 0)); then report ok "server stops cleanly"; else report notok "server stops cleanly (exit $rc)"; fi

audit=$(./sql "$db" "SELECT actor || ' ' || action FROM audit_log WHERE object = 'doc:$take'
	AND action LIKE 'doc.takedown%' ORDER BY id")
if [[ $audit == $'lrev doc.takedown.withdrawn\nlrev doc.takedown.removed' ]]; then
	report ok "the audit log records the takedown with its actor"
else
	report notok "the audit log records the takedown with its actor"
	printf '%s\n' "$audit" | sed 's/^/#   got: /'
fi
echo "1..$n"
