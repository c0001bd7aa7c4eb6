// Browser test of the staff console at /staff/ (bot/staff/channel.py, web/staff/): Debian's Chromium
// driven by playwright-core, against a real navigator that tests/staff/test_staff_e2e.py started,
// gave two accounts and a few scripted conversations.
//
//   STAFF_E2E_USER=… STAFF_E2E_PASSWORD=… STAFF_E2E_LOCK_USER=… STAFF_E2E_EXPECT='{json}' \
//     node web/e2e/staff.e2e.mjs <base-url> [--out test-output/staff]
//
// STAFF_E2E_EXPECT: {"cells": [[metric, key, period, text], …], "forbidden": [texts], "review": text,
// "label": concern id, "csv": [lines]}. Checks: every route refused without a session; a wrong password;
// lockout after repeated failures; the login; POSTs without (or with a wrong) CSRF token refused; the Try
// view with its explanation and LINE's rendering; the overview's charts and numbers, with no message
// text in its HTML; a review item labelled; a report marked fixed; the CSV; logout. Screenshots of the
// overview and the Try view go to --out. Prints `E2E-RESULT {json}` and exits 1 on the first failed check.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openBrowser } from './browser.mjs';

const args = process.argv.slice(2);
const base = (args.find((a) => !a.startsWith('--')) || 'http://127.0.0.1:5005').replace(/\/$/, '');
const outIndex = args.indexOf('--out');
const outDir = resolve(outIndex >= 0 ? args[outIndex + 1] : 'test-output/staff');
const user = process.env.STAFF_E2E_USER;
const password = process.env.STAFF_E2E_PASSWORD;
const lockUser = process.env.STAFF_E2E_LOCK_USER;
const expect = JSON.parse(process.env.STAFF_E2E_EXPECT || '{}');

const GETS = ['/staff/', '/staff', '/staff/console.js', '/staff/console.css', '/staff/api/session',
  '/staff/api/overview', '/staff/overview.csv', '/staff/api/review', '/staff/api/reports'];
const POSTS = ['/staff/api/try', '/staff/api/review/1', '/staff/api/reports/1', '/staff/logout'];

const passed = [];
function check(condition, what, detail) {
  if (!condition) throw new Error(`FAILED: ${what}${detail !== undefined ? ` — ${JSON.stringify(detail)}` : ''}`);
  passed.push(what);
  console.log(`ok - ${what}`);
}

function refused(status, location) {
  return status === 401 || ((status === 302 || status === 303) && /\/staff\/login$/.test(location || ''));
}

async function login(page, name, secret) {
  await page.goto(`${base}/staff/login`);
  await page.fill('#name', name);
  await page.fill('#password', secret);
  const answer = page.waitForResponse((r) => r.url().endsWith('/staff/login') && r.request().method() === 'POST');
  await page.click('#login-submit');
  const status = (await answer).status();
  await page.waitForLoadState('domcontentloaded');
  return status;
}

mkdirSync(outDir, { recursive: true });
const external = [];
const { context, close } = await openBrowser(base, { profile: 'navigator-staff-', viewport: { width: 1280, height: 900 }, external });
let failure = null;
const result = {};
try {
  // 1. Without a session every route is refused (401, or a redirect to the login for pages).
  const answers = [];
  for (const path of GETS) {
    const r = await fetch(base + path, { redirect: 'manual' });
    answers.push([path, r.status, r.headers.get('location')]);
  }
  for (const path of POSTS) {
    const r = await fetch(base + path, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/json' }, body: '{"label":"dv"}' });
    answers.push([`POST ${path}`, r.status, r.headers.get('location')]);
  }
  check(answers.every(([, status, location]) => refused(status, location)), 'every staff route is refused without a session', answers);

  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of (40[13]|429)/.test(m.text())) errors.push(m.text()); });
  await page.goto(`${base}/staff/`);
  check(page.url() === `${base}/staff/login`, 'the console sends a browser without a session to the login', page.url());
  const csp = (await (await fetch(`${base}/staff/login`)).headers.get('content-security-policy')) || '';
  check(csp.includes("default-src 'none'") && csp.includes("script-src 'self'") && csp.includes("frame-ancestors 'none'"),
    'the login page has a strict Content-Security-Policy', csp);

  // 2. A wrong password.
  let status = await login(page, user, `${password}-wrong`);
  check(status === 401 && (await page.textContent('#login-message')).includes('名前かパスワードがちがいます'),
    'a wrong password is refused with a message', status);
  check(!(await page.inputValue('#password')), 'the password field is empty again');

  // 3. Lockout after repeated failures: then even the right password is refused.
  const statuses = [];
  for (let i = 0; i < 5; i += 1) statuses.push(await login(page, lockUser, `wrong password ${i}`));
  statuses.push(await login(page, lockUser, password));
  check(statuses.slice(0, 4).every((s) => s === 401) && statuses[4] === 429 && statuses[5] === 429
    && (await page.textContent('#login-message')).includes('しばらくログインできません'),
  'five failures lock the account, the right password included', statuses);

  // 4. The login.
  status = await login(page, user, password);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
  check(page.url() === `${base}/staff/` && (await page.textContent('#who')) === user, 'the right password opens the console', page.url());
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'navigator_staff');
  check(session && session.httpOnly && session.sameSite === 'Strict' && session.path === '/staff',
    'the session cookie is HttpOnly, SameSite=Strict, for /staff only', session);
  check(await page.evaluate(() => document.cookie) === '', 'the page script cannot read the session cookie');

  // 5. A POST without (or with a wrong) CSRF token is refused.
  const csrf = await page.evaluate(async () => {
    const post = (headers) => fetch('/staff/api/reports/1', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{"decision":"fixed"}' }).then((r) => r.status);
    const form = await fetch('/staff/logout', { method: 'POST', redirect: 'manual' }).then((r) => r.status);
    return { none: await post({}), wrong: await post({ 'X-CSRF-Token': 'x'.repeat(43) }), form };
  });
  check(csrf.none === 403 && csrf.wrong === 403 && csrf.form === 403, 'a POST without or with a wrong CSRF token is refused (403)', csrf);

  // 6. Try: the residents' chat with the staff explanation beside each turn.
  await page.fill('#try-text', '夫に毎日怒鳴られています');
  await page.click('#try-send');
  const turn = page.locator('.turn').last();
  await turn.locator('.explain').waitFor({ timeout: 30_000 });
  const explained = await turn.locator('.explain').textContent();
  check(/DV|暴力/.test(explained) && explained.includes('窓口と理由') && explained.includes('住民に見えるボタン'),
    'a Try turn shows the explanation: concerns with scores, crisis, facts, windows and reasons, buttons', explained.slice(0, 300));
  check(await turn.locator('.card').count() > 0, 'the Try turn shows the window cards a resident sees');
  await page.screenshot({ path: join(outDir, 'try.png'), fullPage: true });
  await page.check('#line-view');
  await turn.locator('.resident.line .flex-bubble').first().waitFor({ timeout: 5_000 });
  check(await turn.locator('.resident.line .flex-bubble').count() > 0, "the LINE switch shows the turn's Flex cards");
  await page.screenshot({ path: join(outDir, 'try-line.png'), fullPage: true });

  // 7. The overview on a fresh page: charts, tables, the numbers sent, no message text.
  const overviewPage = await context.newPage();
  overviewPage.on('pageerror', (e) => errors.push(String(e)));
  await overviewPage.goto(`${base}/staff/`);
  await overviewPage.waitForSelector('body[data-ready="true"]');
  await overviewPage.click('#tab-overview');
  await overviewPage.waitForSelector('#overview[data-loaded="true"]', { timeout: 15_000 });
  const charts = await overviewPage.locator('#overview svg.chart').count();
  const bars = await overviewPage.locator('#overview svg.chart rect.bar').count();
  check(charts >= 6 && bars > 0, 'the overview draws its charts (concerns, messages, crisis, rates, channels, language)', { charts, bars });
  const tables = await overviewPage.locator('#overview .chart-block').evaluateAll((blocks) => blocks.map((b) => !!b.querySelector('svg.chart + .table-wrap table')));
  check(tables.length >= 6 && tables.every(Boolean), 'a table under each chart', tables);
  const cells = [];
  for (const [metric, key, period, text] of expect.cells || []) {
    const cell = overviewPage.locator(`td[data-metric="${metric}"][data-key="${key}"][data-period="${period}"]`).first();
    cells.push([metric, key, period, text, await cell.count() ? await cell.textContent() : null]);
  }
  check(cells.length > 0 && cells.every((c) => c[3] === c[4]), 'the overview numbers equal what was sent (below 5 as 「5未満」)', cells);
  const html = await overviewPage.content();
  const leaked = (expect.forbidden || []).filter((t) => html.includes(t));
  check(leaked.length === 0, 'no message text anywhere in the overview HTML', leaked);
  await overviewPage.screenshot({ path: join(outDir, 'overview.png'), fullPage: true });
  const csv = await overviewPage.evaluate(() => fetch('/staff/overview.csv').then((r) => r.text()));
  check((expect.csv || []).every((line) => csv.includes(line)) && !(expect.forbidden || []).some((t) => csv.includes(t)),
    'the CSV export has the counts and no message text', csv.slice(0, 400));

  // 8. Review: the masked message, labelled, leaves the queue.
  await overviewPage.click('#tab-review');
  const item = overviewPage.locator('.review-item', { hasText: expect.review });
  await item.waitFor({ timeout: 10_000 });
  check(true, 'the review queue shows the fallen-back message, masked', expect.review);
  await item.locator('select').selectOption(expect.label);
  await item.locator('button').click();
  await overviewPage.waitForFunction(() => document.getElementById('review-status').textContent.includes('書きました'), null, { timeout: 10_000 });
  check(await item.count() === 0, 'the labelled item leaves the queue', await overviewPage.textContent('#review-status'));
  result.labelled = { text: expect.review, label: expect.label };

  // 9. Reports: "fixed".
  await overviewPage.click('#tab-reports');
  const row = overviewPage.locator('#reports tbody tr').first();
  await row.waitFor({ timeout: 10_000 });
  await row.locator('button', { hasText: '直した' }).click();
  await overviewPage.waitForFunction(() => document.querySelector('#reports tbody tr td:last-child').textContent.startsWith('直した'), null, { timeout: 10_000 });
  check(true, 'a report is marked fixed');
  await overviewPage.close();

  // 10. Logout ends the session.
  await page.click('#logout button');
  await page.waitForURL(`${base}/staff/login`);
  const after = await page.evaluate(() => fetch('/staff/api/session').then((r) => r.status));
  check(after === 401, 'after logout the API answers 401', after);
  check(external.length === 0, 'nothing fetched from elsewhere', external);
  check(errors.length === 0, 'no script errors', errors);
} catch (error) {
  failure = error;
  console.log(String(error.message || error));
}
await close();
console.log(`E2E-RESULT ${JSON.stringify({ ok: !failure, passed: passed.length, ...result, error: failure ? String(failure.message || failure) : null })}`);
process.exit(failure ? 1 : 0);
