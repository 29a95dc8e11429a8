//! What counts as a change of the site: a change of what a person reads. Per-request tokens
//! (nonces, CSRF fields, oEmbed secrets, cache-busting query values, a captcha's timestamp) sit in
//! scripts, attributes and endpoints nobody reads; a sidebar that shows a random item on each view
//! sits beside the content. A page's fingerprint is the visible text of its content region, so
//! those never make an unchanged site read as changed; API and embed endpoints, feeds, style
//! sheets and scripts are kept in the backup but are not pages, so they are never in the change
//! list.

use super::cache::Kind;
use scraper::{ElementRef, Html, Node, Selector};
use sha2::{Digest, Sha256};
use url::Url;

/// Marks a fingerprint of this kind in the cache's snapshot; older snapshots hold raw hashes.
pub const PREFIX: &str = "r1:";

/// Whether a saved URL is something a person reads (a page, an article, a document, a picture),
/// not an endpoint for programs.
pub fn counts(url: &str, kind: Kind, content_type: &str) -> bool {
    let Ok(u) = Url::parse(url) else { return false };
    let path = u.path().to_ascii_lowercase();
    let endpoint = path.contains("/wp-json/")
        || path.contains("/oembed")
        || path.ends_with("/xmlrpc.php")
        || path.ends_with("/embed/")
        || u.query_pairs().any(|(k, _)| k == "rest_route");
    !endpoint
        && match kind {
            Kind::Page | Kind::Article | Kind::Document => true,
            Kind::Asset => content_type.to_ascii_lowercase().starts_with("image/"),
            Kind::Feed => false,
        }
}

/// The content region a person reads: the page's main element where it marks one, without the
/// navigation, sidebars, header and footer that every page repeats.
const MAIN: &str = "main, [role=main], #main, #content, .main-content, #main-content";
const AROUND: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "aside", "header", "footer", "form",
    "iframe", "svg",
];

/// An article page's fingerprint is the article itself as the backup reads it (title, date,
/// body text): banners, random blocks and counters around it are no change of the article.
/// Other pages: the SHA-256 of their content region's visible text, one space between words.
pub fn page_fingerprint(html: &str, url: &Url, kind: Kind) -> String {
    if kind == Kind::Article {
        let doc = Html::parse_document(html);
        if let Some(a) = super::articles::extract(&doc, url, &|_| None) {
            let words: Vec<&str> = a.body_text.split_whitespace().collect();
            let text = format!(
                "{}\n{}\n{}",
                a.title,
                a.published.unwrap_or_default(),
                words.join(" ")
            );
            return format!("{PREFIX}a:{}", hex::encode(Sha256::digest(text)));
        }
    }
    html_fingerprint(html)
}

/// An HTML page's fingerprint: the SHA-256 of its content region's visible text, one space
/// between words.
pub fn html_fingerprint(html: &str) -> String {
    let doc = Html::parse_document(html);
    let root = content_root(&doc);
    // A list page (home, category) that shows several articles whole repeats their text: an
    // edit of one article is a change of that article, not of every list it appears in. A list
    // keeps its articles' titles and links, so a new or removed article still changes it.
    let articles = Selector::parse("article").expect("static selector");
    let bodies = Selector::parse(".entry-content, .entry-summary, .post-content, .post-excerpt")
        .expect("static selector");
    let skip: Vec<ego_tree::NodeId> = match root {
        Some(r) if r.select(&articles).nth(1).is_some() => r
            .select(&articles)
            .flat_map(|a| a.select(&bodies).map(|b| b.id()))
            .collect(),
        _ => Vec::new(),
    };
    let mut text = String::new();
    if let Some(root) = root {
        visible_text(root, &skip, &mut text);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    format!("{PREFIX}{}", hex::encode(Sha256::digest(words.join(" "))))
}

/// An article page's fingerprint for finding the same article under two addresses: `None` when
/// its readable text is too short to tell two articles apart.
pub fn article_fingerprint(html: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    let root = content_root(&doc)?;
    let mut text = String::new();
    visible_text(root, &[], &mut text);
    let words: Vec<&str> = text.split_whitespace().collect();
    let joined = words.join(" ");
    (joined.chars().count() >= 80).then(|| hex::encode(Sha256::digest(joined)))
}

/// The page's content region: its main element where it marks one, else its body.
fn content_root(doc: &Html) -> Option<ElementRef<'_>> {
    let main = Selector::parse(MAIN).expect("static selector");
    let body = Selector::parse("body").expect("static selector");
    doc.select(&main)
        .next()
        .or_else(|| doc.select(&body).next())
}

fn visible_text(e: ElementRef, skip: &[ego_tree::NodeId], out: &mut String) {
    for child in e.children() {
        match child.value() {
            Node::Text(t) => {
                out.push_str(t);
                out.push(' ');
            }
            Node::Element(el) if !AROUND.contains(&el.name()) && !skip.contains(&child.id()) => {
                if let Some(c) = ElementRef::wrap(child) {
                    visible_text(c, skip, out);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_random_blocks_are_not_changes_and_an_edit_is() {
        let page = |body: &str, nonce: &str, random: &str| {
            format!(
                r#"<html><head><script>var nonce="{nonce}";</script></head><body>
                <header><a href="/?token={nonce}">Trang chủ</a></header>
                <main><h1>Khai giảng</h1><p>{body}</p>
                <img src="/captcha.php?t={nonce}"><input type="hidden" name="_wpnonce" value="{nonce}"></main>
                <aside>Ảnh ngẫu nhiên: {random}</aside></body></html>"#
            )
        };
        let a = html_fingerprint(&page("Sáng nay, trường khai giảng.", "a1b2", "Hoa sen"));
        let b = html_fingerprint(&page("Sáng nay, trường khai giảng.", "f9e8", "Cây bàng"));
        assert_eq!(a, b);
        let c = html_fingerprint(&page(
            "Sáng nay, trường khai giảng năm học mới.",
            "a1b2",
            "Hoa sen",
        ));
        assert_ne!(a, c);
        assert!(a.starts_with(PREFIX));
    }

    #[test]
    fn a_list_page_changes_with_its_articles_titles_not_their_text() {
        let list = |second_body: &str, second_title: &str| {
            html_fingerprint(&format!(
                r#"<body><main>
                <article><h2><a href="/a/">Khai giảng</a></h2><div class="entry-content"><p>Sáng nay…</p></div></article>
                <article><h2><a href="/b/">{second_title}</a></h2><div class="entry-content"><p>{second_body}</p></div></article>
                </main></body>"#
            ))
        };
        assert_eq!(
            list("Các em vẽ.", "Hội thi vẽ"),
            list("Các em vẽ. Kết quả: 12 giải.", "Hội thi vẽ")
        );
        assert_ne!(
            list("Các em vẽ.", "Hội thi vẽ"),
            list("Các em vẽ.", "Hội thi vẽ tranh")
        );
    }

    #[test]
    fn endpoints_feeds_and_scripts_are_not_pages() {
        let html = "text/html; charset=UTF-8";
        assert!(counts("http://t/2026/09/bai/", Kind::Article, html));
        assert!(counts("http://t/anh.jpg", Kind::Asset, "image/jpeg"));
        assert!(counts(
            "http://t/ke-hoach.pdf",
            Kind::Document,
            "application/pdf"
        ));
        assert!(!counts(
            "http://t/style.css?ver=6.1",
            Kind::Asset,
            "text/css"
        ));
        assert!(!counts("http://t/feed/", Kind::Feed, "application/rss+xml"));
        for endpoint in [
            "http://t/wp-json/oembed/1.0/embed?url=http%3A%2F%2Ft%2F&format=xml",
            "http://t/wp-json/wp/v2/posts",
            "http://t/?rest_route=/wp/v2/posts",
            "http://t/2026/09/bai/embed/",
            "http://t/xmlrpc.php",
        ] {
            assert!(!counts(endpoint, Kind::Page, html), "{endpoint}");
        }
    }
}
