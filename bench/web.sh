#!/usr/bin/env bash
# bench/web.sh [SECONDS|quick] [ZF_BIN]: requests per second and p99 latency of the public
# site's pages under wrk, issue #17's measure: the home page (/), the catalogue (/docs), one
# document (/docs/ID), one annual report (/reports/AGENCY/FILE) and a search results page
# (/search?q=公开, a common two-character query), each at 32 and at 256 connections
# (BENCH_CONNECTIONS, a list), against
#   - zfxxgk with page_cache = true (the cached path),
#   - zfxxgk with page_cache = false (the uncached path: every request rendered),
#   - nginx serving the very same bytes (fetched from zfxxgk first) as static files,
# and prints one table with both ratios to nginx. Before the page cache exists both zfxxgk
# columns measure the uncached path. Everything listens on 127.0.0.1 only; nginx runs as the
# current user with its own configuration in a temporary directory (no system service); every
# process stops by itself. Each run lasts SECONDS (default 10); "quick" is 2 seconds at 32
# connections only, for trying the script. BENCH_THREADS sets zfxxgk's threads (default 4, the
# config's default); BENCH_DB=FILE benchmarks a copy of that database instead of a fresh demo
# one; BENCH_QUERY another search query; BENCH_KEEP=1 keeps the temporary directory.
# wrk sends no Accept-Encoding: every side answers the identity bytes. BENCH_ENCODING=gzip
# (or br) sends "Accept-Encoding: gzip" (or "br, gzip") instead, and nginx then serves a
# gzip copy made beforehand (gzip_static; nginx has no brotli module here, so it answers
# gzip to "br, gzip" too); the script says which encoding each side answered.
# Needs wrk and nginx (Debian: wrk nginx-light, see scripts/deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${BENCH_CONNECTIONS:-32 256}
if [[ $seconds == quick ]]; then
	seconds=2
	connections=${BENCH_CONNECTIONS:-32}
fi
[[ $seconds =~ ^[0-9]+$ ]] && ((seconds > 0)) ||
	{ echo "usage: bench/web.sh [SECONDS|quick] [ZF_BIN]" >&2; exit 2; }
bin=${2:-${ZF_BIN:-build/zfxxgk}}
threads=${BENCH_THREADS:-4}
query=${BENCH_QUERY:-公开}
encoding=${BENCH_ENCODING:-identity}
case $encoding in
identity) accept=() ;;
gzip) accept=(-H "Accept-Encoding: gzip") ;;
br) accept=(-H "Accept-Encoding: br, gzip") ;;
*) echo "bench: BENCH_ENCODING is identity, gzip or br" >&2; exit 2 ;;
esac
[[ -x $bin ]] || { echo "bench: $bin missing (make first)" >&2; exit 2; }
for tool in wrk nginx curl python3; do
	command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] ||
		{ echo "bench: $tool is missing (scripts/deps.sh installs it)" >&2; exit 2; }
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
max_conn=0
for c in $connections; do ((c > max_conn)) && max_conn=$c; done
# wrk's connections, the readiness probes and a margin: all from 127.0.0.1
cap=$((max_conn + 64))

dir=$(mktemp -d /tmp/zf-bench-web.XXXXXX)
[[ -n ${BENCH_KEEP:-} ]] && echo "bench: keeping $dir" >&2
pids=()
cleanup() {
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	[[ -n ${BENCH_KEEP:-} ]] || rm -rf "$dir"
}
trap cleanup EXIT

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_up() { # wait_up URL LOG
	for _ in $(seq 1 300); do
		curl -sf -o /dev/null "$1" && return 0
		sleep 0.1
	done
	echo "bench: $1 did not answer" >&2
	cat "$2" >&2
	exit 1
}

# ---- two zfxxgk on one demo database: cached and uncached; access log off (warn), no
# background scans or mail, the per-address cap above the connections (wrk is one address)
start_zf() { # start_zf NAME true|false: sets zf_port
	printf 'log_level = warn\nthreads = %s\nmax_conn = %s\nper_ip_conn = %s\n' \
		"$threads" "$cap" "$cap" >"$dir/$1.conf"
	printf 'scan_interval = 0\nmail_interval = 0\npage_cache = %s\n' "$2" >>"$dir/$1.conf"
	zf_port=$(free_port)
	"$bin" serve --demo --config "$dir/$1.conf" --listen "127.0.0.1:$zf_port" \
		--db "$dir/zf.db" 2>"$dir/$1.log" &
	pids+=($!)
	wait_up "http://127.0.0.1:$zf_port/healthz" "$dir/$1.log"
}
[[ -n ${BENCH_DB:-} ]] && cp "$BENCH_DB" "$dir/zf.db"
start_zf cached true
cached="http://127.0.0.1:$zf_port"
cached_pid=${pids[-1]}
start_zf uncached false
uncached="http://127.0.0.1:$zf_port"
uncached_pid=${pids[-1]}

# ---- the pages, found on the site itself
first_link() { # first_link PATH PATTERN: the first href on PATH matching PATTERN
	curl -sf "$cached$1" | grep -o "href=\"$2\"" | head -1 | sed 's/href="\(.*\)"/\1/' || true
}
qenc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$query")
names=(home catalogue)
pages=(/ /docs)
doc=$(first_link /docs '/docs/[0-9][0-9]*')
if [[ -n $doc ]]; then names+=(document); pages+=("$doc"); else echo "bench: no document in the catalogue" >&2; fi
report=$(first_link /reports '/reports/[0-9][0-9]*/[^"/]*')
if [[ -n $report ]]; then names+=(report); pages+=("$report"); else echo "bench: no published report" >&2; fi
names+=(search)
pages+=("/search?q=$qenc")

# ---- nginx with the same bytes, one file per page (the query string plays no part)
mkdir -p "$dir/www" "$dir/tmp"
for i in "${!pages[@]}"; do
	curl -sf "$uncached${pages[$i]}" -o "$dir/www/page$i.html"
	[[ $encoding == identity ]] ||
		python3 -c 'import gzip, sys; open(sys.argv[1] + ".gz", "wb").write(gzip.compress(open(sys.argv[1], "rb").read(), 9))' \
			"$dir/www/page$i.html"
done
nginx_port=$(free_port)
{
	# as root nginx would hand its workers to "nobody": keep them the current user
	[[ $(id -u) -eq 0 ]] && echo "user root root;"
	echo "worker_processes 2; pid $dir/nginx.pid; error_log $dir/nginx-error.log warn;"
	echo "daemon off; events { worker_connections $((cap * 2)); }"
	echo "http { access_log off; default_type text/html; charset utf-8;"
	[[ $encoding == identity ]] || echo "  gzip_static on; gzip_vary on;"
	echo "  client_body_temp_path $dir/tmp/body; proxy_temp_path $dir/tmp/proxy;"
	echo "  fastcgi_temp_path $dir/tmp/fcgi; uwsgi_temp_path $dir/tmp/uwsgi; scgi_temp_path $dir/tmp/scgi;"
	echo "  server { listen 127.0.0.1:$nginx_port; root $dir/www;"
	for i in "${!pages[@]}"; do
		echo "    location = ${pages[$i]%%\?*} { try_files /page$i.html =404; }"
	done
	echo "  }"
	echo "}"
} >"$dir/nginx.conf"
"$nginx_bin" -p "$dir" -c "$dir/nginx.conf" 2>"$dir/nginx.log" &
pids+=($!)
nginx_pid=${pids[-1]}
nginx="http://127.0.0.1:$nginx_port"
wait_up "$nginx/" "$dir/nginx.log"
for i in "${!pages[@]}"; do
	cmp -s <(curl -sf "$nginx${pages[$i]}") "$dir/www/page$i.html" ||
		{ echo "bench: nginx does not serve the bytes of ${pages[$i]}" >&2; exit 1; }
	# the cached server renders the same page (it is the same database)
	cmp -s <(curl -sf "$cached${pages[$i]}") "$dir/www/page$i.html" ||
		echo "bench: note: ${pages[$i]} differs between requests (the ratio still holds)" >&2
done

# which encoding each side answers (the first page)
if [[ $encoding != identity ]]; then
	for side in cached uncached nginx; do
		ce=$(curl -s -o /dev/null -D - "${accept[@]}" "${!side}${pages[0]}" |
			sed -n 's/^[Cc]ontent-[Ee]ncoding: *\([a-z]*\).*/\1/p')
		echo "bench: $side answers ${ce:-identity} to Accept-Encoding: ${accept[1]#Accept-Encoding: }" >&2
	done
fi

# ---- measure
# CPU time a server spent (user + system, in clock ticks, all its threads; for nginx its
# master and workers): divided by the requests answered it shows the cost per request
# whatever else the machine is doing, which the rate and the p99 do not
tick=$(getconf CLK_TCK)
cpu_ticks() { # cpu_ticks PID: the ticks of PID and its children processes
	local p total=0
	for p in "$1" $(ps -o pid= --ppid "$1" 2>/dev/null); do
		[[ -r /proc/$p/stat ]] || continue
		total=$((total + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat")))
	done
	echo "$total"
}
run_wrk() { # run_wrk URL CONNECTIONS PID: prints "RPS P99_MS CPU_US_PER_REQUEST"
	local out before after
	before=$(cpu_ticks "$3")
	out=$(wrk -t2 -c"$2" -d"${seconds}s" --timeout 10s --latency "${accept[@]}" "$1")
	after=$(cpu_ticks "$3")
	awk -v url="$1" -v ticks=$((after - before)) -v tick="$tick" '
		/Requests\/sec:/ { rps = $2 }
		/ requests in / { n = $1 }
		/^ +99%/ { v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v);
			ms = (unit == "us") ? v / 1000 : (unit == "s") ? v * 1000 : v }
		/Non-2xx/ { bad = $NF }
		/Socket errors/ { err = $0 }
		END { if (bad) print "bench: " url ": non-2xx answers: " bad > "/dev/stderr";
			if (err) print "bench: " url ":" err > "/dev/stderr";
			printf "%s %.2f %.0f\n", rps, ms, (n > 0 ? 1e6 * ticks / tick / n : 0) }
	' <<<"$out"
}

printf '%-10s %5s %7s | %8s %8s %6s | %8s %8s %6s | %8s %8s %6s | %7s %7s\n' page conns \
	bytes "cached/s" "p99 ms" "cpu us" "uncach/s" "p99 ms" "cpu us" "nginx/s" "p99 ms" "cpu us" \
	"c/nginx" "u/nginx"
for c in $connections; do
	for i in "${!pages[@]}"; do
		p=${pages[$i]}
		bytes=$(wc -c <"$dir/www/page$i.html")
		read -r crps cp99 ccpu < <(run_wrk "$cached$p" "$c" "$cached_pid")
		read -r urps up99 ucpu < <(run_wrk "$uncached$p" "$c" "$uncached_pid")
		read -r nrps np99 ncpu < <(run_wrk "$nginx$p" "$c" "$nginx_pid")
		awk -v n="${names[$i]}" -v c="$c" -v b="$bytes" -v cr="$crps" -v cp="$cp99" \
			-v cc="$ccpu" -v ur="$urps" -v up="$up99" -v uc="$ucpu" -v nr="$nrps" \
			-v np="$np99" -v nc="$ncpu" 'BEGIN {
			printf "%-10s %5d %7d | %8.0f %8.2f %6d | %8.0f %8.2f %6d | %8.0f %8.2f %6d | %6.1f%% %6.1f%%\n",
				n, c, b, cr, cp, cc, ur, up, uc, nr, np, nc,
				(nr > 0 ? 100 * cr / nr : 0), (nr > 0 ? 100 * ur / nr : 0) }'
	done
done
for i in "${!pages[@]}"; do echo "${names[$i]}: ${pages[$i]}"; done
echo "(${seconds}s per run, wrk -t2, zfxxgk threads = $threads, encoding $encoding, all on 127.0.0.1;" \
	"c/nginx = cached / nginx, u/nginx = uncached / nginx, in requests per second;" \
	"cpu us = the server's CPU time per request, in microseconds)"
