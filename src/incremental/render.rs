//! The templates stage of an incremental rebuild: renders the output files that can have changed
//! (the others are not rendered, nor put in the output), and right after each page is rendered
//! anew, in the same parallel task, reads what the later stages need of it: its search entry and
//! its links. Pages taken from the render cache have the bytes of the last build and are not
//! handed on.

use super::links::{self, UrlBase};
use crate::lang::Lang;
use crate::output::OutputFile;
use crate::render_cache::RenderCache;
use crate::search::{self, IndexPage};
use crate::templates::{self, Theme};
use crate::views::Inputs;
use std::collections::HashSet;

/// What a narrowed run rendered.
pub struct Rendered {
    /// The files rendered anew, and the files about the whole site that were wanted.
    pub files: Vec<OutputFile>,
    /// The search entries of the pages rendered anew.
    pub entries: Vec<(Lang, IndexPage)>,
    /// The links of the files rendered anew, by output path (files whose links are kept).
    pub links: Vec<(String, Vec<String>)>,
}

/// Renders the output files in `wanted`, the pages in parallel.
pub fn wanted(inputs: &Inputs, theme: &Theme, cache: &RenderCache, wanted: HashSet<String>, urls: &UrlBase) -> anyhow::Result<Rendered> {
    cache.take_rendered();
    cache.only(Some(wanted));
    let pages = templates::render_pages(inputs, theme, Some(cache), Vec::new(), |page, file| {
        if !cache.is_rendered(&file.path) {
            return Ok(None);
        }
        let entry = search::page_entry(page, &file.html);
        let links = links::targets(&file.path, file.html.as_bytes(), urls);
        Ok(Some((file.into_file(), entry, links)))
    });
    let site_files = pages.is_ok().then(|| templates::render_site_files(inputs, theme, Some(cache)));
    cache.only(None);
    cache.take_rendered();
    let mut rendered = Rendered { files: Vec::new(), entries: Vec::new(), links: Vec::new() };
    for (file, entry, targets) in pages?.into_iter().flatten() {
        rendered.entries.extend(entry);
        if let Some(targets) = targets {
            rendered.links.push((file.path.clone(), targets));
        }
        rendered.files.push(file);
    }
    for file in site_files.expect("rendered after the pages")? {
        if let Some(targets) = links::targets(&file.path, &file.bytes, urls) {
            rendered.links.push((file.path.clone(), targets));
        }
        rendered.files.push(file);
    }
    Ok(rendered)
}
