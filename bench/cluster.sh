#!/usr/bin/env bash
# bench/cluster.sh [SECONDS] [ZF_BIN]: the public pages under wrk through nginx, in three
# arrangements side by side: nginx → one zfxxgk on PostgreSQL, nginx → two zfxxgk on the same
# PostgreSQL, nginx → one zfxxgk on SQLite; and nginx serving the very same bytes as static
# files (the reference: ratio = arrangement / static). Pages: the home page, the catalogue, a
# document and a published report. Everything on 127.0.0.1, started and stopped here: a
# throwaway PostgreSQL (tests/pg/pg_start) seeded by `serve --demo`, copied with `db copy`
# into the SQLite file so both engines serve the same content. Each run lasts SECONDS (default
# 10) with 2 wrk threads and BENCH_CONNECTIONS (default 32) connections.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
bin=${2:-${ZF_BIN:-build/zfxxgk}}
connections=${BENCH_CONNECTIONS:-32}
[[ -x $bin ]] || { echo "bench: $bin missing (make first)" >&2; exit 2; }
for tool in wrk curl python3 psql; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is missing (scripts/deps.sh)" >&2; exit 2; }
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
dir=$(mktemp -d /tmp/zf-bench-cluster.XXXXXX)
chmod 755 "$dir"
pids=() pg=
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
	[[ -n $pg ]] && tests/pg/pg_stop "$pg" >/dev/null 2>&1
	rm -rf "$dir"
}
trap cleanup EXIT
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# every wrk connection comes from 127.0.0.1: the per-address cap must not count them
printf 'log_level = warn\nthreads = 4\nper_ip_conn = 256\n' >"$dir/zf.conf"

serve() { # serve VAR DB [ARGS]: starts a server, sets VAR to its port
	local var=$1 log=$dir/zf-$RANDOM.log port
	shift
	port=$(free_port)
	"$bin" serve --config "$dir/zf.conf" --listen "127.0.0.1:$port" --db "$1" "${@:2}" \
		>/dev/null 2>"$log" &
	pids+=($!)
	for _ in $(seq 1 300); do
		curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
		sleep 0.1
	done
	curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" ||
		{ echo "bench: zfxxgk did not start" >&2; cat "$log" >&2; exit 1; }
	printf -v "$var" '%s' "$port"
}

nginx_front() { # nginx_front VAR NAME PORT...: nginx proxying to the ports (none: the static
	# copies); sets VAR to its port
	local var=$1 name=$2 nport
	shift 2
	nport=$(free_port)
	mkdir -p "$dir/$name/tmp"
	{
		[[ $(id -u) -eq 0 ]] && echo "user root root;"
		echo "worker_processes 2; pid $dir/$name/nginx.pid; error_log $dir/$name/error.log warn;"
		echo "daemon off; events { worker_connections 4096; }"
		echo "http { access_log off; default_type text/html; charset utf-8;"
		echo "  client_body_temp_path $dir/$name/tmp/b; proxy_temp_path $dir/$name/tmp/p;"
		echo "  fastcgi_temp_path $dir/$name/tmp/f; uwsgi_temp_path $dir/$name/tmp/u; scgi_temp_path $dir/$name/tmp/s;"
		if (($#)); then
			echo "  upstream zf { keepalive 64;"
			for p in "$@"; do echo "    server 127.0.0.1:$p;"; done
			echo "  }"
			echo "  server { listen 127.0.0.1:$nport; location / { proxy_pass http://zf;"
			echo "    proxy_http_version 1.1; proxy_set_header Connection \"\"; } }"
		else
			echo "  server { listen 127.0.0.1:$nport; root $dir/www;"
			for i in "${!pages[@]}"; do
				echo "    location = ${pages[$i]} { try_files /page$i.html =404; }"
			done
			echo "  }"
		fi
		echo "}"
	} >"$dir/$name/nginx.conf"
	"$nginx_bin" -p "$dir/$name" -c "$dir/$name/nginx.conf" >/dev/null 2>"$dir/$name/nginx.log" &
	pids+=($!)
	for _ in $(seq 1 50); do
		curl -s -o /dev/null "http://127.0.0.1:$nport/" && break
		sleep 0.1
	done
	printf -v "$var" '%s' "$nport"
}

# ---- the content: the demo on PostgreSQL, the same copied into SQLite
pg=$(tests/pg/pg_start --watch $$)
psql -X -q "$pg" -c "CREATE DATABASE zfbench ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0"
pgdb=${pg/\/zftest\?//zfbench?}
serve pa "$pgdb" --demo
serve pb "$pgdb"
"$bin" db copy --from "$pgdb" --to "$dir/zf.db" >/dev/null 2>"$dir/copy.log" ||
	{ echo "bench: db copy failed" >&2; cat "$dir/copy.log" >&2; exit 1; }
serve ps "$dir/zf.db"

base="http://127.0.0.1:$pa"
doc=$(curl -sf "$base/docs" | grep -o 'href="/docs/[0-9]*"' | head -1 | sed 's/href="\(.*\)"/\1/' || true)
report=$(curl -sf "$base/reports" | grep -o 'href="/reports/[0-9]*/[0-9]\{4\}"' | head -1 |
	sed 's/href="\(.*\)"/\1/' || true)
pages=(/ /docs)
[[ -n $doc ]] && pages+=("$doc")
[[ -n $report ]] && pages+=("$report")
mkdir -p "$dir/www"
for i in "${!pages[@]}"; do
	curl -sf "$base${pages[$i]}" -o "$dir/www/page$i.html"
done
nginx_front ng1 one "$pa"
nginx_front ng2 two "$pa" "$pb"
nginx_front ngs lite "$ps"
nginx_front ngst static

run_wrk() { # run_wrk URL: prints "RPS P99_MS"
	local out
	out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$1")
	awk '
		/Requests\/sec:/ { rps = $2 }
		/^ +99%/ { v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v);
			ms = (unit == "us") ? v / 1000 : (unit == "s") ? v * 1000 : v }
		/Non-2xx/ { bad = $NF }
		END { if (bad) print "bench: non-2xx answers: " bad > "/dev/stderr"; printf "%s %.2f\n", rps, ms }
	' <<<"$out"
}

printf '%-16s %-22s %10s %9s %8s\n' page arrangement "req/s" "p99 ms" "ratio"
for p in "${pages[@]}"; do
	read -r srps sp99 < <(run_wrk "http://127.0.0.1:$ngst$p")
	for arr in "static:$ngst" "1×PostgreSQL:$ng1" "2×PostgreSQL:$ng2" "1×SQLite:$ngs"; do
		name=${arr%%:*} port=${arr##*:}
		if [[ $name == static ]]; then
			rps=$srps p99=$sp99
		else
			read -r rps p99 < <(run_wrk "http://127.0.0.1:$port$p")
		fi
		awk -v p="$p" -v n="nginx → $name" -v r="$rps" -v l="$p99" -v s="$srps" 'BEGIN {
			printf "%-16s %-22s %10.0f %9.2f %7.1f%%\n", p, n, r, l, (s > 0 ? 100 * r / s : 0) }'
	done
done
echo "(${seconds}s per run, wrk -t2 -c$connections on 127.0.0.1; ratio = req/s against nginx serving the same bytes)"
