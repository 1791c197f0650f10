#!/usr/bin/env python3
"""kill_writer.py: the writer of kill_loop.sh. Submits applications through /apply as a
citizen does (the form with its CSRF cookie, the POST, the 303, the receipt page) until the
server goes away, and appends each acknowledged one to ACKS, flushed and fsynced at once:

    TAG CODE        the POST was answered 303 and the receipt showed the query code CODE
    TAG -           the POST was answered 303 (the server died before the receipt)

usage: kill_writer.py PORT ACKS CYCLE [THREADS]
Each thread takes its own loopback source address (127.23.C.x), and a fresh one every 15
applications: the form admits 20 applications an hour per address. Prints on stdout how
many were sent, acknowledged and answered otherwise.
"""
import http.client
import os
import re
import socket
import sys
import threading
import time
import urllib.parse

port, acks_path, cycle = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
nthreads = int(sys.argv[4]) if len(sys.argv) > 4 else 2
lock = threading.Lock()
acks = open(acks_path, "a", encoding="utf-8")
stats = {"sent": 0, "acked": 0, "other": 0}


class Bound(http.client.HTTPConnection):
    def __init__(self, source):
        super().__init__("127.0.0.1", port, timeout=15, source_address=(source, 0))


def record(line):
    with lock:
        acks.write(line + "\n")
        acks.flush()
        os.fsync(acks.fileno())


def writer(t):
    serial = 0
    failures = 0
    while failures < 3:
        source = f"127.23.{cycle % 250 + 1}.{t * 120 + serial // 15 % 120 + 1}"
        tag = f"KL{cycle:03d}T{t}N{serial:04d}"
        serial += 1
        try:
            c = Bound(source)
            c.request("GET", "/apply")
            r = c.getresponse()
            page = r.read().decode("utf-8", "replace")
            cookie = "; ".join(v.split(";", 1)[0] for k, v in r.getheaders() if k.lower() == "set-cookie")
            m = re.search(r'name="_csrf" value="([0-9a-f]{64})"', page)
            if r.status != 200 or not m:
                failures += 1
                continue
            form = urllib.parse.urlencode({
                "_csrf": m.group(1), "applicant_kind": "person", "name": "断电测试",
                "id_type": "resident_id", "id_no": "110101200002290018", "phone": "010-12345678",
                "agency": "1", "description": f"请公开示例区住房保障资金的分配结果。（{tag}）",
                "form": "electronic", "delivery": "pickup", "confirm": "1"})
            with lock:
                stats["sent"] += 1
            c.request("POST", "/apply", body=form, headers={
                "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
            r = c.getresponse()
            r.read()
            if r.status != 303:
                with lock:
                    stats["other"] += 1
                continue
            receipt_cookie = "; ".join(v.split(";", 1)[0] for k, v in r.getheaders() if k.lower() == "set-cookie")
            code = "-"
            try:
                c.request("GET", "/apply/receipt", headers={"Cookie": cookie + "; " + receipt_cookie})
                r2 = c.getresponse()
                m = re.search(r'data-code="([A-Za-z0-9]+)"', r2.read().decode("utf-8", "replace"))
                if m:
                    code = m.group(1)
            except (OSError, http.client.HTTPException):
                pass
            record(f"{tag} {code}")
            with lock:
                stats["acked"] += 1
            failures = 0
        except (OSError, http.client.HTTPException):
            failures += 1
            time.sleep(0.05)


threads = [threading.Thread(target=writer, args=(t,)) for t in range(nthreads)]
for th in threads:
    th.start()
for th in threads:
    th.join()
print(f"sent {stats['sent']} acknowledged {stats['acked']} other {stats['other']}")
