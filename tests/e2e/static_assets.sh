#!/usr/bin/env bash
# tests/e2e/static_assets.sh: the assets under /static/ (issue #17). Pages link the
# stylesheet by its fingerprint (the first 16 hex digits of the SHA-256 of its bytes); that
# URL is cached for a year as immutable, the bare or stale one briefly with revalidation;
# the ETag is the fingerprint and If-None-Match gets 304; gzip and brotli bodies decode to
# the very bytes of data/embed/site.css, chosen by Accept-Encoding with Vary; unknown names,
# embedded data files that are not for the web, and path tricks get no asset. Prints TAP.
# Needs $ZF_BIN, curl, python3 (gzip) and node (brotli, through its zlib).
set -u
cd "$(dirname "$0")/../.."
ZF_BIN=${ZF_BIN:-$PWD/build/zfxxgk}
tmp=$(mktemp -d /tmp/zf-e2e-static.XXXXXX)
pid=
n=0
cleanup() {
	[[ -n $pid ]] && kill -KILL "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
check() { # check DESC COMMAND...
	n=$((n + 1))
	if "${@:2}"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi
}

"$ZF_BIN" serve --demo --listen 127.0.0.1:0 --db "$tmp/zf.db" 2>"$tmp/log" &
pid=$!
port=
for _ in $(seq 1 300); do
	port=$(sed -n 's/.* listening .* port=\([0-9]*\).*/\1/p' "$tmp/log" | tail -1)
	[[ -n $port ]] && curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
	sleep 0.1
done
[[ -n $port ]] || { echo "not ok 1 - server starts"; echo "1..1"; exit 0; }
url="http://127.0.0.1:$port"
css=data/embed/site.css
fp=$(sha256sum "$css" | cut -c1-16)

# get NAME PATH [CURL ARGS...]: headers to $tmp/NAME.h, body to $tmp/NAME.b, status printed
get() {
	curl -s --path-as-is -D "$tmp/$1.h" -o "$tmp/$1.b" -w '%{http_code}' "${@:3}" "$url$2"
}
header() { # header NAME FIELD: the field's value (last one), without CR
	grep -i "^$2:" "$tmp/$1.h" | tail -1 | cut -d: -f2- | sed 's/^ *//; s/\r$//'
}

curl -s "$url/" >"$tmp/home.html"
check "the home page links /static/site.css?v=$fp (its bytes' fingerprint)" \
	grep -q "href=\"/static/site.css?v=$fp\"" "$tmp/home.html"
curl -s "$url/docs" >"$tmp/docs.html"
check "every /static/ link of the home and catalogue pages carries a fingerprint" \
	bash -c "! grep -o '\"/static/[^\"]*\"' '$tmp/home.html' '$tmp/docs.html' | grep -v '?v=[0-9a-f]\{16\}\"'"

st=$(get fresh "/static/site.css?v=$fp")
check "the fingerprinted URL answers 200" test "$st" = 200
check "the fingerprinted URL is cached a year as immutable" \
	test "$(header fresh Cache-Control)" = "public, max-age=31536000, immutable"
check "its ETag is the fingerprint" test "$(header fresh ETag)" = "\"$fp\""
check "without Accept-Encoding the body is site.css itself" cmp -s "$tmp/fresh.b" "$css"
check "Vary: Accept-Encoding" test "$(header fresh Vary)" = "Accept-Encoding"
check "the stylesheet's type is text/css" grep -qi '^Content-Type: text/css' "$tmp/fresh.h"

st=$(get bare /static/site.css)
check "without v= it answers 200 too" test "$st" = 200
check "without v= it is cached briefly and revalidated" \
	test "$(header bare Cache-Control)" = "public, max-age=300, must-revalidate"
st=$(get stale "/static/site.css?v=0123456789abcdef")
check "a stale v= is cached briefly, not as immutable" \
	test "$st:$(header stale Cache-Control)" = "200:public, max-age=300, must-revalidate"

st=$(get cond "/static/site.css?v=$fp" -H "If-None-Match: \"$fp\"")
check "If-None-Match with the ETag answers 304" test "$st" = 304
check "the 304 has no body" test ! -s "$tmp/cond.b"
check "the 304 keeps the ETag and the immutable Cache-Control" \
	test "$(header cond ETag):$(header cond Cache-Control)" = "\"$fp\":public, max-age=31536000, immutable"
st=$(get cond2 /static/site.css -H "If-None-Match: \"other\", W/\"$fp-gz\"" -H 'Accept-Encoding: gzip')
check "a list naming the gzip variant weakly answers 304 (ETag \"$fp-gz\")" \
	test "$st:$(header cond2 ETag)" = "304:\"$fp-gz\""
st=$(get cond3 /static/site.css -H 'If-None-Match: "0123456789abcdef"')
check "If-None-Match with another tag answers 200 with the body" \
	bash -c "test '$st' = 200 && cmp -s '$tmp/cond3.b' '$css'"
st=$(get cond4 /static/site.css -H "If-None-Match: \"$fp")
check "a malformed If-None-Match (unclosed quote) answers 200" test "$st" = 200

st=$(get gz "/static/site.css?v=$fp" -H 'Accept-Encoding: gzip, deflate')
check "Accept-Encoding: gzip gets Content-Encoding: gzip" \
	test "$st:$(header gz Content-Encoding)" = "200:gzip"
check "the gzip body is smaller than the stylesheet" \
	test "$(stat -c %s "$tmp/gz.b")" -lt "$(stat -c %s "$css")"
check "the gzip ETag differs from the identity one" test "$(header gz ETag)" = "\"$fp-gz\""
python3 -c 'import sys, zlib; sys.stdout.buffer.write(zlib.decompress(open(sys.argv[1], "rb").read(), 16 + 15))' \
	"$tmp/gz.b" >"$tmp/gz.out" 2>"$tmp/gz.err"
check "the gzip body decodes to the very bytes of site.css" cmp -s "$tmp/gz.out" "$css"

st=$(get br "/static/site.css?v=$fp" -H 'Accept-Encoding: gzip, deflate, br')
check "Accept-Encoding with br gets Content-Encoding: br" \
	test "$st:$(header br Content-Encoding):$(header br ETag)" = "200:br:\"$fp-br\""
check "the brotli body is smaller than the gzip one" \
	test "$(stat -c %s "$tmp/br.b")" -lt "$(stat -c %s "$tmp/gz.b")"
if command -v node >/dev/null; then
	node -e 'process.stdout.write(require("zlib").brotliDecompressSync(require("fs").readFileSync(process.argv[1])))' \
		"$tmp/br.b" >"$tmp/br.out" 2>"$tmp/br.err"
	check "the brotli body decodes to the very bytes of site.css" cmp -s "$tmp/br.out" "$css"
else
	echo "# node missing: the brotli body is checked by its header and size only"
fi
st=$(get noq "/static/site.css?v=$fp" -H 'Accept-Encoding: br;q=0, gzip;q=0')
check "q=0 for both gets the identity body" \
	bash -c "test '$st' = 200 && test -z '$(header noq Content-Encoding)' && cmp -s '$tmp/noq.b' '$css'"
st=$(get head "/static/site.css?v=$fp" -I -H 'Accept-Encoding: br')
check "HEAD answers 200 with the headers and no body" \
	test "$st:$(header head Cache-Control)" = "200:public, max-age=31536000, immutable"

st=$(get missing /static/nope.css)
check "an unknown name answers 404" test "$st" = 404
check "the 404 page is in Chinese" grep -q '文件不存在' "$tmp/missing.b"
st=$(get data /static/cn-calendar.tsv)
check "an embedded data file that is not for the web answers 404" test "$st" = 404
for p in /static/../healthz /static/..%2fNOTICE /static/%2e%2e%2fNOTICE /static/.site.css \
	/static/SITE.CSS /static/site.css/x '/static/site.css%00.png' /static/ /static/site%2ecss/..; do
	st=$(get trick "$p")
	check "a path trick ($p) gets no asset" \
		bash -c "test '$st' != 200 -o '$p' = /static/../healthz && ! cmp -s '$tmp/trick.b' '$css'"
done

kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
check "server stops cleanly" test "$rc" = 0
echo "1..$n"
