#!/usr/bin/python3
"""An SMTP server for the benchmark (aiosmtpd): accepts every message, optionally after a delay
in its DATA handler, and keeps the count of messages in a file.

    smtp_sink.py --port PORT [--delay SECONDS] [--count-file FILE]

Prints "ready" once it accepts connections; stops on SIGTERM or SIGINT.
"""
import argparse
import asyncio
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, delay, count_file):
        self.delay = delay
        self.count_file = count_file
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.count += 1
        if self.count_file:
            tmp = self.count_file + ".tmp"
            with open(tmp, "w") as f:
                f.write(f"{self.count}\n")
            os.replace(tmp, self.count_file)
        return "250 Message accepted for delivery"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--delay", type=float, default=0.0)
    p.add_argument("--count-file")
    a = p.parse_args()
    controller = Controller(Sink(a.delay, a.count_file), hostname="127.0.0.1", port=a.port)
    controller.start()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    print("ready", flush=True)
    stop.wait()
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
