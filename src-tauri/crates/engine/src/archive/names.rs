//! Names inside a zip made safe for every OS the school may restore on: Windows' forbidden
//! characters and reserved names, its length limits, and names unique ignoring case.

use sha2::{Digest, Sha256};

/// Windows forbids these names whatever the extension.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];
/// Keeps every component well inside Windows' 255-UTF-16-unit limit and deep trees under MAX_PATH
/// on old systems once joined to a restore folder.
pub(super) const MAX_COMPONENT_CHARS: usize = 100;

/// A `/`-separated relative path made safe as a Windows path, component by component.
pub fn safe_path(rel: &str) -> String {
    let parts: Vec<String> = rel
        .split(['/', '\\'])
        .filter(|c| !c.is_empty() && *c != "." && *c != "..")
        .map(safe_component)
        .collect();
    if parts.is_empty() {
        "_".to_string()
    } else {
        parts.join("/")
    }
}

pub fn safe_component(c: &str) -> String {
    let mut s: String = c
        .chars()
        .map(|ch| {
            if (ch as u32) < 32 || "<>:\"/\\|?*".contains(ch) {
                '_'
            } else {
                ch
            }
        })
        .collect();
    while s.ends_with(' ') || s.ends_with('.') {
        s.pop();
    }
    if s.is_empty() {
        s.push('_');
    }
    let stem = s.split('.').next().unwrap_or("").trim_end();
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem)) {
        s.insert(stem.len(), '_');
    }
    if s.chars().count() > MAX_COMPONENT_CHARS {
        // Keep the extension and make the shortened name unique with a hash of the original.
        let ext = s
            .rsplit_once('.')
            .map(|(_, e)| e)
            .filter(|e| e.chars().count() <= 10)
            .unwrap_or("");
        let digest = hex::encode(Sha256::digest(c.as_bytes()));
        let keep: String = s.chars().take(MAX_COMPONENT_CHARS - 20).collect();
        s = if ext.is_empty() {
            format!("{keep}~{}", &digest[..8])
        } else {
            format!("{keep}~{}.{ext}", &digest[..8])
        };
    }
    s
}

pub(super) fn with_suffix(path: &str, suffix: &str) -> String {
    let (dir, file) = path
        .rsplit_once('/')
        .map(|(d, f)| (format!("{d}/"), f))
        .unwrap_or((String::new(), path));
    match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{dir}{stem}{suffix}.{ext}"),
        _ => format!("{dir}{file}{suffix}"),
    }
}
