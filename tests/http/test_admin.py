"""The admin area: superusers only (everyone else sees a 404), every action audited."""
import re
import subprocess
import unittest
from urllib.parse import quote

from harness import BIN, Browser, ServerCase, text_of
from test_flows import PASSWORD, person

ADMIN_PASSWORD = "stern governess of the realm"


class Admin(ServerCase):
    env = {"MATRICULA_RATELIMIT_REGISTER_PER_IP": "off", "MATRICULA_INSTRUCTOR_APPROVAL": "1"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        created = subprocess.run([BIN, "createsuperuser", "--email", "Head@School.test", "--first-name", "Minerva",
                                  "--last-name", "McGonagall", "--password-stdin"], input=ADMIN_PASSWORD + "\n",
                                 cwd=cls.server.dir, env=cls.server.env, capture_output=True, text=True)
        assert created.returncode == 0, created.stderr
        cls.admin = Browser(cls.server.base)
        response = cls.admin.post("/account/login/", {"user_email": "head@school.test", "password": ADMIN_PASSWORD})
        assert response.status == 303, response.text

    def registered(self, verify=True):
        who = person()
        browser = Browser(self.server.base)
        self.assertEqual(browser.post("/account/register/", who).status, 303)
        link = re.search(r"http://\S+(/account/verify-account/\S+/)",
                         text_of(self.sink.wait_for(who["email"], "Confirm"))).group(1)
        if verify:
            browser.get(link)
            browser.post("/account/login/", {"user_email": who["email"], "password": PASSWORD})
        user_id = self.server.sql(f"SELECT id FROM users WHERE email = '{who['email']}'")[0][0]
        return who, browser, user_id

    def act(self, user_id, action, browser=None):
        browser = browser or self.admin
        token = browser.csrf_token(f"/admin/users/{user_id}/")
        return browser.post(f"/admin/users/{user_id}/{action}/", {"csrf_token": token}, csrf=False)

    def audit(self, user_id):
        return self.server.sql(f"SELECT action, actor_id, ip FROM audit_log WHERE user_id = {user_id} ORDER BY id")

    def test_createsuperuser_checks_its_input(self):
        weak = subprocess.run([BIN, "createsuperuser", "--email", "x@school.test", "--first-name", "X",
                               "--last-name", "Y", "--password-stdin"], input="password\n", cwd=self.server.dir,
                              env=self.server.env, capture_output=True, text=True)
        self.assertEqual(weak.returncode, 1)
        self.assertIn("password", weak.stderr)

    def test_everyone_else_gets_the_404_of_a_missing_page(self):
        _, student, user_id = self.registered()
        anonymous = Browser(self.server.base)
        # Request ids and CSRF tokens differ from answer to answer; the rest must not.
        strip = lambda text: re.sub(r"<code>[^<]+</code>", "", re.sub(r'value="[^"]+"', "", text))
        for browser in (anonymous, student):
            missing = strip(browser.get("/no/such/page/").text)
            for path in ("/admin/", f"/admin/users/{user_id}/", "/admin/?q=a"):
                response = browser.get(path)
                self.assertEqual(response.status, 404, path)
                self.assertEqual(strip(response.text), missing, path)
            for action in ("deactivate", "activate", "verify_email", "resend_verification", "approve_instructor",
                           "revoke_instructor", "delete_user"):
                for fields in ({}, {"csrf_token": "forged"}):
                    response = browser.post(f"/admin/users/{user_id}/{action}/", fields, csrf=False)
                    self.assertEqual(response.status, 404, action)
                self.assertEqual(browser.request("DELETE", f"/admin/users/{user_id}/").status, 404)
        self.assertEqual(self.server.sql(f"SELECT is_active FROM users WHERE id = {user_id}")[0][0], "1")
        self.assertEqual(self.server.sql(f"SELECT COUNT(*) FROM audit_log WHERE user_id = {user_id} "
                                         "AND actor_id <> user_id")[0][0], "0")

    def test_search_and_keyset_pages(self):
        people = [self.registered(verify=False)[0] for _ in range(3)]
        page = self.admin.get("/admin/?q=" + people[1]["email"][:len("ada.1")]).text
        self.assertIn(people[1]["email"], page)
        by_phone = self.admin.get("/admin/?q=" + quote(people[2]["phone_number"].replace(" ", "")[:12])).text
        self.assertIn(people[2]["email"], by_phone)
        nobody = self.admin.get("/admin/?q=zzzz-nobody").text
        self.assertIn("No users found", nobody)
        # Pages follow each other by id: 50 a page, then a link to the rest.
        for _ in range(48):
            self.registered(verify=False)
        first = self.admin.get("/admin/").text
        next_url = re.search(r'href="(/admin/\?q=&amp;after=\d+)"', first)
        self.assertIsNotNone(next_url)
        second = self.admin.get(next_url.group(1).replace("&amp;", "&")).text
        first_ids = set(re.findall(r'/admin/users/(\d+)/', first))
        second_ids = set(re.findall(r'/admin/users/(\d+)/', second))
        self.assertEqual(len(first_ids), 50)
        self.assertTrue(second_ids)
        self.assertFalse(first_ids & second_ids)

    def test_user_page_and_every_action_is_audited(self):
        who, student, user_id = self.registered()
        student.post("/account/teach/", {"csrf_token": student.csrf_token("/account/profile/")})
        page = self.admin.get(f"/admin/users/{user_id}/").text
        for text in (who["email"], "Student", "Instructor", "awaiting approval", "signed_in", "Sessions"):
            self.assertIn(text, page)
        admin_id = self.server.sql("SELECT id FROM users WHERE email = 'head@school.test'")[0][0]

        self.assertEqual(self.act(user_id, "approve_instructor").status, 303)
        self.assertEqual(self.server.sql(f"SELECT approved FROM profiles WHERE user_id = {user_id} "
                                         "AND role = 'instructor'")[0][0], "1")
        self.assertEqual(self.act(user_id, "deactivate").status, 303)
        self.assertNotIn("Welcome, ", student.get("/").text)  # their sessions ended
        self.assertEqual(self.server.sql(f"SELECT COUNT(*) FROM sessions WHERE user_id = {user_id}")[0][0], "0")
        self.assertEqual(Browser(self.server.base).post(
            "/account/login/", {"user_email": who["email"], "password": PASSWORD}).status, 400)
        self.assertEqual(self.act(user_id, "activate").status, 303)
        self.assertEqual(self.act(user_id, "revoke_instructor").status, 303)
        self.assertEqual(self.server.sql(f"SELECT COUNT(*) FROM profiles WHERE user_id = {user_id}")[0][0], "1")

        admin_actions = [(a, ip) for a, actor, ip in self.audit(user_id) if actor == admin_id]
        self.assertEqual([a for a, _ in admin_actions],
                         ["instructor_approved", "deactivated", "activated", "instructor_revoked"])
        self.assertTrue(all(ip == "127.0.0.1" for _, ip in admin_actions))
        self.assertIn("instructor_revoked", self.admin.get(f"/admin/users/{user_id}/").text)

        self.assertEqual(self.act(user_id, "delete_user").status, 303)
        self.assertEqual(self.server.sql(f"SELECT COUNT(*) FROM users WHERE id = {user_id}")[0][0], "0")
        deleted = self.server.sql(f"SELECT detail FROM audit_log WHERE action = 'user_deleted' AND actor_id = {admin_id}")
        self.assertIn((who["email"],), deleted)
        self.assertEqual(self.admin.get(f"/admin/users/{user_id}/").status, 404)

    def test_verify_by_hand_and_resend(self):
        who, _, user_id = self.registered(verify=False)
        after = len(self.sink.messages)
        self.assertEqual(self.act(user_id, "resend_verification").status, 303)
        self.sink.wait_for(who["email"], "Confirm", after=after)
        self.assertEqual(self.act(user_id, "verify_email").status, 303)
        self.assertNotEqual(self.server.sql(f"SELECT email_verified_at FROM users WHERE id = {user_id}")[0][0], "None")
        self.assertEqual([a for a, _, _ in self.audit(user_id)][-2:], ["verification_resent", "email_verified_by_hand"])

    def test_actions_need_the_csrf_token(self):
        _, _, user_id = self.registered()
        response = self.admin.post(f"/admin/users/{user_id}/deactivate/", {}, csrf=False)
        self.assertEqual(response.status, 403)
        self.assertEqual(self.server.sql(f"SELECT is_active FROM users WHERE id = {user_id}")[0][0], "1")


if __name__ == "__main__":
    unittest.main()
