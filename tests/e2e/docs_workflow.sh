#!/usr/bin/env bash
# tests/e2e/docs_workflow.sh: the publishing workflow of issue #7 in real Chromium. Prepares a
# temporary database with the demo agencies and catalogue (`zfxxgk doc demo`), creates a clerk
# and a reviewer with `zfxxgk user add --password-stdin`, starts `zfxxgk serve` on a free
# loopback port and runs docs_workflow.mjs: a clerk drafts, the reviewer returns it, the clerk
# fixes it, the reviewer approves, the public finds it by search, the clerk repeals it, the
# page shows 废止. Prints TAP; screenshots land in tests/e2e/artifacts/docs-*.png.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
set -u
cd "$(dirname "$0")"
ZF_BIN=${ZF_BIN:-$PWD/../../build/zfxxgk}
tmp=$(mktemp -d /tmp/zf-e2e-docs.XXXXXX)
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
for u in "docclerk 王经办 clerk Docs-clerk-2026" "docrev 李审核 reviewer Docs-review-2026"; do
	read -r login name role password <<<"$u"
	printf '%s\n' "$password" | "$ZF_BIN" user add --db "$db" --login "$login" --name "$name" \
		--agency 1 --role "$role" --password-stdin >>"$tmp/users.log" 2>&1 ||
		bail "user add $login" "$tmp/users.log"
done
report ok "a clerk and a reviewer of 示例区人民政府 are created"

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

ZF_URL="http://127.0.0.1:$port" ZF_TMP="$tmp" node docs_workflow.mjs >"$tmp/tap" 2>"$tmp/err"
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

# the audit log has every step, by the people who took them
audit=$(./sql "$db" "SELECT actor || ' ' || action FROM audit_log WHERE action LIKE 'doc.%'
	AND object = (SELECT 'doc:' || id FROM docs WHERE title LIKE '%城市更新试点%') ORDER BY id")
want=$'docclerk doc.created\ndocclerk doc.attached\ndocclerk doc.submitted\ndocrev doc.returned\ndocrev doc.secrecy\ndocclerk doc.edited\ndocclerk doc.submitted\ndocrev doc.approved\ndocrev doc.secrecy\ndocclerk doc.repealed'
if [[ $audit == "$want" ]]; then
	report ok "the audit log records every step with its actor"
else
	report notok "the audit log records every step with its actor"
	printf '%s\n' "$audit" | sed 's/^/#   got: /'
fi
echo "1..$n"
