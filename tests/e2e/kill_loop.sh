#!/usr/bin/env bash
# kill_loop.sh: kill -9 under write load. ZF_KILL_CYCLES cycles (10 by default) of: the
# server running on one database, a writer (kill_writer.py) submitting applications
# through /apply as citizens do and recording each acknowledged one (the 303, and the query
# code of its receipt), `kill -9` of the server at a random moment, a restart. After every
# restart each acknowledged application must be there (by the tag in its description and
# by its query code), once; at the end "acknowledged N, missing M" (M must be 0), no
# half-written application, and the database's own integrity check (SQLite: PRAGMA
# integrity_check; both: every request with its applicant, first event, details and
# audit line). A process crash must lose nothing that was acknowledged. Prints TAP.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
set -u
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
ZF_BIN=${ZF_BIN:-$ROOT/build/zfxxgk}
tmp=$(mktemp -d /tmp/zf-e2e-killloop.XXXXXX)
pid=
n=0
cycles=${ZF_KILL_CYCLES:-10}
. ./engine_lib.sh
export LC_ALL=C.UTF-8
cleanup() {
	[[ -n $pid ]] && kill -KILL "$pid" 2>/dev/null
	e2e_cleanup_pg
	[[ -n ${ZF_KEEP_TMP:-} ]] && echo "kept $tmp" >&2 || rm -rf "$tmp"
}
trap cleanup EXIT
report() {
	n=$((n + 1))
	if [[ $1 == ok ]]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
bail() {
	report notok "$1"
	[[ -f ${2:-} ]] && sed 's/^/#   /' "$2" | tail -20
	echo "1..$n"
	exit 1
}

engine=$(e2e_engine)
db=$(e2e_db "$tmp" killloop) || bail "temporary $engine database created"
echo "# engine: $engine, $cycles cycles"
sql() { # sql QUERY: one value per line
	if [[ $engine == pg ]]; then
		psql -X -q -At -v ON_ERROR_STOP=1 "$db" -c "$1"
	else
		python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=30)
for row in c.execute(sys.argv[2]):
    print(" ".join("" if v is None else str(v) for v in row))' "$db" "$1"
	fi
}
start() { # start: serve on $db; sets pid and port
	: >"$tmp/log"
	"$ZF_BIN" serve --demo --listen 127.0.0.1:0 --db "$db" >>"$tmp/out" 2>"$tmp/log" &
	pid=$!
	port=
	for _ in $(seq 1 600); do
		port=$(sed -n 's/.* listening .* port=\([0-9]*\).*/\1/p' "$tmp/log")
		[[ -n $port ]] && curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
		port=
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	cat "$tmp/log" >>"$tmp/all.log"
	[[ -n $port ]]
}
t0=$SECONDS
start || bail "zfxxgk serve --demo starts on $engine" "$tmp/log"
report ok "zfxxgk serve --demo on $engine (port $port, seeded in $((SECONDS - t0)) s)"

: >"$tmp/acks"
bad_restart=0 missing_total=0 dup_total=0 crashes=0
t0=$SECONDS
for cycle in $(seq 1 "$cycles"); do
	tc=$SECONDS
	python3 kill_writer.py "$port" "$tmp/acks" "$cycle" 2 >"$tmp/writer.$cycle" 2>&1 &
	writer=$!
	# once the writer is writing (its first acknowledgement), a random moment within 1.5 s
	before=$(wc -l <"$tmp/acks")
	for _ in $(seq 1 1200); do
		(($(wc -l <"$tmp/acks") > before)) && break
		kill -0 "$writer" 2>/dev/null || break
		sleep 0.05
	done
	sleep "$((RANDOM % 2)).$((RANDOM % 10))"
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	pid=
	wait "$writer"
	cat "$tmp/log" >>"$tmp/all.log"
	echo "# cycle $cycle: $(cat "$tmp/writer.$cycle") ($((SECONDS - tc)) s)"
	if ! start; then
		bad_restart=$((bad_restart + 1))
		sed 's/^/#   /' "$tmp/log" | tail -5
		start || bail "the server restarts after kill -9 (cycle $cycle)" "$tmp/log"
	fi
	# every application acknowledged so far is there, once, with its query code: one query
	# over all of them (tag: how many requests carry it, and how many of those its code finds)
	if [[ -s $tmp/acks ]]; then
		values=$(awk -v q="'" '{printf "%s(%s%s%s, %s%s%s)", (NR > 1 ? ", " : ""), q, $1, q, q, $2, q}' "$tmp/acks")
		sql "WITH t(tag, code) AS (VALUES $values)
			SELECT t.tag, t.code, count(r.id), sum(CASE WHEN r.query_code = t.code THEN 1 ELSE 0 END)
			FROM t LEFT JOIN requests r ON r.description LIKE '%（' || t.tag || '）'
			GROUP BY t.tag, t.code" >"$tmp/found" 2>&1 || bail "the acknowledged applications looked up (cycle $cycle)" "$tmp/found"
	else
		: >"$tmp/found"
	fi
	missing=0 dup=0
	while read -r tag code got bycode; do
		if [[ $got == 0 ]]; then
			missing=$((missing + 1))
			echo "#   missing: $tag (code $code)"
		elif [[ $got != 1 ]]; then
			dup=$((dup + 1))
			echo "#   stored $got times: $tag"
		elif [[ $code != - && $bycode != 1 ]]; then
			missing=$((missing + 1))
			echo "#   query code $code does not find $tag"
		fi
	done < <(tr '|' ' ' <"$tmp/found")
	looked=$(wc -l <"$tmp/found")
	(( looked == $(wc -l <"$tmp/acks") )) || bail "each acknowledged application looked up (cycle $cycle: $looked of $(wc -l <"$tmp/acks"))"
	missing_total=$((missing > missing_total ? missing : missing_total))
	dup_total=$((dup > dup_total ? dup : dup_total))
done
echo "# $cycles cycles in $((SECONDS - t0)) s"
acked=$(wc -l <"$tmp/acks")
with_code=$(grep -vc ' -$' "$tmp/acks")
echo "# acknowledged $acked, missing $missing_total ($with_code with the query code of their receipt)"
((bad_restart == 0)) && report ok "the server restarted after each of $cycles kill -9" ||
	report notok "the server restarted after each of $cycles kill -9 ($bad_restart needed a second try)"
((acked >= cycles)) && report ok "applications were acknowledged under the kills ($acked in $cycles cycles)" ||
	report notok "applications were acknowledged under the kills (only $acked in $cycles cycles)"
((missing_total == 0)) && report ok "acknowledged $acked, missing 0" ||
	report notok "acknowledged $acked, missing $missing_total"
((dup_total == 0)) && report ok "no acknowledged application stored twice" ||
	report notok "no acknowledged application stored twice ($dup_total)"

# no half-written application among the test's own
half=$(sql "SELECT
  (SELECT count(*) FROM requests r WHERE NOT EXISTS (SELECT 1 FROM applicants a WHERE a.id = r.applicant_id)),
  (SELECT count(*) FROM requests r WHERE NOT EXISTS (SELECT 1 FROM request_events e WHERE e.request_id = r.id AND e.seq = 1)),
  (SELECT count(*) FROM requests r WHERE r.description LIKE '%（KL%' AND NOT EXISTS
     (SELECT 1 FROM application_details d WHERE d.request_id = r.id)),
  (SELECT count(*) FROM requests r WHERE r.description LIKE '%（KL%' AND NOT EXISTS
     (SELECT 1 FROM audit_log l WHERE l.action = 'request.add' AND l.object = 'request:' || r.id)),
  (SELECT count(*) FROM requests r WHERE r.description LIKE '%（KL%' AND (r.query_code IS NULL OR r.query_code = ''))" 2>&1)
stored=$(sql "SELECT count(*) FROM requests WHERE description LIKE '%（KL%'")
echo "# stored $stored of the test's applications (acknowledged or not)"
[[ $half == "0 0 0 0 0" || $half == "0|0|0|0|0" ]] &&
	report ok "no half-written application: each has its applicant, first event, details, audit line and query code" ||
	report notok "no half-written application (no_applicant no_first_event no_details no_audit no_code: $half)"
if [[ $engine == sqlite ]]; then
	ic=$(sql "PRAGMA integrity_check" 2>&1)
	[[ $ic == ok ]] && report ok "PRAGMA integrity_check: ok" || report notok "PRAGMA integrity_check: $ic"
	fk=$(sql "PRAGMA foreign_key_check" 2>&1 | head -5)
	[[ -z $fk ]] && report ok "PRAGMA foreign_key_check: no violation" || report notok "PRAGMA foreign_key_check: $fk"
else
	# PostgreSQL has no integrity_check: every table must be readable whole (amcheck needs
	# superuser) and the server answer as usual
	bad=$(sql "SELECT count(*) FROM (SELECT 1 FROM requests UNION ALL SELECT 1 FROM applicants
		UNION ALL SELECT 1 FROM request_events UNION ALL SELECT 1 FROM audit_log) t" 2>&1)
	[[ $bad =~ ^[0-9]+$ ]] && report ok "the tables are readable whole ($bad rows)" || report notok "the tables are readable whole: $bad"
fi
"$ZF_BIN" db info --db "$db" >"$tmp/info" 2>&1 && report ok "zfxxgk db info reads the database" ||
	{ report notok "zfxxgk db info reads the database"; sed 's/^/#   /' "$tmp/info" | tail -5; }
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/apply")
[[ $code == 200 ]] && report ok "after the last restart /apply is 200" || report notok "after the last restart /apply is $code"
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
cat "$tmp/log" >>"$tmp/all.log"
((rc == 0)) && report ok "the server stops cleanly (exit 0)" || report notok "the server stops cleanly (exit $rc)"
crash='Sanitizer|runtime error:|zfxxgk: BUG at|Segmentation fault'
if grep -qE "$crash" "$tmp/all.log"; then
	report notok "no crash marker in the logs of the $((cycles + 1)) runs"
	grep -E "$crash" "$tmp/all.log" | head -10 | sed 's/^/#   /'
else
	report ok "no crash marker in the logs of the $((cycles + 1)) runs"
fi
echo "1..$n"
