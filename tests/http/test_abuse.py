"""The attacker's view: rate limits, proxies, Host, slow clients, oversized requests, timing."""
import re
import resource
import socket
import statistics
import time
import unittest

import harness
from harness import Browser, text_of
from test_flows import PASSWORD, person

NO_LIMITS = {f"MATRICULA_RATELIMIT_{name}": "off" for name in (
    "SIGNIN_PER_IP", "FAILED_SIGNIN_PER_IP", "FAILED_SIGNIN_PER_ACCOUNT", "CODE_PER_ADDRESS",
    "CODE_PER_ACCOUNT_HOUR", "CODE_PER_IP", "REGISTER_PER_IP", "RESEND_PER_ADDRESS")}


class ServerCase(harness.ServerCase):
    def verified_person(self, browser=None):
        who = person()
        browser = browser or Browser(self.server.base)
        self.assertEqual(browser.post("/account/register/", who).status, 303)
        mail = self.sink.wait_for(who["email"], "Confirm your e-mail address")
        link = re.search(r"http://\S+(/account/verify-account/\S+/)", text_of(mail)).group(1)
        self.assertEqual(browser.get(link).status, 303)
        return who


class RateLimits(ServerCase):
    env = {"MATRICULA_TRUSTED_PROXIES": "127.0.0.1"}

    def login(self, email, password, forwarded_for):
        browser = Browser(self.server.base)
        token = browser.csrf_token("/account/login/")
        return browser.post("/account/login/", {"user_email": email, "password": password, "csrf_token": token},
                            csrf=False, headers={"X-Forwarded-For": forwarded_for})

    def test_failed_sign_ins_per_ip_get_429_with_retry_after(self):
        ada = self.verified_person()
        for i in range(10):
            self.assertEqual(self.login(f"nobody{i}@example.com", "whatever it is", "198.51.100.10").status, 400)
        refused = self.login(ada["email"], PASSWORD, "198.51.100.10")
        self.assertEqual(refused.status, 429)
        self.assertGreater(int(refused.getheader("Retry-After")), 0)
        self.assertIn("Too many attempts", refused.text)
        self.assertIn('class="navbar"', refused.text)
        # Another client is not affected.
        self.assertEqual(self.login(ada["email"], PASSWORD, "198.51.100.11").status, 303)

    def test_an_account_under_attack_still_opens_with_a_code(self):
        ada = self.verified_person()
        for i in range(5):
            self.assertEqual(self.login(ada["email"], f"guess number {i}", f"203.0.113.{i + 20}").status, 400)
        self.assertEqual(self.login(ada["email"], PASSWORD, "198.51.100.30").status, 429)
        owner = Browser(self.server.base)
        after = len(self.sink.messages)
        owner.post("/account/send_otp/", {"email": ada["email"]}, headers={"X-Forwarded-For": "198.51.100.30"})
        mail = self.sink.wait_for(ada["email"], "sign-in code", after=after)
        code = re.search(r"\b([A-Z2-9]{4}-[A-Z2-9]{4})\b", text_of(mail)).group(1)
        signed_in = owner.post("/account/verify_otp/", {"otp": code}, headers={"X-Forwarded-For": "198.51.100.30"})
        self.assertEqual(signed_in.status, 303)
        self.assertIn("Welcome, Ada", owner.get("/").text)

    def test_code_requests_are_limited_per_address(self):
        who = person()
        statuses = [Browser(self.server.base).post("/account/send_otp/", {"email": who["email"]},
                                                    headers={"X-Forwarded-For": f"198.51.100.{40 + i}"}).status
                    for i in range(4)]
        self.assertEqual(statuses, [303, 303, 303, 429])


class ForwardedForUntrusted(ServerCase):
    def test_forwarded_for_from_an_untrusted_peer_is_ignored(self):
        for i in range(10):
            browser = Browser(self.server.base)
            response = browser.post("/account/login/", {"user_email": f"x{i}@example.com", "password": "guess it"},
                                    headers={"X-Forwarded-For": f"203.0.113.{i}"})
            self.assertEqual(response.status, 400)
        browser = Browser(self.server.base)
        response = browser.post("/account/login/", {"user_email": "y@example.com", "password": "guess it"},
                                headers={"X-Forwarded-For": "203.0.113.200"})
        self.assertEqual(response.status, 429)


class Framing(ServerCase):
    """Answers on one connection are framed so that a client can read them one after another."""

    def test_head_has_the_length_of_get_and_no_body(self):
        (head, get), closed = harness.pipelined(self.server.port, [
            ("HEAD", b"HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n"),
            ("GET", b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")])
        self.assertEqual((head.status, get.status), (200, 200))
        self.assertEqual(head.data, b"")
        self.assertGreater(len(get.data), 500)
        self.assertEqual(int(head.getheader("Content-Length")), len(get.data))
        self.assertIn("Welcome to matricula", get.data.decode())
        self.assertFalse(closed)

    def test_connection_close_and_http_1_0(self):
        (answer,), closed = harness.pipelined(self.server.port, [
            ("GET", b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")])
        self.assertEqual(answer.getheader("Connection"), "close")
        self.assertTrue(closed)
        (answer,), closed = harness.pipelined(self.server.port, [("GET", b"GET / HTTP/1.0\r\nHost: localhost\r\n\r\n")])
        self.assertEqual((answer.version, answer.status), (10, 200))
        self.assertTrue(closed)
        keep = b"GET / HTTP/1.0\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n"
        answers, closed = harness.pipelined(self.server.port, [("GET", keep), ("GET", keep)])
        self.assertEqual([a.status for a in answers], [200, 200])
        self.assertEqual(answers[0].getheader("Connection"), "keep-alive")
        self.assertFalse(closed)

    def test_errors_answer_then_close(self):
        (answer,), closed = harness.pipelined(self.server.port, [("GET", b"GET / HTTP/1.1\r\nHost: localhost\r\n"
                                                                        b"Bad Header\r\n\r\n")])
        self.assertEqual(answer.status, 400)
        self.assertEqual(answer.getheader("Connection"), "close")
        self.assertTrue(closed)


class HostsAndHeaders(ServerCase):
    env = {"MATRICULA_ALLOWED_HOSTS": "accounts.school.test"}

    def raw(self, data, read_timeout=5):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=read_timeout) as s:
            s.sendall(data)
            chunks = []
            try:
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
            except (socket.timeout, ConnectionResetError):
                pass
            return b"".join(chunks).decode("utf-8", "replace")

    def status(self, data):
        answer = self.raw(data)
        return int(answer.split(" ")[1]) if answer.startswith("HTTP/1.1") else answer

    def test_unknown_hosts_are_refused(self):
        self.assertEqual(self.status(b"GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"), 400)
        self.assertEqual(self.status(b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n"), 400)
        self.assertEqual(self.status(b"GET / HTTP/1.1\r\nHost: accounts.school.test\r\nConnection: close\r\n\r\n"),
                         200)
        self.assertEqual(self.status(b"GET / HTTP/1.1\r\nHost: LOCALHOST:1\r\nConnection: close\r\n\r\n"), 200)

    def test_oversized_and_malformed_requests(self):
        huge = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n"
        self.assertEqual(self.status(huge), 431)
        many = b"GET / HTTP/1.1\r\nHost: localhost\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(150)) + b"\r\n"
        self.assertEqual(self.status(many), 431)
        long_line = b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n"
        self.assertEqual(self.status(long_line), 431)
        self.assertEqual(self.status(b"NONSENSE\r\n\r\n"), 400)
        self.assertEqual(self.status(b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: -5\r\n\r\n"), 400)
        body = b"POST /account/login/ HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10000000\r\n\r\n"
        self.assertEqual(self.status(body), 413)
        # The server is still fine.
        self.assertEqual(Browser(self.server.base).get("/").status, 200)

    def test_security_headers_on_every_answer(self):
        for path in ("/", "/account/login/", "/no/such/page/"):
            response = Browser(self.server.base).get(path)
            self.assertEqual(response.getheader("X-Content-Type-Options"), "nosniff", path)
            self.assertIn("frame-ancestors 'none'", response.getheader("Content-Security-Policy"), path)
            self.assertEqual(response.getheader("Referrer-Policy"), "same-origin", path)
            self.assertIsNone(response.getheader("Strict-Transport-Security"))


class SecureSite(ServerCase):
    """Behind a TLS-terminating proxy: the site URL is https."""
    env = {"MATRICULA_SITE_URL": "https://accounts.school.test"}

    def test_hsts_and_secure_cookies_on_https(self):
        browser = Browser(self.server.base)
        page = browser.get("/account/login/", headers={"Host": "accounts.school.test"})
        self.assertIn("max-age=", page.getheader("Strict-Transport-Security"))
        cookie = page.getheader("Set-Cookie")
        for attribute in ("Secure", "HttpOnly", "SameSite=Lax"):
            self.assertIn(attribute, cookie)


class SlowClients(ServerCase):
    def test_a_thousand_stalled_clients_do_not_stop_a_normal_request(self):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4096)), hard))
        stalled = []
        try:
            for _ in range(1000):
                s = socket.create_connection(("127.0.0.1", self.server.port))
                s.sendall(b"GET /acc")
                stalled.append(s)
            time.sleep(0.2)
            timings = []
            for _ in range(5):
                started = time.perf_counter()
                response = Browser(self.server.base).get("/")
                timings.append(time.perf_counter() - started)
                self.assertEqual(response.status, 200)
            self.assertLess(max(timings), 0.100, timings)
        finally:
            for s in stalled:
                s.close()


class Timing(ServerCase):
    """Known and unknown addresses take the same time. The outbox worker is off so that
    sending the mail of one request cannot slow the next: what is measured is the request."""
    env = dict(NO_LIMITS, MATRICULA_OUTBOX_WORKER="0")

    def assertSameTime(self, known, unknown, what, n=30):
        known(0), unknown(0)  # warm both paths
        pairs = []
        for i in range(1, n + 1):  # interleaved pairs: a burst of load on the machine hits both alike
            started = time.perf_counter()
            known(i)
            middle = time.perf_counter()
            unknown(i)
            pairs.append((middle - started, time.perf_counter() - middle))
        a = statistics.median(p[0] for p in pairs)
        b = statistics.median(p[1] for p in pairs)
        difference = statistics.median(p[0] - p[1] for p in pairs)
        tolerance = max(0.10 * max(a, b), 0.001)
        self.assertLess(abs(difference), tolerance,
                        f"{what}: known {a * 1000:.2f} ms, unknown {b * 1000:.2f} ms, "
                        f"median difference {difference * 1000:.2f} ms")
        print(f"\n  {what}: known {a * 1000:.2f} ms, unknown {b * 1000:.2f} ms, "
              f"median difference {difference * 1000:.2f} ms", end="")

    def posting(self, path, fields_for):
        browser = Browser(self.server.base)
        token = browser.csrf_token(path)

        def send(i):
            response = browser.post(path, dict(fields_for(i), csrf_token=token), csrf=False)
            self.assertIn(response.status, (303, 400))
        return send

    def registered(self):
        who = person()
        self.assertEqual(Browser(self.server.base).post("/account/register/", who).status, 303)
        return who

    def test_sign_in(self):
        ada = self.registered()
        self.assertSameTime(
            self.posting("/account/login/", lambda i: {"user_email": ada["email"], "password": "wrong password!"}),
            self.posting("/account/login/", lambda i: {"user_email": f"ghost{i}@example.com", "password": "wrong!"}),
            "sign-in")

    def test_code_request(self):
        ada = self.registered()
        self.assertSameTime(self.posting("/account/send_otp/", lambda i: {"email": ada["email"]}),
                            self.posting("/account/send_otp/", lambda i: {"email": f"ghost{i}@example.com"}),
                            "code request")

    def test_resend_verification(self):
        who = self.registered()
        self.assertSameTime(self.posting("/account/resend-verification/", lambda i: {"email": who["email"]}),
                            self.posting("/account/resend-verification/", lambda i: {"email": f"ghost{i}@x.com"}),
                            "verification resend")

    def test_code_redemption(self):
        ada = self.registered()

        def redeeming(email):
            browser = Browser(self.server.base)
            browser.post("/account/send_otp/", {"email": email})
            token = browser.csrf_token("/account/verify_otp/")

            def send(i):
                response = browser.post("/account/verify_otp/", {"otp": "2222-2222", "csrf_token": token}, csrf=False)
                self.assertEqual(response.status, 400)
            return send

        self.assertSameTime(redeeming(ada["email"]), redeeming("ghost.redeemer@example.com"), "code redemption")

    def test_registration(self):
        ada = self.registered()
        self.assertSameTime(self.posting("/account/register/", lambda i: dict(person(), email=ada["email"])),
                            self.posting("/account/register/", lambda i: person()),
                            "registration")


if __name__ == "__main__":
    unittest.main()
