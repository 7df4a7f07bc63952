//! The HTTP side of `handbook serve`: serves the last good build, held in memory as a
//! [`Snapshot`], under the configured base path, with UTF-8 content types, the site's 404 page,
//! refusal of paths with `..` (encoded or not) or backslashes, the live-reload script injected
//! into HTML responses, and the event stream of [`crate::live`].
//!
//! Built on `axum` (with `tokio`, only the `http1` and `tokio` features): it is maintained by the
//! tokio project, has Server-Sent Events with keep-alive built in, and stops gracefully on a
//! signal. `tiny_http` compiles faster but buffers streamed responses in 8 KiB chunks, so events
//! would reach the browser late or only with hand-written HTTP framing.

use crate::incremental::Delta;
use crate::live::{self, Published};
use crate::output::SiteFiles;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// A build as served: the generated files by output path, and the files copied from the sources
/// (read when requested). An incremental rebuild makes a new snapshot that shares the files of
/// the last one and holds only what changed ([`Snapshot::with`]).
#[derive(Debug, Default)]
pub struct Snapshot {
    /// The files of the last whole build (or the last compaction).
    files: Arc<HashMap<String, Bytes>>,
    /// Files changed (`Some`) or removed (`None`) since.
    changes: HashMap<String, Option<Bytes>>,
    copies: Arc<BTreeMap<String, PathBuf>>,
}

impl From<SiteFiles> for Snapshot {
    fn from(site: SiteFiles) -> Self {
        let files = site.files.into_iter().map(|f| (f.path, Bytes::from(f.bytes))).collect();
        Snapshot { files: Arc::new(files), changes: HashMap::new(), copies: Arc::new(site.copies) }
    }
}

enum Entry<'a> {
    Generated(&'a Bytes),
    Copied(&'a Path),
}

impl Snapshot {
    /// This snapshot with `delta` applied; the unchanged files are shared, not copied.
    pub fn with(&self, delta: Delta) -> Snapshot {
        let mut changes = self.changes.clone();
        for f in delta.files {
            changes.insert(f.path, Some(Bytes::from(f.bytes)));
        }
        for (path, bytes) in delta.shared {
            changes.insert(path, Some(bytes));
        }
        for path in delta.removed {
            changes.insert(path, None);
        }
        // Once the changes are many, they are folded into a new base, so lookups and the next
        // snapshot stay cheap.
        if changes.len() > COMPACT_MIN.max(self.files.len() / 8) {
            let mut files = (*self.files).clone();
            for (path, bytes) in changes {
                match bytes {
                    Some(bytes) => files.insert(path, bytes),
                    None => files.remove(&path),
                };
            }
            return Snapshot { files: Arc::new(files), changes: HashMap::new(), copies: Arc::clone(&self.copies) };
        }
        Snapshot { files: Arc::clone(&self.files), changes, copies: Arc::clone(&self.copies) }
    }

    fn get(&self, path: &str) -> Option<Entry<'_>> {
        let generated = match self.changes.get(path) {
            Some(changed) => changed.as_ref(),
            None => self.files.get(path),
        };
        match generated {
            Some(bytes) => Some(Entry::Generated(bytes)),
            None => self.copies.get(path).map(|p| Entry::Copied(p)),
        }
    }

    /// The bytes at `path`; `None` when there is no such file (or a copied one has gone).
    async fn read(&self, path: &str) -> Option<Bytes> {
        match self.get(path)? {
            Entry::Generated(bytes) => Some(bytes.clone()),
            Entry::Copied(source) => tokio::fs::read(source).await.ok().map(Bytes::from),
        }
    }
}

/// What the handlers share: the published build and the shutdown flag.
#[derive(Clone)]
struct AppState {
    published: watch::Receiver<Published>,
    shutdown: watch::Receiver<bool>,
}

/// Serves until `shutdown` turns true; open event streams end then, so the stop is prompt.
pub async fn serve(
    listener: std::net::TcpListener,
    published: watch::Receiver<Published>,
    shutdown: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let mut stop = shutdown.clone();
    let app = Router::new()
        .route(live::EVENTS_PATH, get(events))
        .route(live::SCRIPT_PATH, get(script))
        .fallback(file)
        .with_state(AppState { published, shutdown });
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            let _ = stop.wait_for(|s| *s).await;
        })
        .await?;
    Ok(())
}

async fn events(State(state): State<AppState>, uri: Uri) -> impl IntoResponse {
    let since = uri.query().unwrap_or("").split('&').find_map(|pair| pair.strip_prefix("since="));
    let since = since.map(|s| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned());
    let stream = live::events(state.published, state.shutdown, since);
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

async fn script() -> Response {
    respond(StatusCode::OK, "text/javascript; charset=utf-8", live::SCRIPT)
}

async fn file(State(state): State<AppState>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = respond(StatusCode::METHOD_NOT_ALLOWED, TEXT, "only GET and HEAD\n");
        r.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let published = state.published.borrow().clone();
    let Some(site) = published.site.clone() else {
        return no_build_yet(&published);
    };
    match request_path(uri.path(), &published.base_path) {
        RequestPath::Refused => respond(StatusCode::BAD_REQUEST, TEXT, "400 bad request: the path leaves the site\n"),
        RequestPath::Outside => not_found(&site, &published).await,
        RequestPath::Redirect(to) => redirect(&to, uri.query()),
        RequestPath::Site { key, dir } => {
            let file = if dir { format!("{key}index.html") } else { key.clone() };
            match site.read(&file).await {
                Some(bytes) => page(StatusCode::OK, &file, bytes, &published),
                None if !dir && site.get(&format!("{key}/index.html")).is_some() => {
                    redirect(&format!("{}/", uri.path()), uri.query())
                }
                None => not_found(&site, &published).await,
            }
        }
    }
}

const TEXT: &str = "text/plain; charset=utf-8";
/// A snapshot folds its changes into its base once they are more than this many (and an eighth
/// of the files).
const COMPACT_MIN: usize = 256;

/// A request path checked against the base path, percent-decoded.
#[derive(Debug, PartialEq, Eq)]
enum RequestPath {
    /// `..`, `.`, a backslash, a NUL or a drive prefix in a segment, or not UTF-8: 400.
    Refused,
    /// Not under the base path: 404.
    Outside,
    /// The base path without its slash, or `/` when the site lives under a subpath.
    Redirect(String),
    /// A path inside the site, as an output path (`en/competencies/change/`, `style.css`);
    /// `dir` when it ends with `/` (or is empty).
    Site { key: String, dir: bool },
}

fn request_path(raw: &str, base_path: &str) -> RequestPath {
    let Ok(decoded) = percent_encoding::percent_decode_str(raw).decode_utf8() else {
        return RequestPath::Refused;
    };
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        let mut parts = Path::new(segment).components();
        let plain = matches!((parts.next(), parts.next()), (Some(Component::Normal(_)), None));
        if !plain || segment.contains(['\\', '\0', ':']) {
            return RequestPath::Refused;
        }
    }
    if base_path != "/" && (decoded == "/" || decoded == base_path.trim_end_matches('/')) {
        return RequestPath::Redirect(base_path.to_string());
    }
    let Some(inside) = decoded.strip_prefix(base_path) else {
        return RequestPath::Outside;
    };
    let dir = inside.is_empty() || inside.ends_with('/');
    let mut key = inside.split('/').filter(|s| !s.is_empty()).collect::<Vec<_>>().join("/");
    if dir && !key.is_empty() {
        key.push('/');
    }
    RequestPath::Site { key, dir }
}

/// The content type for a file of the site, by extension; text types say they are UTF-8.
pub fn content_type(path: &str) -> &'static str {
    let ext = Path::new(path).extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => TEXT,
        "svg" => "image/svg+xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// A file's response; HTML gets the live-reload script.
fn page(status: StatusCode, path: &str, bytes: Bytes, published: &Published) -> Response {
    let ty = content_type(path);
    if ty.starts_with("text/html") {
        let html = live::inject(&String::from_utf8_lossy(&bytes), published);
        return respond(status, ty, html);
    }
    respond(status, ty, bytes)
}

/// The site's `404.html` with status 404.
async fn not_found(site: &Snapshot, published: &Published) -> Response {
    match site.read("404.html").await {
        Some(bytes) => page(StatusCode::NOT_FOUND, "404.html", bytes, published),
        None => respond(StatusCode::NOT_FOUND, TEXT, "404 not found\n"),
    }
}

/// Before the first good build: a page that shows the errors and reloads when they are fixed.
fn no_build_yet(published: &Published) -> Response {
    let html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>handbook serve: the site has errors</title></head>\n\
        <body><h1>The site could not be built</h1><p>The terminal lists the errors. This page reloads when they are fixed.</p></body></html>\n";
    respond(StatusCode::SERVICE_UNAVAILABLE, "text/html; charset=utf-8", live::inject(html, published))
}

fn redirect(to: &str, query: Option<&str>) -> Response {
    let location = match query {
        Some(q) => format!("{to}?{q}"),
        None => to.to_string(),
    };
    let mut r = respond(StatusCode::FOUND, TEXT, "");
    if let Ok(value) = HeaderValue::from_str(&location) {
        r.headers_mut().insert(header::LOCATION, value);
    }
    r
}

fn respond(status: StatusCode, content_type: &'static str, body: impl Into<Body>) -> Response {
    let mut r = Response::new(body.into());
    *r.status_mut() = status;
    let headers = r.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(key: &str, dir: bool) -> RequestPath {
        RequestPath::Site { key: key.into(), dir }
    }

    #[test]
    fn maps_paths_under_the_base_path() {
        assert_eq!(request_path("/", "/"), site("", true));
        assert_eq!(request_path("/en/competencies/change/", "/"), site("en/competencies/change/", true));
        assert_eq!(request_path("/style.css", "/"), site("style.css", false));
        let thai = "/%E0%B8%81/"; // "/ก/"
        assert_eq!(request_path(thai, "/"), site("ก/", true));
        assert_eq!(request_path("/hr/handbook/levels/", "/hr/handbook/"), site("levels/", true));
        assert_eq!(request_path("/hr/handbook", "/hr/handbook/"), RequestPath::Redirect("/hr/handbook/".into()));
        assert_eq!(request_path("/", "/hr/handbook/"), RequestPath::Redirect("/hr/handbook/".into()));
        assert_eq!(request_path("/other/", "/hr/handbook/"), RequestPath::Outside);
    }

    #[test]
    fn refuses_paths_that_leave_the_site() {
        for raw in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/Cargo.toml",
            "/..%2fCargo.toml",
            "/..%2FCargo.toml",
            "/a/../../Cargo.toml",
            "/..%5cCargo.toml",
            "/a\\..\\Cargo.toml",
            "/./index.html",
            "/C:/Windows",
            "/a%00.html",
            "/%ff",
            "/hr/handbook/../../x",
        ] {
            assert_eq!(request_path(raw, "/hr/handbook/"), RequestPath::Refused, "{raw}");
        }
    }

    #[test]
    fn text_types_are_utf8() {
        for name in ["a.html", "a.css", "a.js", "atom.xml", "a.svg"] {
            assert!(content_type(name).ends_with("charset=utf-8"), "{name}");
        }
        assert_eq!(content_type("a.PNG"), "image/png");
        assert_eq!(content_type("README"), "application/octet-stream");
    }
}
