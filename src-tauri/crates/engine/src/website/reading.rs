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

/// Whether a saved URL is something a person reads (a page, an article, a document), not an
/// endpoint for programs, a feed, a picture or a theme file.
pub fn counts(url: &str, kind: Kind) -> bool {
    let Ok(u) = Url::parse(url) else { return false };
    let path = u.path().to_ascii_lowercase();
    let endpoint = path.contains("/wp-json/")
        || path.contains("/oembed")
        || path.ends_with("/xmlrpc.php")
        || path.ends_with("/embed/")
        || u.query_pairs().any(|(k, _)| k == "rest_route");
    // Pictures are kept but not counted: a block that shows a random photo on each view brings
    // photos the last run did not see, and they are not new on the site.
    !endpoint && matches!(kind, Kind::Page | Kind::Article | Kind::Document)
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

/// A page's content region as the lines a person reads.
fn page_text(html: &str) -> String {
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
    text
}

/// An HTML page's fingerprint: the SHA-256 of its content region's visible lines.
pub fn html_fingerprint(html: &str) -> String {
    lines_fingerprint(&lines(&page_text(html)), |_| true)
}

/// The fingerprint of a page viewed twice in a row: only the lines both views show. A block that
/// shows a random item on each view (a random photo, "tin ngẫu nhiên") is the site's decoration,
/// not a change of the page; a page without one gives the same fingerprint as one view.
pub fn steady_fingerprint(first: &str, second: &str) -> String {
    let again: std::collections::HashSet<String> = lines(&page_text(second)).into_iter().collect();
    lines_fingerprint(&lines(&page_text(first)), |l| again.contains(l))
}

fn lines(text: &str) -> Vec<String> {
    text.split('\n')
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

fn lines_fingerprint(lines: &[String], keep: impl Fn(&String) -> bool) -> String {
    let kept: Vec<&str> = lines
        .iter()
        .filter(|l| keep(l))
        .map(String::as_str)
        .collect();
    format!("{PREFIX}{}", hex::encode(Sha256::digest(kept.join("\n"))))
}

/// Elements that end a line of text as a person reads it.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "tr",
    "section",
    "address",
    "ul",
    "ol",
    "table",
    "dd",
    "dt",
    "figure",
    "figcaption",
    "blockquote",
    "article",
];

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
                    let block = BLOCKS.contains(&el.name());
                    if block {
                        out.push('\n');
                    }
                    visible_text(c, skip, out);
                    if block {
                        out.push('\n');
                    }
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
    fn a_block_with_a_random_item_on_each_view_is_no_change() {
        let page = |random: &str, news: &str| {
            format!(
                "<body><div class=\"col\"><h2>Tin mới</h2><ul><li><a href=\"/a\">{news}</a></li></ul></div>\
                 <div class=\"panel\"><div class=\"panel-heading\">Ảnh ngẫu nhiên</div><p>{random}</p></div></body>"
            )
        };
        let week1 = steady_fingerprint(
            &page("Hoa sen", "Khai giảng"),
            &page("Cây bàng", "Khai giảng"),
        );
        let week2 = steady_fingerprint(
            &page("Lễ hội", "Khai giảng"),
            &page("Sân trường", "Khai giảng"),
        );
        assert_eq!(week1, week2);
        // Without a random block, two views are one view.
        assert_eq!(
            steady_fingerprint(
                &page("Hoa sen", "Khai giảng"),
                &page("Hoa sen", "Khai giảng")
            ),
            html_fingerprint(&page("Hoa sen", "Khai giảng"))
        );
        // A new article on the list is a change.
        let week3 = steady_fingerprint(&page("Lễ hội", "Trung thu"), &page("Hoa sen", "Trung thu"));
        assert_ne!(week2, week3);
    }

    #[test]
    fn endpoints_feeds_and_scripts_are_not_pages() {
        assert!(counts("http://t/2026/09/bai/", Kind::Article));
        assert!(!counts("http://t/anh.jpg", Kind::Asset));
        assert!(counts("http://t/ke-hoach.pdf", Kind::Document));
        assert!(!counts("http://t/style.css?ver=6.1", Kind::Asset));
        assert!(!counts("http://t/feed/", Kind::Feed));
        for endpoint in [
            "http://t/wp-json/oembed/1.0/embed?url=http%3A%2F%2Ft%2F&format=xml",
            "http://t/wp-json/wp/v2/posts",
            "http://t/?rest_route=/wp/v2/posts",
            "http://t/2026/09/bai/embed/",
            "http://t/xmlrpc.php",
        ] {
            assert!(!counts(endpoint, Kind::Page), "{endpoint}");
        }
    }
}
