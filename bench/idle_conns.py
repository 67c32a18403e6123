#!/usr/bin/python3
"""Opens COUNT keep-alive connections to 127.0.0.1:PORT, sends one GET / on each (with a
signed-in cookie from SESSIONS when given), reads the whole answer and keeps the connection
open. Prints "open N" when done, holds them HOLD seconds (run.sh reads the server's memory
meanwhile), checks how many the server still keeps, prints "still-open N" and closes them.

    idle_conns.py PORT COUNT [SESSIONS_FILE] [HOLD_SECONDS]
"""
import resource
import socket
import sys
import time


def read_answer(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the headers")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed in the body")
        body += chunk
    return int(head.split(b" ")[1])


def main():
    port, count = int(sys.argv[1]), int(sys.argv[2])
    cookies = []
    if len(sys.argv) > 3 and sys.argv[3]:
        with open(sys.argv[3]) as f:
            cookies = [line.strip() for line in f if line.strip()]
    hold = float(sys.argv[4]) if len(sys.argv) > 4 else 60.0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = count + 64
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard) if hard != resource.RLIM_INFINITY else want, hard))
    socks, statuses = [], {}
    for i in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        cookie = f"Cookie: matricula_session={cookies[i % len(cookies)]}\r\n" if cookies else ""
        s.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n{cookie}\r\n".encode())
        status = read_answer(s)
        statuses[status] = statuses.get(status, 0) + 1
        socks.append(s)
    print(f"open {len(socks)} statuses {statuses}", flush=True)
    time.sleep(hold)
    still = 0
    for s in socks:
        s.setblocking(False)
        try:
            still += 0 if s.recv(1) == b"" else 1
        except BlockingIOError:
            still += 1  # nothing to read and not closed: the server keeps it
        except OSError:
            pass
    print(f"still-open {still}", flush=True)
    for s in socks:
        s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
