// Screenshots of the chat page's crisis block against a running navigator.
//
//   node web/e2e/crisis_screenshots.mjs <base-url> <out-dir> [--at 0300] [--langs ja,en]
//
// Types a crisis message in each language into http(s)://<base-url>/chat/, waits
// for the reply and writes <out-dir>/crisis-<at>-<lang>.png (the whole page, the
// crisis block at the top of the turn) and prints, per language, which lines
// stand under which heading of the block (`SHOT {json}` lines).
//
// The navigator's clock decides which lines are open: start it with a fixed time,
// e.g. for the three screenshots of test-output/crisis/:
//
//   NAVIGATOR_FIXED_TIME=2026-12-03T03:00 .venv/bin/python -m bot.serve --model models/navigator.tar.gz
//   node web/e2e/crisis_screenshots.mjs http://localhost:5005 test-output/crisis --at 0300 --langs ja,en
//   (stop it, then)
//   NAVIGATOR_FIXED_TIME=2026-12-03T12:00 .venv/bin/python -m bot.serve --model models/navigator.tar.gz
//   node web/e2e/crisis_screenshots.mjs http://localhost:5005 test-output/crisis --at 1200 --langs ja
//
// Exits 1 when a reply has no crisis block or a line closed now stands under the "now" heading.
import { mkdirSync } from 'node:fs';
import { openBrowser } from './browser.mjs';
import { join, resolve } from 'node:path';

const MESSAGES = {
  ja: 'もう生きていたくない。今夜終わりにします',
  en: 'I want to end my life tonight',
};

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
const base = (positional[0] || 'http://localhost:5005').replace(/\/$/, '');
const outDir = resolve(positional[1] || 'test-output/crisis');
const at = option('--at', '0300');
const langs = option('--langs', 'ja,en').split(',').map((l) => l.trim()).filter((l) => MESSAGES[l]);
const REPLY_TIMEOUT = 90_000;

mkdirSync(outDir, { recursive: true });
// A phone: most residents write from one.
const { context, close } = await openBrowser(base, {
  profile: 'navigator-shots-', viewport: { width: 430, height: 932 }, deviceScaleFactor: 2,
});

let failed = false;
try {
  for (const lang of langs) {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${base}/chat/`);
    await page.waitForFunction(() => document.getElementById('status').textContent === '', null, { timeout: 30_000 });
    await page.locator('#message').focus();
    await page.keyboard.insertText(MESSAGES[lang]);
    await page.keyboard.press('Enter');
    const block = page.locator('#log .exchange').last().locator('.emergency-crisis');
    await block.waitFor({ timeout: REPLY_TIMEOUT });
    // The rest of the turn (the listing after the result), then the fonts.
    await page.locator('#log .exchange').last().locator('.windows').waitFor({ timeout: REPLY_TIMEOUT }).catch(() => {});
    await page.waitForTimeout(1500);
    await page.evaluate(() => document.fonts.ready);
    const shot = await block.evaluate((b) => {
      const group = (cls) => {
        const g = b.querySelector(`.${cls}`);
        if (!g) return null;
        return {
          heading: g.querySelector('.emergency-title').textContent,
          lines: [...g.querySelectorAll('.emergency-item')].map((li) => ({
            name: li.querySelector('.emergency-name').textContent,
            number: li.querySelector('.emergency-number').textContent,
            href: li.querySelector('a').getAttribute('href'),
            open: li.getAttribute('data-open'),
            status: li.querySelector('.emergency-status')?.textContent || '',
          })),
        };
      };
      return { role: b.getAttribute('role'), blockLang: b.lang, now: group('emergency-now'), other: group('emergency-other') };
    });
    const file = join(outDir, `crisis-${at}-${lang}.png`);
    // A screen as tall as the page: the sticky header and composer stay where they belong
    // (a fullPage capture would paint the composer over the block).
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    for (let i = 0; i < 3; i += 1) {
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewportSize({ width: 430, height: Math.min(height, 8000) });
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(300);
    await page.screenshot({ path: file });
    const closedUnderNow = (shot.now?.lines || []).filter((l) => l.open !== 'open');
    const ok = shot.role === 'alert' && closedUnderNow.length === 0 && errors.length === 0;
    if (!ok) failed = true;
    console.log(`SHOT ${JSON.stringify({ ok, lang, file, ...shot, errors })}`);
    await page.close();
  }
} finally {
  await close();
}
process.exit(failed ? 1 : 0);
