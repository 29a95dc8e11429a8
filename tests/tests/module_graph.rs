//! The engine's modules, and the desktop shell's, import one another in one direction only: no
//! two modules import each other, directly or round a circle. A folder's own `super::` helpers
//! are inside one module. In the engine, `error` and `message`, the shared vocabulary at the
//! edge, may name any module's types and are left out; in the shell, `lib.rs` only wires the
//! parts. Read from the source, so a new loop fails here, not in a reviewer's head.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn project() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Top-level module → the top-level modules its files name as `crate::x`; the modules in `EDGE`
/// are left out on both ends.
fn graph(src: &Path, edge: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let src = src.to_path_buf();
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let re = regex::Regex::new(r"crate::([a-z_][a-z0-9_]*)").unwrap();
    let grouped = regex::Regex::new(r"crate::\{([^}]*)\}").unwrap();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let p = entry.path();
        if p.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = p.strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        if module == "lib" || edge.contains(&module.as_str()) {
            continue;
        }
        let text = fs::read_to_string(p).unwrap();
        // Tests may reach anywhere: only the code that ships counts.
        let shipped = text.split("#[cfg(test)]").next().unwrap_or_default();
        let deps = g.entry(module.clone()).or_default();
        // `use crate::{a, b::c}` names a and b.
        let names = re.captures_iter(shipped).map(|c| c[1].to_string()).chain(
            grouped.captures_iter(shipped).flat_map(|c| {
                c[1].split(',')
                    .filter_map(|n| n.trim().split("::").next().map(str::to_string))
                    .filter(|n| !n.is_empty())
                    .collect::<Vec<_>>()
            }),
        );
        for dep in names {
            if dep != module
                && !edge.contains(&dep.as_str())
                && !matches!(dep.as_str(), "Error" | "Result")
            {
                deps.insert(dep);
            }
        }
    }
    g
}

/// A circle through `start`, if any: the path back to it.
fn circle(g: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_string(), vec![start.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((m, path)) = stack.pop() {
        for d in g.get(&m).into_iter().flatten() {
            if d == start {
                let mut p = path.clone();
                p.push(d.clone());
                return Some(p);
            }
            if seen.insert(d.clone()) {
                let mut p = path.clone();
                p.push(d.clone());
                stack.push((d.clone(), p));
            }
        }
    }
    None
}

fn circles(g: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    g.keys()
        .filter_map(|m| circle(g, m))
        .map(|c| c.join(" → "))
        .collect()
}

#[test]
fn no_two_engine_modules_import_each_other() {
    let g = graph(
        &project().join("src-tauri/crates/engine/src"),
        &["error", "message"],
    );
    assert!(g.len() > 20, "the engine's modules were read: {g:?}");
    let circles = circles(&g);
    assert!(circles.is_empty(), "import loops:\n{}", circles.join("\n"));
}

#[test]
fn no_two_shell_modules_import_each_other() {
    let g = graph(&project().join("src-tauri/src"), &[]);
    assert!(g.len() > 8, "the shell's modules were read: {g:?}");
    // The runner is below everything that starts a backup.
    assert!(g["tray"].contains("runner") && g["commands"].contains("runner"));
    let circles = circles(&g);
    assert!(circles.is_empty(), "import loops:\n{}", circles.join("\n"));
}
