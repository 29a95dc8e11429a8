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
mod cms;
mod feeds;
pub mod pin;
mod reading;

pub mod articles;
pub mod cache;
pub mod compliance;
pub mod crawl;
pub mod documents;
pub mod links;
pub mod offline;
pub mod pace;
pub mod report;
pub mod republish;
pub mod scope;
pub mod warc;
pub mod wordpress;

use crate::appdata::AppData;
use crate::archive::{Packed, ZipBuilder};
use crate::error::{Error, IoContext, Result};
use crate::pack::{self, Item};
use crate::progress::{CancelToken, Phase, Progress, ProgressSink};
use cache::{Cache, Kind, Stored};
use chrono::{DateTime, Local, TimeZone};
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
                    let print = if !reading::counts(&s.url, s.kind, &s.content_type) {
                        format!("x:{}", s.sha256)
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

fn local_time(unix: i64) -> Option<DateTime<Local>> {
    Local.timestamp_opt(unix, 0).single()
}

/// What the archive needs from one saved HTML page besides its rewritten copy: the article it
/// shows, the document it describes, and the texts of its links to documents.
#[derive(Default)]
struct Read {
    articles: Vec<articles::Article>,
    documents: documents::Register,
}

fn read_page(
    text: &str,
    url: &Url,
    kind: Kind,
    saved: &dyn Fn(&Url) -> Option<String>,
    is_saved_document: &dyn Fn(&Url) -> bool,
    read: &mut Read,
) {
    let (found, register) = (&mut read.articles, &mut read.documents);
    // Parsed once for the three readers below.
    let doc = scraper::Html::parse_document(text);
    // What the page is, not what its address says: a record of an issued document (number, date,
    // trích yếu) wherever it sits, and an article unless it is the laws module's own page. A
    // news category named "Văn bản chỉ đạo" still holds articles.
    let path = url.as_str().to_ascii_lowercase();
    let laws_module = path.contains("/laws/") || path.contains("nv=laws");
    if let Some((d, files)) = documents::from_detail_page(&doc, url) {
        for f in files
            .iter()
            .filter(|f| is_saved_document(&scope::normalize(f)))
        {
            register.add_described(d.clone(), &scope::normalize(f));
        }
    }
    if kind == Kind::Article && !laws_module {
        found.extend(articles::extract(&doc, url, saved));
    }
    for e in doc.select(&articles::sel("a[href]")) {
        if let Some(t) = e.value().attr("href").and_then(|h| url.join(h).ok()) {
            let t = scope::normalize(&t);
            if is_saved_document(&t) {
                register.add_link_text(&t, &e.text().collect::<String>());
            }
        }
    }
}

/// The saved address of the start page (it may have redirected).
fn map_start(start: &Url, aliases: &HashMap<String, String>) -> String {
    let s = scope::normalize(start).to_string();
    aliases.get(&s).cloned().unwrap_or(s)
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
                return Err(fail(crawl::status_reason(r.status().as_u16())));
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
    Ok(compliance::Check::new(
        home_url.to_string(),
        compliance::footer(&home, &opts.school),
        compliance::reposts(&found),
        found.len(),
        false,
    ))
}

/// This run's HTTP answers as WARC files under `warc/`.
fn write_warc(zip: &mut ZipBuilder, crawled: &Crawled, cancel: &CancelToken) -> Result<()> {
    let dir = crawled.cache.dir().join("warc-tmp");
    let _ = std::fs::remove_dir_all(&dir);
    let software = format!("{} {}", crate::APP_NAME, crate::APP_VERSION);
    let mut w = warc::Writer::new(
        &dir,
        "trang-web",
        warc::MAX_FILE,
        &software,
        crawled.start.as_str(),
    )
    .at(&dir)?;
    fn utc(t: i64) -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::from_timestamp(t, 0).unwrap_or_default()
    }
    let answered: Vec<&Page> = crawled
        .outcome
        .pages
        .values()
        .filter(|p| p.origin != Origin::Reused)
        .collect();
    fn exchange(s: &cache::Stored) -> warc::Exchange<'_> {
        warc::Exchange {
            url: &s.url,
            date: utc(s.checked_at),
            status: s.status,
            headers: &s.headers,
        }
    }
    // Records are compressed on every core and appended in URL order; a body too large to hold
    // in memory is compressed by the writer as it reads it.
    let make = |i: usize| -> Result<Option<warc::Record>> {
        let s = &answered[i].stored;
        let x = exchange(s);
        if answered[i].origin == Origin::NotModified {
            return warc::Record::not_modified(&x, utc(s.fetched_at))
                .map(Some)
                .at(&dir);
        }
        match crawled.cache.content(&s.sha256)? {
            cache::Content::Inline(b) => warc::Record::response(&x, &mut b.as_slice(), s.size)
                .map(Some)
                .at(&dir),
            cache::Content::File(f) if s.size <= crate::archive::PACK_LIMIT => {
                std::fs::File::open(&f)
                    .and_then(|mut r| warc::Record::response(&x, &mut r, s.size))
                    .map(Some)
                    .at(&f)
            }
            cache::Content::File(_) => Ok(None),
        }
    };
    pack::in_order(answered.len(), &make, cancel, &mut |i, made| match made? {
        Some(r) => w.add(r).at(&dir),
        None => {
            let s = &answered[i].stored;
            let f = crawled.cache.object(&s.sha256);
            std::fs::File::open(&f)
                .and_then(|mut r| w.add_response(&exchange(s), &mut r, s.size))
                .at(&f)
        }
    })?;
    let items: Vec<Item> = w
        .finish()
        .at(&dir)?
        .into_iter()
        .map(|path| Item::File {
            rel: format!(
                "warc/{}",
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            ),
            path,
        })
        .collect();
    let written = pack::write_items(zip, &items, cancel, &mut |_, _| {});
    let _ = std::fs::remove_dir_all(&dir);
    written
}

/// The offline copy's front page, which opens in any browser.
pub const OFFLINE_HOME: &str = "ban-sao-offline/index.html";

/// One more saved address is in the zip.
fn written(p: &mut Progress, s: &Stored, progress: &dyn ProgressSink) {
    p.done += 1;
    p.bytes += s.size;
    p.item = s.url.clone();
    progress.emit(p);
}

/// Writes the snapshot into the website's zip.
pub fn write(
    zip: &mut ZipBuilder,
    crawled: &Crawled,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<Summary> {
    let out = &crawled.outcome;
    let map = offline::Map::build(
        out.pages.values().map(|p| offline::Saved {
            folder: if p.stored.kind == Kind::Document {
                "van-ban"
            } else {
                "ban-sao-offline"
            },
            url: &p.stored.url,
            content_type: &p.stored.content_type,
            file_name: p.stored.file_name.as_deref(),
        }),
        out.aliases.clone(),
    );
    let mut p = Progress::new(Phase::Writing);
    p.total = out.pages.len() as u64;
    let session = &out.session_params;
    let saved = |u: &Url| {
        map.local(scope::normalize_with(u, session).as_str())
            .map(str::to_string)
    };
    let is_saved_document = |u: &Url| {
        out.pages
            .get(
                out.aliases
                    .get(u.as_str())
                    .map(String::as_str)
                    .unwrap_or(u.as_str()),
            )
            .is_some_and(|p| p.stored.kind == Kind::Document)
    };
    // Pages and style sheets are rewritten, read and compressed on every core; files are
    // copied as they are.
    let mut texts = Vec::new();
    let mut files = Vec::new();
    for page in out.pages.values() {
        let s = &page.stored;
        let Some(local) = map.local(&s.url) else {
            continue;
        };
        let ct = s.content_type.to_ascii_lowercase();
        if is_html(&ct) || ct.contains("text/css") {
            texts.push((s, local));
        } else {
            files.push((s, local));
        }
    }
    let key = zip.encryption().cloned();
    let prepare = |i: usize| -> Result<(Packed, Read)> {
        let (s, local) = texts[i];
        let ct = s.content_type.to_ascii_lowercase();
        let body = crawled.cache.read(&s.sha256)?;
        let base = Url::parse(&s.url).map_err(|_| Error::BadUrl(s.url.clone()))?;
        let mut visit = |_: links::Role, u: &Url| {
            let mut n = scope::normalize_with(u, session);
            n.set_fragment(u.fragment());
            // Like `wget -k`: what was not saved points at the live site, not at nothing.
            map.link(local, &n).or_else(|| Some(u.to_string()))
        };
        let mut read = Read::default();
        let rewritten = if is_html(&ct) {
            let text = decode(&body, charset(&ct));
            read_page(&text, &base, s.kind, &saved, &is_saved_document, &mut read);
            // A page the tokenizer cannot read is kept as the server sent it.
            links::html(&body, charset(&ct), &base, &mut visit).unwrap_or_else(|_| body.clone())
        } else {
            let text = String::from_utf8_lossy(&body);
            links::css(&text, &base, &mut visit).into_bytes()
        };
        let packed = Packed::bytes(local, &rewritten, local_time(s.fetched_at), key.as_ref())
            .map_err(|e| Error::io(local, e))?;
        Ok((packed, read))
    };
    let mut found_articles = Vec::new();
    let mut register = documents::Register::default();
    pack::in_order(texts.len(), &prepare, cancel, &mut |i, made| {
        let (packed, read) = made?;
        let (s, local) = texts[i];
        zip.add_packed(local, packed)?;
        found_articles.extend(read.articles);
        register.merge(read.documents);
        written(&mut p, s, progress);
        Ok(())
    })?;
    // Photos, documents and other files go in as the server sent them.
    let prepare = |i: usize| {
        let (s, local) = files[i];
        match crawled.cache.content(&s.sha256) {
            Ok(cache::Content::Inline(b)) => {
                match Packed::bytes(local, &b, local_time(s.fetched_at), key.as_ref()) {
                    Ok(p) => pack::Ready::Packed(p),
                    Err(e) => pack::Ready::Unreadable(e),
                }
            }
            Ok(cache::Content::File(f)) => pack::prepare_file(local, &f, key.as_ref()),
            Err(e) => pack::Ready::Unreadable(std::io::Error::other(crate::message::error(&e))),
        }
    };
    pack::in_order(files.len(), &prepare, cancel, &mut |i, ready| {
        let (s, local) = files[i];
        pack::add_ready(zip, local, ready)?;
        written(&mut p, s, progress);
        Ok(())
    })?;
    let home = map
        .local(scope::normalize(&crawled.start).as_str())
        .unwrap_or(OFFLINE_HOME);
    if home != OFFLINE_HOME
        && map
            .local(
                &crawled
                    .start
                    .join("/")
                    .map(|u| u.to_string())
                    .unwrap_or_default(),
            )
            .is_none()
    {
        let link = offline::relative(OFFLINE_HOME, home);
        let page = format!(
            "<!doctype html><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0; url={link}\">\
             <title>Bản sao offline</title><a href=\"{link}\">Mở trang chủ của bản sao</a>"
        );
        zip.add_bytes(OFFLINE_HOME, page.as_bytes(), None)?;
    }

    for a in &found_articles {
        let stem = a
            .url
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("bai-viet")
            .split(['.', '?'])
            .next()
            .unwrap_or("bai-viet");
        let json = serde_json::to_vec_pretty(a).unwrap_or_default();
        zip.add_bytes(&format!("bai-viet/{stem}.json"), &json, None)?;
    }
    zip.add_bytes(
        "bai-viet/bai-viet.csv",
        &articles::csv(&found_articles),
        None,
    )?;
    let docs = register.finish(
        out.pages
            .values()
            .filter(|p| p.stored.kind == Kind::Document)
            .filter_map(|p| {
                let local = map.local(&p.stored.url)?;
                let name = local.rsplit('/').next().unwrap_or(local).to_string();
                Some((p.stored.url.clone(), name, local.to_string()))
            }),
    );
    zip.add_bytes("van-ban/van-ban.csv", &documents::csv(&docs), None)?;
    zip.add_bytes(
        "van-ban/van-ban.html",
        documents::html(&docs).as_bytes(),
        None,
    )?;
    zip.add_bytes(
        "van-ban/van-ban.json",
        &serde_json::to_vec_pretty(&docs).unwrap_or_default(),
        None,
    )?;

    write_warc(zip, crawled, cancel)?;

    let home = out
        .pages
        .get(map_start(&crawled.start, &out.aliases).as_str())
        .or_else(|| out.pages.values().find(|p| is_html(&p.stored.content_type)));
    let home_html = match home {
        Some(p) => {
            let body = crawled.cache.read(&p.stored.sha256).unwrap_or_default();
            decode(&body, charset(&p.stored.content_type)).into_owned()
        }
        None => String::new(),
    };
    let check = compliance::Check::new(
        crawled.start.to_string(),
        compliance::footer(&home_html, &crawled.school),
        compliance::reposts(&found_articles),
        found_articles.len(),
        true,
    );
    zip.add_bytes(
        "kiem-tra-trang-web.html",
        compliance::html(&check).as_bytes(),
        None,
    )?;
    zip.add_bytes(
        "kiem-tra-trang-web.json",
        &serde_json::to_vec_pretty(&check).unwrap_or_default(),
        None,
    )?;

    let changes = crawled.changes();
    let count = |k: Kind| out.pages.values().filter(|p| p.stored.kind == k).count();
    let summary = Summary {
        pages: count(Kind::Page) + count(Kind::Article),
        articles: found_articles.len(),
        documents: count(Kind::Document),
        files: out.pages.len(),
        failures: out.failures.len(),
        skipped: out.skipped.len(),
        requests: out.requests,
        downloaded: out
            .pages
            .values()
            .filter(|p| p.origin == Origin::Downloaded && !p.unchanged)
            .count(),
        downloaded_bytes: out.downloaded_bytes,
        not_modified: out
            .pages
            .values()
            .filter(|p| p.origin == Origin::NotModified)
            .count(),
        reused: out
            .pages
            .values()
            .filter(|p| p.origin == Origin::Reused)
            .count(),
        bans: out.bans,
        new: changes.new.len(),
        changed: changes.changed.len(),
        vanished: changes.vanished.len(),
        seconds: out.seconds,
        footer_missing: check.missing().into_iter().map(str::to_string).collect(),
        reposts: check.reposts.len(),
        wordpress_posts: out.wordpress.as_ref().map(|w| w.posts.len()),
        certificate: None,
    };
    if let Some(wp) = &out.wordpress {
        for (ep, items) in wordpress::ENDPOINTS.iter().zip([
            &wp.posts,
            &wp.pages,
            &wp.categories,
            &wp.tags,
            &wp.media,
            &wp.users,
        ]) {
            zip.add_bytes(
                &format!("wordpress/{ep}.json"),
                &serde_json::to_vec_pretty(items).unwrap_or_default(),
                None,
            )?;
        }
        let title = if crawled.school.is_empty() {
            crawled.start.as_str()
        } else {
            crawled.school.as_str()
        };
        zip.add_bytes(
            "wordpress-wxr.xml",
            wordpress::wxr(wp, crawled.start.as_str(), title).as_bytes(),
            None,
        )?;
    }
    for f in &out.failures {
        zip.note_problem(&f.url, f.reason.clone());
    }
    let report = report::Report {
        site: crawled.start.as_str(),
        summary: &summary,
        changes: &changes,
        failures: &out.failures,
        skipped: &out.skipped,
        local: &|u: &str| map.local(u).map(str::to_string),
    };
    zip.add_bytes("bao-cao-thu-thap.html", report.html().as_bytes(), None)?;
    zip.add_bytes("bao-cao-thu-thap.json", report.json().as_bytes(), None)?;
    Ok(summary)
}
