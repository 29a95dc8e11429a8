//! A WordPress site's menus, read from its home page: the REST API shows menus only to a signed-in
//! administrator, but every classic theme prints them with WordPress's own classes
//! (`menu-item-type-post_type menu-item-object-page`), which say what each item points at. Kept as
//! `wordpress/menus.json` for the rebuild and the WXR file.
//!
//! Block themes draw their navigation from `wp_navigation` posts, which the REST API shows to
//! everyone (`/wp/v2/navigation`); `read_navigation` reads one of those.

use super::articles::sel;
use scraper::{ElementRef, Html};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use url::Url;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Menu {
    /// The menu's slug, when the theme kept WordPress's default list id (`menu-<slug>`).
    pub slug: Option<String>,
    /// The words of the ids, classes and labels around it (`primary`, `footer`…): what says which
    /// of the theme's places it filled.
    pub place: Vec<String>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub title: String,
    pub url: String,
    /// `post_type`, `taxonomy`, `post_type_archive` or `custom`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `page`, `post`, `category`, `post_tag`… or `custom`.
    pub object: String,
    /// The item it sits under, by its place in `items` (parents come first).
    pub parent: Option<usize>,
}

/// Every menu on the page, each once, however many times the theme prints it.
pub fn read(html: &str, base: &Url) -> Vec<Menu> {
    let doc = Html::parse_document(html);
    let mut menus = Vec::new();
    let mut seen: HashSet<Vec<String>> = HashSet::new();
    let mut lists: Vec<ElementRef> = Vec::new();
    for li in doc.select(&sel("li.menu-item")) {
        if ancestor_items(li) > 0 {
            continue;
        }
        let Some(ul) = li.parent().and_then(ElementRef::wrap) else {
            continue;
        };
        if !lists.iter().any(|l| l.id() == ul.id()) {
            lists.push(ul);
        }
    }
    for ul in lists {
        let mut items = Vec::new();
        collect(ul, None, base, &mut items);
        let ids: Vec<String> = ul
            .select(&sel("li.menu-item"))
            .filter_map(|li| li.value().attr("id").map(str::to_string))
            .collect();
        if items.is_empty() || !seen.insert(ids) {
            continue;
        }
        let slug = ul
            .value()
            .attr("id")
            .and_then(|id| id.strip_prefix("menu-"))
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        menus.push(Menu {
            slug,
            place: place(ul),
            items,
        });
    }
    menus
}

fn ancestor_items(li: ElementRef) -> usize {
    li.ancestors()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "li" && e.value().has_class("menu-item", CASE))
        .count()
}

const CASE: scraper::CaseSensitivity = scraper::CaseSensitivity::AsciiCaseInsensitive;

/// A block theme's navigation menu as the REST API renders it (`content.rendered` of a
/// `wp_navigation` post: its `<li>` items, sub-menus nested). What each item points at is found
/// later by its address, since the rendering does not say.
pub fn read_navigation(rendered: &str, base: &Url) -> Vec<Item> {
    let doc = Html::parse_fragment(&format!("<ul>{rendered}</ul>"));
    let mut items = Vec::new();
    if let Some(ul) = doc.select(&sel("ul")).next() {
        collect_with(ul, BLOCK_ITEM, None, base, &mut items);
    }
    items
}

const CLASSIC_ITEM: &str = "menu-item";
const BLOCK_ITEM: &str = "wp-block-navigation-item";

/// The items of one list and, under each, its sub-menu's.
fn collect(ul: ElementRef, parent: Option<usize>, base: &Url, out: &mut Vec<Item>) {
    collect_with(ul, CLASSIC_ITEM, parent, base, out)
}

fn collect_with(
    ul: ElementRef,
    item_class: &str,
    parent: Option<usize>,
    base: &Url,
    out: &mut Vec<Item>,
) {
    for li in ul.children().filter_map(ElementRef::wrap) {
        if li.value().name() != "li" || !li.value().has_class(item_class, CASE) {
            continue;
        }
        let Some(a) = li
            .children()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "a")
        else {
            continue;
        };
        let class = |prefix: &str| {
            li.value()
                .classes()
                .find_map(|c| c.strip_prefix(prefix).map(str::to_string))
        };
        let url = a
            .value()
            .attr("href")
            .and_then(|h| base.join(h.trim()).ok())
            .map(|u| u.to_string())
            .unwrap_or_default();
        out.push(Item {
            title: a
                .text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            url,
            kind: class("menu-item-type-").unwrap_or_else(|| "custom".into()),
            object: class("menu-item-object-").unwrap_or_else(|| "custom".into()),
            parent,
        });
        let me = out.len() - 1;
        for sub in li
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "ul")
        {
            collect_with(sub, item_class, Some(me), base, out);
        }
    }
}

/// The words naming the list and what holds it, up to the `<nav>` (or three levels out).
fn place(ul: ElementRef) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut add = |e: &ElementRef| {
        for attr in ["id", "class", "aria-label"] {
            if let Some(v) = e.value().attr(attr) {
                for w in v
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                {
                    let w = w.to_lowercase();
                    if !words.contains(&w) {
                        words.push(w);
                    }
                }
            }
        }
    };
    add(&ul);
    for (depth, e) in ul.ancestors().filter_map(ElementRef::wrap).enumerate() {
        add(&e);
        if e.value().name() == "nav" || depth >= 2 {
            break;
        }
    }
    words
}

impl Menu {
    /// A name for the rebuilt menu: the page shows only its slug, when it shows that.
    pub fn name(&self, n: usize) -> String {
        match &self.slug {
            Some(slug) => {
                let words = slug.replace('-', " ");
                let mut c = words.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or(words)
            }
            None => format!("Menu {n}"),
        }
    }

    /// The slug the rebuilt menu gets, found again by a rebuild run twice.
    pub fn slug_or(&self, n: usize) -> String {
        self.slug.clone().unwrap_or_else(|| format!("menu-{n}"))
    }
}

impl Item {
    /// The REST route of what the item points at, when it is a post, page or term.
    pub fn route(&self) -> Option<&'static str> {
        match (self.kind.as_str(), self.object.as_str()) {
            ("post_type", "page") => Some("pages"),
            ("post_type", "post") => Some("posts"),
            ("taxonomy", "category") => Some("categories"),
            ("taxonomy", "post_tag") => Some("tags"),
            _ => None,
        }
    }

    /// The old site's post, page or term the item points at, found by its address in `list`.
    pub fn target<'a>(&self, list: &'a [serde_json::Value]) -> Option<&'a serde_json::Value> {
        by_link(list, &self.url)
    }
}

/// The item of a REST list whose own address is `url` (with or without its last slash).
pub fn by_link<'a>(list: &'a [serde_json::Value], url: &str) -> Option<&'a serde_json::Value> {
    let want = url.trim_end_matches('/');
    list.iter()
        .find(|v| v["link"].as_str().map(|l| l.trim_end_matches('/')) == Some(want))
}

/// Which of the new site's menu places (`GET /wp/v2/menu-locations`) a menu filled: the one whose
/// name appears among the words around it.
pub fn location<'a>(menu: &Menu, places: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    places
        .into_iter()
        .find(|p| menu.place.iter().any(|w| w == &p.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Twenty Twenty-One's header as WordPress 6.1 prints it (toggle buttons trimmed).
    const PAGE: &str = r#"<nav id="site-navigation" class="primary-navigation" aria-label="Primary menu">
<div class="primary-menu-container"><ul id="primary-menu-list" class="menu-wrapper">
<li id="menu-item-18" class="menu-item menu-item-type-custom menu-item-object-custom menu-item-home menu-item-18"><a href="http://truong.vn/">Trang chủ</a></li>
<li id="menu-item-19" class="menu-item menu-item-type-post_type menu-item-object-page menu-item-has-children menu-item-19"><a href="http://truong.vn/gioi-thieu/">Giới thiệu</a><button class="sub-menu-toggle"><span class="screen-reader-text">Open menu</span></button>
<ul class="sub-menu"><li id="menu-item-20" class="menu-item menu-item-type-taxonomy menu-item-object-category menu-item-20"><a href="/category/tin-tuc/">Tin
 tức</a></li></ul></li>
<li id="menu-item-21" class="menu-item menu-item-type-custom menu-item-object-custom menu-item-21"><a href="https://moet.gov.vn/">Bộ GD&amp;ĐT</a></li>
</ul></div></nav>
<nav class="mobile"><ul id="primary-menu-list" class="menu-wrapper"><li id="menu-item-18" class="menu-item"><a href="http://truong.vn/">Trang chủ</a></li><li id="menu-item-19" class="menu-item"><a href="/x">Giới thiệu</a><ul class="sub-menu"><li id="menu-item-20" class="menu-item"><a href="/y">Tin tức</a></li></ul></li><li id="menu-item-21" class="menu-item"><a href="/z">Bộ</a></li></ul></nav>
<footer><nav aria-label="Secondary menu" class="footer-navigation"><ul id="menu-lien-ket" class="footer-navigation-wrapper">
<li id="menu-item-30" class="menu-item menu-item-type-post_type menu-item-object-page menu-item-30"><a href="http://truong.vn/lien-he/">Liên hệ</a></li></ul></nav></footer>"#;

    #[test]
    fn a_classic_themes_menus_are_read_with_their_nesting_and_places() {
        let menus = read(PAGE, &Url::parse("http://truong.vn/").unwrap());
        assert_eq!(menus.len(), 2, "{menus:?}");
        let main = &menus[0];
        let got: Vec<(&str, &str, &str, &str, Option<usize>)> = main
            .items
            .iter()
            .map(|i| {
                (
                    i.title.as_str(),
                    i.url.as_str(),
                    i.kind.as_str(),
                    i.object.as_str(),
                    i.parent,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("Trang chủ", "http://truong.vn/", "custom", "custom", None),
                (
                    "Giới thiệu",
                    "http://truong.vn/gioi-thieu/",
                    "post_type",
                    "page",
                    None
                ),
                (
                    "Tin tức",
                    "http://truong.vn/category/tin-tuc/",
                    "taxonomy",
                    "category",
                    Some(1)
                ),
                ("Bộ GD&ĐT", "https://moet.gov.vn/", "custom", "custom", None),
            ]
        );
        assert_eq!(main.slug, None);
        assert_eq!(location(main, ["footer", "primary"]), Some("primary"));
        let footer = &menus[1];
        assert_eq!(footer.slug.as_deref(), Some("lien-ket"));
        assert_eq!(location(footer, ["primary", "footer"]), Some("footer"));
        assert_eq!(location(footer, ["header"]), None);
    }

    #[test]
    fn a_block_themes_navigation_is_read_with_its_submenus() {
        let rendered = r#"<li class=" wp-block-navigation-item has-child wp-block-navigation-submenu"><a class="wp-block-navigation-item__content" href="http://truong.vn/gioi-thieu/"><span class="wp-block-navigation-item__label">Giới thiệu</span></a><button class="wp-block-navigation__submenu-icon"><svg></svg></button><ul class="wp-block-navigation__submenu-container wp-block-navigation-submenu"><li class=" wp-block-navigation-item wp-block-navigation-link"><a class="wp-block-navigation-item__content" href="http://truong.vn/gioi-thieu/lich-su/"><span class="wp-block-navigation-item__label">Lịch sử</span></a></li></ul></li><li class=" wp-block-navigation-item wp-block-navigation-link"><a class="wp-block-navigation-item__content" href="https://moet.gov.vn/"><span class="wp-block-navigation-item__label">Bộ GD</span></a></li>"#;
        let items = read_navigation(rendered, &Url::parse("http://truong.vn/").unwrap());
        let got: Vec<(&str, Option<usize>)> =
            items.iter().map(|i| (i.title.as_str(), i.parent)).collect();
        assert_eq!(
            got,
            vec![("Giới thiệu", None), ("Lịch sử", Some(0)), ("Bộ GD", None)]
        );
        assert_eq!(items[1].url, "http://truong.vn/gioi-thieu/lich-su/");
    }

    #[test]
    fn a_page_without_menus_has_none() {
        let base = Url::parse("http://truong.vn/").unwrap();
        assert!(read("<ul><li><a href='/'>x</a></li></ul>", &base).is_empty());
    }
}
