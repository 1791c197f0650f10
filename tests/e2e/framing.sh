#!/usr/bin/env bash
# tests/e2e/framing.sh: request framing and malformed heads over raw sockets (issue #16,
# findings 6 and 8). A request whose body length is ambiguous (two Content-Length, or
# Content-Length with Transfer-Encoding, or a coding other than chunked) gets one Chinese 400
# and the connection is closed, so trailing bytes are never answered as a second request
# (RFC 9112 §6.3); chunked bodies get a Chinese 411; oversize heads and targets get Chinese
# 431/414 instead of the HTTP library's English pages; control bytes in the path (%00) are a
# Chinese 400, not a truncated path. Prints TAP. Needs $ZF_BIN, curl, python3.
set -u
cd "$(dirname "$0")/../.."
ZF_BIN=${ZF_BIN:-$PWD/build/zfxxgk}
tmp=$(mktemp -d /tmp/zf-e2e-framing.XXXXXX)
pid=
cleanup() {
	[[ -n $pid ]] && kill -KILL "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

"$ZF_BIN" serve --demo --listen 127.0.0.1:0 --db "$tmp/zf.db" 2>"$tmp/log" &
pid=$!
port=
for _ in $(seq 1 300); do
	port=$(sed -n 's/.* listening .* port=\([0-9]*\).*/\1/p' "$tmp/log" | tail -1)
	[[ -n $port ]] && curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
	sleep 0.1
done
[[ -n $port ]] || { echo "1..1"; echo "not ok 1 - server starts"; exit 0; }

python3 - "$port" <<'PY'
import re, socket, sys, time
port = int(sys.argv[1])
H = b"Host: 127.0.0.1\r\n"
SECOND = b"GET /healthz HTTP/1.1\r\n" + H + b"\r\n"

def exchange(data, wait=3.0):
    """Sends data at once; returns (statuses, closed, raw) after the server closes or goes
    quiet for `wait` seconds."""
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(wait)
    try:
        s.sendall(data)
    except OSError:
        pass
    got, closed = b"", False
    try:
        while True:
            d = s.recv(65536)
            if not d:
                closed = True
                break
            got += d
    except socket.timeout:
        pass
    except OSError:
        closed = True
    s.close()
    statuses = [int(m) for m in re.findall(rb"HTTP/1\.1 (\d{3}) [A-Z][^\r\n]*\r\n", got)]
    return statuses, closed, got

n = 0
def ok(cond, desc, detail=""):
    global n
    n += 1
    print("%sok %d - %s" % ("" if cond else "not ", n, desc))
    if not cond and detail:
        print("#   " + detail)

def refused_once(name, data, status, words):
    st, closed, raw = exchange(data)
    chinese = words.encode() in raw and "错误代码".encode() in raw
    ok(st == [status] and closed and chinese,
       "%s: one Chinese %d, connection closed" % (name, status),
       "statuses=%s closed=%s chinese=%s" % (st, closed, chinese))

print("1..20")
# control: a plain pipelined pair is answered twice on one connection
st, closed, raw = exchange(b"GET /healthz HTTP/1.1\r\n" + H + b"\r\n" + SECOND, wait=1.5)
ok(st == [200, 200], "control: two pipelined requests get two answers", "statuses=%s" % st)
st, closed, raw = exchange(b"POST /healthz HTTP/1.1\r\n" + H + b"Content-Length: 5\r\n\r\nhello" + SECOND, wait=1.5)
ok(st == [405, 200], "control: a body with one Content-Length is framed right", "statuses=%s" % st)

refused_once("two different Content-Length",
    b"POST / HTTP/1.1\r\n" + H + b"Content-Length: 5\r\nContent-Length: 44\r\n\r\nhello" + SECOND,
    400, "请求格式有误")
refused_once("two equal Content-Length",
    b"POST / HTTP/1.1\r\n" + H + b"Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello" + SECOND,
    400, "请求格式有误")
refused_once("Content-Length with Transfer-Encoding (smuggling: CL.TE)",
    b"POST / HTTP/1.1\r\n" + H + b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SECOND,
    400, "请求格式有误")
refused_once("Transfer-Encoding before Content-Length (TE.CL)",
    b"POST / HTTP/1.1\r\n" + H + b"Transfer-Encoding: chunked\r\nContent-Length: 40\r\n\r\n0\r\n\r\n" + SECOND,
    400, "请求格式有误")
refused_once("Transfer-Encoding that is not chunked",
    b"POST / HTTP/1.1\r\n" + H + b"Transfer-Encoding: gzip\r\n\r\nabc" + SECOND, 400, "请求格式有误")
refused_once("Transfer-Encoding: chunked, chunked",
    b"POST / HTTP/1.1\r\n" + H + b"Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n" + SECOND,
    400, "请求格式有误")
refused_once("two Transfer-Encoding fields",
    b"POST / HTTP/1.1\r\n" + H + b"Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n" + SECOND,
    400, "请求格式有误")
refused_once("a chunked body (a length is required)",
    b"POST / HTTP/1.1\r\n" + H + b"Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n" + SECOND,
    411, "需要注明正文长度")
refused_once("an over-long chunk-size line (was MHD's English 500)",
    b"POST / HTTP/1.1\r\n" + H + b"Transfer-Encoding: chunked\r\n\r\n1;" + b"x" * 70000 + b"\r\na\r\n0\r\n\r\n",
    411, "需要注明正文长度")
# obs-fold: MHD joins the folded line with a space, which RFC 9112 §5.2 allows; what matters
# is that the continuation is never read as a request of its own
st, closed, raw = exchange(b"GET /healthz HTTP/1.1\r\n" + H + b"X-A: b\r\n GET /x HTTP/1.1\r\n\r\n", wait=1.5)
ok(len(st) == 1, "obs-fold: exactly one answer", "statuses=%s" % st)
refused_once("a 40 KB header field (was MHD's English 431)",
    b"GET / HTTP/1.1\r\n" + H + b"X-Big: " + b"a" * 40000 + b"\r\n\r\n", 431, "请求头过大")
refused_once("500 header fields",
    b"GET / HTTP/1.1\r\n" + H + b"".join(b"X-%d: v\r\n" % i for i in range(500)) + b"\r\n",
    431, "请求头过大")
refused_once("a 40 KB request target (was MHD's English 414)",
    b"GET /" + b"a" * 40000 + b" HTTP/1.1\r\n" + H + b"\r\n", 414, "网址过长")
refused_once("%00 in the path (was cut short to /doc)",
    b"GET /doc%00.html HTTP/1.1\r\n" + H + b"\r\n", 400, "网址无效")
refused_once("%0d%0a in the path", b"GET /a%0d%0aX:%20y HTTP/1.1\r\n" + H + b"\r\n", 400, "网址无效")
refused_once("%7f in the path", b"GET /a%7f HTTP/1.1\r\n" + H + b"\r\n", 400, "网址无效")
refused_once("%00 in the query", b"GET /search?q=a%00b HTTP/1.1\r\n" + H + b"\r\n", 400, "请求无法识别")
# a %-encoded non-control byte in the path is still fine
st, closed, raw = exchange(b"GET /healthz%2F HTTP/1.1\r\n" + H + b"\r\n", wait=1.5)
ok(st and st[0] == 404, "%2F in the path is an ordinary 404, not refused", "statuses=%s" % st)
PY
