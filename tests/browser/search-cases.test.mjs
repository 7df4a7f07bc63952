// The query side's normaliser and stemmer (themes/default/static/search.js) against the shared
// table tests/search-cases.json, which tests/search.rs checks the index side (Rust) against.
// Run with `node --test tests/browser/search-cases.test.mjs` (tests/search.rs does).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('../../themes/default/static/search.js');
const { normalize, normalizeMapped, stem } = globalThis.handbookSearchInternals;
const cases = JSON.parse(readFileSync(new URL('../search-cases.json', import.meta.url), 'utf8'));

test('normaliser cases', () => {
  for (const c of cases.normalize) assert.equal(normalize(c.input), c.output, `${c.why}: ${JSON.stringify(c.input)}`);
});

test('stemmer cases', () => {
  for (const [word, expected] of cases.stem) assert.equal(stem(word), expected, word);
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
