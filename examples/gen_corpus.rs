//! Writes a large handbook site for benchmarks: a copy of the real site (handbook.toml,
//! content/, themes/) plus generated competencies, half Thai (`gen-00001.md`) and half their
//! English translations (`gen-00001.en.md`), each with a definition, behaviour standards for every
//! position level, and a few paragraphs of Thai or English prose that link to a real competency
//! and to the next generated one, so that pages list and link to each other as real ones do.
//!
//! `cargo run --release --example gen_corpus -- DIR PAGES` (DIR must not exist; PAGES generated
//! pages, e.g. 1000 or 10000, on top of the real site's 38).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const DOMAINS: [&str; 4] = ["people", "thinking", "self-competence", "innovation"];
const LEVELS: [&str; 4] = ["executive-higher", "executive-primary", "managerial", "senior-professional"];
const REAL: [&str; 7] =
    ["value-people", "collaboration", "forward-thinking", "making-decision", "change", "process-innovation", "innovative-thinking"];

const THAI_PROSE: [&str; 4] = [
    "ผู้บริหารกรุงเทพมหานครต้องรับฟังความคิดเห็นของผู้ปฏิบัติงานและประชาชน เพื่อนำมาปรับปรุงการให้บริการอย่างต่อเนื่อง",
    "การพัฒนาสมรรถนะเป็นกระบวนการระยะยาว ที่ต้องอาศัยการเรียนรู้ การทดลอง และการแลกเปลี่ยนประสบการณ์ระหว่างหน่วยงาน",
    "ตัวชี้วัดพฤติกรรมช่วยให้ผู้บังคับบัญชาประเมินผลได้อย่างเป็นธรรม และวางแผนพัฒนาบุคลากรได้ตรงกับความต้องการ",
    "การทำงานร่วมกับเครือข่ายภายนอกองค์กรทำให้เกิดนวัตกรรมในการแก้ไขปัญหาของเมืองที่ซับซ้อน",
];
const ENGLISH_PROSE: [&str; 4] = [
    "Executives of the Bangkok Metropolitan Administration listen to staff and residents and use what they hear to improve services.",
    "Developing a competency is a long process of learning, trying things out and sharing experience between agencies.",
    "Behavioural indicators let supervisors assess fairly and plan staff development that meets real needs.",
    "Working with networks outside the organization brings innovation to the city's complex problems.",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, pages] = args.as_slice() else {
        eprintln!("usage: gen_corpus DIR PAGES");
        std::process::exit(2);
    };
    let dir = PathBuf::from(dir);
    let pages: usize = pages.parse().expect("PAGES is a number");
    assert!(!dir.exists(), "{} exists already", dir.display());
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(repo.join("handbook.toml"), dir.join("handbook.toml")).unwrap();
    copy_dir(&repo.join("content"), &dir.join("content"));
    copy_dir(&repo.join("themes"), &dir.join("themes"));
    let competencies = dir.join("content/competencies");
    let count = pages.div_ceil(2);
    for i in 0..count {
        let next = (i + 1) % count;
        std::fs::write(competencies.join(format!("gen-{i:05}.md")), page(i, next, true)).unwrap();
        if 2 * i + 1 < pages {
            std::fs::write(competencies.join(format!("gen-{i:05}.en.md")), page(i, next, false)).unwrap();
        }
    }
    println!("wrote {pages} generated pages (+ the real site) into {}", dir.display());
}

/// One generated competency in Thai or English.
fn page(i: usize, next: usize, thai: bool) -> String {
    let (title, prose, key) = if thai {
        (format!("สมรรถนะทดสอบที่ {i}"), &THAI_PROSE, "ส่งเสริม")
    } else {
        (format!("Generated competency {i}"), &ENGLISH_PROSE, "Promote")
    };
    let mut s = String::new();
    writeln!(s, "+++\ntitle = \"{title}\"\nnumber = {}\ndomain = \"{}\"", 1000 + i, DOMAINS[i % DOMAINS.len()]).unwrap();
    writeln!(s, "definition = \"{}\"\n", prose[i % prose.len()]).unwrap();
    for (n, level) in LEVELS.iter().enumerate() {
        writeln!(s, "[[standards]]\nlevel = \"{level}\"\nkey = \"{key}\"\ntext = \"{}\"\n", prose[(i + n) % prose.len()]).unwrap();
    }
    s.push_str("+++\n\n");
    let real = REAL[i % REAL.len()];
    let suffix = if thai { "" } else { ".en" };
    for n in 0..3 {
        writeln!(s, "{}\n", prose[(i + n) % prose.len()]).unwrap();
    }
    writeln!(s, "[{real}](@/competencies/{real}{suffix}.md) · [{next}](@/competencies/gen-{next:05}{suffix}.md)").unwrap();
    s
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
