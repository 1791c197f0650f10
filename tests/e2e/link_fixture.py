#!/usr/bin/env python3
"""link_fixture.py LOG PORTFILE: a loopback HTTP server with one page for each case the link
checker must judge (tests/e2e/site_links.sh). Every request is logged to LOG as
"<unix time> <method> <host> <path>"; the port chosen is written to PORTFILE.

  /ok                 200, a plain page          /nohead        405 to HEAD, 200 to GET
  /r1 -> /r2 -> /ok   301 then 302               /loop/N        302 to /loop/N+1, forever
  /gone404  /gone410  404 and 410                /busy          429 Retry-After: 1, then 200
  /flaky              500 once, then 200         /slow          answers after 5 seconds
  /soft               200 titled "404 页面不存在"   /deep/a/b/c   302 to / (the home page)
  /spam               200 full of a gambling brand (外链变异)
  /casino             200 with lottery words only a rule set knows
  /page.html          a page that links to all of the above
"""
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG = open(sys.argv[1], "a", buffering=1)
COUNTS = {}
LOCK = threading.Lock()

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{h1}</h1><p>{body}</p></body></html>"""

CASES = ["/ok", "/nohead", "/r1", "/loop/0", "/gone404", "/gone410", "/busy", "/flaky",
         "/slow", "/soft", "/deep/a/b/c", "/spam"]


def html(title, h1, body):
    return PAGE.format(title=title, h1=h1, body=body).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def count(self, key):
        with LOCK:
            COUNTS[key] = COUNTS.get(key, 0) + 1
            return COUNTS[key]

    def send(self, status, body=b"", headers=()):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        if body:
            self.send_header("Content-Type", "text/html; charset=utf-8")
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def route(self):
        LOG.write("%.3f %s %s %s\n" % (time.time(), self.command,
                                       self.headers.get("Host", ""), self.path))
        p = self.path
        ok = html("正常页面", "通知公告", "这是一个正常的页面。" * 40)
        if p in ("/", "/ok"):
            return self.send(200, html("首页", "示范县人民政府", "欢迎访问。" * 60) if p == "/" else ok)
        if p == "/nohead":
            return self.send(405 if self.command == "HEAD" else 200, b"" if self.command == "HEAD" else ok,
                             [("Allow", "GET")] if self.command == "HEAD" else [])
        if p == "/r1":
            return self.send(301, headers=[("Location", "/r2")])
        if p == "/r2":
            return self.send(302, headers=[("Location", "/ok")])
        if p.startswith("/loop/"):
            n = int(p[6:] or 0)
            return self.send(302, headers=[("Location", "/loop/%d" % (n + 1))])
        if p == "/gone404":
            return self.send(404, html("404", "页面不存在", ""))
        if p == "/gone410":
            return self.send(410, html("410", "已删除", ""))
        if p == "/busy":
            if self.count(p) == 1:
                return self.send(429, html("429", "请求过多", ""), [("Retry-After", "1")])
            return self.send(200, ok)
        if p == "/flaky":
            if self.count(p) == 1:
                return self.send(500, html("500", "服务器错误", ""))
            return self.send(200, ok)
        if p == "/slow":
            time.sleep(5)
            return self.send(200, ok)
        if p == "/soft":
            return self.send(200, html("404 页面不存在", "抱歉，您访问的页面不存在", "请返回首页。"))
        if p.startswith("/deep/"):
            return self.send(302, headers=[("Location", "/")])
        if p == "/spam":
            return self.send(200, html("万博体育官网-万博体育3.0手机版", "万博体育",
                                       "万博体育manbetx 欢迎您，注册即送彩金。" * 10))
        if p == "/casino":
            return self.send(200, html("开奖信息", "今日推荐", "重庆时时彩 开奖号码 走势图。" * 20))
        if p == "/page.html":
            links = "".join('<li><a href="%s">链接%s</a></li>' % (c, c) for c in CASES)
            return self.send(200, html("链接页", "链接", "<ul>%s</ul>" % links))
        return self.send(404, html("404", "页面不存在", ""))

    do_GET = route
    do_HEAD = route


def main():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    with open(sys.argv[2], "w") as f:
        f.write(str(srv.server_address[1]))
    srv.serve_forever()


if __name__ == "__main__":
    main()
