//! A NukeViet site's news in NukeViet's own shape, for its administrator to enter again after a
//! wipe: the uploads tree as NukeViet keeps it (`uploads/news/…`), the categories with their
//! aliases, and each article's fields as the admin panel's "Thêm bài viết" form asks for them,
//! with a body whose pictures and files point at `/uploads/…` so it works at the old address and
//! at a new one.
//!
//! NukeViet 4.x has no import of articles, and its remote API (absent before 4.5, off by default
//! from 4.5) has no call that creates a news article, so there is nothing to post to; the way back
//! is the admin panel, and this folder makes it copy-and-paste.

use super::articles::Article;
use super::cms;
use crate::error::{IoContext, Result};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use url::Url;

/// The folder written beside the restored site.
pub const FOLDER: &str = "dung-lai-nukeviet";

/// One article's place on a NukeViet site: its module, category alias and own alias.
#[derive(Debug, PartialEq)]
struct Place {
    module: String,
    category: String,
    alias: String,
}

/// Where a NukeViet article address says it lives: `/news/thong-bao/khai-giang-12.html`, the
/// same under a language folder, or `index.php?nv=news&op=thong-bao/khai-giang-12`.
fn place(url: &Url) -> Option<Place> {
    let id = cms::id_from_url(url)?;
    let mut parts = id.strip_prefix("nv:")?.split(':');
    let (module, number) = (parts.next()?.to_string(), parts.next()?);
    let route = url
        .query_pairs()
        .find(|(k, _)| k.eq_ignore_ascii_case("op"))
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| url.path().to_string());
    let segments: Vec<&str> = route
        .split('/')
        .filter(|s| !s.is_empty() && !s.eq_ignore_ascii_case(&module))
        .filter(|s| !(s.len() == 2 && s.chars().all(|c| c.is_ascii_lowercase())))
        .collect();
    let last = segments.last()?;
    let stem = last.split('.').next().unwrap_or(last);
    let alias = stem
        .strip_suffix(number)
        .map(|s| s.trim_end_matches('-'))
        .unwrap_or(stem)
        .to_string();
    let category = segments
        .len()
        .checked_sub(2)
        .and_then(|i| segments.get(i))
        .map(|s| s.to_string())
        .unwrap_or_default();
    Some(Place {
        module,
        category,
        alias,
    })
}

/// The path under the site's `uploads/` of a file the site kept there.
fn uploads_path(url: &Url) -> Option<String> {
    let path = percent_encoding::percent_decode_str(url.path())
        .decode_utf8_lossy()
        .into_owned();
    let rest = path.split_once("/uploads/")?.1;
    crate::paths::safe_relative(rest).map(|_| rest.to_string())
}

/// Writes `dung-lai-nukeviet/` into a restored website folder whose articles are NukeViet news;
/// `None` when they are not.
pub fn write(site_dir: &Path) -> Result<Option<PathBuf>> {
    if !site_dir.join("bai-viet").is_dir() {
        return Ok(None);
    }
    let articles = super::republish::read_articles(site_dir)?;
    let placed: Vec<(&Article, Place, Url)> = articles
        .iter()
        .filter_map(|a| {
            let u = Url::parse(&a.url).ok()?;
            Some((a, place(&u)?, u))
        })
        .filter(|(_, p, _)| p.module != "laws")
        .collect();
    if placed.is_empty() {
        return Ok(None);
    }
    // A restore run again writes the same files again; nothing already there is deleted.
    let out = site_dir.join(FOLDER);
    std::fs::create_dir_all(out.join("bai-viet")).at(&out)?;

    // The site's own files, back where NukeViet keeps them; each old address to its new path.
    // Pictures a body only names in a srcset are found by address in the backup's index.
    let index: HashMap<String, String> = std::fs::read(site_dir.join(super::write::ADDRESS_INDEX))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let mut moved: HashMap<String, String> = HashMap::new();
    for (a, _, base) in &placed {
        let named = super::links::find_in_html(a.body_html.as_bytes(), None, base)
            .into_iter()
            .map(|(_, mut u)| {
                u.set_fragment(None);
                let saved = index.get(u.as_str()).cloned();
                (u.to_string(), saved)
            });
        let linked = a
            .images
            .iter()
            .chain(&a.attachments)
            .map(|l| (l.url.clone(), l.saved_as.clone()));
        for (url, saved) in linked.chain(named) {
            if let Some(saved) = saved {
                copy_upload(site_dir, &out, &url, &saved, &mut moved)?;
            }
        }
    }

    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let _ = w.write_record([
        "Tiêu đề",
        "Liên kết tĩnh",
        "Chuyên mục",
        "Liên kết tĩnh của chuyên mục",
        "Thời gian đăng",
        "Tác giả",
        "Giới thiệu ngắn gọn",
        "Hình minh họa",
        "Nội dung chi tiết (tệp)",
        "Địa chỉ cũ",
    ]);
    let mut categories: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    for (a, p, base) in &placed {
        let body = relink(&a.body_html, base, &moved);
        // Two articles may share an alias in different categories; their files may not.
        let n = used.entry(p.alias.clone()).or_default();
        *n += 1;
        let file = if *n == 1 {
            format!("bai-viet/{}.html", p.alias)
        } else {
            format!("bai-viet/{}-{n}.html", p.alias)
        };
        let dest = out.join(&file);
        std::fs::write(&dest, body.as_bytes()).at(&dest)?;
        let picture = a
            .images
            .iter()
            .find_map(|l| moved.get(&l.url))
            .and_then(|p| p.strip_prefix("/uploads/"))
            // The form's picture is relative to the module's own folder (`uploads/news/`).
            .map(|p| p.split_once('/').map_or(p, |(_, rest)| rest))
            .unwrap_or_default()
            .to_string();
        let category = a.category.clone().unwrap_or_default();
        let entry = categories
            .entry(p.category.clone())
            .or_insert((category.clone(), 0));
        entry.1 += 1;
        let date = a
            .published
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map(|d| d.format("%d/%m/%Y").to_string())
            .map(|d| match &a.published_time {
                Some(t) => format!("{d} {t}"),
                None => d,
            })
            .unwrap_or_default();
        let _ = w.write_record([
            a.title.as_str(),
            &p.alias,
            &category,
            &p.category,
            &date,
            a.author.as_deref().unwrap_or(""),
            a.summary.as_deref().unwrap_or(""),
            &picture,
            &file,
            &a.url,
        ]);
    }
    write_bytes(
        &out.join("bai-viet.csv"),
        w.into_inner().unwrap_or_default(),
    )?;

    let mut c = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let _ = c.write_record(["Tên chuyên mục", "Liên kết tĩnh", "Số bài"]);
    for (alias, (title, count)) in &categories {
        let _ = c.write_record([title.as_str(), alias, &count.to_string()]);
    }
    write_bytes(
        &out.join("chuyen-muc.csv"),
        c.into_inner().unwrap_or_default(),
    )?;
    let guide = out.join(GUIDE);
    write_bytes(&guide, crate::message::nukeviet_steps().into_bytes())?;
    Ok(Some(guide))
}

/// The steps, inside the folder.
pub const GUIDE: &str = "HUONG-DAN.txt";

fn write_bytes(path: &Path, bytes: Vec<u8>) -> Result<()> {
    std::fs::write(path, bytes).at(path)
}

/// Copies one saved file the site kept under `uploads/` back to that place.
fn copy_upload(
    site_dir: &Path,
    out: &Path,
    url: &str,
    saved: &str,
    moved: &mut HashMap<String, String>,
) -> Result<()> {
    if moved.contains_key(url) {
        return Ok(());
    }
    let Some(rest) = Url::parse(url).ok().as_ref().and_then(uploads_path) else {
        return Ok(());
    };
    let (Some(from), Some(to)) = (
        crate::paths::safe_relative(saved),
        crate::paths::safe_relative(&rest),
    ) else {
        return Ok(());
    };
    let from = site_dir.join(from);
    if !from.is_file() {
        return Ok(());
    }
    let to = out.join("uploads").join(to);
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).at(parent)?;
    }
    std::fs::copy(&from, &to).at(&to)?;
    moved.insert(url.to_string(), format!("/uploads/{rest}"));
    Ok(())
}

/// Every `href`, `src` and `srcset` of a body: the site's files to `/uploads/…`, its other pages
/// to their path on the site, so the body works at any address; other sites' links as they were.
fn relink(html: &str, base: &Url, moved: &HashMap<String, String>) -> String {
    use lol_html::{element, rewrite_str, RewriteStrSettings};
    let one = |v: &str| -> Option<String> {
        let u = base.join(v.trim()).ok()?;
        let mut key = u.clone();
        key.set_fragment(None);
        if let Some(p) = moved.get(key.as_str()) {
            return Some(p.clone());
        }
        if u.origin() != base.origin() {
            return None;
        }
        if let Some(rest) = uploads_path(&u) {
            return Some(format!("/uploads/{rest}"));
        }
        let mut local = u.path().to_string();
        if let Some(q) = u.query() {
            local = format!("{local}?{q}");
        }
        if let Some(f) = u.fragment() {
            local = format!("{local}#{f}");
        }
        Some(local)
    };
    let settings = RewriteStrSettings::new().append_element_content_handler(element!(
        "[href], [src], [srcset]",
        |el| {
            for attr in ["href", "src"] {
                if let Some(v) = el.get_attribute(attr) {
                    if v.starts_with('#') || v.contains("javascript:") || v.starts_with("mailto:") {
                        continue;
                    }
                    if let Some(new) = one(&v) {
                        el.set_attribute(attr, &new)?;
                    }
                }
            }
            if let Some(v) = el.get_attribute("srcset") {
                if let Some(new) = super::links::map_srcset(&v, one) {
                    el.set_attribute("srcset", &new)?;
                }
            }
            Ok(())
        }
    ));
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(u: &str) -> Option<Place> {
        place(&Url::parse(u).unwrap())
    }

    #[test]
    fn an_articles_place_comes_from_either_url_form() {
        let want = Place {
            module: "news".into(),
            category: "thong-bao".into(),
            alias: "khai-giang-nam-hoc-moi".into(),
        };
        assert_eq!(
            at("http://c1.edu.vn/news/thong-bao/khai-giang-nam-hoc-moi-12.html"),
            Some(want)
        );
        assert_eq!(
            at("http://c1.edu.vn/vi/news/thong-bao/khai-giang-nam-hoc-moi-12.html")
                .map(|p| p.category),
            Some("thong-bao".into())
        );
        assert_eq!(
            at("http://c1.edu.vn/index.php?language=vi&nv=news&op=tin-tuc/hop-phu-huynh-7")
                .map(|p| (p.category, p.alias)),
            Some(("tin-tuc".into(), "hop-phu-huynh".into()))
        );
        assert_eq!(at("http://c1.edu.vn/2026/09/khai-giang/"), None);
    }

    #[test]
    fn bodies_point_at_the_sites_own_paths() {
        let base = Url::parse("http://c1.edu.vn/news/tin-tuc/a-1.html").unwrap();
        let mut moved = HashMap::new();
        moved.insert(
            "http://c1.edu.vn/uploads/news/2026_09/anh.jpg".to_string(),
            "/uploads/news/2026_09/anh.jpg".to_string(),
        );
        let out = relink(
            r##"<img src="/uploads/news/2026_09/anh.jpg" srcset="http://c1.edu.vn/uploads/news/2026_09/anh-2x.jpg 2x">
<a href="http://c1.edu.vn/news/thong-bao/b-2.html#tren">B</a> <a href="https://moet.gov.vn/">Bộ</a> <a href="#x">x</a>"##,
            &base,
            &moved,
        );
        assert!(
            out.contains(r#"src="/uploads/news/2026_09/anh.jpg""#),
            "{out}"
        );
        assert!(
            out.contains(r#"srcset="/uploads/news/2026_09/anh-2x.jpg 2x""#),
            "{out}"
        );
        assert!(
            out.contains(r#"href="/news/thong-bao/b-2.html#tren""#),
            "{out}"
        );
        assert!(out.contains(r#"href="https://moet.gov.vn/""#) && out.contains(r##"href="#x""##));
    }
}
