// End-to-end test of matricula's profile, picture, teaching, data download, account
// deletion and admin pages through headless Chromium.
//
//   cd tests/e2e && npm ci        # once: installs playwright-core (no browser download)
//   node --test tests/e2e/profile.test.mjs
//
// Same set-up as flows.test.mjs (see harness.mjs): the built server on a free port with a
// fresh SQLite database and a file mailbox, Debian's Chromium. The superuser is made with
// `matricula createsuperuser --password-stdin`. Screenshots go to /tmp/e2e-profile*.png
// and /tmp/e2e-admin-user*.png.

import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import zlib from 'node:zlib';
import {
  useServer, submit, pathOf, alertTexts, activeElementId, scrollWidth, expectFieldError,
  expectNoFieldError, expectSignedOutHome, register, signIn, escapeRegExp,
} from './harness.mjs';

const GRACE = {
  first: 'Grace',
  last: 'Hopper',
  email: 'grace.hopper@example.edu',
  phone: '+1 555-201-0001',
  password: 'cobol-compiler-nanosecond-9',
};
const ALAN = {
  first: 'Alan',
  last: 'Turing',
  email: 'alan.turing@example.edu',
  phone: '+1 555-201-0002',
  password: 'enigma-bombe-morphogenesis-7',
};
const CAROL = {  // registers but never opens the confirmation link
  first: 'Carol',
  last: 'Shaw',
  email: 'carol.shaw@example.edu',
  phone: '+1 555-201-0003',
  password: 'river-raid-atari-1982-x',
};
const BOSS = {
  first: 'Minerva',
  last: 'McGonagall',
  email: 'boss@school.test',
  password: 'stern governess of the realm',
};
const NARROW = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const NOT_AN_IMAGE_ERROR = 'Choose a JPEG, PNG, WebP or GIF picture.';

const run = useServer();
const { step } = run;

// A real RGB PNG of width x height (a colour gradient), made with zlib.
function makePng(width, height) {
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;  // bit depth
  header[9] = 2;  // colour type: RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    rows[row] = 0;  // filter: none
    for (let x = 0; x < width; x++) {
      rows[row + 1 + x * 3] = Math.round((255 * x) / width);
      rows[row + 2 + x * 3] = Math.round((255 * y) / height);
      rows[row + 3 + x * 3] = 160;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// The src of the large picture on the profile page and of the small one in the navbar.
async function avatarSources(page) {
  return {
    large: await page.locator('main img.avatar.large').getAttribute('src'),
    small: await page.locator('header.navbar img.avatar').getAttribute('src'),
  };
}

// Waits until the image is loaded and returns its natural size.
async function naturalSize(locator) {
  return locator.evaluate(async (img) => {
    if (!img.complete) await new Promise((resolve) => { img.onload = img.onerror = resolve; });
    return { width: img.naturalWidth, height: img.naturalHeight };
  });
}

function expectInitialsAvatar(src, where) {
  assert.ok(src?.startsWith('data:image/svg+xml,'), `${where} is an initials SVG (got ${src?.slice(0, 60)})`);
  assert.match(decodeURIComponent(src.slice('data:image/svg+xml,'.length)), /^<svg[\s\S]*<\/svg>$/, `${where} holds an SVG`);
}

async function uploadPicture(page, file) {
  await page.getByLabel('New picture').setInputFiles(file);
  return submit(page, page.getByRole('button', { name: 'Upload picture' }));
}

// The texts of the rows of a table, one string per row with cells joined by " | ".
async function tableRows(table) {
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((tr) => [...tr.cells].map((td) => td.innerText.trim()).join(' | ')));
}

// The hidden CSRF token of the page's first form.
async function csrfToken(page) {
  return page.locator('input[name="csrf_token"]').first().inputValue();
}

// ---------------------------------------------------------------------------

describe('profile, picture, teaching, data and deletion in Chromium', () => {
  let page;  // Grace's signed-in page, used by every test of this group
  after(async () => { await page?.context().close(); });

  test('three people register (two confirm) and Grace signs in', step(async () => {
    page = await run.newPage();
    await register(run, page, GRACE);
    await register(run, page, ALAN);
    await register(run, page, CAROL, { confirm: false });
    assert.equal(await signIn(run, page, GRACE), 303);
    assert.equal(pathOf(page), '/');
  }));

  test('the profile form shows errors per field, then saves', step(async () => {
    await page.locator('header.navbar a.who').click();
    await page.waitForURL(`${run.base}/account/profile/`);
    await page.getByRole('heading', { level: 1, name: 'Your profile' }).waitFor();
    assert.match(await page.locator('main').innerText(), new RegExp(`Signed in as ${escapeRegExp(GRACE.email)}\\.`));
    assert.equal(await page.getByLabel('First name').inputValue(), GRACE.first);
    assert.equal(await page.getByLabel('Last name').inputValue(), GRACE.last);
    assert.match(await page.getByLabel('Phone number').inputValue(), /555.*201.*0001/, 'the phone number is filled in');
    assert.equal(await page.getByLabel('Headline').count(), 0, 'a student has no headline field');
    assert.equal(await page.getByLabel('Short bio').count(), 0, 'a student has no bio field');

    // An empty first name and a phone number that is not one.
    await page.getByLabel('First name').fill('');
    await page.getByLabel('Last name').fill('Brewster Hopper');
    await page.getByLabel('Phone number').fill('12-34');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Save' })), 400,
                 'the form with errors comes back with status 400');
    assert.equal(pathOf(page), '/account/profile/');
    for (const field of ['first_name', 'phone_number']) await expectFieldError(page, field);
    await expectNoFieldError(page, 'last_name');
    assert.equal(await page.getByLabel('Last name').inputValue(), 'Brewster Hopper', 'the last name typed is kept');
    assert.equal(await page.getByLabel('Phone number').inputValue(), '12-34', 'the phone number typed is kept');
    assert.equal(await activeElementId(page, 'first_name'), 'first_name', 'focus is on the first field in error');
    assert.deepEqual(await alertTexts(page, 'success'), [], 'nothing claims to be saved');
    assert.equal((await page.locator('main p.form-error[role="alert"]').innerText()).trim(), 'Please correct the errors below.');

    // Another account's phone number.
    await page.getByLabel('First name').fill(GRACE.first);
    await page.getByLabel('Phone number').fill(ALAN.phone);
    assert.equal(await submit(page, page.getByRole('button', { name: 'Save' })), 400);
    assert.equal(await expectFieldError(page, 'phone_number'), 'This phone number belongs to another account.');
    await expectNoFieldError(page, 'first_name');

    // Right this time.
    await page.getByLabel('Phone number').fill('+1 555-201-0009');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Save' })), 303);
    assert.equal(pathOf(page), '/account/profile/');
    assert.deepEqual(await alertTexts(page, 'success'), ['Your profile is saved.']);
    assert.equal(await page.getByLabel('First name').inputValue(), GRACE.first);
    assert.equal(await page.getByLabel('Last name').inputValue(), 'Brewster Hopper');
    assert.match(await page.getByLabel('Phone number').inputValue(), /555.*201.*0009/);
    assert.equal((await page.locator('header.navbar a.who').innerText()).trim(), 'Grace Brewster Hopper',
                 'the navbar shows the new name');
    await page.goto(`${run.base}/`);
    assert.equal((await page.getByRole('heading', { level: 1 }).innerText()).trim(), 'Welcome, Grace Brewster Hopper');
  }));

  test('a picture is refused when it is not an image, then uploaded, shown, removed and uploaded again', step(async () => {
    await page.goto(`${run.base}/account/profile/`);
    let src = await avatarSources(page);
    expectInitialsAvatar(src.large, 'the large avatar before any upload');
    expectInitialsAvatar(src.small, 'the navbar avatar before any upload');
    assert.equal(await page.getByRole('button', { name: 'Remove picture' }).count(), 0, 'nothing to remove yet');

    // A text file named like a JPEG.
    const status = await uploadPicture(page, { name: 'holiday.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('Not a picture at all.\n') });
    assert.equal(status, 400, 'a non-image comes back with status 400');
    assert.equal(pathOf(page), '/account/profile/picture/');
    assert.equal(await expectFieldError(page, 'profile_picture'), NOT_AN_IMAGE_ERROR);
    assert.equal(await activeElementId(page, 'profile_picture'), 'profile_picture', 'focus is on the file field');
    expectInitialsAvatar((await avatarSources(page)).large, 'the large avatar after a refused upload');
    await page.screenshot({ path: '/tmp/e2e-profile-picture-error.png', fullPage: true });

    // A real PNG, wider than high.
    assert.equal(await uploadPicture(page, { name: 'grace.png', mimeType: 'image/png', buffer: makePng(120, 80) }), 303);
    assert.equal(pathOf(page), '/account/profile/');
    assert.deepEqual(await alertTexts(page, 'success'), ['Your new picture is in place.']);
    src = await avatarSources(page);
    const [, name] = src.large.match(/^\/media\/pictures\/([A-Za-z0-9_-]+)\/large$/) ||
                     assert.fail(`the large avatar is a served picture (got ${src.large.slice(0, 60)})`);
    assert.equal(src.small, `/media/pictures/${name}/small`, 'the navbar shows the same picture, small');
    for (const [where, locator] of [['large', page.locator('main img.avatar.large')], ['small', page.locator('header.navbar img.avatar')]]) {
      const size = await naturalSize(locator);
      assert.ok(size.width > 0, `the ${where} picture loads in the browser`);
      assert.equal(size.width, size.height, `the ${where} picture is square (got ${size.width}x${size.height})`);
      const response = await page.request.get(`${run.base}/media/pictures/${name}/${where}`);
      assert.equal(response.status(), 200);
      assert.match(response.headers()['content-type'] || '', /^image\/(jpeg|png|webp|gif)$/, `the ${where} picture's type`);
    }

    // Removed: back to the initials; the old address no longer serves it.
    assert.equal(await submit(page, page.getByRole('button', { name: 'Remove picture' })), 303);
    assert.equal(pathOf(page), '/account/profile/');
    assert.deepEqual(await alertTexts(page, 'info'), ['Your picture is removed.']);
    src = await avatarSources(page);
    expectInitialsAvatar(src.large, 'the large avatar after removal');
    expectInitialsAvatar(src.small, 'the navbar avatar after removal');
    assert.equal((await page.request.get(`${run.base}/media/pictures/${name}/large`)).status(), 404,
                 'the removed picture is no longer served');

    // Again, for the rest of the tests.
    assert.equal(await uploadPicture(page, { name: 'grace.png', mimeType: 'image/png', buffer: makePng(90, 90) }), 303);
    assert.match((await avatarSources(page)).large, /^\/media\/pictures\/[A-Za-z0-9_-]+\/large$/);
  }));

  test('a refused picture does not mark the Details form as wrong', step(async () => {
    await page.goto(`${run.base}/account/profile/`);
    assert.equal(await uploadPicture(page, { name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('%PDF-1.4\n') }), 400);
    assert.equal(await expectFieldError(page, 'profile_picture'), NOT_AN_IMAGE_ERROR);
    for (const field of ['first_name', 'last_name', 'phone_number']) await expectNoFieldError(page, field);
    // Only the picture is wrong: the Details form must not say that it has errors.
    const detailsErrors = await page.evaluate(() => {
      const picture = document.querySelector('main form[action="/account/profile/picture/"]');
      const details = document.querySelector('main form[action="/account/profile/"]');
      const after = (a, b) => Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
      return [...document.querySelectorAll('main .form-error, main .field-error')]
        .filter((el) => !picture.contains(el) && after(picture, el) && (details.contains(el) || after(el, details)))
        .map((el) => el.innerText.trim());
    });
    assert.deepEqual(detailsErrors, [], 'no error shown with the Details form when only the picture is refused');
  }));

  test('"I want to teach" makes an instructor profile with a headline and a bio', step(async () => {
    await page.goto(`${run.base}/account/profile/`);
    assert.equal(await submit(page, page.getByRole('button', { name: 'I want to teach' })), 303);
    assert.equal(pathOf(page), '/account/profile/');
    assert.deepEqual(await alertTexts(page, 'success'), ['You can teach now: your instructor profile is ready.']);
    const badges = await page.locator('main .badge').allInnerTexts();
    assert.deepEqual(badges.map((b) => b.trim()).sort(), ['Instructor', 'Student']);
    assert.equal(await page.getByRole('button', { name: 'I want to teach' }).count(), 0, 'no second request');

    await page.getByLabel('Headline').fill('Rear admiral, inventor of the compiler');
    await page.getByLabel('Short bio').fill('I found the first actual bug.\nIt was a moth.');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Save' })), 303);
    assert.deepEqual(await alertTexts(page, 'success'), ['Your profile is saved.']);
    await page.reload();
    assert.equal(await page.getByLabel('Headline').inputValue(), 'Rear admiral, inventor of the compiler');
    assert.equal(await page.getByLabel('Short bio').inputValue(), 'I found the first actual bug.\nIt was a moth.');
    await page.screenshot({ path: '/tmp/e2e-profile.png', fullPage: true });
  }));

  test('the profile page fits a 375 px wide screen', step(async () => {
    const narrow = await run.newPage({ ...NARROW, storageState: await page.context().storageState() });
    try {
      await narrow.goto(`${run.base}/account/profile/`);
      await narrow.getByLabel('Headline').waitFor();
      await naturalSize(narrow.locator('main img.avatar.large'));
      const width = await scrollWidth(narrow);
      assert.ok(width <= 375, `no horizontal scroll on the profile page (scrollWidth ${width})`);
      await narrow.screenshot({ path: '/tmp/e2e-profile-narrow.png', fullPage: true });
    } finally {
      await narrow.context().close();
    }
  }));

  test('"Download everything we hold about you (JSON)" gives a JSON file', step(async () => {
    await page.goto(`${run.base}/account/profile/`);
    const pictureUrl = run.base + (await avatarSources(page)).large;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download everything we hold about you (JSON)' }).click(),
    ]);
    assert.equal(new URL(download.url()).pathname, '/account/data/');
    assert.match(download.suggestedFilename(), /\.json$/);
    const text = await fs.readFile(await download.path(), 'utf8');
    const data = JSON.parse(text);
    assert.equal(data.account.email, GRACE.email);
    assert.equal(data.account.last_name, 'Brewster Hopper');
    const roles = data.profiles.map((p) => p.role).sort();
    assert.deepEqual(roles, ['instructor', 'student']);
    assert.equal(data.profiles.find((p) => p.role === 'instructor').headline, 'Rear admiral, inventor of the compiler');
    assert.equal(data.picture, pictureUrl);
    assert.doesNotMatch(text, /argon2|password_hash/i, 'no password hash in the download');
  }));

  test('deleting the account needs the password, then signs out for good', step(async () => {
    await page.goto(`${run.base}/account/profile/`);
    const pictureUrl = run.base + (await avatarSources(page)).large;
    await page.getByRole('link', { name: 'Delete your account' }).click();
    await page.waitForURL(`${run.base}/account/delete/`);

    await page.getByLabel('Your password').fill('not-the-password-at-all');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Delete my account' })), 400);
    assert.equal(pathOf(page), '/account/delete/');
    await expectFieldError(page, 'password');
    assert.equal(await page.getByLabel('Your password').inputValue(), '', 'the password is not sent back');

    await page.getByLabel('Your password').fill(GRACE.password);
    assert.equal(await submit(page, page.getByRole('button', { name: 'Delete my account' })), 303);
    await expectSignedOutHome(page);
    assert.deepEqual(await alertTexts(page, 'info'), ['Your account and everything in it are deleted. Goodbye!']);
    assert.equal((await page.request.get(pictureUrl)).status(), 404, 'the picture went with the account');

    await signIn(run, page, GRACE);
    assert.equal(pathOf(page), '/account/login/');
    assert.match(await page.locator('main').innerText(), /The e-mail address or password is not right\./);
    assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0, 'not signed in');
  }));
});

describe('the admin area in Chromium', () => {
  let boss;  // the superuser's page
  let alan;  // Alan's page
  after(async () => {
    await boss?.context().close();
    await alan?.context().close();
  });

  test('a student gets the usual "Page not found" for /admin/ and its actions', step(async () => {
    alan = await run.newPage();
    assert.equal(await signIn(run, alan, ALAN), 303);
    assert.equal(await alan.locator('header.navbar').getByRole('link', { name: 'Admin' }).count(), 0,
                 'no "Admin" link for a student');

    // The whole page, but for the per-request reference it shows.
    const notFoundPage = async (url) => {
      const response = await alan.goto(`${run.base}${url}`);
      const html = (await alan.content()).replace(/Reference: <code>[A-Za-z0-9_-]+<\/code>/, 'Reference: <code>…</code>');
      return { status: response.status(), html };
    };
    const missing = await notFoundPage('/no-such-page/');
    assert.equal(missing.status, 404);
    await alan.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    assert.match(missing.html, /Reference: <code>…<\/code>/);

    for (const url of ['/admin/', '/admin/?q=a', '/admin/users/1/']) {
      assert.deepEqual(await notFoundPage(url), missing, `${url} shows a student the same 404 page as a missing page`);
    }

    await alan.goto(`${run.base}/`);
    const posted = await alan.request.post(`${run.base}/admin/users/1/deactivate/`, {
      form: { csrf_token: await csrfToken(alan) }, maxRedirects: 0,
    });
    assert.equal(posted.status(), 404, 'an admin action by a student answers 404');
  }));

  test('the superuser finds a user, deactivates them and sees it in the audit log', step(async () => {
    await run.command(['createsuperuser', '--email', BOSS.email, '--first-name', BOSS.first, '--last-name', BOSS.last,
                       '--password-stdin'], { input: `${BOSS.password}\n` });
    boss = await run.newPage();
    assert.equal(await signIn(run, boss, BOSS), 303);
    const adminLink = boss.locator('header.navbar').getByRole('link', { name: 'Admin', exact: true });
    assert.equal(await adminLink.getAttribute('href'), '/admin/');
    await adminLink.click();
    await boss.waitForURL(`${run.base}/admin/`);
    await boss.getByRole('heading', { level: 1, name: 'Users' }).waitFor();

    const table = boss.locator('main table.list');
    let rows = await tableRows(table);
    const emails = (await table.locator('tbody tr td:first-child a').allInnerTexts()).map((e) => e.trim()).sort();
    assert.deepEqual(emails, [ALAN.email, CAROL.email, BOSS.email].sort(), 'every user but the deleted one is listed');
    assert.ok(rows.some((r) => r.startsWith(`${BOSS.email} superuser | ${BOSS.first} ${BOSS.last}`)),
              `the superuser's row (rows: ${rows.join(' / ')})`);

    const search = boss.getByLabel('Search by the start of an e-mail, name or phone number');
    await search.fill('alan.t');
    await boss.getByRole('button', { name: 'Search' }).click();
    await boss.waitForURL(/\/admin\/\?q=alan\.t$/);
    rows = await tableRows(table);
    assert.equal(rows.length, 1, `one user found (rows: ${rows.join(' / ')})`);
    assert.match(rows[0], /^alan\.turing@example\.edu \| Alan Turing \| active \| /);
    assert.equal(await search.inputValue(), 'alan.t', 'the search is kept in its field');

    await search.fill('Turi');
    await boss.getByRole('button', { name: 'Search' }).click();
    await boss.waitForURL(/\?q=Turi$/);
    assert.deepEqual((await table.locator('tbody tr td:first-child a').allInnerTexts()).map((e) => e.trim()), [ALAN.email],
                     'found by the start of the last name');

    await search.fill('zzz-nobody');
    await boss.getByRole('button', { name: 'Search' }).click();
    await boss.waitForURL(/\?q=zzz-nobody$/);
    assert.match(await boss.locator('main').innerText(), /No users found\./);

    await search.fill('alan');
    await boss.getByRole('button', { name: 'Search' }).click();
    await boss.waitForURL(/\?q=alan$/);
    await boss.getByRole('link', { name: ALAN.email }).click();
    await boss.waitForURL(new RegExp(`^${escapeRegExp(run.base)}/admin/users/\\d+/$`));
    const userUrl = boss.url();
    assert.equal((await boss.getByRole('heading', { level: 1 }).innerText()).trim(), 'Alan Turing');
    for (const name of ['Deactivate (ends sessions)', 'Delete user']) {
      assert.ok(await boss.getByRole('button', { name }).isVisible(), `a "${name}" button`);
    }
    assert.equal(await boss.getByRole('button', { name: 'Mark address verified' }).count(), 0,
                 'no "Mark address verified" for a verified address');
    await boss.getByRole('heading', { level: 2, name: 'Security events and audit log' }).waitFor();

    assert.equal(await submit(boss, boss.getByRole('button', { name: 'Deactivate (ends sessions)' })), 303);
    assert.equal(boss.url(), userUrl);
    assert.deepEqual(await alertTexts(boss, 'success'), ['Done: deactivate.']);
    const audit = await tableRows(boss.locator('main table.list'));
    assert.ok(audit.some((r) => / \| deactivated \| admin #\d+ \| /.test(r)),
              `the audit log has "deactivated" by an admin (rows: ${audit.join(' / ')})`);
    assert.match(await boss.locator('dl.facts').innerText(), /Status\s+deactivated/);
    assert.ok(await boss.getByRole('button', { name: 'Activate', exact: true }).isVisible(), 'an "Activate" button now');
    await boss.screenshot({ path: '/tmp/e2e-admin-user.png', fullPage: true });

    // Alan's session is over, and he cannot sign in again.
    await alan.goto(`${run.base}/account/profile/`);
    assert.equal(pathOf(alan), '/account/login/', 'a deactivated user is signed out');
    await signIn(run, alan, ALAN);
    assert.equal(pathOf(alan), '/account/login/');
    assert.equal(await alan.getByRole('button', { name: 'Sign out' }).count(), 0, 'a deactivated user cannot sign in');
  }));

  test('the admin pages fit a 375 px wide screen', step(async () => {
    const narrow = await run.newPage({ ...NARROW, storageState: await boss.context().storageState() });
    try {
      const widths = {};
      await narrow.goto(boss.url());
      await narrow.getByRole('heading', { level: 2, name: 'Security events and audit log' }).waitFor();
      await narrow.screenshot({ path: '/tmp/e2e-admin-user-narrow.png', fullPage: true });
      widths[pathOf(narrow)] = await scrollWidth(narrow);
      await narrow.goto(`${run.base}/admin/`);
      await narrow.screenshot({ path: '/tmp/e2e-admin-users-narrow.png', fullPage: true });
      widths[pathOf(narrow)] = await scrollWidth(narrow);
      for (const [url, width] of Object.entries(widths)) {
        assert.ok(width <= 375, `no horizontal scroll on ${url} (scrollWidth ${width}; all: ${JSON.stringify(widths)})`);
      }
    } finally {
      await narrow.context().close();
    }
  }));

  test('the superuser marks an address verified, then deletes that user', step(async () => {
    await boss.goto(`${run.base}/admin/?q=carol`);
    await boss.getByRole('link', { name: CAROL.email }).click();
    await boss.waitForURL(new RegExp(`^${escapeRegExp(run.base)}/admin/users/\\d+/$`));
    assert.match(await boss.locator('dl.facts').innerText(), /Status\s+unverified/);
    assert.match(await boss.locator('dl.facts').innerText(), /Address verified\s+no/);

    assert.equal(await submit(boss, boss.getByRole('button', { name: 'Mark address verified' })), 303);
    assert.deepEqual(await alertTexts(boss, 'success'), ['Done: verify_email.']);
    assert.match(await boss.locator('dl.facts').innerText(), /Status\s+active/);
    assert.doesNotMatch(await boss.locator('dl.facts').innerText(), /Address verified\s+no/);
    const audit = await tableRows(boss.locator('main table.list'));
    assert.ok(audit.some((r) => / \| email_verified_by_hand \| admin #\d+ \| /.test(r)),
              `the audit log has the verification (rows: ${audit.join(' / ')})`);

    assert.equal(await submit(boss, boss.getByRole('button', { name: 'Delete user' })), 303);
    assert.equal(pathOf(boss), '/admin/');
    assert.deepEqual(await alertTexts(boss, 'success'), ['Done: delete_user.']);
    const emails = (await boss.locator('main table.list tbody tr td:first-child a').allInnerTexts()).map((e) => e.trim()).sort();
    assert.deepEqual(emails, [ALAN.email, BOSS.email].sort(), 'the deleted user is gone from the list');
  }));

  test('no page answered with a server error', step(async () => {
    assert.deepEqual(run.serverErrors, []);
  }));
});
