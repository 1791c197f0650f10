#!/usr/bin/env bash
# bench/soak.sh [ZF_BIN]: a soak of the public site (issue #16). `zfxxgk serve --demo` on a
# temporary SQLite database, nginx in front of it (the proxy settings of
# deploy/nginx-zfxxgk.conf, without its per-address limits, since all the load comes from one
# address), and wrk with SOAK_CONNECTIONS (1,000) connections for SOAK_SECONDS (600) asking
# in turn for the home page, the document list, a document, a search, the guide, the report
# list and a report (paths taken from the demo site). Prints the errors (socket errors and
# answers other than 2xx/3xx), requests per second, p99 latency, and the server's resident
# memory (VmRSS) at the start, every tenth of the run and at the end; then the reference:
# the same wrk against nginx serving the home page's bytes as a static file, for
# SOAK_REF_SECONDS (30), and the ratio. An answer slower than SOAK_TIMEOUT (30) seconds counts
# as an error (wrk gives up on it). Everything listens on 127.0.0.1 and stops by itself.
# Needs wrk and nginx (scripts/deps.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-${ZF_BIN:-build/zfxxgk}}
seconds=${SOAK_SECONDS:-600}
ref_seconds=${SOAK_REF_SECONDS:-30}
timeout=${SOAK_TIMEOUT:-30}
connections=${SOAK_CONNECTIONS:-1000}
[[ -x $bin ]] || { echo "soak: $bin missing (make first)" >&2; exit 2; }
for tool in wrk nginx curl python3; do
	command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] ||
		{ echo "soak: $tool is missing (scripts/deps.sh installs it)" >&2; exit 2; }
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

dir=$(mktemp -d /tmp/zf-bench-soak.XXXXXX)
zf_pid= nginx_pid= sampler=
cleanup() {
	[[ -n $sampler ]] && kill "$sampler" 2>/dev/null
	[[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
	[[ -n $zf_pid ]] && kill "$zf_pid" 2>/dev/null && wait "$zf_pid" 2>/dev/null
	[[ -n ${BENCH_KEEP:-} ]] || rm -rf "$dir"
}
trap cleanup EXIT
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$zf_pid/status"; }

# ---- zfxxgk: the connection caps leave room for nginx's upstream connections
zf_port=$(free_port)
printf 'log_level = warn\nthreads = 4\nmax_conn = %d\nper_ip_conn = %d\n' \
	$((connections * 2)) $((connections * 2)) >"$dir/zf.conf"
"$bin" serve --demo --config "$dir/zf.conf" --listen "127.0.0.1:$zf_port" --db "$dir/zf.db" \
	2>"$dir/zf.log" &
zf_pid=$!
for _ in $(seq 1 300); do
	curl -sf -o /dev/null "http://127.0.0.1:$zf_port/healthz" && break
	sleep 0.1
done
curl -sf -o /dev/null "http://127.0.0.1:$zf_port/healthz" ||
	{ echo "soak: zfxxgk did not start" >&2; cat "$dir/zf.log" >&2; exit 1; }

# ---- nginx: a proxy server and a static one, same worker settings
mkdir -p "$dir/www" "$dir/tmp"
curl -sf "http://127.0.0.1:$zf_port/" -o "$dir/www/index.html"
proxy_port=$(free_port) static_port=$(free_port)
{
	[[ $(id -u) -eq 0 ]] && echo "user root root;"
	echo "worker_processes 2; worker_rlimit_nofile $(ulimit -n); pid $dir/nginx.pid;"
	echo "error_log $dir/nginx-error.log warn; daemon off;"
	echo "events { worker_connections 8192; }"
	echo "http { access_log off; default_type text/html; charset utf-8;"
	echo "  client_body_temp_path $dir/tmp/body; proxy_temp_path $dir/tmp/proxy;"
	echo "  fastcgi_temp_path $dir/tmp/fcgi; uwsgi_temp_path $dir/tmp/uwsgi; scgi_temp_path $dir/tmp/scgi;"
	echo "  upstream zfxxgk { server 127.0.0.1:$zf_port; keepalive 64; }"
	echo "  server { listen 127.0.0.1:$proxy_port;"
	echo "    location / { proxy_pass http://zfxxgk; proxy_http_version 1.1;"
	echo "      proxy_set_header Connection \"\"; proxy_set_header Host \$host;"
	echo "      proxy_set_header X-Forwarded-For \$remote_addr; proxy_set_header X-Forwarded-Proto \$scheme;"
	echo "      proxy_read_timeout 60s; } }"
	echo "  server { listen 127.0.0.1:$static_port; root $dir/www;"
	echo "    location / { try_files /index.html =404; } }"
	echo "}"
} >"$dir/nginx.conf"
"$nginx_bin" -p "$dir" -c "$dir/nginx.conf" 2>"$dir/nginx.log" &
nginx_pid=$!
for _ in $(seq 1 50); do
	curl -sf -o /dev/null "http://127.0.0.1:$proxy_port/healthz" && break
	sleep 0.1
done
front="http://127.0.0.1:$proxy_port"
curl -sf -o /dev/null "$front/healthz" ||
	{ echo "soak: nginx does not proxy" >&2; cat "$dir/nginx.log" "$dir/nginx-error.log" >&2; exit 1; }

# ---- the mix, from the demo site's own links
home=$(curl -sf "$front/")
doc=$(grep -o 'href="/docs/[0-9]*"' <<<"$home" | head -1 | sed 's/href="\(.*\)"/\1/')
report=$(grep -o 'href="/reports/[0-9]*/[0-9]\{4\}"' <<<"$home" | head -1 | sed 's/href="\(.*\)"/\1/')
paths=(/ /docs "${doc:-/docs}" "/search?q=%E5%85%AC%E5%BC%80" /guide /reports "${report:-/reports}")
for p in "${paths[@]}"; do
	code=$(curl -s -o /dev/null -w '%{http_code}' "$front$p")
	[[ $code == 200 ]] || { echo "soak: $p answers $code before the run" >&2; exit 1; }
done
{
	echo "paths = {"
	for p in "${paths[@]}"; do echo "  \"$p\","; done
	echo "}"
	echo 'n = 0'
	echo 'request = function() n = n + 1; return wrk.format("GET", paths[n % #paths + 1]) end'
} >"$dir/mix.lua"

run_wrk() { # run_wrk SECONDS URL [SCRIPT]: prints "RPS P99_MS ERRORS REQUESTS"
	local out
	out=$(wrk -t2 -c"$connections" -d"${1}s" --timeout "${timeout}s" --latency ${3:+-s "$3"} "$2")
	echo "$out" >>"$dir/wrk.out"
	awk '
		/Requests\/sec:/ { rps = $2 }
		/ requests in / { total = $1 }
		/^ +99%/ { v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v);
			ms = (unit == "us") ? v / 1000 : (unit == "s") ? v * 1000 : (unit == "m") ? v * 60000 : v }
		/Socket errors:/ { gsub(/,/, ""); err += $4 + $6 + $8 + $10 }
		/Non-2xx or 3xx responses:/ { err += $NF }
		END { printf "%s %.2f %d %d\n", rps, ms, err, total }
	' <<<"$out"
}

echo "soak: ${seconds}s at $connections connections through nginx; paths: ${paths[*]}"
rss_start=$(rss_kb)
samples=$(awk -v s="$seconds" 'BEGIN { print (s >= 10 ? s / 10 : 1) }')
(
	while sleep "$samples"; do
		awk '/^VmRSS:/ { print $2 }' "/proc/$zf_pid/status" 2>/dev/null || exit 0
	done
) >"$dir/rss.samples" &
sampler=$!
read -r zrps zp99 zerr ztotal < <(run_wrk "$seconds" "$front/" "$dir/mix.lua")
kill "$sampler" 2>/dev/null
sampler=
rss_end=$(rss_kb)
read -r nrps np99 nerr ntotal < <(run_wrk "$ref_seconds" "http://127.0.0.1:$static_port/")

printf '%-34s %10s %10s %8s %10s\n' run requests "r/s" errors "p99"
printf '%-34s %10d %10.0f %8d %8.2fms\n' "zfxxgk through nginx (mix)" "$ztotal" "$zrps" "$zerr" "$zp99"
printf '%-34s %10d %10.0f %8d %8.2fms\n' "nginx static file (reference)" "$ntotal" "$nrps" "$nerr" "$np99"
awk -v zr="$zrps" -v nr="$nrps" -v zp="$zp99" -v np="$np99" 'BEGIN {
	printf "ratio zfxxgk / nginx static: %.1f%% of the requests per second, p99 %.1f times\n",
		(nr > 0 ? 100 * zr / nr : 0), (np > 0 ? zp / np : 0) }'
echo "zfxxgk VmRSS: start ${rss_start} kB, end ${rss_end} kB (ratio $(awk -v a="$rss_start" \
	-v b="$rss_end" 'BEGIN { printf "%.2f", b / a }')); every ${samples}s: $(tr '\n' ' ' <"$dir/rss.samples")"
grep -h 'Socket errors\|Non-2xx' "$dir/wrk.out" | sed 's/^ */wrk: /' || echo "wrk: no socket errors, no answers other than 2xx/3xx"
echo "zfxxgk log lines at warn or error: $(grep -c ' error \| warn ' "$dir/zf.log")"
echo "nginx error log: $(grep -c . "$dir/nginx-error.log") lines$(grep -v setrlimit "$dir/nginx-error.log" |
	sed -n 's/.*\] [0-9#]*: \*[0-9]* \([^,]*\),.*/\1/p' | sort | uniq -c | sort -rn | head -3 |
	awk '{ c = $1; $1 = ""; printf "; %d ×%s", c, $0 }')"
[[ $zerr -eq 0 ]] || { echo "soak: $zerr errors" >&2; exit 1; }
