// End-to-end test of matricula's account pages through headless Chromium.
//
//   cd tests/e2e && npm ci        # once: installs playwright-core (no browser download)
//   node tests/e2e/flows.test.mjs
//
// It starts the built server (MATRICULA_BIN, default /work/main/build/matricula) on a
// free port with a fresh SQLite database and a file mailbox in a temporary folder, then
// does what a person would do in Debian's Chromium (/usr/bin/chromium): fills fields
// found by their labels, clicks buttons, opens the links sent by e-mail.
// Screenshots go to /tmp/e2e-*.png. On failure the temporary folder (server log, mails)
// is kept and its path printed.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const BIN = process.env.MATRICULA_BIN || '/work/main/build/matricula';
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const STEP_TIMEOUT_MS = 10_000;  // any single browser action (generous: builds may share the CPUs)
const MAIL_TIMEOUT_MS = 10_000;  // the outbox worker delivers within about a second
const START_TIMEOUT_MS = 10_000;

// The person used throughout.
const ADA = {
  first: 'Ada',
  last: 'Lovelace',
  email: 'ada.lovelace@example.edu',
  phone: '+1 555-123-4567',
  password: 'violet-tangerine-orbit-42',
};

let tmp;          // temporary folder of this run
let base;         // http://127.0.0.1:<port>
let mailDir;
let server;       // the `matricula serve` child process
let serverLogPath;
let browser;
let failed = false;
const seenMail = new Set();
const serverErrors = [];  // responses with a 5xx status, seen by any page

// ---------------------------------------------------------------------------
// Helpers

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function serverEnv(port) {
  return {
    ...process.env,
    MATRICULA_DATA_DIR: path.join(tmp, 'var'),
    MATRICULA_DATABASE_URL: `sqlite:${path.join(tmp, 'var', 'test.db')}`,
    MATRICULA_EMAIL_URL: `file:${mailDir}`,
    MATRICULA_LISTEN: `127.0.0.1:${port}`,
    MATRICULA_SITE_URL: `http://127.0.0.1:${port}`,
  };
}

// Spawns `matricula serve` and resolves once it prints "listening on 127.0.0.1:<port>".
function startServer(env, port) {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(serverLogPath);
    const child = spawn(BIN, ['serve'], { cwd: tmp, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`the server did not print "listening on" within ${START_TIMEOUT_MS} ms; see ${serverLogPath}`));
    }, START_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => {
      log.write(chunk);
      stdout += chunk;
      if (stdout.includes(`listening on 127.0.0.1:${port}`)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr.on('data', (chunk) => log.write(chunk));
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      log.end();
      reject(new Error(`the server exited early (code ${code}, signal ${signal}); see ${serverLogPath}`));
    });
  });
}

function stopServer() {
  if (!server || server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => server.kill('SIGKILL'), 5_000);
    server.once('exit', () => { clearTimeout(force); resolve(); });
    server.kill('SIGTERM');
  });
}

// Parses a mail file: headers, a blank line, the plain text body.
function parseMail(text) {
  const split = text.indexOf('\n\n');
  if (split < 0) return null;
  const headers = {};
  for (const line of text.slice(0, split).split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: text.slice(split + 2) };
}

// Waits for a mail not seen before, to `to` with `subject`, whose body matches `pattern`;
// returns the match. (The file is written in place, so a half-written one is read again.)
async function waitForMail({ to, subject, pattern }) {
  const deadline = Date.now() + MAIL_TIMEOUT_MS;
  const glimpsed = [];
  while (Date.now() < deadline) {
    let names = [];
    try {
      names = (await fs.readdir(mailDir)).filter((n) => n.endsWith('.txt')).sort();
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
    }
    for (const name of names) {
      if (seenMail.has(name)) continue;
      const mail = parseMail(await fs.readFile(path.join(mailDir, name), 'utf8'));
      if (!mail) continue;
      if (mail.headers.to !== to || mail.headers.subject !== subject) {
        glimpsed.push(`${name}: To ${mail.headers.to}, Subject ${mail.headers.subject}`);
        continue;
      }
      const match = mail.body.match(pattern);
      if (!match) continue;
      seenMail.add(name);
      return match;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail "${subject}" to ${to} matching ${pattern} in ${mailDir} within ${MAIL_TIMEOUT_MS} ms` +
                  (glimpsed.length ? `; other mails: ${[...new Set(glimpsed)].join('; ')}` : ''));
}

async function newPage(options = {}) {
  const context = await browser.newContext({ locale: 'en-US', ...options });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  page.on('response', (r) => {
    if (r.status() >= 500) serverErrors.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return page;
}

// Clicks a submit button and waits for the resulting page to load. Returns the status of
// the POST itself (303 for a redirect, 400 for a form shown again with errors).
async function submit(page, button) {
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' &&
                                              r.request().isNavigationRequest() &&
                                              r.request().frame() === page.mainFrame());
  const loaded = page.waitForEvent('load');
  await button.click();
  const response = await posted;
  await loaded;
  return response.status();
}

function pathOf(page) {
  return new URL(page.url()).pathname;
}

async function alertTexts(page, level) {
  return page.locator(`main .alert.alert-${level}[role="alert"]`).allInnerTexts();
}

async function activeElementId(page, expected) {
  // autofocus is applied as the page loads; give it a moment before reading.
  await page.waitForFunction((id) => document.activeElement?.id === id, expected, { timeout: 2_000 }).catch(() => {});
  return page.evaluate(() => {
    const el = document.activeElement;
    return el ? el.id || `<${el.tagName.toLowerCase()}>` : null;
  });
}

async function fillRegistration(page, person) {
  await page.getByLabel('First name').fill(person.first);
  await page.getByLabel('Last name').fill(person.last);
  await page.getByLabel('E-mail address').fill(person.email);
  await page.getByLabel('Phone number').fill(person.phone);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('radio', { name: 'a student' }).check();
}

async function expectSignedOutHome(page) {
  assert.equal(pathOf(page), '/');
  await page.getByRole('heading', { level: 1, name: 'Welcome to matricula' }).waitFor();
  const nav = page.locator('header.navbar');
  assert.equal(await nav.getByRole('link', { name: 'Sign in', exact: true }).getAttribute('href'), '/account/login/');
  assert.equal(await nav.getByRole('link', { name: 'Register', exact: true }).getAttribute('href'), '/account/register/');
  assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0, 'no "Sign out" button when signed out');
}

async function expectSignedInHome(page, person) {
  assert.equal(pathOf(page), '/', `expected the home page, got ${page.url()}`);
  const h1 = page.getByRole('heading', { level: 1 });
  assert.equal((await h1.innerText()).trim(), `Welcome, ${person.first} ${person.last}`);
  const roles = (await page.locator('main .roles').innerText()).replace(/\s+/g, ' ').trim();
  assert.match(roles, /^You are registered as: Student$/);
  await page.locator('header.navbar').getByRole('button', { name: 'Sign out' }).waitFor();
}

// Marks the run as failed (to keep the temporary folder) when a step throws.
function step(fn) {
  return async (t) => {
    try {
      await fn(t);
    } catch (err) {
      failed = true;
      throw err;
    }
  };
}

// ---------------------------------------------------------------------------
// Set-up and tear-down

before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'matricula-e2e-'));
  mailDir = path.join(tmp, 'mail');
  serverLogPath = path.join(tmp, 'server.log');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = serverEnv(port);
  try {
    await promisify(execFile)(BIN, ['migrate'], { cwd: tmp, env, timeout: START_TIMEOUT_MS });
    server = await startServer(env, port);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  } catch (err) {
    failed = true;
    throw err;
  }
});

after(async () => {
  await browser?.close().catch(() => {});
  await stopServer();
  if (failed) {
    let tail = '';
    try {
      tail = (await fs.readFile(serverLogPath, 'utf8')).split('\n').slice(-40).join('\n');
    } catch { /* no log */ }
    process.stderr.write(`\nKept ${tmp} (server.log, mail/). Last lines of the server log:\n${tail}\n`);
  } else {
    await fs.rm(tmp, { recursive: true, force: true });
  }
});

process.on('exit', () => {
  if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
});

// ---------------------------------------------------------------------------
// The flows, in order: the later ones use the account made by the earlier ones.

describe('matricula account flows in Chromium', () => {
  test('registration with a bad phone number and a common password shows both errors', step(async () => {
    const page = await newPage();
    try {
      await page.goto(`${base}/`);
      await page.locator('header.navbar').getByRole('link', { name: 'Register', exact: true }).click();
      await page.waitForURL(`${base}/account/register/`);

      await fillRegistration(page, { ...ADA, phone: '12-34', password: 'password123' });
      const status = await submit(page, page.getByRole('button', { name: 'Create account' }));
      assert.equal(status, 400, 'the form with errors comes back with status 400');
      assert.equal(pathOf(page), '/account/register/');

      for (const field of ['phone_number', 'password']) {
        const error = page.locator(`p.field-error#${field}-error`);
        assert.ok(await error.isVisible(), `the ${field} error is shown`);
        assert.notEqual((await error.innerText()).trim(), '', `the ${field} error has a message`);
        const input = page.locator(`#${field}`);
        assert.equal(await input.getAttribute('aria-invalid'), 'true', `${field} has aria-invalid="true"`);
        const describedBy = ((await input.getAttribute('aria-describedby')) || '').split(/\s+/);
        assert.ok(describedBy.includes(`${field}-error`), `${field} is described by its error (got "${describedBy.join(' ')}")`);
      }
      for (const field of ['first_name', 'last_name', 'email']) {
        assert.equal(await page.locator(`#${field}-error`).count(), 0, `no error for ${field}`);
        assert.equal(await page.locator(`#${field}`).getAttribute('aria-invalid'), null, `${field} is not marked invalid`);
      }

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
    const page = await newPage();
    try {
      await page.goto(`${base}/account/register/`);
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
      const escapedBase = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const [link] = await waitForMail({
        to: ADA.email,
        subject: 'Confirm your e-mail address for matricula',
        pattern: new RegExp(`${escapedBase}/account/verify-account/[A-Za-z0-9_-]+/`),
      });
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
    const page = await newPage();
    try {
      await page.goto(`${base}/account/login/`);
      await page.getByRole('link', { name: 'Sign in with a code sent by e-mail' }).click();
      await page.waitForURL(`${base}/account/send_otp/`);
      await page.getByLabel('E-mail address').fill(ADA.email);
      assert.equal(await submit(page, page.getByRole('button', { name: 'Send me a code' })), 303);
      assert.equal(pathOf(page), '/account/verify_otp/');

      const code = page.getByLabel('Code');
      assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');

      const [, sent] = await waitForMail({
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
      await page.goto(`${base}/account/logout/`);
      await submit(page, page.locator('main').getByRole('button', { name: 'Sign out' }));
      await expectSignedOutHome(page);
      assert.match((await page.locator('main .alert[role="alert"]').allInnerTexts()).join('\n'), /You are signed out\./);
    } finally {
      await page.context().close();
    }
  }));

  test('the register page fits a 375 px wide screen, with and without errors', step(async () => {
    const page = await newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    try {
      await page.goto(`${base}/account/register/`);
      const scrollWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(await scrollWidth() <= 375, `no horizontal scroll on the empty form (scrollWidth ${await scrollWidth()})`);

      await fillRegistration(page, { ...ADA, email: 'someone.with.a.rather.long.address@faculty.example.edu', phone: 'x', password: 'short' });
      assert.equal(await submit(page, page.getByRole('button', { name: 'Create account' })), 400);
      assert.ok(await scrollWidth() <= 375, `no horizontal scroll on the form with errors (scrollWidth ${await scrollWidth()})`);
      await page.screenshot({ path: '/tmp/e2e-register-narrow.png', fullPage: true });
    } finally {
      await page.context().close();
    }
  }));

  test('no page answered with a server error', step(async () => {
    assert.deepEqual(serverErrors, []);
  }));
});
