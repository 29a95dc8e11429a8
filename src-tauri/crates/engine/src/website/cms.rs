//! What the CMSs Vietnamese schools use (NukeViet, WordPress) say about a URL or page: the
//! article id that identifies an article whatever category URL it is reached by, and whether a
//! URL is an article (rarely edited) or a list page (changes with every new article).

use regex::Regex;
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
