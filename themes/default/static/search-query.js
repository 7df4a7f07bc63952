// handbook search, answering queries: loads the index that `handbook build` writes under search/
// and answers window.handbookSearch(query, {lang, kind, limit}). The index is a set of scripts that
// call handbookSearchChunk(): over http(s) they are fetched and their JSON parsed, from file://
// (where fetch is refused) loaded by <script> tags, so search works under any subpath and from disk. A query loads the postings chunks of its terms in one batch, then the
// text chunks of its best candidates (the first screen of results); search-rank.js ranks them.
(function (global) {
  'use strict';

  const I = global.handbookSearchInternals;
  const { normalize, queryUnits } = I;
  const { FIRST_SCREEN, plannedTerms, planLoaded, isInitial, choose, withNeighbours, textChunk } = I; // search-plan.js

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
  /** A chunk loaded by a <script> tag; one that does not exist (no term starts with that
   * character) resolves empty. */
  function scriptChunk(name) {
    return new Promise((resolve) => {
      waiting.set(name, [...(waiting.get(name) || []), resolve]);
      const el = document.createElement('script');
      el.src = `${ROOT}search/${name}.js`;
      el.async = true;
      el.onerror = () => global.handbookSearchChunk(name, null);
      el.onload = () => { if (!chunks.has(name)) global.handbookSearchChunk(name, null); };
      document.head.appendChild(el);
    });
  }
  // Over http(s), chunks are fetched and their JSON parsed: cheaper for the browser than a script
  // per chunk. From file://, where fetch is refused, and where a fetch fails (a policy that allows
  // scripts only), they load as scripts.
  const viaFetch = typeof fetch === 'function' && global.location && /^https?:$/.test(location.protocol);
  function fetchChunk(name) {
    const parse = (text) => JSON.parse(text.slice(text.indexOf(',') + 1, text.lastIndexOf(')')));
    const loaded = (data) => { global.handbookSearchChunk(name, data); return data; };
    return fetch(`${ROOT}search/${name}.js`).then(
      (r) => (r.ok ? r.text().then(parse) : Promise.resolve(null)).catch(() => null).then(loaded),
      () => scriptChunk(name),
    );
  }
  function load(name) {
    if (chunks.has(name)) return Promise.resolve(chunks.get(name));
    if (loading.has(name)) return loading.get(name);
    const p = viaFetch ? fetchChunk(name) : scriptChunk(name);
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
    if (docs && !existing.has(lang)) {
      existing.set(lang, new Set(docs.postings.split(',').map((n) => `${lang}/p${n}`)));
      I.allPages(docs);
    }
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

  /**
   * Pages [n, entry] with their text, loading the text chunks they are in, all at once; each page
   * goes to `arrived` as soon as its chunk is in (to work on it while the others load).
   */
  async function pageEntries(lang, docs, pages, arrived) {
    const entry = (n) => {
      const c = textChunk(docs, n);
      const chunk = chunks.get(`${lang}/t${c}`);
      return chunk ? chunk[n - docs.text_chunks[c]] : ['', '', 'page', []];
    };
    const byChunk = new Map();
    for (const n of pages) {
      const c = textChunk(docs, n);
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
  // Answering a query

  /** The terms whose postings a query's plan needs now, and the keys of their chunks. */
  function planKeys(lang, units) {
    const terms = plannedTerms(lang, units);
    const keys = isInitial(units) ? [units[0].text] : terms.flat().map(([, key]) => key).concat(units.filter((u) => u.script === 'thai').map((u) => u.text));
    return { terms, keys };
  }

  /** The plan of a query (see planLoaded), its postings loaded first, in one batch. */
  async function plan(lang, docs, units, kind) {
    const { terms, keys } = planKeys(lang, units);
    await Promise.all(keys.map((key) => postingsChunk(lang, key)));
    return planLoaded(lang, docs, units, kind, terms, isInitial(units));
  }

  /**
   * Starts loading the postings that a query as typed so far needs (the search box calls it on
   * every keystroke, before it waits for the reader to stop typing), so that the query then waits
   * for its text only. Nothing before docs.js, which says which chunks exist.
   */
  function prefetch(query, lang) {
    if (!existing.has(lang)) return;
    const units = queryUnits(normalize(query));
    if (units.length) for (const key of planKeys(lang, units).keys) postingsChunk(lang, key);
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
    // (A page whose title has a word beginning with a one-letter query is shown from its top.)
    const arrived = (n, entry) => rank.prepare(lang, n, entry, planned.initial && planned.titled.has(n) ? [] : units);
    /** Reads the `count` best candidates; when too few of them match, also the other candidates
     * in their text chunks (loaded with them). */
    const readBest = async (count) => {
      const best = await pageEntries(lang, docs, choose(docs, planned.buckets, count), arrived);
      const ranking = rank.rank(lang, units, q, best, planned);
      if (ranking.results.length >= limit) return [best, ranking];
      const all = await pageEntries(lang, docs, withNeighbours(docs, planned.pool, best.map(([n]) => n)), arrived);
      return [all, all.length > best.length ? rank.rank(lang, units, q, all, planned) : ranking];
    };
    let [read, ranked] = await readBest(limit);
    // One that the pages read have nowhere as written may match as separate words.
    if (!planned.initial && (await split(lang, units, (u, i) => !ranked.strict[i]))) {
      planned = await plan(lang, docs, units, options.kind);
      [read, ranked] = await readBest(limit);
    }
    // Candidates that did not match leave the first screen short: read as many again, once.
    if (ranked.results.length < limit && read.length < planned.pool.length) [read, ranked] = await readBest(2 * limit);
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
   * Runs the query code on a made-up index held in memory (language `warm`, nothing requested):
   * queries of each kind through handbookSearch itself, so that a reader's first query finds the
   * code compiled, its regular expressions too, and its loops past the interpreter (on a fresh
   * page that is most of the work besides waiting for the index files).
   */
  async function warm() {
    const pages = 3000;
    const every = (step) => [step].concat(Array(Math.floor(pages / step) - 1).fill(step));
    const text = 'การบริหารทรัพยากรบุคคลของกรุงเทพมหานคร ครั้งที่ ๔/๒๕๖๕ (พ.ศ. ๒๕๖๖) Human Resources: decisions, Work-Flow. '.repeat(12);
    const entry = (n) => [`warm/${n}/`, n % 3 ? 'Human Resources' : 'การบริหาร', 'page', [['', 'บริหาร', text], ['a', 'Work', text.slice(40 + (n % 7))]]];
    const starts = [0, 1000, 2000];
    starts.forEach((from, c) => chunks.set(`warm/t${c}`, Array.from({ length: 1000 }, (_, i) => entry(from + i))));
    const fake = (key, maps) => chunks.set(postingsName('warm', key), maps);
    fake('บร', { w: { 'บริหาร': every(3) }, b: { 'บร': every(2) }, t: { 'บร': every(7) } });
    fake('หา', { w: {}, b: { 'หา': 0 }, t: { 'หา': every(5) } });
    fake('re', { w: { resourc: every(4) }, b: {}, t: { resourc: every(9) } });
    fake('4', { w: { 4: every(11) }, b: {}, t: {} });
    fake('25', { w: { 2565: every(13) }, b: {}, t: {} });
    fake('ก', { w: {}, b: {}, t: {}, i: { 'ก': every(3) }, f: { 'ก': every(6) } });
    const names = [...chunks.keys()].filter((k) => k.startsWith('warm/p')).map((k) => k.slice('warm/p'.length));
    chunks.set('warm/docs', { pages, kinds: 'pc'.repeat(pages / 2), text_chunks: starts, postings: names.join(',') });
    try {
      for (const query of ['บริหาร resources 4/2565', 'บริหาร', 'resources', '๔/๒๕๖๕', 'ก', 'การบริหาร']) await handbookSearch(query, { lang: 'warm' });
    } catch {
      // Warming up must never get in the way (e.g. no page address to make links with).
    } finally {
      for (const key of [...chunks.keys()]) if (key.startsWith('warm/')) chunks.delete(key);
      existing.delete('warm');
    }
  }

  /** On focus of the search box: loads the language's docs.js, then warms the code when idle. */
  function preload(lang) {
    const idle = global.requestIdleCallback || ((f) => setTimeout(f, 0));
    return docsOf(lang).finally(() => idle(warm));
  }

  Object.assign(I, { postings, postingsName, preload, prefetch, warm, loaded: (name) => chunks.has(name) });
})(typeof window !== 'undefined' ? window : globalThis);
