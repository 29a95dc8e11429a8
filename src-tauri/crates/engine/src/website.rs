//! The school website as a backup source: a polite crawler that copies every page of the site and
//! the files it links (style sheets, images, documents) into `ban-sao-offline/` of `trang-web.zip`.
//!
//! This module promises: only URLs of the site's own host (with or without `www.`) are fetched;
//! requests are paced (about 37 a minute by default, under NukeViet's flood guard) unless the school
//! chose the fast mode for its own site; every URL that failed is returned with its reason.

use crate::error::{Error, Result};
use crate::progress::CancelToken;
use scraper::{Html, Selector};
use serde::Serialize;
use std::collections::{HashSet, VecDeque};
use std::sync::mpsc;
use std::time::Duration;
use url::Url;

#[derive(Debug, Clone)]
pub struct CrawlOptions {
    pub start: Url,
    /// Lifts the pacing, for a site the school controls.
    pub fast: bool,
    pub max_pages: usize,
    pub max_file_bytes: u64,
    pub user_agent: String,
}

impl CrawlOptions {
    pub fn new(start: &str, school: &str) -> Result<CrawlOptions> {
        let start = Url::parse(start.trim()).map_err(|_| Error::BadUrl(start.to_string()))?;
        if !matches!(start.scheme(), "http" | "https") || start.host_str().is_none() {
            return Err(Error::BadUrl(start.to_string()));
        }
        // Headers are ASCII: the school's name is sent without its diacritics.
        let who = if school.is_empty() {
            String::new()
        } else {
            format!("; {}", crate::text::ascii(school))
        };
        Ok(CrawlOptions {
            start,
            fast: false,
            max_pages: 20_000,
            max_file_bytes: 100 * 1024 * 1024,
            user_agent: format!(
                "SaoLuuTruongHoc/{} (school website backup{who})",
                crate::APP_VERSION
            ),
        })
    }

    fn pace(&self) -> Duration {
        if self.fast {
            Duration::ZERO
        } else {
            Duration::from_millis(1600)
        }
    }
}

/// One saved response, handed to the archive as soon as it arrives.
#[derive(Debug)]
pub struct Fetched {
    pub url: String,
    /// Where it goes inside the offline copy (`/`-separated).
    pub local_path: String,
    pub body: Vec<u8>,
    pub is_document: bool,
    /// URLs known so far (fetched or queued), for a progress total that grows as the site is found.
    pub known: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub url: String,
    pub reason: String,
}

/// Events the crawl sends to the thread that writes the zip.
pub enum Event {
    Saved(Fetched),
    Failed(Failure),
}

/// Extensions of the issued documents the directive asks schools to keep.
const DOCUMENT_EXT: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rar", "zip", "7z",
    "txt", "rtf",
];

fn is_document(url: &Url) -> bool {
    url.path()
        .rsplit_once('.')
        .is_some_and(|(_, e)| DOCUMENT_EXT.iter().any(|d| d.eq_ignore_ascii_case(e)))
}

fn same_site(a: &Url, b: &Url) -> bool {
    let host = |u: &Url| {
        u.host_str()
            .map(|h| h.trim_start_matches("www.").to_ascii_lowercase())
    };
    host(a) == host(b) && a.port_or_known_default() == b.port_or_known_default()
}

/// Maps a URL to a file path in the offline copy. Query strings become part of the name, so that
/// `index.php?nv=news&op=1` and `index.php?nv=news&op=2` stay two files.
pub fn local_path(url: &Url) -> String {
    let mut path = url.path().trim_start_matches('/').to_string();
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    if let Some(q) = url.query() {
        let (stem, ext) = match path.rsplit_once('.') {
            Some((s, e)) if !e.contains('/') => (s.to_string(), format!(".{e}")),
            _ => (path.clone(), String::new()),
        };
        let q: String = q
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        path = format!("{stem}_{q}{ext}");
    }
    let decoded = percent_decode(&path);
    decoded
        .split('/')
        .map(crate::archive::safe_component)
        .collect::<Vec<_>>()
        .join("/")
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Links in a page that the copy needs: anchors, style sheets, scripts, images (with srcset).
fn links(base: &Url, html: &str) -> Vec<Url> {
    let doc = Html::parse_document(html);
    let mut out = Vec::new();
    let attrs = [
        ("a[href]", "href"),
        ("link[href]", "href"),
        ("script[src]", "src"),
        ("img[src]", "src"),
        ("source[src]", "src"),
    ];
    for (css, attr) in attrs {
        let sel = Selector::parse(css).expect("static selector");
        for el in doc.select(&sel) {
            if let Some(v) = el.value().attr(attr) {
                if let Ok(u) = base.join(v.trim()) {
                    out.push(u);
                }
            }
        }
    }
    let srcset = Selector::parse("[srcset]").expect("static selector");
    for el in doc.select(&srcset) {
        for part in el.value().attr("srcset").unwrap_or("").split(',') {
            if let Some(u) = part
                .split_whitespace()
                .next()
                .and_then(|s| base.join(s).ok())
            {
                out.push(u);
            }
        }
    }
    out
}

/// Runs the crawl on its own thread and runtime, sending results through the returned channel.
/// The receiver writes them; a bounded channel keeps memory flat when the drive is slower than the web.
pub fn spawn(
    opts: CrawlOptions,
    cancel: CancelToken,
) -> Result<(mpsc::Receiver<Event>, std::thread::JoinHandle<Result<()>>)> {
    let (tx, rx) = mpsc::sync_channel(16);
    let handle = std::thread::Builder::new()
        .name("crawl".into())
        .spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| Error::io("tokio", e))?;
            rt.block_on(crawl(opts, cancel, tx))
        })
        .map_err(|e| Error::io("crawl", e))?;
    Ok((rx, handle))
}

async fn crawl(opts: CrawlOptions, cancel: CancelToken, tx: mpsc::SyncSender<Event>) -> Result<()> {
    let client = reqwest::Client::builder()
        .user_agent(opts.user_agent.clone())
        .timeout(Duration::from_secs(60))
        .connect_timeout(Duration::from_secs(15))
        .redirect(reqwest::redirect::Policy::limited(10))
        .build()
        .map_err(|e| Error::Website {
            url: opts.start.to_string(),
            message: e.to_string(),
        })?;
    let mut seen: HashSet<String> = HashSet::new();
    let mut queue: VecDeque<Url> = VecDeque::new();
    let mut start = opts.start.clone();
    start.set_fragment(None);
    seen.insert(start.to_string());
    queue.push_back(start);
    let mut fetched = 0usize;
    let mut first = true;
    while let Some(url) = queue.pop_front() {
        cancel.check()?;
        if fetched >= opts.max_pages {
            send(
                &tx,
                Event::Failed(Failure {
                    url: url.to_string(),
                    reason: "vượt giới hạn số trang".into(),
                }),
            )?;
            continue;
        }
        if !first {
            tokio::time::sleep(opts.pace()).await;
        }
        let result = fetch(&client, &url, opts.max_file_bytes).await;
        fetched += 1;
        let (final_url, content_type, body) = match result {
            Ok(r) => r,
            Err(reason) => {
                if first {
                    // Nothing can be copied from a site whose home page does not answer.
                    return Err(Error::Website {
                        url: url.to_string(),
                        message: reason,
                    });
                }
                send(
                    &tx,
                    Event::Failed(Failure {
                        url: url.to_string(),
                        reason,
                    }),
                )?;
                continue;
            }
        };
        first = false;
        if content_type.contains("html") {
            let text = String::from_utf8_lossy(&body);
            for mut link in links(&final_url, &text) {
                link.set_fragment(None);
                if matches!(link.scheme(), "http" | "https")
                    && same_site(&link, &opts.start)
                    && seen.insert(link.to_string())
                {
                    queue.push_back(link);
                }
            }
        }
        let f = Fetched {
            local_path: local_path(&url),
            is_document: is_document(&url),
            url: url.to_string(),
            body,
            known: seen.len(),
        };
        send(&tx, Event::Saved(f))?;
    }
    Ok(())
}

fn send(tx: &mpsc::SyncSender<Event>, e: Event) -> Result<()> {
    // The writer hung up only because it failed or was cancelled; its own error is the one to report.
    tx.send(e).map_err(|_| Error::Cancelled)
}

async fn fetch(
    client: &reqwest::Client,
    url: &Url,
    max: u64,
) -> std::result::Result<(Url, String, Vec<u8>), String> {
    let resp = client
        .get(url.clone())
        .send()
        .await
        .map_err(|e| describe(&e))?;
    let status = resp.status();
    if !status.is_success() {
        return Err(format!("máy chủ trả lời mã {}", status.as_u16()));
    }
    if resp.content_length().is_some_and(|n| n > max) {
        return Err(format!(
            "tệp lớn hơn giới hạn {}",
            crate::message::size(max)
        ));
    }
    let final_url = resp.url().clone();
    let ct = resp
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let body = resp.bytes().await.map_err(|e| describe(&e))?;
    Ok((final_url, ct, body.to_vec()))
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "hết thời gian chờ máy chủ trả lời".into()
    } else if e.is_connect() {
        "không kết nối được tới máy chủ".into()
    } else {
        // The cause chain is the technical detail (in English) for whoever helps the school;
        // the sentence itself stays Vietnamese.
        let mut detail = e.to_string();
        let mut src = std::error::Error::source(e);
        while let Some(s) = src {
            detail = format!("{detail}: {s}");
            src = s.source();
        }
        format!("lỗi mạng khi tải trang – chi tiết kỹ thuật: {detail}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_keep_query_urls_apart_and_safe() {
        let u = |s| Url::parse(s).unwrap();
        assert_eq!(local_path(&u("http://a.vn/")), "index.html");
        assert_eq!(local_path(&u("http://a.vn/tin-tuc/")), "tin-tuc/index.html");
        let a = local_path(&u("http://a.vn/index.php?nv=news&op=1"));
        let b = local_path(&u("http://a.vn/index.php?nv=news&op=2"));
        assert_ne!(a, b);
        assert!(a.ends_with(".php") && !a.contains('?'), "{a}");
        assert_eq!(
            local_path(&u("http://a.vn/uploads/v%C4%83n%20b%E1%BA%A3n.pdf")),
            "uploads/văn bản.pdf"
        );
    }

    #[test]
    fn same_site_ignores_www_but_not_other_hosts() {
        let u = |s| Url::parse(s).unwrap();
        assert!(same_site(
            &u("http://www.th.edu.vn/a"),
            &u("http://th.edu.vn/")
        ));
        assert!(!same_site(
            &u("http://baomoi.com/a"),
            &u("http://th.edu.vn/")
        ));
    }

    #[test]
    fn links_include_srcset_and_assets() {
        let base = Url::parse("http://a.vn/x/").unwrap();
        let l = links(
            &base,
            r#"<link href="/s.css"><img src="i.png" srcset="i2.png 2x, /i3.png 3x"><a href="../b.pdf">b</a>"#,
        );
        let s: Vec<String> = l.iter().map(|u| u.to_string()).collect();
        for want in [
            "http://a.vn/s.css",
            "http://a.vn/x/i.png",
            "http://a.vn/x/i2.png",
            "http://a.vn/i3.png",
            "http://a.vn/b.pdf",
        ] {
            assert!(s.contains(&want.to_string()), "{want} in {s:?}");
        }
    }

    #[test]
    fn bad_addresses_are_refused() {
        assert!(matches!(
            CrawlOptions::new("ftp://x.vn", ""),
            Err(Error::BadUrl(_))
        ));
        assert!(matches!(
            CrawlOptions::new("trường học", ""),
            Err(Error::BadUrl(_))
        ));
    }
}
