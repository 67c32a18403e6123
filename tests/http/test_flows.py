"""Every flow of the seed against a running server, on SQLite and on PostgreSQL, with mail
delivered over SMTP to a real local server."""
import html
import itertools
import os
import re
import time
import unittest

from harness import Browser, MailSink, Server, ServerCase, html_of, text_of

PASSWORD = "analytical engine notes"
_numbers = itertools.count(1000)


def person(first="Ada", last="Lovelace"):
    n = next(_numbers)
    return {
        "first_name": first,
        "last_name": last,
        "email": f"{first.lower()}.{n}@example.com",
        "phone_number": f"+1 415 555 {n:04d}",
        "password": PASSWORD,
        "role": "student",
    }


def flashes(page):
    return [html.unescape(m) for m in re.findall(r'<div class="alert alert-\w+" role="alert">(.*?)</div>', page)]


class Flows:
    """Mixed into one ServerCase per database."""

    def setUp(self):
        self.server.set_clock_offset(0)
        self.browser = Browser(self.server.base)

    def tearDown(self):
        self.server.set_clock_offset(0)

    # helpers

    def register(self, who, browser=None):
        browser = browser or self.browser
        response = browser.post("/account/register/", who)
        self.assertEqual(response.status, 303, response.text[:2000])
        return response

    def verification_link(self, who):
        mail = self.sink.wait_for(who["email"], "Confirm your e-mail address")
        match = re.search(r"(http://127\.0\.0\.1:\d+/account/verify-account/[A-Za-z0-9_-]+/)", text_of(mail))
        self.assertIsNotNone(match, text_of(mail))
        return match.group(1)

    def path_of(self, link):
        return link[len(self.server.base):]

    def user_count(self, email=None):
        where = f" WHERE email = '{email}'" if email else ""
        return int(self.server.sql(f"SELECT COUNT(*) FROM users{where}")[0][0])

    def login(self, email, password=PASSWORD, browser=None):
        return (browser or self.browser).post("/account/login/", {"user_email": email, "password": password})

    def code_for(self, email, after):
        mail = self.sink.wait_for(email, "sign-in code", after=after)
        match = re.search(r"\b([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})\b", text_of(mail))
        self.assertIsNotNone(match, text_of(mail))
        return match.group(1)

    # the flows

    def test_register_verify_login_logout(self):
        ada = person()
        response = self.register(ada)
        self.assertEqual(response.getheader("Location"), "/account/login/")
        page = self.browser.follow(response).text
        self.assertTrue(any("Check your inbox" in f for f in flashes(page)), flashes(page))

        mail = self.sink.wait_for(ada["email"], "Confirm your e-mail address")
        for header in ("Date", "Message-ID", "From", "To", "Subject", "MIME-Version"):
            self.assertTrue(mail[header], f"missing {header}")
        self.assertEqual(mail["To"], ada["email"])
        self.assertIn("no-reply@school.test", mail["From"])
        self.assertRegex(mail["Message-ID"], r"^<[^@>]+@127\.0\.0\.1>$")
        self.assertEqual(mail.get_content_type(), "multipart/mixed")
        self.assertIn("Hello Ada", text_of(mail))
        link = self.verification_link(ada)
        self.assertIn(link, html_of(mail))

        refused = self.login(ada["email"])
        self.assertEqual(refused.status, 400)
        self.assertIn("Please confirm your e-mail address first", refused.text)
        self.assertIn('action="/account/resend-verification/"', refused.text)
        self.assertNotIn("matricula_session", refused.getheader("Set-Cookie") or "x")

        verified = self.browser.get(self.path_of(link))
        self.assertEqual(verified.status, 303)
        self.assertEqual(verified.getheader("Location"), "/account/login/")
        self.assertIn("Your e-mail address is confirmed. You can sign in now.", flashes(self.browser.follow(verified).text))
        self.assertEqual(self.browser.get(self.path_of(link)).status, 400)  # single use
        # The database keeps no usable link: tokens as digests, and sent mail without its body.
        token = link.rstrip("/").rsplit("/", 1)[1]
        deadline = time.time() + 5
        while self.server.sql(f"SELECT COUNT(*) FROM outbox WHERE text_body LIKE '%{token}%'")[0][0] != "0":
            self.assertLess(time.time(), deadline, "the sent mail's body is still stored")
            time.sleep(0.05)
        self.assertEqual(self.server.sql(f"SELECT COUNT(*) FROM email_tokens WHERE token_hash = '{token}'")[0][0], "0")

        before = dict(self.browser.cookies)
        signed_in = self.login(ada["email"].upper())
        self.assertEqual(signed_in.status, 303)
        self.assertEqual(signed_in.getheader("Location"), "/")
        self.assertNotEqual(before.get("matricula_session"), self.browser.cookies["matricula_session"])
        cookie = signed_in.getheader("Set-Cookie")
        for attribute in ("HttpOnly", "SameSite=Lax", "Path=/"):
            self.assertIn(attribute, cookie)
        home = self.browser.get("/")
        self.assertIn("Welcome, Ada Lovelace", home.text)
        self.assertIn("Student", home.text)

        confirm = self.browser.get("/account/logout/")
        self.assertEqual(confirm.status, 200)
        self.assertIn('action="/account/logout/"', confirm.text)
        old_cookie = self.browser.cookies["matricula_session"]
        out = self.browser.post("/account/logout/", {})
        self.assertEqual(out.status, 303)
        home = self.browser.follow(out).text
        self.assertIn("You are signed out.", flashes(home))
        self.assertNotIn("Welcome, Ada", home)
        # The old session id is dead even if someone kept it.
        stolen = Browser(self.server.base)
        stolen.cookies["matricula_session"] = old_cookie
        self.assertNotIn("Welcome, Ada", stolen.get("/").text)

    def test_a_change_made_by_another_process_shows_in_pages(self):
        # Sessions are kept in memory; a change made outside the server (here straight in the
        # database, as a command-line tool would) must reach its pages: within 50 ms on SQLite,
        # milliseconds on PostgreSQL. One second is allowed for a busy machine.
        ada = person()
        self.register(ada)
        self.browser.get(self.path_of(self.verification_link(ada)))
        self.assertEqual(self.login(ada["email"]).status, 303)
        for _ in range(3):
            self.assertIn("Welcome, Ada Lovelace", self.browser.get("/").text)

        def eventually(changed):
            deadline = time.monotonic() + 1
            while not changed(self.browser.get("/").text):
                self.assertLess(time.monotonic(), deadline, "the page still shows the old state")
                time.sleep(0.01)

        self.server.sql(f"UPDATE users SET first_name = 'Augusta' WHERE email = '{ada['email']}'")
        eventually(lambda page: "Welcome, Augusta Lovelace" in page)
        self.server.sql(f"UPDATE users SET is_active = 0 WHERE email = '{ada['email']}'")
        eventually(lambda page: "Welcome," not in page)

    def test_verification_link_without_trailing_slash_as_the_seed_mailed_it(self):
        ada = person()
        self.register(ada)
        link = self.verification_link(ada)
        response = self.browser.get(self.path_of(link).rstrip("/"))
        self.assertEqual(response.status, 303)

    def test_wrong_password_and_unknown_address_get_one_answer(self):
        ada = person()
        self.register(ada)
        self.browser.get(self.path_of(self.verification_link(ada)))
        wrong = self.login(ada["email"], "not the right password")
        unknown = self.login("nobody.at.all@example.com", PASSWORD)
        self.assertEqual(wrong.status, unknown.status)
        message = "The e-mail address or password is not right."
        self.assertIn(message, wrong.text)
        self.assertIn(message, unknown.text)
        self.assertIn(f'value="{ada["email"]}"', wrong.text)  # the address is kept
        self.assertNotIn("not the right password", wrong.text)  # the password never is

    def test_login_code_wrong_then_right(self):
        ada = person()
        self.register(ada)
        self.verification_link(ada)
        after = len(self.sink.messages)
        sent = self.browser.post("/account/send_otp/", {"email": ada["email"]})
        self.assertEqual(sent.status, 303)
        self.assertEqual(sent.getheader("Location"), "/account/verify_otp/")
        self.assertNotIn("@", sent.getheader("Location"))
        code = self.code_for(ada["email"], after)

        wrong_code = "AAAA-AAAA" if code != "AAAA-AAAA" else "BBBB-BBBB"
        wrong = self.browser.post("/account/verify_otp/", {"otp": wrong_code})
        self.assertEqual(wrong.status, 400)
        self.assertIn("That code is not right or has expired", wrong.text)

        right = self.browser.post("/account/verify_otp/", {"otp": code.lower().replace("-", " ")})
        self.assertEqual(right.status, 303)
        self.assertEqual(right.getheader("Location"), "/")
        self.assertIn("Welcome, Ada Lovelace", self.browser.get("/").text)
        # Receiving the code proved the address.
        verified = self.server.sql(f"SELECT email_verified_at FROM users WHERE email = '{ada['email']}'")
        self.assertNotEqual(verified[0][0], "None")
        self.assertNotEqual(verified[0][0], "")

    def test_three_wrong_codes_burn_it(self):
        ada = person()
        self.register(ada)
        after = len(self.sink.messages)
        self.browser.post("/account/send_otp/", {"email": ada["email"]})
        code = self.code_for(ada["email"], after)
        for _ in range(3):
            self.assertEqual(self.browser.post("/account/verify_otp/", {"otp": "2222-2222"}).status, 400)
        self.assertEqual(self.browser.post("/account/verify_otp/", {"otp": code}).status, 400)

    def test_code_request_answers_the_same_for_unknown_addresses(self):
        ada = person()
        self.register(ada)
        known = Browser(self.server.base).post("/account/send_otp/", {"email": ada["email"]})
        unknown = Browser(self.server.base).post("/account/send_otp/", {"email": "nobody.here@example.com"})
        self.assertEqual(known.status, unknown.status)
        self.assertEqual(known.getheader("Location"), unknown.getheader("Location"))
        self.assertEqual(self.sink.count_to("nobody.here@example.com"), 0)

    def test_seed_send_otp_url_prefills_and_sends_nothing(self):
        ada = person()
        self.register(ada)
        self.verification_link(ada)
        before = self.sink.count_to(ada["email"])
        page = self.browser.get(f"/account/send_otp/{ada['email']}/")
        self.assertEqual(page.status, 200)
        self.assertIn(f'value="{ada["email"]}"', page.text)
        self.assertEqual(self.sink.count_to(ada["email"]), before)

    def test_duplicate_email_creates_nothing_and_tells_the_owner(self):
        ada = person()
        self.register(ada)
        self.verification_link(ada)
        users = self.user_count()
        again = dict(ada, phone_number=f"+44 20 7946 {next(_numbers):04d}", password="a different long password",
                     email=ada["email"].upper())
        response = self.register(again, Browser(self.server.base))
        self.assertEqual(response.getheader("Location"), "/account/login/")
        self.assertEqual(self.user_count(), users)
        notice = self.sink.wait_for(ada["email"], "already have a matricula account")
        self.assertIn("/account/login/", text_of(notice))
        self.assertEqual(self.login(ada["email"], "a different long password").status, 400)

    def test_duplicate_phone_creates_nothing_and_mails_the_new_address(self):
        ada = person()
        self.register(ada)
        grace = dict(person("Grace", "Hopper"), phone_number=ada["phone_number"].replace(" ", "-"))
        users = self.user_count()
        first = self.register(ada, Browser(self.server.base))
        second = self.register(grace, Browser(self.server.base))
        self.assertEqual(first.getheader("Location"), second.getheader("Location"))
        self.assertEqual(self.user_count(), users)
        self.assertEqual(self.user_count(grace["email"]), 0)
        notice = self.sink.wait_for(grace["email"], "needs another phone number")
        self.assertIn("/account/register/", text_of(notice))

    def test_invalid_registration_keeps_values_and_stores_nothing(self):
        users = self.user_count()
        bad = dict(person(), phone_number="12", password="password123", email="not-an-address")
        response = self.browser.post("/account/register/", bad)
        self.assertEqual(response.status, 400)
        self.assertEqual(self.user_count(), users)
        page = response.text
        self.assertIn('id="email-error"', page)
        self.assertIn('id="phone_number-error"', page)
        self.assertIn('id="password-error"', page)
        self.assertNotIn('id="first_name-error"', page)
        self.assertIn('value="not-an-address"', page)
        self.assertIn('value="12"', page)
        self.assertNotIn("password123", page)

    def test_post_without_csrf_token_is_refused_and_changes_nothing(self):
        users = self.user_count()
        self.browser.get("/account/register/")  # has a session, but sends no token
        response = self.browser.post("/account/register/", person(), csrf=False)
        self.assertEqual(response.status, 403)
        self.assertIn("<html", response.text)
        forged = self.browser.post("/account/register/", dict(person(), csrf_token="forged"), csrf=False)
        self.assertEqual(forged.status, 403)
        cross_site = self.browser.post("/account/register/", person(), headers={"Origin": "https://evil.example"})
        self.assertEqual(cross_site.status, 403)
        self.assertEqual(self.user_count(), users)

    def test_expired_link_is_refused_with_a_way_to_get_a_new_one(self):
        ada = person()
        self.register(ada)
        link = self.verification_link(ada)
        self.server.set_clock_offset(24 * 3600 + 60)
        response = self.browser.get(self.path_of(link))
        self.assertEqual(response.status, 400)
        self.assertIn("not valid", response.text)
        self.assertIn('action="/account/resend-verification/"', response.text)
        self.server.set_clock_offset(0)
        after = len(self.sink.messages)
        again = self.browser.post("/account/resend-verification/", {"email": ada["email"]})
        self.assertEqual(again.status, 303)
        fresh = self.sink.wait_for(ada["email"], "Confirm your e-mail address", after=after)
        new_link = re.search(r"(http://\S+/account/verify-account/\S+/)", text_of(fresh)).group(1)
        self.assertNotEqual(new_link, link)
        self.assertEqual(self.browser.get(self.path_of(new_link)).status, 303)

    def test_expired_code_is_refused(self):
        ada = person()
        self.register(ada)
        after = len(self.sink.messages)
        self.browser.post("/account/send_otp/", {"email": ada["email"]})
        code = self.code_for(ada["email"], after)
        self.server.set_clock_offset(5 * 60 + 1)
        self.assertEqual(self.browser.post("/account/verify_otp/", {"otp": code}).status, 400)

    def test_names_are_escaped_and_long_passwords_are_not_truncated(self):
        long_password = ("correct horse battery staple " * 5)[:127] + "!"
        self.assertEqual(len(long_password), 128)
        who = dict(person(), first_name="<b>O'Hara</b>", last_name='"Quote" & <script>', password=long_password)
        self.register(who)
        self.browser.get(self.path_of(self.verification_link(who)))
        self.assertEqual(self.login(who["email"], long_password[:-1]).status, 400)
        self.assertEqual(self.login(who["email"], long_password).status, 303)
        home = self.browser.get("/").text
        self.assertIn("Welcome, &lt;b&gt;O&apos;Hara&lt;/b&gt; &quot;Quote&quot; &amp; &lt;script&gt;", home)
        self.assertNotIn("<b>O'Hara</b>", home)
        self.assertNotIn("<script>", home)

    def test_next_redirects_only_to_local_paths(self):
        ada = person()
        self.register(ada)
        self.browser.get(self.path_of(self.verification_link(ada)))
        local = self.browser.post("/account/login/", {"user_email": ada["email"], "password": PASSWORD,
                                                       "next": "/account/logout/"})
        self.assertEqual(local.getheader("Location"), "/account/logout/")
        other = Browser(self.server.base)
        away = other.post("/account/login/", {"user_email": ada["email"], "password": PASSWORD,
                                              "next": "//evil.example/"})
        self.assertEqual(away.getheader("Location"), "/")

    def test_error_pages_and_headers(self):
        missing = self.browser.get("/no/such/page/")
        self.assertEqual(missing.status, 404)
        self.assertIn("Page not found", missing.text)
        self.assertIn('class="navbar"', missing.text)
        wrong_method = self.browser.request("DELETE", "/account/login/")
        self.assertEqual(wrong_method.status, 405)
        self.assertEqual(wrong_method.getheader("Allow"), "GET, POST")
        too_big = self.browser.request("POST", "/account/register/", body="a=" + "x" * 200_000,
                                       headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(too_big.status, 413)
        self.assertIn('class="navbar"', too_big.text)
        home = self.browser.get("/")
        csp = home.getheader("Content-Security-Policy")
        self.assertIn("frame-ancestors 'none'", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertEqual(home.getheader("X-Content-Type-Options"), "nosniff")
        self.assertEqual(home.getheader("Cache-Control"), "no-store")
        stylesheet = re.search(r'href="(/static/app\.[0-9a-f]+\.css)"', home.text).group(1)
        css = self.browser.get(stylesheet)
        self.assertEqual(css.status, 200)
        self.assertIn("immutable", css.getheader("Cache-Control"))
        self.assertIn("prefers-color-scheme: dark", css.text)


class SqliteFlows(Flows, ServerCase):
    pass


@unittest.skipUnless(os.environ.get("MATRICULA_TEST_POSTGRES_HTTP_URL") or os.environ.get("CI"), "")
class PostgresFlows(Flows, ServerCase):
    database_url = os.environ.get("MATRICULA_TEST_POSTGRES_HTTP_URL")

    @classmethod
    def setUpClass(cls):
        assert cls.database_url, "MATRICULA_TEST_POSTGRES_HTTP_URL is not set: run `make test`"
        super().setUpClass()


class Command(unittest.TestCase):
    """The binary's own checks at start."""

    def setUp(self):
        self.server = Server(None)

    def tearDown(self):
        self.server.stop()

    def test_serve_refuses_pending_migrations_and_names_them(self):
        result = self.server.run("serve")
        self.assertEqual(result.returncode, 1)
        self.assertIn("0001_initial", result.stderr)
        self.assertIn("matricula migrate", result.stderr)

    def test_migrate_is_idempotent(self):
        self.assertIn("Applied 0001_initial", self.server.run("migrate").stdout)
        self.assertIn("up to date", self.server.run("migrate").stdout)

    def test_seed_makes_users_whose_sessions_greet_them_and_leaves_no_changes_to_follow(self):
        self.assertEqual(self.server.run("migrate").returncode, 0)
        result = self.server.run("seed", "--users", "3", "--sessions", "3", "--anonymous-sessions", "2",
                                 "--out", f"{self.server.dir}/seed")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Seeded 3 users", result.stdout)
        # The profiles' roles trigger recorded a change of each new user; nobody can have kept
        # them, so seed removes those rows instead of leaving servers to read and trim them.
        self.assertEqual(self.server.sql("SELECT COUNT(*) FROM session_changes"), [("0",)])
        self.assertEqual(self.server.sql("SELECT COUNT(*) FROM users WHERE roles = 1"), [("3",)])
        self.server.start(migrate=False)
        with open(f"{self.server.dir}/seed/sessions.txt") as f:
            cookies = f.read().split()
        self.assertEqual(len(cookies), 3)
        names = set()
        for cookie in cookies:
            page = Browser(self.server.base)
            page.cookies["matricula_session"] = cookie
            home = page.get("/")
            self.assertEqual(home.status, 200)
            self.assertIn("Welcome,", home.text)
            names.add(re.search(r"Welcome, ([^<!]+)", home.text).group(1))
        self.assertEqual(len(names), 3)  # spread over the users

    def test_bad_configuration_stops_with_one_clear_line(self):
        env = dict(self.server.env, MATRICULA_LISTEN="eight-thousand")
        result = self.server.run("serve", env=env)
        self.assertEqual(result.returncode, 2)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1)
        self.assertIn("MATRICULA_LISTEN", result.stderr)
        env = dict(self.server.env, MATRICULA_ENV="production", MATRICULA_SITE_URL="https://school.test",
                   MATRICULA_EMAIL_URL="smtp://relay.school.test")
        del env["MATRICULA_TEST_CLOCK_OFFSET_FILE"]
        result = self.server.run("serve", env=env)
        self.assertEqual(result.returncode, 2)
        self.assertIn("MATRICULA_SECRET_KEY", result.stderr)


if __name__ == "__main__":
    unittest.main()
