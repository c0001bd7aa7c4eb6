// Browser test of 「情報がちがう・古いときは」 (web/report.js): Debian's Chromium driven by playwright-core.
//
//   node web/e2e/report.e2e.mjs <base-url> [--out test-output/web/report]
//
// <base-url> is tests/web/report_server.py (the real navigator's answer to a DV
// worry). Writes the worry, checks the cards' 情報確認日, opens the report form
// of the first card, chooses 「場所や連絡先が変わっていた」, writes one line with
// a phone number in it, sends, and waits for the thank-you. Prints one line
// `E2E-RESULT {json}` (checks passed, the window reported) and exits 1 on the
// first failed check.
import { mkdirSync } from 'node:fs';
import { openBrowser } from './browser.mjs';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const base = (args.find((a) => !a.startsWith('--')) || 'http://127.0.0.1:5098').replace(/\/$/, '');
const outIndex = args.indexOf('--out');
const outDir = resolve(outIndex >= 0 ? args[outIndex + 1] : 'test-output/web/report');

const passed = [];
function check(condition, what, detail) {
  if (!condition) throw new Error(`FAILED: ${what}${detail !== undefined ? ` — ${JSON.stringify(detail)}` : ''}`);
  passed.push(what);
  console.log(`ok - ${what}`);
}

mkdirSync(outDir, { recursive: true });
const { context, close } = await openBrowser(base, { profile: 'navigator-report-' });

let failure = null;
let reported = null;
try {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}/chat/`);
  await page.waitForFunction(() => document.getElementById('status').textContent === '', null, { timeout: 20_000 });
  await page.locator('#message').focus();
  await page.keyboard.insertText('夫に毎日怒鳴られています');
  await page.keyboard.press('Enter');
  const cards = page.locator('.card');
  await cards.first().waitFor({ timeout: 15_000 });

  const checked = await page.locator('.card .card-checked').allTextContents();
  check(checked.length === await cards.count() && checked.every((t) => /^情報確認日：\d{4}年\d{1,2}月\d{1,2}日$/.test(t)),
    'every card says 情報確認日', checked);

  const first = cards.first();
  const opener = first.locator('.report-open');
  check(await opener.textContent() === '情報がちがう・古いときは', 'each card has 「情報がちがう・古いときは」');
  await opener.click();
  check(await opener.getAttribute('aria-expanded') === 'true', 'the link opens the short choice');
  const choices = await first.locator('.report-choice').allTextContents();
  check(choices.map((c) => c.trim()).join('|')
    === '窓口がなくなっていた|場所や連絡先が変わっていた|担当の課がちがった|年齢が合わなかった|そのほか',
  'five choices: closed, moved, different department, wrong for my age, other', choices);

  // Sending with nothing chosen asks for a choice and sends nothing.
  await first.locator('.report-send').click();
  check((await first.locator('.report-status').textContent()).length > 0, 'no choice: the question is asked again');

  await first.locator('.report-choice', { hasText: '場所や連絡先が変わっていた' }).locator('input').check();
  await first.locator('.report-note').fill('電話が090-1234-5678に変わっていました');
  const sent = page.waitForResponse((r) => r.url().endsWith('/chat/report'));
  await first.locator('.report-send').click();
  const answer = await sent;
  const body = answer.request().postDataJSON();
  reported = body.window_id;
  check(answer.status() === 200, 'the report is accepted', answer.status());
  check(typeof body.session_id === 'string' && body.session_id.length >= 8, 'the socket session id goes with it (for the rate limit)');
  await first.locator('.report-thanks').waitFor({ timeout: 5_000 });
  check(await first.locator('.report-thanks').textContent() === 'お知らせありがとうございます。市の担当者が確かめます。',
    'a thank-you, nothing asked');
  check(await opener.isHidden(), 'the link is gone once the report is sent');
  const kept = await page.evaluate(() => localStorage.length + sessionStorage.length + document.cookie.length);
  check(kept === 0, 'nothing kept in the browser');
  check(errors.length === 0, 'no script errors', errors);
  await page.screenshot({ path: join(outDir, 'report.png'), fullPage: true });
} catch (error) {
  failure = error;
  console.log(String(error.message || error));
}
await close();
console.log(`E2E-RESULT ${JSON.stringify({ ok: !failure, passed: passed.length, window_id: reported, error: failure ? String(failure.message || failure) : null })}`);
process.exit(failure ? 1 : 0);
