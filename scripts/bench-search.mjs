// Search benchmark: generates a 10,000-page Thai/English corpus (5,000 Thai pages and their
// English translations, made of shuffled paragraphs of the real content), builds it, and prints
// the index build time, the index size, and for typical queries in headless Chromium the files
// and bytes a query downloads and its time. Figures only: no pass/fail (targets: < 300 KB and
// < 50 ms for the first query on a freshly loaded page, medians).
//
// Each query is timed on a fresh page (its own browser context, and the test server sends
// `no-store`, so nothing is cached): the page loads, the search box is focused as a reader does
// before typing (which preloads the language's docs.js), then the time runs from calling
// handbookSearch to its promise resolving ("first"); the same query again is "repeated". Files
// and bytes count what that first query requested (docs.js, loaded on focus, is reported apart).
// The test server (tests/browser/lib.mjs) sends each file as a static web server does; the load
// average of the machine is printed before and after the queries, since other work on it slows
// them.
//
// Usage: node scripts/bench-search.mjs [--pages 5000] [--runs 5] [--builds 1] [--keep DIR]
//        node scripts/bench-search.mjs --site DIR [--runs 5]   (queries only, on a site built before)
// Needs a built binary (target/release/handbook, else target/debug/handbook) and the browser
// test tools (bash tests/browser/install.sh).

import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, serveSite } from '../tests/browser/lib.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const PAGES = Number(opt('--pages', 5000));
const keep = opt('--keep', null);
const RUNS = Number(opt('--runs', 5));
const BUILDS = Number(opt('--builds', 1));
const prebuilt = opt('--site', null);

const QUERIES = [
  ['การบริหาร', 'th'],
  ['ตัดสินใจ', 'th'],
  ['ผู้บังคับบัญชา', 'th'],
  ['แผนยุทธศาสตร์ ทรัพยากรบุคคล', 'th'],
  ['๔/๒๕๖๕', 'th'],
  ['Work Flow', 'th'],
  ['decision', 'en'],
  ['collaborating', 'en'],
  ['human resources', 'en'],
  ['ก', 'th'],
];

// A small deterministic PRNG (mulberry32), so every run builds the same corpus.
let seed = 20260423;
const rand = () => {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(rand() * list.length)];

/** Plain paragraphs of the real content's bodies in one language. */
function paragraphs(english) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md') && e.name !== 'README.md' && e.name.endsWith('.en.md') === english) {
        const body = readFileSync(p, 'utf8').split(/^\+\+\+$/m).slice(2).join('');
        for (const para of body.split(/\n\s*\n/)) {
          const text = para
            .replace(/^:::.*$/gm, '')
            .replace(/^#+\s*/gm, '')
            .replace(/\{#[^}]*\}/g, '')
            .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
            .replace(/[|*_`<>]/g, ' ')
            .replace(/\s+/g, ' ')
            .trim();
          if (text.length > 40) out.push(text);
        }
      }
    }
  };
  walk(path.join(REPO, 'content'));
  return out;
}

function page(title, paras) {
  let body = '';
  for (let h = 1; h <= 3; h++) {
    body += `## ${pick(paras).slice(0, 40).replace(/[{}#]/g, '')} ${h}\n\n`;
    for (let k = 0; k < 3; k++) body += `${pick(paras)}\n\n`;
  }
  return `+++\ntitle = ${JSON.stringify(title)}\n+++\n\n${body}`;
}

const median = (list) => {
  const l = [...list].sort((a, b) => a - b);
  return l.length % 2 ? l[(l.length - 1) / 2] : (l[l.length / 2 - 1] + l[l.length / 2]) / 2;
};
let site = prebuilt && path.resolve(prebuilt);
let work = null;
if (!prebuilt) {
  work = keep || mkdtempSync(path.join(os.tmpdir(), 'handbook-bench-'));
  mkdirSync(work, { recursive: true });
  cpSync(path.join(REPO, 'handbook.toml'), path.join(work, 'handbook.toml'));
  cpSync(path.join(REPO, 'content'), path.join(work, 'content'), { recursive: true });
  cpSync(path.join(REPO, 'themes'), path.join(work, 'themes'), { recursive: true });
  const bench = path.join(work, 'content', 'bench');
  mkdirSync(bench, { recursive: true });
  writeFileSync(path.join(bench, '_index.md'), '+++\ntitle = "คลังทดสอบการค้นหา"\nweight = 99\n+++\n');
  writeFileSync(path.join(bench, '_index.en.md'), '+++\ntitle = "Search benchmark corpus"\nweight = 99\n+++\n');
  const th = paragraphs(false);
  const en = paragraphs(true);
  for (let i = 1; i <= PAGES; i++) {
    const id = `p${String(i).padStart(5, '0')}`;
    writeFileSync(path.join(bench, `${id}.md`), page(`${pick(th).slice(0, 50)} ${i}`, th));
    writeFileSync(path.join(bench, `${id}.en.md`), page(`${pick(en).slice(0, 50)} ${i}`, en));
  }
  const corpusBytes = readdirSync(bench).reduce((n, f) => n + statSync(path.join(bench, f)).size, 0);

  const bin = ['release', 'debug'].map((p) => path.join(REPO, 'target', p, 'handbook')).find(existsSync);
  if (!bin) throw new Error('build handbook first: cargo build --release');
  site = path.join(work, 'site');
  const builds = [];
  let summary = '';
  for (let b = 0; b < BUILDS; b++) {
    rmSync(site, { recursive: true, force: true });
    const started = process.hrtime.bigint();
    const out = execFileSync(bin, ['--root', work, 'build', '--timings', '--output', site, '--base-url', 'http://127.0.0.1/bench/'], { encoding: 'utf8' });
    const wall = Number(process.hrtime.bigint() - started) / 1e6;
    summary = out.trim().split('\n').pop();
    builds.push({ wall, search: Number((/^search\s+([\d.]+) ms/m.exec(out) || [])[1]) });
  }

  console.log(`corpus: ${PAGES * 2} generated pages (${PAGES} Thai + ${PAGES} English), ${(corpusBytes / 1e6).toFixed(1)} MB of Markdown`);
  console.log(`binary: ${path.relative(REPO, bin)}`);
  console.log(`build: ${summary}`);
  console.log(`build time (median of ${BUILDS}): ${median(builds.map((b) => b.wall)).toFixed(0)} ms wall, of which search index ${median(builds.map((b) => b.search)).toFixed(0)} ms` +
    (BUILDS > 1 ? ` (search index runs: ${builds.map((b) => b.search.toFixed(0)).join(', ')} ms)` : ''));
}
const sizes = {};
for (const lang of ['th', 'en']) {
  const dir = path.join(site, 'search', lang);
  const files = readdirSync(dir);
  const docs = statSync(path.join(dir, 'docs.js')).size;
  sizes[lang] = { files: files.length, bytes: files.reduce((n, f) => n + statSync(path.join(dir, f)).size, 0), docs };
}
for (const [lang, s] of Object.entries(sizes)) console.log(`index ${lang}: ${s.files} files, ${(s.bytes / 1e6).toFixed(2)} MB; docs.js (loaded on focus) ${(s.docs / 1024).toFixed(1)} KB`);


/** One fresh page: load, focus the search box, wait for docs.js, then time the query twice. */
async function visit(browser, server, query, lang) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  let counting = false;
  const urls = [];
  tab.on('request', (r) => counting && r.url().includes('/search/') && urls.push(r.url()));
  await tab.goto(`${server.url}${lang === 'en' ? 'en/' : ''}`, { waitUntil: 'load' });
  await tab.focus('#search-input');
  await tab.waitForFunction((l) => performance.getEntriesByType('resource').some((e) => e.name.endsWith(`/search/${l}/docs.js`)), lang);
  await tab.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
  counting = true;
  const timing = await tab.evaluate(async ([q, l]) => {
    const t0 = performance.now();
    const first = await window.handbookSearch(q, { lang: l });
    const t1 = performance.now();
    await window.handbookSearch(q, { lang: l });
    const t2 = performance.now();
    return { first: t1 - t0, repeated: t2 - t1, results: first.length, total: first.total, exact: first.exact };
  }, [query, lang]);
  counting = false;
  const bytes = urls.reduce((n, u) => n + statSync(path.join(site, decodeURIComponent(new URL(u).pathname).slice('/bench/'.length))).size, 0);
  await context.close();
  return { ...timing, files: urls.length, bytes };
}

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const loadBefore = load();
const server = await serveSite(site, '/bench/');
const browser = await launchBrowser();
const visits = QUERIES.map(() => []);
try {
  for (let r = 0; r < RUNS; r++) {
    for (const [i, [query, lang]] of QUERIES.entries()) visits[i].push(await visit(browser, server, query, lang));
  }
} finally {
  await browser.close();
  await server.close();
}
const rows = QUERIES.map(([query, lang], i) => {
  const v = visits[i];
  const last = v[v.length - 1];
  return {
    query,
    lang,
    files: last.files,
    kb: Math.round(last.bytes / 1024),
    first_ms: Math.round(median(v.map((x) => x.first))),
    first_max: Math.round(Math.max(...v.map((x) => x.first))),
    repeated_ms: Number(median(v.map((x) => x.repeated)).toFixed(1)),
    results: last.results,
    total: last.total === undefined ? '' : last.total === null ? 'many' : `${last.exact === false ? '≤ ' : ''}${last.total}`,
  };
});
console.log(`\nload average (1, 5, 15 min): ${loadBefore} before the queries, ${load()} after`);
console.log(`queries in headless Chromium, ${RUNS} runs each (first: the first query on a fresh page; repeated: the same query again; ms are medians over the runs):`);
console.table(rows);
const all = visits.flat();
console.log(`median over all ${all.length} first queries: ${median(all.map((x) => x.first)).toFixed(0)} ms (max ${Math.max(...all.map((x) => x.first)).toFixed(0)} ms); ` +
  `repeated ${median(all.map((x) => x.repeated)).toFixed(1)} ms; per query ${median(rows.map((r) => r.files))} files, ${median(rows.map((r) => r.kb))} KB (max ${Math.max(...rows.map((r) => r.kb))} KB)`);
if (work && !keep) rmSync(work, { recursive: true, force: true });
