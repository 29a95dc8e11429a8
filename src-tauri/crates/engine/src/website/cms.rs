//! What the CMSs Vietnamese schools use (NukeViet, WordPress) say about a URL or page: the
//! article id that identifies an article whatever category URL it is reached by, and whether a
//! URL is an article (rarely edited) or a list page (changes with every new article).

use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;
use url::Url;

/// NukeViet rewritten URLs: `/news/thong-bao/khai-giang-nam-hoc-moi-125.html`, optionally under a
/// language folder (`/vi/news/…`).
static NV_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^/(?:[a-z]{2}/)?([A-Za-z0-9_-]+)/(?:[^?#]+/)?[^/]+-(\d+)\.html?$")
        .expect("static regex")
});
static TRAILING_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"-(\d+)$").expect("static regex"));
static WP_DATED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^/\d{4}/\d{2}/(?:\d{2}/)?[^/]+/?$").expect("static regex"));
static WP_SHORTLINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<link[^>]+rel=["']shortlink["'][^>]+href=["'][^"']*[?&]p=(\d+)"#)
        .expect("static regex")
});
static WP_BODY_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<body[^>]+class=["'][^"']*\b(?:postid|page-id)-(\d+)\b"#).expect("static regex")
});

/// The CMS's own id of the article a URL shows, when the URL says it. An article address with
/// more in its query than the CMS's routing (NukeViet's attachment `?download=1&id=0`, its PDF
/// view `?pdf=1&id=0`) is something else the article offers, not the article.
pub fn id_from_url(u: &Url) -> Option<String> {
    const ROUTING: [&str; 5] = ["language", "nv", "op", "p", "page_id"];
    // A session token (not yet learned as one) does not make the address another resource.
    if u.query_pairs().any(|(k, v)| {
        !ROUTING.contains(&k.to_ascii_lowercase().as_str()) && !super::scope::looks_like_token(&v)
    }) {
        return None;
    }
    if let Some(c) = NV_PATH.captures(u.path()) {
        let module = c[1].to_ascii_lowercase();
        // Pagination and the laws module's list pages end in numbers too, and are no articles.
        if module != "page" && !u.path().contains("/page-") {
            return Some(format!("nv:{module}:{}", &c[2]));
        }
    }
    let q: Vec<(String, String)> = u
        .query_pairs()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.into_owned()))
        .collect();
    let get = |k: &str| q.iter().find(|(kk, _)| kk == k).map(|(_, v)| v.as_str());
    if let (Some(module), Some(op)) = (get("nv"), get("op")) {
        if let Some(c) = TRAILING_ID.captures(op) {
            return Some(format!("nv:{}:{}", module.to_ascii_lowercase(), &c[1]));
        }
    }
    for k in ["p", "page_id"] {
        if let Some(id) = get(k).filter(|v| v.parse::<u64>().is_ok()) {
            return Some(format!("wp:{id}"));
        }
    }
    None
}

/// The id a WordPress page states about itself (shortlink or body class).
pub fn id_from_page(html: &str) -> Option<String> {
    let head = &html[..html.len().min(200_000)];
    WP_SHORTLINK
        .captures(head)
        .or_else(|| WP_BODY_ID.captures(head))
        .map(|c| format!("wp:{}", &c[1]))
}

/// URLs that by their shape show one article.
pub fn is_article_url(u: &Url) -> bool {
    id_from_url(u)
        .is_some_and(|id| !id.starts_with("wp:") || u.query().is_some_and(|q| q.contains("p=")))
        || WP_DATED.is_match(u.path())
}

/// Pages that say they are an article (Open Graph, WordPress single-post class, schema.org).
pub fn page_is_article(html: &str) -> bool {
    let head = &html[..html.len().min(200_000)];
    head.contains("og:type\" content=\"article\"")
        || head.contains("og:type' content='article'")
        || head.contains("single-post")
        || head.contains("schema.org/NewsArticle")
        || head.contains("schema.org/Article")
}

/// What a site runs on, as its home page shows it to anyone: the setup names it, and it decides
/// how the site can be rebuilt (WordPress through its API, NukeViet through its own forms).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cms {
    #[serde(rename = "wordpress")]
    WordPress,
    #[serde(rename = "nukeviet")]
    NukeViet,
    Joomla,
    /// Another system that names itself in `<meta name="generator">`.
    Other(String),
}

impl Cms {
    /// From the home page's markup; `None` when it does not say.
    pub fn of_page(html: &str) -> Option<Cms> {
        static GENERATOR: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r#"(?i)<meta[^>]+name=["']generator["'][^>]+content=["']([^"']+)["']"#)
                .expect("static regex")
        });
        let head = &html[..html.len().min(400_000)];
        let generator = GENERATOR.captures(head).map(|c| c[1].trim().to_string());
        let says = |name: &str| {
            generator
                .as_deref()
                .is_some_and(|g| g.to_ascii_lowercase().contains(name))
        };
        // NukeViet's themes set these script variables on every public page, whatever the
        // generator line says (NukeViet 4 puts the site's own name there).
        if says("nukeviet") || head.contains("nv_base_siteurl") || head.contains("nv_siteroot") {
            Some(Cms::NukeViet)
        } else if says("wordpress")
            || wordpress_api(head).is_some()
            || head.contains("/wp-content/")
            || head.contains("/wp-includes/")
        {
            Some(Cms::WordPress)
        } else if says("joomla") {
            Some(Cms::Joomla)
        } else {
            generator.filter(|g| !g.is_empty()).map(Cms::Other)
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Cms::WordPress => "WordPress",
            Cms::NukeViet => "NukeViet",
            Cms::Joomla => "Joomla",
            Cms::Other(g) => g,
        }
    }
}

/// The WordPress REST API root a page announces (`<link rel="https://api.w.org/" href=…>`).
pub fn wordpress_api(html: &str) -> Option<String> {
    static API: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"<link[^>]+rel=["']https://api\.w\.org/["'][^>]+href=["']([^"']+)["']"#)
            .expect("static regex")
    });
    API.captures(html).map(|c| c[1].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_home_page_says_what_it_runs_on() {
        let nv = r#"<head><meta name="generator" content="Trường Tiểu học Hoa Sen"><script>var nv_base_siteurl="/",nv_lang_data="vi";</script></head>"#;
        assert_eq!(Cms::of_page(nv), Some(Cms::NukeViet));
        let wp = r#"<link rel="https://api.w.org/" href="https://x.edu.vn/wp-json/"><meta name="generator" content="WordPress 6.7">"#;
        assert_eq!(Cms::of_page(wp), Some(Cms::WordPress));
        assert_eq!(
            Cms::of_page(r#"<img src="/wp-content/uploads/a.jpg">"#),
            Some(Cms::WordPress)
        );
        assert_eq!(
            Cms::of_page(r#"<META NAME="Generator" CONTENT="Joomla! - Open Source">"#),
            Some(Cms::Joomla)
        );
        assert_eq!(
            Cms::of_page(r#"<meta name="generator" content="Hugo 0.120">"#)
                .map(|c| c.name().to_string()),
            Some("Hugo 0.120".into())
        );
        assert_eq!(Cms::of_page("<p>Xin chào</p>"), None);
    }

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn nukeviet_ids_are_the_same_under_any_category() {
        let a = id_from_url(&u("http://a.vn/news/thong-bao/khai-giang-125.html"));
        let b = id_from_url(&u("http://a.vn/news/tin-tuc/khai-giang-125.html"));
        assert_eq!(a.as_deref(), Some("nv:news:125"));
        assert_eq!(a, b);
        assert_eq!(
            id_from_url(&u(
                "http://a.vn/index.php?language=vi&nv=news&op=thong-bao/khai-giang-125"
            ))
            .as_deref(),
            Some("nv:news:125")
        );
        assert_eq!(
            id_from_url(&u("http://a.vn/vi/laws/detail/quyet-dinh-12-7.html")).as_deref(),
            Some("nv:laws:7")
        );
        assert_eq!(id_from_url(&u("http://a.vn/news/page-2/")), None);
        assert_eq!(
            id_from_url(&u(
                "http://a.vn/news/thong-bao/khai-giang-125.html?download=1&id=0"
            )),
            None,
            "an attachment of the article, not the article"
        );
        assert_eq!(id_from_url(&u("http://a.vn/news/thong-bao/")), None);
    }

    #[test]
    fn wordpress_ids_and_article_shapes() {
        assert_eq!(
            id_from_url(&u("http://a.vn/?p=42")).as_deref(),
            Some("wp:42")
        );
        assert_eq!(
            id_from_page("<link rel='shortlink' href='http://a.vn/?p=42' /><body class=\"x\">")
                .as_deref(),
            Some("wp:42")
        );
        assert_eq!(
            id_from_page("<body class=\"post-template-default single single-post postid-42\">")
                .as_deref(),
            Some("wp:42")
        );
        assert!(is_article_url(&u("http://a.vn/2025/09/khai-giang/")));
        assert!(is_article_url(&u(
            "http://a.vn/news/thong-bao/khai-giang-125.html"
        )));
        assert!(!is_article_url(&u("http://a.vn/category/tin-tuc/")));
        assert!(page_is_article(
            r#"<meta property="og:type" content="article">"#
        ));
        assert_eq!(
            wordpress_api(r#"<link rel="https://api.w.org/" href="http://a.vn/wp-json/" />"#)
                .as_deref(),
            Some("http://a.vn/wp-json/")
        );
    }
}
