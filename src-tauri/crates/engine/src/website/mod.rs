//! The school website as a backup source. Two steps, so that a slow or rate-limited site never
//! holds a half-written zip open on the drive:
//!
//! 1. [`crawl`] walks the site into a cache on this PC (`crawl`, `pace`, `scope`, `links`,
//!    `feeds`, `cms`, `cache`): politely, within bounds, with conditional requests on later runs.
//! 2. [`write`] puts a complete snapshot into `trang-web.zip`: the offline copy with rewritten
//!    links (`offline`), and the crawl report with what is new, changed and gone (`report`).
//!
//! Every URL that failed or was skipped is listed with its reason; nothing is dropped silently.

mod certificate;
/// How every sentence about a refused HTTPS certificate begins.
pub use certificate::LEAD as CERTIFICATE;
pub mod cms;
mod feeds;
pub mod pin;
mod reading;

pub mod articles;
pub mod cache;
pub mod compliance;
pub mod crawl;
pub mod documents;
pub mod links;
pub mod menus;
pub mod nukeviet;
pub mod offline;
pub mod pace;
pub mod rebuild;
pub mod report;
pub mod republish;
pub mod scope;
pub mod warc;
pub mod wordpress;
mod write;

pub use write::{write, OFFLINE_HOME};

use crate::appdata::AppData;
use crate::error::{Error, Result};
use crate::pack;
use crate::progress::{CancelToken, ProgressSink};
use cache::Cache;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;
use url::Url;

pub use crawl::{Options, Origin, Outcome, Page};

/// How the school's website is crawled. Every limit has a default that suits a school site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// "Trang web của trường, chạy nhanh": the school runs the server itself, so no pacing.
    pub fast: bool,
    /// Addresses (pages and files) one backup takes at most.
    pub max_urls: usize,
    /// Links followed away from the home page (pagination does not count).
    pub max_depth: u32,
    pub max_file_mb: u64,
    pub max_total_gb: u64,
    /// A certificate the school chose to accept for its site, until the site has a valid one.
    pub trusted_certificate: Option<pin::Trusted>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            fast: false,
            max_urls: 20_000,
            max_depth: 30,
            max_file_mb: 100,
            max_total_gb: 20,
            trusted_certificate: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Failure {
    pub url: String,
    pub reason: String,
}

/// A finished crawl and what the site looked like at the last complete one.
pub struct Crawled {
    pub start: Url,
    pub school: String,
    pub cache: Arc<Cache>,
    pub outcome: Outcome,
    before: HashMap<String, String>,
    fingerprints: std::sync::OnceLock<HashMap<String, String>>,
}

/// Walks the site into the app's web cache. Runs its own async runtime on its own thread, so it
/// can be called from any thread, including one an async runtime lent for blocking work.
pub fn crawl(
    app: &AppData,
    opts: Options,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<Crawled> {
    let scope = scope::Scope::new(&opts.start);
    let cache = Arc::new(Cache::open(&app.web_cache_dir(), &scope.key())?);
    let before = cache.snapshot()?;
    let start = opts.start.clone();
    let school = opts.school.clone();
    let outcome = std::thread::scope(|s| {
        s.spawn(|| {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(pack::workers())
                .enable_all()
                .build()
                .map_err(|e| Error::io("tokio", e))?;
            let mut seeds: Vec<String> = before.keys().cloned().collect();
            seeds.sort();
            rt.block_on(crawl::run(opts, cache.clone(), seeds, progress, cancel))
        })
        .join()
        .unwrap_or(Err(Error::Cancelled))
    })?;
    Ok(Crawled {
        start,
        school,
        cache,
        outcome,
        before,
        fingerprints: std::sync::OnceLock::new(),
    })
}

/// Pages new, changed and gone since the last complete crawl.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Changes {
    /// No earlier complete crawl to compare with.
    pub first: bool,
    pub new: Vec<String>,
    pub changed: Vec<String>,
    pub vanished: Vec<String>,
}

impl Crawled {
    /// Every saved URL with what the next run compares it by: the reading fingerprint of a page a
    /// person reads (`reading`), the raw hash of anything else (kept so the next run still asks
    /// for it).
    fn fingerprints(&self) -> &HashMap<String, String> {
        self.fingerprints.get_or_init(|| {
            self.outcome
                .pages
                .values()
                .map(|p| {
                    let s = &p.stored;
                    // Not downloaded anew (reused, 304, or the same bytes): no change of what
                    // a person reads, whatever way last time's fingerprint was taken.
                    let same = p.origin != Origin::Downloaded || p.unchanged;
                    let before = self
                        .before
                        .get(&s.url)
                        .filter(|b| same && b.starts_with(reading::PREFIX));
                    let print = if !reading::counts(&s.url, s.kind) {
                        format!("x:{}", s.sha256)
                    } else if let Some(b) = before {
                        b.clone()
                    } else if let Some(steady) = &p.steady {
                        steady.clone()
                    } else if is_html(&s.content_type) {
                        let body = self.cache.read(&s.sha256).unwrap_or_default();
                        let url = Url::parse(&s.url).unwrap_or_else(|_| self.start.clone());
                        let text = decode(&body, charset(&s.content_type));
                        reading::page_fingerprint(&text, &url, s.kind)
                    } else {
                        format!("{}{}", reading::PREFIX, s.sha256)
                    };
                    (s.url.clone(), print)
                })
                .collect()
        })
    }

    pub fn changes(&self) -> Changes {
        let now = self.fingerprints();
        let failed: std::collections::HashSet<&str> = self
            .outcome
            .failures
            .iter()
            .map(|f| f.url.as_str())
            .collect();
        let mut c = Changes {
            first: self.before.is_empty(),
            ..Changes::default()
        };
        if c.first {
            return c;
        }
        let counted = |print: &str| !print.starts_with("x:");
        for (u, print) in now.iter().filter(|(_, p)| counted(p)) {
            match self.before.get(u) {
                None => c.new.push(u.clone()),
                // A snapshot written before fingerprints holds raw hashes: compare like with like.
                Some(old) if old.starts_with(reading::PREFIX) && old != print => {
                    c.changed.push(u.clone())
                }
                Some(old) if !old.starts_with(reading::PREFIX) && !same_as_raw(old, self, u) => {
                    c.changed.push(u.clone())
                }
                _ => {}
            }
        }
        for (u, old) in &self.before {
            if counted(old) && !now.contains_key(u) && !failed.contains(u.as_str()) {
                c.vanished.push(u.clone());
            }
        }
        c.new.sort();
        c.changed.sort();
        c.vanished.sort();
        c
    }

    /// Makes this crawl the one the next run compares with, and frees cached contents no page
    /// uses any more. Called only once the snapshot is safely in a finished zip.
    pub fn remember(&self) -> Result<()> {
        self.cache.set_snapshot(self.fingerprints())?;
        self.cache.set_depths(&self.outcome.depths)?;
        self.cache.set_aliases(&self.outcome.aliases)?;
        self.cache.mark_first_crawl(self.outcome.now)?;
        self.cache.collect_garbage()?;
        Ok(())
    }
}

/// A raw hash from an older snapshot equals this run's content of the same URL.
fn same_as_raw(old: &str, crawled: &Crawled, url: &str) -> bool {
    crawled
        .outcome
        .pages
        .get(url)
        .is_some_and(|p| p.stored.sha256 == old)
}

/// Numbers of one website backup, for the log and the report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub pages: usize,
    pub articles: usize,
    pub documents: usize,
    pub files: usize,
    pub failures: usize,
    pub skipped: usize,
    pub requests: u64,
    pub downloaded: usize,
    pub downloaded_bytes: u64,
    pub not_modified: usize,
    pub reused: usize,
    pub bans: u32,
    pub new: usize,
    pub changed: usize,
    pub vanished: usize,
    pub seconds: f64,
    /// Footer items the directive requires that the home page does not show.
    pub footer_missing: Vec<String>,
    /// Articles that look re-posted from the press or state portals.
    pub reposts: usize,
    /// Posts read through the WordPress REST API (a WordPress site only).
    pub wordpress_posts: Option<usize>,
    /// What the log says about a certificate the school chose to accept, if one was involved.
    pub certificate: Option<String>,
}

/// Extensions of the issued documents the directive asks schools to keep.
const DOCUMENT_EXT: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rar", "zip", "7z",
    "txt", "rtf",
];

/// Does a path or URL (query ignored) name a document file?
pub fn is_document_path(p: &str) -> bool {
    let p = p.split(['?', '#']).next().unwrap_or(p);
    let last = p.rsplit('/').next().unwrap_or(p);
    let last = percent_encoding::percent_decode_str(last).decode_utf8_lossy();
    last.rsplit_once('.')
        .is_some_and(|(_, e)| DOCUMENT_EXT.iter().any(|d| d.eq_ignore_ascii_case(e)))
}

fn is_html(content_type: &str) -> bool {
    content_type.to_ascii_lowercase().contains("html")
}

/// The `charset=` of a Content-Type header.
fn charset(content_type: &str) -> Option<&str> {
    content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("charset="))
        .map(|c| c.trim_matches('"'))
}

/// Page text in its declared encoding (old Vietnamese sites still serve Windows-1258).
fn decode<'a>(body: &'a [u8], charset: Option<&str>) -> std::borrow::Cow<'a, str> {
    let enc = charset
        .and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    enc.decode_with_bom_removal(body).0
}

/// `saoluu check-site`: the footer of the home page, and the articles it links to (at most
/// `articles`, fetched at the crawl's pace) checked for re-posted press content.
pub fn check_site(opts: Options, articles: usize) -> Result<compliance::Check> {
    std::thread::scope(|s| {
        s.spawn(|| {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| Error::io("tokio", e))?;
            rt.block_on(check_site_async(&opts, articles))
        })
        .join()
        .unwrap_or(Err(Error::Cancelled))
    })
}

async fn check_site_async(opts: &Options, max_articles: usize) -> Result<compliance::Check> {
    let scope = scope::Scope::new(&opts.start);
    let client = crawl::client(opts, &scope)?;
    let get = |u: Url| {
        let client = client.clone();
        async move {
            let fail = |m: String| Error::Website {
                url: u.to_string(),
                message: m,
            };
            let r = client
                .get(u.clone())
                .send()
                .await
                .map_err(|e| fail(crawl::describe(&e).0))?;
            if !r.status().is_success() {
                return Err(fail(crate::message::http_status(r.status().as_u16())));
            }
            let final_url = r.url().clone();
            let ct = r
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            let body = r.bytes().await.map_err(|e| fail(crawl::describe(&e).0))?;
            Ok::<_, Error>((final_url, decode(&body, charset(&ct)).into_owned()))
        }
    };
    let (home_url, home) = get(opts.start.clone()).await?;
    let mut candidates: Vec<Url> = links::find_in_html(home.as_bytes(), None, &home_url)
        .into_iter()
        .filter(|(r, u)| *r == links::Role::Page && scope.contains(u) && cms::is_article_url(u))
        .map(|(_, u)| scope::normalize(&u))
        .collect();
    candidates.dedup();
    let mut found = Vec::new();
    for u in candidates.into_iter().take(max_articles) {
        tokio::time::sleep(if opts.fast {
            std::time::Duration::ZERO
        } else {
            opts.gap
        })
        .await;
        if let Ok((url, page)) = get(u).await {
            found.extend(articles::extract(
                &scraper::Html::parse_document(&page),
                &url,
                &|_| None,
            ));
        }
    }
    let mut check = compliance::Check::new(
        home_url.to_string(),
        compliance::footer(&home, &opts.school),
        compliance::reposts(&found),
        found.len(),
        false,
    );
    check.cms = cms::Cms::of_page(&home);
    Ok(check)
}
