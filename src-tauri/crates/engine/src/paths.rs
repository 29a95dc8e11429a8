//! How the app names and compares places on disk, the same on every OS: a folder the user typed
//! or picked is kept in its plain absolute form (`E:\Sao lưu`, never Windows' verbatim
//! `\\?\E:\Sao lưu`, which people cannot read and which compares unequal to `E:\`), and two names
//! of one place are equal where the OS says they are: ignoring case on Windows (and macOS's
//! default volumes), byte for byte elsewhere. A relative name from outside (a zip entry, a site's
//! file path) becomes a path only when it stays inside the folder it is joined to.

use std::path::{Path, PathBuf};

/// The absolute, link-free form of an existing path, or the path as given when it does not exist
/// (a drive that was unplugged keeps the name the school registered).
pub fn canonical(p: &Path) -> PathBuf {
    dunce::canonicalize(p)
        .or_else(|_| std::path::absolute(p))
        .unwrap_or_else(|_| p.to_path_buf())
}

/// Whether `a` and `b` name the same place, as the OS compares names.
pub fn same(a: &Path, b: &Path) -> bool {
    let (a, b) = (canonical(a), canonical(b));
    if cfg!(any(windows, target_os = "macos")) {
        key(&a) == key(&b)
    } else {
        a == b
    }
}

/// Whether `inner` is `outer` or lies inside it, as the OS compares names.
pub fn within(inner: &Path, outer: &Path) -> bool {
    let (inner, outer) = (canonical(inner), canonical(outer));
    if cfg!(any(windows, target_os = "macos")) {
        let (i, o) = (key(&inner), key(&outer));
        let o = o.trim_end_matches('/');
        i == o || i.starts_with(&format!("{o}/"))
    } else {
        inner.starts_with(&outer)
    }
}

/// A path folded for comparison where names ignore case: one separator, lower case, no trailing
/// separator.
fn key(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/").to_lowercase();
    match s.trim_end_matches('/') {
        "" => s,
        t if t.ends_with(':') => format!("{t}/"), // `e:/` stays the drive's root
        t => t.to_string(),
    }
}

/// A relative name (a zip entry's, a site's file path) as a path that stays inside the folder it
/// is joined to, on every OS; `None` when it would leave it.
pub fn safe_relative(name: &str) -> Option<PathBuf> {
    if name.is_empty() || name.starts_with(['/', '\\']) || name.contains(':') {
        return None;
    }
    let mut out = PathBuf::new();
    for part in name.split(['/', '\\']) {
        match part {
            "" | "." => continue,
            ".." => return None,
            p => out.push(p),
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_place_under_two_names() {
        let d = tempfile::tempdir().unwrap();
        let inner = d.path().join("Ổ sao lưu");
        std::fs::create_dir(&inner).unwrap();
        assert!(same(&inner, &d.path().join(".").join("Ổ sao lưu")));
        assert!(within(&inner.join("SaoLuuTruongHoc"), d.path()));
        assert!(!within(d.path(), &inner));
        // A name that is gone (an unplugged drive) still compares by its text.
        let gone = d.path().join("không còn");
        assert!(same(&gone, &gone));
        assert!(!same(&gone, &inner));
        // The plain form, never Windows' verbatim `\\?\` form.
        assert!(!canonical(&inner).to_string_lossy().starts_with(r"\\?\"));
    }

    #[test]
    fn case_counts_only_where_the_os_says_so() {
        let d = tempfile::tempdir().unwrap();
        let a = d.path().join("USB");
        std::fs::create_dir(&a).unwrap();
        let b = d.path().join("usb");
        assert_eq!(
            same(&a, &b),
            cfg!(any(windows, target_os = "macos")),
            "{} vs {}",
            a.display(),
            b.display()
        );
        assert_eq!(key(Path::new(r"E:\")), "e:/");
        assert_eq!(key(Path::new(r"E:\Sao Lưu\")), "e:/sao lưu");
    }
}
