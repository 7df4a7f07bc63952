// handbook search, planning a query (search-query.js runs it): which postings it needs, its
// candidate pages from them, best first, and which of them to read for the first screen of results.
(function (global) {
  'use strict';

  const I = global.handbookSearchInternals;
  const { bigrams, cover } = I;
  // From search-query.js, which holds the loaded chunks.
  const postings = (lang, map, key) => I.postings(lang, map, key);
  const postingsName = (lang, key) => I.postingsName(lang, key);

  /** The text chunk `t<c>.js` that page `n` is in (docs.js lists where each begins). */
  function textChunk(docs, n) {
    let lo = 0;
    let hi = docs.text_chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (docs.text_chunks[mid] <= n) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  /**
   * How many candidate pages a query reads, unless asked for more: the first screen of results
   * (what the results box shows at 1280×720). Each is a file to load, or shares one.
   */
  const FIRST_SCREEN = 5;
  /** A query's postings come in one batch of at most this many files (more when it has more units). */
  const POSTINGS_FILES = 2;
  const KIND_LETTERS = { competency: 'c', level: 'l', strategy: 's', meeting: 'm', page: 'p' };

  /** The pages in both sorted lists. */
  function intersect(a, b) {
    const out = [];
    for (let i = 0, j = 0; i < a.length && j < b.length; ) {
      if (a[i] < b[j]) i++;
      else if (a[i] > b[j]) j++;
      else { out.push(a[i]); i++; j++; }
    }
    return out;
  }
  /** A sorted list of pages as a set (a binary search: no Set of thousands of pages to build). */
  const sortedSet = (list) => ({
    has(n) {
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid] < n) lo = mid + 1;
        else hi = mid;
      }
      return list[lo] === n;
    },
  });
  /** The pages in either sorted list. */
  function union(a, b) {
    const out = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      if (j >= b.length || (i < a.length && a[i] < b[j])) out.push(a[i++]);
      else if (i >= a.length || b[j] < a[i]) out.push(b[j++]);
      else { out.push(a[i++]); j++; }
    }
    return out;
  }

  /** Every page number of an index, made once. */
  const allPages = (docs) => docs.allPages || (docs.allPages = Array.from({ length: docs.pages }, (_, n) => n));

  /** Whether a query is one letter: it finds page titles with a word beginning with it. */
  const isInitial = (units) => units.length === 1 && units[0].script !== 'digits' && [...units[0].text].length === 1;

  /** The index terms a unit's candidates need, best first: [[map, key]]. */
  function unitTerms(unit) {
    if (unit.script === 'other') return [['w', unit.stem]];
    if (unit.script === 'digits') return unit.parts.map((p) => ['w', p]);
    const grams = unit.split ? unit.words.flatMap(bigrams) : cover(unit.text);
    return grams.length ? grams.map((g) => ['b', g]) : [['w', unit.text]];
  }

  /**
   * The terms a query looks up now: every term of Latin and digit units; of Thai units, the
   * first bigram of each, then more in turn while their chunks stay within POSTINGS_FILES.
   */
  function plannedTerms(lang, units) {
    const lists = units.map(unitTerms);
    const files = new Set(lists.flatMap((terms, i) => (units[i].script === 'thai' ? [terms[0]] : terms)).map(([, key]) => postingsName(lang, key)));
    const planned = lists.map((terms, i) => (units[i].script === 'thai' ? terms.slice(0, 1) : terms));
    for (let round = 1, more = true; more; round++) {
      more = false;
      lists.forEach((terms, i) => {
        if (units[i].script !== 'thai' || round >= terms.length) return;
        const name = postingsName(lang, terms[round][1]);
        if (!files.has(name) && files.size >= POSTINGS_FILES && !units[i].split) return;
        files.add(name);
        planned[i].push(terms[round]);
        more = true;
      });
    }
    return planned;
  }

  /** Pages that may match a unit by its planned terms (map `m`: `t` for titles); null: any page. */
  function candidates(lang, terms, m) {
    let result = null;
    for (const [map, key] of terms) {
      const list = postings(lang, m || map, key);
      if (list !== null) result = result === null ? list : intersect(result, list);
    }
    return result;
  }

  /**
   * The candidate pages of a query, best first, from its postings, once they are loaded:
   * {pool, buckets, all, any, words, sure, initial, titled, prior, lists}. `buckets`: the pool by
   * prior, best first, each in page order; `all`: every unit must match one section; `any`: no
   * term narrowed the pool (all too common to be listed); `words`: per unit, the pages where a
   * Thai unit is a whole word; `sure`: the pages known to match without their text (a set, true
   * for all, null for none); `initial`: a one-letter query, with `titled` the pages whose title
   * has a word beginning with it; `lists`: per unit, its candidates (null: any page).
   */
  function planLoaded(lang, docs, units, kind, terms, initial) {
    const wordLists = units.map((u) => (u.script === 'thai' ? postings(lang, 'w', u.text) || [] : []));
    // The prior of each page, marked from the lists: the pool is best prior first, in page order.
    const prior = new Uint16Array(docs.pages);
    const mark = (list, by) => { for (const n of list) prior[n] += by; };
    let pool;
    let lists = units.map(() => null);
    let all = true;
    let any = false;
    let sure = null; // pages known to match without their text (null: none; true: every one)
    let titled = null;
    if (initial) {
      // One letter: pages whose title has a word beginning with it (titles beginning with it
      // first), and pages where it is a word of its own. The index lists both exactly.
      const c = units[0].text;
      const alone = postings(lang, 'w', c) || [];
      titled = postings(lang, 'i', c) || [];
      mark(postings(lang, 'f', c) || [], 40);
      mark(titled, 20);
      mark(alone, 2);
      pool = union(titled, alone);
      titled = sortedSet(titled);
      sure = true;
    } else {
      lists = terms.map((t) => candidates(lang, t));
      const sets = lists.filter(Boolean);
      any = !sets.length;
      pool = any ? allPages(docs) : sets.reduce(intersect);
      if (!pool.length) {
        all = false;
        pool = sets.reduce(union, []);
      }
      // With one unit, pages are known to match without their text when its postings are exact
      // (a Latin stem, a number), or where a Thai unit is a whole word.
      const u = units[0];
      if (units.length === 1 && !any) sure = u.script === 'thai' ? sortedSet(wordLists[0]) : u.script === 'other' || u.parts.length === 1 || null;
      // Pages known to match come first: titles with every unit as a word of theirs, then pages
      // where Thai units are whole words; then titles with all of the units' bigrams.
      mark(units.map((u, i) => (u.script === 'thai' ? postings(lang, 't', u.text) : candidates(lang, terms[i], 't')) || []).reduce(intersect), 1000);
      wordLists.forEach((list) => mark(list, 100));
      mark(terms.map((t) => candidates(lang, t, 't') || []).reduce(intersect), 10);
    }
    if (kind) pool = pool.filter((n) => docs.kinds[n] === KIND_LETTERS[kind]);
    // By prior (plus one for a page that is not a plain page): most pages have none, so those go
    // straight to the last two buckets (every mark is 2 or more).
    const byPrior = new Map();
    const [plain, other] = [[], []];
    const kinds = docs.kinds;
    for (let i = 0; i < pool.length; i++) {
      const n = pool[i];
      const p = prior[n];
      if (p === 0) (kinds.charCodeAt(n) === 0x70 ? plain : other).push(n);
      else {
        const key = p + (kinds.charCodeAt(n) === 0x70 ? 0 : 1);
        const bucket = byPrior.get(key);
        if (bucket) bucket.push(n);
        else byPrior.set(key, [n]);
      }
    }
    const buckets = [...byPrior.keys()].sort((a, b) => b - a).map((p) => byPrior.get(p)).concat([other, plain].filter((b) => b.length));
    const words = wordLists.map(sortedSet);
    return { pool, buckets, all, any, words, sure, initial, titled, prior, lists };
  }

  /**
   * The pages to read: the `limit` best candidates by prior. Of equals that do not all fit (a
   * bucket of the same prior, in page order), those in text chunks already taken or holding more
   * of them come first, so that the first screen of results comes in as few files as possible.
   */
  function choose(docs, buckets, limit) {
    const read = [];
    const files = new Set();
    const starts = docs.text_chunks;
    const size = (c) => (c + 1 < starts.length ? starts[c + 1] : docs.pages) - starts[c];
    for (const bucket of buckets) {
      const room = limit - read.length;
      if (room <= 0) break;
      const groups = new Map(); // text chunk -> pages of the bucket in it
      let whole = 0; // pages in groups that are their whole chunk: enough of them ends the walk
      let c = 0;
      for (let i = 0; i < bucket.length && whole < room && i < 64 * limit; i++) {
        const n = bucket[i];
        while (c + 1 < starts.length && starts[c + 1] <= n) c++;
        const group = groups.get(c);
        if (group) group.push(n);
        else groups.set(c, [n]);
        if (groups.get(c).length === size(c)) whole += size(c);
      }
      const bySize = [];
      for (const [chunk, pages] of groups) {
        const k = files.has(chunk) ? 0 : pages.length;
        (bySize[k] = bySize[k] || []).push([chunk, pages]);
      }
      const order = (bySize[0] || []).concat(...bySize.slice(1).reverse().filter(Boolean));
      for (const [chunk, pages] of order) {
        if (read.length >= limit) break;
        read.push(...pages.slice(0, limit - read.length));
        files.add(chunk);
      }
    }
    return read;
  }

  /** The pages to read and the other candidates in their text chunks, which come at no cost. */
  function withNeighbours(docs, pool, read) {
    const starts = docs.text_chunks;
    const taken = new Set(read);
    const chunks = new Set(read.map((n) => textChunk(docs, n)));
    const more = [];
    for (const c of chunks) {
      const [from, to] = [starts[c], c + 1 < starts.length ? starts[c + 1] : docs.pages];
      let lo = 0;
      let hi = pool.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (pool[mid] < from) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < pool.length && pool[i] < to; i++) if (!taken.has(pool[i])) more.push(pool[i]);
    }
    return read.concat(more);
  }

  Object.assign(I, { FIRST_SCREEN, KIND_LETTERS, allPages, intersect, union, sortedSet, isInitial, plannedTerms, planLoaded, choose, withNeighbours, textChunk });
})(typeof window !== 'undefined' ? window : globalThis);
