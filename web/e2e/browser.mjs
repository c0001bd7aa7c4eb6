// Debian's Chromium for the page's browser checks (playwright's own browser
// download does not work here), as all four scripts start it: a throwaway
// profile, and no request but to the navigator itself. With `exitPauseMs`, the
// city's address (where quick exit sends the page) answers with a stub after a
// pause, so that the covered page can be inspected meanwhile; every other
// address is refused and listed in `external`.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const EXIT_URL = 'https://www.city.nishitokyo.lg.jp/';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function openBrowser(base, {
  profile = 'navigator-chromium-',
  viewport = { width: 1000, height: 900 },
  deviceScaleFactor = 1,
  exitPauseMs = null,
  external = [],
} = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), profile));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    deviceScaleFactor,
    locale: 'ja-JP',
  });
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(base + '/')) return route.continue();
    if (exitPauseMs !== null && url.startsWith(EXIT_URL)) {
      await new Promise((r) => setTimeout(r, exitPauseMs));
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<title>exit</title>exit' });
    }
    external.push(url);
    return route.abort();
  });
  const close = async () => {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, close };
}
