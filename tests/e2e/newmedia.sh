#!/usr/bin/env bash
# tests/e2e/newmedia.sh: the 政务新媒体 registry end to end. The command line first: the demo's
# accounts listed, `newmedia silent` names the silent one (exit 1), imports refused with one
# Chinese line and nothing written (a closed account, a bad time in row 2, a DTD feed, a URL
# nobody answers). Then in real Chromium (newmedia.mjs): a clerk of 住建局 registers an account
# (申请开设), its administrator approves it with a 备案 number, the clerk imports posts from a
# CSV file (a wording error is found and shows on the account page and in 内容检查) and from a
# feed served over loopback HTTP, a silent account is flagged and filtered, the registry's
# .xlsx is read back, the closing is asked for and approved by an administrator of the parent
# agency, and the public 政务新媒体矩阵 lists open accounts without any person's name. Prints
# TAP; screenshots go to tests/e2e/artifacts/newmedia-*.png.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
. "$(dirname "$0")/console_lib.sh"

prepare_db
add_user nmclerk 马经办 3 clerk 'Nm-clerk-2026'
add_user nmadmin 秦管理 3 admin 'Nm-admin-2026'
add_user nmgov 卫管理 1 admin 'Nm-gov-2026'

# ---- the command line on the demo registry
out=$("$ZF_BIN" newmedia list --db "$db" 2>/dev/null)
if [[ $(grep -c $'\t' <<<"$out") -eq 6 && $out == *示例发布* && $out == *已关停* ]]; then
	report ok "newmedia list shows the demo's five accounts"
else
	report notok "newmedia list shows the demo's five accounts"
	echo "$out" | sed 's/^/#   /'
fi
out=$("$ZF_BIN" newmedia silent --db "$db" 2>/dev/null)
rc=$?
if [[ $rc -eq 1 && $out == *示例住建*不更新* && $out != *示例发布* ]]; then
	report ok "newmedia silent names the silent account and exits 1"
else
	report notok "newmedia silent names the silent account and exits 1 (rc $rc)"
	echo "$out" | sed 's/^/#   /'
fi
out=$("$ZF_BIN" newmedia silent --today 2000-01-01 --db "$db" 2>/dev/null)
rc=$?
[[ $rc -eq 0 && $out == *没有* ]] && report ok "silent --today in the past: none" || report notok "silent --today in the past: none (rc $rc)"

printf '标题,发布时间\n好,2026-01-02\n坏,下周一\n' >"$tmp/bad.csv"
printf '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa">]><rss><channel><item><title>&a;</title></item></channel></rss>' >"$tmp/dtd.xml"
printf '标题,发布时间\n一条,2026-01-02 10:00\n' >"$tmp/ok.csv"
closed=$(./sql "$db" "SELECT id FROM newmedia_accounts WHERE status = 'closed'")
open1=$(./sql "$db" "SELECT id FROM newmedia_accounts WHERE name = '示例区发布'")
snapshot() { ./sql "$db" 'SELECT * FROM newmedia_posts ORDER BY id; SELECT * FROM newmedia_events ORDER BY id; SELECT count(*) FROM integrity_findings; SELECT count(*) FROM integrity_scans'; }
before=$(snapshot)
checks=(
	"$closed $tmp/ok.csv|已关停"
	"$open1 $tmp/bad.csv|第3行"
	"$open1 $tmp/dtd.xml|DTD"
	"$open1 http://127.0.0.1:9/feed.xml|无法读取"
	"$open1 $tmp/missing.csv|无法读取文件"
	"99999 $tmp/ok.csv|没有编号为 99999"
)
for c in "${checks[@]}"; do
	args=${c%%|*} want=${c#*|}
	# shellcheck disable=SC2086
	msg=$("$ZF_BIN" newmedia import $args --db "$db" 2>&1 >/dev/null | grep -v '^20[0-9][0-9]-')
	rc=${PIPESTATUS[0]}
	if [[ $msg == *"$want"* ]]; then
		report ok "newmedia import ${args##*/}: refused ($msg)"
	else
		report notok "newmedia import ${args##*/}: refused with “$want”"
		echo "#   got: $msg"
	fi
done
if [[ $(snapshot) == "$before" ]]; then
	report ok "the refused imports wrote nothing"
else
	report notok "the refused imports wrote nothing"
fi

# ---- a feed served on loopback only
mkdir -p "$tmp/feed"
today=$(TZ=Asia/Shanghai date +%F)
cat >"$tmp/feed/rss.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>住建发布</title>
<item><title>物业服务收费标准公示</title><link>https://mp.example.cn/s/feed-1</link>
<description><![CDATA[<p>根据<b>有关规定</b>，公示如下。</p>]]></description>
<pubDate>${today}T09:00:00+08:00</pubDate></item>
<item><title>保障性住房申请指南</title><link>https://mp.example.cn/s/feed-2</link>
<description>申请条件和办理流程。</description><pubDate>${today}</pubDate></item>
</channel></rss>
XML
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$tmp/feed" >"$tmp/http.log" 2>&1 &
hpid=$!
hport=
for _ in $(seq 1 300); do
	hport=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$tmp/http.log" | head -1)
	[[ -n $hport ]] && break
	sleep 0.1
done
[[ -n $hport ]] && report ok "a loopback HTTP server serves the feed" || report notok "a loopback HTTP server serves the feed"
# the walk's feed is served on loopback: allowed only by this setting (newmedia_security
# checks that the default refuses it)
printf 'fetch_internal = true\n' >"$tmp/zf.conf"
start_server --config "$tmp/zf.conf"
report ok "server starts on port $port with fetch_internal = true"
FEED_URL="http://127.0.0.1:$hport/rss.xml" run_node newmedia.mjs
kill "$hpid" 2>/dev/null
finish
