"""Two instances on one PostgreSQL behind nginx: one site."""
import collections
import re
import subprocess
import time
import unittest

from harness import BIN, Browser, MailSink, Server, free_port, text_of
from services import Nginx, Postgres
from test_flows import PASSWORD, person


class TwoInstances(unittest.TestCase):
    clients = 0

    @classmethod
    def setUpClass(cls):
        cls.pg = Postgres("matricula")
        cls.sink = MailSink()
        cls.sink.start()
        lb_port = free_port()
        # What makes instances one site: one database, one secret key, one public URL.
        env = {"MATRICULA_TRUSTED_PROXIES": "127.0.0.1", "MATRICULA_SECRET_KEY": "s" * 48,
               "MATRICULA_SITE_URL": f"http://127.0.0.1:{lb_port}"}
        cls.a = Server(cls.sink, database_url=cls.pg.url("matricula"), extra_env=env)
        cls.b = Server(cls.sink, database_url=cls.pg.url("matricula"), extra_env=env)
        cls.a.start()
        cls.b.start(migrate=False)
        cls.lb = Nginx([cls.a.port, cls.b.port], port=lb_port)
        cls.base = f"http://127.0.0.1:{cls.lb.port}"

    @classmethod
    def tearDownClass(cls):
        cls.lb.stop()
        cls.a.stop()
        cls.b.stop()
        cls.sink.stop()
        cls.pg.stop()

    def signed_in(self):
        """A browser signed in through the load balancer as a new, verified user, from an address
        of its own (the rate-limit test uses up 127.0.0.1's sign-ins)."""
        ada = person()
        browser = Browser(self.base)
        TwoInstances.clients += 1
        address = {"X-Forwarded-For": f"203.0.113.{TwoInstances.clients}"}
        self.assertEqual(browser.post("/account/register/", ada, headers=address).status, 303)
        link = re.search(r"http://\S+(/account/verify-account/\S+/)",
                         text_of(self.sink.wait_for(ada["email"], "Confirm"))).group(1)
        self.assertEqual(browser.get(link).status, 303)
        self.assertEqual(browser.post("/account/login/", {"user_email": ada["email"], "password": PASSWORD},
                                      headers=address).status, 303)
        return browser

    @staticmethod
    def on(server, browser):
        direct = Browser(server.base)
        direct.cookies = dict(browser.cookies)
        return direct

    @staticmethod
    def cache_hits(server):
        metrics = Browser(server.base).get("/metrics").text
        return int(re.search(r"\nmatricula_session_cache_hits_total (\d+)", metrics).group(1))

    def test_a_session_made_through_one_is_valid_on_the_other(self):
        browser = self.signed_in()
        for server in (self.a, self.b):
            self.assertIn("Welcome, Ada Lovelace", self.on(server, browser).get("/").text, server.base)

    def test_signing_out_through_one_ends_the_session_on_the_other_at_once(self):
        browser = self.signed_in()
        kept = self.on(self.b, browser)  # someone who kept the cookie, on the other instance
        hits = self.cache_hits(self.b)
        for _ in range(4):  # the first shows (and so removes) the sign-in flash: a write
            self.assertIn("Welcome, Ada Lovelace", kept.get("/").text)
        self.assertGreaterEqual(self.cache_hits(self.b) - hits, 2, "b serves the session from memory")

        through_a = self.on(self.a, browser)
        self.assertEqual(through_a.post("/account/logout/", {}).status, 303)
        # The notification reaches b within milliseconds; allow a scheduling hiccup, no more.
        deadline = time.monotonic() + 0.5
        while "Welcome, Ada" in kept.get("/").text:
            self.assertLess(time.monotonic(), deadline, "b still honours a session signed out through a")
            time.sleep(0.005)

    def test_rate_limits_count_requests_to_both(self):
        statuses = []
        for i in range(11):
            server = (self.a, self.b)[i % 2]
            browser = Browser(server.base)
            token = browser.csrf_token("/account/login/")
            statuses.append(browser.post("/account/login/", {"user_email": f"x{i}@example.com", "password": "guess it",
                                                             "csrf_token": token}, csrf=False).status)
        self.assertEqual(statuses, [400] * 10 + [429])

    def test_both_workers_deliver_and_none_sends_twice(self):
        people = [person() for _ in range(30)]
        before = len(self.sink.messages)
        for i, who in enumerate(people):
            response = Browser((self.a, self.b)[i % 2].base).post(
                "/account/register/", who, headers={"X-Forwarded-For": f"198.51.100.{i}"})
            self.assertEqual(response.status, 303)
        for who in people:
            self.sink.wait_for(who["email"], "Confirm", after=before)
        time.sleep(1.5)  # a second send would arrive by now
        ids = [str(m["Message-ID"]) for _, rcpts, m in self.sink.messages[before:]
               if any(r.endswith("@example.com") for r in rcpts)]
        duplicates = [i for i, n in collections.Counter(ids).items() if n > 1]
        self.assertEqual(duplicates, [])
        self.assertEqual(len(ids), len(people))
        for server in (self.a, self.b):  # both workers took part
            metrics = Browser(server.base).get("/metrics").text
            self.assertGreater(int(re.search(r"\nmatricula_outbox_delivered_here (\d+)", metrics).group(1)), 0)


class ConcurrentMigrations(unittest.TestCase):
    def test_two_processes_migrating_at_once(self):
        pg = Postgres("fresh")
        try:
            server = Server(None, database_url=pg.url("fresh"))
            runs = [subprocess.Popen([BIN, "migrate"], cwd=server.dir, env=server.env, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True) for _ in range(2)]
            outputs = [run.communicate(timeout=60) for run in runs]
            self.assertEqual([run.returncode for run in runs], [0, 0], outputs)
            versions = server.sql("SELECT version, COUNT(*) FROM schema_migrations GROUP BY version ORDER BY version")
            self.assertEqual([count for _, count in versions], ["1"] * len(versions))
            self.assertGreaterEqual(len(versions), 2)
            server.stop()
        finally:
            pg.stop()


if __name__ == "__main__":
    unittest.main()
