//! The data each template sees: serializable views of a page built from the resolved site,
//! borrowing from it rather than cloning.

mod minutes;
mod plan;
mod refs;

pub use minutes::{FeedEntry, MeetingView, ResolutionItem};
pub use plan::PlanView;
pub use refs::{RefLink, RefsView};

use crate::config::Config;
use crate::i18n::Strings;
use crate::frontmatter::{Front, SourcePage};
use crate::lang::Lang;
use crate::markdown::{Rendered, TocEntry};
use crate::model::Kind;
use crate::resolve::{Page, Site};
use crate::vocab::{Domain, Level, Vocab};
use serde::Serialize;

/// Everything a page template receives, besides the interface strings `t` and `t_other` (of the
/// page's language and of the other one, for the language switcher's own label), which the render
/// adds ([`crate::templates`]). No field is skipped when serialized: each page's fields replace
/// those of the page rendered before it.
#[derive(Serialize)]
pub struct PageContext<'a> {
    pub lang: Lang,
    pub root: &'a str,
    pub site: SiteView<'a>,
    pub page: PageView<'a>,
    /// Path of this language's home page (`` or `en/`) and of the other language's.
    pub home_path: &'static str,
    pub other_home_path: &'static str,
    pub translation: Option<Link<'a>>,
    pub breadcrumb: Vec<Link<'a>>,
    pub nav: Vec<NavItem<'a>>,
    pub children: Vec<Item<'a>>,
    pub groups: Vec<Group<'a>>,
    /// Every position level page in this language, for "what is expected of me" links.
    pub levels: Vec<Item<'a>>,
    pub competency: Option<CompetencyView<'a>>,
    pub level: Option<LevelView<'a>>,
    pub meeting: Option<MeetingView<'a>>,
    pub plan: Option<PlanView<'a>>,
    /// On a resolutions page: the resolutions of every meeting, or of one year.
    pub resolutions: Vec<ResolutionItem<'a>>,
    /// On a resolutions page: the pages of each year, when the minutes span several.
    pub resolution_years: Vec<NavItem<'a>>,
    /// The language's Atom feed of meetings, when the site has meetings.
    pub feed_path: Option<String>,
    /// Cross-references to and from this page.
    pub refs: RefsView,
}

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
}

#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub kind: Kind,
    pub path: &'a str,
    /// Absolute URL for `<link rel="canonical">` and the sitemap.
    pub permalink: String,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
}

#[derive(Serialize)]
pub struct Link<'a> {
    pub title: &'a str,
    pub path: &'a str,
    pub lang: Lang,
}

#[derive(Serialize)]
pub struct NavItem<'a> {
    pub title: &'a str,
    pub path: &'a str,
    /// The current page is this section or inside it.
    pub current: bool,
    /// The current page is this one.
    pub here: bool,
}

/// A page in a list.
#[derive(Serialize)]
pub struct Item<'a> {
    pub title: &'a str,
    pub path: &'a str,
    pub description: &'a str,
    pub kind: Kind,
    pub number: Option<u32>,
    /// The date of a meeting, formatted for the page's language.
    pub date: Option<String>,
}

/// Items under a heading, e.g. competencies by domain.
#[derive(Serialize)]
pub struct Group<'a> {
    pub title: String,
    pub description: Option<&'a str>,
    pub items: Vec<Item<'a>>,
}

#[derive(Serialize)]
pub struct StandardView<'a> {
    pub key: &'a str,
    pub text: &'a str,
}

#[derive(Serialize)]
pub struct CompetencyView<'a> {
    pub number: u32,
    pub definition: &'a str,
    pub domain: Option<&'a Domain>,
    pub domain_name: &'a str,
    /// The competency's name in the other language, shown beside the title.
    pub other_title: Option<&'a str>,
    pub levels: Vec<LevelStandards<'a>>,
}

#[derive(Serialize)]
pub struct LevelStandards<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub path: Option<&'a str>,
    pub standards: Vec<StandardView<'a>>,
}

#[derive(Serialize)]
pub struct LevelView<'a> {
    pub level: &'a Level,
    pub name: &'a str,
    pub position: Option<&'a str>,
    pub competencies: Vec<LevelCompetency<'a>>,
}

#[derive(Serialize)]
pub struct LevelCompetency<'a> {
    /// The competency's id, used as the section's anchor on the level page.
    pub id: &'a str,
    pub title: &'a str,
    pub path: &'a str,
    pub number: u32,
    pub domain_name: &'a str,
    pub definition: &'a str,
    pub standards: Vec<StandardView<'a>>,
}

/// Shared inputs for building every page's context.
pub struct Inputs<'a> {
    pub config: &'a Config,
    pub site: &'a Site,
    pub sources: &'a [SourcePage],
    pub bodies: &'a [Rendered],
    pub vocab: &'a Vocab,
    pub strings: &'a Strings,
    pub graph: &'a crate::graph::Graph,
    pub anchors: &'a crate::graph::Anchors,
    /// Each plan's resolutions about it as a whole, found the first time a page shows them and
    /// shared by the others ([`Inputs::refs_view`]).
    pub plan_wide: refs::PlanWide,
}

impl<'a> Inputs<'a> {
    fn competency(&self, page: &Page) -> Option<&'a crate::frontmatter::CompetencyFront> {
        match &self.sources[page.source?].front {
            Front::Competency(c) => Some(c),
            _ => None,
        }
    }

    fn item(&self, page: &'a Page) -> Item<'a> {
        let source = page.source.map(|i| &self.sources[i]);
        Item {
            title: &page.title,
            path: &page.path,
            description: source.map_or("", |s| s.front.description()),
            kind: page.kind,
            number: self.competency(page).map(|c| *c.number.get_ref()),
            date: None,
        }
    }

    fn domain_name(&self, c: &crate::frontmatter::CompetencyFront, lang: Lang) -> &'a str {
        self.vocab.domain(c.domain.get_ref()).map_or("", |d| d.name.get(lang))
    }

    /// Competency pages in a language, by number.
    fn competencies(&self, lang: Lang) -> Vec<&'a Page> {
        self.site.of_kind(lang, Kind::Competency).collect()
    }

    /// The view of one page; `content` is its rendered body (empty for generated pages).
    pub fn context(&self, page: &'a Page, root: &'a str) -> PageContext<'a> {
        let lang = page.lang;
        let source = page.source.map(|i| &self.sources[i]);
        let body = page.source.map(|i| &self.bodies[i]);
        let sections = self.site.sections(lang);
        let nav = sections
            .iter()
            .map(|s| NavItem { title: &s.link_title, path: &s.path, current: page.path.starts_with(s.path.as_str()), here: s.path == page.path })
            .collect();
        let children: Vec<&Page> = match page.kind {
            Kind::Home => sections.clone(),
            Kind::Section => self.site.children(page),
            _ => Vec::new(),
        };
        let levels = self.site.of_kind(lang, Kind::Level);
        PageContext {
            lang,
            root,
            site: SiteView {
                title: self.config.title(lang),
                description: self.config.languages.get(&lang).map_or("", |l| &l.description),
                base_url: &self.config.base_url,
            },
            page: PageView {
                title: &page.title,
                description: source.map_or("", |s| s.front.description()),
                kind: page.kind,
                path: &page.path,
                permalink: format!("{}{}", self.config.base_url, page.path),
                content: body.map_or("", |b| b.html.as_str()),
                toc: body.map_or(&[], |b| b.toc.as_slice()),
            },
            home_path: lang.url_prefix(),
            other_home_path: lang.other().url_prefix(),
            translation: self.site.translation(page).map(|t| Link { title: &t.title, path: &t.path, lang: t.lang }),
            breadcrumb: self.site.ancestors(page).into_iter().map(|p| Link { title: &p.link_title, path: &p.path, lang }).collect(),
            nav,
            groups: self.groups(page, &children),
            children: children.iter().map(|p| self.item(p)).collect(),
            levels: levels.map(|p| self.item(p)).collect(),
            competency: self.competency_view(page),
            level: self.level_view(page),
            meeting: self.meeting_view(page),
            plan: page.source.and_then(|i| match &self.sources[i].front {
                Front::Strategy(s) => Some(plan::plan_view(s, &|item| self.item_competencies(&page.key, item, lang))),
                _ => None,
            }),
            refs: self.refs_view(page),
            resolutions: if page.kind == Kind::Resolutions { self.resolution_items(page) } else { Vec::new() },
            resolution_years: if page.kind == Kind::Resolutions { self.resolution_years(page) } else { Vec::new() },
            feed_path: self.site.of_kind(lang, Kind::Meeting).next().is_some().then(|| format!("{}meetings/atom.xml", lang.url_prefix())),
        }
    }

    /// Competencies grouped by domain (on the competencies section and the home page), meetings
    /// by committee and year (on the meetings section).
    fn groups(&self, page: &'a Page, children: &[&'a Page]) -> Vec<Group<'a>> {
        if children.iter().any(|p| p.kind == Kind::Meeting) {
            return self.meeting_groups(page.lang);
        }
        if !children.iter().any(|p| p.kind == Kind::Competency) && page.kind != Kind::Home {
            return Vec::new();
        }
        let competencies = self.competencies(page.lang);
        self.vocab
            .domains
            .iter()
            .map(|d| Group {
                title: d.name.get(page.lang).to_string(),
                description: d.description.as_ref().map(|l| l.get(page.lang)),
                items: competencies
                    .iter()
                    .filter(|p| self.competency(p).is_some_and(|c| c.domain.get_ref() == d.id.get_ref()))
                    .map(|p| self.item(p))
                    .collect(),
            })
            .filter(|g| !g.items.is_empty())
            .collect()
    }

    fn competency_view(&self, page: &'a Page) -> Option<CompetencyView<'a>> {
        let c = self.competency(page)?;
        let lang = page.lang;
        let levels = self
            .vocab
            .levels
            .iter()
            .map(|level| LevelStandards {
                id: level.id.get_ref().as_str(),
                name: level.name.get(lang),
                path: self.site.get(&crate::model::PageKey(format!("levels/{}", level.id)), lang).map(|p| p.path.as_str()),
                standards: c
                    .standards
                    .iter()
                    .filter(|s| s.level.get_ref() == level.id.get_ref())
                    .map(|s| StandardView { key: &s.key, text: &s.text })
                    .collect(),
            })
            .collect();
        Some(CompetencyView {
            number: *c.number.get_ref(),
            definition: &c.definition,
            domain: self.vocab.domain(c.domain.get_ref()),
            domain_name: self.domain_name(c, lang),
            other_title: self.site.translation(page).map(|t| t.title.as_str()),
            levels,
        })
    }

    fn level_view(&self, page: &'a Page) -> Option<LevelView<'a>> {
        let level = self.vocab.level(page.level.as_ref()?)?;
        let lang = page.lang;
        let competencies = self
            .competencies(lang)
            .into_iter()
            .filter_map(|p| {
                let c = self.competency(p)?;
                Some(LevelCompetency {
                    id: p.key.id(),
                    title: &p.title,
                    path: &p.path,
                    number: *c.number.get_ref(),
                    domain_name: self.domain_name(c, lang),
                    definition: &c.definition,
                    standards: c
                        .standards
                        .iter()
                        .filter(|s| s.level.get_ref() == level.id.get_ref())
                        .map(|s| StandardView { key: &s.key, text: &s.text })
                        .collect(),
                })
            })
            .collect();
        Some(LevelView {
            level,
            name: level.name.get(lang),
            position: level.position.as_ref().map(|p| p.get(lang)),
            competencies,
        })
    }
}
