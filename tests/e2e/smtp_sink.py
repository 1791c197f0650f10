#!/usr/bin/env python3
"""tests/e2e/smtp_sink.py: a small SMTP server for the tests (Python 3 standard library only).

Listens on 127.0.0.1 (port 0 = any free port), speaks enough SMTP for libcurl (EHLO/HELO,
MAIL, RCPT, DATA, RSET, NOOP, QUIT; no STARTTLS, no AUTH) and writes each message it accepts
to DIR/NNNN.eml (the raw message, dot-unstuffed) with DIR/NNNN.json beside it (envelope
sender and recipients, and the subject and body decoded). Prints the port on stdout once it
listens, then serves until killed.

  smtp_sink.py DIR [PORT] [--fail-first N]   # --fail-first: answer 451 to the first N DATA
  smtp_sink.py --decode FILE.eml             # prints the decoded subject and body (JSON)
"""
import email
import email.header
import email.policy
import json
import os
import socketserver
import sys
import threading


def decode(raw: bytes) -> dict:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    subject = str(msg["Subject"] or "")
    body = msg.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    return {
        "subject": subject,
        "subject_raw": raw.split(b"\r\n\r\n", 1)[0].decode("ascii", "replace"),
        "from": str(msg["From"] or ""),
        "to": str(msg["To"] or ""),
        "content_type": msg.get_content_type(),
        "charset": msg.get_content_charset() or "",
        "body": text,
    }


class State:
    lock = threading.Lock()
    count = 0
    fail_first = 0
    out_dir = "."


class Handler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write((line + "\r\n").encode("ascii"))
        self.wfile.flush()

    def handle(self) -> None:
        self.reply("220 zfxxgk-test-sink ESMTP")
        sender, rcpts = None, []
        while True:
            line = self.rfile.readline(4096)
            if not line:
                return
            cmd = line.decode("utf-8", "replace").rstrip("\r\n")
            verb = cmd[:4].upper()
            if verb == "EHLO":
                self.wfile.write(b"250-zfxxgk-test-sink\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n")
                self.wfile.flush()
            elif verb == "HELO":
                self.reply("250 zfxxgk-test-sink")
            elif verb == "MAIL":
                sender, rcpts = cmd[10:].strip(), []
                self.reply("250 OK")
            elif verb == "RCPT":
                if sender is None:
                    self.reply("503 MAIL first")
                else:
                    rcpts.append(cmd[8:].strip())
                    self.reply("250 OK")
            elif verb == "DATA":
                if not rcpts:
                    self.reply("503 RCPT first")
                    continue
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = bytearray()
                while True:
                    l = self.rfile.readline(65536)
                    if not l:
                        return
                    if l in (b".\r\n", b".\n"):
                        break
                    if l.startswith(b".."):
                        l = l[1:]
                    data += l
                with State.lock:
                    if State.fail_first > 0:
                        State.fail_first -= 1
                        self.reply("451 try again later")
                        sender, rcpts = None, []
                        continue
                    State.count += 1
                    n = State.count
                base = os.path.join(State.out_dir, "%04d" % n)
                with open(base + ".eml.tmp", "wb") as f:
                    f.write(bytes(data))
                info = decode(bytes(data))
                info.update({"envelope_from": sender, "envelope_to": rcpts})
                with open(base + ".json", "w", encoding="utf-8") as f:
                    json.dump(info, f, ensure_ascii=False, indent=1)
                os.rename(base + ".eml.tmp", base + ".eml")
                self.reply("250 OK queued as %04d" % n)
                sender, rcpts = None, []
            elif verb == "RSET":
                sender, rcpts = None, []
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 command not implemented")


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main() -> int:
    args = sys.argv[1:]
    if args[:1] == ["--decode"]:
        with open(args[1], "rb") as f:
            print(json.dumps(decode(f.read()), ensure_ascii=False, indent=1))
        return 0
    if "--fail-first" in args:
        i = args.index("--fail-first")
        State.fail_first = int(args[i + 1])
        del args[i : i + 2]
    State.out_dir = args[0]
    os.makedirs(State.out_dir, exist_ok=True)
    port = int(args[1]) if len(args) > 1 else 0
    with Server(("127.0.0.1", port), Handler) as srv:
        print(srv.server_address[1], flush=True)
        srv.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
