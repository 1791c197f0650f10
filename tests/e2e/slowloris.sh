#!/usr/bin/env bash
# tests/e2e/slowloris.sh: one client must not take the site down (issue #16, finding 1).
# 260 connections from 127.0.0.1 each send a header line a second and never finish the head
# (tests/e2e/trickle.py), while /healthz is asked from another loopback address (127.0.0.2):
# the per-address cap (per_ip_conn) turns the surplus away, /healthz keeps answering in under
# 2 s, and the trickles that got in are cut with a Chinese 408 when request_deadline passes,
# although they were never idle. A keep-alive client that asks again and again for longer
# than the deadline is not cut. Prints TAP and the counts. Needs $ZF_BIN, curl, python3.
set -u
cd "$(dirname "$0")/../.."
ZF_BIN=${ZF_BIN:-$PWD/build/zfxxgk}
tmp=$(mktemp -d /tmp/zf-e2e-slowloris.XXXXXX)
pid=
n=0
TRICKLES=260 PER_IP=16 DEADLINE=5

cleanup() {
	[[ -n $pid ]] && kill -KILL "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

ok() {
	local desc=$1
	shift
	n=$((n + 1))
	if "$@" >/dev/null 2>&1; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		echo "#   failed: $*"
	fi
}

echo "1..10"
printf 'per_ip_conn = %d\nrequest_deadline = %d\ntimeout = 30\nmax_conn = 256\n' \
	"$PER_IP" "$DEADLINE" >"$tmp/zf.conf"
"$ZF_BIN" serve --demo --config "$tmp/zf.conf" --listen 127.0.0.1:0 --db "$tmp/zf.db" \
	2>"$tmp/log" &
pid=$!
port=
for _ in $(seq 1 300); do
	port=$(sed -n 's/.* listening .* port=\([0-9]*\).*/\1/p' "$tmp/log" | tail -1)
	[[ -n $port ]] && curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
	sleep 0.1
done
ok "server starts" curl -sf -o /dev/null "http://127.0.0.1:${port:-0}/healthz"
base="http://127.0.0.1:${port:-0}"

python3 tests/e2e/trickle.py "${port:-0}" "$TRICKLES" $((DEADLINE + 5)) >"$tmp/trickle.out" &
trickle=$!
sleep 2
# /healthz from 127.0.0.2 while the trickle holds its connections
probes=0 fast=0 slowest=0
for _ in 1 2 3 4 5; do
	t=$(curl -s -o /dev/null --interface 127.0.0.2 --max-time 5 -w '%{http_code} %{time_total}' \
		"$base/healthz" 2>/dev/null)
	probes=$((probes + 1))
	code=${t%% *} secs=${t#* }
	[[ $code == 200 ]] && awk -v s="$secs" 'BEGIN { exit !(s < 2) }' && fast=$((fast + 1))
	slowest=$(awk -v a="$slowest" -v b="${secs:-9}" 'BEGIN { print (b > a ? b : a) }')
	sleep 0.5
done
echo "# healthz during the trickle: $fast of $probes answered 200 in under 2 s (slowest ${slowest}s)"
ok "/healthz answers in under 2 s during $TRICKLES trickling connections" test "$fast" -eq "$probes"

# a keep-alive client asking every second for longer than the deadline is never cut
python3 - "${port:-0}" $((DEADLINE + 3)) >"$tmp/keepalive.out" <<'PY'
import socket, sys, time
port, rounds = int(sys.argv[1]), int(sys.argv[2])
s = socket.socket(); s.bind(("127.0.0.3", 0)); s.connect(("127.0.0.1", port)); s.settimeout(5)
answered = 0
for _ in range(rounds):
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    got = b""
    while b"\r\n\r\n" not in got or not got.rstrip().endswith(b"}"):
        d = s.recv(4096)
        if not d: break
        got += d
    if got.startswith(b"HTTP/1.1 200"): answered += 1
    time.sleep(1)
print(answered)
PY
# a body trickled a byte a second is cut at the deadline too (the clock counts head and body)
python3 - "${port:-0}" $((DEADLINE + 4)) >"$tmp/slowbody.out" <<'PY'
import socket, sys, time
port, limit = int(sys.argv[1]), int(sys.argv[2])
s = socket.socket(); s.bind(("127.0.0.4", 0)); s.connect(("127.0.0.1", port)); s.settimeout(0.5)
s.sendall(b"POST /search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n")
t0, got = time.monotonic(), b""
while time.monotonic() - t0 < limit:
    try:
        s.send(b"a")
        d = s.recv(4096)
        if not d: break
        got += d
    except socket.timeout:
        continue
    except OSError:
        break
print("%.1f %s" % (time.monotonic() - t0, got[:12].decode(errors="replace")))
PY
wait "$trickle"
sed 's/^/# trickle: /' "$tmp/trickle.out"
val() { sed -n "s/^$1 //p" "$tmp/trickle.out"; }
refused=$(val refused) cut=$(val cut) cut408=$(val cut_408) open=$(val open)
ok "the per-address cap turned the surplus away ($refused refused of $TRICKLES)" \
	test "${refused:-0}" -ge $((TRICKLES - PER_IP)) -a "$(val unreachable)" -eq 0
ok "the trickles that got in were cut ($cut cut, $open still open)" \
	test "${cut:-0}" -ge 1 -a "${cut:-0}" -le "$PER_IP" -a "${open:-1}" -eq 0
ok "they were cut after request_deadline ($DEADLINE s), not before, within 3 s" \
	awk -v lo="$(val cut_after_min)" -v hi="$(val cut_after_max)" -v d="$DEADLINE" \
	'BEGIN { exit !(lo != "" && lo >= d - 0.5 && hi <= d + 3) }'
ok "each cut client got a 408 answer" test "${cut408:-0}" -ge 1 -a "${cut408:-0}" -eq "${cut:-x}"
ok "the server logged the cuts" grep -q 'request deadline cut=' "$tmp/log"
ok "a keep-alive client asking for $((DEADLINE + 3)) s was answered every time" \
	test "$(cat "$tmp/keepalive.out")" -eq $((DEADLINE + 3))
read -r body_secs body_status <"$tmp/slowbody.out"
echo "# a body sent a byte a second: cut after ${body_secs}s with '${body_status:-nothing}'"
ok "a body trickled a byte a second is cut with a 408 after request_deadline" \
	awk -v s="$body_secs" -v st="$body_status" -v d="$DEADLINE" \
	'BEGIN { exit !(s >= d - 0.5 && s <= d + 3 && st == "HTTP/1.1 408") }'
ok "127.0.0.1 is served again once the trickle is gone" \
	curl -sf -o /dev/null --max-time 2 "$base/healthz"
