// handbook search: the query side of the index that `handbook build` writes under search/.
// No framework, no WebAssembly. The index is a set of scripts that call handbookSearchChunk(),
// loaded by <script> tags on first use, so search works under any subpath and from file://.
// normalize() and stem() must agree with src/search/normalize.rs and segment.rs; both sides are
// pinned by tests/search-cases.json.
(function (global) {
  'use strict';

  // ---------------------------------------------------------------------------------------------
  // Normalisation (mirror of src/search/normalize.rs)

  const WORD = /[\p{L}\p{M}\p{N}]/u;
  const LETTER = /[\p{L}\p{M}]/u;
  const NUMBER = /\p{N}/u;
  const isDigit = (c) => c >= '0' && c <= '9';
  const isLetter = (c) => c !== '' && LETTER.test(c) && !NUMBER.test(c);

  /** Normalises text; `start[i]`/`end[i]` give the span of `text` (after NFC) that made norm[i]. */
  function normalizeMapped(text) {
    const src = String(text).normalize('NFC');
    const cps = [];
    for (let i = 0; i < src.length; ) {
      const cp = src.codePointAt(i);
      let c = String.fromCodePoint(cp);
      if (c === '\u0E4D' && src[i + 1] === '\u0E32') {
        cps.push(['\u0E33', i, i + 2]);
        i += 2;
        continue;
      }
      if (cp >= 0x0e50 && cp <= 0x0e59) c = String.fromCharCode(48 + cp - 0x0e50);
      cps.push([c, i, i + c.length]);
      i += String.fromCodePoint(cp).length;
    }
    let norm = '';
    const start = [];
    const end = [];
    let space = false;
    for (let k = 0; k < cps.length; k++) {
      const [c, s, e] = cps[k];
      const prev = k > 0 ? cps[k - 1][0] : '';
      const next = k + 1 < cps.length ? cps[k + 1][0] : '';
      let keep = null;
      if (c === '.' && isLetter(prev)) continue;
      if ((c === '.' || c === '/') && isDigit(prev) && isDigit(next)) keep = c;
      else if (c === '\u0E2F' || c === '\u0E46') keep = null;
      else if (WORD.test(c)) keep = c;
      if (keep === null) {
        space = true;
        continue;
      }
      if (space && norm.length) {
        norm += ' ';
        start.push(s);
        end.push(s);
      }
      space = false;
      const lower = keep.toLowerCase();
      for (let j = 0; j < lower.length; j++) {
        start.push(s);
        end.push(e);
      }
      norm += lower;
    }
    return { src, norm, start, end };
  }

  const normalize = (text) => normalizeMapped(text).norm;

  // ---------------------------------------------------------------------------------------------
  // English stemming: Snowball English (Porter2), after folding -sion nouns onto their verbs.

  const V = 'aeiouy';
  const isV = (c) => V.includes(c);
  const EXCEPTIONS = { skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie', idly: 'idl', gently: 'gentl', ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl', sky: 'sky', news: 'news', howe: 'howe', atlas: 'atlas', cosmos: 'cosmos', bias: 'bias', andes: 'andes' };
  const EXCEPTIONS2 = ['inning', 'outing', 'canning', 'herring', 'earring', 'proceed', 'exceed', 'succeed'];

  function regions(w) {
    let r1 = w.length;
    const m = /^(gener|commun|arsen)/.exec(w);
    if (m) r1 = m[0].length;
    else for (let i = 1; i < w.length; i++) if (!isV(w[i]) && isV(w[i - 1])) { r1 = i + 1; break; }
    let r2 = w.length;
    for (let i = r1 + 1; i < w.length; i++) if (!isV(w[i]) && isV(w[i - 1])) { r2 = i + 1; break; }
    return [r1, r2];
  }
  const vowelIn = (s) => /[aeiouy]/.test(s);
  function shortSyllableAt(w, end) {
    // the last syllable of w[0..end] is short
    if (end === 2) return isV(w[0]) && !isV(w[1]);
    if (end < 3) return false;
    const a = w[end - 3], b = w[end - 2], c = w[end - 1];
    return !isV(a) && isV(b) && !isV(c) && !'wxY'.includes(c);
  }
  const isShort = (w, r1) => r1 >= w.length && shortSyllableAt(w, w.length);
  const longest = (w, list) => list.filter((s) => w.endsWith(s)).sort((a, b) => b.length - a.length)[0];

  function porter2(word) {
    let w = word;
    if (w.length <= 2) return w;
    if (EXCEPTIONS[w]) return EXCEPTIONS[w];
    if (w[0] === "'") w = w.slice(1);
    if (w[0] === 'y') w = 'Y' + w.slice(1);
    for (let i = 1; i < w.length; i++) if (w[i] === 'y' && isV(w[i - 1])) w = w.slice(0, i) + 'Y' + w.slice(i + 1);
    const [r1, r2] = regions(w);
    // Step 0
    let s = longest(w, ["'s'", "'s", "'"]);
    if (s) w = w.slice(0, -s.length);
    // Step 1a
    s = longest(w, ['sses', 'ied', 'ies', 'us', 'ss', 's']);
    if (s === 'sses') w = w.slice(0, -2);
    else if (s === 'ied' || s === 'ies') w = w.slice(0, -3) + (w.length > 4 ? 'i' : 'ie');
    else if (s === 's' && vowelIn(w.slice(0, -2))) w = w.slice(0, -1);
    if (EXCEPTIONS2.includes(w)) return w;
    // Step 1b
    s = longest(w, ['eed', 'eedly', 'ed', 'edly', 'ing', 'ingly']);
    if (s === 'eed' || s === 'eedly') {
      if (w.length - s.length >= r1) w = w.slice(0, -s.length) + 'ee';
    } else if (s && vowelIn(w.slice(0, -s.length))) {
      w = w.slice(0, -s.length);
      if (/(at|bl|iz)$/.test(w)) w += 'e';
      else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(w)) w = w.slice(0, -1);
      else if (isShort(w, r1)) w += 'e';
    }
    // Step 1c
    if (w.length > 2 && /[yY]$/.test(w) && !isV(w[w.length - 2])) w = w.slice(0, -1) + 'i';
    // Step 2
    const STEP2 = { tional: 'tion', enci: 'ence', anci: 'ance', abli: 'able', entli: 'ent', izer: 'ize', ization: 'ize', ational: 'ate', ation: 'ate', ator: 'ate', alism: 'al', aliti: 'al', alli: 'al', fulness: 'ful', ousli: 'ous', ousness: 'ous', iveness: 'ive', iviti: 'ive', biliti: 'ble', bli: 'ble', ogi: 'og', fulli: 'ful', lessli: 'less', li: '' };
    s = longest(w, Object.keys(STEP2));
    if (s && w.length - s.length >= r1) {
      const stem = w.slice(0, -s.length);
      if (s === 'ogi') { if (stem.endsWith('l')) w = stem + 'og'; }
      else if (s === 'li') { if (/[cdeghkmnrt]$/.test(stem)) w = stem; }
      else w = stem + STEP2[s];
    }
    // Step 3
    const STEP3 = { tional: 'tion', ational: 'ate', alize: 'al', icate: 'ic', iciti: 'ic', ical: 'ic', ful: '', ness: '', ative: '' };
    s = longest(w, Object.keys(STEP3));
    if (s && w.length - s.length >= r1) {
      if (s !== 'ative') w = w.slice(0, -s.length) + STEP3[s];
      else if (w.length - s.length >= r2) w = w.slice(0, -s.length);
    }
    // Step 4
    s = longest(w, ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize', 'ion']);
    if (s && w.length - s.length >= r2) {
      if (s !== 'ion') w = w.slice(0, -s.length);
      else if (/[st]$/.test(w.slice(0, -3))) w = w.slice(0, -3);
    }
    // Step 5
    if (w.endsWith('e')) {
      const at = w.length - 1;
      if (at >= r2 || (at >= r1 && !shortSyllableAt(w, at))) w = w.slice(0, -1);
    } else if (w.endsWith('ll') && w.length - 1 >= r2) w = w.slice(0, -1);
    return w.replace(/Y/g, 'y');
  }

  const stems = new Map();
  function stem(word) {
    if (!stems.has(word)) stems.set(word, stemWord(word));
    return stems.get(word);
  }
  function stemWord(word) {
    let w = word;
    if (w.endsWith('sions')) w = w.slice(0, -1);
    if (w.endsWith('ssion')) w = w.slice(0, -3);
    else if (w.endsWith('sion') && [...w].length >= 6) w = w.slice(0, -4) + 'de';
    return porter2(w);
  }

  // ---------------------------------------------------------------------------------------------
  // Terms (mirror of src/search/segment.rs)

  const script = (c) => (c >= '\u0E00' && c <= '\u0E7F' ? 'thai' : isDigit(c) || c === '.' || c === '/' ? 'digits' : 'other');

  /** Runs of one script in normalised text: [{script, text, at}] (at = offset in the text). */
  function runs(norm) {
    const out = [];
    let cur = null;
    for (let i = 0; i < norm.length; i++) {
      const c = norm[i];
      if (c === ' ') { cur = null; continue; }
      const s = script(c);
      if (cur && cur.script === s) cur.text += c;
      else out.push((cur = { script: s, text: c, at: i }));
    }
    return out;
  }

  const bigrams = (run) => {
    const cs = [...run];
    const out = [];
    for (let i = 0; i + 1 < cs.length; i++) out.push(cs[i] + cs[i + 1]);
    return out;
  };

  let thaiSegmenter;
  function browserWords(run) {
    if (thaiSegmenter === undefined) {
      try { thaiSegmenter = new Intl.Segmenter('th', { granularity: 'word' }); } catch { thaiSegmenter = null; }
    }
    return thaiSegmenter ? [...thaiSegmenter.segment(run)].map((s) => s.segment).filter((s) => s.trim()) : null;
  }

  /**
   * The words of a Thai query run. The browser's Intl.Segmenter is used when every word it finds
   * is a word of the index; otherwise (no Intl.Segmenter, or one that splits differently from the
   * index's ICU4X dictionary) the run is split by longest match against the index's own words.
   */
  async function thaiWords(lang, run) {
    const cs = [...run];
    const vocab = new Map();
    const pairs = new Set(cs.slice(0, -1).map((c, i) => c + cs[i + 1]));
    await Promise.all([...pairs].map(async (pair) => vocab.set(postingsName(lang, pair), (await postingsChunk(lang, pair)).w)));
    const known = (w) => (vocab.get(postingsName(lang, w)) || {})[w] !== undefined;
    const browser = browserWords(run);
    if (browser && browser.length && browser.every(known)) return browser;
    const out = [];
    let unknown = '';
    for (let i = 0; i < cs.length; ) {
      let best = 0;
      for (let len = Math.min(cs.length - i, 24); len >= 2 && !best; len--) if (known(cs.slice(i, i + len).join(''))) best = len;
      if (!best) {
        unknown += cs[i++];
        continue;
      }
      if (unknown) out.push(unknown);
      unknown = '';
      out.push(cs.slice(i, i + best).join(''));
      i += best;
    }
    if (unknown) out.push(unknown);
    return out;
  }

  /** A query's units: every one must match a section (in order of the query). */
  function queryUnits(norm) {
    return runs(norm).map((r) => {
      if (r.script === 'thai') return { script: 'thai', text: r.text, words: [r.text] };
      if (r.script === 'digits') return { script: 'digits', text: r.text, parts: r.text.split(/[./]/).filter(Boolean) };
      return { script: 'other', text: r.text, stem: stem(r.text) };
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Loading the index

  const scriptEl = global.document && global.document.currentScript;
  const ROOT = scriptEl ? new URL('.', scriptEl.src).href : '';
  const chunks = new Map(); // name -> data
  const waiting = new Map(); // name -> [resolve]
  global.handbookSearchChunk = function (name, data) {
    chunks.set(name, data);
    (waiting.get(name) || []).forEach((resolve) => resolve(data));
    waiting.delete(name);
  };
  const loading = new Map();
  function load(name) {
    if (chunks.has(name)) return Promise.resolve(chunks.get(name));
    if (loading.has(name)) return loading.get(name);
    const p = new Promise((resolve) => {
      waiting.set(name, [...(waiting.get(name) || []), resolve]);
      const el = document.createElement('script');
      el.src = `${ROOT}search/${name}.js`;
      el.async = true;
      // A chunk that does not exist (no term starts with that character) resolves empty.
      el.onerror = () => global.handbookSearchChunk(name, null);
      el.onload = () => { if (!chunks.has(name)) global.handbookSearchChunk(name, null); };
      document.head.appendChild(el);
    });
    loading.set(name, p);
    return p;
  }
  /** The postings chunk of a term: its first two code points in hex (mirror of index.rs). */
  const postingsName = (lang, key) =>
    `${lang}/p${[...key].slice(0, 2).map((c) => c.codePointAt(0).toString(16).padStart(4, '0')).join('')}`;
  const EMPTY = { w: {}, b: {}, t: {} };
  const existing = new Map(); // lang -> Set of postings chunk names
  async function docsOf(lang) {
    const docs = await load(`${lang}/docs`);
    if (docs && !existing.has(lang)) existing.set(lang, new Set(docs.postings.split(',').map((n) => `${lang}/p${n}`)));
    return docs;
  }
  /** A postings chunk, or EMPTY when no term starts that way (no request for a missing file). */
  async function postingsChunk(lang, key) {
    const name = postingsName(lang, key);
    return (existing.has(lang) && !existing.get(lang).has(name) ? null : await load(name)) || EMPTY;
  }
  /** The pages a term is in: an array, or null for a bigram too common to be listed. */
  async function postings(lang, map, key) {
    const list = (await postingsChunk(lang, key))[map][key];
    if (list === 0) return null;
    let n = 0;
    return (list || []).map((d) => (n += d));
  }

  // ---------------------------------------------------------------------------------------------
  // Matching and ranking

  /** How many candidate pages a query reads at most. */
  const CANDIDATES = 20;
  const intersect = (a, b) => { const s = new Set(b); return a.filter((x) => s.has(x)); };
  const union = (a, b) => [...new Set([...a, ...b])];

  /** Every occurrence of `needle` in `hay` as [start, end]; digit runs must not continue a number. */
  function find(hay, needle, digits) {
    const out = [];
    for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
      if (digits && (isDigit(hay[i - 1] || '') || isDigit(hay[i + needle.length] || ''))) continue;
      out.push([i, i + needle.length]);
    }
    return out;
  }

  /** The spans of Latin words of `norm` whose stem is `st`. */
  function findStem(norm, st) {
    return runs(norm).filter((r) => r.script === 'other' && stem(r.text) === st).map((r) => [r.at, r.at + r.text.length]);
  }

  /** How `unit` matches normalised text: {score, spans} or null. */
  function matchUnit(unit, norm, strict) {
    if (unit.script === 'other') {
      const spans = findStem(norm, unit.stem);
      return spans.length ? { score: 10, spans } : null;
    }
    if (unit.script === 'digits') {
      const spans = find(norm, unit.text, true);
      return spans.length ? { score: 10, spans } : null;
    }
    const spans = find(norm, unit.text, false);
    if (spans.length) return { score: 10, spans };
    if (strict || unit.words.length < 2) return null;
    const each = unit.words.map((w) => find(norm, w, false));
    return each.every((s) => s.length) ? { score: 4, spans: each.map((s) => s[0]) } : null;
  }

  /** The index terms a unit's candidates must have: [[map, key]]. */
  function unitTerms(unit) {
    if (unit.script === 'other') return [['w', unit.stem]];
    if (unit.script === 'digits') return unit.parts.map((p) => ['w', p]);
    const grams = unit.words.flatMap(bigrams);
    return grams.length ? grams.map((g) => ['b', g]) : [['w', unit.text]];
  }

  /** Pages that may match `unit` (map `m` of the terms: `t` for page titles); null: any page. */
  async function candidates(lang, unit, m) {
    let result = null;
    for (const list of await Promise.all(unitTerms(unit).map(([map, key]) => postings(lang, m || map, key)))) {
      if (list === null) continue;
      result = result === null ? list : intersect(result, list);
    }
    return result;
  }

  const texts = new Map();
  /** A page: [url, title, kind, [[anchor, heading, text], …]]. */
  async function pageEntry(lang, docs, n) {
    let lo = 0;
    let hi = docs.text_chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (docs.text_chunks[mid] <= n) lo = mid;
      else hi = mid - 1;
    }
    const chunk = await load(`${lang}/t${lo}`);
    return chunk ? chunk[n - docs.text_chunks[lo]] : ['', '', 'page', []];
  }
  function mapped(key, text) {
    if (!texts.has(key)) texts.set(key, normalizeMapped(text));
    return texts.get(key);
  }

  /** The excerpt of a section around its first highlighted span: {excerpt, marks}. */
  function excerpt(m, spans) {
    const src = m.src;
    const marks = spans
      .filter(([a, b]) => b > a)
      .map(([a, b]) => [m.start[a], m.end[b - 1]])
      .sort((x, y) => x[0] - y[0]);
    const first = marks.length ? marks[0][0] : 0;
    let from = Math.max(0, first - 60);
    if (from > 0) {
      const gap = src.indexOf(' ', from);
      from = gap >= 0 && gap < first ? gap + 1 : from;
      while (from < first && /\p{M}/u.test(src[from])) from++;
    }
    let to = Math.min(src.length, from + 220);
    while (to < src.length && /\p{M}/u.test(src[to])) to++;
    const text = (from > 0 ? '…' : '') + src.slice(from, to) + (to < src.length ? '…' : '');
    const shift = (from > 0 ? 1 : 0) - from;
    const inside = marks.filter(([a, b]) => a >= from && b <= to).map(([a, b]) => [a + shift, b + shift]);
    const merged = [];
    for (const [a, b] of inside) {
      const last = merged[merged.length - 1];
      if (last && a <= last[1]) last[1] = Math.max(last[1], b);
      else merged.push([a, b]);
    }
    return { excerpt: text, marks: merged };
  }

  /**
   * Searches the index of `lang` (the page's language by default); resolves to results best
   * first: {url, title, excerpt, kind, anchor, marks} (marks: [start, end] spans of excerpt); the
   * array's `more` is true when more pages may match than the best candidates that were read.
   */
  async function handbookSearch(query, options = {}) {
    const lang = options.lang || (global.document && document.documentElement.lang) || 'th';
    const q = normalize(query);
    const units = queryUnits(q);
    if (!units.length) return [];
    const docs = await docsOf(lang);
    if (!docs) return [];
    await Promise.all(units.filter((u) => u.script === 'thai').map(async (u) => { u.words = await thaiWords(lang, u.text); }));
    const sets = (await Promise.all(units.map((u) => candidates(lang, u)))).filter(Boolean);
    let pool = sets.length ? sets.reduce((a, b) => intersect(a, b)) : [...Array(docs.pages).keys()];
    const all = pool.length > 0;
    if (!all) pool = sets.reduce((a, b) => union(a, b), []);
    const words = await Promise.all(units.map(async (u) => new Set((u.script === 'thai' && (await postings(lang, 'w', u.text))) || [])));
    // Only the best candidates are read: pages whose title has every unit, then pages where the
    // units are whole words, then the rest in index order.
    const more = pool.length > CANDIDATES;
    if (more) {
      const titled = (await Promise.all(units.map((u) => candidates(lang, u, 't')))).map((l) => l || []);
      const title = new Set(titled.reduce((a, b) => intersect(a, b)));
      const prior = (n) => (title.has(n) ? 100 : 0) + words.reduce((k, w) => k + (w.has(n) ? 1 : 0), 0);
      pool = pool.map((n) => [prior(n), n]).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, CANDIDATES).map(([, n]) => n);
    }
    const entries = new Map();
    await Promise.all(pool.map(async (n) => entries.set(n, await pageEntry(lang, docs, n))));
    const norms = new Map();
    for (const n of pool) entries.get(n)[3].forEach((sec, i) => norms.set(`${n}/${i}`, mapped(`${lang}/${n}/${i}`, sec[2])));
    // A Thai unit that occurs as written somewhere is matched only as written (ผู้บังคับบัญชา never
    // matches ผู้ใต้บังคับบัญชา); one that occurs nowhere as written may match as separate words.
    const strict = units.map((u) => u.script === 'thai' && [...norms.values()].some((m) => m.norm.includes(u.text)));
    const byPage = new Map();
    for (const n of pool) {
      const [url, title, kind, sections] = entries.get(n);
      if (options.kind && options.kind !== kind) continue;
      const t = mapped(`${lang}/title/${url}`, title).norm;
      // Title hits first: every unit in the title outranks any body text.
      const inTitle = units.filter((u, i) => matchUnit(u, t, strict[i])).length;
      let bonus = inTitle * 12 + (inTitle === units.length ? 30 : 0);
      if (inTitle && t.includes(q)) bonus += 30;
      if (kind !== 'page') bonus += 1;
      let best = null;
      let hits = 0;
      sections.forEach(([anchor, heading], i) => {
        const m = norms.get(`${n}/${i}`);
        const h = normalize(heading);
        let score = 0;
        let matched = 0;
        const spans = [];
        units.forEach((u, k) => {
          const hit = matchUnit(u, m.norm, strict[k]);
          if (!hit) return;
          matched++;
          score += hit.score + (words[k].has(n) ? 3 : 0) + (matchUnit(u, h, strict[k]) ? 5 : 0);
          spans.push(...hit.spans);
        });
        if (!matched || (all && matched < units.length)) return;
        hits++;
        const phrase = units.length > 1 ? find(m.norm, q, false) : [];
        if (phrase.length) score += 15;
        score *= matched / units.length;
        score *= 1 + 0.5 * Math.min(1, 300 / Math.max(1, m.norm.length));
        if (!best || score > best.score) best = { score, anchor, m, spans: phrase.length ? phrase : spans };
      });
      if (!best) continue;
      byPage.set(url, { ...best, score: best.score + bonus, sections: hits, url, title, kind });
    }
    const results = [...byPage.values()]
      .map((r) => ({ ...r, score: r.score + Math.min(3, r.sections * 0.5) }))
      .sort((a, b) => b.score - a.score || a.url.localeCompare(b.url));
    const out = results.map((r) => {
      const ex = excerpt(r.m, r.spans);
      const index = location.protocol === 'file:' ? 'index.html' : '';
      const href = new URL(r.url + index + (r.anchor ? `#${encodeURIComponent(r.anchor)}` : ''), ROOT).href;
      return { url: href, title: r.title, excerpt: ex.excerpt, marks: ex.marks, kind: r.kind, anchor: r.anchor || null, score: r.score };
    });
    // More pages may match than were read: the best candidates only.
    out.more = more;
    return out;
  }

  global.handbookSearch = handbookSearch;
  global.handbookSearchInternals = { normalize, normalizeMapped, stem, porter2, queryUnits, runs, bigrams };

  // ---------------------------------------------------------------------------------------------
  // The search box (partials/header.html)

  function setUp() {
    const form = document.querySelector('form.site-search');
    const input = document.getElementById('search-input');
    const box = document.getElementById('search-results');
    const kindSelect = document.getElementById('search-kind');
    if (!form || !input || !box) return;
    const t = form.dataset;
    let seq = 0;
    let timer = 0;
    const links = () => [...box.querySelectorAll('a')];
    // The results region stays in the accessibility tree (closed: empty and clipped, not
    // display:none), so screen readers announce what appears in it.
    const isOpen = () => box.classList.contains('open');
    const close = () => { box.classList.remove('open'); box.replaceChildren(); };
    const status = (text) => { const p = document.createElement('p'); p.className = 'search-count'; p.textContent = text; return p; };

    function render(results) {
      box.replaceChildren();
      const count = results.length ? (results.more ? t.countMore : t.count).replace('{n}', String(results.length)) : t.none;
      box.appendChild(status(count));
      if (results.length) {
        const ol = document.createElement('ol');
        for (const r of results) {
          const li = document.createElement('li');
          const a = document.createElement('a');
          a.href = r.url;
          const title = document.createElement('span');
          title.className = 'search-title';
          title.textContent = r.title;
          const kind = document.createElement('span');
          kind.className = 'search-kind';
          kind.textContent = t[`kind${r.kind[0].toUpperCase()}${r.kind.slice(1)}`] || r.kind;
          const ex = document.createElement('span');
          ex.className = 'search-excerpt';
          let at = 0;
          for (const [s, e] of r.marks) {
            ex.append(r.excerpt.slice(at, s));
            const mark = document.createElement('mark');
            mark.textContent = r.excerpt.slice(s, e);
            ex.append(mark);
            at = e;
          }
          ex.append(r.excerpt.slice(at));
          a.append(title, ' ', kind, ex);
          li.appendChild(a);
          ol.appendChild(li);
        }
        box.appendChild(ol);
      }
      box.classList.add('open');
    }

    async function run() {
      const query = input.value;
      const mine = ++seq;
      if (!normalize(query)) { close(); return; }
      box.setAttribute('aria-busy', 'true');
      try {
        const results = await handbookSearch(query, { kind: kindSelect && kindSelect.value ? kindSelect.value : undefined });
        if (mine === seq) render(results);
      } catch (e) {
        if (mine === seq) { box.replaceChildren(status(t.error)); box.classList.add('open'); }
      } finally {
        box.removeAttribute('aria-busy');
      }
    }

    input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 120); });
    input.addEventListener('focus', () => load(`${document.documentElement.lang}/docs`), { once: true });
    if (kindSelect) kindSelect.addEventListener('change', run);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      clearTimeout(timer);
      run().then(() => { const first = links()[0]; if (first) first.focus(); });
    });
    form.addEventListener('keydown', (e) => {
      const list = links();
      const at = list.indexOf(document.activeElement);
      if (e.key === 'Escape') {
        if (isOpen()) { close(); input.focus(); e.preventDefault(); }
      } else if (e.target === kindSelect) {
        // the kind filter keeps its own arrow keys
      } else if (e.key === 'ArrowDown' && list.length && isOpen()) {
        list[Math.min(at + 1, list.length - 1)].focus();
        e.preventDefault();
      } else if (e.key === 'ArrowUp' && at >= 0) {
        (at === 0 ? input : list[at - 1]).focus();
        e.preventDefault();
      }
    });
    document.addEventListener('click', (e) => { if (!form.contains(e.target)) close(); });
  }

  if (global.document) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setUp);
    else setUp();
  }
})(typeof window !== 'undefined' ? window : globalThis);
