#!/usr/bin/env bash
# cluster.sh: the deployment of docs/deploy.md, end to end on 127.0.0.1: one throwaway
# PostgreSQL (tests/pg/pg_start), two `zfxxgk serve` on it, nginx in front spreading requests
# over both (round robin, each answer names its server in X-Upstream). In Chromium, through
# nginx, a citizen applies and a clerk signs in and replies while pages alternate between
# the servers; then 50 replies posted in parallel through nginx take 50 letter numbers that
# must be distinct and consecutive. Prints TAP.
set -u
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
ZF_BIN=${ZF_BIN:-$ROOT/build/zfxxgk}
tmp=$(mktemp -d /tmp/zf-e2e-cluster.XXXXXX)
chmod 755 "$tmp"
pids=()
pg=
n=0
cleanup() {
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
	[[ -n $pg ]] && "$ROOT/tests/pg/pg_stop" "$pg" >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
report() {
	n=$((n + 1))
	if [[ $1 == ok ]]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
bail() {
	report notok "$1"
	[[ -f ${2:-} ]] && sed 's/^/#   /' "$2" | tail -25
	echo "1..$n"
	exit 1
}
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ---- the database
server=$("$ROOT/tests/pg/pg_start" --watch $$ 2>"$tmp/pg.err") || bail "PostgreSQL starts" "$tmp/pg.err"
pg=$server
psql "$server" -qAtc "CREATE DATABASE zfcluster ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" \
	>"$tmp/psql.log" 2>&1 || bail "database created" "$tmp/psql.log"
db=${server/\/zftest\?//zfcluster?}
report ok "a throwaway PostgreSQL with an empty UTF8 database"

# ---- two application servers on it
start() { # start NAME [ARGS...]: sets port_NAME
	local name=$1
	shift
	"$ZF_BIN" serve --listen 127.0.0.1:0 --db "$db" "$@" >"$tmp/$name.out" 2>"$tmp/$name.log" &
	pids+=($!)
	local port=
	for _ in $(seq 1 300); do
		port=$(sed -n 's/.* listening .* port=\([0-9]*\).*/\1/p' "$tmp/$name.log")
		[[ -n $port ]] && curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
		port=
		sleep 0.1
	done
	[[ -n $port ]] || bail "server $name starts on PostgreSQL" "$tmp/$name.log"
	printf -v "port_$name" '%s' "$port"
}
start a --demo
start b
report ok "two zfxxgk servers on one PostgreSQL database (ports $port_a, $port_b)"
grep -q '"db":"ok"' <(curl -s "http://127.0.0.1:$port_b/healthz") &&
	report ok "the second server sees the database" || report notok "the second server sees the database"
password=$(sed -n 's/.*登录名 clerk *口令 \([^ ]*\).*/\1/p' "$tmp/a.log" "$tmp/a.out" | head -1)
[[ -n $password ]] || bail "the demo accounts are printed by the first server" "$tmp/a.log"
reviewer_password=$(sed -n 's/.*登录名 reviewer *口令 \([^ ]*\).*/\1/p' "$tmp/a.log" "$tmp/a.out" | head -1)
[[ -n $reviewer_password ]] || bail "the demo reviewer is printed by the first server" "$tmp/a.log"
report ok "the first server seeded the demo and printed the clerk's and the reviewer's passwords"

# ---- 50 paper applications registered offline, for the parallel replies
today=$(TZ=Asia/Shanghai date +%F) # the server's today is Beijing's
for i in $(seq 1 50); do
	"$ZF_BIN" request add --db "$db" --agency 1 --received "$today" --channel post \
		--name "申请人$i" --description "集群测试申请 $i：请公开示例事项的文件" >>"$tmp/add.log" 2>&1 ||
		bail "paper application $i registered" "$tmp/add.log"
done
report ok "50 paper applications registered with request add on PostgreSQL"

# ---- nginx in front
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
nport=$(free_port)
mkdir -p "$tmp/ng/tmp"
{
	[[ $(id -u) -eq 0 ]] && echo "user root root;"
	echo "worker_processes 1; pid $tmp/ng/nginx.pid; error_log $tmp/ng/error.log warn;"
	echo "daemon off; events { worker_connections 512; }"
	echo "http { access_log off;"
	echo "  client_body_temp_path $tmp/ng/tmp/body; proxy_temp_path $tmp/ng/tmp/proxy;"
	echo "  fastcgi_temp_path $tmp/ng/tmp/fcgi; uwsgi_temp_path $tmp/ng/tmp/uwsgi; scgi_temp_path $tmp/ng/tmp/scgi;"
	echo "  upstream zf { server 127.0.0.1:$port_a; server 127.0.0.1:$port_b; keepalive 16; }"
	echo "  server { listen 127.0.0.1:$nport; client_max_body_size 25m;"
	echo "    location / { proxy_pass http://zf; proxy_http_version 1.1; proxy_set_header Connection \"\";"
	echo "      proxy_set_header Host \$host; proxy_set_header X-Real-IP \$remote_addr;"
	echo "      add_header X-Upstream \$upstream_addr always; }"
	echo "  }"
	echo "}"
} >"$tmp/ng/nginx.conf"
"$nginx_bin" -p "$tmp/ng" -c "$tmp/ng/nginx.conf" 2>"$tmp/ng/nginx.log" &
pids+=($!)
for _ in $(seq 1 300); do
	curl -sf -o /dev/null "http://127.0.0.1:$nport/healthz" && break
	sleep 0.1
done
curl -sf -o /dev/null "http://127.0.0.1:$nport/healthz" || bail "nginx proxies to the servers" "$tmp/ng/nginx.log"
seen=$(for _ in 1 2 3 4; do curl -s -D - -o /dev/null "http://127.0.0.1:$nport/"; done |
	sed -n 's/^X-Upstream: *\([^\r]*\).*/\1/p' | sort -u | wc -l)
[[ $seen -eq 2 ]] && report ok "nginx spreads requests over both servers" ||
	report notok "nginx spreads requests over both servers (saw $seen)"

# ---- the walk, in Chromium, through nginx
ZF_URL="http://127.0.0.1:$nport" ZF_CLERK_PASSWORD=$password ZF_REVIEWER_PASSWORD=$reviewer_password ZF_PORTS="$port_a $port_b" \
	node cluster.mjs >"$tmp/tap" 2>"$tmp/err"
rc=$?
while IFS= read -r line; do
	case $line in
	"ok - "*) report ok "${line#ok - }" ;;
	"not ok - "*) report notok "${line#not ok - }" ;;
	"#"*) echo "$line" ;;
	esac
done <"$tmp/tap"
((rc == 0)) || { report notok "cluster.mjs exits 0 (exit $rc)"; sed 's/^/#   /' "$tmp/err" | tail -20; }

# ---- what the database holds afterwards
letters=$(psql "$db" -qAtc "SELECT count(DISTINCT r.agency_id || ':' || e.letter_no), count(*)
	FROM request_events e JOIN requests r ON r.id = e.request_id WHERE e.letter_no IS NOT NULL" 2>&1)
distinct=${letters%%|*} total=${letters##*|}
[[ -n $total && $distinct == "$total" ]] && report ok "every letter number in the database is distinct within its agency ($total letters)" ||
	report notok "every letter number in the database is distinct within its agency ($letters)"
for name in a b; do
	grep -qE "ERROR|zfxxgk: BUG at|Sanitizer|runtime error:" "$tmp/$name.log" && report notok "server $name logged no error" ||
		report ok "server $name logged no error"
done
echo "1..$n"
