#!/usr/bin/env bash
# tests/e2e/proxy_security.sh: the visitor's address, throttles, sign-in lock-outs, the
# redirect after sign-in and Secure cookies (#16), with curl against a server whose
# trusted_proxies is 127.0.0.1: a "proxy" is curl from 127.0.0.1 sending X-Forwarded-For and
# X-Forwarded-Proto; a stranger is curl from 127.0.0.2 sending the same headers. Then
# proxy_security.mjs checks in real Chromium that next=/%09/host stays on the site.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
. "$(dirname "$0")/console_lib.sh"

check() { # check DESC COMMAND...: one point, ok when COMMAND succeeds
	local desc=$1
	shift
	if "$@"; then report ok "$desc"; else report notok "$desc"; fi
}

prepare_db
add_user chief 甲管理 1 admin 'Head-admin-2026'
printf 'trusted_proxies = 127.0.0.1\nlogin_max_failures = 5\nlogin_lock_minutes = 15\n' >"$tmp/zf.conf"
start_server --config "$tmp/zf.conf"
report ok "server starts on port $port with trusted_proxies = 127.0.0.1"

# proxy VISITOR [curl args...]: a request through the trusted proxy for VISITOR over HTTPS
proxy() {
	local visitor=$1
	shift
	curl -s --interface 127.0.0.1 -H "X-Forwarded-For: $visitor" -H 'X-Forwarded-Proto: https' "$@"
}
# stranger [curl args...]: the same headers from a peer that is not a trusted proxy
stranger() {
	curl -s --interface 127.0.0.2 -H 'X-Forwarded-For: 198.51.100.99' -H 'X-Forwarded-Proto: https' "$@"
}

# a CSRF token and its visitor cookie, as a browser gets them
form_token() { # form_token JAR PATH [proxy|stranger|plain]: prints the token of the form on PATH
	local jar=$1 path=$2 via=${3:-proxy}
	case $via in
	proxy) proxy 192.0.2.200 -c "$jar" "$ZF_URL$path" ;;
	stranger) stranger -c "$jar" "$ZF_URL$path" ;;
	*) curl -s -c "$jar" "$ZF_URL$path" ;;
	esac | grep -o 'name="_csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//;s/"//'
}

# ---- finding 7: Secure cookies over HTTPS from a trusted proxy only
h=$(proxy 192.0.2.1 -D - -o /dev/null "$ZF_URL/login")
check "through the trusted proxy with X-Forwarded-Proto: https, the CSRF cookie is Secure" \
	grep -qi '^Set-Cookie: zf_csrf=.*; Secure' <<<"$h"
check "and keeps HttpOnly and SameSite=Lax" grep -qi '^Set-Cookie: zf_csrf=.*HttpOnly; SameSite=Lax' <<<"$h"
h=$(stranger -D - -o /dev/null "$ZF_URL/login")
check "from an untrusted peer the same header makes no Secure cookie" \
	bash -c '! grep -qi "^Set-Cookie:.*Secure" <<<"$1" && grep -qi "^Set-Cookie: zf_csrf=" <<<"$1"' _ "$h"
h=$(curl -s -D - -o /dev/null "$ZF_URL/login")
check "plain http from the proxy's address: no Secure" \
	bash -c '! grep -qi "^Set-Cookie:.*Secure" <<<"$1"' _ "$h"
h=$(proxy 192.0.2.1 -D - -o /dev/null "$ZF_URL/?font=large")
check "the font cookie is Secure over HTTPS too" grep -qi '^Set-Cookie: zf_font=large.*; Secure' <<<"$h"

jar=$tmp/jar
tok=$(form_token "$jar" /login)
h=$(proxy 198.51.100.10 -b "$jar" -D - -o /dev/null --data-urlencode "_csrf=$tok" \
	--data-urlencode login=chief --data-urlencode password=Head-admin-2026 \
	--data-urlencode next=/console "$ZF_URL/login")
check "the session cookie is Secure when signing in over HTTPS" \
	grep -qi '^Set-Cookie: zf_sid=[0-9a-f]*; Path=/; HttpOnly; SameSite=Lax; Max-Age=[0-9]*; Secure' <<<"$h"

write_message() { # write_message proxy|stranger: the headers of a written message
	local j=$tmp/jar-m t
	rm -f "$j"
	t=$(form_token "$j" /hdjl/write "$1")
	local via=$1
	[[ $via == proxy ]] && via="proxy 192.0.2.201"
	$via -b "$j" -D - -o /dev/null --data-urlencode "_csrf=$t" -d kind=message -d agency=1 \
		--data-urlencode "title=关于路灯维修" --data-urlencode "body=小区门口的路灯坏了三天，请尽快维修。" \
		--data-urlencode "name=张三" -d phone=13800138000 "$ZF_URL/hdjl/write"
}
h=$(write_message proxy)
check "the receipt cookie of a message is Secure over HTTPS" \
	grep -qi '^Set-Cookie: zf_msg_receipt=.*HttpOnly; SameSite=Lax; Secure' <<<"$h"
h=$(write_message stranger)
check "and not from an untrusted peer claiming https" \
	bash -c 'grep -qi "^Set-Cookie: zf_msg_receipt=" <<<"$1" && ! grep -qi "^Set-Cookie:.*Secure" <<<"$1"' _ "$h"

# ---- finding 3: next= after sign-in stays on the site
login_next() { # login_next NEXT: prints the Location after a good sign-in
	local j=$tmp/jar-next
	rm -f "$j"
	local t
	t=$(form_token "$j" /login)
	proxy 198.51.100.10 -b "$j" -D - -o /dev/null --data-urlencode "_csrf=$t" \
		--data-urlencode login=chief --data-urlencode password=Head-admin-2026 \
		--data-urlencode "next=$1" "$ZF_URL/login" | tr -d '\r' | sed -n 's/^Location: //Ip'
}
for next in $'/\t/evil.example/path' '//evil.example' '/\evil.example' $'/\n/evil.example' \
	'/%09/evil.example' '/%2F%2Fevil.example' 'https://evil.example/' $'/\xe3\x80\x80/evil.example'; do
	loc=$(login_next "$next")
	check "next=$(printf '%q' "$next") goes to /console ($loc)" test "$loc" = /console
done
loc=$(login_next /console/users)
check "next=/console/users is kept ($loc)" test "$loc" = /console/users

# ---- finding 4: throttles per visitor, exact, not per proxy
query() { # query VIA VISITOR: the status of one wrong query code
	local j=$tmp/jar-q t
	[[ -f $j ]] || t=
	t=$(form_token "$j" /query)
	if [[ $1 == proxy ]]; then
		proxy "$2" -b "$j" -o /dev/null -w '%{http_code}' --data-urlencode "_csrf=$t" \
			-d code=ABCDEFGHJKLM -d phone=0000 "$ZF_URL/query"
	else
		curl -s --interface "$2" -b "$j" -o /dev/null -w '%{http_code}' \
			-H "X-Forwarded-For: 198.51.100.$RANDOM" --data-urlencode "_csrf=$t" \
			-d code=ABCDEFGHJKLM -d phone=0000 "$ZF_URL/query"
	fi
}
first_a= first_b=
for i in $(seq 1 90); do
	a=$(query proxy 203.0.113.10)
	b=$(query proxy 203.0.113.11)
	[[ -z $first_a && $a == 429 ]] && first_a=$i
	[[ -z $first_b && $b == 429 ]] && first_b=$i
done
check "90 wrong codes from one visitor with a second one counted too: 429 from the 11th (got ${first_a:-never})" \
	test "${first_a:-0}" = 11
check "the second visitor is limited on its own count (${first_b:-never})" test "${first_b:-0}" = 11
s=$(query proxy 203.0.113.12)
check "a third visitor behind the same proxy is not locked out by them ($s)" test "$s" = 404
first=
for i in $(seq 1 12); do
	s=$(query direct 127.0.0.2)
	[[ -z $first && $s == 429 ]] && first=$i
done
check "an untrusted peer rotating X-Forwarded-For is counted by its own address: 429 from the 11th (${first:-never})" \
	test "${first:-0}" = 11

# ---- finding 5: the stranger's wrong passwords lock out the stranger, not the admin
sign_in() { # sign_in VISITOR PASSWORD: prints status and Retry-After
	local j=$tmp/jar-l t
	rm -f "$j"
	t=$(form_token "$j" /login)
	proxy "$1" -b "$j" -D - -o /dev/null --data-urlencode "_csrf=$t" --data-urlencode login=chief \
		--data-urlencode "password=$2" "$ZF_URL/login" | tr -d '\r' |
		awk 'NR==1{s=$2} tolower($1)=="retry-after:"{r=$2} END{print s, r}'
}
for i in 1 2 3 4; do sign_in 203.0.113.66 "wrong-guess-$i" >/dev/null; done
read -r s r < <(sign_in 203.0.113.66 wrong-guess-5)
check "the stranger's fifth wrong password: 429 with Retry-After ($s, $r)" \
	bash -c '[[ $1 == 429 && $2 -gt 800 && $2 -le 900 ]]' _ "$s" "$r"
read -r s r < <(sign_in 203.0.113.66 Head-admin-2026)
check "from the stranger's address even the right password gets 429 ($s)" test "$s" = 429
read -r s r < <(sign_in 198.51.100.10 Head-admin-2026)
check "the administrator still signs in from their own address (303, got $s)" test "$s" = 303
sql() { # sql QUERY: one value from the database under test
	if [[ $(e2e_engine) == pg ]]; then psql -X -q -t -A "$db" -c "$1"; else sqlite3 "$db" "$1"; fi
}
n_lock=$(sql "SELECT count(*) FROM audit_log WHERE action = 'login.lock' AND detail LIKE '%ip=203.0.113.66%'")
check "the lock-out is audited with the visitor's address, not the proxy's ($n_lock)" test "$n_lock" = 1

# ---- finding 3 in Chromium
run_node proxy_security.mjs
finish
