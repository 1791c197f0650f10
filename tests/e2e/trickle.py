#!/usr/bin/env python3
"""tests/e2e/trickle.py PORT COUNT SECONDS: a slow-header ("slowloris") client for
tests/e2e/slowloris.sh. Opens COUNT connections to 127.0.0.1:PORT from the source address
127.0.0.1, starts a GET and then sends one more header line every second, never finishing
the head. After SECONDS it prints one line per outcome:
  refused N   closed by the server within 1 s of connecting, without an answer
  cut N       closed later by the server (cut_408 of them after a 408 answer)
  open N      still open when the run ended
  unreachable N  the connection could not be made at all
and the seconds from connecting to the cut (min/max) of the cut ones."""
import select
import socket
import sys
import time

port, count, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
conns = []  # [sock, t_connect, t_closed, got]
for _ in range(count):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    try:
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        s.setblocking(False)
        conns.append([s, time.monotonic(), None, b""])
    except OSError:
        conns.append([None, 0, None, b""])
        s.close()

start = time.monotonic()
next_line = start + 1
n = 0
while time.monotonic() - start < seconds:
    live = [c for c in conns if c[0] is not None and c[2] is None]
    if not live:
        break
    r, _, _ = select.select([c[0] for c in live], [], [], 0.2)
    for c in live:
        if c[0] in r:
            try:
                d = c[0].recv(4096)
            except OSError:
                d = b""
            c[3] += d
            if not d:
                c[2] = time.monotonic()
    if time.monotonic() >= next_line:
        n += 1
        next_line += 1
        for c in live:
            if c[2] is None:
                try:
                    c[0].send(b"X-Trickle-%d: %d\r\n" % (n, n))
                except OSError:
                    c[2] = time.monotonic()

refused = cut = cut408 = still = unreachable = 0
spans = []
for s, t0, t1, got in conns:
    if s is None:
        unreachable += 1
    elif t1 is None:
        still += 1
    elif t1 - t0 < 1 and not got:
        refused += 1
    else:
        cut += 1
        spans.append(t1 - t0)
        if got.startswith(b"HTTP/1.1 408"):
            cut408 += 1
    if s is not None:
        s.close()
print("refused %d" % refused)
print("cut %d" % cut)
print("cut_408 %d" % cut408)
print("open %d" % still)
print("unreachable %d" % unreachable)
if spans:
    print("cut_after_min %.1f" % min(spans))
    print("cut_after_max %.1f" % max(spans))
