//! Re-publishing restored articles to a rebuilt WordPress through its REST API
//! (`POST /wp-json/wp/v2/posts`), each with its title, date, summary and body. The application
//! password is typed for this one session: it is passed in, used for the requests and dropped;
//! it is never stored, logged or put in an error message.

use super::articles::Article;
use super::rebuild::{api_root, login_error, plain_http_elsewhere, Login, REFUSED};
use crate::error::{Error, IoContext, Result};
use crate::progress::{CancelToken, Phase, Progress, ProgressSink};
use serde::Serialize;
use std::path::Path;
use std::time::Duration;

/// What happened to one article.
#[derive(Debug, Clone, Serialize)]
pub struct Published {
    pub title: String,
    pub ok: bool,
    /// The new post's id and address on the rebuilt site.
    pub id: Option<u64>,
    pub link: Option<String>,
    pub error: Option<String>,
}

/// The articles of a restored website backup: `bai-viet/*.json` under `site_dir` (the restored
/// `trang-web` folder), oldest first so the rebuilt site lists them in their original order.
pub fn read_articles(site_dir: &Path) -> Result<Vec<Article>> {
    let dir = site_dir.join("bai-viet");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).at(&dir)? {
        let p = e.at(&dir)?.path();
        if p.extension().is_some_and(|x| x == "json") {
            let bytes = std::fs::read(&p).at(&p)?;
            let a: Article = serde_json::from_slice(&bytes).map_err(|e| Error::zip(&p, e))?;
            out.push(a);
        }
    }
    out.sort_by(|a, b| a.published.cmp(&b.published).then(a.title.cmp(&b.title)));
    Ok(out)
}

pub const GUIDE: &str = "HUONG-DAN-DUNG-LAI-TRANG-WEB.txt";

/// Writes the steps to rebuild the site from a restored website backup into `site_dir`.
pub fn write_guide(site_dir: &Path) -> Result<Option<std::path::PathBuf>> {
    if !site_dir.join("ban-sao-offline").is_dir() {
        return Ok(None);
    }
    let path = site_dir.join(GUIDE);
    if path.exists() {
        return Ok(None);
    }
    let wordpress = site_dir.join("wordpress-wxr.xml").is_file();
    let mut t = String::from(
        "DỰNG LẠI TRANG WEB CỦA TRƯỜNG TỪ BẢN SAO LƯU\r\n\r\n\
         1. Xem lại: mở ban-sao-offline/index.html bằng trình duyệt (không cần mạng).\r\n\
         2. Bài viết: bai-viet/bai-viet.csv (mở bằng Excel) và bai-viet/*.json có tiêu đề, ngày đăng,\r\n\
            tóm tắt, nội dung và ảnh của từng bài; ảnh nằm trong ban-sao-offline/, tệp đính kèm trong van-ban/.\r\n\
         3. Văn bản đã ban hành: các tệp trong van-ban/, kèm van-ban/van-ban.csv (số ký hiệu, ngày ban hành,\r\n\
            trích yếu, tệp).\r\n",
    );
    let mut more: Vec<&str> = Vec::new();
    if wordpress {
        more.push(
            "Trang WordPress, bằng trình nhập của WordPress: tệp wordpress-wxr.xml có bài viết, trang,\r\n\
             chuyên mục, thẻ và menu, nhưng chỉ ghi địa chỉ của ảnh và tệp đính kèm trên trang cũ. Trình\r\n\
             nhập chỉ lấy lại được chúng khi trang mới có cùng địa chỉ và đã có sẵn các tệp đó: trước khi\r\n\
             nhập, chép thư mục ban-sao-offline/wp-content/uploads vào wp-content/uploads của trang mới\r\n\
             (qua trình quản lý tệp của nhà cung cấp hosting). Sau đó vào Công cụ → Nhập → WordPress, chọn\r\n\
             tệp wordpress-wxr.xml, gán bài cho một người dùng, chọn “Tải về và nhập tệp đính kèm”, bấm\r\n\
             Gửi, rồi gán menu vào vị trí của giao diện (Giao diện → Menu). Cách dưới đây không cần các\r\n\
             bước này.\r\n",
        );
    }
    if site_dir.join("wordpress").is_dir() {
        more.push(
            "Cách đầy đủ nhất cho trang WordPress: dựng lại toàn bộ (tệp và ảnh, chuyên mục, thẻ, trang,\r\n\
             bài viết với đúng ngày giờ, ảnh đại diện, menu đúng vị trí; liên kết trong bài trỏ về trang\r\n\
             mới) bằng mật khẩu ứng dụng (tạo trong Người dùng → Hồ sơ → Mật khẩu ứng dụng; trang phải\r\n\
             dùng https://):\r\n\
             saoluu republish <thư mục này> --den https://dia-chi-trang --nguoi-dung <tên> --thu\r\n\
             (--thu chỉ liệt kê những gì sẽ tạo; --tac-gia <tên> ghi tên bài cho một người dùng khác), rồi\r\n\
             chạy lại không có --thu. Chạy lại nhiều lần cũng không tạo trùng.\r\n",
        );
    } else {
        more.push(
            "Hoặc đăng lại các bài viết lên một trang WordPress mới bằng mật khẩu ứng dụng (tạo trong\r\n\
             Người dùng → Hồ sơ → Mật khẩu ứng dụng; mật khẩu chỉ dùng cho lần này, không được lưu):\r\n\
             saoluu republish <thư mục này> --den https://dia-chi-trang-moi --nguoi-dung <tên>\r\n",
        );
    }
    if site_dir.join(super::nukeviet::FOLDER).is_dir() {
        more.push(
            "Trang NukeViet: thư mục dung-lai-nukeviet/ có ảnh và tệp đúng chỗ cũ (uploads/), các chuyên\r\n\
             mục và từng bài theo các ô của mẫu “Thêm bài viết”; các bước ở dung-lai-nukeviet/HUONG-DAN.txt.\r\n",
        );
    }
    more.push("Khi trang chạy lại: đổi mật khẩu mọi tài khoản quản trị.\r\n");
    for (i, step) in more.iter().enumerate() {
        t.push_str(&format!("{}. {step}", i + 4));
    }
    std::fs::write(&path, t).at(&path)?;
    Ok(Some(path))
}

fn body(a: &Article) -> serde_json::Value {
    let mut v = serde_json::json!({
        "title": a.title,
        "content": a.body_html,
        "status": "publish",
    });
    if let Some(d) = &a.published {
        // The site's own time of day when its page gave one; a working morning otherwise.
        let time = a.published_time.as_deref().unwrap_or("08:00");
        v["date"] = format!("{d}T{time}:00").into();
    }
    if let Some(s) = &a.summary {
        v["excerpt"] = s.clone().into();
    }
    v
}

/// Posts every article to the site `login` names, reporting each result. A refused login stops
/// at the first article: every other one would be refused too. The password crosses the network
/// under the same rule as a rebuild's.
pub fn republish(
    login: &Login,
    articles: &[Article],
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<Vec<Published>> {
    let Login {
        site,
        user,
        password,
        allow_plain_http,
        // Articles posted one by one carry the signed-in user's name.
        author: _,
    } = *login;
    let root = api_root(site)?;
    if plain_http_elsewhere(&root) && !allow_plain_http {
        return Err(Error::PlainHttpPassword(site.to_string()));
    }
    let url = root
        .join("wp/v2/posts")
        .map_err(|_| Error::BadUrl(site.to_string()))?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("tokio", e))?;
    // The client's connection pool belongs to this runtime.
    let _inside = rt.enter();
    let client = reqwest::Client::builder()
        .user_agent(format!("{}/{}", crate::APP_NAME, crate::APP_VERSION))
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| Error::Website {
            url: url.to_string(),
            message: e.to_string(),
        })?;
    let mut p = Progress::new(Phase::Rebuilding);
    p.total = articles.len() as u64;
    let mut out = Vec::new();
    for a in articles {
        cancel.check()?;
        p.item = a.title.clone();
        progress.emit(&p);
        let sent = rt.block_on(
            client
                .post(url.clone())
                .basic_auth(user, Some(password))
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body(a).to_string())
                .send(),
        );
        let result = match sent {
            Err(e) => Published {
                title: a.title.clone(),
                ok: false,
                id: None,
                link: None,
                error: Some(super::crawl::describe(&e).0),
            },
            Ok(r) if matches!(r.status().as_u16(), 401 | 403) => {
                return Err(login_error(site, &root, REFUSED));
            }
            Ok(r) if r.status().is_success() => {
                let bytes = rt.block_on(r.bytes()).unwrap_or_default();
                let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
                Published {
                    title: a.title.clone(),
                    ok: true,
                    id: v["id"].as_u64(),
                    link: v["link"].as_str().map(str::to_string),
                    error: None,
                }
            }
            Ok(r) => Published {
                title: a.title.clone(),
                ok: false,
                id: None,
                link: None,
                error: Some(format!(
                    "máy chủ trả lời {}",
                    crate::message::http_status(r.status().as_u16())
                )),
            },
        };
        out.push(result);
        p.done += 1;
        progress.emit(&p);
    }
    Ok(out)
}
