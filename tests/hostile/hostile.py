#!/usr/bin/env python3
"""hostile.py: the hostile-input corpus, run against a live `zfxxgk serve --demo`.

    hostile.py --base http://127.0.0.1:PORT --bin ZF_BIN --clerk PASSWORD --cases FILE

1. Lists the routes from the binary (`zfxxgk routes --json`), signs in as the demo clerk and
   reads every GET page (anonymous for public routes, as the clerk for console routes) to
   learn the forms: where they post, how (urlencoded or multipart), their field names.
2. Generates the cases (payloads/*.txt x every route x every path argument, query argument
   and form field, plus cookies, CSRF, multipart and redirect tricks) into FILE (JSON lines).
3. Runs them over keep-alive connections in a few threads and checks each answer: never a
   5xx, no script reflected raw into an HTML answer, no database error text, every Location
   on the site, and the refusal code where one is defined (400 bad encoding, 403 no CSRF
   token, 413 too big). Cases of the group "framing" follow RFC 9112 (400 and close).
4. Prints TAP: one point per category and group, with its counts and the first failures,
   and a summary diag line.
"""
import argparse
import html.parser
import json
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(16)


def load(name):
    out = []
    with open(os.path.join(HERE, "payloads", name), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            out.append(line)
    return out


# --------------------------------------------------------------------------- HTTP, raw
class Conn:
    """One keep-alive connection that sends bytes as given (no normalisation)."""

    def __init__(self, host, port, source=None):
        self.host, self.port, self.source = host, port, source
        self.sock = None
        self.buf = b""

    def close(self):
        if self.sock:
            try:
                self.sock.close()
            except OSError:
                pass
        self.sock = None
        self.buf = b""

    def connect(self):
        self.close()
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if self.source:
            s.bind((self.source, 0))
        s.settimeout(30)
        s.connect((self.host, self.port))
        self.sock = s

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        self.buf += chunk

    def _line(self):
        while b"\r\n" not in self.buf:
            if len(self.buf) > 1 << 20:
                raise ConnectionError("header too long")
            self._fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _exact(self, n):
        while len(self.buf) < n:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def read_response(self, head_only=False):
        status_line = self._line()
        parts = status_line.split(b" ", 2)
        status = int(parts[1])
        headers = []
        while True:
            line = self._line()
            if not line:
                break
            k, _, v = line.partition(b":")
            headers.append((k.decode("latin-1").strip().lower(), v.decode("latin-1").strip()))
        h = dict(headers)
        body = b""
        if head_only or status in (204, 304) or 100 <= status < 200:
            pass
        elif "transfer-encoding" in h and "chunked" in h["transfer-encoding"].lower():
            while True:
                size = int(self._line().split(b";")[0], 16)
                if size == 0:
                    while self._line():
                        pass
                    break
                body += self._exact(size)
                self._exact(2)
        elif "content-length" in h:
            body = self._exact(int(h["content-length"]))
        else:
            try:
                while True:
                    self._fill()
            except (ConnectionError, OSError):
                pass
            body, self.buf = self.buf, b""
            self.close()
        return status, headers, body

    def exchange(self, raw, head_only=False, retry=True):
        """Sends raw request bytes; returns (status, headers, body, closed_after)."""
        for attempt in (0, 1):
            fresh = self.sock is None
            if fresh:
                self.connect()
            try:
                self.sock.sendall(raw)
                r = self.read_response(head_only)
                closed = any(k == "connection" and "close" in v.lower() for k, v in r[1])
                if closed:
                    self.close()
                return r + (closed,)
            except (ConnectionError, OSError, ValueError, IndexError):
                self.close()
                if fresh or not retry or attempt:
                    raise
        raise ConnectionError("unreachable")


def build(method, target, headers, body=b""):
    lines = [f"{method} ".encode() + target + b" HTTP/1.1"]
    for k, v in headers:
        lines.append(k.encode("latin-1") + b": " + (v if isinstance(v, bytes) else v.encode("latin-1")))
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


# --------------------------------------------------------------------------- forms
class FormParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms = []
        self.cur = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.cur = {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(),
                        "enctype": a.get("enctype") or "", "fields": [], "values": {}}
            self.forms.append(self.cur)
        elif tag in ("input", "textarea", "select", "button") and self.cur is not None:
            name = a.get("name")
            if name and name not in self.cur["fields"]:
                self.cur["fields"].append(name)
                if a.get("type") == "file":
                    self.cur.setdefault("files", []).append(name)
                if a.get("value") is not None:
                    self.cur["values"][name] = a.get("value")

    def handle_endtag(self, tag):
        if tag == "form":
            self.cur = None


def pattern_regex(p):
    out = "^"
    for part in re.split(r"(\{[a-z_]+\}|\*$)", p):
        if part.startswith("{"):
            out += "[^/]+"
        elif part == "*":
            out += ".+"
        else:
            out += re.escape(part)
    return re.compile(out + "$")


# --------------------------------------------------------------------------- the client
class Client:
    def __init__(self, base):
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port
        self.local = threading.local()

    def conn(self):
        c = getattr(self.local, "conn", None)
        if c is None:
            c = self.local.conn = Conn(self.host, self.port, getattr(self.local, "source", None))
        return c

    def request(self, method, target, headers=(), body=b"", cookies=None, raw=None):
        if isinstance(target, str):
            target = target.encode("latin-1")
        hs = [("Host", f"{self.host}:{self.port}")]
        if cookies:
            hs.append(("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items())))
        hs += list(headers)
        if body or method == "POST":
            if not any(k.lower() == "content-length" for k, _ in hs):
                hs.append(("Content-Length", str(len(body))))
        data = raw if raw is not None else build(method, target, hs, body)
        return self.conn().exchange(data, head_only=(method == "HEAD"))


def cookies_from(headers, jar):
    for k, v in headers:
        if k == "set-cookie":
            name, _, rest = v.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in v:
                jar.pop(name, None)
            else:
                jar[name] = value
    return jar


def csrf_in(body):
    m = re.search(rb'name="_csrf" value="([0-9a-f]{64})"', body)
    return m.group(1).decode() if m else None


# --------------------------------------------------------------------------- checks
XSS_GENERIC = re.compile(
    rb"<script>alert\(\d+\)|<img src=x onerror=alert|<svg/onload=alert|[\"'] autofocus onfocus=alert"
    rb"|href=\"javascript:alert|<iframe src=javascript:|<b onmouseover=alert")
SQL_ERRORS = re.compile(
    rb"SQLITE_[A-Z]|sqlite3_[a-z_]+\(|syntax error|unrecognized token|no such column|no such table|"
    rb"unterminated quoted|SQL logic error|ERROR:  |PQexec|pg_query")
FILE_LEAK = re.compile(rb"root:x?:0:0:|\[boot loader\]|HOME=/|PATH=/")
CRASH = re.compile(r"zfxxgk: BUG at|Sanitizer|runtime error:|Segmentation fault")


def location_safe(loc, host):
    """A Location stays on the site: read as a browser reads it (leading and trailing C0
    controls and spaces dropped, every TAB, LF and CR removed: the URL standard), it is a
    local path ("/x", not "//x" nor "/\\x") or an absolute URL on our own host."""
    loc = loc.strip("".join(chr(i) for i in range(0x21)))
    loc = re.sub(r"[\t\n\r]", "", loc)
    low = loc.lower()
    if low.startswith("http://") or low.startswith("https://"):
        u = urllib.parse.urlsplit(loc)
        return u.netloc == host
    if not loc.startswith("/"):
        return False
    return len(loc) == 1 or loc[1] not in "/\\"


def judge(case, status, headers, body, closed, elapsed, host):
    """Returns a list of failure reasons (empty: passed)."""
    why = []
    exp = case.get("expect", {})
    if status >= 500:
        why.append(f"status {status}")
    if "status" in exp and status not in exp["status"]:
        why.append(f"status {status}, expected {exp['status']}")
    if exp.get("class4xx") and not 400 <= status < 500:
        why.append(f"status {status}, expected a 4xx")
    if exp.get("close") and not closed:
        why.append("connection not closed")
    ctype = ""
    for k, v in headers:
        if k == "content-type":
            ctype = v.lower()
        if k == "location" and not location_safe(v, host):
            why.append(f"Location leaves the site: {v!r}")
        if k not in ("location", "set-cookie") and ("evil.example" in v or "zf_pwn" in v):
            why.append(f"header {k} carries the payload: {v[:80]!r}")
        if k == "set-cookie" and "zf_pwn" in v:
            why.append(f"Set-Cookie injected: {v[:80]!r}")
    if ctype.startswith("text/html") or not ctype:
        for m in exp.get("no_raw", []):
            if m.encode() in body:
                why.append(f"reflected raw: {m[:60]!r}")
        hit = XSS_GENERIC.search(body)
        if hit and not why:
            why.append(f"script raw in the page: {hit.group(0)[:60]!r}")
        if re.search(rb'<a [^>]*href="(//|/\\|javascript:|https?://evil)', body) and exp.get("links"):
            why.append("a link leaves the site")
    if SQL_ERRORS.search(body):
        why.append("database error text in the answer")
    if FILE_LEAK.search(body):
        why.append("a file outside the site in the answer")
    if elapsed > 30:
        why.append(f"took {elapsed:.1f} s")
    return why


# --------------------------------------------------------------------------- generation
def enc(s):
    return urllib.parse.quote(s, safe="")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--clerk", required=True, help="the demo clerk's password")
    ap.add_argument("--cases", required=True)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--log", help="the server's log, checked for crash markers")
    args = ap.parse_args()

    client = Client(args.base)
    host = f"{client.host}:{client.port}"
    routes = []
    out = subprocess.run([args.bin, "routes", "--json"], capture_output=True, text=True, check=True).stdout
    for r in json.loads(out):
        routes.append({"method": r["method"], "pattern": r["pattern"], "role": r["role"], "needs": r["needs"]})
    print(f"# {len(routes)} routes from `zfxxgk routes --json`")

    # ---- identities: an anonymous visitor and the signed-in demo clerk
    st, hs, body, _ = client.request("GET", "/apply")
    anon = cookies_from(hs, {})
    anon_token = csrf_in(body)
    st, hs, body, _ = client.request("GET", "/login")
    clerk = cookies_from(hs, {})
    tok = csrf_in(body)
    form = f"_csrf={tok}&login=clerk&password={enc(args.clerk)}&next=%2Fconsole".encode()
    st, hs, body, _ = client.request("POST", "/login", [("Content-Type", "application/x-www-form-urlencoded")],
                                     form, cookies=clerk)
    cookies_from(hs, clerk)
    st, hs, body, _ = client.request("GET", "/console", cookies=clerk)
    clerk_token = csrf_in(body)
    if "zf_sid" not in clerk or st != 200 or not clerk_token or not anon_token:
        print("not ok 1 - signing in as the demo clerk (status %d)" % st)
        print("1..1")
        return 1
    ids = {"anon": (anon, anon_token), "clerk": (clerk, clerk_token)}

    def who(r):
        return "clerk" if r["role"] != "public" else "anon"

    # ---- path arguments that lead somewhere real in the demo
    real = defaultdict(lambda: "1")
    real.update({"year": "2025", "kind": "guide", "format": "csv", "name": "site.css", "file": "1", "n": "1"})

    def fill(pattern, override=None):
        parts = re.split(r"(\{[a-z_]+\}|\*$)", pattern)
        out, i = "", 0
        for p in parts:
            if p.startswith("{") or p == "*":
                key = p.strip("{}")
                out += override[i] if override and i < len(override) and override[i] is not None else real[key]
                i += 1
            else:
                out += p
        return out

    def nargs(pattern):
        return len(re.findall(r"\{[a-z_]+\}|\*$", pattern))

    # ---- learn the forms: every GET page read once
    forms = []
    t0 = time.time()
    for r in routes:
        if r["method"] != "GET" or r["pattern"].startswith("/static"):
            continue
        c, _ = ids[who(r)]
        try:
            st, hs, body, _ = client.request("GET", fill(r["pattern"]), cookies=c)
        except OSError:
            continue
        if st != 200 or b"<form" not in body:
            continue
        p = FormParser()
        try:
            p.feed(body.decode("utf-8", "replace"))
        except Exception:
            continue
        forms += p.forms
    print(f"# read the GET pages in {time.time() - t0:.1f} s: {len(forms)} forms")

    def fields_for(r):
        """The fields of the forms aimed at route r; multipart when one of them is."""
        rx = pattern_regex(r["pattern"])
        names, values, multipart, files = [], {}, False, []
        for f in forms:
            action = urllib.parse.urlsplit(f["action"]).path or ""
            if f["method"] != r["method"].lower() or not rx.match(action):
                continue
            for n in f["fields"]:
                if n not in names:
                    names.append(n)
            values.update(f["values"])
            multipart |= "multipart" in f["enctype"]
            files += f.get("files", [])
        return names, values, multipart, files

    xss = load("xss.txt")
    sqli = load("sqli.txt")
    bad_utf8 = load("utf8_invalid.txt")
    odd = load("utf8_odd.txt")
    trav = load("traversal.txt")
    redir = load("redirect.txt")
    generic_args = ["q", "page", "next", "agency"]

    cases = []

    def add(cat, group, method, target, ident, **kw):
        if isinstance(kw.get("body"), bytes):
            kw["body"] = kw["body"].decode("latin-1")
        cases.append(dict(cat=cat, group=group, method=method, target=target, ident=ident, n=len(cases) + 1, **kw))

    counter = {"x": 0, "s": 0, "u": 0, "o": 0}

    def pick(lst, key):
        counter[key] += 1
        return lst[counter[key] % len(lst)]

    def xss_value(n):
        line = pick(xss, "x")
        p, _, marker = line.partition("\t")
        return p.replace("{n}", str(n)), (marker or p).replace("{n}", str(n))

    public_get = [r for r in routes if r["method"] == "GET" and not r["pattern"].startswith("/static")]
    posts = [r for r in routes if r["method"] == "POST"]

    # ---- query arguments of every GET route: script, SQL, bad and odd UTF-8
    for r in public_get:
        names, _, _, _ = fields_for(r)
        ident = who(r)
        for name in names + [g for g in generic_args if g not in names]:
            if name == "_csrf":
                continue
            base = fill(r["pattern"]) + "?" + enc(name) + "="
            n = len(cases) + 1
            p, marker = xss_value(n)
            add("xss", "main", "GET", base + enc(p), ident, expect={"no_raw": [marker]}, slot=f"{r['pattern']}?{name}")
            s = pick(sqli, "s")
            add("sqli", "main", "GET", base + enc(s), ident, baseline=base + "x" * len(s),
                expect={"sql": True}, slot=f"{r['pattern']}?{name}")
            if name in ("q", "page") or name in names:
                if len(cases) % 2:
                    add("utf8", "main", "GET", base + pick(bad_utf8, "u"), ident, expect={"status": [400]},
                        slot=f"{r['pattern']}?{name}")
                else:
                    add("utf8", "main", "GET", base + pick(odd, "o"), ident, expect={}, slot=f"{r['pattern']}?{name}")

    # ---- path arguments of every route with {...}: script, SQL, traversal, bad UTF-8
    for r in routes:
        k = nargs(r["pattern"])
        if not k:
            continue
        ident = who(r)
        for i in range(k):
            def at(v):
                o = [None] * k
                o[i] = v
                return fill(r["pattern"], o)
            c, tok = ids[ident]
            body = f"_csrf={tok}".encode() if r["method"] == "POST" else b""
            hs = [("Content-Type", "application/x-www-form-urlencoded")] if body else []
            n = len(cases) + 1
            p, marker = xss_value(n)
            add("xss", "main", r["method"], at(enc(p)), ident, body=body, headers=hs,
                expect={"no_raw": [marker]}, slot=f"{r['pattern']} arg {i}")
            add("sqli", "main", r["method"], at(enc(pick(sqli, "s"))), ident, body=body, headers=hs,
                expect={"sql": True}, slot=f"{r['pattern']} arg {i}")
            for t in rng.sample(trav, 2):
                add("traversal", "main", r["method"], at(t), ident, body=body, headers=hs,
                    expect={"class4xx": True}, slot=f"{r['pattern']} arg {i}")
            add("utf8", "main", r["method"], at(pick(bad_utf8, "u")), ident, body=body, headers=hs,
                expect={"status": [400]}, slot=f"{r['pattern']} arg {i}")

    # ---- whole-path traversal (the static files and the file routes)
    for pre in ["/static/", "/guide/1/", "/reports/1/", "/docs/1/files/", "/console/letters/1/",
                "/console/reports/1/2025/"]:
        ident = "clerk" if pre.startswith("/console") else "anon"
        for t in ["../../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                  "..\\..\\..\\etc\\passwd", "..%5c..%5c..%5cetc%5cpasswd", "....//....//etc/passwd",
                  "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "/etc/passwd", "site.css/../../../../etc/passwd",
                  "..%252f..%252f..%252fetc%252fpasswd", "%2e%2e%2f%2e%2e%2f%2e%2e%2fproc%2fself%2fcmdline"]:
            add("traversal", "main", "GET", pre + t, ident, expect={"class4xx": True}, slot=pre)

    # ---- form fields of every POST route, with the right CSRF token: script, SQL, odd text,
    #      bad UTF-8 (400 before any handler), oversize
    multipart_routes = []
    for r in posts:
        ident = who(r)
        if r["pattern"] == "/logout" or r["pattern"] == "/login":
            continue
        names, values, multipart, files = fields_for(r)
        if multipart:
            multipart_routes.append((r, names, files))
        c, tok = ids[ident]
        target = fill(r["pattern"])
        names = [x for x in names if x != "_csrf"] or ["name", "title", "text", "q"]
        for name in names:
            def form(v, raw=False):
                parts = [f"_csrf={tok}"]
                for other in names:
                    if other == name:
                        parts.append(f"{enc(name)}={v if raw else enc(v)}")
                    elif other in values:
                        parts.append(f"{enc(other)}={enc(values[other])}")
                return "&".join(parts).encode("latin-1")
            hs = [("Content-Type", "application/x-www-form-urlencoded")]
            n = len(cases) + 1
            p, marker = xss_value(n)
            add("xss", "main", "POST", target, ident, body=form(p), headers=hs, expect={"no_raw": [marker]},
                slot=f"POST {r['pattern']} {name}")
            add("sqli", "main", "POST", target, ident, body=form(pick(sqli, "s")), headers=hs,
                expect={"sql": True}, slot=f"POST {r['pattern']} {name}")
            add("utf8", "main", "POST", target, ident, body=form(pick(bad_utf8, "u"), raw=True), headers=hs,
                expect={"status": [400]}, slot=f"POST {r['pattern']} {name}")
            add("utf8", "main", "POST", target, ident, body=form(pick(odd, "o"), raw=True), headers=hs,
                expect={}, slot=f"POST {r['pattern']} {name}")
        # one field a megabyte long (under max_body): an answer, not a 5xx
        add("oversize", "main", "POST", target, ident, body=form("长" * 70000), headers=hs, expect={},
            slot=f"POST {r['pattern']} 600 KB field")
        # over max_body (2 MB by default): 413, sent whole on some routes, announced on the others
        if len(cases) % 8 == 0:
            add("oversize", "main", "POST", target, ident, body=b"a=" + b"x" * (3 << 20), headers=hs,
                expect={"status": [413]}, slot=f"POST {r['pattern']} 3 MB body")
        else:
            add("oversize", "main", "POST", target, ident, headers=hs + [("Content-Length", str(50 << 20))],
                expect={"status": [413]}, slot=f"POST {r['pattern']} 50 MB announced")
        # 5000 fields
        add("oversize", "main", "POST", target, ident,
            body=f"_csrf={tok}&".encode() + b"&".join(b"f%d=%d" % (i, i) for i in range(5000)), headers=hs,
            expect={}, slot=f"POST {r['pattern']} 5000 fields")
        # ---- CSRF: without the token, a wrong one, another identity's: 403
        other_tok = ids["anon" if ident == "clerk" else "clerk"][1]
        for label, t in [("none", None), ("wrong", secrets.token_hex(32)), ("other", other_tok), ("short", tok[:32])]:
            body = b"a=1" if t is None else f"_csrf={t}&a=1".encode()
            add("csrf", "main", "POST", target, ident, body=body, headers=hs, expect={"status": [403]},
                slot=f"POST {r['pattern']} token {label}")
        # console forms posted by a visitor with a visitor's valid token: 403
        if ident == "clerk":
            add("csrf", "main", "POST", target, "anon", body=f"_csrf={ids['anon'][1]}&a=1".encode(), headers=hs,
                expect={"status": [403]}, slot=f"POST {r['pattern']} signed out")

    # ---- multipart tricks on every form that uploads
    print(f"# multipart forms: {', '.join(r['pattern'] for r, _, _ in multipart_routes)}")
    for r, names, files in multipart_routes:
        ident = who(r)
        c, tok = ids[ident]
        target = fill(r["pattern"])
        fname = files[0] if files else "file"
        bnd = "----zfhostile" + secrets.token_hex(6)

        def part(name, value, filename=None, ctype=None):
            h = f'Content-Disposition: form-data; name="{name}"'
            if filename is not None:
                h += f'; filename="{filename}"'
            h = h.encode("utf-8")
            if ctype:
                h += b"\r\nContent-Type: " + ctype.encode()
            v = value if isinstance(value, bytes) else value.encode("utf-8")
            return b"--" + bnd.encode() + b"\r\n" + h + b"\r\n\r\n" + v + b"\r\n"

        end = b"--" + bnd.encode() + b"--\r\n"
        ct = [("Content-Type", f"multipart/form-data; boundary={bnd}")]
        csrf = part("_csrf", tok)
        tricks = [
            ("no boundary", [("Content-Type", "multipart/form-data")], csrf + end, {}),
            ("wrong boundary", [("Content-Type", "multipart/form-data; boundary=other")], csrf + end, {}),
            ("not closed", ct, csrf + part(fname, "a,b\r\n1,2\r\n", "x.csv")[:-2], {}),
            ("empty body", ct, b"", {"status": [403, 400]}),
            ("traversal filename", ct, csrf + part(fname, "a,b\n1,2\n", "../../../../tmp/zf-hostile-pwned.csv") + end, {}),
            ("backslash filename", ct, csrf + part(fname, "a,b\n", "..\\..\\..\\zf-hostile-pwned.xlsx") + end, {}),
            ("NUL filename", ct, csrf + part(fname, "a", "x.csv\x00.php") + end, {}),
            ("script filename", ct, csrf + part(fname, "a", '"><script>alert(77)</script>.csv') + end,
             {"no_raw": ["<script>alert(77)</script>"]}),
            ("nested multipart", ct, csrf + part(fname, b"--inner\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n--inner--\r\n",
                                               None, "multipart/mixed; boundary=inner") + end, {}),
            ("3000 parts", ct, csrf + b"".join(part(f"f{i}", "v") for i in range(3000)) + end, {}),
            ("100 KB part header", ct, csrf + b"--" + bnd.encode() + b"\r\nX-Long: " + b"a" * 100000 +
             b"\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n" + end, {}),
            ("no name", ct, csrf + b"--" + bnd.encode() + b"\r\nContent-Disposition: form-data\r\n\r\nv\r\n" + end, {}),
            ("invalid UTF-8 field", ct, csrf + part("title", b"\xc0\xaf\xff") + part(fname, "a", "x.csv") + end, {}),
            ("xlsx that is not a zip", ct, csrf + part(fname, b"PK\x03\x04garbage" * 100, "x.xlsx") + end, {}),
            ("zip bomb-ish xlsx", ct, csrf + part(fname, b"PK\x05\x06" + b"\0" * 18, "x.xlsx") + end, {}),
            ("duplicate _csrf", ct, part("_csrf", "0" * 64) + csrf + end, {}),
            ("no CSRF token", ct, part(fname, "a", "x.csv") + end, {"status": [403]}),
            ("boundary in quotes and long", [("Content-Type", 'multipart/form-data; boundary="' + "b" * 5000 + '"')],
             csrf + end, {}),
            ("part with CR only", ct, csrf.replace(b"\r\n", b"\r") + end, {}),
            ("oversize file", ct, csrf + part(fname, b"x" * (3 << 20), "big.csv") + end, {"status": [413]}),
        ]
        for label, hs, body, exp in tricks:
            add("multipart", "main", "POST", target, ident, body=body, headers=hs, expect=exp,
                slot=f"{r['pattern']} {label}")

    # ---- redirects: next= and back= on the sign-in and on every page
    def rgroup(t):
        # next= with a TAB or a line break: item 3 of issue 16, fixed by the open-redirect work
        return "openredirect" if re.search(r"%0[9AD]", t, re.I) else "main"
    for target_tpl, ident in [("/login?next=%s", "anon"), ("/login?next=%s", "clerk")]:
        for t in redir:
            add("redirect", rgroup(t), "GET", target_tpl % t, ident, expect={"links": True}, slot=target_tpl)
    for t in redir:
        # a real sign-in that returns to next: the Location must stay on the site
        add("redirect", rgroup(t), "LOGIN", "/login", "fresh", next=t, expect={"links": True}, slot="POST /login next")
    for r in public_get[::3]:
        for t in redir[:4]:
            add("redirect", rgroup(t), "GET", fill(r["pattern"]) + "?back=" + t + "&next=" + t, who(r),
                expect={"links": True}, slot=r["pattern"])

    # ---- cookies: garbled, huge, duplicated, forged
    sid = clerk["zf_sid"]
    forged = secrets.token_hex(len(sid) // 2) if re.fullmatch(r"[0-9a-f]+", sid) else sid[::-1]
    cookie_sets = [
        ("garbled session", "zf_sid=%s" % "\x01\x7f;;==;"),
        ("binary session", "zf_sid=\xc3\x28\xa0\xa1\xff"),
        ("empty session", "zf_sid="),
        ("forged session", f"zf_sid={forged}"),
        ("session one byte off", f"zf_sid={sid[:-1]}{'0' if sid[-1] != '0' else '1'}"),
        ("session with the signature cut", f"zf_sid={sid[:len(sid) // 2]}"),
        ("two sessions, forged first", f"zf_sid={forged}; zf_sid={sid}"),
        ("two sessions, real first", f"zf_sid={sid}; zf_sid={forged}"),
        ("huge cookie", "zf_sid=" + "a" * 6000),
        ("many cookies", "; ".join(f"c{i}=v" for i in range(300))),
        ("quoted session", f'zf_sid="{forged}"'),
        ("forged csrf cookie", "zf_csrf=" + "0" * 64),
        ("garbled csrf cookie", "zf_csrf=\xff\xfe%00;zf_csrf="),
        ("forged receipt", "zf_receipt=1.9999999999." + "0" * 64),
        ("garbled receipt", "zf_receipt=..%00..\xff"),
        ("receipt of another kind", "zf_msg_receipt=1.9999999999." + "0" * 64),
        ("font cookie script", 'zf_font="><script>alert(5)</script>'),
        ("cookie without name", "=zf; ; =; zf_sid"),
    ]
    cookie_routes = ["/", "/apply", "/apply/receipt", "/query", "/docs", "/hdjl/receipt", "/login",
                     "/console", "/console/requests", "/console/docs", "/console/users", "/healthz"]
    for label, cookie in cookie_sets:
        for path in cookie_routes:
            exp = {"no_raw": ["<script>alert(5)</script>"]}
            if path.startswith("/console") and "real first" not in label and "forged first" not in label:
                exp["not_console"] = True
            if "receipt" in label and path.endswith("receipt"):
                exp["no_receipt"] = True
            add("cookies", "main", "GET", path, "none", headers=[("Cookie", cookie)], expect=exp,
                slot=f"{label} {path}")
        # and a console POST with the clerk's token but a forged session: 403
        add("cookies", "main", "POST", "/console/requests/new", "none",
            headers=[("Cookie", cookie), ("Content-Type", "application/x-www-form-urlencoded")],
            body=f"_csrf={clerk_token}&a=1".encode(), expect={"status": [403]} if "real first" not in label else {},
            slot=f"{label} POST")

    # ---- oversize head: long URI, long header, many headers
    for label, target, hs in [
        ("URI of 8 KB", "/docs?q=" + "a" * 8000, []),
        ("URI of 100 KB", "/docs?q=" + "a" * 100000, []),
        ("header of 100 KB", "/", [("X-Long", "a" * 100000)]),
        ("500 headers", "/", [(f"X-H{i}", "v") for i in range(500)]),
        ("path of 20 KB", "/" + "a/" * 10000, []),
    ]:
        add("oversize", "main", "GET", target, "anon", headers=hs, expect={}, slot=label)
    # many query arguments in a short URI: libmicrohttpd runs out of its per-connection memory
    # and drops the connection without an answer (server.c: the transport work)
    add("oversize", "transport", "GET", "/docs?" + "&".join(f"a{i}=1" for i in range(4000)), "anon",
        expect={"class4xx": True}, slot="4000 query arguments")

    # ---- request framing (RFC 9112) and NUL in paths: the "transport" group
    framing = [
        ("two different Content-Length", b"POST /query HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 40\r\n"
         b"Content-Type: application/x-www-form-urlencoded\r\n\r\na=1&bGET /healthz HTTP/1.1\r\nHost: h\r\n\r\n", {"status": [400], "close": True}),
        ("Content-Length and Transfer-Encoding", b"POST /query HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n"
         b"Content-Type: application/x-www-form-urlencoded\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: h\r\n\r\n", {"status": [400], "close": True}),
        ("Content-Length list", b"POST /query HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 4\r\n\r\nabcd", {"status": [400], "close": True}),
        ("Transfer-Encoding not chunked last", b"POST /query HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
         {"class4xx": True, "close": True}),
        ("%00 in the path", b"GET /static/site.css%00.html HTTP/1.1\r\nHost: h\r\n\r\n", {"status": [400]}),
        ("%00 in a path argument", b"GET /docs/1%00 HTTP/1.1\r\nHost: h\r\n\r\n", {"status": [400]}),
        ("%00 at the start of a segment", b"GET /console/%00 HTTP/1.1\r\nHost: h\r\n\r\n", {"status": [400]}),
        ("over-long chunk line", b"POST /query HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" + b"1" * 20000 + b"\r\n",
         {"class4xx": True}),
        ("chunk size overflow", b"POST /query HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nx\r\n0\r\n\r\n",
         {"class4xx": True, "close": True}),
        ("negative Content-Length", b"POST /query HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", {"class4xx": True, "close": True}),
        ("space before the colon", b"POST /query HTTP/1.1\r\nHost: h\r\nContent-Length : 4\r\n\r\nabcd", {"status": [400]}),
        ("obs-fold header", b"GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n  folded\r\n\r\n", {"status": [200, 400]}),
    ]
    for label, raw, exp in framing:
        add("framing", "transport", "RAW", "", "none", raw=raw.decode("latin-1"), expect=exp, slot=label)

    with open(args.cases, "w", encoding="utf-8") as f:
        for c in cases:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
    print(f"# {len(cases)} cases written to {os.path.basename(args.cases)}")

    # ---------------------------------------------------------------- run
    results = defaultdict(lambda: [0, []])  # (group, cat) -> [count, failures]
    statuses = defaultdict(lambda: defaultdict(int))  # cat -> status -> count
    lock = threading.Lock()
    idx = {"i": 0}
    fresh_logins = []

    def one(case):
        ident = case["ident"]
        cookies = dict(ids[ident][0]) if ident in ids else None
        hs = [tuple(h) for h in case.get("headers", [])]
        body = case.get("body", b"")
        if isinstance(body, str):
            body = body.encode("latin-1")
        method = case["method"]
        target = case["target"].encode("utf-8") if any(ord(ch) > 255 for ch in case["target"]) else case["target"].encode("latin-1")
        t = time.time()
        if method == "RAW":
            c = Conn(client.host, client.port)
            try:
                c.connect()
                c.sock.sendall(case["raw"].encode("latin-1"))
                st, rh, rb = c.read_response()
                closed = any(k == "connection" and "close" in v.lower() for k, v in rh)
                if not closed:
                    # closed means: nothing more comes on it (no second answer)
                    c.sock.settimeout(1.5)
                    try:
                        extra = c.sock.recv(65536) if not c.buf else c.buf
                        closed = not extra
                    except socket.timeout:
                        closed = False
                    except OSError:
                        closed = True
            finally:
                c.close()
            return st, rh, rb, closed, time.time() - t
        if method == "LOGIN":
            jar = {}
            st, rh, rb, _ = client.request("GET", "/login")
            cookies_from(rh, jar)
            tk = csrf_in(rb)
            form = f"_csrf={tk}&login=clerk&password={enc(args.clerk)}&next={case['next']}".encode()
            st, rh, rb, closed = client.request("POST", "/login", [("Content-Type", "application/x-www-form-urlencoded")],
                                                form, cookies=jar)
            cookies_from(rh, jar)
            if "zf_sid" in jar:
                fresh_logins.append(jar)
            return st, rh, rb, closed, time.time() - t
        if case.get("baseline"):
            bst, _, _, _ = client.request(method, case["baseline"], hs, body, cookies=cookies)
            case["baseline_status"] = bst
        st, rh, rb, closed = client.request(method, target, hs, body, cookies=cookies)
        return st, rh, rb, closed, time.time() - t

    def worker(k):
        client.local.source = f"127.0.{16 + k}.{rng.randint(1, 250)}"
        while True:
            with lock:
                i = idx["i"]
                idx["i"] += 1
            if i >= len(cases):
                return
            case = cases[i]
            try:
                st, rh, rb, closed, el = one(case)
                why = judge(case, st, rh, rb, closed, el, host)
                exp = case.get("expect", {})
                if "baseline_status" in case and case["baseline_status"] != st and not (st == 400 and case["baseline_status"] == 400):
                    why.append(f"status {st}, but {case['baseline_status']} for harmless text of the same length")
                if exp.get("not_console") and st == 200 and b'action="/logout"' in rb:
                    why.append("signed in with a forged or garbled session cookie")
                if exp.get("no_receipt") and b'id="query-code"' in rb:
                    why.append("a receipt shown for a forged cookie")
            except Exception as e:  # no answer at all: the connection died
                why = [f"no answer ({type(e).__name__}: {e})"]
                st = 0
            with lock:
                res = results[(case["group"], case["cat"])]
                res[0] += 1
                statuses[case["cat"]][st] += 1
                if why:
                    res[1].append(f"#{case['n']} {case['method']} {case.get('slot', '')} [{case['target'][:70]!r}]: {'; '.join(why)}")

    t0 = time.time()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(args.threads)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.time() - t0

    # the server is still there, and still itself
    alive = False
    try:
        st, _, body, _ = Client(args.base).request("GET", "/healthz")
        alive = st == 200 and b'"db":"ok"' in body
    except OSError:
        pass
    # the clerk's session still works: no case signed everyone out or broke the sessions
    try:
        st, _, body, _ = Client(args.base).request("GET", "/console", cookies=clerk)
        clerk_ok = st == 200 and b'action="/logout"' in body
    except OSError:
        clerk_ok = False

    n = 0
    total = sum(v[0] for v in results.values())
    failed = 0
    order = sorted(results, key=lambda k: (k[0] != "main", k[1]))
    for key in order:
        count, fails = results[key]
        n += 1
        failed += len(fails)
        group, cat = key
        label = cat + {"main": "", "transport": " (group transport: RFC 9112 and the server's limits, server.c)",
                       "openredirect": " (group openredirect: TAB or line break in next=, issue 16 item 3)"}[group]
        if fails:
            print(f"not ok {n} - hostile {label}: {count} cases, {len(fails)} failed")
            for line in fails[:12]:
                print(f"#   {line}")
            if len(fails) > 12:
                print(f"#   … and {len(fails) - 12} more")
        else:
            print(f"ok {n} - hostile {label}: {count} cases, 0 failed")
    n += 1
    print(f"{'ok' if total >= 1000 else 'not ok'} {n} - at least 1,000 cases ran ({total})")
    n += 1
    print(f"{'ok' if alive else 'not ok'} {n} - /healthz is 200 with the database after the corpus")
    n += 1
    print(f"{'ok' if clerk_ok else 'not ok'} {n} - the clerk's session still works after the corpus")
    n += 1
    pwned = [p for p in ("/tmp/zf-hostile-pwned.csv", "/zf-hostile-pwned.xlsx") if os.path.exists(p)]
    print(f"{'ok' if not pwned else 'not ok'} {n} - no uploaded file escaped its place ({', '.join(pwned) or 'none'})")
    if args.log:
        n += 1
        with open(args.log, encoding="utf-8", errors="replace") as f:
            crashes = [line.rstrip() for line in f if CRASH.search(line)]
        print(f"{'ok' if not crashes else 'not ok'} {n} - the server log has no crash marker")
        for line in crashes[:10]:
            print(f"#   {line}")
    for cat in sorted(statuses):
        print(f"# {cat} answers: " + ", ".join(f"{k or 'none'} x{v}" for k, v in sorted(statuses[cat].items())))
    by_cat = ", ".join(f"{c} {results[(g, c)][0]}" for g, c in order)
    print(f"# hostile corpus: {total} cases in {elapsed:.1f} s ({by_cat}); {failed} failed")
    print(f"1..{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
