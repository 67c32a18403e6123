"""A real `matricula serve` on a free port with a real SMTP server, for black-box tests.

Uses Debian's python3 with python3-aiosmtpd; nothing here talks to the server's internals
except the test clock file (MATRICULA_TEST_CLOCK_OFFSET_FILE), which moves its time forward.
"""
import email
import email.policy
import http.client
import io
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.parse

from aiosmtpd.controller import Controller

BIN = os.environ.get("MATRICULA_BIN", os.path.join(os.path.dirname(__file__), "../../build/matricula"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MailSink:
    """An SMTP server keeping every message it receives."""

    def __init__(self, port=None):
        self.messages = []
        self.lock = threading.Condition()
        self.controller = Controller(self, hostname="127.0.0.1", port=port or free_port())

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
            self.lock.notify_all()
        return "250 OK"

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()

    def wait_for(self, to, subject_part, timeout=10.0, after=0):
        """The first message to `to` whose subject contains `subject_part`, among those past index `after`."""
        deadline = time.time() + timeout
        with self.lock:
            while True:
                for mail_from, rcpts, message in self.messages[after:]:
                    if to in rcpts and subject_part in str(message["Subject"]):
                        return message
                remaining = deadline - time.time()
                if remaining <= 0:
                    raise AssertionError(f"no mail to {to} about {subject_part!r} within {timeout}s; "
                                         f"got {[(r, str(m['Subject'])) for _, r, m in self.messages]}")
                self.lock.wait(remaining)

    def count_to(self, to):
        with self.lock:
            return sum(1 for _, rcpts, _ in self.messages if to in rcpts)


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message):
    return message.get_body(preferencelist=("html",)).get_content()


class Server:
    """matricula migrate + serve in a temp dir, with mail going to `sink` over SMTP (or to files without one)."""

    def __init__(self, sink, database_url=None, extra_env=None):
        self.dir = tempfile.mkdtemp(prefix="matricula-http-")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.clock_file = os.path.join(self.dir, "clock-offset")
        self.set_clock_offset(0)
        self.database_url = database_url or f"sqlite:{self.dir}/var/test.db"
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "MATRICULA_LISTEN": f"127.0.0.1:{self.port}",
            "MATRICULA_SITE_URL": self.base,
            "MATRICULA_DATA_DIR": f"{self.dir}/var",
            "MATRICULA_DATABASE_URL": self.database_url,
            "MATRICULA_EMAIL_URL": (f"smtp+plain://127.0.0.1:{sink.controller.port}" if sink
                                    else f"file:{self.dir}/mail"),
            "MATRICULA_EMAIL_FROM": "School <no-reply@school.test>",
            "MATRICULA_TEST_CLOCK_OFFSET_FILE": self.clock_file,
            "MATRICULA_THREADS": "8",
        }
        self.env.update(extra_env or {})
        self.process = None

    def run(self, *args, env=None):
        return subprocess.run([BIN, *args], cwd=self.dir, env=env or self.env, capture_output=True, text=True,
                              timeout=60)

    def start(self, migrate=True):
        if migrate:
            result = self.run("migrate")
            assert result.returncode == 0, result.stderr
        self.log = open(os.path.join(self.dir, "server.log"), "a")
        self.process = subprocess.Popen([BIN, "serve"], cwd=self.dir, env=self.env, stdout=subprocess.PIPE,
                                        stderr=self.log, text=True)
        line = self.process.stdout.readline()
        assert line.startswith("listening on"), f"server did not start: {line!r}\n{self.read_log()}"
        threading.Thread(target=self.process.stdout.read, daemon=True).start()

    def kill(self):
        """kill -9: no chance to finish anything."""
        self.process.kill()
        self.process.wait()
        self.process.stdout.close()
        self.log.close()
        self.process = None

    def stop(self):
        if self.process:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process.stdout.close()
            self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def read_log(self):
        with open(os.path.join(self.dir, "server.log")) as f:
            return f.read()

    def set_clock_offset(self, seconds):
        with open(self.clock_file, "w") as f:
            f.write(str(int(seconds)))

    def sql(self, statement):
        """Rows of a query, on whichever database the server uses (for assertions only)."""
        if self.database_url.startswith("sqlite:"):
            with sqlite3.connect(self.database_url[len("sqlite:"):]) as db:
                return [tuple(str(v) for v in row) for row in db.execute(statement)]
        out = subprocess.run(["psql", self.database_url, "-At", "-F", "\t", "-c", statement], capture_output=True,
                             text=True, check=True).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]


def pipelined(port, requests, timeout=10):
    """Sends every raw request of `requests` (a list of (method, bytes)) at once on one
    connection and parses the answers one after the other, as a pipelining client would: an
    answer framed wrongly (a body after a HEAD or a 304, a wrong length) spoils the next one.
    Returns the responses, each with .data, and whether the server then closed the connection."""
    class Reader(io.BufferedReader):
        def close(self):  # each HTTPResponse closes its reader when done: this one is shared
            pass

    class Connection:  # what HTTPResponse needs of a socket: one reader for every answer
        def __init__(self, reader):
            self.reader = reader

        def makefile(self, *args, **kwargs):
            return self.reader

    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(b"".join(raw for _, raw in requests))
        reader = Reader(socket.SocketIO(s, "rb"))
        answers = []
        for method, _ in requests:
            response = http.client.HTTPResponse(Connection(reader), method=method)
            response.begin()
            response.data = response.read()
            answers.append(response)
        s.settimeout(2)
        try:
            closed = reader.read1(1) == b""
        except socket.timeout:
            closed = False
        return answers, closed


class Browser:
    """A cookie-keeping HTTP client that does not follow redirects, so each answer can be checked."""

    def __init__(self, base):
        self.base = base
        self.cookies = {}
        self.last = None

    def request(self, method, path, body=None, headers=None):
        url = urllib.parse.urlsplit(self.base)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if isinstance(body, dict):
            body = urllib.parse.urlencode(body)
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.data = response.read()
        text = response.data.decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";")[0]
        conn.close()
        self.last = response
        response.text = text
        return response

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, fields, csrf=True, **kw):
        fields = dict(fields)
        if csrf and "csrf_token" not in fields:
            fields["csrf_token"] = self.csrf_token(path)
        return self.request("POST", path, body=fields, **kw)

    def csrf_token(self, path):
        page = self.get(path).text
        match = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert match, f"no csrf_token on {path}"
        return match.group(1)

    def follow(self, response):
        location = response.getheader("Location")
        assert location, f"expected a redirect, got {response.status}"
        return self.get(urllib.parse.urlsplit(location).path or "/")


class ServerCase(unittest.TestCase):
    """One server (with `env`, on `database_url` or SQLite) and its SMTP sink per test class."""
    env = {}
    database_url = None

    @classmethod
    def setUpClass(cls):
        cls.sink = MailSink()
        cls.sink.start()
        cls.server = Server(cls.sink, database_url=cls.database_url, extra_env=cls.env)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.sink.stop()
