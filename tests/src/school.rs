//! A generated NukeViet-shaped school website on 127.0.0.1, for the crawler's tests and its
//! benchmark: news in two categories (the same article under both, as NukeViet does), paginated
//! lists, a laws ("văn bản") module with Vietnamese file names and a download script, a theme
//! with CSS imports and fonts, RSS, sitemap and robots.txt, ETags for conditional requests, and
//! on request the traps and failures real sites have (calendar, 404, 500, slow, hung, oversize,
//! redirects, tracking parameters, admin links).

use saoluu_demo::http::{Request, Response, Server};
use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Shape {
    pub articles: u32,
    pub documents: u32,
    /// Bytes of each document file.
    pub doc_bytes: usize,
    /// Calendar trap, failing pages, a hung page and a 200 MB file.
    pub traps: bool,
    /// The footer the directive requires (unit, governing body, address, phone, email, editor).
    pub footer: bool,
    /// Time the server takes to build each HTML page (a CMS renders pages in PHP; uploaded files
    /// are served straight from disk).
    pub page_delay: Duration,
}

impl Default for Shape {
    fn default() -> Shape {
        Shape {
            articles: 60,
            documents: 12,
            doc_bytes: 2000,
            traps: true,
            footer: true,
            page_delay: Duration::ZERO,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Article {
    pub id: u32,
    pub title: String,
    pub body: String,
}

/// One answered request: path, status, body bytes sent.
pub type Hit = (String, u16, usize);

pub struct State {
    pub shape: Shape,
    pub articles: Mutex<BTreeMap<u32, Article>>,
    pub log: Mutex<Vec<Hit>>,
}

pub struct SchoolSite {
    pub url: String,
    pub state: Arc<State>,
    _server: Server,
}

pub const PER_PAGE: u32 = 10;
pub const CATS: [&str; 2] = ["thong-bao", "tin-tuc"];

pub fn article(id: u32) -> Article {
    Article {
        id,
        title: format!(
            "Hoạt động ngoại khoá số {id} của học sinh khối {}",
            id % 5 + 1
        ),
        body: format!(
            "<p>Sáng ngày {}/{}/2025, Trường Tiểu học Hoa Sen tổ chức hoạt động số {id}.</p>\
             <p>Các em học sinh đã tham gia sôi nổi, thể hiện tinh thần đoàn kết.</p>",
            id % 28 + 1,
            id % 12 + 1
        ),
    }
}

pub fn slug(id: u32) -> String {
    format!("hoat-dong-ngoai-khoa-so-{id}")
}

/// The article's own URL (its first category).
pub fn article_path(id: u32) -> String {
    format!("/news/{}/{}-{id}.html", CATS[(id % 2) as usize], slug(id))
}

/// The file name of document `id` as the school named it.
pub fn document_name(id: u32) -> String {
    if id % 2 == 1 {
        format!("Quyết định số {id} về kế hoạch năm học.pdf")
    } else {
        format!("Kế hoạch số {id}.docx")
    }
}

pub fn document_number(id: u32) -> String {
    format!("{id}/QĐ-THHS")
}

pub fn document_summary(id: u32) -> String {
    format!("Về việc triển khai nhiệm vụ năm học, văn bản số {id}")
}

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// Where document `id` is linked: odd ones are files under /uploads, even ones go through
/// NukeViet's download script with a Content-Disposition name.
pub fn document_link(id: u32) -> String {
    if id % 2 == 1 {
        format!("/uploads/laws/{}", enc(&document_name(id)))
    } else {
        format!("/index.php?nv=laws&op=download&id={id}")
    }
}

impl SchoolSite {
    pub fn start(shape: Shape) -> SchoolSite {
        let articles = (1..=shape.articles).map(|i| (i, article(i))).collect();
        let state = Arc::new(State {
            shape,
            articles: Mutex::new(articles),
            log: Mutex::new(Vec::new()),
        });
        let s = state.clone();
        let server = Server::start(Arc::new(move |r: &Request| {
            let mut resp = answer(&s, r);
            let html = resp
                .headers
                .iter()
                .any(|(k, v)| k == "Content-Type" && v.starts_with("text/html"));
            if html && resp.delay.is_zero() {
                resp.delay = s.shape.page_delay;
            }
            s.log
                .lock()
                .unwrap()
                .push((r.path.clone(), resp.status, resp.body.len()));
            resp
        }))
        .expect("bind 127.0.0.1");
        SchoolSite {
            url: server.url(),
            state,
            _server: server,
        }
    }

    pub fn take_log(&self) -> Vec<Hit> {
        std::mem::take(&mut *self.state.log.lock().unwrap())
    }
}

fn etag(body: &[u8]) -> String {
    let mut h = DefaultHasher::new();
    body.hash(&mut h);
    format!("\"{:016x}\"", h.finish())
}

fn html(r: &Request, body: String) -> Response {
    ok(r, "text/html; charset=utf-8", body.into_bytes())
}

/// 200 with an ETag, or 304 when the client already has this content.
fn ok(r: &Request, ct: &str, body: Vec<u8>) -> Response {
    let tag = etag(&body);
    if r.header("if-none-match") == Some(tag.as_str()) {
        return Response::new(304, ct, Vec::new()).header("ETag", &tag);
    }
    Response::new(200, ct, body).header("ETag", &tag)
}

fn not_found() -> Response {
    Response::new(404, "text/html; charset=utf-8", "<h1>Không tìm thấy</h1>")
}

fn layout(st: &State, title: &str, main: &str) -> String {
    let footer = if st.shape.footer {
        "<div class=\"footer\"><p><strong>TRƯỜNG TIỂU HỌC HOA SEN</strong></p>\
         <p>Cơ quan chủ quản: Phòng Giáo dục và Đào tạo Quận Hoa Sen</p>\
         <p>Địa chỉ: 12 đường Hoa Sen, phường Trình Diễn</p>\
         <p>ĐT: 028 3812 3456 - Email: c1hoasen@hcm.edu.vn</p>\
         <p>Chịu trách nhiệm nội dung: Bà Nguyễn Thị Mẫu - Hiệu trưởng</p></div>"
    } else {
        "<div class=\"footer\"><p>Bản quyền thuộc về nhà trường</p></div>"
    };
    format!(
        r#"<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/themes/default/css/style.css">
<link rel="alternate" type="application/rss+xml" href="/news/rss/">
<link rel="icon" href="/favicon.ico">
<script>var nv_base_siteurl="/",nv_lang_data="vi",nv_module_name="news";</script></head>
<body><div class="header"><a href="/"><img src="/themes/default/images/logo.png" alt="logo"></a>
<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/news/">Tin tức</a></li>
<li><a href="/laws/">Văn bản</a></li><li><a href="/gioi-thieu.html">Giới thiệu</a></li></ul></div>
<div class="main">{main}</div>{footer}</body></html>"#
    )
}

fn list_links(ids: &[u32], cat: &str) -> String {
    ids.iter()
        .map(|id| {
            format!(
                "<li><a href=\"/news/{cat}/{}-{id}.html\">{}</a></li>",
                slug(*id),
                article(*id).title
            )
        })
        .collect()
}

fn pager(base: &str, page: u32, pages: u32) -> String {
    let mut s = String::from("<div class=\"pagination\">");
    if page > 1 {
        let prev = if page == 2 {
            base.to_string()
        } else {
            format!("{base}page-{}/", page - 1)
        };
        s += &format!("<a href=\"{prev}\">Trang trước</a> ");
    }
    if page < pages {
        s += &format!("<a href=\"{base}page-{}/\">Trang sau</a>", page + 1);
    }
    s + "</div>"
}

fn big_file() -> bytes::Bytes {
    static BIG: OnceLock<bytes::Bytes> = OnceLock::new();
    BIG.get_or_init(|| bytes::Bytes::from(vec![0u8; 200 << 20]))
        .clone()
}

fn answer(st: &State, r: &Request) -> Response {
    let path = r.path.clone();
    let (p, query) = path.split_once('?').unwrap_or((&path, ""));
    let traps = st.shape.traps;
    // Only the ids are copied per request: cloning every article would dominate a benchmark.
    let newest: Vec<u32> = st.articles.lock().unwrap().keys().rev().copied().collect();
    match p {
        "/" => {
            let mut main = format!("<h1>Tin mới</h1><ul>{}</ul>", list_links(&newest[..newest.len().min(10)], "thong-bao"));
            main += "<p><a href=\"/index.php?language=vi&amp;nv=news&amp;op=thong-bao\">Thông báo (địa chỉ cũ)</a> \
                     <a href=\"/tin-cu.html\">Tin cũ</a> <a href=\"/admin/index.php\">Quản trị</a> \
                     <a href=\"https://vnexpress.net/giao-duc\">Báo</a> <a href=\"mailto:c1hoasen@hcm.edu.vn\">Thư</a> \
                     <a href=\"javascript:void(0)\">JS</a></p>";
            if let Some(first) = newest.last() {
                main += &format!(
                    "<p><a href=\"{}?utm_source=zalo&amp;fbclid=abc\">Chia sẻ</a></p>",
                    article_path(*first)
                );
            }
            if traps {
                main += "<p><a href=\"/lich/2026/11/\">Lịch công tác</a> <a href=\"/trang-khong-co.html\">Hỏng</a> \
                         <a href=\"/loi-may-chu.html\">Lỗi</a> <a href=\"/trang-cham.html\">Chậm</a> \
                         <a href=\"/trang-treo.html\">Treo</a> <a href=\"/uploads/video-khai-giang.mp4\">Video</a></p>";
            }
            html(r, layout(st, "Trường Tiểu học Hoa Sen", &main))
        }
        "/robots.txt" => ok(r, "text/plain", b"User-agent: *\nDisallow: /admin/\nSitemap: /sitemap.xml\n".to_vec()),
        "/sitemap.xml" => {
            // NukeViet lists only the newest articles; the oldest here are reachable only by pagination.
            let locs: String = newest
                .iter()
                .take(20)
                .map(|id| format!("<url><loc>{}</loc></url>", article_path(*id)))
                .collect();
            ok(r, "application/xml", format!("<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{locs}</urlset>").into_bytes())
        }
        "/news/rss/" => {
            let items: String = newest
                .iter()
                .take(30)
                .map(|id| format!("<item><title>{}</title><link>{}</link></item>", article(*id).title, article_path(*id)))
                .collect();
            ok(r, "application/rss+xml", format!("<rss version=\"2.0\"><channel><title>Tin tức</title>{items}</channel></rss>").into_bytes())
        }
        "/news/" => html(r, layout(st, "Tin tức", "<ul><li><a href=\"/news/thong-bao/\">Thông báo</a></li><li><a href=\"/news/tin-tuc/\">Tin tức</a></li></ul>")),
        "/gioi-thieu.html" => html(r, layout(st, "Giới thiệu", "<h1>Giới thiệu</h1><p>Trường thành lập năm 1985.</p>")),
        "/tin-cu.html" => Response::new(301, "text/html", "").header("Location", &article_path(1)),
        "/index.php" if query.contains("nv=news") => {
            let ids: Vec<u32> = newest.iter().take(PER_PAGE as usize).copied().collect();
            html(r, layout(st, "Thông báo", &format!("<ul>{}</ul>", list_links(&ids, "thong-bao"))))
        }
        "/index.php" if query.contains("op=download") => {
            let id: u32 = query.rsplit('=').next().and_then(|v| v.parse().ok()).unwrap_or(0);
            if id == 0 || id > st.shape.documents || id % 2 == 1 {
                return not_found();
            }
            ok(r, "application/octet-stream", document_bytes(st, id))
                .header("Content-Disposition", &format!("attachment; filename*=UTF-8''{}", enc(&document_name(id))))
        }
        "/themes/default/css/style.css" => ok(
            r,
            "text/css",
            b"@import url(\"reset.css\");\nbody{background:url(../images/bg.png)}\n@font-face{font-family:R;src:url('../fonts/roboto.woff2') format('woff2')}".to_vec(),
        ),
        "/themes/default/css/reset.css" => ok(r, "text/css", b"*{margin:0}".to_vec()),
        "/themes/default/images/bg.png" | "/themes/default/images/logo.png" | "/favicon.ico" => {
            ok(r, "image/png", [&b"\x89PNG\r\n\x1a\n"[..], p.as_bytes()].concat())
        }
        "/themes/default/fonts/roboto.woff2" => ok(r, "font/woff2", b"wOF2-font".to_vec()),
        "/loi-may-chu.html" if traps => Response::new(500, "text/html", "Lỗi"),
        "/trang-cham.html" if traps => html(r, layout(st, "Chậm", "<p>Trang chậm</p>")).delay(Duration::from_millis(800)),
        "/trang-treo.html" if traps => html(r, layout(st, "Treo", "<p>Không bao giờ kịp</p>")).delay(Duration::from_secs(20)),
        "/uploads/video-khai-giang.mp4" if traps => Response::new(200, "video/mp4", big_file()),
        "/laws/" => laws_list(st, r, 1),
        _ => {
            if let Some(rest) = p.strip_prefix("/laws/page-") {
                if let Some(n) = rest.strip_suffix('/').and_then(|n| n.parse().ok()) {
                    return laws_list(st, r, n);
                }
            }
            if let Some(rest) = p.strip_prefix("/laws/detail/") {
                let id = rest.trim_end_matches(".html").rsplit('-').next().and_then(|n| n.parse().ok()).unwrap_or(0);
                if (1..=st.shape.documents).contains(&id) {
                    return laws_detail(st, r, id);
                }
            }
            if let Some(name) = p.strip_prefix("/uploads/laws/") {
                let name = percent_encoding::percent_decode_str(name).decode_utf8_lossy().into_owned();
                let id = (1..=st.shape.documents).find(|i| i % 2 == 1 && document_name(*i) == name);
                return match id {
                    Some(id) => ok(r, "application/pdf", document_bytes(st, id)),
                    None => not_found(),
                };
            }
            if let Some(name) = p.strip_prefix("/uploads/news/") {
                return ok(r, "image/jpeg", [&b"\xff\xd8\xff\xe0JFIF"[..], name.as_bytes()].concat());
            }
            if let Some(rest) = p.strip_prefix("/lich/") {
                if traps {
                    return calendar(st, r, rest);
                }
            }
            for cat in CATS {
                let Some(rest) = p.strip_prefix(&format!("/news/{cat}/")) else { continue };
                if rest.is_empty() {
                    return news_list(st, r, cat, &newest, 1);
                }
                if let Some(n) = rest.strip_prefix("page-").and_then(|x| x.strip_suffix('/')).and_then(|n| n.parse().ok()) {
                    return news_list(st, r, cat, &newest, n);
                }
                if let Some(id) = rest.strip_suffix(".html").and_then(|x| x.rsplit('-').next()).and_then(|n| n.parse::<u32>().ok()) {
                    let a = st.articles.lock().unwrap().get(&id).cloned();
                    if let Some(a) = a {
                        return article_page(st, r, &a);
                    }
                }
            }
            not_found()
        }
    }
}

fn document_bytes(st: &State, id: u32) -> Vec<u8> {
    let mut b = format!("%PDF-1.4\n% van ban so {id}\n").into_bytes();
    b.resize(st.shape.doc_bytes.max(b.len()), b'.');
    b
}

/// Every article is listed in both categories, so each is reachable by two URLs that differ
/// only in the category: NukeViet's id dedupes them.
fn news_list(st: &State, r: &Request, cat: &str, newest: &[u32], page: u32) -> Response {
    let pages = (newest.len() as u32).div_ceil(PER_PAGE).max(1);
    if page == 0 || page > pages {
        return not_found();
    }
    let ids: Vec<u32> = newest
        .iter()
        .skip(((page - 1) * PER_PAGE) as usize)
        .take(PER_PAGE as usize)
        .copied()
        .collect();
    let main = format!(
        "<h1>Danh sách – trang {page}</h1><ul>{}</ul>{}",
        list_links(&ids, cat),
        pager(&format!("/news/{cat}/"), page, pages)
    );
    html(r, layout(st, "Tin tức", &main))
}

fn article_page(st: &State, r: &Request, a: &Article) -> Response {
    let id = a.id;
    let attach = if id.is_multiple_of(10) {
        format!("<p>Tệp đính kèm: <a href=\"/uploads/news/ke-hoach-{id}.docx\" download>Kế hoạch</a></p>")
    } else {
        String::new()
    };
    let main = format!(
        r#"<div class="news_column"><h1 class="title">{title}</h1>
<span class="time">Thứ hai, {d:02}/{m:02}/2025 08:30</span> <span class="author">Tổ Văn phòng</span>
<div class="hometext">Tóm tắt: {title}</div>
<div id="news-bodyhtml" class="bodytext">{body}
<img src="/uploads/news/anh-{id}.jpg" srcset="/uploads/news/anh-{id}-2x.jpg 2x" alt="Ảnh"></div>{attach}</div>"#,
        title = a.title,
        body = a.body,
        d = id % 28 + 1,
        m = id % 12 + 1,
    );
    let page = layout(st, &a.title, &main).replace(
        "<head>",
        &format!("<head><meta property=\"og:type\" content=\"article\"><meta property=\"og:title\" content=\"{}\">", a.title),
    );
    html(r, page)
}

fn laws_list(st: &State, r: &Request, page: u32) -> Response {
    let n = st.shape.documents;
    let pages = n.div_ceil(PER_PAGE).max(1);
    if page == 0 || page > pages {
        return not_found();
    }
    let rows: String = ((page - 1) * PER_PAGE + 1..=(page * PER_PAGE).min(n))
        .map(|id| {
            format!(
                "<tr><td>{}</td><td><a href=\"/laws/detail/van-ban-so-{id}-{id}.html\">{}</a></td></tr>",
                document_number(id),
                document_summary(id)
            )
        })
        .collect();
    let main = format!(
        "<table class=\"laws\"><tr><th>Số ký hiệu</th><th>Trích yếu</th></tr>{rows}</table>{}",
        pager("/laws/", page, pages)
    );
    html(r, layout(st, "Văn bản", &main))
}

fn laws_detail(st: &State, r: &Request, id: u32) -> Response {
    let main = format!(
        r#"<table class="laws-detail">
<tr><td>Số ký hiệu</td><td>{num}</td></tr>
<tr><td>Ngày ban hành</td><td>{d:02}/09/2025</td></tr>
<tr><td>Trích yếu</td><td>{sum}</td></tr>
<tr><td>Tải về</td><td><a href="{link}">{name}</a></td></tr></table>"#,
        num = document_number(id),
        d = id % 28 + 1,
        sum = document_summary(id),
        link = document_link(id),
        name = document_name(id),
    );
    html(r, layout(st, "Văn bản", &main))
}

/// A calendar that links to the previous and next month forever.
fn calendar(st: &State, r: &Request, rest: &str) -> Response {
    let mut it = rest.trim_end_matches('/').split('/');
    let (Some(Ok(y)), Some(Ok(m))) = (
        it.next().map(str::parse::<i32>),
        it.next().map(str::parse::<i32>),
    ) else {
        return not_found();
    };
    let (py, pm) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    let main = format!("<h1>Lịch tháng {m}/{y}</h1><a href=\"/lich/{py}/{pm:02}/\">Tháng trước</a> <a href=\"/lich/{ny}/{nm:02}/\">Tháng sau</a>");
    html(r, layout(st, "Lịch", &main))
}
