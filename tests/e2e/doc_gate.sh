#!/usr/bin/env bash
# tests/e2e/doc_gate.sh: the check of a draft before 保密审查 (发布前检查, issue #14) in real
# Chromium and on the command line. Prepares a temporary database with the demo agencies
# (`zfxxgk doc demo`), a clerk and a reviewer, starts `zfxxgk serve` and runs doc_gate.mjs: a
# draft with the misspelt leader name 习进平 is stopped on submission with the word marked,
# the clerk fixes it to 习近平 and it goes on to review; a second draft quoting the wrong
# name is let through by an override with its reason (shown, audited). Then `zfxxgk doc
# submit` refuses a draft with the hits listed (exit 1) and lets it through with
# --override-reason. Prints TAP; screenshots land in tests/e2e/artifacts/gate-*.png.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
set -u
cd "$(dirname "$0")"
ZF_BIN=${ZF_BIN:-$PWD/../../build/zfxxgk}
tmp=$(mktemp -d /tmp/zf-e2e-gate.XXXXXX)
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
for u in "gateclerk 王经办 clerk Gate-clerk-2026 1" "gaterev 李审核 reviewer Gate-review-2026 1" \
	"gateother 赵其他 clerk Gate-other-2026 3"; do
	read -r login name role password agency <<<"$u"
	printf '%s\n' "$password" | "$ZF_BIN" user add --db "$db" --login "$login" --name "$name" \
		--agency "$agency" --role "$role" --password-stdin >>"$tmp/users.log" 2>&1 ||
		bail "user add $login" "$tmp/users.log"
done
report ok "a clerk and a reviewer of 示例区人民政府 and a clerk of agency 3 are created"

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

ZF_URL="http://127.0.0.1:$port" ZF_TMP="$tmp" node doc_gate.mjs >"$tmp/tap" 2>"$tmp/err"
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

# the override is in the audit log, by the clerk, on the second draft
audit=$(./sql "$db" "SELECT actor || ' ' || action FROM audit_log WHERE action = 'doc.check.override'
	AND object = (SELECT 'doc:' || id FROM docs WHERE title LIKE '%网站错误表述整改%') ORDER BY id")
if [[ $audit == "gateclerk doc.check.override" ]]; then
	report ok "the override is audited (doc.check.override by the clerk)"
else
	report notok "the override is audited (doc.check.override by the clerk)"
	printf '%s\n' "$audit" | sed 's/^/#   got: /'
fi
fixed=$(./sql "$db" "SELECT count(*) FROM doc_check_overrides WHERE doc_id =
	(SELECT id FROM docs WHERE title LIKE '%学习贯彻%')")
if [[ $fixed == 0 ]]; then
	report ok "the fixed draft needed no override"
else
	report notok "the fixed draft needed no override (got $fixed)"
fi

forged=$(./sql "$db" "SELECT count(*) FROM doc_check_overrides WHERE reason = '伪造'")
if [[ $forged == 0 ]]; then
	report ok "no forged override was recorded"
else
	report notok "no forged override was recorded (got $forged)"
fi

# ---- the command line
out=$("$ZF_BIN" doc add --db "$db" --agency 1 --title "关于转发习进平同志讲话的通知" \
	--written 2026-11-20 --body "认真学习习进平同志讲话。" 2>&1)
id=$(sed -n 's/^已起草文件 \([0-9]*\).*/\1/p' <<<"$out")
[[ -n $id ]] || bail "doc add drafts a document" <(echo "$out")
"$ZF_BIN" doc submit "$id" --db "$db" >"$tmp/out" 2>"$tmp/err"
rc=$?
if ((rc == 1)) && grep -q '【习进平】' "$tmp/err" && grep -q '单项否决' "$tmp/err" &&
	grep -q '建议：.*习近平' "$tmp/err" && grep -q '未提交保密审查' "$tmp/err"; then
	report ok "doc submit refuses with the hits in Chinese (exit 1)"
else
	report notok "doc submit refuses with the hits in Chinese (exit $rc)"
	sed 's/^/#   /' "$tmp/err" | head -10
fi
state=$(./sql "$db" "SELECT state FROM docs WHERE id = $id")
[[ $state == draft ]] && report ok "the draft stays a draft" || report notok "the draft stays a draft (got $state)"
"$ZF_BIN" doc submit "$id" --db "$db" --override-reason "转发原文，错误写法已另行报告" \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
state=$(./sql "$db" "SELECT state FROM docs WHERE id = $id")
audits=$(./sql "$db" "SELECT count(*) FROM audit_log WHERE action = 'doc.check.override'
	AND object = 'doc:$id' AND detail LIKE '%转发原文%'")
if ((rc == 0)) && [[ $state == review && $audits -ge 1 ]] && grep -q '已记录放行理由' "$tmp/out"; then
	report ok "with --override-reason it goes on to review, the override audited"
else
	report notok "with --override-reason it goes on to review (exit $rc, $state, $audits audits)"
	sed 's/^/#   /' "$tmp/err" "$tmp/out" | head -10
fi
"$ZF_BIN" doc submit "$id" --db "$db" >"$tmp/out" 2>"$tmp/err"
rc=$?
((rc == 1)) && grep -q '只有草稿' "$tmp/err" && report ok "a document in review is not submitted twice" ||
	report notok "a document in review is not submitted twice (exit $rc)"
echo "1..$n"
