// handbook search, text: normalisation, English stemming and the terms of a query, mirroring
// src/search/normalize.rs and segment.rs (both sides are pinned by tests/search-cases.json).
// search-plan.js picks a query's candidates, search-query.js loads the index and answers queries,
// search-rank.js ranks the pages a query reads, search-box.js is the search box. Plain scripts: no
// framework, no WebAssembly.
(function (global) {
  'use strict';

  // ---------------------------------------------------------------------------------------------
  // Normalisation (mirror of src/search/normalize.rs)

  const WORD = /[\p{L}\p{M}\p{N}]/u;
  const LETTER = /[\p{L}\p{M}]/u;
  const NUMBER = /\p{N}/u;
  const isDigit = (c) => c >= '0' && c <= '9';
  const isLetter = (c) => c !== '' && LETTER.test(c) && !NUMBER.test(c);

  /**
   * How a character is normalised when it is ASCII or Thai (the fast path): KEEP as it is, LOWER
   * (A-Z), SEP (a separator), or OTHER (decided by the Unicode classes: . and / need their
   * neighbours; ฯ and ๆ separate).
   */
  const KEEP = 1;
  const LOWER = 2;
  const SEP = 3;
  const OTHER = 0;
  function kind(u) {
    if (u < 0x80) {
      if ((u >= 0x61 && u <= 0x7a) || (u >= 0x30 && u <= 0x39)) return KEEP;
      if (u >= 0x41 && u <= 0x5a) return LOWER;
      return u === 0x2e || u === 0x2f ? OTHER : SEP;
    }
    if (u >= 0x0e01 && u <= 0x0e4e) return u === 0x0e2f || u === 0x0e46 || (u >= 0x0e3b && u <= 0x0e3f) ? SEP : KEEP;
    return OTHER;
  }

  /** Whether UTF-16 unit u (at i of src) is kept as it is: a-z, 0-9, Thai letters and marks (but
   * the ํ of ํา, read as ำ). */
  const plain = (u, src, i) =>
    u < 0x80
      ? (u >= 0x61 && u <= 0x7a) || (u >= 0x30 && u <= 0x39)
      : u >= 0x0e01 && u <= 0x0e4e && u !== 0x0e2f && u !== 0x0e46 && (u < 0x0e3b || u > 0x0e3f) && (u !== 0x0e4d || src.charCodeAt(i + 1) !== 0x0e32);
  const isDigitCode = (u) => (u >= 0x30 && u <= 0x39) || (u >= 0x0e50 && u <= 0x0e59);

  /**
   * Normalises text; `start[i]`/`end[i]` give the span of `text` (after NFC) that made norm[i].
   * With `until`, stops some 400 characters of `text` after the one that made norm[until]: an
   * excerpt needs no more. Runs of characters kept as they are go through a short loop (on a
   * fresh page this runs before the code is compiled: each step counts).
   */
  function normalizeMapped(text, until) {
    const src = String(text).normalize('NFC');
    const n = src.length;
    const parts = [];
    let length = 0;
    const start = [];
    const end = [];
    let space = false;
    let stop = Infinity;
    let prevLetter = false;
    let prevDigit = false;
    // A space before what is added at `at`, where the text had a run of spaces or dropped marks.
    const gap = (at) => {
      if (space && length) {
        parts.push(' ');
        start.push(at);
        end.push(at);
        length++;
      }
      space = false;
    };
    for (let s = 0; s < n && s <= stop; ) {
      const u = src.charCodeAt(s);
      if (plain(u, src, s)) {
        gap(s);
        let j = s;
        do {
          start.push(j);
          end.push(j + 1);
          length++;
          if (until !== undefined && stop === Infinity && length > until) stop = start[until] + 400;
          j++;
        } while (j < n && j <= stop && plain(src.charCodeAt(j), src, j));
        parts.push(src.slice(s, j));
        prevDigit = isDigitCode(src.charCodeAt(j - 1));
        prevLetter = !prevDigit;
        s = j;
        continue;
      }
      // One character (ํา as ำ, Thai digits as Arabic ones) from s to `to`.
      let here;
      let to = s + 1;
      if (u === 0x0e4d) {
        here = '\u0E33';
        to = s + 2;
      } else if (u >= 0x0e50 && u <= 0x0e59) here = String.fromCharCode(48 + u - 0x0e50);
      else if (u >= 0xd800 && u <= 0xdbff && s + 1 < n) {
        to = s + (src.codePointAt(s) > 0xffff ? 2 : 1);
        here = src.slice(s, to);
      } else here = src[s];
      const k = here.length === 1 ? kind(here.charCodeAt(0)) : OTHER;
      let keep = null;
      let letter = here === '\u0E2F' || here === '\u0E46';
      if (k === KEEP || k === LOWER) {
        keep = k === LOWER ? here.toLowerCase() : here;
        letter = here > '9' || here < '0';
      } else if (k === OTHER) {
        // A dot after a letter is dropped; . and / are kept between digits; ฯ and ๆ separate.
        letter = isLetter(here);
        if (here === '.' && prevLetter) keep = '';
        else if ((here === '.' || here === '/') && prevDigit && isDigitCode(src.charCodeAt(to))) keep = here;
        else if (WORD.test(here)) keep = here.toLowerCase();
      }
      if (keep === null) space = true;
      else if (keep !== '') {
        gap(s);
        parts.push(keep);
        for (let j = 0; j < keep.length; j++) {
          start.push(s);
          end.push(to);
        }
        length += keep.length;
        if (until !== undefined && stop === Infinity && length > until) stop = start[until] + 400;
      }
      prevDigit = here.length === 1 && isDigit(here);
      prevLetter = letter;
      s = to;
    }
    return { src, norm: parts.join(''), start, end };
  }

  /**
   * The offset map of normalizeMapped() only around norm[at], from some 100 characters before it
   * to 400 after, for an excerpt: {src, base, length, start, end}, start[i - base] for norm[i],
   * offsets in src. The text before is cut at a space and normalised by normalize() (a space
   * separates on both sides, so the two parts normalise apart).
   */
  function mappedAround(text, at) {
    const src = String(text).normalize('NFC');
    // A character of norm comes from one of src at or after its own offset (but for rare
    // letters whose lower case is longer): the part before src[at - 100] is before norm[at - 100].
    const cut = at > 200 ? Math.max(0, src.lastIndexOf(' ', at - 100)) : 0;
    const before = cut ? normalize(src.slice(0, cut)) : '';
    const base = before.length ? before.length + 1 : 0;
    if (base > at - 60) return mappedAround.whole(src, at);
    const m = normalizeMapped(src.slice(cut), at - base);
    return { src, base, length: m.norm.length, start: m.start.map((x) => x + cut), end: m.end.map((x) => x + cut) };
  }
  mappedAround.whole = (src, at) => {
    const m = normalizeMapped(src, at);
    return { src, base: 0, length: m.norm.length, start: m.start, end: m.end };
  };

  /**
   * The same text as normalizeMapped(text).norm, by whole-string replacements: fast enough to
   * normalise every section of the pages a query reads (the offset map is made only for excerpts).
   */
  function normalize(text) {
    return String(text)
      .normalize('NFC')
      .replace(/\u0E4D\u0E32/g, '\u0E33')
      .replace(/[\u0E50-\u0E59]/g, (d) => String.fromCharCode(48 + d.charCodeAt(0) - 0x0e50))
      // Dots after a letter go (one pass: each dot is judged by the text as given) …
      .replace(/(?<=[\p{L}\p{M}])\./gu, '')
      // … then every other mark but . and / between digits separates words, as do ฯ and ๆ.
      .replace(/(?<![0-9])[./]|[./](?![0-9])|[\u0E2F\u0E46]|[^\p{L}\p{M}\p{N}./]+/gu, ' ')
      // Lower case character by character, as normalizeMapped does: only Σ depends on its context.
      .replace(/\u03A3/g, '\u03C3')
      .toLowerCase()
      .replace(/ {2,}/g, ' ')
      .trim();
  }

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

  /**
   * Bigrams that cover a Thai run without overlapping (the last one overlaps when the length is
   * odd), best spread first: the first, the last, then those farthest from the ones taken. Any of
   * them narrows the candidates; every candidate is confirmed against its text.
   */
  function cover(run) {
    const cs = [...run];
    const starts = [];
    for (let i = 0; i + 1 < cs.length; i += 2) starts.push(i);
    if (cs.length > 2 && cs.length % 2) starts.push(cs.length - 2);
    const order = starts.length ? [starts.shift()] : [];
    if (starts.length) order.push(starts.pop());
    while (starts.length) {
      const gap = (s) => Math.min(...order.map((o) => Math.abs(o - s)));
      const best = starts.reduce((a, b) => (gap(b) > gap(a) ? b : a));
      order.push(...starts.splice(starts.indexOf(best), 1));
    }
    return order.map((i) => cs[i] + cs[i + 1]);
  }

  /** A query's units: every one must match a section (in order of the query). */
  function queryUnits(norm) {
    return runs(norm).map((r) => {
      if (r.script === 'thai') return { script: 'thai', text: r.text, words: [r.text], split: false };
      if (r.script === 'digits') return { script: 'digits', text: r.text, parts: r.text.split(/[./]/).filter(Boolean) };
      return { script: 'other', text: r.text, stem: stem(r.text) };
    });
  }

  global.handbookSearchInternals = { normalize, normalizeMapped, mappedAround, stem, porter2, queryUnits, runs, bigrams, cover, isDigit };
})(typeof window !== 'undefined' ? window : globalThis);
