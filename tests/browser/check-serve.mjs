// Browser check of `handbook serve`'s live reload, as an editor sees it, in headless Chromium:
// a save reloads the open page and keeps its scroll position; a broken save shows the error
// dialog over the last good page (file:line, message, focused close button, no axe-core
// violations); the next good save reloads the page and the dialog is gone.
//
// Usage: node check-serve.mjs PAGE_URL SOURCE_FILE [SCREENSHOT.png]
// (the server must be running; SOURCE_FILE is the page's Markdown file, edited and restored).
// Prints one line per check and "N passed, N failed"; exits 1 on any failure.

import { readFileSync, writeFileSync } from 'node:fs';
import { launchBrowser, axeSourceCode } from './lib.mjs';

const [url, source, screenshot] = process.argv.slice(2);
if (!url || !source) {
  console.error('usage: node check-serve.mjs PAGE_URL SOURCE_FILE [SCREENSHOT.png]');
  process.exit(2);
}
const WAIT = { timeout: 30_000 };
const TITLE = 'title = "เปลี่ยนแปลงทันการณ์"';
const original = readFileSync(source, 'utf8');
if (!original.includes(TITLE)) throw new Error(`${source} does not have its usual title`);
const withTitle = (marker) => original.replace(TITLE, `title = "เปลี่ยนแปลงทันการณ์ ${marker}"`);

let passed = 0;
let failed = 0;
function check(ok, what) {
  if (ok) passed++; else failed++;
  console.log(`${ok ? 'ok' : 'FAILED'}: ${what}`);
}

const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 500 } });
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(() => window.scrollTo(0, 600));
  const before = await page.evaluate(() => window.scrollY);
  check(before > 100, `the page scrolls (scrollY ${before})`);

  writeFileSync(source, withTitle('BROWSER-SAVE'));
  await page.waitForFunction(() => document.title.includes('BROWSER-SAVE'), null, WAIT);
  await page.waitForLoadState('load');
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 2, before, WAIT).catch(() => {});
  const after = await page.evaluate(() => window.scrollY);
  check(Math.abs(after - before) < 2, `a save reloads the page where it was scrolled (scrollY ${before} → ${after})`);

  writeFileSync(source, withTitle('BROWSER-SAVE').replace('number = 5', 'number = = 5'));
  const dialog = page.locator('[role="alertdialog"]');
  await dialog.waitFor({ state: 'visible', ...WAIT });
  const text = await dialog.innerText();
  check(text.includes('content/competencies/change.md:3:'), 'the dialog names the file and line');
  check(text.includes('invalid TOML'), 'the dialog gives the message');
  check(await page.evaluate(() => document.title.includes('BROWSER-SAVE')), 'the last good page stays under the dialog');
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.tagName === 'BUTTON'
    && document.activeElement.closest('[role="alertdialog"]') !== null);
  check(focused, 'the close button has the focus');
  if (screenshot) await page.screenshot({ path: screenshot });
  await page.evaluate(axeSourceCode());
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run('#handbook-serve-errors', {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => `${v.id}: ${v.help}`);
  });
  check(violations.length === 0, `axe-core finds no WCAG 2.1 AA violation in the dialog ${violations.join('; ')}`);
  await page.keyboard.press('Escape');
  check(await dialog.count() === 0, 'Escape closes the dialog');

  writeFileSync(source, withTitle('BROWSER-FIXED'));
  await page.waitForFunction(() => document.title.includes('BROWSER-FIXED'), null, WAIT);
  await page.waitForLoadState('load');
  check(await dialog.count() === 0, 'the next good save reloads the page without the dialog');
} catch (e) {
  check(false, `unexpected: ${e.message}`);
} finally {
  writeFileSync(source, original);
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
