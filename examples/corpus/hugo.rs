//! The same pages as a Hugo site (Debian's hugo 0.111): `+++` TOML front matter as it is
//! (`link_title` becomes `linkTitle`), `:::` blocks as `<div>`s, `@` references as relative links,
//! the vocabularies in `data/`, Thai and English configured as languages, and minimal layouts
//! that show what our theme shows from front matter (standards, attendees, plan items).

use crate::pages::{Mix, Page};
use crate::text::{split, DATA_FILES, REAL_PAGES};
use crate::world::{Both, World};
use crate::write;
use anyhow::Result;
use std::collections::HashMap;
use std::path::Path;

/// Titles of the pages an empty-text link (`[](@competency/x)`) may name, by key.
pub struct Titles(HashMap<String, Both>);

impl Titles {
    pub fn new(mix: &Mix) -> Titles {
        let mut map: HashMap<String, Both> = mix.competencies.iter().map(|(id, t)| (format!("competencies/{id}"), t.clone())).collect();
        for (key, th, en) in REAL_PAGES {
            let title = |f: &str| split(f).0.parse::<toml::Table>().ok().and_then(|t| t.get("title")?.as_str().map(str::to_string)).unwrap_or_default();
            map.insert(key.to_string(), Both::new(title(th), title(en)));
        }
        Titles(map)
    }
}

const CONFIG: &str = r#"baseURL = "http://127.0.0.1:1111/"
defaultContentLanguage = "th"
defaultContentLanguageInSubdir = false
disableKinds = ["taxonomy", "term"]

[languages.th]
languageName = "ไทย"
weight = 1
title = "สมรรถนะประจำผู้บริหารกรุงเทพมหานคร"

[languages.en]
languageName = "English"
weight = 2
title = "BMA Executive Competencies"

[markup.goldmark.renderer]
unsafe = true

[markup.highlight]
noClasses = false

[markup.tableOfContents]
startLevel = 2
endLevel = 3
"#;

const BASEOF: &str = r#"<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title>
<meta name="description" content="{{ .Description }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}</head>
<body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Home.Sections }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</nav>
{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a>{{ end }}
</header>
<nav aria-label="breadcrumb">{{ with .Parent }}{{ with .Parent }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> / {{ end }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</nav>
<main id="main">{{ block "main" . }}{{ end }}</main>
</body>
</html>
"#;

const SINGLE: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ with .Params.definition }}<p>{{ . }}</p>{{ end }}
{{ with .Params.standards }}<table>{{ range . }}<tr><th>{{ .level }}</th><td><strong>{{ .key }}</strong> {{ .text }}</td></tr>{{ end }}</table>{{ end }}
{{ with .Params.attendees }}<h2>Attendees</h2><ol>{{ range . }}<li>{{ .name }} ({{ .role }}){{ range .position }}<br>{{ . }}{{ end }}</li>{{ end }}</ol>{{ end }}
{{ with .Params.absentees }}<h2>Absent</h2><ol>{{ range . }}<li>{{ .name }}: {{ .reason }}</li>{{ end }}</ol>{{ end }}
{{ with .Params.participants }}<h2>Participants</h2><ol>{{ range . }}<li>{{ .name }}{{ range .position }}<br>{{ . }}{{ end }}</li>{{ end }}</ol>{{ end }}
{{ with .Params.goals }}<ol>{{ range . }}<li id="{{ .id }}">{{ .title }}<ol>{{ range .outcomes }}<li id="{{ .id }}">{{ .title }}<ol>{{ range .issues }}<li id="{{ .id }}">{{ .title }}<ol>{{ range .activities }}<li id="{{ .id }}">{{ .title }} {{ delimit (default (slice) .competencies) ", " }}</li>{{ end }}</ol></li>{{ end }}</ol></li>{{ end }}</ol></li>{{ end }}</ol>{{ end }}
{{ .TableOfContents }}
{{ .Content }}
{{ end }}
"#;

const LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Description }}</li>{{ end }}</ul>
{{ end }}
"#;

/// Config, layouts and data files.
pub fn write_base(dir: &Path, world: &World) -> Result<()> {
    write(&dir.join("hugo.toml"), CONFIG)?;
    write(&dir.join("layouts/_default/baseof.html"), BASEOF)?;
    write(&dir.join("layouts/_default/single.html"), SINGLE)?;
    write(&dir.join("layouts/_default/list.html"), LIST)?;
    for (name, text) in DATA_FILES.iter().filter(|(n, _)| *n != "committees") {
        write(&dir.join(format!("data/{name}.toml")), text)?;
    }
    write(&dir.join("data/committees.toml"), &world.committees_toml())
}

pub fn write_page(dir: &Path, page: &Page, titles: &Titles) -> Result<()> {
    for (lang, doc, suffix) in [("th", &page.th, ".md"), ("en", &page.en, ".en.md")] {
        let front = doc.front.replace("\nlink_title = ", "\nlinkTitle = ");
        let front = front.strip_prefix("link_title = ").map_or(front.clone(), |rest| format!("linkTitle = {rest}"));
        let body = links(&blocks(&doc.body), &page.key, lang, titles);
        write(&dir.join(format!("content/{}{suffix}", page.key)), &format!("+++\n{front}+++\n\n{body}"))?;
    }
    Ok(())
}

/// `::: kind {#id}` … `:::` as `<div class="kind" id="id">` … `</div>`.
fn blocks(body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 256);
    for line in body.lines() {
        match line.trim_end().strip_prefix(":::").map(str::trim) {
            Some("") => out.push_str("\n</div>\n"),
            Some(open) => {
                let (kind, id) = match open.split_once('{') {
                    Some((k, attr)) => (k.trim(), attr.trim_end_matches('}').trim().trim_start_matches('#')),
                    None => (open, ""),
                };
                let id = if id.is_empty() { String::new() } else { format!(" id=\"{id}\"") };
                out.push_str(&format!("\n<div class=\"{kind}\"{id}>\n\n"));
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// The URL path of a page key in a language, relative to the site root (`en/meetings/x/`).
fn url_path(key: &str, lang: &str) -> String {
    let prefix = if lang == "en" { "en/" } else { "" };
    match key.strip_suffix("_index") {
        Some(dir) => format!("{prefix}{dir}"),
        None => format!("{prefix}{key}/"),
    }
}

/// `[text](@kind/id#a)` and `[text](@/path.md#a)` as relative links; empty texts get the title.
fn links(body: &str, from: &str, lang: &str, titles: &Titles) -> String {
    let up = "../".repeat(url_path(from, lang).matches('/').count());
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find("](@") {
        let Some(close) = rest[at..].find(')') else { break };
        let reference = &rest[at + 2..at + close];
        let (target, anchor) = reference.split_once('#').map_or((reference, None), |(t, a)| (t, Some(a)));
        let (key, target_lang) = match target.strip_prefix("@/") {
            Some(file) => {
                let stem = file.trim_end_matches(".md");
                match stem.strip_suffix(".en") {
                    Some(base) => (base.to_string(), "en"),
                    None => (stem.to_string(), lang),
                }
            }
            None => {
                let (kind, id) = target.trim_start_matches('@').split_once('/').unwrap_or(("", ""));
                let section = match kind {
                    "competency" => "competencies",
                    "level" => "levels",
                    "strategy" => "strategy",
                    _ => "meetings",
                };
                (format!("{section}/{id}"), lang)
            }
        };
        out.push_str(&rest[..at]);
        if out.ends_with('[') {
            if let Some(t) = titles.0.get(&key) {
                out.push_str(if lang == "en" { &t.en } else { &t.th });
            }
        }
        out.push_str(&format!("]({up}{}{})", url_path(&key, target_lang), anchor.map(|a| format!("#{a}")).unwrap_or_default()));
        rest = &rest[at + close + 1..];
    }
    out.push_str(rest);
    out
}
