#!/usr/bin/env bash
# bench/web.sh [SECONDS] [ZF_BIN]: requests per second and p99 latency of the public site's
# home page (/) and of an annual report page (/reports/ID/YEAR) under wrk, side by side with
# nginx serving the very same bytes as static files from a temporary directory, and the ratio
# zfxxgk / nginx. Both listen on 127.0.0.1 only; nginx runs as the current user with its own
# configuration in the temporary directory (no system service). Each run lasts SECONDS
# (default 10) with 2 wrk threads and 32 connections (BENCH_CONNECTIONS); everything stops by
# itself. BENCH_DB=FILE benchmarks a copy of that database instead of a fresh demo one.
# Needs wrk and nginx (Debian: wrk nginx-light, see scripts/deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
bin=${2:-${ZF_BIN:-build/zfxxgk}}
connections=${BENCH_CONNECTIONS:-32}
[[ -x $bin ]] || { echo "bench: $bin missing (make first)" >&2; exit 2; }
for tool in wrk nginx curl python3; do
	command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] ||
		{ echo "bench: $tool is missing (scripts/deps.sh installs it)" >&2; exit 2; }
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

dir=$(mktemp -d /tmp/zf-bench-web.XXXXXX)
[[ -n ${BENCH_KEEP:-} ]] && echo "bench: keeping $dir" >&2
zf_pid= nginx_pid=
cleanup() {
	[[ -n $zf_pid ]] && kill "$zf_pid" 2>/dev/null && wait "$zf_pid" 2>/dev/null
	[[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
	[[ -n ${BENCH_KEEP:-} ]] || rm -rf "$dir"
}
trap cleanup EXIT

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ---- zfxxgk with the demo data, access log off (log_level warn)
# every wrk connection comes from 127.0.0.1: the per-address cap must not count them
printf 'log_level = warn\nthreads = 4\nper_ip_conn = 256\n' >"$dir/zf.conf"
zf_port=$(free_port)
[[ -n ${BENCH_DB:-} ]] && cp "$BENCH_DB" "$dir/zf.db"
"$bin" serve --demo --config "$dir/zf.conf" --listen "127.0.0.1:$zf_port" --db "$dir/zf.db" \
	2>"$dir/zf.log" &
zf_pid=$!
for _ in $(seq 1 100); do
	curl -sf -o /dev/null "http://127.0.0.1:$zf_port/healthz" && break
	sleep 0.1
done
curl -sf -o /dev/null "http://127.0.0.1:$zf_port/healthz" ||
	{ echo "bench: zfxxgk did not start" >&2; cat "$dir/zf.log" >&2; exit 1; }
zf="http://127.0.0.1:$zf_port"
report=$(curl -sf "$zf/reports" | grep -o 'href="/reports/[0-9]*/[0-9]\{4\}"' | head -1 |
	sed 's/href="\(.*\)"/\1/' || true)
pages=(/)
[[ -n $report ]] && pages+=("$report")
[[ -z $report ]] && echo "bench: no published report in the demo data; measuring / only" >&2

# ---- nginx with the same bytes
mkdir -p "$dir/www" "$dir/tmp"
i=0
declare -A file_of
for p in "${pages[@]}"; do
	f="page$i.html"
	curl -sf "$zf$p" -o "$dir/www/$f"
	file_of[$p]=$f
	i=$((i + 1))
done
nginx_port=$(free_port)
{
	# as root nginx would hand its workers to "nobody": keep them the current user
	[[ $(id -u) -eq 0 ]] && echo "user root root;"
	echo "worker_processes 2; pid $dir/nginx.pid; error_log $dir/nginx-error.log warn;"
	echo "daemon off; events { worker_connections 1024; }"
	echo "http { access_log off; default_type text/html; charset utf-8;"
	echo "  client_body_temp_path $dir/tmp/body; proxy_temp_path $dir/tmp/proxy;"
	echo "  fastcgi_temp_path $dir/tmp/fcgi; uwsgi_temp_path $dir/tmp/uwsgi; scgi_temp_path $dir/tmp/scgi;"
	echo "  server { listen 127.0.0.1:$nginx_port; root $dir/www;"
	for p in "${pages[@]}"; do
		echo "    location = $p { try_files /${file_of[$p]} =404; }"
	done
	echo "  }"
	echo "}"
} >"$dir/nginx.conf"
"$nginx_bin" -p "$dir" -c "$dir/nginx.conf" 2>"$dir/nginx.log" &
nginx_pid=$!
for _ in $(seq 1 50); do
	curl -sf -o /dev/null "http://127.0.0.1:$nginx_port/" && break
	sleep 0.1
done
ng="http://127.0.0.1:$nginx_port"
cmp -s <(curl -sf "$ng/") "$dir/www/page0.html" ||
	{ echo "bench: nginx does not serve the same bytes" >&2; cat "$dir/nginx.log" >&2; exit 1; }

# ---- measure
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

printf '%-22s %8s %12s %12s %8s %12s %12s\n' page bytes "zfxxgk r/s" "nginx r/s" ratio \
	"zfxxgk p99" "nginx p99"
for p in "${pages[@]}"; do
	bytes=$(wc -c <"$dir/www/${file_of[$p]}")
	read -r zrps zp99 < <(run_wrk "$zf$p")
	read -r nrps np99 < <(run_wrk "$ng$p")
	awk -v p="$p" -v b="$bytes" -v zr="$zrps" -v nr="$nrps" -v zp="$zp99" -v np="$np99" 'BEGIN {
		printf "%-22s %8d %12.0f %12.0f %7.1f%% %10.2fms %10.2fms\n", p, b, zr, nr,
			(nr > 0 ? 100 * zr / nr : 0), zp, np }'
done
echo "(${seconds}s per run, wrk -t2 -c$connections, both on 127.0.0.1; ratio = zfxxgk / nginx)"
