//! One request of the crawl and what it brings: the HTTP client, the response read into the cache
//! within its size limit, what kind of thing it is, and the references it holds.

use super::super::cache::{self, Cache, Kind, Stored};
use super::super::links::{self, Role};
use super::super::pace;
use super::super::scope::{self, Scope};
use super::super::{charset, cms, feeds};
use super::{Done, Found, Got, Job, Options, Origin, Page, PARSE_LIMIT};
use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};
use url::Url;

/// `attachment; filename*=UTF-8''Quy%E1%BA%BFt.pdf` or `filename="x.pdf"`.
pub fn disposition_name(v: &str) -> Option<String> {
    let mut plain = None;
    for part in v.split(';').map(str::trim) {
        if let Some(x) = part.strip_prefix("filename*=") {
            let enc = x.rsplit('\'').next().unwrap_or(x);
            return Some(
                percent_encoding::percent_decode_str(enc)
                    .decode_utf8_lossy()
                    .into_owned(),
            );
        }
        if let Some(x) = part.strip_prefix("filename=") {
            plain = Some(x.trim_matches('"').to_string());
        }
    }
    plain.filter(|n| !n.is_empty())
}

fn classify(
    url: &Url,
    content_type: &str,
    file_name: Option<&str>,
    body_says_article: bool,
) -> Kind {
    let ct = content_type.to_ascii_lowercase();
    let name = file_name.unwrap_or(url.path()).to_ascii_lowercase();
    let path = url.path().to_ascii_lowercase();
    if path.ends_with("/robots.txt") {
        Kind::Feed
    } else if super::super::is_document_path(&name)
        || ct.contains("pdf")
        || ct.contains("msword")
        || ct.contains("officedocument")
        || ct.contains("opendocument")
    {
        Kind::Document
    } else if (ct.contains("xml") && !ct.contains("xhtml"))
        || ct.contains("rss")
        || ct.contains("atom")
    {
        Kind::Feed
    } else if ct.contains("html") {
        if !scope::is_pagination(url) && (cms::is_article_url(url) || body_says_article) {
            Kind::Article
        } else {
            Kind::Page
        }
    } else {
        Kind::Asset
    }
}

/// Is the body one that can refer to other addresses (a page, style sheet or feed)?
pub(super) fn readable(stored: &Stored) -> bool {
    let ct = stored.content_type.to_ascii_lowercase();
    (ct.contains("html") || ct.contains("css") || stored.kind == Kind::Feed)
        && stored.size <= PARSE_LIMIT
}

/// References in a saved body, for the crawl to follow: the addresses within the site, normalized.
fn references(stored: &Stored, body: &[u8], base: &Url, scope: &Scope) -> Found {
    let own = |links: Vec<(Role, Url)>| -> Vec<(Role, String)> {
        links
            .into_iter()
            .filter(|(_, u)| scope.contains(u))
            .map(|(r, u)| (r, scope::normalize(&u).to_string()))
            .collect()
    };
    let ct = stored.content_type.to_ascii_lowercase();
    if !readable(stored) {
        return Found::default();
    }
    let text = String::from_utf8_lossy(body);
    if ct.contains("html") {
        Found {
            links: own(links::find_in_html(body, charset(&ct), base)),
            cms_id: cms::id_from_page(&text),
            wordpress_api: cms::wordpress_api(&text)
                .and_then(|a| base.join(&a).ok())
                .map(|u| u.to_string()),
            article: cms::page_is_article(&text),
        }
    } else if ct.contains("css") {
        Found {
            links: own(links::find_in_css(&text, base)
                .into_iter()
                .map(|u| (Role::Requisite, u))
                .collect()),
            ..Found::default()
        }
    } else {
        let urls = if base.path().ends_with("robots.txt") {
            feeds::from_robots(&text, base)
        } else {
            feeds::from_xml(&text, base)
        };
        let links = urls
            .into_iter()
            .map(|u| {
                let role = if u.path().ends_with(".xml") {
                    Role::Feed
                } else {
                    Role::Page
                };
                (role, u)
            })
            .collect();
        Found {
            links: own(links),
            ..Found::default()
        }
    }
}

fn got(
    job: Job,
    stored: Stored,
    origin: Origin,
    unchanged: bool,
    final_url: Url,
    (found, parsed): (Found, bool),
) -> Done {
    Done::Got(Box::new(Got {
        job,
        page: Page {
            stored,
            origin,
            unchanged,
            steady: None,
        },
        final_url,
        found,
        parsed,
    }))
}

/// A cached URL not due for a check, whose references were never recorded (a cache from an
/// older version): its stored content is used as is, and read once more.
pub(super) fn reuse(cache: Arc<Cache>, scope: &Scope, job: Job, stored: Stored) -> Done {
    let base = Url::parse(&stored.url).unwrap_or_else(|_| job.url.clone());
    let found = stored_references(&cache, &stored, &base, scope);
    got(job, stored, Origin::Reused, true, base, (found, true))
}

/// References in a content the cache already holds (nothing to read for a photo or document).
fn stored_references(cache: &Cache, stored: &Stored, base: &Url, scope: &Scope) -> Found {
    if !readable(stored) {
        return Found::default();
    }
    match cache.read(&stored.sha256) {
        Ok(body) => references(stored, &body, base, scope),
        Err(_) => Found::default(),
    }
}

/// What a request task needs besides its job.
pub(super) struct Fetch {
    pub(super) client: reqwest::Client,
    pub(super) cache: Arc<Cache>,
    pub(super) scope: Scope,
    pub(super) refs: Arc<cache::Refs>,
    pub(super) max: u64,
    pub(super) now: i64,
    /// A changed list page is viewed once more after this wait, so that a block showing a random
    /// item on each view is not taken for a change: at once on the school's own server (fast
    /// mode), after the polite gap otherwise; never after the server asked the crawl to slow down.
    pub(super) second_view: Option<std::time::Duration>,
}

/// A network error as a Vietnamese reason, and whether trying again may help.
pub(in crate::website) fn describe(e: &reqwest::Error) -> (String, bool) {
    // A refused certificate shows as a failed connection; asking again will not change it.
    if let Some(words) = super::super::certificate::problem(e) {
        return (words, false);
    }
    if e.is_timeout() {
        ("hết thời gian chờ máy chủ trả lời".into(), true)
    } else if e.is_connect() {
        ("không kết nối được tới máy chủ".into(), true)
    } else if e.is_redirect() {
        (
            "quá nhiều lần chuyển hướng (vòng lặp chuyển hướng)".into(),
            false,
        )
    } else {
        // The cause chain is the technical detail (in English) for whoever helps the school;
        // the sentence itself stays Vietnamese.
        let mut detail = e.to_string();
        let mut src = std::error::Error::source(e);
        while let Some(s) = src {
            detail = format!("{detail}: {s}");
            src = s.source();
        }
        (
            format!("lỗi mạng khi tải – chi tiết kỹ thuật: {detail}"),
            true,
        )
    }
}

/// The HTTP client every request of a crawl uses: the app's User-Agent, the timeouts, and
/// redirects followed only within the school's site.
pub fn client(opts: &Options, scope: &Scope) -> Result<reqwest::Client> {
    let policy_scope = scope.clone();
    let mut builder = reqwest::Client::builder();
    // Only with a choice for this very host: every other site keeps reqwest's own verification.
    if let Some(t) = opts.trusted_certificate.as_ref().filter(|t| {
        opts.start
            .host_str()
            .is_some_and(|h| h.eq_ignore_ascii_case(&t.host))
    }) {
        let tls = super::super::pin::tls_config(Some(t.sha256.clone()), opts.seen.clone())
            .map_err(|message| Error::Website {
                url: opts.start.to_string(),
                message,
            })?;
        builder = builder.tls_backend_preconfigured(tls);
    }
    builder
        .user_agent(opts.user_agent.clone())
        .timeout(opts.timeout)
        .connect_timeout(opts.timeout.min(Duration::from_secs(15)))
        .redirect(reqwest::redirect::Policy::custom(move |a| {
            if a.previous().len() >= 10 {
                a.error("quá nhiều lần chuyển hướng (vòng lặp chuyển hướng)")
            } else if policy_scope.contains(a.url()) {
                a.follow()
            } else {
                a.stop()
            }
        }))
        .build()
        .map_err(|e| Error::Website {
            url: opts.start.to_string(),
            message: e.to_string(),
        })
}

pub(super) async fn fetch(ctx: Fetch, job: Job, cached: Option<Stored>) -> Done {
    let Fetch {
        client,
        cache,
        scope,
        refs,
        max,
        now,
        second_view: view_again,
    } = ctx;
    let sent = Instant::now();
    let mut req = client.get(job.url.clone());
    if let Some(c) = &cached {
        if let Some(e) = &c.etag {
            req = req.header(reqwest::header::IF_NONE_MATCH, e);
        }
        if let Some(l) = &c.last_modified {
            req = req.header(reqwest::header::IF_MODIFIED_SINCE, l);
        }
    }
    let mut resp = match req.send().await {
        Ok(r) => r,
        Err(e) => return network_failure(job, &e),
    };
    let status = resp.status().as_u16();
    let final_url = resp.url().clone();
    if status == 304 {
        if let Some(mut stored) = cached {
            stored.checked_at = now;
            let found = match Found::recorded(&refs, &stored) {
                Some(f) => (f, false),
                None => (stored_references(&cache, &stored, &final_url, &scope), true),
            };
            return got(job, stored, Origin::NotModified, true, final_url, found);
        }
    }
    let job = match no_body_wanted(job, &resp, sent, max) {
        Ok(job) => job,
        Err(done) => return *done,
    };
    let fresh = stored_from(&resp, &final_url, status, now);
    let body = match receive(&mut resp, &cache, max).await {
        Ok(b) => b,
        Err(Received::TooLarge) => return too_large(job, max),
        Err(Received::Cache(reason)) => return Done::Failed { job, reason },
        Err(Received::Network(e)) => return network_failure(job, &e),
    };
    let unchanged = cached.as_ref().is_some_and(|c| c.sha256 == body.sha256);
    let mut stored = Stored {
        sha256: body.sha256.clone(),
        size: body.size,
        fetched_at: match &cached {
            Some(c) if unchanged => c.fetched_at,
            _ => now,
        },
        ..fresh
    };
    let found = match &body.inline {
        Some(b) => references(&stored, b, &final_url, &scope),
        None => stored_references(&cache, &stored, &final_url, &scope),
    };
    let first_view = body
        .inline
        .as_ref()
        .filter(|_| stored.content_type.to_ascii_lowercase().contains("html"))
        .map(|b| super::super::decode(b, charset(&stored.content_type)).into_owned());
    if let Some(b) = body.inline {
        if let Err(e) = cache.keep(&body.sha256, b) {
            return Done::Failed {
                job,
                reason: crate::message::error(&e),
            };
        }
    }
    if found.article && stored.kind == Kind::Page {
        stored.kind = Kind::Article;
    }
    // A list page that is not what it was is viewed once more (see `Fetch::second_view`).
    let steady = match (&first_view, view_again) {
        (Some(first), Some(wait)) if stored.kind == Kind::Page && !unchanged => {
            // A polite crawl asks one page at a time, so waiting here keeps the gap.
            tokio::time::sleep(wait).await;
            second_view(&client, &final_url, max)
                .await
                .map(|second| super::super::reading::steady_fingerprint(first, &second))
        }
        _ => None,
    };
    let done = got(
        job,
        stored,
        Origin::Downloaded,
        unchanged,
        final_url,
        (found, true),
    );
    match (done, steady) {
        (Done::Got(mut g), Some(print)) => {
            g.page.steady = Some(print);
            Done::Got(g)
        }
        (done, _) => done,
    }
}

/// A request that brought no answer: retried when the network may recover, failed otherwise.
fn network_failure(job: Job, e: &reqwest::Error) -> Done {
    let (reason, retry) = describe(e);
    if retry {
        Done::Retry { job, reason }
    } else {
        Done::Failed { job, reason }
    }
}

fn too_large(job: Job, max: u64) -> Done {
    Done::Failed {
        job,
        reason: crate::message::too_large_for_one_file(max),
    }
}

fn header(resp: &reqwest::Response, name: reqwest::header::HeaderName) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// An answer whose body is not worth reading: the server asks to slow down (429, 503), sends the
/// crawl elsewhere, has no such page or fails, or announces a file over the size limit. Hands
/// the job back when the body is wanted.
fn no_body_wanted(
    job: Job,
    resp: &reqwest::Response,
    sent: Instant,
    max: u64,
) -> std::result::Result<Job, Box<Done>> {
    let status = resp.status().as_u16();
    if status == 429 || status == 503 {
        let retry_after = header(resp, reqwest::header::RETRY_AFTER)
            .and_then(|v| pace::retry_after(&v, chrono::Utc::now()));
        if status == 503 && retry_after.is_none() {
            return Err(Box::new(Done::Retry {
                job,
                reason: crate::message::http_status(503),
            }));
        }
        return Err(Box::new(Done::Throttled {
            job,
            sent,
            retry_after,
        }));
    }
    if (300..400).contains(&status) {
        let to = header(resp, reqwest::header::LOCATION).unwrap_or_default();
        return Err(Box::new(Done::Failed {
            job,
            reason: crate::message::redirected_off_site(&to),
        }));
    }
    if !(200..300).contains(&status) {
        let reason = crate::message::http_status(status);
        return Err(Box::new(match status {
            500.. => Done::Retry { job, reason },
            404 | 410 => Done::Gone { job, reason },
            _ => Done::Failed { job, reason },
        }));
    }
    if resp.content_length().is_some_and(|n| n > max) {
        return Err(Box::new(too_large(job, max)));
    }
    Ok(job)
}

/// What the answer's headers say, kept with the body: its type, validators for the next
/// conditional request, the file name offered, and the headers a replay (WARC) needs. The body's
/// hash and size are filled in once it is read.
fn stored_from(resp: &reqwest::Response, final_url: &Url, status: u16, now: i64) -> Stored {
    let content_type = header(resp, reqwest::header::CONTENT_TYPE).unwrap_or_default();
    let file_name =
        header(resp, reqwest::header::CONTENT_DISPOSITION).and_then(|v| disposition_name(&v));
    let headers = resp
        .headers()
        .iter()
        .filter(|(k, _)| {
            !matches!(
                k.as_str(),
                "transfer-encoding" | "set-cookie" | "connection"
            )
        })
        .map(|(k, v)| {
            (
                k.to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let kind = classify(final_url, &content_type, file_name.as_deref(), false);
    Stored {
        url: final_url.to_string(),
        status,
        etag: header(resp, reqwest::header::ETAG),
        last_modified: header(resp, reqwest::header::LAST_MODIFIED),
        content_type,
        sha256: String::new(),
        size: 0,
        kind,
        headers,
        file_name,
        fetched_at: now,
        checked_at: now,
    }
}

/// The page asked for once more, as text; `None` when that view fails (the first one stands).
async fn second_view(client: &reqwest::Client, url: &Url, max: u64) -> Option<String> {
    let resp = client.get(url.clone()).send().await.ok()?;
    if !resp.status().is_success() || resp.content_length().is_some_and(|n| n > max) {
        return None;
    }
    let ct = resp
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = resp.bytes().await.ok()?;
    Some(super::super::decode(&body, charset(&ct)).into_owned())
}

/// A downloaded body, hashed: in memory when small enough for the cache's database, else
/// already moved to its file.
struct Body {
    sha256: String,
    size: u64,
    inline: Option<Vec<u8>>,
}

enum Received {
    TooLarge,
    Network(reqwest::Error),
    /// The cache could not be written, in words.
    Cache(String),
}

/// Reads a response body, hashing it as it comes. Small bodies stay in memory; one that grows
/// past [`cache::INLINE_LIMIT`] goes on into a temporary file, moved to its content address at
/// the end. A body past `max` is dropped.
async fn receive(resp: &mut reqwest::Response, cache: &Cache, max: u64) -> Result<Body, Received> {
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut held = Vec::new();
    let mut spill: Option<(std::path::PathBuf, std::fs::File)> = None;
    let cache_error =
        |e: std::io::Error| Received::Cache(format!("không ghi được bộ nhớ đệm: {e}"));
    let outcome = async {
        while let Some(chunk) = resp.chunk().await.map_err(Received::Network)? {
            size += chunk.len() as u64;
            if size > max {
                return Err(Received::TooLarge);
            }
            hasher.update(&chunk);
            match &mut spill {
                Some((_, f)) => f.write_all(&chunk).map_err(cache_error)?,
                None if size > cache::INLINE_LIMIT => {
                    let temp = cache.temp_path();
                    let mut f = std::fs::File::create(&temp).map_err(cache_error)?;
                    let written = f.write_all(&held).and_then(|()| f.write_all(&chunk));
                    spill = Some((temp, f));
                    written.map_err(cache_error)?;
                    held = Vec::new();
                }
                None => held.extend_from_slice(&chunk),
            }
        }
        Ok(())
    }
    .await;
    let sha256 = hex::encode(hasher.finalize());
    match (outcome, spill) {
        (Ok(()), None) => Ok(Body {
            sha256,
            size,
            inline: Some(held),
        }),
        (Ok(()), Some((temp, f))) => {
            drop(f);
            cache
                .commit(&temp, &sha256)
                .map_err(|e| Received::Cache(crate::message::error(&e)))?;
            Ok(Body {
                sha256,
                size,
                inline: None,
            })
        }
        (Err(e), spill) => {
            if let Some((temp, f)) = spill {
                drop(f);
                let _ = std::fs::remove_file(temp);
            }
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_disposition_names() {
        assert_eq!(
            disposition_name("attachment; filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh.pdf")
                .as_deref(),
            Some("Quyết định.pdf")
        );
        assert_eq!(
            disposition_name("attachment; filename=\"ke-hoach.docx\"").as_deref(),
            Some("ke-hoach.docx")
        );
        assert_eq!(disposition_name("inline"), None);
    }

    #[test]
    fn kinds() {
        let u = |s| Url::parse(s).unwrap();
        assert_eq!(
            classify(
                &u("http://a.vn/uploads/qd.pdf"),
                "application/pdf",
                None,
                false
            ),
            Kind::Document
        );
        assert_eq!(
            classify(
                &u("http://a.vn/dl?id=3"),
                "application/octet-stream",
                Some("kh.docx"),
                false
            ),
            Kind::Document
        );
        assert_eq!(
            classify(&u("http://a.vn/news/a-1.html"), "text/html", None, false),
            Kind::Article
        );
        assert_eq!(
            classify(&u("http://a.vn/news/"), "text/html", None, false),
            Kind::Page
        );
        assert_eq!(
            classify(&u("http://a.vn/gioi-thieu"), "text/html", None, true),
            Kind::Article
        );
        assert_eq!(
            classify(&u("http://a.vn/news/page-2/"), "text/html", None, true),
            Kind::Page
        );
        assert_eq!(
            classify(&u("http://a.vn/rss"), "application/rss+xml", None, false),
            Kind::Feed
        );
        assert_eq!(
            classify(&u("http://a.vn/s.css"), "text/css", None, false),
            Kind::Asset
        );
    }
}
