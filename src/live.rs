//! Live reload for `handbook serve`: what the latest build published (its directory, generation
//! and, after a failed rebuild, its problems), the token a served page carries, the script tag
//! injected into served HTML (never into files on disk), and the Server-Sent Events stream that
//! tells open pages to reload or to show the errors of a failed rebuild.

use crate::diagnostics::Diagnostic;
use crate::serve::Snapshot;
use axum::response::sse::Event;
use futures_util::Stream;
use serde::Serialize;
use std::convert::Infallible;
use std::sync::Arc;
use tokio::sync::watch;

/// Where open pages listen for events.
pub const EVENTS_PATH: &str = "/__handbook/events";
/// Where the injected script is served from (a file, so a strict Content-Security-Policy allows it).
pub const SCRIPT_PATH: &str = "/__handbook/live.js";
/// The browser side: reload keeping the scroll position, and the accessible error overlay.
pub const SCRIPT: &str = include_str!("live.js");

/// One problem of a failed rebuild, as sent to the browser (the `file:line:col: message` of `check`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl From<&Diagnostic> for Problem {
    fn from(d: &Diagnostic) -> Self {
        Problem { file: d.file.to_string_lossy().replace('\\', "/"), line: d.line, col: d.col, message: d.message.clone() }
    }
}

impl Problem {
    /// A problem that is not located in a file (an unreadable directory, a template error).
    pub fn unlocated(error: &anyhow::Error) -> Self {
        Problem { file: String::new(), line: 0, col: 0, message: format!("{error:#}") }
    }
}

/// What the server shows: the last good build and the outcome of the latest rebuild.
#[derive(Debug, Clone)]
pub struct Published {
    /// Identifies this run of the server, so a page served by an earlier run reloads.
    pub instance: u64,
    /// Number of good builds so far; a page from an older one is out of date.
    pub generation: u64,
    /// The last good build, `None` until the first build succeeds.
    pub site: Option<Arc<Snapshot>>,
    /// The configured base path (`/` or `/hr/handbook/`) the site is served under.
    pub base_path: Arc<str>,
    /// The problems of the latest rebuild when it failed; `None` when it succeeded.
    pub problems: Option<Arc<[Problem]>>,
}

impl Published {
    /// The token a served page carries: which server run and which build it came from.
    pub fn token(&self) -> String {
        format!("{:x}-{}", self.instance, self.generation)
    }
}

/// What an open page is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Reload,
    Errors(Arc<[Problem]>),
}

impl Notice {
    fn event(&self) -> Event {
        match self {
            Notice::Reload => Event::default().event("reload").data("{}"),
            Notice::Errors(problems) => {
                let json = serde_json::to_string(&**problems).expect("problems serialize to JSON");
                Event::default().event("error").data(json)
            }
        }
    }
}

/// What a page that was served with `since` must be told as soon as it connects.
pub fn catch_up(now: &Published, since: Option<&str>) -> Option<Notice> {
    let stale = match since.and_then(|t| t.split_once('-')) {
        Some((instance, generation)) => {
            u64::from_str_radix(instance, 16).ok() != Some(now.instance)
                || generation.parse::<u64>().map_or(true, |g| g < now.generation)
        }
        None => false,
    };
    if stale {
        Some(Notice::Reload)
    } else {
        now.problems.clone().map(Notice::Errors)
    }
}

/// The notices for one open page: a catch-up notice, then one per finished rebuild; ends when the
/// server shuts down.
pub fn events(
    mut published: watch::Receiver<Published>,
    shutdown: watch::Receiver<bool>,
    since: Option<String>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    struct Listener {
        published: watch::Receiver<Published>,
        shutdown: watch::Receiver<bool>,
        generation: u64,
        first: Option<Notice>,
    }
    // Marks the current build as seen, so only later builds are notices.
    let now = published.borrow_and_update().clone();
    let first = catch_up(&now, since.as_deref());
    let listener = Listener { published, shutdown, generation: now.generation, first };
    futures_util::stream::unfold(listener, |mut l| async move {
        if let Some(notice) = l.first.take() {
            return Some((Ok(notice.event()), l));
        }
        loop {
            let changed = tokio::select! {
                changed = l.published.changed() => changed.is_ok(),
                _ = l.shutdown.wait_for(|stop| *stop) => false,
            };
            if !changed {
                return None;
            }
            let now = l.published.borrow_and_update().clone();
            let notice = if now.generation > l.generation {
                l.generation = now.generation;
                Notice::Reload
            } else if let Some(problems) = now.problems {
                Notice::Errors(problems)
            } else {
                continue;
            };
            return Some((Ok(notice.event()), l));
        }
    })
}

/// The script tag that makes a served HTML page live.
fn script_tag(published: &Published) -> String {
    format!(
        "<script src=\"{SCRIPT_PATH}\" data-token=\"{}\" data-events=\"{EVENTS_PATH}\" defer></script>\n",
        published.token()
    )
}

/// `html` with the live-reload script before its closing `</body>` (or at its end).
pub fn inject(html: &str, published: &Published) -> String {
    let tag = script_tag(published);
    let at = closing_body(html).unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + tag.len());
    out.push_str(&html[..at]);
    out.push_str(&tag);
    out.push_str(&html[at..]);
    out
}

/// Where the last `</body>` (in any case) starts, found from the end without copying the page.
fn closing_body(html: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    memchr::memrchr_iter(b'<', bytes).find(|&at| bytes[at..].get(..7).is_some_and(|tag| tag.eq_ignore_ascii_case(b"</body>")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn published(generation: u64, problems: Option<Vec<Problem>>) -> Published {
        Published { instance: 0xab, generation, site: None, base_path: "/".into(), problems: problems.map(Into::into) }
    }

    #[test]
    fn injects_before_the_closing_body_tag() {
        let p = published(3, None);
        let html = inject("<html><body><p>x</p></BODY></html>", &p);
        assert!(html.starts_with("<html><body><p>x</p><script src=\"/__handbook/live.js\" data-token=\"ab-3\""), "{html}");
        assert!(html.ends_with("</script>\n</BODY></html>"), "{html}");
        assert!(inject("no body", &p).starts_with("no body<script"));
    }

    #[test]
    fn pages_from_older_builds_or_other_runs_reload() {
        let problem = Problem { file: "content/a.md".into(), line: 2, col: 1, message: "bad".into() };
        let now = published(4, None);
        assert_eq!(catch_up(&now, Some("ab-3")), Some(Notice::Reload));
        assert_eq!(catch_up(&now, Some("ac-4")), Some(Notice::Reload));
        assert_eq!(catch_up(&now, Some("ab-4")), None);
        assert_eq!(catch_up(&now, None), None);
        let failed = published(4, Some(vec![problem.clone()]));
        assert_eq!(catch_up(&failed, Some("ab-4")), Some(Notice::Errors(vec![problem].into())));
    }
}
