// Browser test of the chat page: Debian's Chromium driven by playwright-core.
//
//   node web/e2e/chat.e2e.mjs <base-url> [--fake] [--out test-output/web]
//
// <base-url> is a running navigator (real, or tests/web/fake_navigator.py with
// --fake: then the recorded replies are known and more is checked). Prints one
// line `E2E-RESULT {json}` (checks passed, socket session ids the page asked the
// server to forget) and exits 1 on the first failed check.
import { mkdirSync } from 'node:fs';
import { EXIT_URL, openBrowser } from './browser.mjs';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
// The tel: link of a listed number (the hotline table's digits, no number of our own).
const telOf = (number) => 'tel:' + number.replace(/[^0-9#]/g, '').replace(/#/g, '%23');
const base = (args.find((a) => !a.startsWith('--')) || 'http://127.0.0.1:5005').replace(/\/$/, '');
const fake = args.includes('--fake');
const outIndex = args.indexOf('--out');
const outDir = resolve(outIndex >= 0 ? args[outIndex + 1] : 'test-output/web');
const CHAT = `${base}/chat/`;
const REPLY_TIMEOUT = fake ? 10_000 : 60_000;

const passed = [];
const forgotten = [];
const external = [];

function check(condition, what, detail) {
  if (!condition) {
    const message = `FAILED: ${what}${detail !== undefined ? ` — ${JSON.stringify(detail)}` : ''}`;
    throw new Error(message);
  }
  passed.push(what);
  console.log(`ok - ${what}`);
}

mkdirSync(outDir, { recursive: true });
const { context, close } = await openBrowser(base, { exitPauseMs: 1500, external });

async function openChat(viewport) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.errors = errors;
  // The state of the page right after the event that triggered the quick exit, read in the
  // same task (the exit navigates away at once): a window listener runs after the page's.
  page.exitStates = [];
  await page.exposeFunction('reportExitState', (state) => page.exitStates.push(state));
  await page.addInitScript(() => {
    const report = () => {
      const overlay = document.getElementById('exit-overlay');
      if (!overlay || overlay.hidden || window.exitReported) return;
      window.exitReported = true;
      const r = overlay.getBoundingClientRect();
      window.reportExitState({
        overlay: true,
        cover: r.width >= window.innerWidth && r.height >= window.innerHeight
          && getComputedStyle(overlay).backgroundColor === 'rgb(255, 255, 255)',
        messages: document.querySelectorAll('#log *').length,
        input: document.getElementById('message').value,
      });
    };
    for (const type of ['click', 'keydown', 'keyup']) window.addEventListener(type, report);
  });
  await page.goto(CHAT);
  await page.waitForFunction(() => document.getElementById('status').textContent === '', null, { timeout: 20_000 });
  return page;
}

// The phone lines of an emergency block, by heading: the lines open now (.emergency-now)
// and the others (.emergency-other), each with its tel: link, `open` and status text.
async function emergencyGroups(block) {
  return block.evaluate((b) => {
    const group = (cls) => {
      const g = b.querySelector(`:scope > .${cls}`);
      if (!g) return null;
      return {
        heading: g.querySelector('.emergency-title').textContent,
        lines: [...g.querySelectorAll('.emergency-item')].map((li) => ({
          number: li.querySelector('.emergency-number').textContent,
          href: li.querySelector('a').getAttribute('href'),
          open: li.getAttribute('data-open'),
          status: li.querySelector('.emergency-status')?.textContent || '',
          text: li.textContent,
        })),
      };
    };
    return { role: b.getAttribute('role'), lang: b.lang, first: b.firstElementChild.className,
      now: group('emergency-now'), other: group('emergency-other') };
  });
}

// WCAG contrast of an element's text against the first opaque background behind it.
async function contrastOf(locator) {
  return locator.evaluate((e) => {
    const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => { const x = v / 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    let bg = null;
    for (let n = e; n && !bg; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) bg = c.slice(0, 3);
    }
    const fg = rgb(getComputedStyle(e).color).slice(0, 3);
    const [a, b] = [lum(fg), lum(bg || [255, 255, 255])].sort((x, y) => y - x);
    return { ratio: Math.round(((a + 0.05) / (b + 0.05)) * 100) / 100, color: getComputedStyle(e).color };
  });
}

// The number of exchanges (one per message sent), to wait for the reply to the latest one.
const lastReplies = (page) => page.locator('#log .exchange').last().locator('.replies');

async function say(page, text) {
  const before = await page.locator('#log .exchange').count();
  await page.locator('#message').focus();
  await page.keyboard.insertText(text);
  await page.keyboard.press('Enter');
  await page.locator('#log .exchange').nth(before).waitFor();
  await lastReplies(page).locator('> *').first().waitFor({ timeout: REPLY_TIMEOUT });
  await page.waitForTimeout(fake ? 300 : 1500); // the rest of the turn
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
    `nothing kept in the browser (${where}): no localStorage, sessionStorage, cookies, IndexedDB`,
    { ...state, cookies: cookies.length });
}

async function quickExit(page, how, trigger) {
  const forgetRequest = page.waitForRequest((r) => r.url() === `${base}/chat/forget` && r.method() === 'POST');
  const forgetResponse = page.waitForResponse((r) => r.url() === `${base}/chat/forget`);
  await trigger();
  await page.waitForURL(EXIT_URL, { timeout: 10_000 });
  const state = page.exitStates[0] || { overlay: false };
  check(state.overlay && state.cover, `quick exit (${how}): a blank overlay covers the page at once`, state);
  check(state.messages === 0 && state.input === '', `quick exit (${how}): the conversation is gone from the page`, state);
  const request = await forgetRequest;
  const sessionId = JSON.parse(request.postData() || '{}').session_id;
  const answer = await forgetResponse;
  check(answer.status() === 200 && typeof sessionId === 'string' && sessionId.length >= 8,
    `quick exit (${how}): the server was asked to forget the session and agreed`, { status: answer.status(), sessionId });
  forgotten.push(sessionId);
  check(page.url() === EXIT_URL, `quick exit (${how}): the page went to ${EXIT_URL}`);
  await storageIsEmpty(page, `after the quick exit by ${how}`);
  await page.close();
}

let failure = null;
try {
  // ---- desktop: a concern, the window cards --------------------------------------
  const page = await openChat();
  const html = await page.evaluate(() => ({
    external: [...document.querySelectorAll('script[src], link[href]')]
      .map((e) => new URL(e.getAttribute('src') || e.getAttribute('href'), location.href))
      .filter((u) => u.origin !== location.origin).map(String),
    lang: document.documentElement.lang,
    notice: document.querySelector('.notice').textContent,
    live: document.getElementById('log').getAttribute('aria-live'),
    maxlength: document.getElementById('message').maxLength,
    exitButton: document.getElementById('quick-exit').textContent.trim(),
  }));
  check(html.external.length === 0, 'the page loads no script or style from elsewhere', html.external);
  check(html.lang === 'ja' && html.notice.includes('自動の案内') && html.notice.includes('相談員'),
    'Japanese page that says it is an automatic guide, not a counsellor');
  check(html.live === 'polite' && html.maxlength === 2000 && html.exitButton === 'すぐに閉じる',
    'aria-live="polite" log, 2,000-character input, visible 「すぐに閉じる」 button', html);

  await say(page, '母の介護のことで困っています');
  const cards = lastReplies(page).locator('.card');
  await cards.first().waitFor({ timeout: REPLY_TIMEOUT });
  const card = await cards.first().evaluate((c) => ({
    name: c.querySelector('.card-name')?.textContent || '',
    departments: c.querySelector('.card-departments')?.textContent || '',
    what: c.querySelector('.card-what')?.textContent || '',
  }));
  check(card.name && card.departments.includes('担当課') && card.departments.length > 3 && card.what,
    'a concern shows window cards with name, department and what it does', card);
  check(await page.locator('#log .msg-user').last().textContent() === 'あなた：母の介護のことで困っています',
    'the message sent is shown as the resident\'s');
  if (fake) {
    check(await cards.count() === 3, 'one card per window of navigator.result (3)');
    check(await lastReplies(page).locator('details.listing').count() === 1,
      'the same result as text is folded under 「同じ案内を文章で読む」');
    // The reply contract: the listing's place shows listing_without_windows beside the cards.
    const beside = await lastReplies(page).evaluate((r) => ({
      shown: [...r.querySelectorAll('.msg-bot > .msg-text')].map((m) => m.textContent).join('\n'),
      names: [...r.querySelectorAll('.card .card-name')].map((n) => n.textContent),
    }));
    check(beside.shown.includes('「介護」「お金・生活」について、次の窓口があります。')
      && beside.names.length === 3 && beside.names.every((name) => !beside.shown.includes(name)),
      'listing_without_windows is shown with the cards, without the window names', beside);
  }
  await page.setViewportSize({ width: 1000, height: 1500 }); // the whole turn, as a tall screen shows it
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(outDir, 'chat.png') });
  await page.setViewportSize({ width: 1000, height: 900 });

  // ---- a quick reply, by keyboard --------------------------------------------------
  const candidates = fake ? ['ほにゃらら'] : ['ひきこもりのことで相談したい', 'ほにゃららふがふが', '/nlu_fallback'];
  let replies = null;
  for (const text of candidates) {
    await say(page, text);
    const found = lastReplies(page).locator('.quick-reply');
    if (await found.count()) { replies = found; break; }
  }
  check(replies !== null, 'a reply with buttons shows them as quick replies');
  const choice = await replies.first().elementHandle(); // this button, not "the last exchange's"
  const title = (await choice.textContent()).trim();
  const exchanges = await page.locator('#log .exchange').count();
  await choice.focus();
  await page.keyboard.press('Enter');
  await page.locator('#log .exchange').nth(exchanges).waitFor();
  check((await page.locator('#log .msg-user').last().textContent()) === `あなた：${title}`,
    'a quick reply (chosen with the keyboard) shows its title as the resident\'s message', title);
  await lastReplies(page).locator('> *').first().waitFor({ timeout: REPLY_TIMEOUT });
  check(await choice.getAttribute('aria-disabled') === 'true', 'a quick reply answers once (its group is then disabled)');
  check((await lastReplies(page).locator('> *').count()) > 0, 'the quick reply\'s payload got an answer');
  if (fake) {
    // お金・生活 → /poverty → cards; the dv turn (#8008, #9110) is checked below.
    await lastReplies(page).locator('.card').first().waitFor();
    check(true, 'the quick reply sent its payload (/poverty) and the windows came');
  }

  // ---- #-numbers in tel: links ---------------------------------------------------
  // Numbers as data/hotlines.yml lists them; a tel: link keeps only the digits.
  const dialled = (listed) => 'tel:' + listed.replace(/-/g, '');
  const tel = await page.evaluate(() => [
    window.navigatorChat.telHref('#9110'), window.navigatorChat.telHref('0120-279-338'),
    window.navigatorChat.telHref('＃８００８'), window.navigatorChat.telHref('110'),
  ]);
  check(JSON.stringify(tel) === JSON.stringify(['tel:%239110', dialled('0120-279-338'), 'tel:%238008', 'tel:110']),
    'tel: links keep digits and #, with # as %23', tel);
  if (fake) {
    await say(page, 'わからない');
    await lastReplies(page).locator('.quick-reply', { hasText: '家族からの暴力' }).click();
    const block = page.locator('#log .exchange').last().locator('.replies > .emergency');
    await block.waitFor();
    const hrefs = await block.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    check(hrefs.includes('tel:%238008') && hrefs.includes('tel:%239110') && hrefs.includes(dialled('0120-279-889')),
      'a non-crisis result shows its numbers as tel: links (#8008 → tel:%238008)', hrefs);
  }

  // ---- escaping and readings -------------------------------------------------------
  const rich = await page.evaluate(() => window.navigatorChat.richHtml('<b>x</b>相談（そうだん）と110番（警察）'));
  check(rich === '&lt;b&gt;x&lt;/b&gt;<ruby>相談<rt>そうだん</rt></ruby>と110番（警察）',
    'texts are escaped, then kanji（かな） becomes ruby (not kanji（kanji）)', rich);
  await say(page, '<b>太字</b>のテスト');
  check((await page.locator('#log .msg-user').last().locator('b').count()) === 0
    && (await page.locator('#log .msg-user').last().textContent()).includes('<b>太字</b>'),
    'the resident\'s own text is shown as text, never as HTML');
  if (fake) {
    const bot = lastReplies(page).locator('.msg-bot').first();
    check((await bot.locator('b').count()) === 0 && (await bot.textContent()).includes('<b>太字</b>'),
      'a bot text with markup is shown as text');
    const ruby = await bot.locator('ruby').evaluateAll((rs) => rs.map((r) => r.innerHTML));
    check(ruby.includes('窓口<rt>まどぐち</rt>') && ruby.includes('相談<rt>そうだん</rt>') && !ruby.some((r) => r.includes('警察')),
      'readings in full-width parentheses are shown as ruby', ruby);
  }

  // ---- toggles ---------------------------------------------------------------------
  await page.locator('#toggle-large').focus();
  await page.keyboard.press('Enter');
  const large = await page.evaluate(() => ({
    cls: document.documentElement.classList.contains('large-text'),
    size: getComputedStyle(document.documentElement).fontSize,
    pressed: document.getElementById('toggle-large').getAttribute('aria-pressed'),
  }));
  check(large.cls && large.size === '20px' && large.pressed === 'true', '文字を大きく makes the text larger (aria-pressed)', large);
  await page.locator('#toggle-large').click();
  // Presses やさしい日本語 and waits for the bot's answer to the payload it sends.
  const pressEasy = async () => {
    const before = await page.locator('#log .exchange').count();
    await page.locator('#toggle-easy').click();
    await page.locator('#log .exchange').nth(before).locator('.replies > *').first().waitFor({ timeout: REPLY_TIMEOUT });
    return page.evaluate(() => ({
      pressed: document.getElementById('toggle-easy').getAttribute('aria-pressed'),
      reply: document.querySelector('#log .exchange:last-child .replies').textContent,
      userBubble: document.querySelectorAll('#log .exchange:last-child .msg-user').length,
    }));
  };
  const easy = await pressEasy();
  check(easy.pressed === 'true' && easy.userBubble === 0 && easy.reply.includes('やさしい'),
    'やさしい日本語 sends /easy_japanese (not shown as the resident\'s words) and the bot answers', easy);
  if (!fake) {
    // The real navigator writes readings after kanji; the page shows them as ruby, cards included.
    await say(page, 'おかねが なくて こまっています');
    const rubies = await lastReplies(page).locator('.card ruby').count();
    check(rubies > 0, 'in やさしい日本語 the window cards carry readings as ruby', rubies);
    await page.screenshot({ path: join(outDir, 'easy-japanese.png') });
  }
  const plain = await pressEasy();
  check(plain.pressed === 'false' && plain.userBubble === 0 && plain.reply.includes('ふつうの日本語'),
    'pressing やさしい日本語 again sends /plain_japanese and the bot switches back', plain);

  // ---- the counter and the 2,000-character limit -------------------------------------
  await page.locator('#message').focus();
  await page.keyboard.insertText('あ'.repeat(2100));
  const limit = await page.evaluate(() => ({
    length: document.getElementById('message').value.length,
    counter: document.getElementById('counter').textContent,
    note: document.getElementById('limit-note').textContent,
  }));
  check(limit.length === 2000 && limit.counter.includes('あと 0 文字') && limit.note.includes('2,000文字まで'),
    'input stops at 2,000 characters and the counter says so kindly', limit);
  await page.locator('#message').fill('');

  // ---- crisis: the emergency block first -------------------------------------------
  await say(page, 'もう死にたい');
  const crisis = lastReplies(page).locator('.emergency-crisis');
  await crisis.waitFor({ timeout: REPLY_TIMEOUT });
  await page.waitForTimeout(fake ? 300 : 2000);
  const top = await lastReplies(page).evaluate((r) => {
    const first = r.firstElementChild;
    const links = [...r.querySelectorAll('.emergency-crisis a')].map((a) => a.getAttribute('href'));
    const style = getComputedStyle(r.querySelector('.emergency-crisis'));
    return { firstIsCrisis: first.classList.contains('emergency-crisis'), role: first.getAttribute('role'),
      links, border: style.borderTopWidth, numberSize: getComputedStyle(r.querySelector('.emergency-number')).fontSize };
  });
  check(top.firstIsCrisis && top.role === 'alert', 'a crisis turn starts with the emergency block (role=alert)', top);
  check(top.links.length > 0 && top.links.every((h) => /^tel:(%23)?[0-9]+$/.test(h)),
    'the emergency numbers are tel: links', top.links);
  check(parseFloat(top.border) >= 4 && parseFloat(top.numberSize) >= 24, 'the crisis block is visually prominent', top);
  await page.screenshot({ path: join(outDir, 'crisis.png') });
  // Only lines open now under the "now" heading; closed ones (and unknown hours) under the second.
  const groups = await emergencyGroups(crisis);
  check(groups.now && groups.now.heading === '今つながる電話' && groups.first.includes('emergency-now'),
    'the crisis block starts with 「今つながる電話」 over the lines open now', groups);
  check(groups.now.lines.every((l) => l.open === 'open' && !l.status),
    'no line that is closed (or of unknown hours) stands under 「今つながる電話」', groups.now.lines);
  check(!groups.other || (groups.other.heading === 'ほかの相談先（受付時間をご確認ください）'
    && groups.other.lines.every((l) => l.open !== 'open' && /^tel:(%23)?[0-9]+$/.test(l.href))),
    'the other lines stand under 「ほかの相談先（受付時間をご確認ください）」, still as tel: links', groups.other);
  if (fake) {
    // The recorded turn (the real navigator at 12:00): いのちの電話（フリーダイヤル） is closed until 16時.
    check(JSON.stringify(groups.now.lines.map((l) => l.number)) === JSON.stringify(['119', '110', '0120-279-338', '0570-783-556']),
      'the four lines open at 12:00 are under 「今つながる電話」', groups.now.lines.map((l) => l.number));
    const closed = groups.other.lines.filter((l) => l.open === 'closed');
    check(closed.length === 1 && closed[0].number === '0120-783-556' && closed[0].href === telOf(closed[0].number)
      && closed[0].status === '今は受付時間外（16時から）',
    'the closed line is under the second heading, with its status 「今は受付時間外（16時から）」, as a tel: link', closed);
    check(groups.other.lines.some((l) => l.open === 'unknown' && l.number === '0570-064-556' && !l.status),
      'a line of unknown hours is under the second heading too, with its hours, no status', groups.other.lines);
    const closedItem = crisis.locator('.emergency-other .emergency-item-closed');
    const statusContrast = await contrastOf(closedItem.locator('.emergency-status'));
    const linkContrast = await contrastOf(closedItem.locator('.emergency-link'));
    const openColor = await crisis.locator('.emergency-now .emergency-link').first().evaluate((a) => getComputedStyle(a).color);
    check(statusContrast.ratio >= 4.5 && linkContrast.ratio >= 4.5 && linkContrast.color !== openColor,
      'the closed line is muted (not the colour of the open ones) and still readable (contrast >= 4.5:1)',
      { statusContrast, linkContrast, openColor });
    const describedBy = await closedItem.locator('.emergency-link').getAttribute('aria-describedby');
    check(describedBy && (await closedItem.locator(`[id="${describedBy}"]`).textContent()) === '今は受付時間外（16時から）',
      'the closed line\'s link is described by its status (screen readers hear it is closed now)', describedBy);
    // A non-crisis list has the same grouping under a neutral heading.
    const dv = page.locator('#log .exchange').filter({ has: page.locator('.card-name', { hasText: 'パリテ' }) }).last()
      .locator('.replies > .emergency');
    const dvGroups = await emergencyGroups(dv);
    check(dvGroups.role === null && dvGroups.now?.heading === '電話で相談できるところ'
      && JSON.stringify(dvGroups.now.lines.map((l) => l.number)) === JSON.stringify(['0120-279-889'])
      && dvGroups.other?.heading === 'ほかの相談先（受付時間をご確認ください）'
      && JSON.stringify(dvGroups.other.lines.map((l) => l.number)) === JSON.stringify(['#8008', '#9110']),
    'a non-crisis list: open lines under 「電話で相談できるところ」, unknown hours under 「ほかの相談先」, no alert', dvGroups);

    // ---- crisis in English: English headings and status, lang="en" ---------------------
    await say(page, 'I want to end my life tonight');
    const enBlock = lastReplies(page).locator('.emergency-crisis');
    await enBlock.waitFor({ timeout: REPLY_TIMEOUT });
    const en = await emergencyGroups(enBlock);
    const enClosed = (en.other?.lines || []).filter((l) => l.open === 'closed');
    check(en.lang === 'en' && en.role === 'alert' && en.now?.heading === 'You can call now'
      && en.now.lines.every((l) => l.open === 'open') && en.other?.heading === 'Other lines (see their hours)'
      && enClosed.length === 1 && enClosed[0].status === 'closed now (opens 16:00)',
    'in English: lang="en", 「You can call now」 over the open lines, the closed one under 「Other lines (see their hours)」', en);

    // ---- the possible-risk tier: one calm line at the end of the turn ------------------
    await say(page, '10年前に自殺未遂をしたことがあります。今は元気です。手帳のことを相談したい');
    await lastReplies(page).locator('.possible-risk').waitFor({ timeout: REPLY_TIMEOUT });
    const calm = await lastReplies(page).evaluate((r) => {
      const box = r.querySelector('.possible-risk');
      const windows = r.querySelector('.windows');
      const style = getComputedStyle(box);
      const calmText = 'つらさが続くときは、24時間つながる電話もあります';
      return {
        last: r.lastElementChild === box,
        afterCards: !!windows && !!(windows.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING),
        inAlert: !!box.closest('[role="alert"]') || box.getAttribute('role') === 'alert' || !!box.querySelector('[role="alert"]'),
        emergencyBlocks: r.querySelectorAll('.emergency').length,
        links: [...box.querySelectorAll('a')].map((a) => a.getAttribute('href')),
        text: box.textContent,
        colours: [style.borderLeftColor, style.backgroundColor, style.color],
        // Bubbles shown as text (the folded listing, 「同じ案内を文章で読む」, may keep it).
        shownElsewhere: [...r.querySelectorAll('.msg-bot > .msg-text')].some((m) => m.textContent.includes(calmText)),
        folded: [...r.querySelectorAll('.msg-bot details.listing')].length,
      };
    });
    check(calm.last && calm.afterCards, 'a possible-risk turn ends with the calm line, after the window cards', calm);
    check(!calm.inAlert && calm.emergencyBlocks === 0, 'the calm line is not an alert and no emergency block comes with it', calm);
    check(calm.text.startsWith('つらさが続くときは') && JSON.stringify(calm.links) === JSON.stringify([telOf('0120-279-338')]),
      'the calm line shows its text with its 24-hour number as a tel: link', calm);
    const red = /rgb\((1[5-9]\d|2\d\d), (\d|[1-5]\d), (\d|[1-5]\d)\)/; // --danger #b00020 and its kin
    check(calm.colours.every((c) => !red.test(c)) && !calm.shownElsewhere && calm.folded === 1,
      'the calm line is not red and not repeated in a bubble', calm);
    await page.waitForTimeout(1200); // the page's smooth scroll to the end of the turn
    const inView = await lastReplies(page).evaluate((r) => {
      const box = r.querySelector('.possible-risk').getBoundingClientRect();
      const top = document.querySelector('.top').getBoundingClientRect().bottom;
      return { top: box.top, bottom: box.bottom, header: top, composer: document.getElementById('composer').getBoundingClientRect().top };
    });
    check(inView.top >= inView.header && inView.bottom <= inView.composer,
      'the calm line is in view at the end of the turn, between the header and the composer', inView);
    await page.screenshot({ path: join(outDir, 'possible-risk.png') });

    // Without a concern the navigator's text (which carries the line too) comes first: the line moves to the end.
    await say(page, 'もう疲れた');
    await lastReplies(page).locator('.possible-risk').waitFor({ timeout: REPLY_TIMEOUT });
    const moved = await lastReplies(page).evaluate((r) => ({
      order: [...r.children].map((c) => c.className),
      bubble: r.querySelector('.msg-bot').textContent,
    }));
    check(moved.order.length === 3 && moved.order[2] === 'possible-risk' && moved.order[1] === 'quick-replies'
      && !moved.bubble.includes('つらさが続くときは') && moved.bubble.includes('うまく読み取れませんでした'),
    'the calm line is taken out of the text before it and shown once, last in the turn', moved);
  }
  check(page.errors.length === 0, 'no script errors on the page', page.errors);
  await storageIsEmpty(page, 'during a conversation');

  // ---- quick exit: the button --------------------------------------------------------
  await quickExit(page, 'the 「すぐに閉じる」 button', () => page.locator('#quick-exit').click());

  // ---- quick exit: Esc -----------------------------------------------------------------
  const esc = await openChat();
  await say(esc, '母の介護のことで困っています');
  await quickExit(esc, 'Esc', () => esc.keyboard.press('Escape'));

  // ---- quick exit: Shift three times (not when another key comes between) --------------
  const shift = await openChat();
  await say(shift, '母の介護のことで困っています');
  await shift.locator('#message').focus();
  await shift.keyboard.press('Shift');
  await shift.keyboard.press('Shift');
  await shift.keyboard.press('a');
  await shift.keyboard.press('Shift');
  await shift.waitForTimeout(300);
  check(shift.url() === CHAT && (await shift.locator('#exit-overlay').isHidden()),
    'Shift, Shift, another key, Shift does not close the page');
  await shift.locator('#message').fill('');
  await quickExit(shift, 'Shift pressed three times', async () => {
    for (let i = 0; i < 3; i += 1) await shift.keyboard.press('Shift');
  });

  // ---- a 360-px phone ----------------------------------------------------------------
  const phone = await openChat({ width: 360, height: 740 });
  await say(phone, '母の介護のことで困っています');
  await lastReplies(phone).locator('.card').first().waitFor({ timeout: REPLY_TIMEOUT });
  await say(phone, 'もう死にたい');
  await lastReplies(phone).locator('.emergency-crisis').waitFor({ timeout: REPLY_TIMEOUT });
  await phone.waitForTimeout(500);
  const layout = await phone.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    exitVisible: (() => {
      const r = document.getElementById('quick-exit').getBoundingClientRect();
      return r.right <= document.documentElement.clientWidth && r.width > 0;
    })(),
  }));
  check(layout.scrollWidth <= layout.clientWidth && layout.clientWidth === 360,
    'a 360-px-wide screen has no horizontal scroll', layout);
  check(layout.exitVisible, 'the quick exit button is fully visible on a 360-px screen', layout);
  await phone.screenshot({ path: join(outDir, 'mobile-360-crisis.png') });
  await phone.evaluate(() => window.scrollTo(0, 0));
  await phone.screenshot({ path: join(outDir, 'mobile-360.png'), fullPage: true });
  await phone.close();

  check(external.length === 0, 'no request left the navigator (except the exit address)', external);
} catch (error) {
  failure = error;
} finally {
  await close();
}

console.log(`E2E-RESULT ${JSON.stringify({ ok: !failure, passed: passed.length, forgotten, error: failure ? String(failure.message || failure) : null })}`);
if (failure) {
  console.error(failure.stack || String(failure));
  process.exit(1);
}
