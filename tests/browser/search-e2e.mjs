// End-to-end search checks of a built handbook site in headless Chromium, served under a subpath:
// Thai whole words, parts of compounds, two words, Thai- and Arabic-digit meeting numbers,
// English terms inside Thai pages, inflected English queries — each with the right page first —
// plus highlighting of exactly the matched phrase, one-letter queries (page titles with a word
// beginning with the letter), the result count and the button for more results, keyboard use,
// links under the subpath, no request leaving the site, and the index working from file:// and
// where a policy refuses fetch.
//
// Usage: node tests/browser/search-e2e.mjs <siteDir> [--base /hr/handbook/]
// Prints one line per check and `search-e2e: N passed, M failed`; exits 1 on any failure.

import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { axeSourceCode, guardExternalRequests, launchBrowser, normalizeBase, serveSite } from './lib.mjs';

const args = process.argv.slice(2);
const siteDir = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--base');
const base = normalizeBase(args.includes('--base') ? args[args.indexOf('--base') + 1] : '/hr/handbook/');
if (!siteDir) {
  console.error('usage: node tests/browser/search-e2e.mjs <siteDir> [--base /hr/handbook/]');
  process.exit(2);
}

/** [query, lang, expected first page path (relative to the site root), expected anchor or null]. */
const FIRST = [
  ['กล้าตัดสินใจ', 'th', 'competencies/making-decision/', 'whole Thai word (a competency title)'],
  ['ตัดสินใจ', 'th', 'competencies/making-decision/', 'part of a compound'],
  ['ความร่วมมือ', 'th', 'competencies/collaboration/', 'part of a compound title'],
  ['แผนยุทธศาสตร์ ทรัพยากรบุคคล', 'th', 'strategy/hr-strategy-2566-2570/', 'two Thai words'],
  ['การกระจายอำนาจบริหารทรัพยากรบุคคล', 'th', 'strategy/hr-strategy-2566-2570/', 'two words without a space, not adjacent in the text'],
  ['๔/๒๕๖๕', 'th', 'meetings/hr-strategy-2565-04/', 'meeting number in Thai digits'],
  ['4/2565', 'th', 'meetings/hr-strategy-2565-04/', 'meeting number in Arabic digits'],
  ['ครั้งที่ 4/2565', 'th', 'meetings/hr-strategy-2565-04/', 'Thai word and Arabic digits'],
  ['อกก วิสามัญ', 'th', 'meetings/hr-strategy-2565-04/', 'abbreviation without its dots'],
  ['Collaboration', 'th', 'competencies/collaboration/', 'English term inside a Thai page'],
  ['Work Flow', 'th', 'strategy/hr-strategy-2566-2570/', 'English phrase inside a Thai page'],
  ['deciding', 'en', 'en/competencies/making-decision/', 'inflected English query'],
  ['collaborating', 'en', 'en/competencies/collaboration/', 'inflected English query'],
  ['4/2565', 'en', 'en/meetings/hr-strategy-2565-04/', 'meeting number on the English side'],
];

let passed = 0;
let failed = 0;
function check(ok, what, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok || !detail ? '' : `\n     ${detail}`}`);
}

const server = await serveSite(siteDir, base);
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  const blocked = await guardExternalRequests(page, server.origin);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${server.url}levels/`, { waitUntil: 'load' });

  for (const [query, lang, expected, what] of FIRST) {
    const results = await page.evaluate(([q, l]) => window.handbookSearch(q, { lang: l }), [query, lang]);
    const first = results[0];
    const want = `${server.url}${expected}`;
    check(first && first.url.split('#')[0] === want, `"${query}" (${lang}, ${what}) finds ${expected} first`,
      `got ${results.slice(0, 3).map((r) => r.url.replace(server.url, '')).join(', ') || 'nothing'}`);
  }

  // Exact highlighting: ผู้บังคับบัญชา must not match or light up ผู้ใต้บังคับบัญชา.
  const boss = await page.evaluate(() => window.handbookSearch('ผู้บังคับบัญชา', { lang: 'th' }));
  const marked = boss.flatMap((r) => r.marks.map(([a, b]) => r.excerpt.slice(a, b)));
  check(boss.length > 0 && marked.length > 0 && marked.every((m) => m === 'ผู้บังคับบัญชา'),
    'ผู้บังคับบัญชา highlights exactly the matched phrase', JSON.stringify(marked));
  check(!boss.some((r) => r.url.includes('value-people')), 'ผู้บังคับบัญชา does not find ผู้ใต้บังคับบัญชา (value-people)',
    boss.map((r) => r.url).join(' '));

  // A hit inside a resolution or a strategy item links to its anchor.
  const item = await page.evaluate(() => window.handbookSearch('Work Flow', { lang: 'th' }));
  check(item[0] && item[0].url.endsWith('#digital-workflow') && item[0].kind === 'strategy', 'a strategy item hit links to #digital-workflow',
    item[0] && item[0].url);
  const resolution = await page.evaluate(() => window.handbookSearch('มติ อกก เห็นชอบร่างแผนยุทธศาสตร์', { lang: 'th' }));
  check(resolution[0] && /#resolution-/.test(resolution[0].url) && resolution[0].kind === 'meeting', 'a resolution hit links to #resolution-…',
    resolution[0] && resolution[0].url);
  const filtered = await page.evaluate(() => window.handbookSearch('ตัดสินใจ', { lang: 'th', kind: 'level' }));
  check(filtered.length > 0 && filtered.every((r) => r.kind === 'level'), 'results filter by kind');

  // One letter: the pages whose title has a word beginning with it, titles beginning with it
  // first, counted exactly, and no lone letters highlighted in the excerpts.
  const letter = async (q, lang) => page.evaluate(async ([q, l]) => {
    const r = await window.handbookSearch(q, { lang: l, limit: 50 });
    return { urls: r.map((x) => x.url), titles: r.map((x) => x.title), marks: r.flatMap((x) => x.marks), total: r.total, exact: r.exact };
  }, [q, lang]);
  const ko = await letter('ก', 'th');
  check(ko.urls[0] === `${server.url}competencies/making-decision/`, 'ก finds กล้าตัดสินใจ (a title beginning with ก) first', ko.urls.slice(0, 3).join(' '));
  check(ko.urls.includes(`${server.url}meetings/hr-strategy-2565-04/`) && ko.titles.every((t) => t.includes('ก')) && ko.marks.length === 0,
    'ก finds titles with a word beginning with ก, among them the minutes (การประชุม), and marks no lone letter', ko.titles.join(' | '));
  check(ko.exact && ko.total === ko.urls.length, `ก: the count is exact (${ko.total})`);
  const to = await letter('ต', 'th');
  check(to.urls.includes(`${server.url}competencies/making-decision/`) && !to.urls.includes(`${server.url}competencies/collaboration/`),
    'ต finds กล้าตัดสินใจ (ตัดสินใจ begins with ต), not สร้างสรรค์ความร่วมมือ (ต only inside a word)', to.titles.join(' | '));
  const d = await letter('d', 'en');
  check(d.urls[0] === `${server.url}en/strategy/hr-strategy-2566-2570/` && d.urls.includes(`${server.url}en/competencies/making-decision/`),
    'd finds the Draft plan first, and Making Decision', d.titles.join(' | '));

  // Only the first screen of candidates is read (and those in the same text chunks); the count
  // says how many there are.
  const screen = await page.evaluate(async () => {
    const r = await window.handbookSearch('ตัดสินใจ', { lang: 'th' });
    const more = await window.handbookSearch('ตัดสินใจ', { lang: 'th', limit: 50 });
    return { first: r.length, more: r.more, total: r.total, all: more.length, allMore: more.more, top: r[0].url === more[0].url };
  });
  check(screen.first >= 5 && screen.more && screen.total >= screen.all && !screen.allMore && screen.all > screen.first && screen.top,
    `the first screen is the best of the candidates, the count covers them all (${screen.first} of at most ${screen.total}; all: ${screen.all})`);

  // The search box: typing, the announced count, arrows, Enter, Escape, links under the subpath.
  const input = page.locator('#search-input');
  await input.focus();
  await input.fill('ตัดสินใจ');
  await page.waitForSelector('#search-results.open ol a');
  const count = await page.locator('#search-results .search-count').textContent();
  check(/\d/.test(count), `the result count is shown in the live region ("${count}")`);
  const live = await page.locator('#search-results').getAttribute('aria-live');
  check(live === 'polite', 'the results region is aria-live');
  const hrefs = await page.$$eval('#search-results a', (as) => as.map((a) => a.href));
  check(await page.locator('#search-results button.search-more').count() === 1, 'a button offers more results than the first screen');
  await page.evaluate(axeSourceCode());
  const axe = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }));
  check(axe.violations.length === 0, 'axe finds no violations with the results open',
    axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('; '));
  await page.screenshot({ path: process.env.SEARCH_SCREENSHOT || '/dev/null' }).catch(() => {});
  check(hrefs.length > 0 && hrefs.every((h) => h.startsWith(server.url)), 'every result links under the subpath');
  await page.keyboard.press('ArrowDown');
  let focused = await page.evaluate(() => document.activeElement.href || document.activeElement.id);
  check(focused === hrefs[0], 'ArrowDown moves to the first result');
  await page.keyboard.press('ArrowDown');
  focused = await page.evaluate(() => document.activeElement.href);
  check(hrefs.length < 2 || focused === hrefs[1], 'ArrowDown again moves to the second result');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  focused = await page.evaluate(() => document.activeElement.id);
  check(focused === 'search-input', 'ArrowUp from the first result returns to the box');
  await page.locator('#search-results button.search-more').click();
  await page.waitForFunction((n) => document.querySelectorAll('#search-results a').length > n, hrefs.length);
  const after = await page.$$eval('#search-results a', (as) => as.map((a) => a.href));
  focused = await page.evaluate(() => document.activeElement.href);
  check(after.length > hrefs.length && focused === after[hrefs.length], `More results adds results and moves to the first new one (${hrefs.length} → ${after.length})`, focused);
  await input.focus();
  await page.keyboard.press('Escape');
  check(await page.locator('#search-results a').count() === 0 && !(await page.locator('#search-results').evaluate((e) => e.classList.contains('open'))), 'Escape closes the results');
  await input.fill('Collaboration');
  await page.waitForSelector('#search-results.open ol a');
  await page.keyboard.press('Enter');
  focused = await page.evaluate(() => document.activeElement.href);
  check(focused && focused.startsWith(`${server.url}competencies/collaboration/`), 'Enter focuses the first result', focused);
  await Promise.all([page.waitForURL(`${server.url}competencies/collaboration/**`), page.keyboard.press('Enter')]);
  check(true, 'Enter on a result opens its page');

  // Only the chunks a query needs are loaded.
  const fresh = await browser.newPage();
  const loaded = [];
  fresh.on('request', (r) => r.url().includes('/search/') && loaded.push(r.url()));
  await fresh.goto(`${server.url}en/`, { waitUntil: 'load' });
  check(loaded.length === 0, 'the index is not loaded before the first search');
  await fresh.evaluate(() => window.handbookSearch('deciding'));
  const bytes = loaded.reduce((n, u) => n + statSync(path.join(siteDir, decodeURIComponent(new URL(u).pathname.slice(base.length)))).size, 0);
  const all = readdirSync(path.join(siteDir, 'search/en')).length;
  check(loaded.length > 0 && loaded.length < all / 4 && bytes < 300 * 1024 && loaded.every((u) => u.includes('/search/en/')),
    `a query loads only the chunks it needs (${loaded.length} of ${all} files, ${bytes} bytes)`, loaded.join(' '));
  await fresh.close();

  // From disk: the index loads by <script> tags, so file:// works too.
  const disk = await browser.newPage();
  await disk.goto(pathToFileURL(path.join(path.resolve(siteDir), 'index.html')).href);
  const fromDisk = await disk.evaluate(() => window.handbookSearch('4/2565'));
  check(fromDisk[0] && fromDisk[0].url.startsWith('file://') && fromDisk[0].url.includes('meetings/hr-strategy-2565-04/index.html'),
    'search works from file://', fromDisk[0] && fromDisk[0].url);
  await disk.close();

  // Over http the index is fetched; where a policy refuses fetch but allows scripts, it loads by
  // <script> tags instead.
  const strict = await browser.newPage();
  await strict.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    if (route.request().resourceType() === 'document') headers['content-security-policy'] = "default-src 'self'; connect-src 'none'; style-src 'self' 'unsafe-inline'";
    await route.fulfill({ response, headers });
  });
  const kinds = new Set();
  strict.on('request', (r) => r.url().includes('/search/') && kinds.add(r.resourceType()));
  await strict.goto(`${server.url}`, { waitUntil: 'load' });
  const underPolicy = await strict.evaluate(() => window.handbookSearch('4/2565'));
  check(underPolicy[0] && underPolicy[0].url.includes('meetings/hr-strategy-2565-04/') && [...kinds].join() === 'script',
    'search works where a policy refuses fetch (the index loads by <script> tags)', `${[...kinds]} ${underPolicy[0] && underPolicy[0].url}`);
  await strict.close();

  check(blocked.length === 0, 'no request leaves the site', blocked.join(' '));
  check(errors.length === 0, 'no script errors', errors.join('\n'));
} catch (e) {
  check(false, 'search-e2e ran to the end', e.stack || String(e));
} finally {
  await browser.close();
  await server.close();
}
console.log(`search-e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
