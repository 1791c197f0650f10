#!/usr/bin/env bash
# tests/e2e/durable_receipt.sh: an application's receipt is shown only after its commit is on
# disk (issue #16, finding 10). An application's receipt date is a legal fact: once the user
# saw "303 → /apply/receipt", an operating-system crash or a power cut must not lose it.
#
# How: `zfxxgk demo` makes a database; then the server runs on it under `strace -f -y`
# (fsync, fdatasync, pwrite64, write, writev, sendto, sendmsg, with the paths of the descriptors), one application is posted, and the trace of the thread that
# answered it must show, after the last write of the transaction's frames to the database's
# write-ahead log (zf.db-wal), an fsync/fdatasync of that log, and only then the 303 written to
# the socket. With synchronous=NORMAL SQLite does not sync the log at commit, and this fails.
# SQLite only (PostgreSQL syncs its own WAL in its own processes: synchronous_commit stays on,
# see docs/backup.md "断电与持久性"). Needs strace (scripts/deps.sh installs it). Prints TAP.
set -u
cd "$(dirname "$0")/../.."
ZF_BIN=${ZF_BIN:-$PWD/build/zfxxgk}
tmp=$(mktemp -d /tmp/zf-e2e-durable.XXXXXX)
export ZFXXGK_CALENDAR=$tmp/calendar.tsv
export LC_ALL=C.UTF-8
pid=
spid=
n=0
cleanup() {
	[[ -n $spid ]] && pkill -TERM -P "$spid" 2>/dev/null
	[[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null
	wait 2>/dev/null
	[[ -n ${ZF_KEEP_TMP:-} ]] && echo "kept $tmp" >&2 || rm -rf "$tmp"
}
trap cleanup EXIT
report() { # report ok|notok DESC
	n=$((n + 1))
	if [[ $1 == ok ]]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
bail() {
	report notok "$1"
	[[ -f ${2:-} ]] && sed 's/^/#   /' "$2" | tail -20
	echo "1..$n"
	exit 1
}
command -v strace >/dev/null || bail "strace is installed (make deps)"

# start LOG CMD...: runs CMD (a server on port 0) and waits for its port in LOG
start() {
	local log=$1
	shift
	"$@" 2>"$log" &
	pid=$!
	port=
	for _ in $(seq 1 600); do
		port=$(sed -n 's/.* listening .* port=\([0-9]*\).*/\1/p' "$log" | tail -1)
		[[ -n $port ]] && curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && return 0
		port=
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}
stop() {
	kill -TERM "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=
}

db=$tmp/zf.db
"$ZF_BIN" demo --requests 50 --db "$db" >"$tmp/demo.log" 2>&1 ||
	bail "zfxxgk demo makes a database" "$tmp/demo.log"
report ok "zfxxgk demo makes a database"
# an empty log: no checkpoint of earlier work falls into the traced request
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null

# the server as strace's child (so no ptrace permission beyond our own process is needed)
start "$tmp/zf.log" strace -f -y -s 64 -o "$tmp/trace" \
	-e trace=fsync,fdatasync,pwrite64,write,writev,sendto,sendmsg \
	"$ZF_BIN" serve --listen 127.0.0.1:0 --db "$db" ||
	bail "zfxxgk serve runs under strace" "$tmp/zf.log"
spid=$pid
report ok "zfxxgk serve runs under strace (port $port)"
base=http://127.0.0.1:$port

jar=$tmp/jar
code=$(curl -s -m 60 -c "$jar" -b "$jar" -o "$tmp/form" -w '%{http_code}' "$base/apply")
tok=$(sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/form")
[[ $code == 200 && -n $tok ]] || bail "the application form is 200 with a CSRF token (got $code)"
mark=$(wc -l <"$tmp/trace")
code=$(curl -s -m 60 -c "$jar" -b "$jar" -o /dev/null -D "$tmp/post.h" -w '%{http_code}' \
	--data-urlencode "_csrf=$tok" \
	--data-urlencode applicant_kind=person --data-urlencode name=持久测试 \
	--data-urlencode id_type=resident_id --data-urlencode id_no=110101200002290018 \
	--data-urlencode phone=010-12345678 --data-urlencode agency=1 \
	--data-urlencode "description=请公开示例区住房保障资金的分配结果。（持久测试）" \
	--data-urlencode form=electronic --data-urlencode delivery=pickup \
	--data-urlencode confirm=1 "$base/apply")
[[ $code == 303 ]] && grep -qi '^location: /apply/receipt' "$tmp/post.h" &&
	report ok "the application is answered 303 to its receipt" ||
	bail "the application is answered 303 to its receipt (got $code)" "$tmp/zf.log"
sleep 0.3
# the server stops cleanly; strace ends with its child
zpid=$(pgrep -P "$spid" | head -1)
[[ -n $zpid ]] && kill -TERM "$zpid" 2>/dev/null
wait "$spid" 2>/dev/null
spid=
pid=

# the thread that wrote the 303, and what it did since the form was served
tail -n +"$((mark + 1))" "$tmp/trace" >"$tmp/post.trace"
tid=$(grep -m1 'HTTP/1.1 303' "$tmp/post.trace" | awk '{print $1}')
[[ -n $tid ]] || bail "the trace holds the 303 written to the socket" "$tmp/post.trace"
# one line per call of that thread, "resumed" halves joined to their start
awk -v t="$tid" '$1 == t' "$tmp/post.trace" >"$tmp/thread.trace"
answer=$(grep -n -m1 'HTTP/1.1 303' "$tmp/thread.trace" | cut -d: -f1)
last_frame=$(head -n "$answer" "$tmp/thread.trace" | grep -n 'pwrite64([0-9]*</[^>]*zf\.db-wal>' |
	tail -1 | cut -d: -f1)
[[ -n $last_frame ]] && report ok "the application's transaction is written to zf.db-wal (line $last_frame of the thread)" ||
	bail "the application's transaction is written to zf.db-wal" "$tmp/thread.trace"
sync_line=$(head -n "$answer" "$tmp/thread.trace" | tail -n +"$last_frame" |
	grep -n -E '(fsync|fdatasync)\([0-9]*</[^>]*zf\.db-wal>\) += 0' | head -1 | cut -d: -f1)
if [[ -n $sync_line ]]; then
	report ok "zf.db-wal is synced after the transaction's last frame and before the 303 (thread $tid)"
else
	report notok "zf.db-wal is synced after the transaction's last frame and before the 303 (thread $tid)"
	sed -n "${last_frame},${answer}p" "$tmp/thread.trace" | cut -c1-160 | sed 's/^/#   /' | tail -12
fi
# and the row is there when the database is opened afresh
rows=$(sqlite3 "$db" "SELECT count(*) FROM requests WHERE description LIKE '%（持久测试）'")
[[ $rows == 1 ]] && report ok "the application is stored once" ||
	report notok "the application is stored once (found ${rows:-none})"
echo "1..$n"
