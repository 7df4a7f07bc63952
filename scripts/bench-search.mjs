// Search benchmark: generates a 10,000-page Thai/English corpus (5,000 Thai pages and their
// English translations, made of shuffled paragraphs of the real content), builds it, and prints
// the index build time, the index size, and for typical queries in headless Chromium the bytes a
// query downloads and its time. Figures only: no pass/fail (targets: < 300 KB, < 50 ms a query).
//
// Usage: node scripts/bench-search.mjs [--pages 5000] [--keep DIR]
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

const work = keep || mkdtempSync(path.join(os.tmpdir(), 'handbook-bench-'));
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
const site = path.join(work, 'site');
const started = process.hrtime.bigint();
const summary = execFileSync(bin, ['--root', work, 'build', '--output', site, '--base-url', 'http://127.0.0.1/bench/'], { encoding: 'utf8' });
const buildMs = Number(process.hrtime.bigint() - started) / 1e6;
const indexMs = Number((/search index (\d+) ms/.exec(summary) || [])[1]);

const sizes = {};
for (const lang of ['th', 'en']) {
  const dir = path.join(site, 'search', lang);
  const files = readdirSync(dir);
  sizes[lang] = { files: files.length, bytes: files.reduce((n, f) => n + statSync(path.join(dir, f)).size, 0) };
}

console.log(`corpus: ${PAGES * 2} generated pages (${PAGES} Thai + ${PAGES} English), ${(corpusBytes / 1e6).toFixed(1)} MB of Markdown`);
console.log(`binary: ${path.relative(REPO, bin)}`);
console.log(`build: ${summary.trim()}`);
console.log(`build time: ${buildMs.toFixed(0)} ms wall, of which search index ${indexMs} ms`);
for (const [lang, s] of Object.entries(sizes)) console.log(`index ${lang}: ${s.files} files, ${(s.bytes / 1e6).toFixed(2)} MB`);

const server = await serveSite(site, '/bench/');
const browser = await launchBrowser();
const rows = [];
try {
  for (const [query, lang] of QUERIES) {
    const tab = await browser.newPage();
    const urls = [];
    tab.on('request', (r) => r.url().includes('/search/') && urls.push(r.url()));
    await tab.goto(`${server.url}${lang === 'en' ? 'en/' : ''}`, { waitUntil: 'load' });
    const timing = await tab.evaluate(async ([q, l]) => {
      const t0 = performance.now();
      const first = await window.handbookSearch(q, { lang: l });
      const t1 = performance.now();
      await window.handbookSearch(q, { lang: l });
      const t2 = performance.now();
      return { cold: t1 - t0, warm: t2 - t1, results: first.length, top: first[0] && first[0].url };
    }, [query, lang]);
    const bytes = urls.reduce((n, u) => n + statSync(path.join(site, decodeURIComponent(new URL(u).pathname).slice('/bench/'.length))).size, 0);
    rows.push({ query, lang, files: urls.length, kb: (bytes / 1024).toFixed(0), cold_ms: timing.cold.toFixed(0), warm_ms: timing.warm.toFixed(1), results: timing.results });
    await tab.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log('\nqueries in headless Chromium (cold: first query on a fresh page, loading its chunks from 127.0.0.1; warm: the same query again):');
console.table(rows);
const kbs = rows.map((r) => Number(r.kb)).sort((a, b) => a - b);
const colds = rows.map((r) => Number(r.cold_ms)).sort((a, b) => a - b);
const warms = rows.map((r) => Number(r.warm_ms)).sort((a, b) => a - b);
const median = (l) => l[Math.floor(l.length / 2)];
console.log(`median download ${median(kbs)} KB (max ${kbs[kbs.length - 1]} KB); median time cold ${median(colds)} ms (max ${colds[colds.length - 1]}), warm ${median(warms)} ms (max ${warms[warms.length - 1]})`);
if (!keep) rmSync(work, { recursive: true, force: true });
