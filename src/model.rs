//! Core content types shared by the pipeline stages: page kinds, page keys and typed ids.

use serde::Serialize;
use std::fmt;

/// What a page is; decides its front matter, its template and its search `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Home,
    Section,
    Competency,
    Level,
    Strategy,
    Meeting,
    /// The generated list of every resolution of every meeting.
    Resolutions,
    Page,
}

impl Kind {
    /// The Tera template that renders this kind of page.
    pub fn template(self) -> &'static str {
        match self {
            Kind::Home => "index.html",
            Kind::Section => "section.html",
            Kind::Competency => "competency.html",
            Kind::Level => "level.html",
            Kind::Strategy => "strategy.html",
            Kind::Meeting => "meeting.html",
            Kind::Resolutions => "resolutions.html",
            Kind::Page => "page.html",
        }
    }
}

impl Kind {
    /// The `kind` of a search result and of a graph node: competency, level, strategy, meeting or page.
    pub fn search_kind(self) -> &'static str {
        match self {
            Kind::Competency => "competency",
            Kind::Level => "level",
            Kind::Strategy => "strategy",
            Kind::Meeting => "meeting",
            _ => "page",
        }
    }

    /// Ids the theme's template for this kind puts on the page; a body may not reuse them.
    pub fn reserved_ids(self) -> &'static [&'static str] {
        const COMMON: [&str; 5] = ["main", "toc-title", "search-input", "search-results", "list-title"];
        match self {
            Kind::Competency => &["main", "toc-title", "search-input", "search-results", "standards"],
            Kind::Meeting => &[
                "main", "toc-title", "search-input", "search-results", "attendees", "absentees", "participants",
                "meeting-resolutions", "next-meeting", "signature",
            ],
            Kind::Strategy => &["main", "toc-title", "search-input", "search-results", "plan"],
            _ => &COMMON,
        }
    }
}

/// A page's identity shared by its translations: its path in `content/` without language suffix
/// and `.md`, e.g. `competencies/value-people`, `competencies/_index`, `_index`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct PageKey(pub String);

impl PageKey {
    /// The last path component: the page's id (`value-people`), or `_index` for sections.
    pub fn id(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or(&self.0)
    }

    /// The first path component for pages inside a section (`competencies`), `None` at the top.
    pub fn section(&self) -> Option<&str> {
        self.0.split_once('/').map(|(s, _)| s)
    }

    pub fn is_index(&self) -> bool {
        self.id() == "_index"
    }

    /// The page's URL path relative to a language root: `competencies/value-people/`, `` for home.
    pub fn url_path(&self) -> String {
        match self.0.strip_suffix("_index") {
            Some(dir) => dir.to_string(),
            None => format!("{}/", self.0),
        }
    }

    /// The key of the section page that lists this page (`competencies/_index`), `_index` at the top.
    pub fn parent(&self) -> Option<PageKey> {
        if self.0 == "_index" {
            return None;
        }
        let dir = self.url_path();
        let dir = dir.trim_end_matches('/');
        Some(PageKey(match dir.rsplit_once('/') {
            Some((parent, _)) => format!("{parent}/_index"),
            None => "_index".to_string(),
        }))
    }
}

impl fmt::Display for PageKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

typed_id!(
    /// A competency domain id from `_data/domains.toml` (`people`).
    DomainId
);
typed_id!(
    /// A committee id from `_data/committees.toml` (`hr-strategy`).
    CommitteeId
);
typed_id!(
    /// A role in a meeting from `_data/roles.toml` (`chair`).
    RoleId
);
typed_id!(
    /// A strategy item's id (goal, outcome, strategic issue, activity), unique within its plan.
    ItemId
);
typed_id!(
    /// A position level id from `_data/levels.toml` (`executive-higher`).
    LevelId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_pretty_paths_and_parents() {
        let k = PageKey("competencies/value-people".into());
        assert_eq!(k.url_path(), "competencies/value-people/");
        assert_eq!(k.parent().unwrap().0, "competencies/_index");
        let s = PageKey("competencies/_index".into());
        assert_eq!(s.url_path(), "competencies/");
        assert_eq!(s.parent().unwrap().0, "_index");
        let h = PageKey("_index".into());
        assert_eq!(h.url_path(), "");
        assert!(h.parent().is_none());
        let deep = PageKey("a/b/_index".into());
        assert_eq!(deep.parent().unwrap().0, "a/_index");
    }
}
