//! The raw material of the synthetic corpus: the real content (embedded at compile time), a
//! seeded random generator, and prose assembled from the real content's own sentences so that
//! Thai word segmentation and Markdown rendering see realistic text.

/// The real pages copied into every corpus (key, Thai file, English file).
macro_rules! real_pages {
    ($($key:literal),* $(,)?) => {
        &[$(($key, include_str!(concat!("../../content/", $key, ".md")), include_str!(concat!("../../content/", $key, ".en.md")))),*]
    };
}

pub const REAL_PAGES: &[(&str, &str, &str)] = real_pages!(
    "_index",
    "competencies/_index",
    "levels/_index",
    "meetings/_index",
    "strategy/_index",
    "competencies/value-people",
    "competencies/collaboration",
    "competencies/forward-thinking",
    "competencies/making-decision",
    "competencies/change",
    "competencies/process-innovation",
    "competencies/innovative-thinking",
    "strategy/hr-strategy-2566-2570",
    "meetings/hr-strategy-2565-04",
);

/// The real vocabularies, copied as they are (committees are extended by the generator).
pub const DATA_FILES: &[(&str, &str)] = &[
    ("domains", include_str!("../../content/_data/domains.toml")),
    ("levels", include_str!("../../content/_data/levels.toml")),
    ("roles", include_str!("../../content/_data/roles.toml")),
    ("committees", include_str!("../../content/_data/committees.toml")),
];

pub const HANDBOOK_TOML: &str = include_str!("../../handbook.toml");

/// Splits a real page into its front matter (TOML) and body.
pub fn split(file: &str) -> (&str, &str) {
    let rest = file.strip_prefix("+++\n").expect("real pages start with +++");
    let end = rest.find("\n+++\n").expect("real pages close their front matter");
    (&rest[..end + 1], &rest[end + 5..])
}

/// A small, fast, seeded generator (SplitMix64): the same seed gives the same corpus.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Sentences of the real bodies, per language, without links, headings, lists or blocks.
pub struct Pools {
    pub th: Vec<String>,
    pub en: Vec<String>,
}

impl Pools {
    pub fn from_real_content() -> Pools {
        let mut th = Vec::new();
        let mut en = Vec::new();
        for (_, th_file, en_file) in REAL_PAGES {
            for line in prose_lines(split(th_file).1) {
                th.extend(thai_pieces(line));
            }
            for line in prose_lines(split(en_file).1) {
                en.extend(line.split_inclusive(". ").map(|s| s.trim().to_string()).filter(|s| s.len() > 20));
            }
        }
        Pools { th, en }
    }

    /// Thai prose of about `words` English-equivalent words (5.8 Thai characters per English word,
    /// the ratio of the real minutes), from consecutive real sentences starting at a random one.
    pub fn th_prose(&self, rng: &mut Rng, words: usize) -> String {
        join_until(&self.th, rng, |s| s.chars().count() >= words * 58 / 10)
    }

    /// English prose of about `words` words.
    pub fn en_prose(&self, rng: &mut Rng, words: usize) -> String {
        join_until(&self.en, rng, |s| s.split_whitespace().count() >= words)
    }
}

fn join_until(pool: &[String], rng: &mut Rng, done: impl Fn(&str) -> bool) -> String {
    let mut at = rng.below(pool.len());
    let mut text = String::new();
    while !done(&text) {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&pool[at]);
        at = (at + 1) % pool.len();
    }
    text
}

/// Plain paragraph lines of a body: no headings, lists, tables, blocks, links or anchors.
fn prose_lines(body: &str) -> impl Iterator<Item = &str> {
    body.lines().map(str::trim).filter(|l| {
        l.chars().count() > 40
            && !l.starts_with(['#', '-', '|', ':', '*', '('])
            && !l.chars().next().is_some_and(|c| c.is_ascii_digit())
            && !l.contains(['[', ']', '@', '{', '}', '\\', '*', '`', '<', '>', '_'])
    })
}

/// A Thai paragraph cut at spaces into pieces of up to about 300 characters.
fn thai_pieces(line: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut piece = String::new();
    for word in line.split(' ') {
        if !piece.is_empty() && piece.chars().count() + word.chars().count() > 300 {
            pieces.push(std::mem::take(&mut piece));
        }
        if !piece.is_empty() {
            piece.push(' ');
        }
        piece.push_str(word);
    }
    if piece.chars().count() > 20 {
        pieces.push(piece);
    }
    // A piece must not start like a list item when it begins a paragraph.
    pieces.into_iter().map(|p| p.trim_start_matches(['-', '–', ' ']).to_string()).filter(|p| !p.is_empty()).collect()
}

/// A number written with Thai digits (๔/๒๕๖๕), as the real Thai content writes them.
pub fn thai_digits(n: impl std::fmt::Display) -> String {
    n.to_string()
        .chars()
        .map(|c| c.to_digit(10).map_or(c, |d| char::from_u32(0x0E50 + d).expect("a Thai digit")))
        .collect()
}

/// A TOML string literal.
pub fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A TOML array of strings.
pub fn q_list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| q(s)).collect::<Vec<_>>().join(", "))
}
