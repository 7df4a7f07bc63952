// The query side's normaliser and stemmer (themes/default/static/search.js) against the shared
// table tests/search-cases.json, which tests/search.rs checks the index side (Rust) against; the
// fast normaliser against the one that maps offsets, on those cases, the real content and odd
// strings; that a word begins with its stem but the last two letters; and how a query's Thai runs
// are covered by bigrams.
// Run with `node --test tests/browser/search-cases.test.mjs` (tests/search.rs does).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
require('../../themes/default/static/search.js');
const { normalize, normalizeMapped, mappedAround, stem, cover, bigrams } = globalThis.handbookSearchInternals;
const cases = JSON.parse(readFileSync(new URL('../search-cases.json', import.meta.url), 'utf8'));
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('normaliser cases', () => {
  for (const c of cases.normalize) assert.equal(normalize(c.input), c.output, `${c.why}: ${JSON.stringify(c.input)}`);
});

test('stemmer cases', () => {
  for (const [word, expected] of cases.stem) assert.equal(stem(word), expected, word);
});

test('a stem keeps the first letter of its word (search-rank.js looks only at words with that letter)', () => {
  for (const [word] of cases.stem) assert.equal(stem(word)[0], word[0], word);
});

test('a stem but its last two letters begins its word (search-rank.js reads only the sections that have them)', () => {
  require('../../themes/default/static/search-rank.js');
  const { stemStart } = globalThis.handbookSearchRank;
  // The cases, the words of the real content, and those with the endings Snowball changes.
  const words = new Set(cases.stem.map(([word]) => word));
  for (const text of texts()) for (const w of normalize(text).split(' ')) if (/^[a-z]+$/.test(w)) words.add(w);
  const endings = ['s', 'es', 'ed', 'ing', 'ly', 'er', 'ion', 'ions', 'ation', 'ness', 'ful', 'ive', 'ity', 'ities', 'ize', 'ization', 'al', 'ally', 'ment', 'ence', 'ance', 'ies', 'ied', 'able', 'ibility', 'ical', 'iveness', 'lessly', 'eedly', 'ingly', 'sion', 'ssion', 'y', 'e', 'ational', 'tional', 'alli', 'ousli', 'fulli', 'ement', 'ism', 'ate', 'iti', 'ous', 'ic', 'ible'];
  for (const w of [...words]) for (const e of endings) words.add(w + e).add(w.slice(0, -1) + e).add(`y${w}${e}`);
  for (const w of words) assert.ok(w.startsWith(stemStart(stem(w))), `${w}: ${stem(w)}`);
});

/** Every paragraph of the real content, and strings made to hit the normaliser's edge cases. */
function texts() {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(md|toml)$/.test(e.name)) out.push(...readFileSync(p, 'utf8').split(/\n\s*\n/));
    }
  };
  walk(path.join(REPO, 'content'));
  const pieces = ['a', 'Z', '1', '๔', '.', '/', ' ', 'ฯ', 'ๆ', 'ํ', 'า', 'ก', 'Σ', 'İ', 'é', 'e\u0301', '\u200b', '-', '😀', 'Ⅻ', '.', '.'];
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let n = 0; n < 3000; n++) out.push(Array.from({ length: 1 + Math.floor(rand() * 12) }, () => pieces[Math.floor(rand() * pieces.length)]).join(''));
  return out.concat(cases.normalize.map((c) => c.input));
}

test('the fast normaliser gives the text of the one that maps offsets', () => {
  for (const text of texts()) assert.equal(normalize(text), normalizeMapped(text).norm, JSON.stringify(text));
});

test('the offset map points back at the original text', () => {
  for (const c of cases.normalize) {
    const m = normalizeMapped(c.input);
    assert.equal(m.start.length, m.norm.length);
    for (let i = 0; i < m.norm.length; i++) {
      if (' ./'.includes(m.norm[i])) continue; // separators, and marks that need their neighbours
      const original = normalize(m.src.slice(m.start[i], m.end[i]));
      assert.ok(original.length > 0, `${JSON.stringify(c.input)} at ${i}`);
    }
  }
});

test('an offset map cut short for an excerpt is a prefix of the whole one', () => {
  for (const text of texts().filter((t) => t.length > 600)) {
    const whole = normalizeMapped(text);
    for (const until of [0, 100, Math.floor(whole.norm.length / 2)]) {
      const part = normalizeMapped(text, until);
      assert.ok(part.norm.length > until && whole.norm.startsWith(part.norm));
      assert.deepEqual(part.start, whole.start.slice(0, part.start.length));
      const stop = whole.start[until] + 400;
      assert.ok(part.start.length >= whole.start.filter((s) => s <= stop).length, 'everything up to 400 characters on');
    }
  }
});

test('the offset map around a place agrees with the whole one there', () => {
  let cut = 0;
  for (const text of texts().filter((t) => t.length > 400)) {
    const whole = normalizeMapped(text);
    for (const at of [0, 150, 300, Math.floor(whole.norm.length / 2), whole.norm.length - 1]) {
      if (at < 0 || at >= whole.norm.length) continue;
      const m = mappedAround(text, at);
      assert.ok(m.base <= Math.max(0, at - 60), `${at}: starts ${m.base}`);
      if (m.base) cut++;
      for (let i = Math.max(m.base, at - 60); i < Math.min(whole.norm.length, at + 300, m.base + m.length); i++) {
        assert.equal(m.start[i - m.base], whole.start[i], `${JSON.stringify(text.slice(0, 40))} start at ${i}`);
        assert.equal(m.end[i - m.base], whole.end[i], `end at ${i}`);
      }
    }
  }
  assert.ok(cut > 10, 'the texts are long enough to cut');
});

test('bigrams that cover a Thai run: every character, without overlap but the last, spread first', () => {
  assert.deepEqual(cover('การบริหาร'), ['กา', 'าร', 'ริ', 'รบ', 'หา']);
  assert.deepEqual(cover('ตัดสินใจ'), ['ตั', 'ใจ', 'ดส', 'ิน']);
  assert.deepEqual(cover('ผู้บังคับบัญชา'), ['ผู', 'ชา', 'คั', '้บ', 'ัง', 'บบ', 'ัญ']);
  assert.deepEqual(cover('คน'), ['คน']);
  assert.deepEqual(cover('ก'), []);
  for (const run of ['การบริหาร', 'ตัดสินใจ', 'ผู้บังคับบัญชา', 'ทรัพยากรบุคคล']) {
    const got = cover(run);
    assert.equal(got.length, Math.ceil([...run].length / 2), run);
    assert.ok(got.every((g) => bigrams(run).includes(g)), run);
  }
});

test('the query script plans on made-up data (what it warms up with on focus)', () => {
  require('../../themes/default/static/search-plan.js');
  require('../../themes/default/static/search-query.js');
  require('../../themes/default/static/search-rank.js');
  const { warm, choose, intersect, union } = globalThis.handbookSearchInternals;
  warm();
  assert.deepEqual(intersect([1, 3, 5, 7], [3, 4, 5]), [3, 5]);
  assert.deepEqual(union([1, 5], [2, 5, 9]), [1, 2, 5, 9]);
  // Text chunks start at pages 0, 3, 6, 9 (12 pages): of equal candidates, those sharing chunks
  // come first, then the chunks holding the most of them; better buckets always come first.
  const docs = { pages: 12, text_chunks: [0, 3, 6, 9] };
  assert.deepEqual(choose(docs, [[1, 4, 7, 8, 10]], 2), [7, 8]);
  assert.deepEqual(choose(docs, [[11], [1, 4, 9, 10]], 3), [11, 9, 10]);
  assert.deepEqual(choose(docs, [[0, 5], [1, 2, 6]], 3), [0, 5, 1]);
  assert.deepEqual(choose(docs, [[0, 1], [2]], 5), [0, 1, 2]);
});
