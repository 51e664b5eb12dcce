//! The repository explains its own rule IDs.
//!
//! Code, tests, benches, fuzz targets and docs cite CloudEvents rules by ID
//! (`CORE-4`, `HTTP-8`, `E-44`, ...); `docs/RULES.md` defines every ID in one
//! table row. This test walks the whole repository (every package of the
//! workspace, the fuzz crate, scripts and docs, found by walking, never by a
//! list, so files can move freely) and fails when:
//!
//! - a file names an ID that `docs/RULES.md` lacks, in text (`CORE-4`) or in
//!   a function name (`fn http_8_names`, `fn e57_conflict`);
//! - a file points at a rule or design document the repository does not
//!   ship (the project's private checklists are not part of it);
//! - `docs/RULES.md` defines an ID twice or leaves a row without a rule or a
//!   source.
//!
//! The scanners are written by hand (no regex dependency) and tested below.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The areas of rule IDs, as written in text (uppercase, exact).
const PREFIXES: [&str; 17] = [
    "CORE", "NAME", "TYPE", "JSON", "BATCH", "HTTP", "KAFKA", "AMQP", "MQTT", "NATS", "WS", "EXT",
    "V03", "PROTO", "AVRO", "CESQL", "E",
];

/// Where the IDs are defined, relative to the repository root.
const RULES: &str = "docs/RULES.md";

/// File name extensions whose contents are checked. Files without an
/// extension are checked when they are scripts (`#!` first line).
const EXTENSIONS: [&str; 5] = ["rs", "md", "toml", "py", "sh"];

/// Directories never entered, by name anywhere in the tree.
const SKIP_DIR_NAMES: [&str; 2] = ["target", ".git"];

/// Directories never entered, by path relative to the root: fuzzing inputs
/// and outputs are data, not documentation.
const SKIP_DIR_PATHS: [&str; 2] = ["fuzz/corpus", "fuzz/artifacts"];

// The document names below are assembled from pieces so that this file does
// not trip its own check.

/// Name of an unshipped style guide; cited by file name or as `<name> 4`.
const STYLE: &str = concat!("STY", "LE");
/// Name of an unshipped rule checklist; cited by file name or `<name> §4`.
const CHECKLIST: &str = concat!("SP", "EC");

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Every rule ID in `text`: a word boundary, one of [`PREFIXES`], `-`, one or
/// more digits, an optional lowercase letter (`TYPE-7a`), a word boundary.
/// Words such as `UTF-8`, `SHA-256` or `RFC-3339` have no listed prefix.
fn rule_ids(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if i > 0 && is_word(bytes[i - 1]) {
            i += 1;
            continue;
        }
        match id_at(bytes, i) {
            Some(end) => {
                // The match is ASCII, so these are char boundaries.
                found.push(text[i..end].to_string());
                i = end;
            }
            None => i += 1,
        }
    }
    found
}

/// The end of a rule ID starting at `start` (already on a word boundary).
fn id_at(bytes: &[u8], start: usize) -> Option<usize> {
    let rest = &bytes[start..];
    let prefix = PREFIXES
        .iter()
        .find(|p| rest.starts_with(p.as_bytes()) && rest.get(p.len()) == Some(&b'-'))?;
    let digits_start = prefix.len() + 1;
    let digits = rest[digits_start..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 {
        return None;
    }
    let mut end = digits_start + digits;
    if rest.get(end).is_some_and(u8::is_ascii_lowercase)
        && !rest.get(end + 1).copied().is_some_and(is_word)
    {
        end += 1;
    }
    if rest.get(end).copied().is_some_and(is_word) {
        return None;
    }
    Some(start + end)
}

/// Rule IDs spelled in snake case inside function names: `fn http_8_names`
/// names HTTP-8, `fn kafka_5_tombstones_e66` names KAFKA-5 and E-66.
fn fn_name_ids(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("fn ") {
        let before_ok = at == 0 || !is_word(rest.as_bytes()[at - 1]);
        rest = &rest[at + 3..];
        if !before_ok {
            continue;
        }
        let name_len = rest.bytes().take_while(|&b| is_word(b)).count();
        let segments: Vec<&str> = rest[..name_len].split('_').collect();
        for (k, seg) in segments.iter().enumerate() {
            let next = segments.get(k + 1).copied().unwrap_or("");
            if let Some(prefix) = PREFIXES.iter().find(|p| p.eq_ignore_ascii_case(seg)) {
                if seg.bytes().all(|b| !b.is_ascii_uppercase()) && is_number(next) {
                    found.push(format!("{prefix}-{next}"));
                }
            } else if let Some(number) = seg.strip_prefix('e') {
                if number.bytes().all(|b| b.is_ascii_digit()) && !number.is_empty() {
                    found.push(format!("E-{number}"));
                }
            }
        }
        rest = &rest[name_len..];
    }
    found
}

/// Digits, optionally followed by one lowercase letter (`7a`).
fn is_number(s: &str) -> bool {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && (digits == s.len()
            || (digits + 1 == s.len() && s.as_bytes()[digits].is_ascii_lowercase()))
}

/// Documents `line` cites that must exist somewhere in the repository, by file
/// name: `<STYLE>.md` and `<CHECKLIST>.md` as written, and the shorthand
/// `<STYLE> 4` / `<STYLE> principle` / `<CHECKLIST> §4` for them.
fn cited_documents(line: &str) -> Vec<String> {
    let mut cited = Vec::new();
    for name in [STYLE, CHECKLIST] {
        let file = format!("{name}.md");
        let mut rest = line;
        while let Some(at) = rest.find(name) {
            let before_ok = at == 0 || !is_word(rest.as_bytes()[at - 1]);
            let after = &rest[at + name.len()..];
            let shorthand = if name == STYLE {
                after.starts_with(" principle")
                    || after
                        .strip_prefix(' ')
                        .is_some_and(|a| a.starts_with(|c: char| c.is_ascii_digit()))
            } else {
                after.starts_with(" §")
            };
            if before_ok && (after.starts_with(".md") || shorthand) {
                cited.push(file.clone());
            }
            rest = after;
        }
    }
    cited
}

/// The repository root: the nearest ancestor of this package holding
/// [`RULES`], not looking past the directory that holds `.git`.
fn repository_root() -> PathBuf {
    let mut dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    loop {
        if dir.join(RULES).is_file() {
            return dir.to_path_buf();
        }
        match dir.parent() {
            Some(parent) if !dir.join(".git").exists() => dir = parent,
            _ => panic!(
                "{RULES} not found in {} or its ancestors up to the repository root",
                env!("CARGO_MANIFEST_DIR")
            ),
        }
    }
}

/// Every file under `root` whose contents are checked, as (path relative to
/// the root with `/` separators, contents), plus every file name seen.
fn repository_files(root: &Path) -> (Vec<(String, String)>, BTreeSet<String>) {
    let mut checked = Vec::new();
    let mut names = BTreeSet::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let entry = entry.unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            let path = entry.path();
            let relative = relative_path(root, &path);
            let name = entry.file_name().to_string_lossy().into_owned();
            // `file_type` does not follow symbolic links, so a link cannot
            // lead the walk in a circle.
            let kind = entry
                .file_type()
                .unwrap_or_else(|e| panic!("{relative}: {e}"));
            if kind.is_dir() {
                if !SKIP_DIR_NAMES.contains(&name.as_str())
                    && !SKIP_DIR_PATHS.contains(&relative.as_str())
                {
                    pending.push(path);
                }
                continue;
            }
            if !kind.is_file() {
                continue;
            }
            names.insert(name.clone());
            let extension = Path::new(&name).extension().and_then(|e| e.to_str());
            let wanted = match extension {
                Some(ext) => EXTENSIONS.contains(&ext),
                None => true, // a script, if its first bytes say so
            };
            if !wanted {
                continue;
            }
            let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{relative}: {e}"));
            if extension.is_none() && !bytes.starts_with(b"#!") {
                continue;
            }
            checked.push((relative, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    checked.sort();
    (checked, names)
}

fn relative_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<_> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// The IDs `docs/RULES.md` defines: the first cell of each table row that is
/// exactly one ID. Malformed rows and repeated IDs go to `problems`.
fn defined_ids(rules: &str, problems: &mut Vec<String>) -> BTreeSet<String> {
    let mut defined = BTreeSet::new();
    for (n, line) in rules.lines().enumerate() {
        let Some(row) = line.strip_prefix('|') else {
            continue;
        };
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let ids = rule_ids(cells[0]);
        if ids.len() != 1 || ids[0] != cells[0] {
            continue; // a header, separator or prefix-table row
        }
        let id = ids[0].clone();
        // Three cells (ID, rule, source) and the empty one after the last `|`.
        if cells.len() != 4 || cells[1].is_empty() || cells[2].is_empty() {
            problems.push(format!(
                "{RULES}:{}: row for {id} needs a rule and a source",
                n + 1
            ));
        }
        if !defined.insert(id.clone()) {
            problems.push(format!("{RULES}:{}: {id} is defined twice", n + 1));
        }
    }
    defined
}

#[test]
fn every_rule_id_in_the_repository_is_defined_in_rules_md() {
    let root = repository_root();
    let (files, names) = repository_files(&root);
    let mut problems = Vec::new();

    let rules = fs::read_to_string(root.join(RULES)).expect("read docs/RULES.md");
    let defined = defined_ids(&rules, &mut problems);
    // A sanity floor, so that a broken table parser cannot pass silently:
    // both ends of two areas must be there.
    for id in ["CORE-1", "CORE-16", "E-01", "E-89"] {
        assert!(defined.contains(id), "{RULES} does not define {id}");
    }

    let mut cited_ids = 0;
    for (path, text) in &files {
        let is_rust = path.ends_with(".rs");
        for (n, line) in text.lines().enumerate() {
            if path != RULES {
                let mut ids = rule_ids(line);
                if is_rust {
                    ids.extend(fn_name_ids(line));
                }
                for id in ids {
                    cited_ids += 1;
                    if !defined.contains(&id) {
                        problems.push(format!("{path}:{}: {id} is not in {RULES}", n + 1));
                    }
                }
            }
            for document in cited_documents(line) {
                if !names.contains(&document) {
                    problems.push(format!(
                        "{path}:{}: cites {document}, which the repository does not contain",
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(
        cited_ids > 0,
        "no rule IDs found: is the walk looking at the right directory ({})?",
        root.display()
    );
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn scanner_finds_ids_at_word_boundaries_only() {
    assert_eq!(
        rule_ids("see CORE-4 and E-44, not UTF-8"),
        ["CORE-4", "E-44"]
    );
    assert_eq!(
        rule_ids("(HTTP-1..HTTP-22), E-48..E-65"),
        ["HTTP-1", "HTTP-22", "E-48", "E-65"]
    );
    assert_eq!(rule_ids("TYPE-7a; CESQL-3/14"), ["TYPE-7a", "CESQL-3"]);
    assert_eq!(rule_ids("→E-01 `V03-10`"), ["E-01", "V03-10"]);
    for not_an_id in [
        "UTF-8", "aCORE-1", "CORE-x", "CORE-", "CORE-1x2", "CORE-4ab", "core-4", "Core-4",
        "CORE_4", "RFC-3339", "SHA-256", "ISO-8601", "X-1", "1E-3", "E-1_000",
    ] {
        assert_eq!(rule_ids(not_an_id), Vec::<String>::new(), "{not_an_id}");
    }
}

#[test]
fn scanner_reads_ids_from_test_function_names() {
    assert_eq!(fn_name_ids("fn http_8_names() {"), ["HTTP-8"]);
    assert_eq!(
        fn_name_ids("    fn kafka_5_tombstones_e66() {"),
        ["KAFKA-5", "E-66"]
    );
    assert_eq!(fn_name_ids("fn e57_conflicts()"), ["E-57"]);
    assert_eq!(fn_name_ids("fn v03_10_never_written()"), ["V03-10"]);
    assert_eq!(fn_name_ids("fn type_7a_iri()"), ["TYPE-7a"]);
    assert_eq!(fn_name_ids("fn follows_http_11()"), ["HTTP-11"]);
    for not_an_id in [
        "fn json_roundtrip()",
        "fn utf8_16_bytes()",
        "fn e2e_smoke()",
        "fn parse_e()",
        "defn http_8()",
        "let http_8 = 1;",
        "fn http_x()",
    ] {
        assert_eq!(fn_name_ids(not_an_id), Vec::<String>::new(), "{not_an_id}");
    }
}

#[test]
fn unshipped_documents_are_recognised() {
    let style_md = format!("see {STYLE}.md");
    let principle = format!("({STYLE} principle 10)");
    let numbered = format!("({STYLE} 1)");
    let section = format!("{CHECKLIST} §6");
    let checklist_md = format!("`{CHECKLIST}.md` §0");
    let style_file = format!("{STYLE}.md");
    let checklist_file = format!("{CHECKLIST}.md");
    for (line, expected) in [
        (&style_md, &style_file),
        (&principle, &style_file),
        (&numbered, &style_file),
        (&section, &checklist_file),
        (&checklist_md, &checklist_file),
    ] {
        assert_eq!(
            cited_documents(line),
            std::slice::from_ref(expected),
            "{line}"
        );
    }
    let area = format!("{CHECKLIST} HTTP-22");
    let lower = format!("{} 1", STYLE.to_lowercase());
    let longer = format!("X{STYLE} 1");
    for line in ["the style of it", "spec.md §id", &area, &lower, &longer] {
        assert_eq!(cited_documents(line), Vec::<String>::new(), "{line}");
    }
}
