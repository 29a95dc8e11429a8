//! A WordPress site's own data, read from its public REST API (`/wp-json/wp/v2/…`): posts, pages,
//! categories, tags and media, kept as JSON and written as a WXR file (`wordpress-wxr.xml`) that
//! the official WordPress Importer takes to rebuild the site. `read` parses WXR back, which the
//! tests use to check what was written.

use super::menus::Menu;
use crate::text::html_escape as esc;
use serde::Serialize;
use serde_json::Value;
use std::time::Duration;
use url::Url;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Site {
    pub api: String,
    pub posts: Vec<Value>,
    pub pages: Vec<Value>,
    pub categories: Vec<Value>,
    pub tags: Vec<Value>,
    pub media: Vec<Value>,
    pub users: Vec<Value>,
    /// A block theme's navigation menus (`wp_navigation` posts, WordPress 5.9+).
    pub navigation: Vec<Value>,
}

/// A media item's files: the original and every size WordPress made of it.
pub fn media_files(item: &Value) -> Vec<String> {
    let mut files: Vec<String> = item["source_url"]
        .as_str()
        .map(str::to_string)
        .into_iter()
        .collect();
    if let Some(sizes) = item["media_details"]["sizes"].as_object() {
        for size in sizes.values() {
            if let Some(u) = size["source_url"].as_str() {
                if !files.iter().any(|f| f == u) {
                    files.push(u.to_string());
                }
            }
        }
    }
    files
}

/// Articles read from a WordPress site's pages, corrected from what the site says of each post:
/// its categories' names, its author's name and its date. A theme's byline ("By Ban Truyền
/// thông") or a URL segment taken for a category is the page's wording, not the site's data.
pub fn correct_articles(articles: &mut [super::articles::Article], site: &Site) {
    let key = |u: &str| u.trim_end_matches('/').to_string();
    let name_of = |list: &[Value], id: &Value| {
        list.iter()
            .find(|v| v["id"] == *id)
            .and_then(|v| v["name"].as_str())
            .map(|n| html_escape::decode_html_entities(n).into_owned())
    };
    for a in articles {
        let Some(post) = site
            .posts
            .iter()
            .find(|p| p["link"].as_str().map(key) == Some(key(&a.url)))
        else {
            continue;
        };
        let categories: Vec<String> = post["categories"]
            .as_array()
            .map(|ids| {
                ids.iter()
                    .filter_map(|id| name_of(&site.categories, id))
                    .collect()
            })
            .unwrap_or_default();
        if !categories.is_empty() {
            a.category = Some(categories.join(", "));
        }
        if let Some(author) = name_of(&site.users, &post["author"]) {
            a.author = Some(author);
        }
        if let Some(date) = post["date"].as_str() {
            a.published = date.get(..10).map(str::to_string);
            a.published_time = date.get(11..16).map(str::to_string);
        }
    }
}

/// Where a backup keeps the site's menus, beside the REST endpoints' lists.
pub const MENUS: &str = "wordpress/menus.json";

pub const ENDPOINTS: [&str; 7] = [
    "posts",
    "pages",
    "categories",
    "tags",
    "media",
    "users",
    "navigation",
];

/// Endpoints a site may hide or lack without its read failing: users are often hidden by
/// security plugins, and sites before WordPress 5.9 have no navigation menus.
fn optional(endpoint: &str) -> bool {
    matches!(endpoint, "users" | "navigation")
}

/// The URL of one page of an endpoint, for both API root forms (`/wp-json/` and `?rest_route=/`).
pub fn endpoint_url(api: &Url, endpoint: &str, page: u32) -> Option<Url> {
    let route = format!("wp/v2/{endpoint}");
    if api.query().is_some_and(|q| q.contains("rest_route=")) {
        let mut u = api.clone();
        u.query_pairs_mut()
            .clear()
            .append_pair("rest_route", &format!("/{route}"))
            .append_pair("per_page", "100")
            .append_pair("page", &page.to_string());
        Some(u)
    } else {
        let mut base = api.clone();
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        let mut u = base.join(&route).ok()?;
        u.query_pairs_mut()
            .append_pair("per_page", "100")
            .append_pair("page", &page.to_string());
        Some(u)
    }
}

/// Reads every page of every endpoint, `gap` apart. Users are often hidden by security plugins;
/// their absence is normal. Any other endpoint that fails makes the whole read fail, with why.
pub async fn fetch(client: &reqwest::Client, api: &Url, gap: Duration) -> Result<Site, String> {
    let mut site = Site {
        api: api.to_string(),
        ..Site::default()
    };
    for ep in ENDPOINTS {
        let mut all = Vec::new();
        for page in 1..=1000u32 {
            tokio::time::sleep(gap).await;
            let Some(url) = endpoint_url(api, ep, page) else {
                break;
            };
            let resp = client
                .get(url.clone())
                .send()
                .await
                .map_err(|e| format!("{url}: {}", super::crawl::describe(&e).0))?;
            let status = resp.status().as_u16();
            // WordPress answers 400 past the last page.
            if status == 400 && page > 1 {
                break;
            }
            if !resp.status().is_success() {
                if optional(ep) {
                    break;
                }
                return Err(format!("{url}: {}", crate::message::http_status(status)));
            }
            let pages: u32 = resp
                .headers()
                .get("x-wp-totalpages")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse().ok())
                .unwrap_or(1);
            let body = resp
                .bytes()
                .await
                .map_err(|e| format!("{url}: {}", super::crawl::describe(&e).0))?;
            let items: Vec<Value> = serde_json::from_slice(&body).map_err(|e| {
                format!(
                    "{url}: câu trả lời không phải dữ liệu JSON hợp lệ (chi tiết kỹ thuật: {e})"
                )
            })?;
            let empty = items.is_empty();
            all.extend(items);
            if empty || page >= pages {
                break;
            }
        }
        match ep {
            "posts" => site.posts = all,
            "pages" => site.pages = all,
            "categories" => site.categories = all,
            "tags" => site.tags = all,
            "media" => site.media = all,
            "users" => site.users = all,
            _ => site.navigation = all,
        }
    }
    Ok(site)
}

fn rendered(v: &Value, k: &str) -> String {
    v[k]["rendered"]
        .as_str()
        .or_else(|| v[k].as_str())
        .unwrap_or("")
        .to_string()
}

/// Titles and term names come from the REST API HTML-escaped ("&#8211;"); WXR carries them as
/// plain text, as WordPress's own export does.
fn plain(v: &Value, k: &str) -> String {
    html_escape::decode_html_entities(&rendered(v, k)).into_owned()
}

fn name(v: &Value) -> String {
    html_escape::decode_html_entities(v["name"].as_str().unwrap_or("")).into_owned()
}

fn cdata(s: &str) -> String {
    format!("<![CDATA[{}]]>", s.replace("]]>", "]]]]><![CDATA[>"))
}

fn wp_date(v: &Value, k: &str) -> String {
    v[k].as_str().unwrap_or("").replace('T', " ")
}

/// WXR 1.2, the format of WordPress's own export (Tools → Export) and Importer.
pub fn wxr(site: &Site, menus: &[Menu], base: &str, title: &str) -> String {
    let base = base.trim_end_matches('/');
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n\
         <!-- Tạo bởi Sao lưu Trường học từ API công khai của WordPress. Nhập bằng: Công cụ → Nhập → WordPress. -->\n\
         <rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:wfw=\"http://wellformedweb.org/CommentAPI/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n",
    );
    x += &format!(
        "<title>{}</title>\n<link>{}</link>\n<language>vi</language>\n<wp:wxr_version>1.2</wp:wxr_version>\n\
         <wp:base_site_url>{}</wp:base_site_url>\n<wp:base_blog_url>{}</wp:base_blog_url>\n",
        esc(title),
        esc(base),
        esc(base),
        esc(base)
    );
    x += &terms(site);
    for (n, menu) in menus.iter().enumerate() {
        x += &format!(
            "<wp:term><wp:term_id>{}</wp:term_id><wp:term_taxonomy>nav_menu</wp:term_taxonomy><wp:term_slug>{}</wp:term_slug><wp:term_name>{}</wp:term_name></wp:term>\n",
            MENU_IDS + n as u64 * 1000,
            cdata(&menu.slug_or(n + 1)),
            cdata(&menu.name(n + 1))
        );
    }
    for m in &site.media {
        let url = m["source_url"].as_str().unwrap_or("");
        let alt = m["alt_text"].as_str().unwrap_or("");
        let mut extra = format!("<wp:attachment_url>{}</wp:attachment_url>\n", cdata(url));
        if !alt.is_empty() {
            extra += &meta("_wp_attachment_image_alt", alt);
        }
        x += &item(site, m, "attachment", extra);
    }
    for p in &site.posts {
        let thumb = match p["featured_media"].as_u64() {
            Some(id) if id > 0 => format!(
                "<wp:postmeta><wp:meta_key>{}</wp:meta_key><wp:meta_value>{}</wp:meta_value></wp:postmeta>\n",
                cdata("_thumbnail_id"),
                cdata(&id.to_string())
            ),
            _ => String::new(),
        };
        x += &item(site, p, "post", thumb);
    }
    for p in &site.pages {
        x += &item(site, p, "page", String::new());
    }
    for (n, menu) in menus.iter().enumerate() {
        x += &menu_items(site, menu, n);
    }
    x += "</channel>\n</rss>\n";
    x
}

/// Menu items get ids of their own, far above the site's: the Importer links each to its parent
/// and its menu by them.
const MENU_IDS: u64 = 900_000_000;

fn meta(key: &str, value: &str) -> String {
    format!(
        "<wp:postmeta><wp:meta_key>{}</wp:meta_key><wp:meta_value>{}</wp:meta_value></wp:postmeta>\n",
        cdata(key),
        cdata(value)
    )
}

/// A menu's items as the Importer reads them (`nav_menu_item` posts with their `_menu_item_*`
/// fields), pointing at the old site's posts, pages and terms by their ids in this file.
fn menu_items(site: &Site, menu: &Menu, n: usize) -> String {
    let id = |i: usize| MENU_IDS + n as u64 * 1000 + 1 + i as u64;
    let mut x = String::new();
    for (i, it) in menu.items.iter().enumerate() {
        let list = match it.route() {
            Some("pages") => &site.pages,
            Some("posts") => &site.posts,
            Some("categories") => &site.categories,
            Some("tags") => &site.tags,
            _ => &site.media,
        };
        let target = it.route().and_then(|_| it.target(list));
        let (kind, object, object_id, url) = match target {
            Some(t) => (
                it.kind.as_str(),
                it.object.as_str(),
                t["id"].as_u64().unwrap_or(0),
                "",
            ),
            None => ("custom", "custom", id(i), it.url.as_str()),
        };
        let parent = it.parent.map(id).unwrap_or(0);
        x += &format!(
            "<item>\n<title>{}</title>\n<wp:post_id>{}</wp:post_id>\n<wp:post_name>{}</wp:post_name>\n\
             <wp:status>publish</wp:status>\n<wp:post_parent>0</wp:post_parent>\n<wp:menu_order>{}</wp:menu_order>\n\
             <wp:post_type>nav_menu_item</wp:post_type>\n\
             <category domain=\"nav_menu\" nicename=\"{}\">{}</category>\n{}{}{}{}{}</item>\n",
            esc(&it.title),
            id(i),
            cdata(&format!("menu-item-{}", id(i))),
            i + 1,
            esc(&menu.slug_or(n + 1)),
            cdata(&menu.name(n + 1)),
            meta("_menu_item_type", kind),
            meta("_menu_item_menu_item_parent", &parent.to_string()),
            meta("_menu_item_object_id", &object_id.to_string()),
            meta("_menu_item_object", object),
            meta("_menu_item_url", url),
        );
    }
    x
}

fn name_of(list: &[Value], id: &Value) -> Option<Value> {
    list.iter().find(|c| c["id"] == *id).cloned()
}

/// The site's authors, categories (with their parents) and tags.
fn terms(site: &Site) -> String {
    let mut x = String::new();
    for u in &site.users {
        x += &format!(
            "<wp:author><wp:author_id>{}</wp:author_id><wp:author_login>{}</wp:author_login><wp:author_display_name>{}</wp:author_display_name></wp:author>\n",
            u["id"],
            cdata(u["slug"].as_str().unwrap_or("")),
            cdata(&name(u))
        );
    }
    for c in &site.categories {
        let parent = name_of(&site.categories, &c["parent"])
            .map(|p| p["slug"].as_str().unwrap_or("").to_string())
            .unwrap_or_default();
        x += &format!(
            "<wp:category><wp:term_id>{}</wp:term_id><wp:category_nicename>{}</wp:category_nicename><wp:category_parent>{}</wp:category_parent><wp:cat_name>{}</wp:cat_name></wp:category>\n",
            c["id"],
            cdata(c["slug"].as_str().unwrap_or("")),
            cdata(&parent),
            cdata(&name(c))
        );
    }
    for t in &site.tags {
        x += &format!(
            "<wp:tag><wp:term_id>{}</wp:term_id><wp:tag_slug>{}</wp:tag_slug><wp:tag_name>{}</wp:tag_name></wp:tag>\n",
            t["id"],
            cdata(t["slug"].as_str().unwrap_or("")),
            cdata(&name(t))
        );
    }
    x
}

/// One post, page or attachment with its author and terms.
fn item(site: &Site, v: &Value, kind: &str, extra: String) -> String {
    let author = name_of(&site.users, &v["author"])
        .and_then(|u| u["slug"].as_str().map(str::to_string))
        .unwrap_or_else(|| "admin".into());

    let terms: String = ["categories", "tags"]
        .iter()
        .flat_map(|k| {
            let (list, domain) = if *k == "categories" {
                (&site.categories, "category")
            } else {
                (&site.tags, "post_tag")
            };
            v[*k]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .filter_map(move |id| {
                    let t = name_of(list, &id)?;
                    Some(format!(
                        "<category domain=\"{domain}\" nicename=\"{}\">{}</category>\n",
                        esc(t["slug"].as_str().unwrap_or("")),
                        cdata(&name(&t))
                    ))
                })
        })
        .collect();
    format!(
            "<item>\n<title>{}</title>\n<link>{}</link>\n<dc:creator>{}</dc:creator>\n<guid isPermaLink=\"false\">{}</guid>\n\
             <description></description>\n<content:encoded>{}</content:encoded>\n<excerpt:encoded>{}</excerpt:encoded>\n\
             <wp:post_id>{}</wp:post_id>\n<wp:post_date>{}</wp:post_date>\n<wp:post_date_gmt>{}</wp:post_date_gmt>\n\
             <wp:comment_status>closed</wp:comment_status>\n<wp:ping_status>closed</wp:ping_status>\n<wp:post_name>{}</wp:post_name>\n\
             <wp:status>{}</wp:status>\n<wp:post_parent>{}</wp:post_parent>\n<wp:menu_order>{}</wp:menu_order>\n\
             <wp:post_type>{kind}</wp:post_type>\n<wp:post_password></wp:post_password>\n<wp:is_sticky>0</wp:is_sticky>\n{extra}{terms}</item>\n",
            esc(&plain(v, "title")),
            esc(v["link"].as_str().unwrap_or("")),
            cdata(&author),
            esc(v["guid"]["rendered"].as_str().or(v["link"].as_str()).unwrap_or("")),
            cdata(&rendered(v, "content")),
            cdata(&rendered(v, "excerpt")),
            v["id"],
            esc(&wp_date(v, "date")),
            esc(&wp_date(v, "date_gmt")),
            cdata(v["slug"].as_str().unwrap_or("")),
            cdata(if kind == "attachment" { "inherit" } else { v["status"].as_str().unwrap_or("publish") }),
            v["parent"].as_u64().or(v["post"].as_u64()).unwrap_or(0),
            v["menu_order"].as_u64().unwrap_or(0),
        )
}

/// What a WXR file holds, as WordPress's importer would see it.
#[derive(Debug, Default, PartialEq)]
pub struct Read {
    pub wxr_version: String,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    /// `(post_type, post_id, title, post_date, category names)`
    pub items: Vec<(String, u64, String, String, Vec<String>)>,
    pub attachment_urls: Vec<String>,
    /// `nav_menu` terms' names.
    pub menus: Vec<String>,
    /// Each menu item's title and `_menu_item_*` fields.
    pub menu_items: Vec<(String, std::collections::BTreeMap<String, String>)>,
}

pub fn read(xml: &str) -> Result<Read, String> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out = Read::default();
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut item: Option<(String, u64, String, String, Vec<String>)> = None;
    let mut meta = std::collections::BTreeMap::new();
    let mut key = String::new();
    loop {
        match r
            .read_event()
            .map_err(|e| format!("XML lỗi tại vị trí {}: {e}", r.buffer_position()))?
        {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if name == "item" {
                    item = Some(Default::default());
                }
                path.push(name);
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::GeneralRef(g) => {
                let n = g.decode().map_err(|e| e.to_string())?;
                if let Some(c) = g.resolve_char_ref().ok().flatten() {
                    text.push(c);
                } else if let Some(v) = quick_xml::escape::resolve_predefined_entity(&n) {
                    text.push_str(v);
                }
            }
            Event::CData(c) => text.push_str(&String::from_utf8_lossy(&c)),
            Event::End(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let t = text.trim().to_string();
                match (name.as_str(), item.as_mut()) {
                    ("wp:wxr_version", _) => out.wxr_version = t,
                    ("wp:cat_name", None) => out.categories.push(t),
                    ("wp:tag_name", None) => out.tags.push(t),
                    ("wp:post_type", Some(i)) => i.0 = t,
                    ("wp:post_id", Some(i)) => {
                        i.1 = t
                            .parse()
                            .map_err(|_| format!("post_id không phải số: {t}"))?
                    }
                    ("title", Some(i)) => i.2 = t,
                    ("wp:post_date", Some(i)) => i.3 = t,
                    ("category", Some(i)) => i.4.push(t),
                    ("wp:attachment_url", Some(_)) => out.attachment_urls.push(t),
                    ("wp:term_name", None) => out.menus.push(t),
                    ("wp:meta_key", Some(_)) => key = t,
                    ("wp:meta_value", Some(_)) => {
                        meta.insert(std::mem::take(&mut key), t);
                    }
                    ("item", Some(i)) => {
                        let meta = std::mem::take(&mut meta);
                        if i.0 == "nav_menu_item" {
                            out.menu_items.push((i.2.clone(), meta));
                        }
                        out.items.extend(item.take());
                    }
                    _ => {}
                }
                path.pop();
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if out.wxr_version.is_empty() {
        return Err("không phải tệp WXR (thiếu wp:wxr_version)".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn endpoint_urls_for_both_api_forms() {
        let a = Url::parse("http://a.vn/wp-json/").unwrap();
        assert_eq!(
            endpoint_url(&a, "posts", 2).unwrap().as_str(),
            "http://a.vn/wp-json/wp/v2/posts?per_page=100&page=2"
        );
        let b = Url::parse("http://a.vn/?rest_route=/").unwrap();
        assert_eq!(
            endpoint_url(&b, "media", 1).unwrap().as_str(),
            "http://a.vn/?rest_route=%2Fwp%2Fv2%2Fmedia&per_page=100&page=1"
        );
    }

    #[test]
    fn wxr_round_trips_through_the_reader() {
        let site = Site {
            api: "http://a.vn/wp-json/".into(),
            posts: vec![
                json!({"id": 7, "date": "2025-09-05T07:30:00", "date_gmt": "2025-09-05T00:30:00", "slug": "khai-giang",
                "status": "publish", "link": "http://a.vn/2025/09/khai-giang/", "title": {"rendered": "Lễ khai giảng & chào cờ"},
                "content": {"rendered": "<p>Nội dung ]]> lạ</p>"}, "excerpt": {"rendered": ""}, "author": 1, "categories": [3], "tags": [9], "featured_media": 11}),
            ],
            pages: vec![
                json!({"id": 2, "date": "2024-01-01T00:00:00", "slug": "gioi-thieu", "status": "publish", "title": {"rendered": "Giới thiệu"}, "content": {"rendered": "x"}, "author": 1, "link": "http://a.vn/gioi-thieu/"}),
            ],
            categories: vec![json!({"id": 3, "name": "Tin tức", "slug": "tin-tuc", "parent": 0})],
            tags: vec![json!({"id": 9, "name": "Khai giảng", "slug": "khai-giang"})],
            media: vec![
                json!({"id": 11, "date": "2025-09-05T07:00:00", "slug": "anh", "title": {"rendered": "Ảnh"}, "source_url": "http://a.vn/wp-content/uploads/2025/09/anh.jpg", "post": 7}),
            ],
            users: vec![json!({"id": 1, "name": "Cô Lan", "slug": "colan"})],
            navigation: Vec::new(),
        };
        let menus = crate::website::menus::read(
            r#"<nav><ul id="menu-menu-chinh"><li id="menu-item-5" class="menu-item menu-item-type-post_type menu-item-object-page"><a href="http://a.vn/gioi-thieu">Giới thiệu</a>
            <ul class="sub-menu"><li id="menu-item-6" class="menu-item menu-item-type-custom menu-item-object-custom"><a href="https://moet.gov.vn/">Bộ</a></li></ul></li></ul></nav>"#,
            &Url::parse("http://a.vn/").unwrap(),
        );
        let x = wxr(&site, &menus, "http://a.vn/", "Trường Hoa Sen");
        let r = read(&x).unwrap();
        assert_eq!(r.menus, ["Menu chinh"]);
        let items: Vec<(&str, &str, &str, &str)> = r
            .menu_items
            .iter()
            .map(|(t, m)| {
                let f = |k: &str| m.get(k).map(String::as_str).unwrap_or("");
                (
                    t.as_str(),
                    f("_menu_item_type"),
                    f("_menu_item_object_id"),
                    f("_menu_item_url"),
                )
            })
            .collect();
        assert_eq!(
            items,
            [
                ("Giới thiệu", "post_type", "2", ""),
                ("Bộ", "custom", "900000002", "https://moet.gov.vn/")
            ]
        );
        assert_eq!(
            r.menu_items[1].1["_menu_item_menu_item_parent"],
            "900000001"
        );
        assert_eq!(r.wxr_version, "1.2");
        assert_eq!(r.categories, ["Tin tức"]);
        assert_eq!(r.tags, ["Khai giảng"]);
        assert_eq!(
            r.attachment_urls,
            ["http://a.vn/wp-content/uploads/2025/09/anh.jpg"]
        );
        let post = r.items.iter().find(|i| i.0 == "post").unwrap();
        assert_eq!(
            (post.1, post.2.as_str(), post.3.as_str()),
            (7, "Lễ khai giảng & chào cờ", "2025-09-05 07:30:00")
        );
        assert_eq!(post.4, ["Tin tức", "Khai giảng"]);
        assert_eq!(r.items.len(), 5);
        assert!(
            x.contains("]]]]><![CDATA[>"),
            "CDATA end inside content is split"
        );
        assert!(read("<rss></rss>").is_err());
    }
}
