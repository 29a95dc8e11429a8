//! The window and the desktop shell word nothing themselves: every sentence they show comes from
//! the engine's `message` (`window_words` for the page, `message::shell` for the tray and the
//! dialogs), and every key the window asks for is there. Read from the source, so a sentence
//! typed into a module fails here.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

fn ui_modules() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&dir) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "js") {
            let name = entry
                .path()
                .strip_prefix(&dir)
                .unwrap()
                .display()
                .to_string();
            out.push((name, fs::read_to_string(entry.path()).unwrap()));
        }
    }
    assert!(out.len() >= 10, "the window's modules were read: {out:?}");
    out
}

/// The code without its comments (a comment may quote what the user sees, to say why).
fn code(source: &str) -> String {
    source
        .lines()
        .map(|l| match l.find("// ") {
            Some(i) if !l[..i].ends_with(':') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_window_holds_no_vietnamese_of_its_own() {
    // Letters only Vietnamese uses here; ASCII keys, ids and class names pass.
    let vietnamese = regex::Regex::new(r"[À-ỹđĐ]").unwrap();
    let mut found = Vec::new();
    for (name, source) in ui_modules() {
        for (n, line) in code(&source).lines().enumerate() {
            if vietnamese.is_match(line) {
                found.push(format!("{name}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "words the engine should say:\n{}",
        found.join("\n")
    );
}

/// The CLI's sources that print (its `--help` text in `cli.rs` is clap's and stays there).
fn cli_sources() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src-tauri/crates/cli/src");
    ["main.rs", "output.rs"]
        .iter()
        .map(|f| (f.to_string(), fs::read_to_string(dir.join(f)).unwrap()))
        .collect()
}

#[test]
fn every_key_the_front_ends_ask_for_is_in_the_engine() {
    let words = saoluu_engine::message::window_words();
    // say("key" …) and the keys chosen between two: say(x ? "a" : "b"), and keys built with a
    // template (`report-saved-${format}…`) are listed by their possible values below.
    let asked = regex::Regex::new(r#"say\(([^()]*?)[,)]"#).unwrap();
    let quoted = regex::Regex::new(r#""([a-z0-9-]+)""#).unwrap();
    let mut used = BTreeSet::new();
    for (_, source) in ui_modules() {
        for call in asked.captures_iter(&code(&source)) {
            used.extend(quoted.captures_iter(&call[1]).map(|k| k[1].to_string()));
        }
    }
    // say!("key", …) and say!(if … { "a" } else { "b" }) in the CLI.
    let asked_cli = regex::Regex::new(
        r#"say!\(\s*(if [^{]*\{\s*"[a-z0-9-]+"\s*\}\s*else\s*\{\s*"[a-z0-9-]+"\s*\}|"[a-z0-9-]+")"#,
    )
    .unwrap();
    for (_, source) in cli_sources() {
        for call in asked_cli.captures_iter(&source) {
            used.extend(quoted.captures_iter(&call[1]).map(|k| k[1].to_string()));
        }
    }
    for built in ["report-saved-", "plan-"] {
        assert!(words.keys().any(|k| k.starts_with(built)));
    }
    used.insert("report-saved-xlsx".to_string());
    // What a rebuild made, named by its kind (`say!(i.kind)`).
    for kind in ["media", "category", "tag", "page", "post"] {
        used.insert(kind.to_string());
    }
    for kind in ["pdf", "html"] {
        for opened in ["", "-opened"] {
            used.insert(format!("report-saved-{kind}{opened}"));
            used.insert(format!("plan-{kind}{opened}"));
        }
    }
    assert!(used.len() > 150, "the front ends' keys were read: {used:?}");
    let missing: Vec<_> = used
        .iter()
        .filter(|k| !words.contains_key(k.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "keys the engine does not have: {missing:?}"
    );
    let unused: Vec<_> = words.keys().filter(|k| !used.contains(**k)).collect();
    assert!(unused.is_empty(), "words nobody shows: {unused:?}");
}

#[test]
fn the_shell_holds_no_vietnamese_of_its_own() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src-tauri/src");
    let literal = regex::Regex::new(r#""[^"]*[À-ỹđĐ][^"]*""#).unwrap();
    let mut found = Vec::new();
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = fs::read_to_string(&path).unwrap();
        for (n, line) in source.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            if literal.is_match(code) {
                found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "words the engine should say:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_cli_prints_no_vietnamese_of_its_own() {
    let literal = regex::Regex::new(r#""[^"]*[À-ỹđĐ][^"]*""#).unwrap();
    let mut found = Vec::new();
    for (name, source) in cli_sources() {
        for (n, line) in source.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            if literal.is_match(code) {
                found.push(format!("{name}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "words the engine should say:\n{}",
        found.join("\n")
    );
}
