//! The site's news articles as data (`bai-viet/`): title, date, author, category, summary, body
//! and the images and attachments with their places in the offline copy, so that a wiped site
//! can be re-entered article by article. Read from the page's own structure (Open Graph and
//! JSON-LD, NukeViet's news markup, WordPress's entry markup, `<article>`), falling back to the
//! block with the most paragraph text.

use regex::Regex;
use scraper::{ElementRef, Html, Selector};
use serde::Serialize;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::LazyLock;
use url::Url;

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct Linked {
    pub url: String,
    /// Path inside the zip (`ban-sao-offline/…`), when the file was saved.
    pub saved_as: Option<String>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Article {
    pub url: String,
    pub title: String,
    /// `YYYY-MM-DD` when the page gives a date.
    pub published: Option<String>,
    /// `HH:MM` when the page gives the time of day too (NukeViet prints it beside the date).
    #[serde(default)]
    pub published_time: Option<String>,
    pub author: Option<String>,
    pub category: Option<String>,
    pub summary: Option<String>,
    pub body_html: String,
    pub body_text: String,
    pub images: Vec<Linked>,
    pub attachments: Vec<Linked>,
    /// The article's page in the offline copy.
    pub saved_as: Option<String>,
}

/// A selector of this module, parsed once per thread: reading an article page asks for about
/// twenty, and a site has thousands of pages.
pub(crate) fn sel(css: &str) -> Rc<Selector> {
    thread_local! {
        static PARSED: RefCell<HashMap<String, Rc<Selector>>> = RefCell::default();
    }
    PARSED.with(|m| {
        if let Some(s) = m.borrow().get(css) {
            return s.clone();
        }
        let s = Rc::new(Selector::parse(css).expect("static selector"));
        m.borrow_mut().insert(css.to_string(), s.clone());
        s
    })
}

/// An element's text with whitespace runs collapsed to single spaces.
pub(crate) fn text_of(e: ElementRef) -> String {
    crate::text::squash(&e.text().collect::<Vec<_>>().join(" "))
}

fn meta(doc: &Html, names: &[&str]) -> Option<String> {
    for n in names {
        let s = sel(&format!(
            "meta[property=\"{n}\"], meta[name=\"{n}\"], meta[itemprop=\"{n}\"]"
        ));
        if let Some(v) = doc.select(&s).find_map(|m| m.value().attr("content")) {
            let v = v.trim();
            if !v.is_empty() {
                return Some(v.to_string());
            }
        }
    }
    None
}

fn first_text(doc: &Html, css: &str) -> Option<String> {
    doc.select(&sel(css)).map(text_of).find(|t| !t.is_empty())
}

/// `12/05/2025`, `12-5-2025` or `2025-05-12…` → `2025-05-12`.
pub fn iso_date(s: &str) -> Option<String> {
    static DMY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b").expect("static regex")
    });
    static YMD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})").expect("static regex"));
    if let Some(c) = YMD.captures(s) {
        return Some(format!("{}-{}-{}", &c[1], &c[2], &c[3]));
    }
    let c = DMY.captures(s)?;
    let (d, m): (u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?);
    ((1..=31).contains(&d) && (1..=12).contains(&m)).then(|| format!("{}-{m:02}-{d:02}", &c[3]))
}

/// The time of day a date string states: `08:30` from "Thứ hai, 05/09/2025 08:30" or
/// "2025-09-05T08:30:00+07:00".
pub fn clock(s: &str) -> Option<String> {
    static HM: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:^|\D)(\d{1,2}):(\d{2})(?:\D|$)").expect("static regex"));
    let c = HM.captures(s)?;
    let (h, m): (u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?);
    (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

/// JSON-LD `NewsArticle`/`Article`/`BlogPosting` objects of the page.
fn json_ld(doc: &Html) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for s in doc.select(&sel("script[type=\"application/ld+json\"]")) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&s.text().collect::<String>()) else {
            continue;
        };
        let items = match &v {
            serde_json::Value::Array(a) => a.clone(),
            _ if v.get("@graph").is_some() => v["@graph"].as_array().cloned().unwrap_or_default(),
            _ => vec![v.clone()],
        };
        out.extend(items.into_iter().filter(|i| {
            let t = i["@type"].to_string();
            t.contains("Article") || t.contains("BlogPosting")
        }));
    }
    out
}

const BODY: &[&str] = &[
    "#news-bodyhtml",
    ".bodytext",
    "[itemprop=\"articleBody\"]",
    ".entry-content",
    ".post-content",
    ".article-content",
    "article .content",
    "article",
];

/// The block with the most paragraph text: the readable-content fallback.
fn densest(doc: &Html) -> Option<ElementRef<'_>> {
    let p = sel("p");
    doc.select(&sel("div, section, td"))
        .map(|e| {
            let direct: usize = e
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| p.matches(c))
                .map(|c| text_of(c).len())
                .sum();
            (direct, e)
        })
        .filter(|(n, _)| *n > 80)
        .max_by_key(|(n, _)| *n)
        .map(|(_, e)| e)
}

/// Reads one parsed article page. `saved` says where a URL is in the zip.
pub fn extract(doc: &Html, url: &Url, saved: &dyn Fn(&Url) -> Option<String>) -> Option<Article> {
    let ld = json_ld(doc);
    let ld_str = |k: &str| ld.iter().find_map(|v| v[k].as_str().map(str::to_string));
    let title = meta(doc, &["og:title"])
        .or_else(|| ld_str("headline"))
        .or_else(|| {
            first_text(
                doc,
                "h1.title, h1.entry-title, .news_column h1, article h1, h1",
            )
        })
        .or_else(|| first_text(doc, "title"))?;
    let body = BODY
        .iter()
        .find_map(|c| doc.select(&sel(c)).next())
        .or_else(|| densest(doc))?;
    let stated = meta(doc, &["article:published_time", "datePublished"])
        .or_else(|| ld_str("datePublished"))
        .or_else(|| {
            doc.select(&sel("time[datetime]"))
                .find_map(|t| t.value().attr("datetime").map(str::to_string))
        })
        // NukeViet's news module states it as schema.org microdata in a hidden span.
        .or_else(|| {
            doc.select(&sel("[itemprop=\"datePublished\"]"))
                .find_map(|e| {
                    e.value()
                        .attr("content")
                        .or_else(|| e.value().attr("datetime"))
                        .map(str::to_string)
                        .or_else(|| Some(text_of(e)).filter(|t| !t.is_empty()))
                })
        })
        .or_else(|| {
            first_text(
                doc,
                ".time, .date, .entry-date, .posted-on, .post-date, .news-time",
            )
        });
    let published = stated.as_deref().and_then(iso_date);
    let published_time = published.as_ref().and(stated.as_deref()).and_then(clock);
    let author = meta(doc, &["author", "article:author"])
        .or_else(|| {
            ld.iter()
                .find_map(|v| v["author"]["name"].as_str().map(str::to_string))
        })
        .or_else(|| first_text(doc, ".author, .byline, [rel=\"author\"]"));
    let category = meta(doc, &["article:section"])
        .or_else(|| {
            let crumbs: Vec<String> = doc
                .select(&sel(".breadcrumb a, .breadcrumbs a"))
                .map(text_of)
                .collect();
            crumbs.last().cloned()
        })
        .or_else(|| {
            url.path_segments().and_then(|s| {
                s.collect::<Vec<_>>()
                    .iter()
                    .rev()
                    .nth(1)
                    .map(|c| c.to_string())
            })
        });
    let summary = meta(doc, &["og:description", "description"])
        .or_else(|| first_text(doc, ".hometext, .summary, .sapo"));
    let linked = |u: &str| {
        let abs = url.join(u).ok()?;
        Some(Linked {
            saved_as: saved(&abs),
            url: abs.to_string(),
        })
    };
    let images: Vec<Linked> = body
        .select(&sel("img[src]"))
        .filter_map(|i| linked(i.value().attr("src")?))
        .collect();
    // Attachments: document links in the body or right after it (NukeViet puts them below).
    let scope = body.parent().and_then(ElementRef::wrap).unwrap_or(body);
    let attachments: Vec<Linked> = scope
        .select(&sel("a[href]"))
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| super::is_document_path(h))
        .filter_map(linked)
        .collect();
    Some(Article {
        url: url.to_string(),
        title,
        published,
        published_time,
        author,
        category,
        summary,
        body_html: body.inner_html().trim().to_string(),
        body_text: text_of(body),
        images,
        attachments,
        saved_as: saved(url),
    })
}

/// `bai-viet.csv`, with a BOM so that Excel opens the Vietnamese correctly.
pub fn csv(articles: &[Article]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let _ = w.write_record([
        "Tiêu đề",
        "Ngày đăng",
        "Tác giả",
        "Chuyên mục",
        "Tóm tắt",
        "Nội dung",
        "Nội dung HTML",
        "Ảnh",
        "Tệp đính kèm",
        "Trang trong bản sao",
        "Địa chỉ gốc",
    ]);
    let paths = |l: &[Linked]| {
        l.iter()
            .map(|x| x.saved_as.clone().unwrap_or_else(|| x.url.clone()))
            .collect::<Vec<_>>()
            .join("; ")
    };
    for a in articles {
        let _ = w.write_record([
            a.title.as_str(),
            a.published.as_deref().unwrap_or(""),
            a.author.as_deref().unwrap_or(""),
            a.category.as_deref().unwrap_or(""),
            a.summary.as_deref().unwrap_or(""),
            a.body_text.as_str(),
            a.body_html.as_str(),
            &paths(&a.images),
            &paths(&a.attachments),
            a.saved_as.as_deref().unwrap_or(""),
            a.url.as_str(),
        ]);
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &Url) -> Option<String> {
        None
    }

    #[test]
    fn nukeviet_article() {
        let html = r#"<html><head><title>Khai giảng - Trường</title><meta property="og:title" content="Lễ khai giảng năm học mới">
            <meta name="description" content="Tóm tắt lễ khai giảng"></head><body>
            <div class="breadcrumbs"><a href="/">Trang chủ</a><a href="/news/thong-bao/">Thông báo</a></div>
            <div class="news_column"><h1 class="title">Lễ khai giảng năm học mới</h1><span class="time">Thứ hai, 05/09/2025 07:30</span>
            <div id="news-bodyhtml" class="bodytext"><p>Sáng nay trường tổ chức lễ khai giảng.</p><img src="/uploads/news/a.jpg"></div>
            <p><a href="/uploads/news/ke-hoach.docx">Kế hoạch</a></p></div></body></html>"#;
        let url = Url::parse("http://a.vn/news/thong-bao/le-khai-giang-12.html").unwrap();
        let a = extract(&Html::parse_document(html), &url, &|u| {
            Some(format!("ban-sao-offline{}", u.path()))
        })
        .unwrap();
        assert_eq!(a.title, "Lễ khai giảng năm học mới");
        assert_eq!(a.published.as_deref(), Some("2025-09-05"));
        assert_eq!(a.category.as_deref(), Some("Thông báo"));
        assert_eq!(a.summary.as_deref(), Some("Tóm tắt lễ khai giảng"));
        assert!(a.body_text.contains("lễ khai giảng") && a.body_html.contains("<img"));
        assert_eq!(
            a.images[0].saved_as.as_deref(),
            Some("ban-sao-offline/uploads/news/a.jpg")
        );
        assert_eq!(
            a.attachments[0].url,
            "http://a.vn/uploads/news/ke-hoach.docx"
        );
        let csv = String::from_utf8(csv(&[a])).unwrap();
        assert!(csv.starts_with('\u{feff}') && csv.contains("Lễ khai giảng năm học mới"));
    }

    #[test]
    fn wordpress_json_ld_and_fallback() {
        let html = r#"<html><head><script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","headline":"Hội thi vẽ tranh","datePublished":"2025-03-08T08:00:00+07:00","author":{"name":"Cô Lan"}}]}</script></head>
            <body><div class="entry-content"><p>Nội dung hội thi.</p></div></body></html>"#;
        let url = Url::parse("http://a.vn/2025/03/hoi-thi/").unwrap();
        let a = extract(&Html::parse_document(html), &url, &none).unwrap();
        assert_eq!(
            (
                a.title.as_str(),
                a.published.as_deref(),
                a.author.as_deref()
            ),
            ("Hội thi vẽ tranh", Some("2025-03-08"), Some("Cô Lan"))
        );
        let plain = "<html><title>Tin</title><body><div><p>ngắn</p></div><div id=\"x\"><p>Đoạn một dài của bài viết, đủ dài để là nội dung chính của trang.</p><p>Đoạn hai của bài viết cũng khá dài như vậy.</p></div></body></html>";
        let a = extract(&Html::parse_document(plain), &url, &none).unwrap();
        assert!(a.body_text.starts_with("Đoạn một"), "{}", a.body_text);
        assert_eq!(iso_date("31/12/2024"), Some("2024-12-31".into()));
        assert_eq!(iso_date("99/99/2024"), None);
        assert_eq!(clock("Thứ hai, 05/09/2025 8:30"), Some("08:30".into()));
        assert_eq!(clock("2025-09-05T07:05:00+07:00"), Some("07:05".into()));
        assert_eq!(clock("05/09/2025"), None);
        assert_eq!(clock("lúc 25:70"), None);
    }
}
