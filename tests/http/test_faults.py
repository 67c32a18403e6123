"""Failures of the parts around matricula: a killed server, a mail server that is down,
a database that restarts or stops answering."""
import collections
import concurrent.futures
import re
import secrets
import threading
import time
import unittest

from harness import Browser, MailSink, Server, free_port, text_of
from services import Postgres
from test_flows import PASSWORD, person


class KilledDuringRegistrations(unittest.TestCase):
    def test_kill_9_leaves_no_half_made_account_and_every_mail_goes_out(self):
        sink = MailSink()
        sink.start()
        server = Server(sink, extra_env={"MATRICULA_RATELIMIT_REGISTER_PER_IP": "off"})
        server.start()
        try:
            people = [person() for _ in range(500)]
            answered = []
            killed = threading.Event()

            def register(who):
                if killed.is_set():
                    return
                try:
                    if Browser(server.base).post("/account/register/", who).status == 303:
                        answered.append(who["email"])
                except OSError:
                    pass  # the server died under us

            with concurrent.futures.ThreadPoolExecutor(32) as pool:
                futures = [pool.submit(register, who) for who in people]
                while len(answered) < 120:
                    time.sleep(0.01)
                server.kill()
                killed.set()
                concurrent.futures.wait(futures)

            server.start(migrate=False)
            users = {email for (email,) in server.sql("SELECT email FROM users")}
            self.assertGreaterEqual(len(users), len(answered))
            self.assertTrue(set(answered) <= users, "an answered registration was lost")
            # Every account is whole: profile, phone, token and its mail were one transaction.
            for table in ("profiles", "phone_numbers", "email_tokens"):
                self.assertEqual(server.sql(f"SELECT COUNT(*) FROM {table}")[0][0], str(len(users)), table)
            self.assertEqual(server.sql("SELECT COUNT(*) FROM outbox WHERE subject LIKE 'Confirm%'")[0][0],
                             str(len(users)))
            # Mail that the killed worker had leased waits for its lease (120 s) to run out.
            deadline = time.time() + 180
            while True:
                delivered = collections.defaultdict(set)
                with sink.lock:
                    for _, rcpts, message in sink.messages:
                        for r in rcpts:
                            delivered[r].add(str(message["Message-ID"]))
                if all(email in delivered for email in users) or time.time() > deadline:
                    break
                time.sleep(0.2)
            self.assertEqual(sorted(email for email in users if email not in delivered), [])
            # A message sent at the moment of the kill may come twice, but only with its own Message-ID.
            self.assertTrue(all(len(ids) == 1 for email, ids in delivered.items() if email in users))
        finally:
            server.stop()
            sink.stop()


class MailServerDown(unittest.TestCase):
    def test_mail_queued_while_smtp_is_down_goes_out_within_a_minute_of_its_return(self):
        port = free_port()
        server = Server(None, extra_env={"MATRICULA_EMAIL_URL": f"smtp+plain://127.0.0.1:{port}"})
        server.start()
        sink = None
        try:
            people = [person() for _ in range(3)]
            for who in people:
                self.assertEqual(Browser(server.base).post("/account/register/", who).status, 303)
            time.sleep(60)  # the mail server is down for a minute
            self.assertEqual(server.sql("SELECT COUNT(*) FROM outbox WHERE status = 'sent'")[0][0], "0")
            errors = server.sql("SELECT last_error FROM outbox")
            self.assertTrue(all(e and e != "None" for (e,) in errors), errors)
            sink = MailSink(port)
            sink.start()
            back = time.time()
            for who in people:
                sink.wait_for(who["email"], "Confirm", timeout=65)
            self.assertLess(time.time() - back, 61)
        finally:
            server.stop()
            if sink:
                sink.stop()

    def test_after_the_last_try_a_message_is_marked_failed_and_visible(self):
        server = Server(None, extra_env={"MATRICULA_EMAIL_URL": f"smtp+plain://127.0.0.1:{free_port()}",
                                         "MATRICULA_MAIL_RETRY_FIRST_SECONDS": "1",
                                         "MATRICULA_MAIL_MAX_ATTEMPTS": "2"})
        server.start()
        try:
            self.assertEqual(Browser(server.base).post("/account/register/", person()).status, 303)
            deadline = time.time() + 15
            while server.sql("SELECT COUNT(*) FROM outbox WHERE status = 'failed'")[0][0] != "1":
                self.assertLess(time.time(), deadline)
                time.sleep(0.2)
            attempts, error = server.sql("SELECT attempts, last_error FROM outbox")[0]
            self.assertEqual(attempts, "2")
            self.assertIn("connect", error.lower())
            self.assertRegex(Browser(server.base).get("/metrics").text, r"\nmatricula_outbox_failed 1\n")
        finally:
            server.stop()


class DatabaseRestart(unittest.TestCase):
    def test_postgres_restart_under_load_gives_503s_then_recovers(self):
        pg = Postgres("matricula")
        sink = MailSink()
        sink.start()
        server = Server(sink, database_url=pg.url("matricula"))
        try:
            server.start()
            ada = person()
            browser = Browser(server.base)
            browser.post("/account/register/", ada)
            link = re.search(r"http://\S+(/account/verify-account/\S+/)",
                             text_of(sink.wait_for(ada["email"], "Confirm"))).group(1)
            browser.get(link)
            self.assertEqual(browser.post("/account/login/", {"user_email": ada["email"], "password": PASSWORD}).status,
                             303)
            statuses = collections.Counter()
            stop = threading.Event()

            def load():
                while not stop.is_set():
                    client = Browser(server.base)
                    client.cookies = dict(browser.cookies)
                    statuses[client.get("/").status] += 1

            workers = [threading.Thread(target=load) for _ in range(4)]
            for w in workers:
                w.start()
            time.sleep(0.5)
            pg.stop_server()
            time.sleep(1.5)
            pg.start_server()
            time.sleep(1.0)
            stop.set()
            for w in workers:
                w.join()
            self.assertIsNone(server.process.poll(), "the server crashed")
            self.assertEqual(set(statuses) - {200, 503}, set(), statuses)
            self.assertGreater(statuses[503], 0, statuses)
            self.assertIn("Welcome, Ada Lovelace", browser.get("/").text)  # reconnected by itself
            self.assertEqual(Browser(server.base).get("/readyz").status, 200)
        finally:
            server.stop()
            sink.stop()
            pg.stop()


class DatabaseHang(unittest.TestCase):
    def test_a_hung_postgres_gives_503s_within_the_timeout_and_holds_no_thread(self):
        pg = Postgres("matricula")
        server = Server(None, database_url=pg.url("matricula"), extra_env={"MATRICULA_DATABASE_TIMEOUT_SECONDS": "2"})
        try:
            server.start()
            self.assertEqual(Browser(server.base).post("/account/register/", person()).status, 303)

            def view(_):
                # A session the server has not kept in memory: the view must ask the database.
                client = Browser(server.base)
                client.cookies = {"matricula_session": secrets.token_urlsafe(32)}
                started = time.monotonic()
                return client.get("/").status, round(time.monotonic() - started, 1)

            pg.freeze()
            try:
                # Twice as many as the I/O threads (4 on PostgreSQL on 2 cores), on the pooled
                # connections first, then on new ones that cannot connect either.
                with concurrent.futures.ThreadPoolExecutor(8) as views:
                    answers = list(views.map(view, range(8)))
                self.assertEqual({status for status, _ in answers}, {503}, answers)
                self.assertLess(max(seconds for _, seconds in answers), 10, answers)
                started = time.monotonic()
                self.assertEqual(Browser(server.base).get("/healthz").status, 200)  # no thread still waiting
                self.assertLess(time.monotonic() - started, 1)
            finally:
                pg.thaw()
            self.assertIsNone(server.process.poll(), "the server crashed")
            deadline = time.monotonic() + 15
            while Browser(server.base).get("/readyz").status != 200:
                self.assertLess(time.monotonic(), deadline, "not ready again after the database came back")
                time.sleep(0.2)
            self.assertEqual(Browser(server.base).post("/account/register/", person()).status, 303)
        finally:
            server.stop()
            pg.stop()


if __name__ == "__main__":
    unittest.main()
