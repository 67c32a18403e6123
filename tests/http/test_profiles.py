"""Profiles with pictures, teaching, data download and account deletion, end to end."""
import json
import re
import socket
import unittest

import harness
import images
from harness import Browser, ServerCase, text_of
from test_flows import PASSWORD, flashes, person


class Profiles(ServerCase):
    env = {"MATRICULA_RATELIMIT_REGISTER_PER_IP": "off"}

    def signed_in(self, **overrides):
        who = dict(person(), **overrides)
        browser = Browser(self.server.base)
        self.assertEqual(browser.post("/account/register/", who).status, 303)
        link = re.search(r"http://\S+(/account/verify-account/\S+/)",
                         text_of(self.sink.wait_for(who["email"], "Confirm"))).group(1)
        browser.get(link)
        self.assertEqual(browser.post("/account/login/", {"user_email": who["email"], "password": PASSWORD}).status, 303)
        return who, browser

    def upload(self, browser, filename, content_type, data):
        token = browser.csrf_token("/account/profile/")
        type_, body = images.multipart({"csrf_token": token}, {"profile_picture": (filename, content_type, data)})
        return browser.request("POST", "/account/profile/picture/", body=body, headers={"Content-Type": type_})

    def picture_urls(self, browser):
        page = browser.get("/account/profile/").text
        return re.findall(r'src="(/media/pictures/[^"]+/(?:large|small))"', page)

    def test_edit_details_with_errors_then_success(self):
        who, browser = self.signed_in()
        bad = browser.post("/account/profile/", {"first_name": "", "last_name": "Byron", "phone_number": "12"})
        self.assertEqual(bad.status, 400)
        self.assertIn('id="first_name-error"', bad.text)
        self.assertIn('id="phone_number-error"', bad.text)
        self.assertIn('value="Byron"', bad.text)
        ok = browser.post("/account/profile/", {"first_name": "Augusta Ada", "last_name": "King",
                                                "phone_number": "+44 20 7946 0999"})
        self.assertEqual(ok.status, 303)
        page = browser.follow(ok).text
        self.assertIn("Your profile is saved.", flashes(page))
        self.assertIn('value="+442079460999"', page)
        self.assertIn("Augusta Ada King", browser.get("/").text)

    def test_phone_of_another_account_is_refused(self):
        first, _ = self.signed_in()
        _, browser = self.signed_in()
        taken = browser.post("/account/profile/", {"first_name": "A", "last_name": "B",
                                                   "phone_number": first["phone_number"]})
        self.assertEqual(taken.status, 400)
        self.assertIn("belongs to another account", taken.text)

    def test_jpeg_comes_back_square_without_gps(self):
        _, browser = self.signed_in()
        original = images.jpeg_with_gps()
        self.assertIn("GPSLatitude", images.exif_tags(original))
        self.assertEqual(self.upload(browser, "holiday.jpg", "image/jpeg", original).status, 303)
        urls = self.picture_urls(browser)
        self.assertTrue(any(u.endswith("/large") for u in urls), urls)
        large = browser.get([u for u in urls if u.endswith("/large")][0])
        self.assertEqual(large.status, 200)
        self.assertEqual(large.getheader("Content-Type"), "image/jpeg")
        self.assertEqual(large.getheader("X-Content-Type-Options"), "nosniff")
        self.assertIn("immutable", large.getheader("Cache-Control"))
        tags = images.exif_tags(large.data)
        self.assertNotIn("GPS", tags)
        self.assertNotIn("secret comment", tags)
        self.assertIn("512", tags)  # ImageWidth / ImageSize 512x512
        etag = large.getheader("ETag")
        again = browser.get([u for u in urls if u.endswith("/large")][0], headers={"If-None-Match": etag})
        self.assertEqual(again.status, 304)
        # A 304 has no body: the next answer on the same connection reads whole.
        path = [u for u in urls if u.endswith("/large")][0]
        (cached, home), _ = harness.pipelined(self.server.port, [
            ("GET", f"GET {path} HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: {etag}\r\n\r\n".encode()),
            ("GET", b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")])
        self.assertEqual((cached.status, cached.data, cached.getheader("Content-Length")), (304, b"", None))
        self.assertEqual(home.status, 200)
        self.assertIn("Welcome to matricula", home.data.decode())
        # The navbar shows the small one.
        self.assertRegex(browser.get("/").text, r'class="avatar" src="/media/pictures/[^"]+/small"')

    def test_png_is_kept_as_png(self):
        _, browser = self.signed_in()
        self.assertEqual(self.upload(browser, "me.png", "image/png", images.png()).status, 303)
        small = browser.get([u for u in self.picture_urls(browser) if u.endswith("/large")][0].replace("large", "small"))
        self.assertEqual(small.getheader("Content-Type"), "image/png")

    def test_what_is_not_a_picture_is_refused_with_a_clear_message(self):
        _, browser = self.signed_in()
        cases = {
            "text renamed .jpg": ("notes.jpg", "image/jpeg", b"just some text, not a picture\n" * 10),
            "truncated": ("cut.jpg", "image/jpeg", images.jpeg_with_gps()[:300]),
            "30000x30000 PNG": ("bomb.png", "image/png", images.huge_png()),
            "HTML with an image header": ("page.gif", "image/gif", images.html_with_image_header()),
        }
        for what, (name, type_, data) in cases.items():
            response = self.upload(browser, name, type_, data)
            self.assertEqual(response.status, 400, what)
            self.assertIn('id="profile_picture-error"', response.text, what)
        self.assertEqual(self.picture_urls(browser), [])
        self.assertIn("too large", self.upload(browser, "bomb.png", "image/png", images.huge_png()).text)

    def test_body_over_the_cap_gets_413_before_it_is_sent(self):
        _, browser = self.signed_in()
        cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=5) as s:
            s.sendall(f"POST /account/profile/picture/ HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
                      f"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {6 * 1024 * 1024}\r\n\r\n"
                      .encode())
            answer = s.recv(4096).decode("utf-8", "replace")  # the server answers without waiting for the body
        self.assertTrue(answer.startswith("HTTP/1.1 413"), answer[:100])

    def test_initials_avatar_then_remove_picture(self):
        _, browser = self.signed_in(first_name="Grace", last_name="Hopper")
        self.assertIn('src="data:image/svg+xml,', browser.get("/").text)
        self.assertIn("%3EGH%3C", browser.get("/").text)  # the initials inside the SVG
        self.upload(browser, "me.png", "image/png", images.png())
        url = self.picture_urls(browser)[0]
        removed = browser.post("/account/profile/picture/remove/",
                               {"csrf_token": browser.csrf_token("/account/profile/")})
        self.assertEqual(removed.status, 303)
        self.assertEqual(Browser(self.server.base).get(url).status, 404)
        self.assertIn('src="data:image/svg+xml,', browser.get("/").text)

    def test_download_data_and_delete_with_password(self):
        who, browser = self.signed_in()
        self.upload(browser, "me.png", "image/png", images.png())
        picture = self.picture_urls(browser)[0]
        download = browser.get("/account/data/")
        self.assertEqual(download.getheader("Content-Type"), "application/json; charset=utf-8")
        self.assertIn("attachment", download.getheader("Content-Disposition"))
        data = json.loads(download.text)
        self.assertEqual(data["account"]["email"], who["email"])
        self.assertEqual(data["profiles"][0]["role"], "student")
        self.assertTrue(any(e["action"] == "signed_in" for e in data["events"]))
        self.assertNotIn("password_hash", download.text)

        wrong = browser.post("/account/delete/", {"password": "not my password"})
        self.assertEqual(wrong.status, 400)
        self.assertEqual(self.server.sql(f"SELECT COUNT(*) FROM users WHERE email = '{who['email']}'")[0][0], "1")
        gone = browser.post("/account/delete/", {"password": PASSWORD})
        self.assertEqual(gone.status, 303)
        self.assertEqual(self.server.sql(f"SELECT COUNT(*) FROM users WHERE email = '{who['email']}'")[0][0], "0")
        self.assertEqual(Browser(self.server.base).get(picture).status, 404)
        self.assertNotIn("Welcome,", browser.get("/").text)
        self.assertEqual(Browser(self.server.base).post(
            "/account/login/", {"user_email": who["email"], "password": PASSWORD}).status, 400)
        for table in ("profiles", "phone_numbers", "sessions", "login_codes", "profile_pictures"):
            self.assertEqual(self.server.sql(
                f"SELECT COUNT(*) FROM {table} t LEFT JOIN users u ON u.id = t.user_id "
                f"WHERE t.user_id IS NOT NULL AND u.id IS NULL")[0][0],
                "0", table)

    def test_delete_with_a_fresh_code(self):
        who, browser = self.signed_in()
        after = len(self.sink.messages)
        self.assertEqual(browser.post("/account/delete/code/",
                                      {"csrf_token": browser.csrf_token("/account/delete/")}).status, 303)
        code = re.search(r"\b([A-Z2-9]{4}-[A-Z2-9]{4})\b",
                         text_of(self.sink.wait_for(who["email"], "sign-in code", after=after))).group(1)
        self.assertEqual(browser.post("/account/delete/", {"code": "2222-2222"}).status, 400)
        self.assertEqual(browser.post("/account/delete/", {"code": code.lower()}).status, 303)
        self.assertEqual(self.server.sql(f"SELECT COUNT(*) FROM users WHERE email = '{who['email']}'")[0][0], "0")

    def test_a_student_can_ask_to_teach(self):
        _, browser = self.signed_in()
        self.assertEqual(browser.post("/account/teach/", {"csrf_token": browser.csrf_token("/account/profile/")}).status,
                         303)
        page = browser.get("/account/profile/").text
        self.assertIn("Instructor", page)
        self.assertNotIn("awaiting approval", page)
        self.assertIn('name="headline"', page)
        saved = browser.post("/account/profile/", {"first_name": "Ada", "last_name": "Lovelace",
                                                   "phone_number": re.search(r'id="phone_number"[^>]*value="([^"]+)"', page).group(1),
                                                   "headline": "Mathematics, engines", "bio": "I teach <b>notes</b>."})
        self.assertEqual(saved.status, 303)
        self.assertIn("I teach &lt;b&gt;notes&lt;/b&gt;.", browser.get("/account/profile/").text)
        self.assertIn("Instructor", browser.get("/").text)

    def test_pages_need_a_signed_in_user(self):
        for path in ("/account/profile/", "/account/data/", "/account/delete/"):
            response = Browser(self.server.base).get(path)
            self.assertEqual(response.status, 303, path)
            self.assertTrue(response.getheader("Location").startswith("/account/login/"), path)


class TeachingNeedsApproval(Profiles):
    env = {"MATRICULA_RATELIMIT_REGISTER_PER_IP": "off", "MATRICULA_INSTRUCTOR_APPROVAL": "1"}

    def test_a_student_can_ask_to_teach(self):
        _, browser = self.signed_in()
        response = browser.post("/account/teach/", {"csrf_token": browser.csrf_token("/account/profile/")})
        self.assertIn("An administrator will review", " ".join(flashes(browser.follow(response).text)))
        self.assertIn("awaiting approval", browser.get("/account/profile/").text)


if __name__ == "__main__":
    unittest.main()
