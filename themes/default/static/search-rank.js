// handbook search, ranking: how the pages a query reads match it, their ranking and their
// excerpts (search-query.js loads the index and the pages; this file only reads their text).
(function (global) {
  'use strict';

  const I = global.handbookSearchInternals;
  const { normalize, mappedAround, stem, isDigit } = I;

  /** Every occurrence of `needle` in `hay` as [start, end]; digit runs must not continue a number. */
  function find(hay, needle, digits) {
    const out = [];
    for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
      if (digits && (isDigit(hay[i - 1] || '') || isDigit(hay[i + needle.length] || ''))) continue;
      out.push([i, i + needle.length]);
    }
    return out;
  }

  /** A character of a Latin word in normalised text (search.js's `other` script). */
  const LATIN = '[^ 0-9./\\u0E00-\\u0E7F]';
  const initials = new Map();
  /** The spans of Latin words of `norm` whose stem is `st`: only words with its first letter. */
  function findStem(norm, st) {
    const first = [...st][0];
    if (!initials.has(first)) initials.set(first, new RegExp(`(?<!${LATIN})${first.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')}${LATIN}*`, 'gu'));
    const out = [];
    for (const m of norm.matchAll(initials.get(first))) if (stem(m[0]) === st) out.push([m.index, m.index + m[0].length]);
    return out;
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

  const norms = new Map();
  /** Normalised text, kept for the next query (a key per page section or title). */
  function normalized(key, text) {
    if (!norms.has(key)) norms.set(key, normalize(text));
    return norms.get(key);
  }

  const thaiDigit = (d) => String.fromCharCode(0x0e50 + Number(d));
  /**
   * The tests of a section's text as written (NFC) that all pass where `unit` may match its
   * normalised text (and may fail only where it cannot), so that sections are normalised only
   * where a unit may be: each word of a Thai run as it may be written (ำ also as ํา, a dot after any
   * character, as in อ.ก.ก.; split into words, the run may match as the words apart); a number
   * with Thai or Arabic digits; for a Latin word, its stem but the last two letters in any case
   * (Snowball changes only the ending of a word: tests/browser/search-cases.test.mjs checks this),
   * or one of the two letters whose lower case is ASCII (K, İ). null when the stem is not ASCII:
   * then every section is normalised.
   */
  function rawTests(unit) {
    if (!('rawTests' in unit) || unit.rawTestsOf !== unit.words) {
      unit.rawTestsOf = unit.words;
      const thai = (w) => [...w].map((c) => (c === '\u0E33' ? '(?:\u0E33|\u0E4D\u0E32)' : c)).join('\\.?');
      const digits = (w) => [...w].map((c) => (isDigit(c) ? `[${c}${thaiDigit(c)}]` : `\\${c}`)).join('');
      const start = unit.script === 'other' ? stemStart(unit.stem) : '';
      unit.rawTests =
        unit.script === 'thai'
          ? unit.words.map((w) => new RegExp(thai(w)))
          : unit.script === 'digits'
            ? [new RegExp(digits(unit.text))]
            : /^[a-z]+$/.test(start)
              ? [new RegExp(`${start.split('').join('\\.?')}|[\u0130\u212A]`, 'i')]
              : null;
    }
    return unit.rawTests;
  }
  /** The letters that begin every word with stem `st`: all but its last two (at least one). */
  const stemStart = (st) => st.slice(0, Math.max(1, st.length - 2));
  /** Whether any of `units` may match a section's `text` (see rawTests). */
  function mayMatch(units, text) {
    let nfc = null;
    return units.some((u) => {
      const tests = rawTests(u);
      if (tests === null) return true;
      if (nfc === null) nfc = text.normalize('NFC');
      return tests.every((re) => re.test(nfc));
    });
  }

  /** Normalises the sections of a page that `units` may match, ahead of rank(), as soon as its
   * text has arrived. */
  function prepare(lang, n, [url, title, , sections], units) {
    normalized(`${lang}/title/${url}`, title);
    sections.forEach((sec, i) => mayMatch(units, sec[2]) && normalized(`${lang}/${n}/${i}`, sec[2]));
  }

  /**
   * Ranks the pages read, [[n, [url, title, kind, sections]]], for the query's `units` (`q`: the
   * normalised query) and its plan (search.js): {results, strict}. A result carries its best
   * section's text and the spans to highlight in it (offsets in its normalised text). `strict`:
   * per unit, whether a Thai unit occurs as written in a page read — then it matches only so
   * (ผู้บังคับบัญชา never matches ผู้ใต้บังคับบัญชา); one that occurs nowhere as written may match as
   * separate words.
   */
  function rank(lang, units, q, read, planned) {
    // The normalised text of each section a unit may match; '' for the others (none matches there)
    // and for a page whose title has a word beginning with a one-letter query (shown from its top).
    const texts = read.map(([n, entry]) =>
      entry[3].map((sec, i) => (!(planned.initial && planned.titled.has(n)) && mayMatch(units, sec[2]) ? normalized(`${lang}/${n}/${i}`, sec[2]) : '')));
    const strict = units.map((u) => u.script === 'thai' && texts.some((page) => page.some((norm) => norm.includes(u.text))));
    const results = [];
    read.forEach(([n, [url, title, kind, sections]], p) => {
      if (!sections.length) return;
      if (planned.initial) {
        // A page whose title has a word beginning with the letter: the top of the page, unmarked;
        // else one where it is a word of its own: its first occurrence.
        const at = planned.titled.has(n) ? 0 : Math.max(0, texts[p].findIndex((norm) => norm.includes(units[0].text)));
        const spans = planned.titled.has(n) ? [] : find(texts[p][at], units[0].text, false).slice(0, 1);
        results.push({ score: planned.prior[n], anchor: sections[at][0], text: sections[at][2], spans, url, title, kind });
        return;
      }
      const t = normalized(`${lang}/title/${url}`, title);
      // Title hits first: every unit in the title outranks any body text.
      const inTitle = units.filter((u, i) => matchUnit(u, t, strict[i])).length;
      let bonus = inTitle * 12 + (inTitle === units.length ? 30 : 0);
      if (inTitle && t.includes(q)) bonus += 30;
      if (kind !== 'page') bonus += 1;
      let best = null;
      let hits = 0;
      sections.forEach(([anchor, heading, text], i) => {
        const norm = texts[p][i];
        if (!norm) return;
        const h = normalize(heading);
        let score = 0;
        let matched = 0;
        const spans = [];
        units.forEach((u, k) => {
          const hit = matchUnit(u, norm, strict[k]);
          if (!hit) return;
          matched++;
          score += hit.score + (planned.words[k].has(n) ? 3 : 0) + (matchUnit(u, h, strict[k]) ? 5 : 0);
          spans.push(...hit.spans);
        });
        if (!matched || (planned.all && matched < units.length)) return;
        hits++;
        const phrase = units.length > 1 ? find(norm, q, false) : [];
        if (phrase.length) score += 15;
        score *= matched / units.length;
        score *= 1 + 0.5 * Math.min(1, 300 / Math.max(1, norm.length));
        if (!best || score > best.score) best = { score, anchor, text, spans: phrase.length ? phrase : spans };
      });
      if (best) results.push({ ...best, score: best.score + bonus + Math.min(3, hits * 0.5), url, title, kind });
    });
    // (Not localeCompare: a collator costs milliseconds to set up on a fresh page.)
    results.sort((a, b) => b.score - a.score || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
    return { results, strict };
  }

  /** The excerpt of a section's text around its first highlighted span: {excerpt, marks}. */
  function excerpt(text, spans) {
    const m = mappedAround(text, spans.length ? Math.min(...spans.map(([a]) => a)) : 0);
    const src = m.src;
    const marks = spans
      .filter(([a, b]) => b > a && a >= m.base && b - m.base <= m.length)
      .map(([a, b]) => [m.start[a - m.base], m.end[b - 1 - m.base]])
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
    const shown = (from > 0 ? '…' : '') + src.slice(from, to) + (to < src.length ? '…' : '');
    const shift = (from > 0 ? 1 : 0) - from;
    const inside = marks.filter(([a, b]) => a >= from && b <= to).map(([a, b]) => [a + shift, b + shift]);
    const merged = [];
    for (const [a, b] of inside) {
      const last = merged[merged.length - 1];
      if (last && a <= last[1]) last[1] = Math.max(last[1], b);
      else merged.push([a, b]);
    }
    return { excerpt: shown, marks: merged };
  }

  global.handbookSearchRank = { prepare, rank, excerpt, matchUnit, findStem, stemStart };
})(typeof window !== 'undefined' ? window : globalThis);
