#!/usr/bin/env bash
# tests/e2e/integrity_console.sh: the site-integrity console (内容检查) in real Chromium
# (integrity_console.mjs): an administrator loads a rule set with an invalid line (refused,
# the line named, nothing stored), imports a valid one, runs a scan of the demo site from the
# console, sees the planted wording error highlighted, assigns it to a clerk with a deadline,
# exports the 通报 (read back with exceljs); a viewer of another agency sees neither the
# finding nor its forms (404), a clerk cannot dismiss (403); everything without JavaScript.
# Before the server: `site rules` and `site scan`/`site findings` on the command line. Prints
# TAP; screenshots go to tests/e2e/artifacts/integrity-*.png.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
. "$(dirname "$0")/console_lib.sh"

prepare_db
add_user intadmin 周管理 1 admin 'Int-admin-2026'
add_user intclerk 吴经办 1 clerk 'Int-clerk-2026'
add_user intview 郑查阅 3 viewer 'Int-view-2026'
data=$(cd ../data/integrity && pwd) || bail "the rule-set fixtures"
# a published document of agency 1 with a misspelt leader's name in its title
today=$(TZ=Asia/Shanghai date +%F)
cat >"$tmp/doc.csv" <<CSV
名称,成文日期,发布日期,类别,有效期至,主题分类
示例区人民政府关于深入学习习进平总书记重要讲话精神的通知,$today,$today,其他,,
CSV
"$ZF_BIN" doc import --db "$db" --agency 1 "$tmp/doc.csv" >"$tmp/import.log" 2>&1 ||
	bail "the document with the error imported" "$tmp/import.log"
report ok "a published document with 习进平 in its title"
# a published document whose attached text file carries a gambling brand, and an image (not
# read: counted as skipped)
att=$("$ZF_BIN" doc add --db "$db" --agency 1 --title "示例区人民政府关于公布第一批名单的通知" \
	--written "$today" --summary "公布名单。" 2>"$tmp/att.log" | grep -oE '[0-9]+' | head -1)
printf '名单\n一、某某公司\n二、澳门葡京娱乐有限公司\n' >"$tmp/名单.txt"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\nIDATx\x9cc\0\1\0\0\5\0\1\r\n-\xb4\0\0\0\0IEND\xaeB`\x82' >"$tmp/图.png"
if [[ -n $att ]] && "$ZF_BIN" doc attach --db "$db" "$att" "$tmp/名单.txt" >>"$tmp/att.log" 2>&1 &&
	"$ZF_BIN" doc attach --db "$db" "$att" "$tmp/图.png" >>"$tmp/att.log" 2>&1 &&
	"$ZF_BIN" doc submit --db "$db" "$att" >>"$tmp/att.log" 2>&1 &&
	"$ZF_BIN" doc approve --db "$db" "$att" --secrecy-checked >>"$tmp/att.log" 2>&1; then
	report ok "a published document with an attached text file and an image (document $att)"
else
	bail "a published document with attachments" "$tmp/att.log"
fi
# the command line: check names the line; load refuses the set and writes nothing
msg=$("$ZF_BIN" site rules check "$data/rules-invalid.txt" 2>&1)
rc=$?
if ((rc == 1)) && [[ $msg == *第5行* ]]; then report ok "site rules check names the line ($msg)"; else
	report notok "site rules check names the line (rc=$rc: $msg)"; fi
"$ZF_BIN" site rules load "$data/rules-invalid.txt" --db "$db" >/dev/null 2>&1
rc=$?
stored=$(./sql "$db" "SELECT count(*) FROM integrity_rulesets")
if ((rc == 1)) && [[ $stored == 0 ]]; then report ok "site rules load refuses it (exit 1), nothing stored"; else
	report notok "site rules load refuses it (rc=$rc, $stored stored)"; fi
if "$ZF_BIN" site rules --help | grep -q '规则集'; then report ok "site rules --help in Chinese"; else
	report notok "site rules --help in Chinese"; fi
printf 'scan_interval = 0\n' >"$tmp/zf.conf"
start_server --config "$tmp/zf.conf"
report ok "server starts on port $port"
run_node integrity_console.mjs
# after the browser walk: the CLI reads the same work orders
json=$("$ZF_BIN" site findings --db "$db" --category wording --json 2>/dev/null)
if [[ $json == *'"rule": "wording.leader-xjp"'* && $json == *'"assignee": "intclerk"'* ]]; then
	report ok "site findings --json lists the assigned finding"
else
	report notok "site findings --json lists the assigned finding"
	echo "$json" | head -20 | sed 's/^/#   /'
fi
# a re-scan from the command line matches what the console's scan found: nothing new, and the
# finding dismissed in the browser stays dismissed
rescan=$("$ZF_BIN" site scan --db "$db" --json 2>"$tmp/scan.err")
if [[ $rescan == *'"new": 0'* && $rescan == *'"closed": 0'* ]] &&
	[[ $(./sql "$db" "SELECT status FROM integrity_findings WHERE snippet = '习进平'") == dismissed ]]; then
	report ok "site scan again: nothing new, nothing closed, the dismissed one stays dismissed"
else
	report notok "site scan again: nothing new, nothing closed, the dismissed one stays dismissed"
	echo "$rescan" | sed 's/^/#   /'
fi
if stop_server; then report ok "server stops cleanly"; else report notok "server stops cleanly"; fi
# two servers on the one database, scheduled scans every 2 seconds: the lease lets one run at a
# time and the interval is kept between them
before=$(./sql "$db" "SELECT count(*) FROM integrity_scans WHERE scheduled = 1")
printf 'scan_interval = 2\n' >"$tmp/fast.conf"
"$ZF_BIN" serve --listen 127.0.0.1:0 --db "$db" --config "$tmp/fast.conf" 2>"$tmp/log2" &
pid2=$!
start_server --config "$tmp/fast.conf"
scheduled=0
for _ in $(seq 1 360); do
	sleep 0.5
	scheduled=$(./sql "$db" "SELECT count(*) FROM integrity_scans WHERE scheduled = 1 AND finished_at IS NOT NULL")
	((scheduled - before >= 3)) && break
done
kill -TERM "$pid2"
wait "$pid2"
if ((scheduled - before >= 3)); then report ok "scheduled scans run ($((scheduled - before)))"; else
	report notok "scheduled scans run ($((scheduled - before)))"; fi
overlap=$(./sql "$db" "SELECT count(*) FROM integrity_scans a, integrity_scans b WHERE a.id < b.id
	AND a.scheduled = 1 AND b.scheduled = 1 AND b.started_at < a.finished_at")
if [[ $overlap == 0 ]]; then report ok "never two at once on two servers"; else
	report notok "never two at once on two servers ($overlap overlaps)"; fi
finish
