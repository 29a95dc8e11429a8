//! The offline copy's file names: one path in the zip per saved URL (query strings included, names
//! safe on Windows, no two paths differing only in case, no file where a folder must be), and the
//! relative links between them, so `ban-sao-offline/index.html` opens in any browser with no
//! network. Pages and their parts live under `ban-sao-offline/`; the school's documents under
//! `van-ban/`, once, and the pages link there.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use std::collections::{BTreeMap, HashMap, HashSet};
use url::Url;

/// What a saved URL is, as far as naming goes.
pub struct Saved<'a> {
    /// The zip folder it goes in: `ban-sao-offline` or `van-ban`.
    pub folder: &'a str,
    pub url: &'a str,
    pub content_type: &'a str,
    /// `Content-Disposition` file name.
    pub file_name: Option<&'a str>,
}

/// The path a URL would get, before collisions are resolved.
pub fn natural_path(url: &Url, content_type: &str, file_name: Option<&str>) -> String {
    let mut path = percent_decode(url.path().trim_start_matches('/'));
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    if let Some(q) = url.query() {
        let q: String = percent_decode(q)
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let (stem, ext) = split_ext(&path);
        path = format!("{stem}_{q}{ext}");
    }
    if let Some(name) = file_name.filter(|n| !n.trim().is_empty()) {
        // A download script (`index.php?…&op=download`) keeps the server's real file name.
        let (stem, _) = split_ext(&path);
        path = format!("{stem}/{}", name.trim());
    }
    let ct = content_type.to_ascii_lowercase();
    let ext = split_ext(&path).1.to_ascii_lowercase();
    if ct.contains("html") && !matches!(ext.as_str(), ".html" | ".htm") {
        path.push_str(".html");
    } else if ct.contains("text/css") && ext != ".css" {
        path.push_str(".css");
    }
    path.split('/')
        .filter(|c| !c.is_empty() && *c != "." && *c != "..")
        .map(crate::archive::safe_component)
        .collect::<Vec<_>>()
        .join("/")
}

fn split_ext(path: &str) -> (&str, &str) {
    let last = path.rsplit('/').next().unwrap_or(path);
    match last.rfind('.') {
        Some(i) if i > 0 => {
            let cut = path.len() - last.len() + i;
            (&path[..cut], &path[cut..])
        }
        _ => (path, ""),
    }
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Saved URL → path inside the zip.
#[derive(Debug, Default)]
pub struct Map {
    paths: HashMap<String, String>,
    /// Redirected or duplicate URLs → the URL whose content they share.
    aliases: HashMap<String, String>,
}

impl Map {
    pub fn build<'a>(
        saved: impl IntoIterator<Item = Saved<'a>>,
        aliases: HashMap<String, String>,
    ) -> Map {
        let natural: BTreeMap<String, String> = saved
            .into_iter()
            .filter_map(|s| {
                let u = Url::parse(s.url).ok()?;
                Some((
                    s.url.to_string(),
                    format!(
                        "{}/{}",
                        s.folder,
                        natural_path(&u, s.content_type, s.file_name)
                    ),
                ))
            })
            .collect();
        // Every folder any path needs, case-folded: a file may not take a folder's name.
        let dirs: HashSet<String> = natural
            .values()
            .flat_map(|p| {
                let comps: Vec<&str> = p.split('/').collect();
                (1..comps.len())
                    .map(move |n| comps[..n].join("/").to_lowercase())
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut taken: HashSet<String> = HashSet::new();
        let mut paths = HashMap::new();
        for (url, p) in natural {
            let mut candidate = p.clone();
            let mut n = 1;
            while dirs.contains(&candidate.to_lowercase())
                || !taken.insert(candidate.to_lowercase())
            {
                n += 1;
                let (stem, ext) = split_ext(&p);
                candidate = format!("{stem}~{n}{ext}");
            }
            paths.insert(url, candidate);
        }
        Map { paths, aliases }
    }

    /// Every address with its path, redirected and duplicate addresses included, sorted.
    pub fn all(&self) -> BTreeMap<&str, &str> {
        let mut all: BTreeMap<&str, &str> = self
            .paths
            .iter()
            .map(|(u, p)| (u.as_str(), p.as_str()))
            .collect();
        for u in self.aliases.keys() {
            if let Some(p) = self.local(u) {
                all.insert(u.as_str(), p);
            }
        }
        all
    }

    /// The local path of a URL, following redirects and duplicates.
    pub fn local(&self, url: &str) -> Option<&str> {
        let mut u = url;
        for _ in 0..10 {
            if let Some(p) = self.paths.get(u) {
                return Some(p);
            }
            u = self.aliases.get(u)?;
        }
        None
    }

    /// The link to write in the file at `from` for `target`: relative and percent-encoded, with the
    /// fragment kept. `None` leaves the original link (outside the site, or not saved).
    pub fn link(&self, from: &str, target: &Url) -> Option<String> {
        let mut bare = target.clone();
        bare.set_fragment(None);
        let to = self.local(bare.as_str())?;
        let mut rel = relative(from, to);
        if let Some(f) = target.fragment() {
            rel.push('#');
            rel.push_str(f);
        }
        Some(rel)
    }
}

/// Characters that cannot stay as they are in a relative URL.
const LINK: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'|')
    .add(b'^')
    .add(b'[')
    .add(b']');

/// `a/b/c.html` → `a/x/y.png` is `../x/y.png`.
pub fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len().saturating_sub(1)];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len() - 1);
    let mut out: Vec<String> = vec!["..".to_string(); from_dirs.len() - common];
    out.extend(
        to_parts[common..]
            .iter()
            .map(|c| utf8_percent_encode(c, LINK).to_string()),
    );
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn natural_paths_keep_query_urls_apart_and_open_as_html() {
        assert_eq!(
            natural_path(&u("http://a.vn/"), "text/html", None),
            "index.html"
        );
        assert_eq!(
            natural_path(&u("http://a.vn/tin-tuc/"), "text/html", None),
            "tin-tuc/index.html"
        );
        let a = natural_path(
            &u("http://a.vn/index.php?nv=news&op=1"),
            "text/html; charset=utf-8",
            None,
        );
        let b = natural_path(&u("http://a.vn/index.php?nv=news&op=2"), "text/html", None);
        assert_ne!(a, b);
        assert!(a.ends_with(".html") && !a.contains('?'), "{a}");
        assert_eq!(
            natural_path(
                &u("http://a.vn/uploads/v%C4%83n%20b%E1%BA%A3n.pdf"),
                "application/pdf",
                None
            ),
            "uploads/văn bản.pdf"
        );
        assert_eq!(
            natural_path(
                &u("http://a.vn/index.php?nv=laws&op=download&id=5"),
                "application/pdf",
                Some("QĐ 12.pdf")
            ),
            "index_nv_laws_op_download_id_5/QĐ 12.pdf"
        );
        assert_eq!(
            natural_path(&u("http://a.vn/gioi-thieu"), "text/html", None),
            "gioi-thieu.html"
        );
        assert_eq!(
            natural_path(&u("http://a.vn/../../etc/x.css"), "text/css", None),
            "etc/x.css"
        );
    }

    #[test]
    fn collisions_in_case_and_file_versus_folder_are_resolved() {
        let saved = [
            ("http://a.vn/Anh.jpg", "image/jpeg"),
            ("http://a.vn/anh.jpg", "image/jpeg"),
            ("http://a.vn/tai-lieu", "application/pdf"),
            ("http://a.vn/tai-lieu/a.pdf", "application/pdf"),
        ];
        let m = Map::build(
            saved.iter().map(|(url, ct)| Saved {
                folder: if ct.contains("pdf") {
                    "van-ban"
                } else {
                    "ban-sao-offline"
                },
                url,
                content_type: ct,
                file_name: None,
            }),
            HashMap::from([("http://a.vn/cu.html".into(), "http://a.vn/anh.jpg".into())]),
        );
        let paths: HashSet<String> = saved
            .iter()
            .map(|(u, _)| m.local(u).unwrap().to_lowercase())
            .collect();
        assert_eq!(paths.len(), 4);
        assert_ne!(m.local("http://a.vn/tai-lieu").unwrap(), "van-ban/tai-lieu");
        assert_eq!(
            m.local("http://a.vn/tai-lieu/a.pdf").unwrap(),
            "van-ban/tai-lieu/a.pdf"
        );
        assert_eq!(
            m.local("http://a.vn/Anh.jpg").unwrap(),
            "ban-sao-offline/Anh.jpg"
        );
        assert_eq!(
            m.local("http://a.vn/cu.html"),
            m.local("http://a.vn/anh.jpg")
        );
        assert_eq!(m.local("http://a.vn/khong-co"), None);
    }

    #[test]
    fn relative_links() {
        assert_eq!(relative("a/b/c.html", "a/x/y.png"), "../x/y.png");
        assert_eq!(relative("index.html", "tin/bai 1.html"), "tin/bai%201.html");
        assert_eq!(relative("tin/a.html", "index.html"), "../index.html");
        assert_eq!(relative("tin/a.html", "tin/a.html"), "a.html");
        assert_eq!(relative("x/y/z.html", "x/y.html"), "../y.html");
        let m = Map::build(
            [
                Saved {
                    folder: "ban-sao-offline",
                    url: "http://a.vn/tin/a.html",
                    content_type: "text/html",
                    file_name: None,
                },
                Saved {
                    folder: "van-ban",
                    url: "http://a.vn/uploads/qd%2012.pdf",
                    content_type: "application/pdf",
                    file_name: None,
                },
            ],
            HashMap::new(),
        );
        assert_eq!(
            m.link(
                "ban-sao-offline/index.html",
                &u("http://a.vn/tin/a.html#muc-2")
            )
            .as_deref(),
            Some("tin/a.html#muc-2")
        );
        // A page links to the document's one copy in van-ban/.
        assert_eq!(
            m.link(
                "ban-sao-offline/tin/a.html",
                &u("http://a.vn/uploads/qd%2012.pdf")
            )
            .as_deref(),
            Some("../../van-ban/uploads/qd%2012.pdf")
        );
        assert_eq!(m.link("index.html", &u("https://vnexpress.net/")), None);
    }
}
