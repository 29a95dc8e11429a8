//! `bao-cao-thu-thap.html` (for people) and `.json` (for scripts and the log): what the crawl
//! saved, what is new, changed or gone since last week, and every address that failed or was
//! skipped, with the reason.

use super::{Changes, Failure, Summary};
use crate::text::html_escape as esc;

pub struct Report<'a> {
    pub site: &'a str,
    pub summary: &'a Summary,
    pub changes: &'a Changes,
    pub failures: &'a [Failure],
    pub skipped: &'a [Failure],
    /// Where a URL is in the offline copy, to link the report's lists to it.
    pub local: &'a dyn Fn(&str) -> Option<String>,
}

impl Report<'_> {
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(&serde_json::json!({
            "site": self.site,
            "summary": self.summary,
            "changes": self.changes,
            "failures": self.failures,
            "skipped": self.skipped,
        }))
        .unwrap_or_default()
    }

    fn url_list(&self, title: &str, urls: &[String]) -> String {
        if urls.is_empty() {
            return String::new();
        }
        let items: String = urls
            .iter()
            .map(|u| match (self.local)(u) {
                Some(l) => format!(
                    "<li><a href=\"{}\">{}</a></li>\n",
                    esc(&super::offline::relative("bao-cao-thu-thap.html", &l)),
                    esc(u)
                ),
                None => format!("<li>{}</li>\n", esc(u)),
            })
            .collect();
        format!(
            "<h2>{} ({})</h2><ul>\n{items}</ul>\n",
            esc(title),
            urls.len()
        )
    }

    fn table(title: &str, rows: &[Failure]) -> String {
        if rows.is_empty() {
            return String::new();
        }
        let body: String = rows
            .iter()
            .map(|f| {
                format!(
                    "<tr><td>{}</td><td>{}</td></tr>\n",
                    esc(&f.url),
                    esc(&f.reason)
                )
            })
            .collect();
        format!(
            "<h2>{} ({})</h2><table><tr><th>Địa chỉ</th><th>Lý do</th></tr>\n{body}</table>\n",
            esc(title),
            rows.len()
        )
    }

    pub fn html(&self) -> String {
        let s = self.summary;
        let changes = if self.changes.first {
            "<p>Đây là lần sao lưu trang web đầu tiên (hoặc lần trước chưa hoàn tất), nên chưa có gì để so sánh.</p>".to_string()
        } else {
            format!(
                "<p>So với lần sao lưu trước: <b>{} trang mới</b>, <b>{} trang thay đổi</b>, <b>{} trang không còn</b>.</p>{}{}{}",
                s.new,
                s.changed,
                s.vanished,
                self.url_list("Trang mới", &self.changes.new),
                self.url_list("Trang thay đổi", &self.changes.changed),
                self.url_list("Trang không còn trên trang web", &self.changes.vanished),
            )
        };
        format!(
            "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Báo cáo thu thập trang web</title>\
             <style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}table{{border-collapse:collapse}}\
             td,th{{border:1px solid #999;padding:.2em .5em;text-align:left}}</style>\
             <h1>Báo cáo thu thập trang web</h1><p>Trang web: <b>{site}</b></p>\
             <p><a href=\"ban-sao-offline/index.html\">Mở bản sao offline</a></p>\
             <ul><li>Đã lưu {files} địa chỉ: {pages} trang (trong đó {articles} bài viết), {documents} tài liệu, \
             {assets} tệp khác (ảnh, giao diện).</li>\
             <li>Tải mới {downloaded} địa chỉ ({bytes}); {nm} địa chỉ máy chủ báo không đổi; {reused} địa chỉ \
             dùng lại bản đã kiểm tra gần đây.</li><li>Số yêu cầu gửi tới máy chủ: {requests}; thời gian: {time}.</li>\
             <li>Không lấy được: {failures}. Bỏ qua có chủ ý: {skipped}.</li>{bans}</ul>{changes}{ft}{st}</html>",
            site = esc(self.site),
            files = s.files,
            pages = s.pages,
            articles = s.articles,
            documents = s.documents,
            assets = s.files.saturating_sub(s.pages + s.documents),
            downloaded = s.downloaded,
            bytes = crate::message::size(s.downloaded_bytes),
            nm = s.not_modified,
            reused = s.reused,
            requests = s.requests,
            time = crate::message::duration(s.seconds as u64),
            failures = s.failures,
            skipped = s.skipped,
            bans = if s.bans > 0 {
                format!(
                    "<li>Máy chủ yêu cầu chậm lại {} lần (mã 429); ứng dụng đã chờ và giảm tốc độ.</li>",
                    s.bans
                )
            } else {
                String::new()
            },
            ft = Self::table("Không lấy được", self.failures),
            st = Self::table("Bỏ qua có chủ ý", self.skipped),
        )
    }
}
