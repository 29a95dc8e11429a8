//! Which addresses belong to the school's site, what a URL is called once tracking noise is
//! removed, and which URLs are crawler traps. Pure functions: the crawl asks, this module answers.

use chrono::Datelike;
use std::collections::{BTreeSet, HashMap};
use url::{Host, Url};

/// The school's site: every host of the same registrable domain (`thhoasen.edu.vn`,
/// `www.thhoasen.edu.vn`, `files.thhoasen.edu.vn`), over http or https.
#[derive(Debug, Clone)]
pub struct Scope {
    site: String,
    /// Sites addressed by IP or a single-label name are one host and one port.
    port: Option<u16>,
}

fn site_of(u: &Url) -> Option<(String, bool)> {
    match u.host()? {
        Host::Domain(d) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            let bare = d.strip_prefix("www.").unwrap_or(&d).to_string();
            // A name the public-suffix list knows has a registrable domain; "localhost" has none.
            match psl::domain_str(&d) {
                Some(reg) if d.contains('.') => Some((reg.to_string(), false)),
                _ => Some((bare, true)),
            }
        }
        Host::Ipv4(ip) => Some((ip.to_string(), true)),
        Host::Ipv6(ip) => Some((ip.to_string(), true)),
    }
}

impl Scope {
    pub fn new(start: &Url) -> Scope {
        let (site, exact) = site_of(start).unwrap_or_default();
        Scope {
            site,
            port: exact.then(|| start.port_or_known_default()).flatten(),
        }
    }

    pub fn contains(&self, u: &Url) -> bool {
        if !matches!(u.scheme(), "http" | "https") {
            return false;
        }
        match site_of(u) {
            Some((site, _)) if site == self.site => {
                self.port.is_none() || self.port == u.port_or_known_default()
            }
            _ => false,
        }
    }

    /// A name for the site usable as a folder name (the crawl cache lives under it).
    pub fn key(&self) -> String {
        let mut k = self.site.replace([':', '[', ']'], "_");
        if let Some(p) = self.port {
            k.push_str(&format!("_{p}"));
        }
        k
    }
}

/// Query parameters that only track visitors or carry a session: two URLs differing in them are
/// the same page, and session ids would make every visit look new.
fn is_noise_param(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.starts_with("utm_")
        || matches!(
            k.as_str(),
            "fbclid"
                | "gclid"
                | "yclid"
                | "msclkid"
                | "mc_cid"
                | "mc_eid"
                | "_ga"
                | "_gl"
                | "sid"
                | "sessionid"
                | "session_id"
                | "phpsessid"
                | "jsessionid"
                | "replytocom"
        )
}

/// A query value that looks like a per-visitor token rather than something a page is about: long,
/// letters and digits only, the two mixed all through (a hex or base64 session id). Slugs have
/// dashes, numbers are digits, words are letters.
pub fn looks_like_token(v: &str) -> bool {
    if v.len() < 16 || !v.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let switches = v
        .as_bytes()
        .windows(2)
        .filter(|w| w[0].is_ascii_digit() != w[1].is_ascii_digit())
        .count();
    switches >= 4
}

/// A query value that is the time of the request (Unix seconds or milliseconds of this century):
/// a cache-buster or a generated timestamp, new on every view, never what the page is about.
fn is_timestamp(v: &str) -> bool {
    let secs = match v.len() {
        10 => v.parse::<i64>().ok(),
        13 => v.parse::<i64>().ok().map(|ms| ms / 1000),
        _ => None,
    };
    // 2001-09-09 … 2100: ten digits start at one billion.
    secs.is_some_and(|s| (1_000_000_000..4_102_444_800).contains(&s))
}

/// Drops the fragment, `;jsessionid=…` path parameters and noise query parameters.
pub fn normalize(u: &Url) -> Url {
    normalize_with(u, &BTreeSet::new())
}

/// `normalize`, also dropping the query parameters the crawl learned are session ids by how the
/// site behaves (`crawl`): names no list can know in advance.
pub fn normalize_with(u: &Url, session: &BTreeSet<String>) -> Url {
    let mut u = u.clone();
    u.set_fragment(None);
    if let Some(i) = u.path().to_ascii_lowercase().find(";jsessionid=") {
        let p = u.path()[..i].to_string();
        u.set_path(&p);
    }
    if u.query().is_some() {
        let kept: Vec<(String, String)> = u
            .query_pairs()
            .filter(|(k, v)| {
                !is_noise_param(k) && !session.contains(k.as_ref()) && !is_timestamp(v)
            })
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            u.set_query(None);
        } else if kept.len() != u.query_pairs().count() {
            u.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    u
}

/// Addresses that make the site do something rather than show something: NukeViet's system
/// endpoints (`?second=cronjobs` is its cron trigger, loaded as a hidden 1-pixel image on every
/// page; `?second=statimg` counts a visit), its desktop/mobile theme switch (`nvvithemever`, with
/// `nv_redirect`), WordPress's cron trigger, and log-out links. A backup reads; it must not run
/// the site's jobs or change its settings.
fn makes_the_site_act(u: &Url) -> bool {
    let path = u.path().to_ascii_lowercase();
    // A captcha image makes the site start a challenge for this visitor; a banner's click link
    // counts a click before it redirects to the advertiser; neither is content.
    let banner_click = path.contains("/banners/click")
        || (u.query_pairs().any(|(k, v)| k == "nv" && v == "banners")
            && u.query_pairs().any(|(k, v)| k == "op" && v == "click"));
    banner_click
        || path.ends_with("/wp-cron.php")
        || path.contains("captcha")
        || u.query_pairs().any(|(k, v)| {
            k.to_ascii_lowercase().contains("captcha") || v.to_ascii_lowercase().contains("captcha")
        })
        || u.query_pairs().any(|(k, v)| {
            let k = k.to_ascii_lowercase();
            matches!(
                k.as_str(),
                "second" | "nvvithemever" | "nv_redirect" | "doing_wp_cron" | "logout"
            ) || (k == "op" && v.eq_ignore_ascii_case("logout"))
                || (k == "action" && v.eq_ignore_ascii_case("logout"))
        })
}

/// Other forms of an article a CMS offers beside it: NukeViet's `print/`, `savefile/` (the
/// article as a downloadable file) and `sendmail/` under the module, by path or by `op`.
fn is_copy_of_article(u: &Url) -> bool {
    const FORMS: [&str; 3] = ["print", "savefile", "sendmail"];
    let path = u.path().to_ascii_lowercase();
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    // `/news/print/…` or `/vi/news/savefile/…`: the form right after the module's name.
    let by_path = segs.iter().skip(1).take(2).any(|s| FORMS.contains(s)) && segs.len() >= 3;
    let by_op = u.query_pairs().any(|(k, v)| {
        k.eq_ignore_ascii_case("op")
            && FORMS
                .iter()
                .any(|f| v.to_ascii_lowercase().starts_with(&format!("{f}/")))
    });
    by_path || by_op
}

/// Why a URL is not fetched, in Vietnamese for the crawl report.
pub fn excluded(u: &Url) -> Option<&'static str> {
    let path = u.path().to_ascii_lowercase();
    let query = u.query().unwrap_or("").to_ascii_lowercase();
    // Admin areas and log-in/out links: never part of the public site, and a logout link followed
    // by a crawler could end an editor's session.
    let admin_path = [
        "/admin/",
        "/wp-admin",
        "/wp-login.php",
        "/xmlrpc.php",
        "/dang-nhap",
        "/dang-xuat",
    ];
    if admin_path.iter().any(|a| path.contains(a))
        || path.ends_with("/admin")
        || query.contains("nv=users")
        || query.contains("op=logout")
        || query.contains("action=logout")
    {
        return Some("trang quản trị hoặc đăng nhập, không sao lưu");
    }
    if makes_the_site_act(u) {
        return Some("liên kết làm trang web thực hiện một việc (chạy tác vụ định kỳ, đổi giao diện, đếm lượt, tạo mã xác nhận, đăng xuất); bản sao lưu không được làm thay đổi trang web");
    }
    if is_copy_of_article(u) {
        return Some(
            "bản in, bản lưu tệp hoặc mẫu gửi thư của một bài viết; bài viết đã được sao lưu",
        );
    }
    if u.as_str().len() > 2000 {
        return Some("địa chỉ quá dài (bẫy thu thập)");
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.len() > 25 {
        return Some("đường dẫn quá sâu (bẫy thu thập)");
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for s in &segments {
        let c = counts.entry(s).or_default();
        *c += 1;
        if *c >= 3 {
            return Some("đường dẫn lặp lại (bẫy thu thập)");
        }
    }
    if let Some(y) = calendar_year(u) {
        let now = chrono::Local::now().year();
        if y < 1990 || y > now + 1 {
            return Some("trang lịch không có thật (bẫy thu thập)");
        }
    }
    None
}

/// The year a calendar-like URL points at: a `year`/`nam` parameter, or a path segment like
/// `2026`, `2026-11` or `2026-11-25` next to another number.
fn calendar_year(u: &Url) -> Option<i32> {
    for (k, v) in u.query_pairs() {
        let k = k.to_ascii_lowercase();
        if matches!(k.as_str(), "year" | "nam" | "y" | "yyyy") {
            if let Ok(y) = v.trim().parse::<i32>() {
                return Some(y);
            }
        }
        if matches!(k.as_str(), "date" | "ngay" | "month" | "day") {
            if let Some(y) = v.get(..4).and_then(|s| s.parse::<i32>().ok()) {
                if v.len() >= 7 {
                    return Some(y);
                }
            }
        }
    }
    let segs: Vec<&str> = u.path_segments()?.collect();
    for (i, s) in segs.iter().enumerate() {
        let head = s.split('-').next().unwrap_or("");
        if head.len() == 4 && head.bytes().all(|b| b.is_ascii_digit()) {
            let dated = s.len() > 4 || segs.get(i + 1).is_some_and(|n| n.parse::<u8>().is_ok());
            if dated {
                return head.parse().ok();
            }
        }
    }
    None
}

/// URLs of one template (digits replaced, query keys only): calendar and pagination explosions
/// repeat one template endlessly, so the crawl caps how many URLs of a template it takes.
pub fn template(u: &Url) -> String {
    let mut t = String::new();
    let mut in_digits = false;
    for c in u.path().chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                t.push('#');
            }
            in_digits = true;
        } else {
            in_digits = false;
            t.push(c);
        }
    }
    let mut keys: Vec<String> = u.query_pairs().map(|(k, _)| k.into_owned()).collect();
    keys.sort();
    if !keys.is_empty() {
        t.push('?');
        t.push_str(&keys.join("&"));
    }
    t
}

/// Templates that look like dates get a smaller cap than others (article lists, pagination).
pub fn template_cap(u: &Url) -> usize {
    if calendar_year(u).is_some() {
        120
    } else {
        2000
    }
}

/// Pagination of a list (`page-2`, `/page/2/`, `?page=2`, `paged=2`): it leads to old articles, so
/// it does not count as going one level deeper.
pub fn is_pagination(u: &Url) -> bool {
    let p = u.path().to_ascii_lowercase();
    let seg_page = p.split('/').any(|s| {
        s.strip_prefix("page-")
            .is_some_and(|n| n.parse::<u32>().is_ok())
    });
    let wp_page = p.contains("/page/");
    let q = u.query_pairs().any(|(k, _)| {
        matches!(
            k.to_ascii_lowercase().as_str(),
            "page" | "paged" | "trang" | "p_page"
        )
    });
    seg_page || wp_page || q
}

/// The page number of a list page (`page-7`, `/page/7/`, `?page=7`).
pub fn page_number(u: &Url) -> Option<u32> {
    let p = u.path().to_ascii_lowercase();
    let segs: Vec<&str> = p.split('/').filter(|s| !s.is_empty()).collect();
    for (i, s) in segs.iter().enumerate() {
        if let Some(n) = s.strip_prefix("page-").and_then(|n| n.parse().ok()) {
            return Some(n);
        }
        if *s == "page" {
            if let Some(n) = segs.get(i + 1).and_then(|n| n.parse().ok()) {
                return Some(n);
            }
        }
    }
    u.query_pairs().find_map(|(k, v)| {
        matches!(
            k.to_ascii_lowercase().as_str(),
            "page" | "paged" | "trang" | "p_page"
        )
        .then(|| v.parse().ok())
        .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn links_that_make_the_site_act_and_copies_of_articles_are_not_followed() {
        for link in [
            "http://a.vn/index.php?second=cronjobs&p=Xk29sLq8",
            "http://a.vn/index.php?second=statimg&p=1",
            "http://a.vn/banners/click/?id=3&s=5f2a9c1e8b7d4a3f",
            "http://a.vn/index.php?nv=banners&op=click&id=3",
            "http://a.vn/index.php?scaptcha=captcha&t=1733561234",
            "http://a.vn/gioi-thieu/?nvvithemever=r&nv_redirect=OCGesEj8",
            "http://a.vn/wp-cron.php?doing_wp_cron=1733",
            "http://a.vn/index.php?nv=news&op=logout",
            "http://a.vn/news/savefile/thong-bao/khai-giang-12.html",
            "http://a.vn/vi/news/print/thong-bao/khai-giang-12.html",
            "http://a.vn/index.php?language=vi&nv=news&op=savefile/thong-bao/khai-giang-12",
        ] {
            assert!(excluded(&u(link)).is_some(), "{link}");
        }
        for link in [
            "http://a.vn/news/thong-bao/khai-giang-12.html",
            "http://a.vn/news/thong-bao/khai-giang-12.html?download=1&id=0",
            "http://a.vn/news/print-an/",
            "http://a.vn/index.php?language=vi&nv=news&op=thong-bao/khai-giang-12",
            "http://a.vn/?p=12",
        ] {
            assert!(excluded(&u(link)).is_none(), "{link}");
        }
    }

    #[test]
    fn session_tokens_are_told_from_slugs_numbers_and_words() {
        for t in [
            "5f2a9c1e8b7d4a3f6c0e",
            "a00a00a00a00a00affffffffffffffff",
            "Xk29sLq81mZp0Rt7Ab",
        ] {
            assert!(looks_like_token(t), "{t}");
        }
        for v in [
            "khai-giang-nam-hoc-moi-2026",
            "1234567890123456789",
            "thongbaotuyensinhnamhoc",
            "khaigiang2026abcdefgh",
            "abc",
        ] {
            assert!(!looks_like_token(v), "{v}");
        }
        assert_eq!(
            normalize(&u("http://a.vn/themes/logo.png?t=1733561234&v=2")).as_str(),
            "http://a.vn/themes/logo.png?v=2",
            "a timestamp is a cache-buster"
        );
        assert_eq!(
            normalize(&u("http://a.vn/index.php?nv=news&id=1733")).as_str(),
            "http://a.vn/index.php?nv=news&id=1733"
        );
        let learned = BTreeSet::from(["nvtk".to_string()]);
        assert_eq!(
            normalize_with(
                &u("http://a.vn/news/?nvtk=5f2a9c1e8b7d4a3f&page=2"),
                &learned
            )
            .as_str(),
            "http://a.vn/news/?page=2"
        );
    }

    #[test]
    fn scope_is_the_registrable_domain() {
        let s = Scope::new(&u("http://thhoasen.edu.vn/"));
        assert!(s.contains(&u("https://www.thhoasen.edu.vn/tin-tuc")));
        assert!(s.contains(&u("https://files.thhoasen.edu.vn/a.pdf")));
        assert!(!s.contains(&u("https://thcs.edu.vn/")));
        assert!(!s.contains(&u("https://vnexpress.net/")));
        assert!(!s.contains(&u("mailto:a@thhoasen.edu.vn")));
        let ip = Scope::new(&u("http://127.0.0.1:8080/"));
        assert!(ip.contains(&u("http://127.0.0.1:8080/x")));
        assert!(!ip.contains(&u("http://127.0.0.1:9090/x")));
        let local = Scope::new(&u("http://localhost:8080/"));
        assert!(local.contains(&u("http://localhost:8080/a")));
        assert!(!local.contains(&u("http://otherhost:8080/a")));
    }

    #[test]
    fn noise_parameters_and_fragments_go() {
        assert_eq!(
            normalize(&u("http://a.vn/x?utm_source=fb&id=3&PHPSESSID=abc#top")).as_str(),
            "http://a.vn/x?id=3"
        );
        assert_eq!(
            normalize(&u("http://a.vn/x?fbclid=1")).as_str(),
            "http://a.vn/x"
        );
        assert_eq!(
            normalize(&u("http://a.vn/x;jsessionid=ABC")).as_str(),
            "http://a.vn/x"
        );
        // Untouched when clean: parameter order is the site's business.
        assert_eq!(
            normalize(&u("http://a.vn/index.php?nv=news&op=tin-tuc")).as_str(),
            "http://a.vn/index.php?nv=news&op=tin-tuc"
        );
    }

    #[test]
    fn traps_and_admin_pages_are_excluded() {
        assert!(excluded(&u("http://a.vn/a/b/a/b/a/")).is_some());
        assert!(excluded(&u("http://a.vn/lich?month=3&year=1890")).is_some());
        assert!(excluded(&u("http://a.vn/lich/2150/03/")).is_some());
        assert!(excluded(&u("http://a.vn/wp-admin/")).is_some());
        assert!(excluded(&u("http://a.vn/index.php?nv=users&op=login")).is_some());
        assert!(excluded(&u("http://a.vn/lich/2025/03/")).is_none());
        assert!(excluded(&u("http://a.vn/news/thong-bao/khai-giang-12.html")).is_none());
        assert!(excluded(&u("http://a.vn/uploads/2024/05/anh.jpg")).is_none());
    }

    #[test]
    fn templates_and_pagination() {
        assert_eq!(
            template(&u("http://a.vn/news/page-12/")),
            template(&u("http://a.vn/news/page-3/"))
        );
        assert_ne!(
            template(&u("http://a.vn/news/a-1.html")),
            template(&u("http://a.vn/news/b-1.html"))
        );
        assert!(template_cap(&u("http://a.vn/lich?month=3&year=2024")) < 200);
        assert!(is_pagination(&u("http://a.vn/news/page-2/")));
        assert!(is_pagination(&u("http://a.vn/category/tin/page/3/")));
        assert!(is_pagination(&u("http://a.vn/tin?page=3")));
        assert!(!is_pagination(&u("http://a.vn/tin/bai-5.html")));
        assert_eq!(page_number(&u("http://a.vn/news/page-12/")), Some(12));
        assert_eq!(page_number(&u("http://a.vn/category/tin/page/3/")), Some(3));
        assert_eq!(page_number(&u("http://a.vn/tin?paged=4")), Some(4));
        assert_eq!(page_number(&u("http://a.vn/tin/")), None);
    }
}
