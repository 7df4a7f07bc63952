// CLI quality gate for a built handbook site: axe-core, Nu Html Checker, links, requests, console errors and phone overflow.
//
// Usage: node tests/browser/check-site.mjs <siteDir> [--base /hr/handbook/] [--no-404-probe]
// Prints one block per failing page, then `browser-check: N passed, M failed`; exits 1 on any failure.

import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  axeSourceCode,
  guardExternalRequests,
  launchBrowser,
  listFiles,
  listHtmlFiles,
  normalizeBase,
  pageUrl,
  resolveSitePath,
  serveSite,
} from './lib.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const VNU_JAR = path.join(HERE, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');

/** The two viewports every page is checked at; the phone one also gets the overflow check. */
const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1280, height: 800 }, isMobile: false },
  { name: 'phone', viewport: { width: 375, height: 740 }, isMobile: true },
];

/** axe-core rule sets: WCAG 2.0/2.1 A and AA plus axe's best practices. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** Time limit for one page to reach its `load` event. */
const NAV_TIMEOUT_MS = 15_000;

// ---------------------------------------------------------------------------
// Command line

function parseArgs(argv) {
  const opts = { siteDir: null, base: '/hr/handbook/', probe404: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--base') opts.base = argv[++i];
    else if (arg.startsWith('--base=')) opts.base = arg.slice('--base='.length);
    else if (arg === '--no-404-probe') opts.probe404 = false;
    else if (arg === '-h' || arg === '--help') opts.help = true;
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else if (!opts.siteDir) opts.siteDir = arg;
    else throw new Error(`unexpected argument ${arg}`);
  }
  if (opts.help) return opts;
  if (!opts.siteDir) throw new Error('missing <siteDir>');
  if (opts.base === undefined) throw new Error('--base needs a value');
  opts.base = normalizeBase(opts.base);
  return opts;
}

const USAGE = `usage: node tests/browser/check-site.mjs <siteDir> [--base /hr/handbook/] [--no-404-probe]

Serves <siteDir> under --base on 127.0.0.1, opens every .html file in Chromium at
1280x800 and 375x740, and fails on: axe-core violations (WCAG 2.1 A/AA + best
practice), Nu Html Checker errors (HTML and CSS), requests leaving the site,
failed same-site requests, console/page errors, broken same-site links and
#fragments, and horizontal overflow on the phone viewport. 404.html is also
loaded at a missing nested URL, the way a static host serves it (--no-404-probe
turns that off).`;

// ---------------------------------------------------------------------------
// Problem bookkeeping: every problem belongs to one site file (a page, or a stylesheet for CSS errors).

class Report {
  constructor(pages) {
    /** @type {Map<string, string[]>} file → problem lines, in the order found */
    this.problems = new Map(pages.map((p) => [p, []]));
    this.pages = pages;
    this.seen = new Set(); // for de-duplicating problems seen at both viewports
  }

  /** Record a problem for `file`; `key` de-duplicates (e.g. the same axe node at both viewports). */
  add(file, line, key = line) {
    const id = `${file}\0${key}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    if (!this.problems.has(file)) this.problems.set(file, []);
    this.problems.get(file).push(line);
  }

  /** Print failing files with their problems, then the summary line; returns the exit code. */
  print() {
    let passed = 0;
    let failed = 0;
    for (const [file, lines] of this.problems) {
      if (lines.length === 0) {
        passed += 1;
        continue;
      }
      failed += 1;
      console.log(`FAIL ${file} (${lines.length} problem${lines.length === 1 ? '' : 's'})`);
      for (const line of lines) console.log(`  - ${line}`);
    }
    // Files that are not pages (stylesheets) only appear, and count, when they fail.
    console.log(`browser-check: ${passed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  }
}

/** Shorten long messages (axe summaries, console output) to one readable line. */
function oneLine(text, max = 300) {
  const flat = String(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

// ---------------------------------------------------------------------------
// Nu Html Checker: one JVM run over the whole site (HTML + CSS), started first so it overlaps the browser work.

function runNu(siteDir) {
  return new Promise((resolve, reject) => {
    if (!existsSync(VNU_JAR)) {
      reject(new Error(`vnu.jar not found at ${VNU_JAR}: run tests/browser/install.sh (or npm ci in tests/browser)`));
      return;
    }
    const args = ['-jar', VNU_JAR, '--errors-only', '--format', 'json', '--skip-non-html', '--also-check-css', siteDir];
    const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', (e) => reject(new Error(`could not run java for the Nu Html Checker: ${e.message}`)));
    child.on('close', (code) => {
      // vnu writes its JSON report to stderr and exits 1 when it found errors.
      const text = err.trim() || out.trim();
      let report;
      try {
        report = JSON.parse(text);
      } catch {
        reject(new Error(`Nu Html Checker failed (exit ${code}): ${oneLine(text || '(no output)', 1000)}`));
        return;
      }
      resolve(report.messages || []);
    });
  });
}

/** File each Nu message under the site file it is about. */
function recordNu(report, siteDir, messages) {
  const root = path.resolve(siteDir);
  for (const m of messages) {
    // --errors-only already drops warnings; keep errors and I/O failures ("non-document-error").
    if (m.type === 'info') continue;
    let file = '(site)';
    if (m.url?.startsWith('file:')) {
      file = path.relative(root, fileURLToPath(m.url)).split(path.sep).join('/');
    }
    const line = m.firstLine ?? m.lastLine;
    const where = line ? `line ${line}${m.firstColumn ? `:${m.firstColumn}` : ''}` : 'file';
    report.add(file, `nu ${where}: ${oneLine(m.message)}`);
  }
}

// ---------------------------------------------------------------------------
// Browser checks for one page at one viewport.

/**
 * One reusable tab per viewport (a fresh tab per page costs ~120 ms). Listeners are attached
 * once and feed whatever visit is current, so every problem is filed under the page that caused it.
 */
async function openVisitor({ context, server, siteDir, vp }) {
  const page = await context.newPage();
  // Requests to any origin other than the local server are aborted and recorded here.
  const blocked = await guardExternalRequests(page, server.origin);
  /** Problems of the page being visited now: { failed, errors, errorUrls } (blocked requests are in `blocked`) */
  let current = null;

  // Same-site requests that fail: an HTTP error status, or (if none came) a network-level failure.
  page.on('response', (res) => {
    if (current && res.status() >= 400 && new URL(res.url()).origin === server.origin) {
      current.errorUrls.add(res.url());
      current.failed.push({ url: res.url(), text: `${res.status()} ${res.request().resourceType()} ${res.url()}` });
    }
  });
  page.on('requestfailed', (req) => {
    if (current && new URL(req.url()).origin === server.origin && !current.errorUrls.has(req.url())) {
      current.failed.push({ url: req.url(), text: `${req.failure()?.errorText || 'failed'} ${req.resourceType()} ${req.url()}` });
    }
  });
  // Console errors and uncaught exceptions.
  page.on('console', (msg) => {
    if (!current || msg.type() !== 'error') return;
    // "Failed to load resource" repeats what the request checks already report, with less detail.
    if (msg.text().startsWith('Failed to load resource')) return;
    const where = msg.location()?.url;
    current.errors.push(`console error: ${oneLine(msg.text())}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (e) => current?.errors.push(`page error: ${oneLine(e.message)}`));

  /**
   * Load `url`, run the `checks` and file problems under `file` via `add(file, line, key)`.
   * Returns the page's ids and cross-page fragment links when `checks.links` is on.
   */
  async function visit({ file, url, checks, add: addTo }) {
    const add = (line, key) => addTo(file, line, key);
    const firstBlocked = blocked.length;
    current = { failed: [], errors: [], errorUrls: new Set() };
    let anchors = null;
    try {
      await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
      if (checks.axe) await runAxe(page, add, vp.name);
      if (checks.overflow) await checkOverflow(page, add, vp.name, vp.viewport.width);
      if (checks.links) anchors = await checkLinks(page, add, siteDir, server);
    } catch (e) {
      add(`[${vp.name}] page could not be checked: ${oneLine(e.message)}`);
    }
    const { failed, errors } = current;
    current = null;
    for (const u of blocked.slice(firstBlocked)) add(`request leaves the site: ${u}`, `external ${u}`);
    // One line per URL (axe-core re-fetches stylesheets by XHR, so a missing one fails twice).
    for (const r of failed) add(`failed request: ${r.text}`, `failed ${r.url}`);
    for (const e of errors) add(e, e);
    return anchors;
  }

  return { visit, close: () => page.close() };
}

/** Inject axe-core and record every violation, one line per offending element. */
async function runAxe(page, add, label) {
  await page.evaluate(axeSourceCode());
  const violations = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.map((t) => (Array.isArray(t) ? t.join(' ') : t)).join(' >>> '),
        // The first concrete check message says *why* (e.g. the measured contrast ratio).
        detail: [...n.any, ...n.all, ...n.none].map((c) => c.message).find(Boolean) || '',
      })),
    }));
  }, AXE_TAGS);
  for (const v of violations) {
    for (const n of v.nodes) {
      const detail = n.detail ? ` (${oneLine(n.detail, 160)})` : '';
      // Same rule + element at both viewports is reported once, labelled with the first viewport.
      add(`axe ${v.id} [${v.impact}] [${label}] ${n.target}: ${v.help}${detail}`, `axe ${v.id} ${n.target}`);
    }
  }
}

/**
 * Phone viewport: the page must honour the device width and must not scroll sideways
 * (WCAG 1.4.10 reflow). With mobile emulation Chromium widens `innerWidth` to fit content
 * that sticks out, so the reference is the layout width, `documentElement.clientWidth`,
 * which stays at the device width when `<meta name="viewport" content="width=device-width">` is set.
 */
async function checkOverflow(page, add, label, deviceWidth) {
  const info = await page.evaluate(() => {
    const scroller = document.scrollingElement || document.documentElement;
    const width = document.documentElement.clientWidth;
    const culprits = [];
    if (scroller.scrollWidth > width + 1) {
      // Name the outermost elements that stick out, to help find the cause. Content inside a
      // box that fits and clips/scrolls (e.g. `pre { overflow-x: auto }`) does not count.
      const describe = (el, right) => {
        const id = el.id ? `#${el.id}` : '';
        const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        return `${el.tagName.toLowerCase()}${id}${cls} (right edge at ${Math.round(right)}px)`;
      };
      const walk = (el) => {
        if (culprits.length >= 3) return;
        const right = el.getBoundingClientRect().right + window.scrollX;
        if (right > width + 1 && el !== document.body) {
          culprits.push(describe(el, right));
          return;
        }
        if (el !== document.body && getComputedStyle(el).overflowX !== 'visible') return;
        for (const child of el.children) walk(child);
      };
      walk(document.body);
    }
    return { scrollWidth: scroller.scrollWidth, width, culprits };
  });
  if (info.width > deviceWidth + 1) {
    add(`[${label}] layout is ${info.width}px wide on a ${deviceWidth}px phone: missing <meta name="viewport" content="width=device-width, initial-scale=1">?`);
  } else if (info.scrollWidth > info.width + 1) {
    const who = info.culprits.length ? `; sticking out: ${info.culprits.join(', ')}` : '';
    add(`[${label}] horizontal overflow: content is ${info.scrollWidth}px wide in a ${info.width}px viewport${who}`);
  }
}

/**
 * Check every same-site link (<a>, <area>, <link>) resolves to a file of the site.
 * Fragments into the same page are checked here; fragments into other pages are returned
 * (with this page's ids) and checked once every page has been visited.
 */
async function checkLinks(page, add, siteDir, server) {
  const { links, ids, location } = await page.evaluate(() => ({
    location: location.href,
    links: [...document.querySelectorAll('a[href], area[href], link[href]')].map((el) => ({
      raw: el.getAttribute('href'),
      href: el.href,
      tag: el.tagName.toLowerCase(),
    })),
    // Targets a fragment may name: element ids and legacy <a name>.
    ids: [
      ...[...document.querySelectorAll('[id]')].map((el) => el.id),
      ...[...document.querySelectorAll('a[name]')].map((el) => el.getAttribute('name')),
    ],
  }));
  const idSet = new Set(ids);
  const here = new URL(location);
  const pending = [];

  for (const { raw, href, tag } of links) {
    let target;
    try {
      target = new URL(href);
    } catch {
      add(`bad link <${tag} href="${raw}">`);
      continue;
    }
    if (target.origin !== server.origin) continue; // other sites, mailto:, tel: — not ours to check
    const fragment = target.hash ? decodeFragment(target.hash.slice(1)) : '';
    const samePage = target.pathname === here.pathname && target.search === here.search;

    if (!samePage) {
      const found = resolveSitePath(siteDir, server.base, target.pathname);
      if (found.kind === 'outside') {
        add(`link outside the site base ${server.base}: <${tag} href="${raw}"> → ${target.pathname}`);
        continue;
      }
      if (found.kind === 'missing') {
        add(`broken link: <${tag} href="${raw}"> → ${target.pathname}`);
        continue;
      }
      if (fragment && found.kind === 'file' && found.file.endsWith('.html')) {
        pending.push({ raw, tag, file: found.file, fragment });
      }
      continue;
    }
    // "#" and "#top" are always valid (the HTML spec scrolls to the top for them).
    if (fragment && fragment.toLowerCase() !== 'top' && !idSet.has(fragment)) {
      add(`broken fragment: <${tag} href="${raw}"> — no element with id "${fragment}" on this page`);
    }
  }
  return { ids: idSet, pending };
}

function decodeFragment(f) {
  try {
    return decodeURIComponent(f);
  } catch {
    return f;
  }
}

// ---------------------------------------------------------------------------
// Main

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`browser-check: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const siteDir = path.resolve(opts.siteDir);
  if (!existsSync(siteDir) || !statSync(siteDir).isDirectory()) {
    console.error(`browser-check: site directory not found: ${siteDir}`);
    return 1;
  }
  const pages = listHtmlFiles(siteDir);
  if (pages.length === 0) {
    console.error(`browser-check: no .html files in ${siteDir}`);
    return 1;
  }

  const started = Date.now();
  const report = new Report(pages);
  const nu = runNu(siteDir); // in parallel with the browser
  nu.catch(() => {}); // handled below; avoid an unhandled-rejection crash while the browser runs

  const server = await serveSite(siteDir, opts.base);
  let browser;
  try {
    browser = await launchBrowser();
    /** page file → { ids, pending } from the desktop pass, for the cross-page fragment check */
    const anchorsByFile = new Map();

    for (const vp of VIEWPORTS) {
      const context = await browser.newContext({
        viewport: vp.viewport,
        isMobile: vp.isMobile,
        hasTouch: vp.isMobile,
        deviceScaleFactor: vp.isMobile ? 2 : 1,
        locale: 'th-TH',
        serviceWorkers: 'block',
      });
      context.setDefaultTimeout(NAV_TIMEOUT_MS);
      const checks = {
        axe: true,
        links: vp.name === 'desktop',
        overflow: vp.name === 'phone',
      };
      const visitor = await openVisitor({ context, server, siteDir, vp });
      const add = (file, line, key) => report.add(file, line, key);
      for (const file of pages) {
        const url = pageUrl(server.url, file);
        const anchors = await visitor.visit({ file, url, checks, add });
        if (anchors) anchorsByFile.set(path.join(siteDir, file), anchors);
      }

      // A static host serves 404.html for *any* missing URL, at any depth: its styles, scripts
      // and links must still work there (so they cannot be relative to the site root).
      if (opts.probe404 && vp.name === 'desktop' && pages.includes('404.html')) {
        const url = new URL('no/such/page/', server.url).href;
        await visitor.visit({
          file: '404.html',
          url,
          checks: { axe: false, links: true, overflow: false },
          add: probeAdd(report, url),
        });
      }
      await visitor.close();
      await context.close();
    }

    // Fragments pointing into other pages: the target page must have that id.
    for (const [file, { pending }] of anchorsByFile) {
      const rel = path.relative(siteDir, file).split(path.sep).join('/');
      for (const { raw, tag, file: targetFile, fragment } of pending) {
        const target = anchorsByFile.get(targetFile);
        if (target && fragment.toLowerCase() !== 'top' && !target.ids.has(fragment)) {
          const targetRel = path.relative(siteDir, targetFile).split(path.sep).join('/');
          report.add(rel, `broken fragment: <${tag} href="${raw}"> — ${targetRel} has no element with id "${fragment}"`);
        }
      }
    }
  } finally {
    await browser?.close();
    await server.close();
  }

  recordNu(report, siteDir, await nu);
  const cssCount = listFiles(siteDir, ['.css']).length;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `browser-check: checked ${pages.length} pages at ${VIEWPORTS.length} viewports and ${cssCount} stylesheet(s) in ${seconds} s`,
  );
  return report.print();
}

/**
 * Problem sink for the 404 probe: its problems go to 404.html, prefixed with the URL it was
 * loaded at; the 404 status of the probed document itself is expected, not a failure.
 */
function probeAdd(report, url) {
  const { pathname } = new URL(url);
  return (file, line, key = line) => {
    if (line.startsWith('failed request: 404 document ') && line.endsWith(pathname)) return;
    report.add(file, `[404 page served at ${pathname}] ${line}`, `probe ${key}`);
  };
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`browser-check: ERROR: ${process.env.DEBUG ? e.stack : e.message}`);
    console.log('browser-check: 0 passed, 1 failed');
    process.exit(1);
  },
);
