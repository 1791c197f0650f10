#!/usr/bin/env python3
"""tamper_proxy.py UPSTREAM_PORT PORTFILE: a loopback reverse proxy that plays a hijacked front
door for tests/e2e/site_tamper.sh: it passes every GET and HEAD to the application on
127.0.0.1:UPSTREAM_PORT, but slips a hidden gambling link into the home page and appends a
rule to the stylesheet. The port chosen is written to PORTFILE."""
import sys
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

UPSTREAM = "http://127.0.0.1:%s" % sys.argv[1]
INJECT = (b'<div style="display:none"><a href="http://www.bet-example.com/">'
          b'\xe4\xb8\x87\xe5\x8d\x9a\xe4\xbd\x93\xe8\x82\xb2\xe5\xae\x98\xe7\xbd\x91</a></div>')


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def forward(self):
        req = urllib.request.Request(UPSTREAM + self.path, method=self.command,
                                     headers={"Host": self.headers.get("Host", "")})
        try:
            with urllib.request.urlopen(req) as r:
                status, headers, body = r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            status, headers, body = e.code, e.headers, e.read()
        path = self.path.split("?")[0]
        if path == "/" and b"</body>" in body:
            body = body.replace(b"</body>", INJECT + b"</body>", 1)
        if path == "/static/site.css":
            body += b"\nbody{background:url(http://www.bet-example.com/x.png)}\n"
        self.send_response(status)
        for k, v in headers.items():
            if k.lower() not in ("content-length", "transfer-encoding", "connection"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = forward
    do_HEAD = forward


def main():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    with open(sys.argv[2], "w") as f:
        f.write(str(srv.server_address[1]))
    srv.serve_forever()


if __name__ == "__main__":
    main()
