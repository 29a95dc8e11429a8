//! The second step of a website backup: the crawled snapshot written into `trang-web.zip`, one
//! output per step. `write` reads as the list of what a website backup holds.

use super::cache::{self, Kind, Stored};
use super::crawl::{Origin, Page};
use super::{
    articles, charset, compliance, decode, documents, is_html, links, menus, offline, report,
    scope, warc, wordpress, Crawled, Summary,
};
use crate::archive::{Packed, ZipBuilder};
use crate::error::{Error, IoContext, Result};
use crate::pack::{self, Item};
use crate::progress::{CancelToken, Phase, Progress, ProgressSink};
use chrono::{DateTime, Local, TimeZone};
use std::collections::HashMap;
use url::Url;

/// Writes the snapshot into the website's zip.
pub fn write(
    zip: &mut ZipBuilder,
    crawled: &Crawled,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<Summary> {
    let map = offline_map(crawled);
    let (mut found_articles, register) = offline_copy(zip, crawled, &map, progress, cancel)?;
    if let Some(site) = &crawled.outcome.wordpress {
        wordpress::correct_articles(&mut found_articles, site);
    }
    front_page(zip, crawled, &map)?;
    article_files(zip, &found_articles)?;
    address_index(zip, &map)?;
    document_register(zip, crawled, &map, register)?;
    write_warc(zip, crawled, cancel)?;
    let check = compliance_check(zip, crawled, &found_articles)?;
    let changes = crawled.changes();
    let summary = summary(crawled, &found_articles, &check, &changes);
    wordpress_export(zip, crawled)?;
    crawl_report(zip, crawled, &summary, &changes, &map)?;
    Ok(summary)
}

/// Where every saved address goes in the zip: documents in `van-ban/`, the rest in the offline
/// copy.
fn offline_map(crawled: &Crawled) -> offline::Map {
    let out = &crawled.outcome;
    offline::Map::build(
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
    )
}

/// Where each saved address is in the zip (`dia-chi.json`): what a rebuild reads to find a
/// picture or document by the address the site's own data gives for it.
fn address_index(zip: &mut ZipBuilder, map: &offline::Map) -> Result<()> {
    let json = serde_json::to_vec_pretty(&map.all()).unwrap_or_default();
    zip.add_bytes(ADDRESS_INDEX, &json, None)
}

/// The address index's name in a website backup.
pub const ADDRESS_INDEX: &str = "dia-chi.json";

/// The offline copy: pages and style sheets with their links rewritten (read for articles and
/// documents on the way), then photos, documents and other files as the server sent them.
fn offline_copy(
    zip: &mut ZipBuilder,
    crawled: &Crawled,
    map: &offline::Map,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<(Vec<articles::Article>, documents::Register)> {
    let out = &crawled.outcome;
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
    Ok((found_articles, register))
}

/// `ban-sao-offline/index.html` opens the copy in any browser: when the site's start page was
/// saved under another name, a page that leads there.
fn front_page(zip: &mut ZipBuilder, crawled: &Crawled, map: &offline::Map) -> Result<()> {
    let home = map
        .local(scope::normalize(&crawled.start).as_str())
        .unwrap_or(OFFLINE_HOME);
    let root_saved = map
        .local(
            &crawled
                .start
                .join("/")
                .map(|u| u.to_string())
                .unwrap_or_default(),
        )
        .is_some();
    if home == OFFLINE_HOME || root_saved {
        return Ok(());
    }
    let link = offline::relative(OFFLINE_HOME, home);
    let page = format!(
        "<!doctype html><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0; url={link}\">\
         <title>Bản sao offline</title><a href=\"{link}\">Mở trang chủ của bản sao</a>"
    );
    zip.add_bytes(OFFLINE_HOME, page.as_bytes(), None)
}

/// `bai-viet/`: one JSON per article and the table of all of them.
fn article_files(zip: &mut ZipBuilder, found: &[articles::Article]) -> Result<()> {
    for a in found {
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
    zip.add_bytes("bai-viet/bai-viet.csv", &articles::csv(found), None)
}

/// `van-ban/`: the register of issued documents beside the files themselves.
fn document_register(
    zip: &mut ZipBuilder,
    crawled: &Crawled,
    map: &offline::Map,
    register: documents::Register,
) -> Result<()> {
    let docs = register.finish(
        crawled
            .outcome
            .pages
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
    )
}

/// `kiem-tra-trang-web.*`: the directive's rules checked on the home page and every article.
fn compliance_check(
    zip: &mut ZipBuilder,
    crawled: &Crawled,
    found: &[articles::Article],
) -> Result<compliance::Check> {
    let out = &crawled.outcome;
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
    let mut check = compliance::Check::new(
        crawled.start.to_string(),
        compliance::footer(&home_html, &crawled.school),
        compliance::reposts(found),
        found.len(),
        true,
    );
    check.cms = super::cms::Cms::of_page(&home_html);
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
    Ok(check)
}

/// The numbers of this backup, for the log and the report.
fn summary(
    crawled: &Crawled,
    found: &[articles::Article],
    check: &compliance::Check,
    changes: &super::Changes,
) -> Summary {
    let out = &crawled.outcome;
    let count = |k: Kind| out.pages.values().filter(|p| p.stored.kind == k).count();
    let origin = |o: Origin| out.pages.values().filter(|p| p.origin == o).count();
    Summary {
        pages: count(Kind::Page) + count(Kind::Article),
        articles: found.len(),
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
        not_modified: origin(Origin::NotModified),
        reused: origin(Origin::Reused),
        bans: out.bans,
        new: changes.new.len(),
        changed: changes.changed.len(),
        vanished: changes.vanished.len(),
        seconds: out.seconds,
        footer_missing: check.missing().into_iter().map(str::to_string).collect(),
        reposts: check.reposts.len(),
        wordpress_posts: out.wordpress.as_ref().map(|w| w.posts.len()),
        certificate: None,
    }
}

/// A WordPress site's own data: `wordpress/*.json` and `wordpress-wxr.xml` for its Importer.
fn wordpress_export(zip: &mut ZipBuilder, crawled: &Crawled) -> Result<()> {
    let Some(wp) = &crawled.outcome.wordpress else {
        return Ok(());
    };
    for (ep, items) in wordpress::ENDPOINTS.iter().zip([
        &wp.posts,
        &wp.pages,
        &wp.categories,
        &wp.tags,
        &wp.media,
        &wp.users,
        &wp.navigation,
    ]) {
        zip.add_bytes(
            &format!("wordpress/{ep}.json"),
            &serde_json::to_vec_pretty(items).unwrap_or_default(),
            None,
        )?;
    }
    let menus = home_menus(crawled);
    zip.add_bytes(
        wordpress::MENUS,
        &serde_json::to_vec_pretty(&menus).unwrap_or_default(),
        None,
    )?;
    let title = if crawled.school.is_empty() {
        crawled.start.as_str()
    } else {
        crawled.school.as_str()
    };
    zip.add_bytes(
        "wordpress-wxr.xml",
        wordpress::wxr(wp, &menus, crawled.start.as_str(), title).as_bytes(),
        None,
    )
}

/// The menus the site's home page shows.
fn home_menus(crawled: &Crawled) -> Vec<menus::Menu> {
    let out = &crawled.outcome;
    let Some(home) = out.pages.get(&map_start(&crawled.start, &out.aliases)) else {
        return Vec::new();
    };
    let s = &home.stored;
    let (Ok(body), Ok(base)) = (crawled.cache.read(&s.sha256), Url::parse(&s.url)) else {
        return Vec::new();
    };
    let text = decode(&body, charset(&s.content_type.to_ascii_lowercase()));
    menus::read(&text, &base)
}

/// `bao-cao-thu-thap.*`: what was saved, what changed, and every address that failed or was
/// skipped, with why; failures also go in the zip's own problem list.
fn crawl_report(
    zip: &mut ZipBuilder,
    crawled: &Crawled,
    summary: &Summary,
    changes: &super::Changes,
    map: &offline::Map,
) -> Result<()> {
    let out = &crawled.outcome;
    for f in &out.failures {
        zip.note_problem(&f.url, f.reason.clone());
    }
    let report = report::Report {
        site: crawled.start.as_str(),
        summary,
        changes,
        failures: &out.failures,
        skipped: &out.skipped,
        local: &|u: &str| map.local(u).map(str::to_string),
    };
    zip.add_bytes("bao-cao-thu-thap.html", report.html().as_bytes(), None)?;
    zip.add_bytes("bao-cao-thu-thap.json", report.json().as_bytes(), None)
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
