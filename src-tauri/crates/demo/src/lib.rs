//! The demo school: what a newcomer backs up before any real school is configured.
//!
//! It promises a small but real website (Vietnamese news articles, paginated lists, an issued-documents
//! page with PDF attachments, a lawful footer) served over HTTP on 127.0.0.1 only, and a folder of
//! sample eSchool exports. Everything is generated from text in this crate: nothing is downloaded.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub mod http;

use saoluu_engine::appdata::AppData;
use saoluu_engine::{backup, drive, Error};

pub const SCHOOL_NAME: &str = "Trường Tiểu học Hoa Sen (trình diễn)";

/// One article of the demo site: (id, slug, title, date, body paragraphs).
struct Article {
    id: u32,
    slug: &'static str,
    title: &'static str,
    date: &'static str,
    body: &'static [&'static str],
}

const ARTICLES: &[Article] = &[
    Article {
        id: 101,
        slug: "khai-giang-nam-hoc-moi",
        title: "Lễ khai giảng năm học mới 2026–2027",
        date: "05/09/2026",
        body: &[
            "Sáng ngày 5/9, thầy và trò nhà trường long trọng tổ chức lễ khai giảng.",
            "Các em học sinh lớp Một được chào đón bằng những tràng pháo tay ấm áp.",
        ],
    },
    Article {
        id: 102,
        slug: "hoi-thi-ve-tranh",
        title: "Hội thi vẽ tranh “Em yêu trường em”",
        date: "20/09/2026",
        body: &[
            "Hơn 200 bức tranh của học sinh toàn trường đã được gửi về ban tổ chức.",
            "Ban giám khảo trao 12 giải cho các tác phẩm xuất sắc.",
        ],
    },
    Article {
        id: 103,
        slug: "tap-huan-an-toan-giao-thong",
        title: "Tập huấn an toàn giao thông cho học sinh",
        date: "02/10/2026",
        body: &[
            "Nhà trường phối hợp với công an phường tổ chức buổi tập huấn.",
            "Học sinh được hướng dẫn đội mũ bảo hiểm đúng cách.",
        ],
    },
    Article {
        id: 104,
        slug: "hop-phu-huynh-dau-nam",
        title: "Họp phụ huynh học sinh đầu năm học",
        date: "12/10/2026",
        body: &[
            "Giáo viên chủ nhiệm thông báo kế hoạch giáo dục của lớp.",
            "Ban đại diện cha mẹ học sinh các lớp đã được bầu.",
        ],
    },
    Article {
        id: 105,
        slug: "ngay-nha-giao-viet-nam",
        title: "Kỷ niệm Ngày Nhà giáo Việt Nam 20/11",
        date: "20/11/2026",
        body: &[
            "Học sinh tặng hoa và những lời chúc tốt đẹp đến thầy cô.",
            "Nhiều tiết dạy tốt được tổ chức trong tháng thi đua.",
        ],
    },
    Article {
        id: 106,
        slug: "thu-vien-than-thien",
        title: "Thư viện thân thiện đón bạn đọc nhỏ",
        date: "22/11/2026",
        body: &[
            "Thư viện nhà trường được bổ sung 500 đầu sách mới.",
            "Mỗi lớp có một giờ đọc sách mỗi tuần.",
        ],
    },
];

/// Issued documents: (file name, number/symbol, title).
const DOCUMENTS: &[(&str, &str, &str)] = &[
    (
        "ke-hoach-nam-hoc-2026-2027.pdf",
        "01/KH-THHS",
        "Kế hoạch giáo dục nhà trường năm học 2026–2027",
    ),
    (
        "quy-che-chi-tieu-noi-bo.pdf",
        "05/QĐ-THHS",
        "Quyết định ban hành quy chế chi tiêu nội bộ",
    ),
    (
        "thong-bao-tuyen-sinh-lop-1.pdf",
        "12/TB-THHS",
        "Thông báo tuyển sinh lớp Một",
    ),
];

const PER_PAGE: usize = 4;

/// A running demo website. Dropping it stops the server.
pub struct DemoSite {
    url: String,
    _server: http::Server,
}

impl DemoSite {
    /// Starts the site on a free port of 127.0.0.1.
    pub fn start() -> io::Result<DemoSite> {
        let server = http::Server::start(Arc::new(|r: &http::Request| {
            let (status, mime, body) = respond(&r.path);
            http::Response::new(status, mime, body)
        }))?;
        Ok(DemoSite {
            url: server.url(),
            _server: server,
        })
    }

    /// The site's home page address, ending in `/`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// How many pages and documents a complete copy of the site holds (for tests and summaries).
    pub fn expected_counts() -> (usize, usize) {
        let list_pages = ARTICLES.len().div_ceil(PER_PAGE);
        // home, style sheet, logo, documents page, list pages, articles
        (4 + list_pages + ARTICLES.len(), DOCUMENTS.len())
    }
}

fn respond(raw_url: &str) -> (u16, &'static str, Vec<u8>) {
    let path = raw_url.split(['?', '#']).next().unwrap_or("/");
    let html = "text/html; charset=utf-8";
    match path {
        "/" | "/index.html" => (200, html, page("Trang chủ", &home()).into_bytes()),
        "/style.css" => (200, "text/css", STYLE.as_bytes().to_vec()),
        "/uploads/logo.svg" => (200, "image/svg+xml", LOGO.as_bytes().to_vec()),
        "/van-ban/" => (200, html, page("Văn bản", &documents_page()).into_bytes()),
        _ => {
            if let Some(n) = path
                .strip_prefix("/tin-tuc/page-")
                .and_then(|p| p.strip_suffix('/'))
            {
                if let Ok(n) = n.parse::<usize>() {
                    if let Some(body) = list_page(n) {
                        return (200, html, page("Tin tức", &body).into_bytes());
                    }
                }
            }
            if let Some(a) = ARTICLES.iter().find(|a| path == article_path(a)) {
                return (200, html, page(a.title, &article(a)).into_bytes());
            }
            if let Some(d) = DOCUMENTS
                .iter()
                .find(|d| path == format!("/uploads/van-ban/{}", d.0))
            {
                return (200, "application/pdf", pdf(d.2));
            }
            (
                404,
                html,
                page("Không tìm thấy", "<p>Trang không tồn tại.</p>").into_bytes(),
            )
        }
    }
}

fn article_path(a: &Article) -> String {
    format!("/tin-tuc/{}-{}.html", a.slug, a.id)
}

fn page(title: &str, main: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{title} – {SCHOOL_NAME}</title>
<link rel="stylesheet" href="/style.css"></head>
<body><header><img src="/uploads/logo.svg" alt="Logo"> <a href="/">{SCHOOL_NAME}</a>
<nav><a href="/tin-tuc/page-1/">Tin tức</a> · <a href="/van-ban/">Văn bản</a></nav></header>
<main>{main}</main>
<footer>
<p><strong>{SCHOOL_NAME}</strong></p>
<p>Cơ quan chủ quản: Phòng Giáo dục và Đào tạo Quận Hoa Sen (trình diễn)</p>
<p>Địa chỉ: 12 đường Hoa Sen, phường Trình Diễn</p>
<p>Điện thoại: 0123 456 789 · Email: lienhe@hoasen.example</p>
<p>Chịu trách nhiệm nội dung: Bà Nguyễn Thị Mẫu, Hiệu trưởng</p>
</footer></body></html>"#
    )
}

fn home() -> String {
    let mut s = String::from("<h1>Tin mới</h1><ul>");
    for a in ARTICLES.iter().rev().take(3) {
        s += &format!(
            r#"<li><a href="{}">{}</a> ({})</li>"#,
            article_path(a),
            a.title,
            a.date
        );
    }
    s + "</ul>"
}

fn list_page(n: usize) -> Option<String> {
    let pages = ARTICLES.len().div_ceil(PER_PAGE);
    if n == 0 || n > pages {
        return None;
    }
    let mut s = format!("<h1>Tin tức – trang {n}</h1><ul>");
    for a in ARTICLES
        .iter()
        .rev()
        .skip((n - 1) * PER_PAGE)
        .take(PER_PAGE)
    {
        s += &format!(r#"<li><a href="{}">{}</a></li>"#, article_path(a), a.title);
    }
    s += "</ul>";
    if n < pages {
        s += &format!(r#"<a href="/tin-tuc/page-{}/">Trang sau</a>"#, n + 1);
    }
    Some(s)
}

fn article(a: &Article) -> String {
    let mut s = format!(
        r#"<article><h1>{}</h1><p class="date">Ngày đăng: {}</p>"#,
        a.title, a.date
    );
    for p in a.body {
        s += &format!("<p>{p}</p>");
    }
    s + "</article>"
}

fn documents_page() -> String {
    let mut s = String::from(
        "<h1>Văn bản nhà trường</h1><table><tr><th>Số/Ký hiệu</th><th>Trích yếu</th></tr>",
    );
    for (file, number, title) in DOCUMENTS {
        s += &format!(
            r#"<tr><td>{number}</td><td><a href="/uploads/van-ban/{file}">{title}</a></td></tr>"#
        );
    }
    s + "</table>"
}

/// A minimal, valid one-page PDF. Its text is ASCII because PDF's standard fonts carry no Vietnamese.
fn pdf(title: &str) -> Vec<u8> {
    let ascii: String = title
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ')
        .collect();
    let content = format!("BT /F1 14 Tf 50 780 Td ({ascii}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

const STYLE: &str =
    "body{font-family:sans-serif;margin:0 auto;max-width:60em}footer{border-top:1px solid #ccc;font-size:.9em}\n";
const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><circle cx="16" cy="16" r="14" fill="#e75480"/></svg>"##;

/// The sample eSchool exports: (file name, CSV text). UTF-8 with BOM, as Excel writes them.
const ESCHOOL_FILES: &[(&str, &str)] = &[
    ("ho-so-truong.csv", "Mã trường,Tên trường,Cấp học,Địa chỉ\nTH-DEMO,Trường Tiểu học Hoa Sen (trình diễn),Tiểu học,12 đường Hoa Sen\n"),
    ("ho-so-giao-vien.csv", "Mã giáo viên,Họ và tên,Ngày sinh,Giới tính,Chức vụ,Trình độ chuyên môn\nGV001,Nguyễn Thị Mẫu,12/03/1975,Nữ,Hiệu trưởng,Thạc sĩ\nGV002,Trần Văn Bình,01/07/1988,Nam,Giáo viên,Đại học\nGV003,Lê Thị Cúc,23/11/1992,Nữ,Giáo viên,Đại học\n"),
    ("ho-so-hoc-sinh.csv", "Mã học sinh,Họ và tên,Ngày sinh,Giới tính,Lớp,Dân tộc\nHS0001,Phạm Minh An,04/02/2019,Nam,1A,Kinh\nHS0002,Đỗ Thu Hà,17/08/2019,Nữ,1A,Tày\nHS0003,Vũ Gia Huy,30/12/2018,Nam,2B,Kinh\nHS0004,Hoàng Ngọc Lan,09/05/2018,Nữ,2B,Kinh\n"),
];

/// Writes the sample eSchool exports into `dir` (created if needed) and returns the folder.
pub fn write_eschool_samples(dir: &Path) -> io::Result<PathBuf> {
    fs::create_dir_all(dir)?;
    for (name, text) in ESCHOOL_FILES {
        let mut bytes = "\u{feff}".as_bytes().to_vec();
        bytes.extend_from_slice(text.as_bytes());
        fs::write(dir.join(name), bytes)?;
    }
    Ok(dir.to_path_buf())
}

/// The demo's sample eSchool exports, a folder source.
pub const EXPORTS_FOLDER: &str = "Dữ liệu eSchool";
/// The name the demo's stand-in drive goes by.
pub const DRIVE_LABEL: &str = "Ổ sao lưu trình diễn";

/// The demo, ready to back up: the site running, the sample exports written, and a demo backup
/// drive (a folder in the app-data folder) registered.
pub struct Demo {
    pub site: DemoSite,
    pub request: backup::Request,
}

/// Prepares the demo inside the app's data folder; keeps the site running as long as `Demo` lives.
pub fn prepare(app: &AppData) -> saoluu_engine::Result<Demo> {
    let dir = app.demo_dir();
    let site = DemoSite::start().map_err(|e| Error::io("127.0.0.1", e))?;
    // Named as a clerk would name them: the folder's name is the source's name in every list.
    let exports = dir.join(EXPORTS_FOLDER);
    write_eschool_samples(&exports).map_err(|e| Error::io(&exports, e))?;
    let target = app.demo_drive();
    fs::create_dir_all(&target).map_err(|e| Error::io(&target, e))?;
    if drive::init(&target, SCHOOL_NAME)?.label != DRIVE_LABEL {
        drive::relabel(&target, DRIVE_LABEL)?;
    }
    let request = backup::Request {
        sources: vec![
            // The demo site runs on this PC, so there is nobody to be polite to.
            backup::Source::Website {
                url: site.url().to_string(),
                fast: true,
            },
            backup::Source::Folder {
                path: exports,
                encrypt: false,
            },
        ],
        target,
        school: SCHOOL_NAME.to_string(),
        passphrase: None,
        retention: Default::default(),
        part_limit: None,
        web: Default::default(),
        website: Default::default(),
        accept_drop: false,
    };
    Ok(Demo { site, request })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn get(url: &str) -> (u16, String) {
        // A raw HTTP/1.0 GET keeps this crate free of an HTTP client dependency.
        let u = url.strip_prefix("http://").unwrap();
        let (host, path) = u.split_once('/').unwrap();
        let mut s = std::net::TcpStream::connect(host).unwrap();
        use std::io::Write;
        write!(s, "GET /{path} HTTP/1.0\r\nHost: {host}\r\n\r\n").unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        let status = out[9..12].parse().unwrap();
        (status, out)
    }

    #[test]
    fn serves_pages_documents_and_404() {
        let site = DemoSite::start().unwrap();
        assert!(site.url().starts_with("http://127.0.0.1:"));
        let (s, home) = get(site.url());
        assert_eq!(s, 200);
        assert!(home.contains("Chịu trách nhiệm nội dung"));
        let (s, pdf) = get(&format!("{}uploads/van-ban/{}", site.url(), DOCUMENTS[0].0));
        assert_eq!(s, 200);
        assert!(pdf.contains("%PDF-1.4") && pdf.contains("%%EOF"));
        assert_eq!(get(&format!("{}khong-co", site.url())).0, 404);
        assert_eq!(get(&format!("{}tin-tuc/page-9/", site.url())).0, 404);
    }

    #[test]
    fn eschool_samples_have_bom_and_vietnamese_headers() {
        let dir = std::env::temp_dir().join(format!("saoluu-demo-test-{}", std::process::id()));
        write_eschool_samples(&dir).unwrap();
        let students = fs::read(dir.join("ho-so-hoc-sinh.csv")).unwrap();
        assert!(students.starts_with(&[0xEF, 0xBB, 0xBF]));
        assert!(String::from_utf8(students)
            .unwrap()
            .contains("Mã học sinh,Họ và tên"));
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn demo_backup_saves_every_page_and_document_and_verifies() {
        let dir = tempfile::tempdir().unwrap();
        let app = AppData::open(Some(dir.path())).unwrap();
        let demo = prepare(&app).unwrap();
        let report = backup::run(&app, &demo.request, &(), &Default::default()).unwrap();
        assert!(report.all_good(), "{report:?}");
        let web = &report.sources[0];
        let (pages, docs) = DemoSite::expected_counts();
        let crawl = web.website.as_ref().expect("website numbers");
        // Pages, style sheet and logo, documents: everything the site has.
        assert_eq!(
            (crawl.files, crawl.documents),
            (pages + docs, docs),
            "{:?}",
            web.problems
        );
        assert_eq!(crawl.failures, 0);
        assert!(web.problems.is_empty());
        assert_eq!(report.sources[1].files, 3);
    }
}
