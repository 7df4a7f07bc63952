//! handbook: a static site generator for the BMA executive competency handbook, HR strategy plans
//! and HR committee minutes, in Thai and English. The stages, in pipeline order:
//! [`load`] (+ [`frontmatter`], [`vocab`]) → [`validate`] → [`resolve`] → [`markdown`] →
//! [`templates`] (+ [`views`], [`i18n`]) → [`search`] → [`output`]; [`pipeline`] runs them.
//! `handbook serve` is [`preview`]: [`watch`] → [`pipeline`] (+ [`incremental`]) → [`serve`] + [`live`].

pub mod allocator;
pub mod blocks;
pub mod config;
pub mod dates;
pub mod diagnostics;
pub mod frontmatter;
pub mod graph;
pub mod highlight;
pub mod i18n;
pub mod incremental;
pub mod lang;
pub mod live;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod parse;
pub mod pipeline;
pub mod preview;
pub mod refs;
pub mod render_cache;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod templates;
pub mod timings;
pub mod validate;
pub mod views;
pub mod vocab;
pub mod watch;
