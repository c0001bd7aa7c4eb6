// Browser test of the 相談メモ (issue 21): Debian's Chromium driven by playwright-core,
// against tests/web/fake_navigator.py (recorded replies made by bot/navigator.py).
//
//   node web/e2e/memo.e2e.mjs <base-url> [--out test-output/memo]
//
// Makes the memo in Japanese, やさしい日本語 and English; prints each to PDF
// (page.pdf, A4) and reads the PDF back with pdftotext; turns the PDFs into PNG
// pages with pdftoppm. Checks that no request (HTTP or socket.io frame) left the
// page while a memo was made, that nothing went into browser storage, that a
// DV conversation offers the memo only when asked, and that the quick exit
// leaves no memo behind. Prints `E2E-RESULT {json}`; exits 1 on the first failure.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { EXIT_URL, openBrowser } from './browser.mjs';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const base = (args.find((a) => !a.startsWith('--')) || 'http://127.0.0.1:5099').replace(/\/$/, '');
const outIndex = args.indexOf('--out');
const outDir = resolve(outIndex >= 0 ? args[outIndex + 1] : 'test-output/memo');
const CHAT = `${base}/chat/`;

const passed = [];
const files = [];
const external = [];

function check(condition, what, detail) {
  if (!condition) {
    throw new Error(`FAILED: ${what}${detail !== undefined ? ` — ${JSON.stringify(detail).slice(0, 3000)}` : ''}`);
  }
  passed.push(what);
  console.log(`ok - ${what}`);
}

mkdirSync(outDir, { recursive: true });
// Only this test's own files (memo-*) are replaced.
for (const name of readdirSync(outDir)) if (name.startsWith('memo-')) rmSync(join(outDir, name), { force: true });
const { context, close } = await openBrowser(base, { profile: 'navigator-memo-', exitPauseMs: 1000, external });

/** A fresh chat page (a new socket session) that records every request and socket.io frame it sends. */
async function openChat() {
  const page = await context.newPage();
  page.sent = []; // {kind, url|payload}
  page.on('request', (r) => page.sent.push({ kind: 'http', url: r.url(), method: r.method(), body: r.postData() || '' }));
  page.on('websocket', (ws) => ws.on('framesent', (f) => page.sent.push({ kind: 'ws', payload: String(f.payload) })));
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.exitStates = [];
  await page.exposeFunction('reportExitState', (state) => page.exitStates.push(state));
  // Read in the same task as the event that triggered the quick exit (it navigates away at once).
  await page.addInitScript(() => {
    const report = () => {
      const overlay = document.getElementById('exit-overlay');
      if (!overlay || overlay.hidden || window.exitReported) return;
      window.exitReported = true;
      window.reportExitState({
        memoNodes: document.querySelectorAll('#memo-root *').length,
        offers: document.querySelectorAll('.memo-offer').length,
        memoOpen: document.body.classList.contains('memo-open'),
        askShown: !document.getElementById('memo-ask').hidden,
        textareas: [...document.querySelectorAll('textarea')].map((t) => t.value),
        text: document.body.innerText,
      });
    };
    for (const type of ['click', 'keydown', 'keyup']) window.addEventListener(type, report);
  });
  await page.goto(CHAT);
  await page.waitForFunction(() => document.getElementById('status').textContent === '', null, { timeout: 20_000 });
  await page.waitForTimeout(300); // memo.json, fetched once at load
  return page;
}

/** The page's state reported in the same task as the quick exit (waits for the report to arrive). */
async function exitState(page) {
  for (let i = 0; i < 30 && !page.exitStates.length; i += 1) await new Promise((r) => setTimeout(r, 100));
  return page.exitStates[0] || {};
}

const lastReplies = (page) => page.locator('#log .exchange').last().locator('.replies');

async function say(page, text) {
  const before = await page.locator('#log .exchange').count();
  await page.locator('#message').focus();
  await page.keyboard.insertText(text);
  await page.keyboard.press('Enter');
  await page.locator('#log .exchange').nth(before).waitFor();
  await lastReplies(page).locator('> *').first().waitFor({ timeout: 10_000 });
  await page.waitForTimeout(400);
}

/** What left the page since `from` (socket.io's own pong "3" and ping "2" aside: they carry nothing). */
function sentSince(page, from) {
  return page.sent.slice(from).filter((s) => !(s.kind === 'ws' && /^[23]$/.test(s.payload)));
}

async function storageIsEmpty(page, where) {
  const state = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    cookie: document.cookie,
    idb: indexedDB.databases ? (await indexedDB.databases()).length : 0,
  }));
  const cookies = await context.cookies();
  check(state.local === 0 && state.session === 0 && state.cookie === '' && state.idb === 0 && cookies.length === 0,
    `nothing of the memo in browser storage (${where})`, { ...state, cookies: cookies.length });
}

/** The memo sheet's text and structure, as shown. */
async function sheet(page) {
  return page.evaluate(() => {
    const s = document.querySelector('#memo .memo-sheet');
    return {
      text: s ? s.textContent : '',
      // Without the readings (rt): what a reader of the kanji sees.
      plain: s ? [...s.querySelectorAll('*')].length && (() => {
        const c = s.cloneNode(true);
        c.querySelectorAll('rt').forEach((rt) => rt.remove());
        return c.textContent;
      })() : '',
      ruby: s ? s.querySelectorAll('ruby').length : 0,
      lang: document.getElementById('memo')?.lang,
      windows: s ? [...s.querySelectorAll('.memo-window-name')].map((n) => n.textContent) : [],
      screenText: document.getElementById('memo')?.innerText || '',
    };
  });
}

/** Prints the page to an A4 PDF, reads it back (pdftotext) and makes PNG pages (pdftoppm). */
async function printMemo(page, name) {
  const pdf = join(outDir, `${name}.pdf`);
  await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf-8' });
  execFileSync('pdftoppm', ['-png', '-r', '80', pdf, join(outDir, `${name}-page`)]);
  const pages = readdirSync(outDir).filter((f) => f.startsWith(`${name}-page`) && f.endsWith('.png')).sort();
  pages.forEach((p) => files.push(join(outDir, p)));
  files.push(pdf);
  const squeezed = text.replace(/\s+/g, '');
  return { text, squeezed, pages };
}

const squeeze = (s) => s.replace(/\s+/g, '');

let failure = null;
try {
  // ---- Japanese ------------------------------------------------------------------------
  const ja = await openChat();
  check(ja.sent.some((s) => s.kind === 'http' && s.url === `${base}/chat/memo.json` && s.method === 'GET'),
    'memo.json (texts and questions, no resident text) is fetched once when the page loads');
  check(await ja.locator('#memo-ask').isHidden(), 'no memo is offered before a result');
  await say(ja, '母の介護のことで困っています');
  await lastReplies(ja).locator('.card').first().waitFor();
  const offer = lastReplies(ja).locator('.memo-offer-button');
  check(await offer.count() === 1 && (await offer.textContent()) === '相談メモをつくる',
    'after a result, the turn offers 「相談メモをつくる」');
  const cardNames = await lastReplies(ja).locator('.card-name').allTextContents();

  let from = ja.sent.length;
  await offer.click();
  await ja.locator('#memo .memo-sheet').waitFor();
  const note = '母は最近、夜に眠れていません。';
  await ja.locator('#memo-note').focus();
  await ja.keyboard.insertText(note);
  const jaSheet = await sheet(ja);
  check(jaSheet.lang === 'ja' && jaSheet.text.startsWith('相談メモ') && /作成日：\d{4}年\d{1,2}月\d{1,2}日/.test(jaSheet.text),
    'the Japanese memo has its title and today\'s date', jaSheet.text.slice(0, 80));
  check(jaSheet.text.includes('介護・高齢者の暮らし') && jaSheet.text.includes('生活のお金の困りごと'),
    'the memo names the concerns in plain words (the catalogue\'s labels)', jaSheet.text);
  check(JSON.stringify(jaSheet.windows) === JSON.stringify(cardNames),
    'the memo lists the windows of the result, by the names on the cards', { memo: jaSheet.windows, cards: cardNames });
  check(jaSheet.text.includes('担当課：高齢者支援課') && jaSheet.text.includes('介護や認知症、高齢の方の暮らしの相談ができます'),
    'each window with its 担当課 and what it does', jaSheet.text);
  check(jaSheet.text.includes('窓口で伝えること') && jaSheet.text.includes(note),
    'the resident\'s own note stands under 「窓口で伝えること」');
  check(jaSheet.text.includes('窓口で聞いてみたいこと') && jaSheet.text.includes('介護保険のサービスを使うには、何から始めればよいですか。')
    && jaSheet.text.includes('使える支援や制度はありますか。'),
  'questions of each concern come from data/memo.yml', jaSheet.text);
  check(jaSheet.screenText.includes('印刷したり保存したりしたメモは、家の人など、ほかの人に見られることがあります。'),
    'one sentence says a printed or saved memo can be found by others at home');
  await ja.screenshot({ path: join(outDir, 'memo-ja-screen.png'), fullPage: false });
  files.push(join(outDir, 'memo-ja-screen.png'));
  const jaPdf = await printMemo(ja, 'memo-ja');
  for (const expected of ['相談メモ', '地域包括支援センター', '高齢者支援課', note, '窓口で聞いてみたいこと',
    '介護保険のサービスを使うには、何から始めればよいですか。', 'https://www.city.nishitokyo.lg.jp/']) {
    check(jaPdf.squeezed.includes(squeeze(expected)), `the Japanese PDF holds 「${expected}」`);
  }
  check(!jaPdf.squeezed.includes('すぐに閉じる') && !jaPdf.squeezed.includes('あなた：') && !jaPdf.squeezed.includes('自動の案内')
    && !jaPdf.squeezed.includes(squeeze('印刷する・PDFで保存する')),
  'the PDF is the memo alone: no conversation, no buttons', jaPdf.text.slice(0, 400));
  check(jaPdf.pages.length === 1, 'the Japanese memo fits one A4 page', jaPdf.pages);
  check(sentSince(ja, from).length === 0, 'no request or socket.io frame left the page while the Japanese memo was made',
    sentSince(ja, from));
  await storageIsEmpty(ja, 'the Japanese memo open, with a note');
  // Unchecking a window takes it out of the memo.
  await ja.locator('#memo .memo-choice input').first().uncheck();
  const fewer = await sheet(ja);
  check(fewer.windows.length === cardNames.length - 1 && !fewer.windows.includes(cardNames[0]) && fewer.text.includes(note),
    'the resident chooses the windows: an unchecked one leaves the memo (the note stays)', fewer.windows);
  await ja.locator('#memo .memo-close').click();
  check(await ja.locator('#memo-root > *').count() === 0 && await offer.evaluate((b) => document.activeElement === b),
    'closing the memo removes it and returns to the button');
  check(sentSince(ja, from).length === 0, 'still nothing sent after closing the memo', sentSince(ja, from));

  // Quick exit (the memo's own 「すぐに閉じる」) with the memo open.
  await ja.locator('#memo-ask').click();
  await ja.locator('#memo-note').fill(note);
  await ja.locator('#memo .memo-quick-exit').click();
  await ja.waitForURL(EXIT_URL, { timeout: 10_000 });
  const exitJa = await exitState(ja);
  check(exitJa.memoNodes === 0 && !exitJa.memoOpen && exitJa.offers === 0 && !exitJa.askShown
    && !exitJa.textareas.some((v) => v) && !exitJa.text.includes(note),
  'quick exit (the memo\'s button) leaves no memo, note or offer behind', exitJa);
  const carried = ja.sent.filter((x) => (x.body || x.payload || x.url || '').includes(note)
    || (x.body || x.payload || x.url || '').includes(encodeURIComponent(note)));
  check(ja.sent.length > 0 && carried.length === 0,
    'over the whole page\'s life, no request or frame carried the note', { sent: ja.sent.length, carried });
  await ja.close();

  // ---- やさしい日本語 --------------------------------------------------------------------
  const easy = await openChat();
  await easy.locator('#toggle-easy').click();
  await lastReplies(easy).locator('> *').first().waitFor();
  await say(easy, 'すまいが なくて こまっています');
  await lastReplies(easy).locator('.card').first().waitFor();
  const easyOffer = lastReplies(easy).locator('.memo-offer-button');
  check(await easyOffer.locator('ruby').count() > 0, 'in やさしい日本語 the memo button has readings (ruby)');
  from = easy.sent.length;
  await easyOffer.click();
  await easy.locator('#memo .memo-sheet').waitFor();
  await easy.locator('#memo-note').fill('いえを さがしています');
  const easySheet = await sheet(easy);
  check(easySheet.ruby >= 10 && /相談メモ/.test(easySheet.plain) && /作った日：\d{4}年\d{1,2}月\d{1,2}日/.test(easySheet.plain),
    'the やさしい日本語 memo carries readings as ruby (title, date, headings)', { ruby: easySheet.ruby, text: easySheet.plain.slice(0, 120) });
  check(easySheet.plain.includes('居住に係る相談') && easySheet.plain.includes('住宅課') && easySheet.plain.includes('窓口で聞きたいこと')
    && easySheet.plain.includes('家を探すとき、手伝ってもらえますか。') && easySheet.plain.includes('いえを さがしています'),
  'the やさしい日本語 memo: windows, 担当の課, easy questions and the note', easySheet.plain);
  check(easySheet.text.includes('そうだん') && easySheet.text.includes('じゅうたくか'), 'readings of the names are shown');
  const easyPdf = await printMemo(easy, 'memo-easy');
  for (const expected of ['メモ', 'サポート', 'いえを さがしています', 'てつだ', 'じゅうたくか']) {
    check(easyPdf.squeezed.includes(squeeze(expected)), `the やさしい日本語 PDF holds 「${expected}」`);
  }
  // The phone view, to show at the counter.
  await easy.setViewportSize({ width: 360, height: 740 });
  await easy.waitForTimeout(200);
  const phone = await easy.evaluate(() => {
    const memo = document.getElementById('memo');
    return { scrollWidth: memo.scrollWidth, clientWidth: memo.clientWidth,
      fontSize: parseFloat(getComputedStyle(memo.querySelector('.memo-sheet')).fontSize) };
  });
  check(phone.scrollWidth <= phone.clientWidth && phone.fontSize >= 17,
    'on a 360-px phone the memo fits the width, in large text', phone);
  await easy.screenshot({ path: join(outDir, 'memo-easy-phone-360-top.png') });
  // 「窓口で見せる」: the memo alone, larger, for the counter staff.
  await easy.locator('#memo .memo-show').click();
  const shown = await easy.evaluate(() => ({
    controls: getComputedStyle(document.querySelector('#memo .memo-controls')).display,
    pressed: document.querySelector('#memo .memo-show').getAttribute('aria-pressed'),
    sheetTop: document.querySelector('#memo .memo-sheet').getBoundingClientRect().top,
    fontSize: parseFloat(getComputedStyle(document.querySelector('#memo .memo-sheet')).fontSize),
    scrollWidth: document.getElementById('memo').scrollWidth, clientWidth: document.getElementById('memo').clientWidth,
  }));
  check(shown.controls === 'none' && shown.pressed === 'true' && shown.sheetTop < 120 && shown.fontSize >= 20
    && shown.scrollWidth <= shown.clientWidth,
  '「窓口で見せる」 shows the memo alone, larger, at the top of a 360-px screen', shown);
  await easy.screenshot({ path: join(outDir, 'memo-easy-phone-360.png') });
  await easy.locator('#memo .memo-show').click();
  check(await easy.locator('#memo-note').isVisible(), 'pressed again, the controls (and the note) are back');
  files.push(join(outDir, 'memo-easy-phone-360.png'), join(outDir, 'memo-easy-phone-360-top.png'));
  check(sentSince(easy, from).length === 0, 'no request or frame left the page while the やさしい日本語 memo was made',
    sentSince(easy, from));
  await storageIsEmpty(easy, 'the やさしい日本語 memo open');
  // Quick exit: Esc, typed in the note.
  await easy.locator('#memo-note').focus();
  await easy.keyboard.press('Escape');
  await easy.waitForURL(EXIT_URL, { timeout: 10_000 });
  const exitEasy = await exitState(easy);
  check(exitEasy.memoNodes === 0 && !exitEasy.memoOpen && !exitEasy.textareas.some((v) => v)
    && !exitEasy.text.includes('いえを さがしています'),
  'quick exit (Esc in the note) leaves no memo behind', exitEasy);
  await easy.close();

  // ---- English ------------------------------------------------------------------------
  const en = await openChat();
  await say(en, 'I lost my job and I need help finding work');
  await lastReplies(en).locator('.card').first().waitFor();
  const enOffer = lastReplies(en).locator('.memo-offer-button');
  check((await enOffer.textContent()) === 'Make a memo for the window', 'in English the button is in English');
  from = en.sent.length;
  await enOffer.click();
  await en.locator('#memo .memo-sheet').waitFor();
  await en.locator('#memo-note').fill('I worked in a restaurant until October.');
  const enSheet = await sheet(en);
  check(enSheet.lang === 'en' && enSheet.text.includes('Consultation memo (相談メモ)') && /Date: \d{1,2} [A-Z][a-z]+ \d{4}/.test(enSheet.text),
    'the English memo has its title (with 相談メモ) and the date', enSheet.text.slice(0, 100));
  check(enSheet.windows.includes('Daily Life Support Consultation Desk (生活サポート相談窓口)')
    && enSheet.windows.includes('Consultation for Foreign Residents (外国人相談)'),
  'each window in English with its Japanese name beside it', enSheet.windows);
  check(enSheet.text.includes('Community Welfare Division (地域共生課)') && enSheet.text.includes('Culture Promotion Division (文化振興課)')
    && enSheet.text.includes('Work and finding a job (仕事・就労)'),
  'departments and concerns in English with the Japanese beside them', enSheet.text);
  check(enSheet.text.includes('Can you help me look for work?') && enSheet.text.includes('I worked in a restaurant until October.'),
    'English questions and the note', enSheet.text);
  check(enSheet.screenText.includes('A printed or saved memo can be found by others at home.'), 'the privacy sentence in English');
  await en.screenshot({ path: join(outDir, 'memo-en-screen.png') });
  files.push(join(outDir, 'memo-en-screen.png'));
  const enPdf = await printMemo(en, 'memo-en');
  for (const expected of ['Consultation memo', 'Daily Life Support Consultation Desk', '生活サポート相談窓口',
    'Community Welfare Division', '地域共生課', '外国人相談', 'I worked in a restaurant until October.', 'Can you help me look for work?']) {
    check(enPdf.squeezed.includes(squeeze(expected)), `the English PDF holds 「${expected}」`);
  }
  check(sentSince(en, from).length === 0, 'no request or frame left the page while the English memo was made', sentSince(en, from));
  await storageIsEmpty(en, 'the English memo open');
  await en.locator('#memo .memo-close').click();
  await say(en, 'I want to end my life tonight');
  await lastReplies(en).locator('.emergency-crisis').waitFor();
  check(await lastReplies(en).locator('.memo-offer').count() === 0 && await en.locator('#memo-ask').isVisible(),
    'a crisis turn offers no memo button (the numbers stay alone); the small link stays');
  await en.close();

  // ---- DV: only when asked ---------------------------------------------------------------
  const dv = await openChat();
  await say(dv, '母の介護のことで困っています');
  check(await dv.locator('.memo-offer').count() === 1, 'a care result offers the memo');
  await say(dv, 'わからない');
  await lastReplies(dv).locator('.quick-reply', { hasText: '家族からの暴力' }).click();
  await dv.locator('.card-name', { hasText: 'パリテ' }).waitFor();
  await dv.waitForTimeout(400);
  const dvState = await dv.evaluate(() => ({
    offers: document.querySelectorAll('.memo-offer').length,
    ask: !document.getElementById('memo-ask').hidden,
    askText: document.getElementById('memo-ask').textContent,
  }));
  check(dvState.offers === 0 && dvState.ask,
    'once DV came up, no memo button is offered (the earlier one is gone); only the small link stays', dvState);
  await dv.locator('#memo-ask').scrollIntoViewIfNeeded();
  await dv.screenshot({ path: join(outDir, 'memo-dv-only-when-asked.png') });
  files.push(join(outDir, 'memo-dv-only-when-asked.png'));
  from = dv.sent.length;
  await dv.locator('#memo-ask').click();
  const dvSheet = await sheet(dv);
  check(dvSheet.text.includes('男女平等推進センターパリテ') && dvSheet.text.includes('相談したことが相手に知られないようにできますか。'),
    'asked for, the memo is made (with the DV window and its questions)', dvSheet.text);
  check(sentSince(dv, from).length === 0, 'no request left the page while the DV memo was made', sentSince(dv, from));
  await dv.keyboard.press('Shift');
  await dv.keyboard.press('Shift');
  await dv.keyboard.press('Shift');
  await dv.waitForURL(EXIT_URL, { timeout: 10_000 });
  const exitDv = await exitState(dv);
  check(exitDv.memoNodes === 0 && !exitDv.memoOpen && !exitDv.askShown && !exitDv.text.includes('パリテ'),
    'quick exit (Shift ×3) leaves no memo behind', exitDv);
  await dv.close();

  for (const p of [ja, easy, en, dv]) check(p.errors.length === 0, 'no script errors', p.errors);
  check(external.length === 0, 'no request left the navigator', external);
  check(files.every((f) => statSync(f).size > 5_000), 'screenshots, PDFs and PNG pages written', files);
} catch (error) {
  failure = error;
} finally {
  await close();
}

console.log(`E2E-RESULT ${JSON.stringify({ ok: !failure, passed: passed.length, files, error: failure ? String(failure.message || failure) : null })}`);
if (failure) {
  console.error(failure.stack || String(failure));
  process.exit(1);
}
