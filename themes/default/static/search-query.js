// handbook search, second part: loads the index that `handbook build` writes under search/ and
// answers window.handbookSearch(query, {lang, kind, limit}). The index is a set of scripts that
// call handbookSearchChunk(), loaded by <script> tags on first use, so search works under any
// subpath and from file://. A query loads the postings chunks of its terms in one batch, then the
// text chunks of its best candidates (the first screen of results); search-rank.js ranks them.
(function (global) {
  'use strict';

  const I = global.handbookSearchInternals;
  const { normalize, queryUnits, bigrams, cover } = I;

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
  /** The postings chunk of a term: its first two code points in hex (mirror of chunks.rs). */
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
  /** The pages of a term in a loaded chunk: an array, or null for a term too common to be listed. */
  function postings(lang, map, key) {
    const chunk = chunks.get(postingsName(lang, key)) || EMPTY;
    const list = (chunk[map] || {})[key];
    if (list === 0) return null;
    let n = 0;
    return (list || []).map((d) => (n += d));
  }

  const texts = new Map(); // `${lang}/${page}` -> [url, title, kind, [[anchor, heading, text], …]]
  /** The text chunk of page `n`. */
  function textChunk(lang, docs, n) {
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
   * Pages [n, entry] with their text, loading the text chunks they are in, all at once; each page
   * goes to `arrived` as soon as its chunk is in (to work on it while the others load).
   */
  async function pageEntries(lang, docs, pages, arrived) {
    const entry = (n) => {
      const c = textChunk(lang, docs, n);
      const chunk = chunks.get(`${lang}/t${c}`);
      return chunk ? chunk[n - docs.text_chunks[c]] : ['', '', 'page', []];
    };
    const byChunk = new Map();
    for (const n of pages) {
      const c = textChunk(lang, docs, n);
      byChunk.set(c, [...(byChunk.get(c) || []), n]);
    }
    await Promise.all([...byChunk].map(([c, list]) => load(`${lang}/t${c}`).then(() => list.forEach((n) => arrived(n, entry(n))))));
    return pages.map((n) => [n, entry(n)]);
  }

  // ---------------------------------------------------------------------------------------------
  // Thai words of a query (only for a run that occurs nowhere as written)

  let thaiSegmenter;
  function browserWords(run) {
    if (thaiSegmenter === undefined) {
      try { thaiSegmenter = new Intl.Segmenter('th', { granularity: 'word' }); } catch { thaiSegmenter = null; }
    }
    return thaiSegmenter ? [...thaiSegmenter.segment(run)].map((s) => s.segment).filter((s) => s.trim()) : null;
  }

  /**
   * The words of a Thai query run, needed only when the run occurs nowhere as written. The
   * browser's Intl.Segmenter is used when every word it finds is a word of the index; otherwise
   * (no Intl.Segmenter, or one that splits differently from the index's ICU4X dictionary) the run
   * is split by longest match against the index's own words (this loads the chunk of every pair).
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

  // ---------------------------------------------------------------------------------------------
  // Planning a query: which postings it needs, its candidates, which pages to read

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
   * The candidate pages of a query, best first, from its postings (loaded first, in one batch):
   * {pool, buckets, all, any, words, sure, initial, titled, prior, lists}. `buckets`: the pool by
   * prior, best first, each in page order; `all`: every unit must match one section; `any`: no
   * term narrowed the pool (all too common to be listed); `words`: per unit, the pages where a
   * Thai unit is a whole word; `sure`: the pages known to match without their text (a set, true
   * for all, null for none); `initial`: a one-letter query, with `titled` the pages whose title
   * has a word beginning with it; `lists`: per unit, its candidates (null: any page).
   */
  async function plan(lang, docs, units, kind) {
    const terms = plannedTerms(lang, units);
    const initial = isInitial(units);
    const keys = initial ? [units[0].text] : terms.flat().map(([, key]) => key).concat(units.filter((u) => u.script === 'thai').map((u) => u.text));
    await Promise.all(keys.map((key) => postingsChunk(lang, key)));
    return planLoaded(lang, docs, units, kind, terms, initial);
  }

  /** plan() once the postings are loaded. */
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
    if (initial) {
      // One letter: pages whose title has a word beginning with it (titles beginning with it
      // first), and pages where it is a word of its own. The index lists both exactly.
      const c = units[0].text;
      const alone = postings(lang, 'w', c) || [];
      const titled = postings(lang, 'i', c) || [];
      mark(postings(lang, 'f', c) || [], 40);
      mark(titled, 20);
      mark(alone, 2);
      pool = union(titled, alone);
      sure = true;
    } else {
      lists = terms.map((t) => candidates(lang, t));
      const sets = lists.filter(Boolean);
      any = !sets.length;
      pool = any ? [...Array(docs.pages).keys()] : sets.reduce(intersect);
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
    const byPrior = new Map();
    for (const n of pool) {
      const p = prior[n] + (docs.kinds[n] === 'p' ? 0 : 1);
      const bucket = byPrior.get(p);
      if (bucket) bucket.push(n);
      else byPrior.set(p, [n]);
    }
    const buckets = [...byPrior.keys()].sort((a, b) => b - a).map((p) => byPrior.get(p));
    const words = wordLists.map(sortedSet);
    return { pool, buckets, all, any, words, sure, initial, titled: initial ? sortedSet(postings(lang, 'i', units[0].text) || []) : null, prior, lists };
  }

  /** Splits the Thai units that occur nowhere as written into words; true if any was split. */
  async function split(lang, units, which) {
    let changed = false;
    await Promise.all(units.map(async (u, i) => {
      if (!which(u, i) || u.script !== 'thai' || u.split || [...u.text].length < 3) return;
      u.words = await thaiWords(lang, u.text);
      u.split = true;
      changed = changed || u.words.length > 1;
    }));
    return changed;
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
    const chunks = new Set(read.map((n) => textChunk('', docs, n)));
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

  /**
   * Searches the index of `lang` (the page's language by default); resolves to the `limit` best
   * results (FIRST_SCREEN by default), best first: {url, title, excerpt, kind, anchor, marks}
   * (marks: [start, end] spans of excerpt). Only that many candidate pages are read, with those
   * in the same text chunks (and more when too few of them match); the array's `total` is
   * how many pages match — exactly when `exact`, else at most; null when nothing narrowed the
   * candidates (terms in a large share of the pages) — and `more` is true when more may match
   * than are returned.
   */
  async function handbookSearch(query, options = {}) {
    const lang = options.lang || (global.document && document.documentElement.lang) || 'th';
    const limit = Math.max(1, options.limit || FIRST_SCREEN);
    const q = normalize(query);
    const units = queryUnits(q);
    const none = Object.assign([], { total: 0, exact: true, more: false });
    if (!units.length) return none;
    const docs = await docsOf(lang);
    if (!docs) return none;
    const rank = global.handbookSearchRank;
    let planned = await plan(lang, docs, units, options.kind);
    // A Thai unit that no page has all the bigrams of occurs nowhere as written: split it now (and
    // every Thai unit when no page has all units, since their words may be apart).
    const nowhere = (u, i) => !planned.all || (planned.lists[i] !== null && !planned.lists[i].length);
    if (!planned.initial && (await split(lang, units, nowhere))) planned = await plan(lang, docs, units, options.kind);
    const arrived = (n, entry) => rank.prepare(lang, n, entry);
    let read = await pageEntries(lang, docs, withNeighbours(docs, planned.pool, choose(docs, planned.buckets, limit)), arrived);
    let ranked = rank.rank(lang, units, q, read, planned);
    // One that the pages read have nowhere as written may match as separate words.
    if (!planned.initial && (await split(lang, units, (u, i) => !ranked.strict[i]))) {
      planned = await plan(lang, docs, units, options.kind);
      read = await pageEntries(lang, docs, withNeighbours(docs, planned.pool, choose(docs, planned.buckets, limit)), arrived);
      ranked = rank.rank(lang, units, q, read, planned);
    }
    // Candidates that did not match leave the first screen short: read as many again, once.
    if (ranked.results.length < limit && read.length < planned.pool.length) {
      read = await pageEntries(lang, docs, withNeighbours(docs, planned.pool, choose(docs, planned.buckets, 2 * limit)), arrived);
      ranked = rank.rank(lang, units, q, read, planned);
    }
    // The first screen only: the other pages that matched are counted.
    const out = ranked.results.slice(0, limit).map((r) => {
      const ex = rank.excerpt(r.text, r.spans);
      const index = global.location && location.protocol === 'file:' ? 'index.html' : '';
      const href = new URL(r.url + index + (r.anchor ? `#${encodeURIComponent(r.anchor)}` : ''), ROOT).href;
      return { url: href, title: r.title, excerpt: ex.excerpt, marks: ex.marks, kind: r.kind, anchor: r.anchor || null, score: r.score };
    });
    const wasRead = new Set(read.map(([n]) => n));
    const unread = planned.pool.filter((n) => !wasRead.has(n));
    const sure = planned.sure === true ? unread.length : planned.sure ? unread.filter((n) => planned.sure.has(n)).length : 0;
    out.total = planned.any && unread.length ? null : ranked.results.length + unread.length;
    out.exact = sure === unread.length;
    out.more = unread.length > 0 || ranked.results.length > out.length;
    return out;
  }

  global.handbookSearch = handbookSearch;
  /**
   * Runs the query code once on made-up text, so that a reader's first query finds its regular
   * expressions compiled and its loops past the interpreter (on a fresh page that is most of the
   * work after the index files arrive).
   */
  function warm() {
    const text = 'การบริหารทรัพยากรบุคคลของกรุงเทพมหานคร ครั้งที่ ๔/๒๕๖๕ (พ.ศ. ๒๕๖๖) Human Resources: decisions, Work-Flow. '.repeat(12);
    const q = normalize('บริหาร resources 4/2565');
    const units = queryUnits(q);
    const rank = global.handbookSearchRank;
    const entry = ['warm/', 'Human Resources', 'page', [['', 'บริหาร', text], ['a', 'Work', text.slice(40)]]];
    rank.prepare('warm', 0, entry);
    const planned = { words: units.map(() => new Set([0])), all: true, initial: false, prior: [0] };
    for (const r of rank.rank('warm', units, q, [[0, entry]], planned).results) rank.excerpt(r.text, r.spans);
    // Planning, on a made-up index of 3000 pages.
    const pages = 3000;
    const every = (step) => [step].concat(Array(Math.floor(pages / step) - 1).fill(step));
    const fake = (key, maps) => chunks.set(postingsName('warm', key), maps);
    const docs = { pages, kinds: 'pc'.repeat(pages / 2), text_chunks: [...Array(pages / 2).keys()].map((n) => 2 * n) };
    fake('บร', { w: { 'บริหาร': every(3) }, b: { 'บร': every(2) }, t: { 'บร': every(7) } });
    fake('าร', { w: {}, b: { 'าร': 0 }, t: { 'าร': every(5) } });
    fake('re', { w: { resourc: every(4) }, b: {}, t: { resourc: every(9) } });
    fake('4', { w: { 4: every(11) }, b: {}, t: {} });
    fake('25', { w: { 2565: every(13) }, b: {}, t: {} });
    fake('ก', { w: {}, b: {}, t: {}, i: { 'ก': every(3) }, f: { 'ก': every(6) } });
    for (const [query, initial] of [['บริหาร resources 4/2565', false], ['resources', false], ['ก', true]]) {
      const us = queryUnits(normalize(query));
      const planned = planLoaded('warm', docs, us, undefined, plannedTerms('warm', us), initial);
      const read = choose(docs, planned.buckets, FIRST_SCREEN);
      planned.pool.filter((n) => !read.includes(n) && planned.sure !== null);
    }
    for (const key of [...chunks.keys()]) if (key.startsWith('warm/')) chunks.delete(key);
  }

  /** On focus of the search box: loads the language's docs.js, then warms the code when idle. */
  function preload(lang) {
    const idle = global.requestIdleCallback || ((f) => setTimeout(f, 0));
    return docsOf(lang).finally(() => idle(warm));
  }

  Object.assign(I, { FIRST_SCREEN, preload, warm, choose, intersect, union, loaded: (name) => chunks.has(name) });
})(typeof window !== 'undefined' ? window : globalThis);
