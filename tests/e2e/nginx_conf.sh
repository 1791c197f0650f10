#!/usr/bin/env bash
# tests/e2e/nginx_conf.sh: the shipped nginx configuration (deploy/nginx-zfxxgk.conf) passes
# `nginx -t`, and nginx run with it answers its own errors with the Chinese pages of
# deploy/errors/ (issue #16, finding 8): the application servers down (502), a target too
# long for nginx (414), a header too large (400/494), too many requests from one address
# (429). Only the machine-specific parts are replaced: ports (free loopback ones), a
# throwaway self-signed certificate, and the error pages' directory (the repository's).
# Prints TAP. Needs nginx, openssl, curl.
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d /tmp/zf-e2e-nginx.XXXXXX)
nginx_pid=
cleanup() {
	[[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
	[[ -n ${KEEP:-} ]] || rm -rf "$tmp"
}
trap cleanup EXIT
n=0
ok() {
	local desc=$1
	shift
	n=$((n + 1))
	if "$@" >/dev/null 2>&1; then echo "ok $n - $desc"; else
		echo "not ok $n - $desc"
		echo "#   failed: $*"
	fi
}
echo "1..8"
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
http_port=$(free_port) https_port=$(free_port) dead1=$(free_port) dead2=$(free_port)
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=gov.example.cn \
	-keyout "$tmp/key.pem" -out "$tmp/cert.pem" >/dev/null 2>&1
mkdir -p "$tmp/logs" "$tmp/tmp"
sed -e "s|listen 80;|listen 127.0.0.1:$http_port;|" -e '/listen \[::\]/d' \
	-e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2;|" \
	-e "s|/etc/ssl/certs/gov.example.cn.crt|$tmp/cert.pem|" \
	-e "s|/etc/ssl/private/gov.example.cn.key|$tmp/key.pem|" \
	-e "s|/usr/share/zfxxgk/errors/|$PWD/deploy/errors/|" \
	-e "s|127.0.0.1:8081|127.0.0.1:$dead1|" -e "s|127.0.0.1:8082|127.0.0.1:$dead2|" \
	deploy/nginx-zfxxgk.conf >"$tmp/site.conf"
{
	[[ $(id -u) -eq 0 ]] && echo "user root root;"
	echo "worker_processes 1; pid $tmp/nginx.pid; error_log $tmp/logs/error.log warn;"
	echo "daemon off; events { worker_connections 256; }"
	echo "http { access_log off; default_type text/html; charset utf-8;"
	echo "  client_body_temp_path $tmp/tmp/body; proxy_temp_path $tmp/tmp/proxy;"
	echo "  fastcgi_temp_path $tmp/tmp/fcgi; uwsgi_temp_path $tmp/tmp/uwsgi; scgi_temp_path $tmp/tmp/scgi;"
	echo "  include $tmp/site.conf;"
	echo "}"
} >"$tmp/nginx.conf"
ok "deploy/nginx-zfxxgk.conf passes nginx -t" "$nginx_bin" -t -q -p "$tmp" -c "$tmp/nginx.conf"
"$nginx_bin" -p "$tmp" -c "$tmp/nginx.conf" 2>"$tmp/nginx.log" &
nginx_pid=$!
base="https://127.0.0.1:$https_port"
for _ in $(seq 1 50); do
	curl -sk -o /dev/null "$base/healthz" && break
	sleep 0.1
done
get() { # get NAME CURL-ARGS...: body to $tmp/NAME.body, status to $tmp/NAME.code
	local name=$1
	shift
	curl -sk --http1.1 -o "$tmp/$name.body" -w '%{http_code}' "$@" >"$tmp/$name.code" 2>/dev/null
	return 0
}
is() { [[ $(cat "$tmp/$1.code") == "$2" ]] && grep -q "$3" "$tmp/$1.body"; }
get down "$base/"
ok "servers down: 502 with the Chinese page" is down 502 '网站暂时无法访问'
get long "$base/$(head -c 20000 /dev/zero | tr '\0' a)"
ok "a 20 KB target: nginx's 414 with the Chinese page" is long 414 '网址过长'
get bighead -H "Cookie: a=$(head -c 20000 /dev/zero | tr '\0' b)" "$base/"
ok "a 20 KB header: nginx's 400 with the Chinese page" is bighead 400 '请求无法识别'
get body -X POST -H 'Content-Type: application/octet-stream' --data-binary @<(head -c 27000000 /dev/zero) "$base/"
ok "a 27 MB body: 413 with the Chinese page" is body 413 '提交的内容过大'
# 200 requests in a row on one connection from one address, far past 20/s with bursts of
# 80: the surplus gets 429, with the Chinese page
python3 - "$https_port" >"$tmp/rate.out" <<'PY'
import http.client, ssl, sys
ctx = ssl._create_unverified_context()
c = http.client.HTTPSConnection("127.0.0.1", int(sys.argv[1]), context=ctx, timeout=5)
codes, chinese = {}, 0
for _ in range(200):
    c.request("GET", "/x")
    r = c.getresponse()
    body = r.read()
    codes[r.status] = codes.get(r.status, 0) + 1
    if r.status == 429 and "访问过于频繁".encode() in body:
        chinese += 1
print(" ".join("%d:%d" % kv for kv in sorted(codes.items())), "chinese429:%d" % chinese)
PY
echo "# 200 requests in a row: $(cat "$tmp/rate.out")"
ok "past the request rate: 429" grep -Eq '(^| )429:[1-9]' "$tmp/rate.out"
ok "every 429 carries the Chinese page" \
	awk '{ for (i = 1; i <= NF; i++) { split($i, kv, ":"); v[kv[1]] = kv[2] } }
		END { exit !(v[429] > 0 && v[429] == v["chinese429"]) }' "$tmp/rate.out"
http=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http_port/a?b=1")
ok "plain HTTP is sent to HTTPS" test "${http%% *}" = 301
