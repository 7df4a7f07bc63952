// handbook search, the search box of every page (partials/header.html) on top of
// window.handbookSearch (search-query.js): results as the reader types, the count announced, a
// button for more results than the first screen, arrow keys, Enter and Escape; what is typed
// starts loading its postings at once.
(function (global) {
  'use strict';

  const { normalize, preload, prefetch, FIRST_SCREEN } = global.handbookSearchInternals;

  function setUp() {
    const form = document.querySelector('form.site-search');
    const input = document.getElementById('search-input');
    const box = document.getElementById('search-results');
    const kindSelect = document.getElementById('search-kind');
    if (!form || !input || !box) return;
    const t = form.dataset;
    let seq = 0;
    let timer = 0;
    let limit = FIRST_SCREEN;
    const items = () => [...box.querySelectorAll('a, button')];
    // The results region stays in the accessibility tree (closed: empty and clipped, not
    // display:none), so screen readers announce what appears in it.
    const isOpen = () => box.classList.contains('open');
    const close = () => { box.classList.remove('open'); box.replaceChildren(); };
    const status = (text) => { const p = document.createElement('p'); p.className = 'search-count'; p.textContent = text; return p; };

    /** The count: all results, or the best of an exact number, of at most a number, of many. */
    function count(results) {
      if (!results.length) return t.none;
      if (!results.more) return t.count.replace('{n}', String(results.length));
      const text = results.total === null ? t.countMany : results.exact ? t.countBest : t.countMore;
      return text.replace('{k}', String(results.length)).replace('{n}', String(results.total));
    }

    function render(results) {
      box.replaceChildren(status(count(results)));
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
      if (results.more) {
        const more = document.createElement('button');
        more.type = 'button';
        more.className = 'search-more';
        more.textContent = t.more;
        more.addEventListener('click', () => {
          const shown = results.length;
          limit += FIRST_SCREEN;
          run().then(() => { const next = box.querySelectorAll('a')[shown]; if (next) next.focus(); });
        });
        box.appendChild(more);
      }
      box.classList.add('open');
    }

    async function run() {
      const query = input.value;
      const mine = ++seq;
      if (!normalize(query)) { close(); return; }
      box.setAttribute('aria-busy', 'true');
      try {
        const results = await global.handbookSearch(query, { kind: kindSelect && kindSelect.value ? kindSelect.value : undefined, limit });
        if (mine === seq) render(results);
      } catch (e) {
        if (mine === seq) { box.replaceChildren(status(t.error)); box.classList.add('open'); }
      } finally {
        box.removeAttribute('aria-busy');
      }
    }
    const fresh = () => { limit = FIRST_SCREEN; return run(); };

    // The postings of what has been typed start loading at once; the query runs once the reader
    // pauses.
    input.addEventListener('input', () => {
      clearTimeout(timer);
      prefetch(input.value, document.documentElement.lang);
      timer = setTimeout(fresh, 120);
    });
    input.addEventListener('focus', () => preload(document.documentElement.lang), { once: true });
    if (kindSelect) kindSelect.addEventListener('change', fresh);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      clearTimeout(timer);
      fresh().then(() => { const first = items()[0]; if (first) first.focus(); });
    });
    form.addEventListener('keydown', (e) => {
      const list = items();
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
    // The path as it was when the click began: a click on "more results" may have replaced the
    // button by the time the click reaches the document.
    document.addEventListener('click', (e) => { if (!e.composedPath().includes(form)) close(); });
  }

  if (global.document) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setUp);
    else setUp();
  }
})(typeof window !== 'undefined' ? window : globalThis);
