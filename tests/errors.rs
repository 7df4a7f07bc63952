//! Bad input, end to end: each test copies `tests/fixtures/minimal`, breaks one thing, runs the
//! real binary and checks the `file:line:col: message` diagnostics of `handbook check` and
//! `handbook build` (exit 1, every problem at once, sorted, nothing written), plus the exit codes
//! of usage errors and the refusal to overwrite foreign output. The last tests check that the
//! unbroken fixture passes and builds reproducibly.

mod common;

use common::{assert_diagnostics, errors, fixture_site, handbook, listing, stderr, stdout, summary};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------------
// Helpers

fn minimal() -> TempDir {
    fixture_site("minimal")
}

/// Writes `lines` (each without its `\n`) to `<root>/<rel>`: line N of the file is `lines[N - 1]`,
/// so the line numbers the tests expect can be read off the test source.
fn write_lines(root: &Path, rel: &str, lines: &[&str]) {
    let mut text = lines.join("\n");
    text.push('\n');
    write(root, rel, text.as_bytes());
}

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Every file below `dir` (relative path → contents), hidden files and directories included.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// Asserts a single diagnostic on the line `file_line` (`"handbook.toml:2"`), at any column,
/// whose message starts with `message`: for places where more than one column is defensible.
#[track_caller]
fn assert_single_on_line(lines: &[String], file_line: &str, message: &str) {
    assert_eq!(lines.len(), 1, "expected one diagnostic, got:\n{}", lines.join("\n"));
    let rest = lines[0].strip_prefix(&format!("{file_line}:")).unwrap_or_else(|| panic!("expected {file_line}:…, got {}", lines[0]));
    let (col, msg) = rest.split_once(": ").unwrap();
    assert!(col.parse::<usize>().is_ok(), "{}", lines[0]);
    assert!(msg.starts_with(message), "expected the message to start with {message:?}: {}", lines[0]);
}

// ---------------------------------------------------------------------------------------------
// Front matter

#[test]
fn toml_syntax_error_in_front_matter_is_located_at_its_line() {
    let site = minimal();
    write_lines(site.path(), "content/about.en.md", &[
        "+++",              // 1
        "title = \"About\"", // 2
        "weight = = 2",      // 3: a second '=' where the value should be
        "+++",               // 4
        "",
        "Body.",
    ]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[("content/about.en.md:3:10", "invalid TOML")]);
}

#[test]
fn unclosed_string_in_front_matter_is_located_at_its_line() {
    let site = minimal();
    write_lines(site.path(), "content/competencies/value-people.en.md", &[
        "+++",                        // 1
        "title = \"Value People",     // 2: no closing quote
        "number = 1",                 // 3
        "domain = \"people\"",        // 4
        "definition = \"Valuing staff.\"",
        "+++",
    ]);
    let lines = errors(site.path());
    assert_single_on_line(&lines, "content/competencies/value-people.en.md:2", "invalid TOML");
}

#[test]
fn unknown_front_matter_field_is_named_with_a_suggestion() {
    let site = minimal();
    write_lines(site.path(), "content/about.en.md", &[
        "+++",            // 1
        "weight = 2",     // 2
        "titel = \"x\"",  // 3: a typo of `title`
        "+++",
        "",
        "Body.",
    ]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[("content/about.en.md:3:1", "unknown field 'titel' (did you mean 'title'?)")]);
}

#[test]
fn unknown_field_in_a_standard_is_located() {
    let site = minimal();
    write_lines(site.path(), "content/competencies/forward-thinking.en.md", &[
        "+++",                          // 1
        "title = \"Forward Thinking\"", // 2
        "number = 3",                   // 3
        "domain = \"thinking\"",        // 4
        "definition = \"Anticipating.\"", // 5
        "",                             // 6
        "[[standards]]",                // 7
        "level = \"executive-higher\"", // 8
        "key = \"Anticipate\"",         // 9
        "txet = \"trends\"",            // 10: a typo of `text`
        "",
        "[[standards]]",
        "level = \"executive-primary\"",
        "key = \"Forecast\"",
        "text = \"situations\"",
        "+++",
    ]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[(
        "content/competencies/forward-thinking.en.md:10:1",
        "unknown field 'txet' (did you mean 'text'?)",
    )]);
}

#[test]
fn missing_required_field_is_named() {
    let site = minimal();
    write_lines(site.path(), "content/competencies/value-people.en.md", &[
        "+++",                     // 1
        "title = \"Value People\"", // 2: the front matter starts here
        "number = 1",
        "domain = \"people\"",
        "",                        // no `definition`
        "[[standards]]",
        "level = \"executive-higher\"",
        "key = \"Promote\"",
        "text = \"teamwork\"",
        "",
        "[[standards]]",
        "level = \"executive-primary\"",
        "key = \"Treat\"",
        "text = \"subordinates with respect\"",
        "+++",
    ]);
    let lines = errors(site.path());
    // A missing field has no line of its own: it is reported where the front matter starts.
    assert_diagnostics(&lines, &[("content/competencies/value-people.en.md:2:1", "missing required field 'definition'")]);
}

#[test]
fn wrong_value_type_is_located_at_the_value() {
    let site = minimal();
    write_lines(site.path(), "content/competencies/value-people.en.md", &[
        "+++",
        "title = \"Value People\"",
        "number = \"one\"", // 3: a string where a number is needed; the value is at column 10
        "domain = \"people\"",
        "definition = \"Valuing staff.\"",
        "",
        "[[standards]]",
        "level = \"executive-higher\"",
        "key = \"Promote\"",
        "text = \"teamwork\"",
        "",
        "[[standards]]",
        "level = \"executive-primary\"",
        "key = \"Treat\"",
        "text = \"subordinates with respect\"",
        "+++",
    ]);
    let lines = errors(site.path());
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("content/competencies/value-people.en.md:3:10: "), "{lines:?}");
    assert!(lines[0].contains("invalid type") && lines[0].contains("\"one\""), "{lines:?}");
}

#[test]
fn empty_title_is_reported() {
    let site = minimal();
    write_lines(site.path(), "content/about.en.md", &[
        "+++",         // 1
        "title = \" \"", // 2
        "+++",
        "",
        "Body.",
    ]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[("content/about.en.md:2:1", "title is empty")]);
}

#[test]
fn missing_front_matter_is_reported_at_the_top() {
    let site = minimal();
    write_lines(site.path(), "content/about.en.md", &[
        "# About", // 1: no `+++` line
        "",
        "Body.",
    ]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[("content/about.en.md:1:1", "missing front matter")]);
}

#[test]
fn empty_content_file_lacks_front_matter() {
    let site = minimal();
    write(site.path(), "content/about.en.md", b"");
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[("content/about.en.md:1:1", "missing front matter")]);
}

#[test]
fn unclosed_front_matter_is_reported() {
    let site = minimal();
    write_lines(site.path(), "content/about.en.md", &[
        "+++",              // 1: opened here
        "title = \"About\"", // 2
        "",                  // no closing `+++`
        "Body.",
    ]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[("content/about.en.md:1:1", "front matter is not closed")]);
}

#[test]
fn file_that_is_not_utf8_is_reported() {
    let site = minimal();
    write(site.path(), "content/about.en.md", b"+++\ntitle = \"Caf\xe9\"\n+++\n");
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[("content/about.en.md:1:1", "file is not valid UTF-8")]);
}

#[test]
fn unknown_language_suffix_is_reported() {
    let site = minimal();
    write_lines(site.path(), "content/about.fr.md", &["+++", "title = \"À propos\"", "+++"]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[("content/about.fr.md:1:1", "unknown language suffix '.fr'")]);
}

// ---------------------------------------------------------------------------------------------
// Shared vocabularies and competencies

#[test]
fn duplicate_level_id_is_reported_at_the_second_one() {
    let site = minimal();
    write_lines(site.path(), "content/_data/levels.toml", &[
        "[[levels]]",                                           // 1
        "id = \"executive-higher\"",                            // 2
        "name = { th = \"บริหารระดับสูง\", en = \"Executive, higher level\" }", // 3
        "",                                                     // 4
        "[[levels]]",                                           // 5
        "id = \"executive-primary\"",                           // 6
        "name = { th = \"บริหารระดับต้น\", en = \"Executive, primary level\" }", // 7
        "",                                                     // 8
        "[[levels]]",                                           // 9
        "id = \"executive-higher\"",                            // 10: again; the value is at column 6
        "name = { th = \"บริหารระดับสูง\", en = \"Executive, higher level\" }",
    ]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[("content/_data/levels.toml:10:6", "duplicate id 'executive-higher'")]);
}

#[test]
fn duplicate_domain_id_is_reported_at_the_second_one() {
    let site = minimal();
    write_lines(site.path(), "content/_data/domains.toml", &[
        "[[domains]]",                           // 1
        "id = \"people\"",                       // 2
        "number = 1",                            // 3
        "name = { th = \"คน\", en = \"People\" }", // 4
        "",                                      // 5
        "[[domains]]",                           // 6
        "id = \"thinking\"",                     // 7
        "number = 2",                            // 8
        "name = { th = \"คิด\", en = \"Thinking\" }", // 9
        "",                                      // 10
        "[[domains]]",                           // 11
        "id = \"people\"",                       // 12: again
        "number = 3",
        "name = { th = \"คน\", en = \"People\" }",
    ]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[("content/_data/domains.toml:12:6", "duplicate id 'people'")]);
}

#[test]
fn unknown_field_in_a_data_file_is_located() {
    let site = minimal();
    write_lines(site.path(), "content/_data/levels.toml", &[
        "[[levels]]",                                           // 1
        "id = \"executive-higher\"",                            // 2
        "name = { th = \"บริหารระดับสูง\", en = \"Executive, higher level\" }", // 3
        "",                                                     // 4
        "[[levels]]",                                           // 5
        "id = \"executive-primary\"",                           // 6
        "nmae = { th = \"บริหารระดับต้น\", en = \"Executive, primary level\" }", // 7: a typo of `name`
    ]);
    let lines = errors(site.path());
    // Only the typo. The levels are all in the file, so the competencies that use them must not
    // be reported as using unknown levels just because the file could not be read.
    assert_diagnostics(&lines, &[("content/_data/levels.toml:7:1", "unknown field 'nmae' (did you mean 'name'?)")]);
}

#[test]
fn unknown_data_file_is_reported() {
    let site = minimal();
    write_lines(site.path(), "content/_data/levle.toml", &["[[levels]]", "id = \"x\""]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[("content/_data/levle.toml:1:1", "unknown data file 'levle.toml' (did you mean 'levels'?)")]);
}

#[test]
fn duplicate_competency_number_names_the_other_page() {
    let site = minimal();
    // A new Thai competency takes number 1, which value-people already has.
    write_lines(site.path(), "content/competencies/collaboration.md", &[
        "+++",                              // 1
        "title = \"สร้างสรรค์ความร่วมมือ\"", // 2
        "number = 1",                       // 3
        "domain = \"people\"",
        "definition = \"สร้างความร่วมมือระหว่างหน่วยงานและเครือข่าย\"",
        "",
        "[[standards]]",
        "level = \"executive-higher\"",
        "key = \"แสวงหา\"",
        "text = \"ความร่วมมือ\"",
        "",
        "[[standards]]",
        "level = \"executive-primary\"",
        "key = \"ร่วมงาน\"",
        "text = \"กับผู้อื่น\"",
        "+++",
    ]);
    let lines = errors(site.path());
    // Pages are read in path order, so the clash is found at value-people.md (number = 1 on its
    // line 3, value at column 10), the later of the two.
    assert_diagnostics(&lines, &[("content/competencies/value-people.md:3:10", "duplicate competency number 1")]);
    assert!(lines[0].contains("collaboration"), "the message names the other page: {lines:?}");
}

#[test]
fn unknown_domain_is_located_at_its_value_with_a_suggestion() {
    let site = minimal();
    write_lines(site.path(), "content/competencies/value-people.md", &[
        "+++",                          // 1
        "title = \"เห็นคุณค่าในตัวคน\"", // 2
        "number = 1",                   // 3
        "domain = \"peple\"",           // 4: the value starts at column 10
        "definition = \"ให้คุณค่ากับผู้ปฏิบัติงาน\"",
        "",
        "[[standards]]",
        "level = \"executive-higher\"",
        "key = \"ส่งเสริม\"",
        "text = \"บรรยากาศการทำงานเป็นทีม\"",
        "",
        "[[standards]]",
        "level = \"executive-primary\"",
        "key = \"ปฏิบัติ\"",
        "text = \"ด้วยความให้เกียรติ\"",
        "+++",
    ]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[
        // The English translation still says "people", so it disagrees with the Thai page too.
        ("content/competencies/value-people.en.md:4:10", "domain 'people' differs from 'peple' in content/competencies/value-people.md"),
        ("content/competencies/value-people.md:4:10", "unknown domain 'peple' (did you mean 'people'?)"),
    ]);
}

#[test]
fn value_column_counts_characters_not_bytes() {
    let site = minimal();
    write_lines(site.path(), "content/competencies/forward-thinking.md", &[
        "+++",                                     // 1
        "title = \"คิดไปข้างหน้า\"",                // 2
        "number = 3",                              // 3
        "domain = \"thinking\"",                   // 4
        "definition = \"คาดการณ์ไปในกาลข้างหน้า\"",   // 5
        "standards = [",                           // 6
        "  { level = \"executive-higher\", key = \"คาดคะเน\", text = \"แนวโน้ม\" },",
        // 8: `  { key = "คาดการณ์", level = ` is 30 characters (45 bytes): the value is at column 31.
        "  { key = \"คาดการณ์\", level = \"executive-primry\", text = \"จากข้อเท็จจริง\" },",
        "]",
        "+++",
    ]);
    let lines = errors(site.path());
    let wanted = "content/competencies/forward-thinking.md:8:31: unknown position level 'executive-primry'";
    assert!(lines.iter().any(|l| l.starts_with(wanted)), "expected {wanted}\ngot:\n{}", lines.join("\n"));
}

#[test]
fn unknown_position_level_is_located_with_a_suggestion() {
    let site = minimal();
    write_lines(site.path(), "content/competencies/forward-thinking.md", &[
        "+++",                          // 1
        "title = \"คิดไปข้างหน้า\"",     // 2: the front matter starts here
        "number = 3",                   // 3
        "domain = \"thinking\"",        // 4
        "definition = \"คาดการณ์ไปในกาลข้างหน้า\"", // 5
        "",                             // 6
        "[[standards]]",                // 7
        "level = \"executive-higher\"", // 8
        "key = \"คาดคะเนแนวโน้ม\"",      // 9
        "text = \"วิถีชีวิตสังคมเมือง\"", // 10
        "",                             // 11
        "[[standards]]",                // 12
        "level = \"executive-primry\"", // 13: a typo; the value starts at column 9
        "key = \"คาดการณ์สถานการณ์\"",
        "text = \"จากข้อเท็จจริง\"",
        "+++",
    ]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[
        // The English translation has a standard for executive-primary, the Thai page does not.
        ("content/competencies/forward-thinking.en.md:2:1", "position levels of the standards 'executive-higher, executive-primary' differs from 'executive-higher, executive-primry' in content/competencies/forward-thinking.md"),
        ("content/competencies/forward-thinking.md:2:1", "no behaviour standard for position level 'executive-primary'"),
        ("content/competencies/forward-thinking.md:13:9", "unknown position level 'executive-primry' (did you mean 'executive-primary'?)"),
    ]);
}

#[test]
fn translation_with_another_domain_is_reported_on_the_translation() {
    let site = minimal();
    write_lines(site.path(), "content/competencies/value-people.en.md", &[
        "+++",                      // 1
        "title = \"Value People\"", // 2
        "number = 1",               // 3
        "domain = \"thinking\"",    // 4: the Thai page says "people"
        "definition = \"Valuing staff.\"",
        "",
        "[[standards]]",
        "level = \"executive-higher\"",
        "key = \"Promote\"",
        "text = \"teamwork\"",
        "",
        "[[standards]]",
        "level = \"executive-primary\"",
        "key = \"Treat\"",
        "text = \"subordinates with respect\"",
        "+++",
    ]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[(
        "content/competencies/value-people.en.md:4:10",
        "domain 'thinking' differs from 'people' in content/competencies/value-people.md",
    )]);
}

#[test]
fn translation_with_another_number_is_reported_on_the_translation() {
    let site = minimal();
    write_lines(site.path(), "content/competencies/forward-thinking.en.md", &[
        "+++",
        "title = \"Forward Thinking\"",
        "number = 4", // 3: the Thai page says 3
        "domain = \"thinking\"",
        "definition = \"Anticipating.\"",
        "",
        "[[standards]]",
        "level = \"executive-higher\"",
        "key = \"Anticipate\"",
        "text = \"trends\"",
        "",
        "[[standards]]",
        "level = \"executive-primary\"",
        "key = \"Forecast\"",
        "text = \"situations\"",
        "+++",
    ]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[(
        "content/competencies/forward-thinking.en.md:3:10",
        "number '4' differs from '3' in content/competencies/forward-thinking.md",
    )]);
}

#[test]
fn content_file_for_a_generated_level_page_is_rejected() {
    let site = minimal();
    write_lines(site.path(), "content/levels/executive-higher.md", &["+++", "title = \"บริหารระดับสูง\"", "+++"]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[(
        "content/levels/executive-higher.md:1:1",
        "the page of level 'executive-higher' is generated from _data/levels.toml",
    )]);
}

// ---------------------------------------------------------------------------------------------
// Markdown bodies

#[test]
fn link_to_a_missing_page_is_located_at_the_link_with_a_suggestion() {
    let site = minimal();
    write_lines(site.path(), "content/about.en.md", &[
        "+++",                                                        // 1
        "title = \"About\"",                                          // 2
        "+++",                                                        // 3
        "",                                                           // 4
        "## Background",                                              // 5
        "",                                                           // 6
        "See [Value People](@/competencies/value-peple.md) first.",   // 7: `@` at column 20
        "",                                                           // 8
        "- Then [this](@/nowhere/at-all.md) and [that](@/about.md).", // 9: `@` at column 15
    ]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[
        ("content/about.en.md:7:20", "link to unknown page '@/competencies/value-peple.md' (did you mean '@/competencies/value-people.md'?)"),
        ("content/about.en.md:9:15", "link to unknown page '@/nowhere/at-all.md'"),
    ]);
    assert!(!lines[1].contains("did you mean"), "no suggestion when nothing is close: {}", lines[1]);
}

#[test]
fn link_column_counts_thai_characters() {
    let site = minimal();
    write_lines(site.path(), "content/about.md", &[
        "+++",                                                                // 1
        "title = \"เกี่ยวกับคู่มือ\"",                                         // 2
        "+++",                                                                // 3
        "",                                                                   // 4
        // 5: "ดูสมรรถนะ " is 10 characters (28 bytes), so `[` is at column 11; "[คิดข้างหน้า](" is
        // 14 more characters, so `@` is at column 25.
        "ดูสมรรถนะ [คิดข้างหน้า](@/competencies/forward-thinkin.md) และ [ก](@/competencies/value-people.md#x)",
    ]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[
        (
            "content/about.md:5:25",
            "link to unknown page '@/competencies/forward-thinkin.md' (did you mean '@/competencies/forward-thinking.md'?)",
        ),
        // Anchors are checked once every page is rendered: value-people has no `#x`.
        ("content/about.md:5:68", "unknown anchor '#x' on @/competencies/value-people.md"),
    ]);
}

#[test]
fn link_without_md_file_is_explained() {
    let site = minimal();
    write_lines(site.path(), "content/about.en.md", &[
        "+++",
        "title = \"About\"",
        "+++",
        "",
        "See [Value People](@/competencies/value-people/).", // 5: `@` at column 20
    ]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[("content/about.en.md:5:20", "link to unknown file '@/competencies/value-people/' (did you mean '@/competencies/value-people.md'?)")]);
}

#[test]
fn link_whose_text_mentions_a_link_is_located_at_its_target() {
    let site = minimal();
    write_lines(site.path(), "content/about.en.md", &[
        "+++",
        "title = \"About\"",
        "+++",
        "",
        "See [write @/x.md](@/nope.md).", // 5: the target's `@` is at column 20, the text's at 12
    ]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[("content/about.en.md:5:20", "link to unknown page '@/nope.md'")]);
}

#[test]
fn image_with_an_internal_target_that_does_not_exist_is_reported() {
    let site = minimal();
    write_lines(site.path(), "content/about.en.md", &[
        "+++",
        "title = \"About\"",
        "+++",
        "",
        "See ![chart](@/charts/nope.png) here.", // 5: `@` at column 14; no such file in content/
    ]);
    // An `@/` target is never valid in the output; one that names nothing must be reported, not
    // copied into the page as a broken URL.
    let lines = errors(site.path());
    assert_single_on_line(&lines, "content/about.en.md:5", "");
    assert!(lines[0].starts_with("content/about.en.md:5:14: "), "{lines:?}");
    assert!(lines[0].contains("@/charts/nope.png"), "{lines:?}");
}

#[test]
fn two_files_for_one_url_are_reported() {
    let site = minimal();
    // content/about.md is already the page /about/; a section index there has the same URL.
    write_lines(site.path(), "content/about/_index.md", &["+++", "title = \"เกี่ยวกับ\"", "+++"]);
    let lines = errors(site.path());
    assert_eq!(lines.len(), 1, "{lines:?}");
    let line = &lines[0];
    let (this, other) = if line.starts_with("content/about.md:") {
        ("content/about.md", "content/about/_index.md")
    } else {
        ("content/about/_index.md", "content/about.md")
    };
    assert!(line.starts_with(&format!("{this}:")), "reported at one of the two files: {line}");
    assert!(line.contains(other), "and naming the other one: {line}");
}

#[test]
fn thai_page_named_en_does_not_replace_the_english_home() {
    let site = minimal();
    // A Thai page `content/en.md` would be published at /en/, the English home page's URL.
    write_lines(site.path(), "content/en.md", &["+++", "title = \"ภาษาอังกฤษ\"", "+++"]);
    let lines = errors(site.path());
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("content/en.md:"), "{lines:?}");
}

#[test]
fn template_errors_are_located_and_reported_with_content_errors() {
    let site = minimal();
    // The site's own templates/ overrides the theme's.
    write_lines(site.path(), "templates/page.html", &[
        "{% extends \"base.html\" %}",  // 1
        "{% block content %}",           // 2
        "<h1>{{ page.title </h1>",       // 3: `}}` missing
        "{% endblock content %}",        // 4
    ]);
    write_lines(site.path(), "content/about.en.md", &[
        "+++",          // 1
        "titel = \"x\"", // 2
        "+++",
    ]);
    let lines = errors(site.path());
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with("content/about.en.md:2:1: unknown field 'titel'"), "{lines:?}");
    assert!(lines[1].starts_with("templates/page.html:"), "{lines:?}");
}

#[test]
fn duplicate_explicit_heading_anchor_is_reported_at_the_second_heading() {
    let site = minimal();
    write_lines(site.path(), "content/about.en.md", &[
        "+++",                  // 1
        "title = \"About\"",    // 2
        "+++",                  // 3
        "",                     // 4
        "## Goals {#x}",        // 5
        "",                     // 6
        "Text.",                // 7
        "",                     // 8
        "## Outcomes {#x}",     // 9: the same anchor again
        "",
        "## Background",        // 11: automatic id `background`
        "",
        "### Details {#background}", // 13: clashes with the automatic id of line 11
    ]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[
        ("content/about.en.md:9:1", "duplicate anchor id 'x'"),
        ("content/about.en.md:13:1", "duplicate anchor id 'background'"),
    ]);
}

#[test]
fn text_not_in_nfc_is_reported_at_its_line() {
    let site = minimal();
    write_lines(site.path(), "content/about.en.md", &[
        "+++",                    // 1
        "title = \"About\"",      // 2
        "+++",                    // 3
        "",                       // 4
        "A café in Bangkok.",     // 5: precomposed é, fine
        "",                       // 6
        "A cafe\u{0301} in Bangkok.", // 7: e + combining acute accent, not NFC
    ]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[("content/about.en.md:7:1", "text is not in Unicode NFC form")]);
}

#[test]
fn thai_not_in_nfc_in_a_data_file_is_reported_at_its_line() {
    let site = minimal();
    // Mai ek (U+0E48) typed before sara u (U+0E38) under ต: NFC puts the vowel first.
    let reordered = "\u{0E15}\u{0E48}\u{0E38}";
    assert!(!unicode_normalization::is_nfc(reordered), "the test text really is not NFC");
    let name = format!("name = {{ th = \"{reordered}\", en = \"Executive, primary level\" }}");
    write_lines(site.path(), "content/_data/levels.toml", &[
        "[[levels]]",                                           // 1
        "id = \"executive-higher\"",                            // 2
        "name = { th = \"บริหารระดับสูง\", en = \"Executive, higher level\" }", // 3
        "",                                                     // 4
        "[[levels]]",                                           // 5
        "id = \"executive-primary\"",                           // 6
        &name,                                                  // 7
    ]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[("content/_data/levels.toml:7:1", "text is not in Unicode NFC form")]);
}

// ---------------------------------------------------------------------------------------------
// All errors at once

#[test]
fn all_errors_of_a_run_are_reported_together_sorted_by_file_then_line() {
    let site = minimal();
    // Found by three different stages, in this order: front matter, vocabularies, Markdown.
    write_lines(site.path(), "content/competencies/forward-thinking.md", &[
        "+++",                      // 1
        "titel = \"คิดไปข้างหน้า\"", // 2: front matter stage
        "+++",
    ]);
    write_lines(site.path(), "content/_data/levels.toml", &[
        "[[levels]]",                                           // 1
        "id = \"executive-higher\"",                            // 2
        "name = { th = \"บริหารระดับสูง\", en = \"Executive, higher level\" }", // 3
        "",                                                     // 4
        "[[levels]]",                                           // 5
        "id = \"executive-primary\"",                           // 6
        "name = { th = \"บริหารระดับต้น\", en = \"Executive, primary level\" }", // 7
        "",                                                     // 8
        "[[levels]]",                                           // 9
        "id = \"executive-primary\"",                           // 10: vocabulary stage
        "name = { th = \"บริหารระดับต้น\", en = \"Executive, primary level\" }",
    ]);
    write_lines(site.path(), "content/about.en.md", &[
        "+++",                                                // 1
        "title = \"About\"",                                  // 2
        "+++",                                                // 3
        "",                                                   // 4
        "Read [the level](@/levels/executive-primry.md).",    // 5: Markdown stage; `@` at column 18
        "",                                                   // 6
        "And [the other](@/competencies/valu-people.md).",    // 7: `@` at column 17
    ]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[
        ("content/_data/levels.toml:10:6", "duplicate id 'executive-primary'"),
        ("content/about.en.md:5:18", "link to unknown page '@/levels/executive-primry.md' (did you mean '@/levels/executive-primary.md'?)"),
        ("content/about.en.md:7:17", "link to unknown page '@/competencies/valu-people.md' (did you mean '@/competencies/value-people.md'?)"),
        ("content/competencies/forward-thinking.md:2:1", "unknown field 'titel' (did you mean 'title'?)"),
    ]);
}

#[test]
fn crlf_files_are_located_like_lf_files() {
    let site = minimal();
    let lines = [
        "+++",                                            // 1
        "title = \"Value People\"",                       // 2
        "number = 1",                                     // 3
        "domain = \"peple\"",                             // 4: value at column 10
        "definition = \"Valuing staff.\"",                // 5
        "standards = [",                                  // 6
        "  { level = \"executive-higher\", key = \"Promote\", text = \"teamwork\" },",
        "  { level = \"executive-primary\", key = \"Treat\", text = \"with respect\" },",
        "]",                                              // 9
        "+++",                                            // 10
        "",                                               // 11
        "See [it](@/nope.md).",                           // 12: `@` at column 10
    ];
    write(site.path(), "content/competencies/value-people.en.md", format!("{}\r\n", lines.join("\r\n")).as_bytes());
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[
        ("content/competencies/value-people.en.md:4:10", "domain 'peple' differs from 'people' in content/competencies/value-people.md"),
        ("content/competencies/value-people.en.md:4:10", "unknown domain 'peple' (did you mean 'people'?)"),
        ("content/competencies/value-people.en.md:12:10", "link to unknown page '@/nope.md'"),
    ]);
}

// ---------------------------------------------------------------------------------------------
// Output directories

#[test]
fn failed_build_leaves_the_previous_site_untouched() {
    let site = minimal();
    let out = common::build(site.path(), &[]);
    let before = snapshot(&out);
    assert!(before.contains_key(Path::new("en/about/index.html")), "the first build wrote the site");
    let root_before = listing(site.path());

    write_lines(site.path(), "content/about.en.md", &[
        "+++",          // 1
        "titel = \"x\"", // 2
        "+++",
    ]);
    let failed = handbook(site.path(), &["build"]);
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    let err = stderr(&failed);
    assert!(err.starts_with("content/about.en.md:2:1: unknown field 'titel'"), "{err}");
    assert!(err.ends_with(&format!("{}\n", summary(1))), "{err}");
    assert_eq!(snapshot(&out), before, "the previous site is exactly as it was");
    assert_eq!(listing(site.path()), root_before, "no temporary directory is left beside it");
}

#[test]
fn build_refuses_to_replace_a_directory_it_did_not_create() {
    let site = minimal();
    let elsewhere = tempfile::tempdir().unwrap();
    let docs = elsewhere.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("keep.txt"), "mine").unwrap();

    let out = handbook(site.path(), &["build", "--output", docs.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("not created by handbook"), "{err}");
    assert!(err.contains("docs"), "the message names the directory: {err}");
    assert_eq!(snapshot(&docs), BTreeMap::from([(PathBuf::from("keep.txt"), b"mine".to_vec())]));
    assert_eq!(listing(elsewhere.path()), [PathBuf::new(), "docs".into(), "docs/keep.txt".into()], "nothing beside it either");
    assert!(!site.path().join("site").exists());
}

#[test]
fn build_refuses_to_replace_a_file() {
    let site = minimal();
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("site");
    std::fs::write(&file, "not a directory").unwrap();
    let out = handbook(site.path(), &["build", "--output", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("refusing to replace"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a directory");
}

#[test]
fn build_into_an_empty_existing_directory_is_allowed() {
    let site = minimal();
    let elsewhere = tempfile::tempdir().unwrap();
    let out_dir = elsewhere.path().join("public");
    std::fs::create_dir(&out_dir).unwrap();
    let out = handbook(site.path(), &["build", "--output", out_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out_dir.join("en/about/index.html").is_file());
    assert!(out_dir.join(".handbook-build").is_file(), "the output is marked as handbook's");
}

// ---------------------------------------------------------------------------------------------
// handbook.toml

#[test]
fn unknown_config_key_is_located_with_a_suggestion() {
    let site = minimal();
    write_lines(site.path(), "handbook.toml", &[
        "base_url = \"http://127.0.0.1:1111/\"", // 1
        "output_dri = \"public\"",               // 2: a typo of `output_dir`
        "",
        "[languages.th]",
        "title = \"คู่มือทดสอบ\"",
    ]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[("handbook.toml:2:1", "unknown field 'output_dri' (did you mean 'output_dir'?)")]);
}

#[test]
fn unknown_key_in_a_config_language_is_located() {
    let site = minimal();
    write_lines(site.path(), "handbook.toml", &[
        "base_url = \"http://127.0.0.1:1111/\"", // 1
        "",                                      // 2
        "[languages.th]",                        // 3
        "title = \"คู่มือทดสอบ\"",               // 4
        "",                                      // 5
        "[languages.en]",                        // 6
        "titel = \"Test handbook\"",             // 7: a typo of `title`
    ]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[("handbook.toml:7:1", "unknown field 'titel' (did you mean 'title'?)")]);
}

#[test]
fn config_syntax_error_is_located() {
    let site = minimal();
    write_lines(site.path(), "handbook.toml", &[
        "base_url = \"http://127.0.0.1:1111/\"", // 1
        "[languages.th",                         // 2: unclosed table header
        "title = \"คู่มือทดสอบ\"",
    ]);
    let lines = errors(site.path());
    assert_single_on_line(&lines, "handbook.toml:2", "invalid TOML");
}

#[test]
fn relative_base_url_is_located_at_its_key_not_at_a_comment() {
    let site = minimal();
    write_lines(site.path(), "handbook.toml", &[
        "# The site is published at base_url.", // 1: mentions the key in a comment
        "base_url = \"/handbook/\"",            // 2: not absolute
        "",
        "[languages.th]",
        "title = \"คู่มือทดสอบ\"",
    ]);
    let lines = errors(site.path());
    // At the key or at its value, but on line 2: not where the comment happens to say "base_url".
    assert_single_on_line(&lines, "handbook.toml:2", "base_url must be an absolute http(s) URL");
}

#[test]
fn config_without_thai_is_reported() {
    let site = minimal();
    write_lines(site.path(), "handbook.toml", &[
        "base_url = \"http://127.0.0.1:1111/\"", // 1
        "",                                      // 2
        "[languages.en]",                        // 3
        "title = \"Test handbook\"",
    ]);
    let lines = errors(site.path());
    assert_single_on_line(&lines, "handbook.toml:3", "languages must include 'th'");
}

#[test]
fn missing_config_fails_with_a_message() {
    let site = minimal();
    std::fs::remove_file(site.path().join("handbook.toml")).unwrap();
    let out = handbook(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.starts_with("error: ") && err.contains("handbook.toml"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Usage errors

#[test]
fn unknown_command_is_a_usage_error() {
    let site = minimal();
    let out = handbook(site.path(), &["frobnicate"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("frobnicate"), "{}", stderr(&out));
    assert!(!site.path().join("site").exists());
}

#[test]
fn unknown_option_and_missing_command_are_usage_errors() {
    let site = minimal();
    for args in [&["build", "--outptu", "x"][..], &["check", "--output", "x"][..], &[][..]] {
        let out = handbook(site.path(), args);
        assert_eq!(out.status.code(), Some(2), "handbook {args:?}: {}", stderr(&out));
    }
    assert!(!site.path().join("site").exists());
}

#[test]
fn invalid_base_url_option_is_a_usage_error() {
    let site = minimal();
    let out = handbook(site.path(), &["build", "--base-url", "intranet/hr"]);
    assert_eq!(out.status.code(), Some(2), "a bad option value is a usage error: {}", stderr(&out));
    assert!(stderr(&out).contains("--base-url"), "{}", stderr(&out));
    assert!(!site.path().join("site").exists());
}

// ---------------------------------------------------------------------------------------------
// The unbroken fixture

#[test]
fn minimal_site_checks_clean() {
    let site = minimal();
    let before = listing(site.path());
    let out = handbook(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let said = stdout(&out);
    assert!(said.contains("no problems"), "{said}");
    // 7 pages per language: home, about, competencies, two competencies, two generated levels.
    assert!(said.contains("14 pages"), "{said}");
    assert_eq!(listing(site.path()), before, "check writes nothing");
}

#[test]
fn minimal_site_builds_byte_identically_twice() {
    let site = minimal();
    let dirs = tempfile::tempdir().unwrap();
    let (a, b) = (dirs.path().join("a"), dirs.path().join("b"));
    for dir in [&a, &b] {
        let out = handbook(site.path(), &["build", "--output", dir.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stdout(&out).starts_with("built "), "{}", stdout(&out));
    }
    assert!(!site.path().join("site").exists(), "--output replaces the configured site/");
    let (first, second) = (snapshot(&a), snapshot(&b));
    for expected in [
        ".handbook-build",
        "index.html",
        "en/index.html",
        "about/index.html",
        "en/about/index.html",
        "competencies/index.html",
        "competencies/value-people/index.html",
        "en/competencies/forward-thinking/index.html",
        "levels/executive-higher/index.html",
        "en/levels/executive-primary/index.html",
        "404.html",
        "sitemap.xml",
    ] {
        assert!(first.contains_key(Path::new(expected)), "{expected} was built");
    }
    assert_eq!(first.keys().collect::<Vec<_>>(), second.keys().collect::<Vec<_>>(), "the same files");
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{} differs between two builds", path.display());
    }
    // The fixture's English about page has markup characters in its title; they are escaped.
    let about = String::from_utf8(first[Path::new("en/about/index.html")].clone()).unwrap();
    assert!(about.contains("Q&amp;A &lt;draft&gt;"), "the title is escaped");
    assert!(!about.contains("<draft>"), "the title is never raw HTML");
}
