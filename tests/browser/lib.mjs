// Shared helpers for handbook's browser tests: a static server for a built site, a local Chromium, and request guards.

import { createServer } from 'node:http';
import { existsSync, readdirSync, statSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

/** Where Debian's `chromium` package puts the browser (override with CHROMIUM_PATH). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Launch flags for a quiet headless Chromium on a machine without internet access:
 * without the background-networking flags Chromium keeps trying to reach Google
 * services (updates, sync, QUIC probes), which floods a closed network.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Content-Type per file extension; anything unknown is served as octet-stream. */
export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.mjs': 'application/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

/** Normalise a base path so it starts and ends with exactly one "/" ("hr/handbook" → "/hr/handbook/"). */
export function normalizeBase(basePath = '/') {
  const trimmed = String(basePath).replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

/**
 * Map a URL pathname to a file of the built site, the way a plain static host does.
 * Shared by the server and by link checkers so both agree on what "exists" means.
 *
 * Returns one of:
 *   { kind: 'file', file }        – serve this file (`<base>x/` → `x/index.html`)
 *   { kind: 'redirect', location } – a directory asked for without its trailing slash
 *   { kind: 'outside' }            – not under the base path, or a traversal attempt
 *   { kind: 'missing' }            – under the base path but no such file
 */
export function resolveSitePath(siteDir, basePath, pathname) {
  const root = path.resolve(siteDir);
  const base = normalizeBase(basePath);
  if (pathname === base.slice(0, -1) && base !== '/') return { kind: 'redirect', location: base };
  if (!pathname.startsWith(base)) return { kind: 'outside' };

  let rel;
  try {
    rel = decodeURIComponent(pathname.slice(base.length));
  } catch {
    return { kind: 'outside' }; // malformed percent-encoding
  }
  // Refuse NUL bytes, backslashes and any ".." segment outright, then double-check containment.
  if (rel.includes('\0') || rel.includes('\\') || rel.split('/').includes('..')) return { kind: 'outside' };
  const target = path.resolve(root, rel);
  if (target !== root && !target.startsWith(root + path.sep)) return { kind: 'outside' };

  let stat;
  try {
    stat = statSync(target);
  } catch {
    return { kind: 'missing' };
  }
  if (stat.isDirectory()) {
    const index = path.join(target, 'index.html');
    if (!existsSync(index)) return { kind: 'missing' };
    if (!pathname.endsWith('/')) return { kind: 'redirect', location: `${pathname}/` };
    return { kind: 'file', file: index };
  }
  if (!stat.isFile()) return { kind: 'missing' };
  // "page.html/" is not a file on a real static host either.
  if (pathname.endsWith('/')) return { kind: 'missing' };
  return { kind: 'file', file: target };
}

/**
 * Serve `siteDir` under `basePath` (e.g. "/hr/handbook/") on 127.0.0.1 with an ephemeral port.
 * Missing files and paths outside the base get 404, with `siteDir/404.html` as the body if present.
 * Resolves to `{ url, origin, base, close() }`, where `url` is the site root ("http://127.0.0.1:PORT/hr/handbook/").
 */
export async function serveSite(siteDir, basePath = '/') {
  const root = path.resolve(siteDir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new Error(`serveSite: site directory not found: ${root}`);
  }
  const base = normalizeBase(basePath);
  const notFoundPage = path.join(root, '404.html');

  const server = createServer((req, res) => {
    const method = req.method || 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('405 Method Not Allowed\n');
      return;
    }
    let pathname;
    try {
      // Only the path matters; query strings and fragments are ignored like on a static host.
      pathname = new URL(req.url || '/', 'http://localhost').pathname;
    } catch {
      pathname = '/';
    }
    const found = resolveSitePath(root, base, pathname);

    if (found.kind === 'redirect') {
      res.writeHead(301, { Location: found.location, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(method === 'HEAD' ? undefined : `Moved to ${found.location}\n`);
      return;
    }
    if (found.kind !== 'file') {
      // 404 for anything missing or outside the base; use the site's own 404 page when it has one.
      if (existsSync(notFoundPage)) {
        sendFile(res, method, 404, notFoundPage);
      } else {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(method === 'HEAD' ? undefined : '404 Not Found\n');
      }
      return;
    }
    sendFile(res, method, 200, found.file);
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}${base}`,
    origin,
    base,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/**
 * Send one file with its Content-Type; never cached so every test sees the current build. The
 * file is read at once and sent with its length, as a static web server sends a small file from
 * the page cache (nginx's sendfile): a stream would go through Node's thread pool, several wake-ups
 * per file, which on a busy machine cost a file up to tens of milliseconds that a reader's web
 * server does not spend.
 */
function sendFile(res, method, status, file) {
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
  let body;
  try {
    body = readFileSync(file);
  } catch {
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('500 Internal Server Error\n');
    return;
  }
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(method === 'HEAD' ? undefined : body);
}

/**
 * Launch Debian's Chromium through playwright-core. Throws if the browser is missing:
 * a browser test must fail loudly rather than pass without having run.
 */
export async function launchBrowser(options = {}) {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install it with tests/browser/install.sh ` +
        `(apt-get install -y chromium), or set CHROMIUM_PATH to a Chromium binary.`,
    );
  }
  try {
    return await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      ...options,
    });
  } catch (err) {
    throw new Error(`Could not start Chromium at ${CHROMIUM_PATH}: ${err.message}`);
  }
}

/** URL schemes that never touch the network and so are always allowed. */
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:', 'chrome-error:']);

/**
 * Abort every request `page` makes to an origin other than `allowedOrigin` and record it.
 * Returns the (live) array of blocked URLs, so a test can assert it is empty. WebSockets,
 * which request routing does not see, are recorded too (they cannot be aborted, only reported).
 */
export async function guardExternalRequests(page, allowedOrigin) {
  const allowed = new URL(allowedOrigin).origin;
  const blocked = [];
  const isExternal = (url) => {
    try {
      const u = new URL(url);
      return !LOCAL_SCHEMES.has(u.protocol) && u.origin !== allowed;
    } catch {
      return true; // an unparsable URL is not the local server
    }
  };
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (isExternal(url)) {
      blocked.push(url);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  page.on('websocket', (ws) => {
    if (isExternal(ws.url().replace(/^ws/, 'http'))) blocked.push(ws.url());
  });
  return blocked;
}

/** Every file under `dir` whose name ends with one of `exts`, as sorted "/"-separated relative paths. */
export function listFiles(dir, exts) {
  const root = path.resolve(dir);
  const wanted = exts.map((e) => e.toLowerCase());
  const out = [];
  const walk = (abs) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const child = path.join(abs, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && wanted.some((e) => entry.name.toLowerCase().endsWith(e))) {
        out.push(path.relative(root, child).split(path.sep).join('/'));
      }
    }
  };
  walk(root);
  return out.sort();
}

/** Every `.html` file of a built site, as sorted relative paths ("index.html", "guide/index.html", …). */
export function listHtmlFiles(siteDir) {
  return listFiles(siteDir, ['.html']);
}

/** The URL a visitor uses for a page file: "x/index.html" → "<site>x/", "a.html" → "<site>a.html". */
export function pageUrl(siteUrl, relFile) {
  const rel = relFile === 'index.html' ? '' : relFile.replace(/(^|\/)index\.html$/, '$1');
  return new URL(rel.split('/').map(encodeURIComponent).join('/'), siteUrl).href;
}

/** The axe-core source, read once, to inject into pages with `page.evaluate`. */
let axeSource;
export function axeSourceCode() {
  if (!axeSource) {
    const file = new URL('./node_modules/axe-core/axe.min.js', import.meta.url);
    if (!existsSync(file)) {
      throw new Error('axe-core is not installed: run tests/browser/install.sh (or npm ci in tests/browser).');
    }
    axeSource = readFileSync(file, 'utf8');
  }
  return axeSource;
}
