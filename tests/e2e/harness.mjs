// Shared set-up of matricula's browser tests (flows.test.mjs, profile.test.mjs).
//
// useServer() registers node:test before/after hooks that start the built server
// (MATRICULA_BIN, default /work/main/build/matricula) on a free port with a fresh SQLite
// database and a file mailbox in a temporary folder, and launch Debian's Chromium
// (/usr/bin/chromium). On failure the temporary folder (server log, mails) is kept and
// its path printed. The other exports are helpers for pages and forms.

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const BIN = process.env.MATRICULA_BIN || '/work/main/build/matricula';
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
export const STEP_TIMEOUT_MS = 10_000;  // any single browser action (generous: builds may share the CPUs)
const MAIL_TIMEOUT_MS = 10_000;         // the outbox worker delivers within about a second
const START_TIMEOUT_MS = 10_000;

// ---------------------------------------------------------------------------
// Processes

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

// Runs `matricula <args>` to completion; rejects on a non-zero exit. `input` goes to stdin.
function runBin(args, { cwd, env, input = '' }) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), START_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`matricula ${args.join(' ')} failed (code ${code}, signal ${signal}): ${stderr || stdout}`));
    });
    child.stdin.end(input);
  });
}

// Spawns `matricula serve` and resolves once it prints "listening on 127.0.0.1:<port>".
function startServer({ cwd, env, port, logPath }) {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logPath);
    const child = spawn(BIN, ['serve'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`the server did not print "listening on" within ${START_TIMEOUT_MS} ms; see ${logPath}`));
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
      reject(new Error(`the server exited early (code ${code}, signal ${signal}); see ${logPath}`));
    });
  });
}

function stopServer(server) {
  if (!server || server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => server.kill('SIGKILL'), 5_000);
    server.once('exit', () => { clearTimeout(force); resolve(); });
    server.kill('SIGTERM');
  });
}

// ---------------------------------------------------------------------------
// Mail

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

// ---------------------------------------------------------------------------
// The run: server, browser, temporary folder

// Registers the before/after hooks of a test file and returns its run, whose fields
// (base, tmp, mailDir, env, browser) are set once `before` has run.
export function useServer() {
  const run = {
    tmp: null,          // temporary folder of this run
    base: null,         // http://127.0.0.1:<port>
    mailDir: null,
    env: null,          // the environment of the server and of `matricula` commands
    browser: null,
    server: null,       // the `matricula serve` child process
    serverLogPath: null,
    failed: false,
    seenMail: new Set(),
    serverErrors: [],   // responses with a 5xx status, seen by any page

    // `matricula <args>` with the server's environment and working directory.
    command(args, { input } = {}) {
      return runBin(args, { cwd: run.tmp, env: run.env, input });
    },

    // A page in a new browser context (its own cookies), recording 5xx answers.
    async newPage(options = {}) {
      const context = await run.browser.newContext({ locale: 'en-US', ...options });
      context.setDefaultTimeout(STEP_TIMEOUT_MS);
      context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
      const page = await context.newPage();
      page.on('response', (r) => {
        if (r.status() >= 500) run.serverErrors.push(`${r.status()} ${r.request().method()} ${r.url()}`);
      });
      return page;
    },

    // Waits for a mail not seen before, to `to` with `subject`, whose body matches
    // `pattern`; returns the match. (The file is written in place, so a half-written one
    // is read again.)
    async waitForMail({ to, subject, pattern }) {
      const deadline = Date.now() + MAIL_TIMEOUT_MS;
      const glimpsed = [];
      while (Date.now() < deadline) {
        let names = [];
        try {
          names = (await fs.readdir(run.mailDir)).filter((n) => n.endsWith('.txt')).sort();
        } catch (err) {
          if (err.code !== 'ENOENT') throw err;
        }
        for (const name of names) {
          if (run.seenMail.has(name)) continue;
          const mail = parseMail(await fs.readFile(path.join(run.mailDir, name), 'utf8'));
          if (!mail) continue;
          if (mail.headers.to !== to || mail.headers.subject !== subject) {
            glimpsed.push(`${name}: To ${mail.headers.to}, Subject ${mail.headers.subject}`);
            continue;
          }
          const match = mail.body.match(pattern);
          if (!match) continue;
          run.seenMail.add(name);
          return match;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no mail "${subject}" to ${to} matching ${pattern} in ${run.mailDir} within ${MAIL_TIMEOUT_MS} ms` +
                      (glimpsed.length ? `; other mails: ${[...new Set(glimpsed)].join('; ')}` : ''));
    },

    // The confirmation link mailed to `email`.
    async confirmationLink(email) {
      const [link] = await run.waitForMail({
        to: email,
        subject: 'Confirm your e-mail address for matricula',
        pattern: new RegExp(`${escapeRegExp(run.base)}/account/verify-account/[A-Za-z0-9_-]+/`),
      });
      return link;
    },

    // Wraps a test body: marks the run as failed (to keep the temporary folder) when it throws.
    step(fn) {
      return async (t) => {
        try {
          await fn(t);
        } catch (err) {
          run.failed = true;
          throw err;
        }
      };
    },
  };

  before(async () => {
    run.tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'matricula-e2e-'));
    run.mailDir = path.join(run.tmp, 'mail');
    run.serverLogPath = path.join(run.tmp, 'server.log');
    const port = await freePort();
    run.base = `http://127.0.0.1:${port}`;
    run.env = {
      ...process.env,
      MATRICULA_DATA_DIR: path.join(run.tmp, 'var'),
      MATRICULA_DATABASE_URL: `sqlite:${path.join(run.tmp, 'var', 'test.db')}`,
      MATRICULA_EMAIL_URL: `file:${run.mailDir}`,
      MATRICULA_LISTEN: `127.0.0.1:${port}`,
      MATRICULA_SITE_URL: `http://127.0.0.1:${port}`,
    };
    try {
      await run.command(['migrate']);
      run.server = await startServer({ cwd: run.tmp, env: run.env, port, logPath: run.serverLogPath });
      run.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    } catch (err) {
      run.failed = true;
      throw err;
    }
  });

  after(async () => {
    await run.browser?.close().catch(() => {});
    await stopServer(run.server);
    if (!run.tmp) return;
    if (run.failed) {
      let tail = '';
      try {
        tail = (await fs.readFile(run.serverLogPath, 'utf8')).split('\n').slice(-40).join('\n');
      } catch { /* no log */ }
      process.stderr.write(`\nKept ${run.tmp} (server.log, mail/). Last lines of the server log:\n${tail}\n`);
    } else {
      await fs.rm(run.tmp, { recursive: true, force: true });
    }
  });

  process.on('exit', () => {
    const { server } = run;
    if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  });

  return run;
}

// ---------------------------------------------------------------------------
// Pages and forms

export function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Clicks a submit button and waits for the resulting page to load. Returns the status of
// the POST itself (303 for a redirect, 400 for a form shown again with errors).
export async function submit(page, button) {
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' &&
                                              r.request().isNavigationRequest() &&
                                              r.request().frame() === page.mainFrame());
  const loaded = page.waitForEvent('load');
  await button.click();
  const response = await posted;
  await loaded;
  return response.status();
}

export function pathOf(page) {
  return new URL(page.url()).pathname;
}

// The texts of the flash messages of one level (success, info, warning, danger).
export async function alertTexts(page, level) {
  return page.locator(`main .alert.alert-${level}[role="alert"]`).allInnerTexts();
}

export async function activeElementId(page, expected) {
  // autofocus is applied as the page loads; give it a moment before reading.
  await page.waitForFunction((id) => document.activeElement?.id === id, expected, { timeout: 2_000 }).catch(() => {});
  return page.evaluate(() => {
    const el = document.activeElement;
    return el ? el.id || `<${el.tagName.toLowerCase()}>` : null;
  });
}

export async function scrollWidth(page) {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

// Asserts that `field` shows its error the accessible way: a visible p.field-error with a
// message, aria-invalid="true" and aria-describedby naming the error. Returns the message.
export async function expectFieldError(page, field) {
  const error = page.locator(`p.field-error#${field}-error`);
  assert.ok(await error.isVisible(), `the ${field} error is shown`);
  const message = (await error.innerText()).trim();
  assert.notEqual(message, '', `the ${field} error has a message`);
  const input = page.locator(`#${field}`);
  assert.equal(await input.getAttribute('aria-invalid'), 'true', `${field} has aria-invalid="true"`);
  const describedBy = ((await input.getAttribute('aria-describedby')) || '').split(/\s+/);
  assert.ok(describedBy.includes(`${field}-error`), `${field} is described by its error (got "${describedBy.join(' ')}")`);
  return message;
}

export async function expectNoFieldError(page, field) {
  assert.equal(await page.locator(`#${field}-error`).count(), 0, `no error for ${field}`);
  assert.equal(await page.locator(`#${field}`).getAttribute('aria-invalid'), null, `${field} is not marked invalid`);
}

export async function fillRegistration(page, person) {
  await page.getByLabel('First name').fill(person.first);
  await page.getByLabel('Last name').fill(person.last);
  await page.getByLabel('E-mail address').fill(person.email);
  await page.getByLabel('Phone number').fill(person.phone);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('radio', { name: person.role === 'instructor' ? 'an instructor' : 'a student' }).check();
}

export async function expectSignedOutHome(page) {
  assert.equal(pathOf(page), '/');
  await page.getByRole('heading', { level: 1, name: 'Welcome to matricula' }).waitFor();
  const nav = page.locator('header.navbar');
  assert.equal(await nav.getByRole('link', { name: 'Sign in', exact: true }).getAttribute('href'), '/account/login/');
  assert.equal(await nav.getByRole('link', { name: 'Register', exact: true }).getAttribute('href'), '/account/register/');
  assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0, 'no "Sign out" button when signed out');
}

// Registers `person` through the form and, unless `confirm` is false, opens the link mailed.
export async function register(run, page, person, { confirm = true } = {}) {
  await page.goto(`${run.base}/account/register/`);
  await fillRegistration(page, person);
  assert.equal(await submit(page, page.getByRole('button', { name: 'Create account' })), 303,
               `registering ${person.email} redirects`);
  if (!confirm) return;
  await page.goto(await run.confirmationLink(person.email));
  assert.match((await alertTexts(page, 'success')).join('\n'), /Your e-mail address is confirmed/);
}

// Signs in with the password form; returns the status of the POST (303 when it worked).
export async function signIn(run, page, { email, password }) {
  await page.goto(`${run.base}/account/login/`);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  return submit(page, page.getByRole('button', { name: 'Sign in', exact: true }));
}
