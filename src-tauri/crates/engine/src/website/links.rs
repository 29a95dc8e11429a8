//! Every address a page or style sheet refers to, found with a real HTML tokenizer (lol_html) and,
//! in the same pass, rewritten: the crawl uses it to find links, the offline copy to point them
//! at local files. One walk for both, so what is found and what is rewritten can never differ.

use lol_html::html_content::ContentType;
use lol_html::{element, text, AsciiCompatibleEncoding, HtmlRewriter, Settings};
use regex::Regex;
use std::cell::RefCell;
use std::sync::LazyLock;
use url::Url;

/// What a reference is for: pages are followed one level deeper, requisites (style sheets, images,
/// scripts, fonts) are fetched whatever the depth, feeds are read for more article addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Role {
    Page,
    Requisite,
    Feed,
}

/// Asked for each reference; a returned string replaces the attribute's value.
pub type Visit<'a> = dyn FnMut(Role, &Url) -> Option<String> + 'a;

static CSS_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')"#,
    )
    .expect("static regex")
});

/// References in CSS: `url(…)` and `@import "…"`. Returns the text with replacements applied.
pub fn css(text: &str, base: &Url, visit: &mut Visit) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for caps in CSS_URL.captures_iter(text) {
        let Some(m) = (1..=5).find_map(|i| caps.get(i)) else {
            continue;
        };
        let raw = m.as_str().trim();
        if raw.is_empty() || raw.starts_with("data:") || raw.starts_with('#') {
            continue;
        }
        if let Ok(u) = base.join(raw) {
            if let Some(new) = visit(Role::Requisite, &u) {
                out.push_str(&text[last..m.start()]);
                out.push_str(&new);
                last = m.end();
            }
        }
    }
    out.push_str(&text[last..]);
    out
}

fn join(base: &Url, raw: &str) -> Option<Url> {
    // lol_html hands attribute values over as written: `&amp;` is still an entity.
    let decoded = html_escape::decode_html_entities(raw);
    let raw = decoded.trim();
    if raw.is_empty()
        || raw.starts_with('#')
        || raw.starts_with("javascript:")
        || raw.starts_with("data:")
        || raw.starts_with("mailto:")
        || raw.starts_with("tel:")
    {
        return None;
    }
    base.join(raw).ok()
}

/// `img.png 1x, img@2x.png 2x` with each URL passed through `f`.
fn srcset(value: &str, base: &Url, visit: &mut Visit) -> Option<String> {
    map_srcset(value, |u| {
        join(base, u).and_then(|abs| visit(Role::Requisite, &abs))
    })
}

/// A `srcset` with each candidate's URL replaced by what `f` gives for it (kept where it gives
/// nothing), descriptors kept; `None` when nothing changed. Every rewriter of pages uses it: the
/// offline copy, a rebuilt WordPress, a NukeViet package.
pub fn map_srcset(value: &str, mut f: impl FnMut(&str) -> Option<String>) -> Option<String> {
    let mut changed = false;
    let parts: Vec<String> = value
        .split(',')
        .map(|cand| {
            let cand = cand.trim();
            let (u, desc) = cand.split_once(char::is_whitespace).unwrap_or((cand, ""));
            match f(u) {
                Some(new) => {
                    changed = true;
                    format!("{new} {}", desc.trim()).trim_end().to_string()
                }
                None => cand.to_string(),
            }
        })
        .collect();
    changed.then(|| parts.join(", "))
}

fn link_role(rel: &str) -> Option<Role> {
    let rel = rel.to_ascii_lowercase();
    if rel.contains("stylesheet")
        || rel.contains("icon")
        || rel.contains("preload")
        || rel.contains("manifest")
    {
        Some(Role::Requisite)
    } else if rel.contains("alternate") {
        Some(Role::Feed)
    } else {
        None
    }
}

/// Attributes that hold one URL, and what it is for. `link` is handled on its own (by `rel`).
const URL_ATTRS: &[(&str, &str, Role)] = &[
    ("a[href]", "href", Role::Page),
    ("area[href]", "href", Role::Page),
    ("iframe[src]", "src", Role::Page),
    ("frame[src]", "src", Role::Page),
    ("script[src]", "src", Role::Requisite),
    ("img[src]", "src", Role::Requisite),
    ("img[data-src]", "data-src", Role::Requisite),
    ("img[data-original]", "data-original", Role::Requisite),
    ("source[src]", "src", Role::Requisite),
    ("video[src]", "src", Role::Requisite),
    ("video[poster]", "poster", Role::Requisite),
    ("audio[src]", "src", Role::Requisite),
    ("track[src]", "src", Role::Requisite),
    ("embed[src]", "src", Role::Requisite),
    ("object[data]", "data", Role::Requisite),
    ("input[src]", "src", Role::Requisite),
    ("[background]", "background", Role::Requisite),
];

/// Walks an HTML page. `charset` is the HTTP header's; a `<meta charset>` in the page overrides
/// it as browsers do. `<base href>` changes how later links resolve and is dropped from the
/// output, since the rewritten links are relative to the file itself.
pub fn html(
    body: &[u8],
    charset: Option<&str>,
    base: &Url,
    visit: &mut Visit,
) -> Result<Vec<u8>, String> {
    let encoding = charset
        .and_then(|c| encoding_rs::Encoding::for_label_no_replacement(c.as_bytes()))
        .and_then(AsciiCompatibleEncoding::new)
        .unwrap_or_else(AsciiCompatibleEncoding::utf_8);
    let base = RefCell::new(base.clone());
    let visit = RefCell::new(visit);
    let style_text = RefCell::new(String::new());
    let mut out = Vec::with_capacity(body.len() + 1024);

    let one = |attr: &'static str, role: Role| {
        let (base, visit) = (&base, &visit);
        move |el: &mut lol_html::html_content::Element| {
            if let Some(v) = el.get_attribute(attr) {
                if let Some(abs) = join(&base.borrow(), &v) {
                    if let Some(new) = (visit.borrow_mut())(role, &abs) {
                        el.set_attribute(attr, &new)?;
                    }
                }
            }
            Ok(())
        }
    };
    let mut handlers = vec![
        element!("base[href]", |el| {
            if let Some(b) = el
                .get_attribute("href")
                .and_then(|v| base.borrow().join(&v).ok())
            {
                *base.borrow_mut() = b;
            }
            el.remove();
            Ok(())
        }),
        element!("link[href]", |el| {
            let role = link_role(&el.get_attribute("rel").unwrap_or_default());
            if let (Some(role), Some(v)) = (role, el.get_attribute("href")) {
                if let Some(abs) = join(&base.borrow(), &v) {
                    if let Some(new) = (visit.borrow_mut())(role, &abs) {
                        el.set_attribute("href", &new)?;
                    }
                }
            }
            Ok(())
        }),
        element!("[srcset]", |el| {
            let v = el.get_attribute("srcset").unwrap_or_default();
            if let Some(new) = srcset(&v, &base.borrow(), &mut *visit.borrow_mut()) {
                el.set_attribute("srcset", &new)?;
            }
            Ok(())
        }),
        element!("[style]", |el| {
            let v = el.get_attribute("style").unwrap_or_default();
            let new = css(&v, &base.borrow(), &mut *visit.borrow_mut());
            if new != v {
                el.set_attribute("style", &new)?;
            }
            Ok(())
        }),
        element!("meta[http-equiv]", |el| {
            let refresh = el
                .get_attribute("http-equiv")
                .is_some_and(|h| h.eq_ignore_ascii_case("refresh"));
            let content = el.get_attribute("content").unwrap_or_default();
            if let (true, Some(i)) = (refresh, content.to_ascii_lowercase().find("url=")) {
                let target = content[i + 4..].trim().trim_matches(['\'', '"']);
                if let Some(abs) = join(&base.borrow(), target) {
                    if let Some(new) = (visit.borrow_mut())(Role::Page, &abs) {
                        el.set_attribute("content", &format!("{}url={new}", &content[..i]))?;
                    }
                }
            }
            Ok(())
        }),
        text!("style", |t| {
            style_text.borrow_mut().push_str(t.as_str());
            if t.last_in_text_node() {
                let all = std::mem::take(&mut *style_text.borrow_mut());
                let new = css(&all, &base.borrow(), &mut *visit.borrow_mut());
                t.replace(&new, ContentType::Html);
            } else {
                t.remove();
            }
            Ok(())
        }),
    ];
    for (sel, attr, role) in URL_ATTRS {
        handlers.push(element!(*sel, one(attr, *role)));
    }
    let settings = Settings::new()
        .with_encoding(encoding)
        .with_adjust_charset_on_meta_tag(true);
    let mut settings = settings;
    for h in handlers {
        settings = settings.append_element_content_handler(h);
    }
    let mut rewriter = HtmlRewriter::new(settings, |c: &[u8]| out.extend_from_slice(c));
    rewriter.write(body).map_err(|e| e.to_string())?;
    rewriter.end().map_err(|e| e.to_string())?;
    Ok(out)
}

/// All references of a page, with their roles (what the crawl needs).
pub fn find_in_html(body: &[u8], charset: Option<&str>, base: &Url) -> Vec<(Role, Url)> {
    let mut found = Vec::new();
    let _ = html(body, charset, base, &mut |role, u| {
        found.push((role, u.clone()));
        None
    });
    found
}

pub fn find_in_css(text: &str, base: &Url) -> Vec<Url> {
    let mut found = Vec::new();
    css(text, base, &mut |_, u| {
        found.push(u.clone());
        None
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_kind_of_reference() {
        let base = Url::parse("http://a.vn/x/").unwrap();
        let page = br#"<html><head><link rel="stylesheet" href="/s.css"><link rel="alternate" type="application/rss+xml" href="/rss">
            <link rel="canonical" href="/x/"><style>@import "print.css"; body{background:url('/bg.png')}</style></head>
            <body><img src="i.png" srcset="i2.png 2x, /i3.png 3x"><a href="../b.pdf" download>b</a>
            <div style="background-image: url(hinh.jpg)"></div><a href="mailto:a@b.vn">m</a><a href="javascript:void(0)">j</a>
            <img data-src="lazy.jpg"><meta http-equiv="refresh" content="5; url=/moi.html"></body></html>"#;
        let found = find_in_html(page, None, &base);
        let has = |role: Role, s: &str| found.iter().any(|(r, u)| *r == role && u.as_str() == s);
        assert!(has(Role::Requisite, "http://a.vn/s.css"));
        assert!(has(Role::Feed, "http://a.vn/rss"));
        assert!(has(Role::Requisite, "http://a.vn/x/print.css"));
        assert!(has(Role::Requisite, "http://a.vn/bg.png"));
        assert!(has(Role::Requisite, "http://a.vn/x/i.png"));
        assert!(has(Role::Requisite, "http://a.vn/x/i2.png"));
        assert!(has(Role::Requisite, "http://a.vn/i3.png"));
        assert!(has(Role::Page, "http://a.vn/b.pdf"));
        assert!(has(Role::Requisite, "http://a.vn/x/hinh.jpg"));
        assert!(has(Role::Requisite, "http://a.vn/x/lazy.jpg"));
        assert!(has(Role::Page, "http://a.vn/moi.html"));
        let q = find_in_html(
            br#"<a href="/index.php?nv=news&amp;op=a">x</a>"#,
            None,
            &base,
        );
        assert_eq!(q[0].1.as_str(), "http://a.vn/index.php?nv=news&op=a");
        assert!(!found
            .iter()
            .any(|(_, u)| u.scheme() == "mailto" || u.as_str().contains("canonical")));
        assert_eq!(
            found
                .iter()
                .filter(|(_, u)| u.scheme() == "javascript")
                .count(),
            0
        );
    }

    #[test]
    fn base_href_changes_resolution_and_is_dropped_when_rewriting() {
        let base = Url::parse("http://a.vn/").unwrap();
        let page = br#"<head><base href="http://a.vn/goc/"></head><a href="t.html">t</a>"#;
        let out = html(page, None, &base, &mut |_, u| {
            assert_eq!(u.as_str(), "http://a.vn/goc/t.html");
            Some("goc/t.html".into())
        })
        .unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(!out.contains("<base"), "{out}");
        assert!(out.contains(r#"href="goc/t.html""#), "{out}");
    }

    #[test]
    fn rewrites_style_text_srcset_and_keeps_the_rest() {
        let base = Url::parse("http://a.vn/").unwrap();
        let page = "<p>Trường Tiểu học</p><style>a{background:url(\"/a.png\")}</style><img srcset=\"/b.png 2x\">";
        let out = html(page.as_bytes(), None, &base, &mut |_, u| {
            Some(format!("L{}", u.path()))
        })
        .unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("<p>Trường Tiểu học</p>"));
        assert!(out.contains("url(\"L/a.png\")"), "{out}");
        assert!(out.contains("srcset=\"L/b.png 2x\""), "{out}");
    }

    #[test]
    fn legacy_charset_is_kept() {
        // Windows-1258 writes "Trường" as "Trươ" plus a combining grave accent.
        let page = "<p>Trươ\u{300}ng</p><a href=\"/a\">a</a>";
        let (bytes, _, bad) = encoding_rs::WINDOWS_1258.encode(page);
        assert!(!bad);
        let base = Url::parse("http://a.vn/").unwrap();
        let out = html(&bytes, Some("windows-1258"), &base, &mut |_, _| {
            Some("b.html".into())
        })
        .unwrap();
        let (text, _, bad) = encoding_rs::WINDOWS_1258.decode(&out);
        assert!(!bad);
        assert!(
            text.contains("Trươ\u{300}ng") && text.contains("b.html"),
            "{text}"
        );
    }
}
