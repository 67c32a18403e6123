// End-to-end test of matricula's account pages through headless Chromium.
//
//   cd tests/e2e && npm ci        # once: installs playwright-core (no browser download)
//   node --test tests/e2e/flows.test.mjs
//
// It starts the built server (MATRICULA_BIN, default /work/main/build/matricula) on a
// free port with a fresh SQLite database and a file mailbox in a temporary folder (see
// harness.mjs), then does what a person would do in Debian's Chromium (/usr/bin/chromium):
// fills fields found by their labels, clicks buttons, opens the links sent by e-mail.
// Screenshots go to /tmp/e2e-*.png. On failure the temporary folder (server log, mails)
// is kept and its path printed.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useServer, submit, pathOf, alertTexts, activeElementId, scrollWidth, fillRegistration,
  expectFieldError, expectNoFieldError, expectSignedOutHome,
} from './harness.mjs';

// The person used throughout.
const ADA = {
  first: 'Ada',
  last: 'Lovelace',
  email: 'ada.lovelace@example.edu',
  phone: '+1 555-123-4567',
  password: 'violet-tangerine-orbit-42',
};

const run = useServer();
const { step } = run;

async function expectSignedInHome(page, person) {
  assert.equal(pathOf(page), '/', `expected the home page, got ${page.url()}`);
  const h1 = page.getByRole('heading', { level: 1 });
  assert.equal((await h1.innerText()).trim(), `Welcome, ${person.first} ${person.last}`);
  const roles = (await page.locator('main .roles').innerText()).replace(/\s+/g, ' ').trim();
  assert.match(roles, /^You are registered as: Student$/);
  await page.locator('header.navbar').getByRole('button', { name: 'Sign out' }).waitFor();
}

// ---------------------------------------------------------------------------
// The flows, in order: the later ones use the account made by the earlier ones.

describe('matricula account flows in Chromium', () => {
  test('registration with a bad phone number and a common password shows both errors', step(async () => {
    const page = await run.newPage();
    try {
      await page.goto(`${run.base}/`);
      await page.locator('header.navbar').getByRole('link', { name: 'Register', exact: true }).click();
      await page.waitForURL(`${run.base}/account/register/`);

      await fillRegistration(page, { ...ADA, phone: '12-34', password: 'password123' });
      const status = await submit(page, page.getByRole('button', { name: 'Create account' }));
      assert.equal(status, 400, 'the form with errors comes back with status 400');
      assert.equal(pathOf(page), '/account/register/');

      for (const field of ['phone_number', 'password']) await expectFieldError(page, field);
      for (const field of ['first_name', 'last_name', 'email']) await expectNoFieldError(page, field);

      assert.equal(await page.getByLabel('First name').inputValue(), ADA.first, 'the first name is kept');
      assert.equal(await page.getByLabel('Last name').inputValue(), ADA.last, 'the last name is kept');
      assert.equal(await page.getByLabel('E-mail address').inputValue(), ADA.email, 'the e-mail address is kept');
      assert.equal(await page.getByLabel('Password').inputValue(), '', 'the password is not sent back');
      assert.ok(await page.getByRole('radio', { name: 'a student' }).isChecked(), 'the role is kept');

      assert.equal(await activeElementId(page, 'phone_number'), 'phone_number', 'focus is on the first field in error');

      await page.screenshot({ path: '/tmp/e2e-register-errors.png', fullPage: true });
    } finally {
      await page.context().close();
    }
  }));

  test('register, confirm the e-mail address, sign in and sign out', step(async () => {
    const page = await run.newPage();
    try {
      await page.goto(`${run.base}/account/register/`);
      await fillRegistration(page, ADA);
      assert.equal(await submit(page, page.getByRole('button', { name: 'Create account' })), 303);
      assert.equal(pathOf(page), '/account/login/');
      const success = (await alertTexts(page, 'success')).join('\n');
      assert.match(success, /Check your inbox/);

      // Signing in before confirming is refused, with a way to get a new link.
      await page.getByLabel('E-mail address').fill(ADA.email);
      await page.getByLabel('Password').fill(ADA.password);
      await submit(page, page.getByRole('button', { name: 'Sign in', exact: true }));
      assert.equal(pathOf(page), '/account/login/');
      assert.match(await page.locator('main').innerText(), /Please confirm your e-mail address first/);
      assert.ok(await page.getByRole('button', { name: 'Send me a new confirmation link' }).isVisible(),
                'a "Send me a new confirmation link" button is offered');

      // The link from the mail confirms the address.
      const link = await run.confirmationLink(ADA.email);
      await page.goto(link);
      assert.equal(pathOf(page), '/account/login/');
      assert.match((await alertTexts(page, 'success')).join('\n'), /Your e-mail address is confirmed/);

      // A wrong password is refused without saying which half was wrong.
      await page.getByLabel('E-mail address').fill(ADA.email);
      await page.getByLabel('Password').fill('not-the-password-at-all');
      await submit(page, page.getByRole('button', { name: 'Sign in', exact: true }));
      assert.equal(pathOf(page), '/account/login/');
      assert.match(await page.locator('main').innerText(), /The e-mail address or password is not right\./);

      // The right one signs in.
      await page.getByLabel('E-mail address').fill(ADA.email);
      await page.getByLabel('Password').fill(ADA.password);
      assert.equal(await submit(page, page.getByRole('button', { name: 'Sign in', exact: true })), 303);
      await expectSignedInHome(page, ADA);
      await page.screenshot({ path: '/tmp/e2e-home-signed-in.png', fullPage: true });

      // The navbar's button signs out.
      await submit(page, page.locator('header.navbar').getByRole('button', { name: 'Sign out' }));
      await expectSignedOutHome(page);
      assert.match((await page.locator('main .alert[role="alert"]').allInnerTexts()).join('\n'), /You are signed out\./);
    } finally {
      await page.context().close();
    }
  }));

  test('sign in with a code sent by e-mail, then sign out from /account/logout/', step(async () => {
    const page = await run.newPage();
    try {
      await page.goto(`${run.base}/account/login/`);
      await page.getByRole('link', { name: 'Sign in with a code sent by e-mail' }).click();
      await page.waitForURL(`${run.base}/account/send_otp/`);
      await page.getByLabel('E-mail address').fill(ADA.email);
      assert.equal(await submit(page, page.getByRole('button', { name: 'Send me a code' })), 303);
      assert.equal(pathOf(page), '/account/verify_otp/');

      const code = page.getByLabel('Code');
      assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');

      const [, sent] = await run.waitForMail({
        to: ADA.email,
        subject: 'Your matricula sign-in code',
        pattern: /\b([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})\b/,
      });
      const wrong = sent === 'AAAA-AAAA' ? 'BBBB-BBBB' : 'AAAA-AAAA';

      await code.fill(wrong);
      await submit(page, page.getByRole('button', { name: 'Sign in', exact: true }));
      assert.equal(pathOf(page), '/account/verify_otp/');
      assert.match(await page.locator('main').innerText(), /That code is not right or has expired/);

      await page.getByLabel('Code').fill(sent.toLowerCase());
      assert.equal(await submit(page, page.getByRole('button', { name: 'Sign in', exact: true })), 303);
      await expectSignedInHome(page, ADA);

      // GET /account/logout/ asks first; its button signs out.
      await page.goto(`${run.base}/account/logout/`);
      await submit(page, page.locator('main').getByRole('button', { name: 'Sign out' }));
      await expectSignedOutHome(page);
      assert.match((await page.locator('main .alert[role="alert"]').allInnerTexts()).join('\n'), /You are signed out\./);
    } finally {
      await page.context().close();
    }
  }));

  test('the register page fits a 375 px wide screen, with and without errors', step(async () => {
    const page = await run.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    try {
      await page.goto(`${run.base}/account/register/`);
      let width = await scrollWidth(page);
      assert.ok(width <= 375, `no horizontal scroll on the empty form (scrollWidth ${width})`);

      await fillRegistration(page, { ...ADA, email: 'someone.with.a.rather.long.address@faculty.example.edu', phone: 'x', password: 'short' });
      assert.equal(await submit(page, page.getByRole('button', { name: 'Create account' })), 400);
      width = await scrollWidth(page);
      assert.ok(width <= 375, `no horizontal scroll on the form with errors (scrollWidth ${width})`);
      await page.screenshot({ path: '/tmp/e2e-register-narrow.png', fullPage: true });
    } finally {
      await page.context().close();
    }
  }));

  test('no page answered with a server error', step(async () => {
    assert.deepEqual(run.serverErrors, []);
  }));
});
