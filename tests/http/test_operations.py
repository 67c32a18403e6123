"""What operators rely on: health, readiness, metrics, logs, check, the worker, SIGTERM."""
import json
import os
import re
import signal
import subprocess
import threading
import time
import unittest

from harness import BIN, Browser, MailSink, Server, text_of
from test_flows import PASSWORD, person


class Endpoints(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(None)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_health_and_readiness(self):
        browser = Browser(self.server.base)
        self.assertEqual(browser.get("/healthz").status, 200)
        ready = browser.get("/readyz")
        self.assertEqual(ready.status, 200)
        self.assertIn("ready", ready.text)
        self.assertNotIn("matricula_session", browser.cookies)  # no session for probes
        self.assertEqual(browser.request("POST", "/healthz").status, 405)

    def test_metrics_in_prometheus_format(self):
        browser = Browser(self.server.base)
        browser.get("/")
        browser.get("/no/such/page/")
        browser.post("/account/login/", {"user_email": "nobody@example.com", "password": "whatever it is"})
        text = browser.get("/metrics").text
        self.assertRegex(text, r'matricula_http_requests_total\{route="/",method="GET",status="200"\} \d+')
        self.assertRegex(text, r'matricula_http_requests_total\{route="unmatched",method="GET",status="404"\} \d+')
        self.assertIn('matricula_http_request_duration_seconds_bucket{route="/account/login/",le="+Inf"}', text)
        self.assertRegex(text, r'matricula_signins_total\{method="password",outcome="failure"\} 1')
        for gauge in ("matricula_outbox_pending", "matricula_outbox_sent", "matricula_outbox_failed",
                      "matricula_hash_queue_depth", "matricula_handler_queue_depth"):
            self.assertRegex(text, rf"\n{gauge} \d+", gauge)


class MetricsAccess(unittest.TestCase):
    def test_metrics_only_for_allowed_addresses(self):
        server = Server(None, extra_env={"MATRICULA_METRICS_ALLOW": "10.0.0.0/8"})
        server.start()
        try:
            self.assertEqual(Browser(server.base).get("/metrics").status, 404)
            self.assertEqual(Browser(server.base).get("/healthz").status, 200)
        finally:
            server.stop()


class ProductionLogs(unittest.TestCase):
    def test_one_json_object_per_line_without_secrets(self):
        sink = MailSink()
        sink.start()
        server = Server(sink, extra_env={"MATRICULA_ENV": "production",
                                         "MATRICULA_SITE_URL": "https://accounts.school.test",
                                         "MATRICULA_ALLOWED_HOSTS": "127.0.0.1",
                                         "MATRICULA_SECRET_KEY": "k" * 40})
        del server.env["MATRICULA_TEST_CLOCK_OFFSET_FILE"]
        try:
            server.start()
            ada = person()
            browser = Browser(server.base)
            self.assertEqual(browser.post("/account/register/", ada).status, 303)
            link = re.search(r"https://\S+(/account/verify-account/(\S+)/)", text_of(
                sink.wait_for(ada["email"], "Confirm"))).group(1)
            token = link.split("/")[-2]
            self.assertEqual(browser.get(link).status, 303)
            self.assertEqual(browser.post("/account/login/", {"user_email": ada["email"], "password": PASSWORD}).status,
                             303)
            time.sleep(0.2)
            log = server.read_log()
            lines = [json.loads(line) for line in log.splitlines() if line.strip()]
            requests = [line for line in lines if line.get("msg") == "request"]
            self.assertGreaterEqual(len(requests), 4)
            for line in requests:
                for field in ("time", "level", "request_id", "route", "status", "duration_ms"):
                    self.assertIn(field, line)
                self.assertEqual(round(line["duration_ms"], 3), line["duration_ms"])  # to the microsecond
            self.assertIn("/account/verify-account/{token}/", [r["route"] for r in requests])
            signed_in = [r for r in requests if r["route"] == "/account/login/" and r["status"] == 303]
            self.assertTrue(signed_in and signed_in[0]["user_id"] > 0)
            for secret in (token, PASSWORD, ada["password"]):
                self.assertNotIn(secret, log)
        finally:
            server.stop()
            sink.stop()


class CheckCommand(unittest.TestCase):
    def test_reports_what_is_wrong(self):
        sink = MailSink()
        sink.start()
        server = Server(sink)
        try:
            self.assertEqual(server.run("migrate").returncode, 0)
            good = server.run("check")
            self.assertEqual(good.returncode, 0, good.stdout)
            self.assertIn("All checks passed", good.stdout)
            env = dict(server.env, MATRICULA_EMAIL_URL="smtp+plain://127.0.0.1:1")
            bad = server.run("check", env=env)
            self.assertEqual(bad.returncode, 1)
            self.assertRegex(bad.stdout, r"PROBLEM\s+mail: smtp 127\.0\.0\.1:1")
            fresh = Server(sink)
            pending = fresh.run("check")
            self.assertEqual(pending.returncode, 1)
            self.assertRegex(pending.stdout, r"PROBLEM\s+migrations: pending: 0001_initial")
            fresh.stop()
        finally:
            server.stop()
            sink.stop()


class SeparateWorker(unittest.TestCase):
    def test_serve_without_worker_and_a_worker_process_deliver_mail(self):
        sink = MailSink()
        sink.start()
        server = Server(sink, extra_env={"MATRICULA_OUTBOX_WORKER": "0"})
        worker = None
        try:
            server.start()
            ada = person()
            self.assertEqual(Browser(server.base).post("/account/register/", ada).status, 303)
            time.sleep(1.5)
            self.assertEqual(sink.count_to(ada["email"]), 0)  # nobody delivers yet
            worker = subprocess.Popen([BIN, "worker"], cwd=server.dir, env=server.env, stdout=subprocess.PIPE,
                                      stderr=subprocess.DEVNULL, text=True)
            self.assertIn("worker running", worker.stdout.readline())
            sink.wait_for(ada["email"], "Confirm your e-mail address")
            worker.send_signal(signal.SIGTERM)
            self.assertEqual(worker.wait(timeout=10), 0)
        finally:
            if worker and worker.poll() is None:
                worker.kill()
            server.stop()
            sink.stop()


class GracefulStop(unittest.TestCase):
    def test_sigterm_finishes_requests_in_flight_and_exits_0(self):
        server = Server(None, extra_env={"MATRICULA_THREADS": "1", "MATRICULA_RATELIMIT_FAILED_SIGNIN_PER_IP": "off"})
        server.start()
        try:
            n = 12
            ready = threading.Barrier(n + 1)
            finished = []

            def sign_in(i):
                browser = Browser(server.base)
                token = browser.csrf_token("/account/login/")
                ready.wait()
                response = browser.post("/account/login/", {"user_email": f"nobody{i}@example.com",
                                                             "password": "some password", "csrf_token": token},
                                        csrf=False)
                finished.append((time.perf_counter(), response.status))

            threads = [threading.Thread(target=sign_in, args=(i,)) for i in range(n)]
            for t in threads:
                t.start()
            ready.wait()  # every request is sent now; one handler thread runs argon2 for each in turn
            time.sleep(0.05)
            signalled = time.perf_counter()
            server.process.send_signal(signal.SIGTERM)
            for t in threads:
                t.join(timeout=20)
            self.assertEqual(server.process.wait(timeout=15), 0)
            self.assertEqual(len(finished), n, "every request in flight got its answer")
            self.assertTrue(all(status == 400 for _, status in finished), finished)
            self.assertTrue(any(at > signalled for at, _ in finished), "some were still running at SIGTERM")
            refused = Browser(server.base)
            with self.assertRaises(OSError):
                refused.get("/healthz")
        finally:
            server.stop()


if __name__ == "__main__":
    unittest.main()
