//! The website backup against real HTTP servers on 127.0.0.1: a generated NukeViet-shaped school
//! site with traps and failures, an incremental second run a week later, and a server with
//! NukeViet's flood guard (time-compressed).

use saoluu_tests::school::{self, SchoolSite, Shape};
use saoluu_tests::*;
use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `saoluu backup website URL --nhanh --to usb` and returns the run folder and the JSON report.
fn backup_site(
    data: &Path,
    usb: &Path,
    url: &str,
    env: &[(&str, String)],
) -> (PathBuf, serde_json::Value) {
    let mut c = saoluu(data);
    c.args(["--json", "backup", "website", url, "--nhanh", "--to"])
        .arg(usb);
    c.env("SAOLUU_WEB_TIMEOUT_MS", "1500");
    for (k, v) in env {
        c.env(k, v);
    }
    let out = json(&ok(&mut c));
    let run = from_shown(out["run_dir"].as_str().expect("run_dir"));
    (run, out)
}

fn unzip(zip: &Path, into: &Path) {
    ok(Command::new("unzip").arg("-q").arg(zip).arg("-d").arg(into));
}

fn crawl_report(dir: &Path) -> serde_json::Value {
    json(&fs::read_to_string(dir.join("bao-cao-thu-thap.json")).unwrap())
}

/// Every relative `href`/`src`/`srcset`/`url()` in the offline copy points at a file inside it.
fn assert_offline_links_resolve(root: &Path) -> usize {
    let attr =
        regex::Regex::new(r#"(?:href|src|srcset)="([^"]+)"|url\(["']?([^"')]+)["']?\)"#).unwrap();
    let mut checked = 0;
    for f in walk(root) {
        let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "html" | "css") {
            continue;
        }
        let text = fs::read_to_string(&f).unwrap();
        for c in attr.captures_iter(&text) {
            let v = c.get(1).or(c.get(2)).unwrap().as_str();
            for link in v.split(", ").map(|s| s.split(' ').next().unwrap()) {
                if link.contains(':') || link.starts_with('#') || link.is_empty() {
                    continue; // absolute links outside the site, mailto:, javascript:
                }
                let path = link.split('#').next().unwrap();
                let decoded = percent_encoding::percent_decode_str(path)
                    .decode_utf8()
                    .unwrap();
                let target = f.parent().unwrap().join(decoded.as_ref());
                assert!(
                    target.is_file(),
                    "{} links to missing {}",
                    f.display(),
                    target.display()
                );
                checked += 1;
            }
        }
    }
    checked
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn urls(v: &serde_json::Value) -> BTreeSet<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| {
            x.as_str()
                .map(str::to_string)
                .unwrap_or_else(|| x["url"].as_str().unwrap().to_string())
        })
        .collect()
}

#[test]
fn a_school_site_is_copied_whole_browsable_offline_and_incrementally_weeks_later() {
    let d = tempfile::tempdir().unwrap();
    let usb = registered_usb(d.path());
    let shape = Shape::default();
    let site = SchoolSite::start(shape.clone());
    let base = site.url.trim_end_matches('/').to_string();

    let (run1, out1) = backup_site(d.path(), &usb, &site.url, &[]);
    let log1 = site.take_log();
    let zip = run1.join("trang-web.zip");
    check_zip_with_other_tools(&zip);
    let x1 = d.path().join("x1");
    unzip(&zip, &x1);
    let copy = x1.join("ban-sao-offline");

    // Every article once (NukeViet lists each under two categories), every document with the
    // school's own Vietnamese file name, the theme with its imported CSS, images and fonts.
    for id in 1..=shape.articles {
        let name = format!("{}-{id}.html", school::slug(id));
        let found: Vec<_> = school::CATS
            .iter()
            .filter(|c| copy.join("news").join(c).join(&name).is_file())
            .collect();
        assert_eq!(found.len(), 1, "article {id}: {found:?}");
        assert!(
            copy.join("uploads/news")
                .join(format!("anh-{id}-2x.jpg"))
                .is_file(),
            "srcset of {id}"
        );
    }
    // Each document is in van-ban/, once, and not again in the offline copy, whose pages link
    // to it there.
    for id in 1..=shape.documents {
        let name = school::document_name(id);
        let named = |dir: &Path| {
            walk(dir)
                .into_iter()
                .filter(|p| p.file_name().unwrap().to_string_lossy() == name)
                .count()
        };
        assert_eq!(named(&x1.join("van-ban")), 1, "document {name}");
        assert_eq!(named(&copy), 0, "document {name} twice");
    }
    for f in [
        "themes/default/css/reset.css",
        "themes/default/images/bg.png",
        "themes/default/fonts/roboto.woff2",
        "index.html",
        "gioi-thieu.html",
        "robots.txt",
        "sitemap.xml",
    ] {
        assert!(copy.join(f).is_file(), "{f}");
    }
    assert!(assert_offline_links_resolve(&copy) > 500);
    let linking_documents = walk(&copy)
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "html"))
        .filter(|f| fs::read_to_string(f).unwrap().contains("van-ban/uploads/"))
        .count();
    assert!(
        linking_documents > 0,
        "pages link to the documents in van-ban/"
    );
    // The query-string list page is a file of its own that opens as HTML.
    let names: Vec<String> = fs::read_dir(&copy)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().any(
            |n| n.starts_with("index_language_vi_nv_news_op_thong-bao") && n.ends_with(".html")
        ),
        "{names:?}"
    );

    // Articles as data, one JSON each plus a CSV that Excel opens; the issued documents with
    // number, date and summary from the laws module, pointing at their files in the copy.
    let articles: Vec<serde_json::Value> = walk(&x1.join("bai-viet"))
        .into_iter()
        .filter(|p| p.extension().unwrap() == "json")
        .map(|p| json(&fs::read_to_string(p).unwrap()))
        .collect();
    assert_eq!(articles.len(), shape.articles as usize);
    let a7 = articles
        .iter()
        .find(|a| a["url"].as_str().unwrap().ends_with("-7.html"))
        .unwrap();
    assert_eq!(a7["title"], school::article(7).title);
    assert_eq!(a7["published"], "2025-08-08");
    assert!(a7["body_text"].as_str().unwrap().contains("hoạt động số 7"));
    let img = a7["images"][0]["saved_as"].as_str().unwrap();
    assert!(x1.join(img).is_file(), "{img}");
    let a10 = articles
        .iter()
        .find(|a| a["url"].as_str().unwrap().ends_with("-10.html"))
        .unwrap();
    assert!(a10["attachments"][0]["url"]
        .as_str()
        .unwrap()
        .ends_with("ke-hoach-10.docx"));
    let csv = fs::read_to_string(x1.join("bai-viet/bai-viet.csv")).unwrap();
    assert!(csv.starts_with('\u{feff}') && csv.contains(&school::article(42).title));
    let docs = json(&fs::read_to_string(x1.join("van-ban/van-ban.json")).unwrap());
    let docs = docs.as_array().unwrap();
    for id in 1..=shape.documents {
        let d = docs
            .iter()
            .find(|d| d["file_name"] == school::document_name(id))
            .unwrap_or_else(|| panic!("document {id} in {docs:?}"));
        assert_eq!(d["number"], school::document_number(id));
        assert_eq!(d["summary"], school::document_summary(id));
        assert_eq!(d["issued"], format!("2025-09-{:02}", id % 28 + 1));
        assert!(x1.join(d["saved_as"].as_str().unwrap()).is_file());
    }
    assert!(fs::read_to_string(x1.join("van-ban/van-ban.csv"))
        .unwrap()
        .contains(&school::document_number(3)));

    // The raw responses as WARC, read back by warcio (the web archives' own library).
    let w1 = read_warc(&x1.join("warc"));
    assert_eq!(w1["types"]["response"], web_downloaded(&out1), "{w1}");
    let warc_urls = w1["urls"].to_string();
    assert!(
        warc_urls.contains(&format!("\"{base}/\"")) && warc_urls.contains("op=download"),
        "{warc_urls}"
    );

    // Failures are listed with their reasons; traps and admin pages are skipped, never fetched.
    let report = crawl_report(&x1);
    let failures: HashMap<String, String> = report["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["url"].as_str().unwrap().to_string(),
                f["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let reason = |p: &str| {
        failures
            .get(&format!("{base}{p}"))
            .cloned()
            .unwrap_or_else(|| panic!("{p} not in {failures:?}"))
    };
    assert!(reason("/trang-khong-co.html").contains("404"));
    assert!(reason("/loi-may-chu.html").contains("500"));
    assert!(reason("/trang-treo.html").contains("hết thời gian"));
    assert!(reason("/uploads/video-khai-giang.mp4").contains("lớn hơn giới hạn"));
    assert!(copy.join("trang-cham.html").is_file(), "slow but in time");
    let asked: Vec<&str> = log1.iter().map(|h| h.0.as_str()).collect();
    assert!(
        !asked.iter().any(|p| p.starts_with("/admin")),
        "admin pages are never asked"
    );
    assert!(
        !asked
            .iter()
            .any(|p| p.contains("utm_") || p.contains("fbclid")),
        "tracking parameters are dropped"
    );
    let calendar = asked.iter().filter(|p| p.starts_with("/lich/")).count();
    assert!(
        (10..=125).contains(&calendar),
        "calendar trap bounded: {calendar}"
    );
    let skipped = report["skipped"].to_string();
    assert!(
        skipped.contains("bẫy thu thập") && skipped.contains("quản trị"),
        "{skipped}"
    );
    assert_eq!(
        asked
            .iter()
            .filter(|p| **p == "/uploads/laws/".to_string() + "x")
            .count(),
        0
    );
    let web = &out1["sources"][0]["website"];
    assert_eq!(web["articles"], shape.articles);
    // The laws module's files and the attachments of every tenth article.
    assert_eq!(web["documents"], shape.documents + shape.articles / 10);
    assert_eq!(web["bans"], 0);

    // Run again at once: every page is reused or answered 304 and not read again (the cache
    // recorded what each content links to), and the snapshot is the same, byte for byte. Nor does
    // the calendar trap grow by another cap's worth: last week's pages count against the cap.
    let (run1b, out1b) = backup_site(d.path(), &usb, &site.url, &[]);
    site.take_log();
    let x1b = d.path().join("x1b");
    unzip(&run1b.join("trang-web.zip"), &x1b);
    let web1b = &out1b["sources"][0]["website"];
    assert!(
        web1b["reused"].as_u64().unwrap() > 100
            && web1b["not_modified"].as_u64().unwrap() > 50
            && web1b["downloaded"].as_u64().unwrap() == 0,
        "{web1b}"
    );
    for part in ["ban-sao-offline", "bai-viet", "van-ban"] {
        let files = |root: &Path| -> Vec<PathBuf> {
            let mut f: Vec<PathBuf> = walk(&root.join(part))
                .into_iter()
                .map(|p| p.strip_prefix(root).unwrap().to_path_buf())
                .collect();
            f.sort();
            f
        };
        assert_eq!(files(&x1), files(&x1b), "{part}");
        for f in files(&x1) {
            assert!(
                fs::read(x1.join(&f)).unwrap() == fs::read(x1b.join(&f)).unwrap(),
                "{f:?}"
            );
        }
    }

    // Four weeks later, with no run between: one article edited, one new, one deleted. Every
    // article is due (none goes unchecked for more than four weeks); only what changed is
    // downloaded, the rest is asked conditionally (304) or, for files checked recently, not at all.
    {
        let mut a = site.state.articles.lock().unwrap();
        a.get_mut(&3).unwrap().body.push_str("<p>Đã cập nhật.</p>");
        a.insert(shape.articles + 1, school::article(shape.articles + 1));
        a.remove(&5);
    }
    let later = (chrono_now() + 29 * 86_400).to_string();
    let (run2, out2) = backup_site(d.path(), &usb, &site.url, &[("SAOLUU_NOW", later)]);
    let log2 = site.take_log();
    assert!(
        log2.len() < log1.len(),
        "{} requests after {}",
        log2.len(),
        log1.len()
    );
    let not_modified = log2.iter().filter(|h| h.1 == 304).count();
    assert!(not_modified > 50, "conditional requests: {not_modified}");
    for (path, status, len) in &log2 {
        let is_article = path.starts_with("/news/") && path.ends_with(".html");
        let legit = !is_article
            || path.ends_with("-3.html")
            || path.ends_with(&format!("-{}.html", shape.articles + 1));
        let asset = path.starts_with("/uploads")
            || path.starts_with("/themes")
            || path.starts_with("/laws/detail")
            || path.contains("op=download");
        // Refused (too large) or failing addresses are asked again each week, as they should be.
        let failed = failures.contains_key(&format!("{base}{path}"));
        let of_new_article = path.contains(&format!("anh-{}", shape.articles + 1));
        if *status == 200 && *len > 0 && !failed && !of_new_article {
            assert!(legit && !asset, "unchanged {path} was downloaded again");
        }
    }
    let x2 = d.path().join("x2");
    unzip(&run2.join("trang-web.zip"), &x2);
    // Still a complete snapshot: reused and 304 pages are in the zip like downloaded ones.
    assert!(assert_offline_links_resolve(&x2.join("ban-sao-offline")) > 500);
    for id in (1..=shape.articles + 1).filter(|i| *i != 5) {
        let name = format!("{}-{id}.html", school::slug(id));
        assert!(
            school::CATS.iter().any(|c| x2
                .join("ban-sao-offline/news")
                .join(c)
                .join(&name)
                .is_file()),
            "{id}"
        );
    }
    let w2 = read_warc(&x2.join("warc"));
    assert!(
        w2["types"]["revisit"].as_u64().unwrap() > 50,
        "304s are revisit records: {w2}"
    );
    let changes = &crawl_report(&x2)["changes"];
    // An article is saved under whichever category's address the crawl reached first.
    let has = |list: &str, id: u32| {
        urls(&changes[list])
            .iter()
            .any(|u| u.starts_with(&base) && u.ends_with(&format!("-{id}-{id}.html")))
    };
    assert!(has("new", shape.articles + 1), "{changes}");
    assert!(has("changed", 3), "{changes}");
    assert!(has("vanished", 5), "{changes}");
    assert!(!has("changed", 4), "{changes}");
    let web2 = &out2["sources"][0]["website"];
    assert!(
        web2["reused"].as_u64().unwrap() > 0 && web2["not_modified"].as_u64().unwrap() > 0,
        "{web2}"
    );

    // The log entry of the run says what changed.
    let log = json(&ok(saoluu(d.path()).args(["log", "--json"])));
    let note = log.as_array().unwrap()[0]["note"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        note.contains("1 trang mới") || note.contains("trang mới"),
        "{note}"
    );
    // And how many requests the crawl made, in how long: the weekly run's cost on a guarded site.
    let details = &log.as_array().unwrap()[0]["details"];
    assert_eq!(details["requests"], web2["requests"], "{details}");
    assert!(
        details["crawl_seconds"].as_f64().is_some_and(|s| s > 0.0),
        "{details}"
    );
}

fn web_downloaded(out: &serde_json::Value) -> serde_json::Value {
    out["sources"][0]["website"]["downloaded"].clone()
}

/// Record types and response URLs of the WARC files in `dir`, as warcio reads them.
fn read_warc(dir: &Path) -> serde_json::Value {
    let script = r#"
import sys, glob, json
from warcio.archiveiterator import ArchiveIterator
types, urls = {}, set()
for f in sorted(glob.glob(sys.argv[1] + '/*.warc.gz')):
    with open(f, 'rb') as fh:
        for r in ArchiveIterator(fh):
            types[r.rec_type] = types.get(r.rec_type, 0) + 1
            if r.rec_type == 'response':
                r.content_stream().read()
                urls.add(r.rec_headers.get_header('WARC-Target-URI'))
print(json.dumps({'types': types, 'urls': sorted(urls)}))
"#;
    json(&ok(Command::new("python3").arg("-c").arg(script).arg(dir)))
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[test]
fn a_flood_guarded_site_is_finished_after_one_ban_without_a_second() {
    use saoluu_demo::http::{Request, Response, Server};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};
    // NukeViet's guard, time-compressed 100×: more than 150 requests in 3 s (instead of five
    // minutes) bans the address for the rest of the window, with 429 and Retry-After.
    const LIMIT: usize = 150;
    const WINDOW: Duration = Duration::from_secs(3);
    const PAGES: usize = 300;
    #[derive(Default)]
    struct Guard {
        times: Vec<Instant>,
        banned_until: Option<Instant>,
        bans: usize,
        refused: usize,
    }
    let guard = Arc::new(Mutex::new(Guard::default()));
    let g = guard.clone();
    let server = Server::start(Arc::new(move |r: &Request| {
        let mut g = g.lock().unwrap();
        let now = Instant::now();
        g.times.retain(|t| now.duration_since(*t) < WINDOW);
        g.times.push(now);
        if let Some(until) = g.banned_until.filter(|u| *u > now) {
            g.refused += 1;
            let secs = (until - now).as_secs_f64().ceil() as u64;
            return Response::new(429, "text/html", "Too many requests")
                .header("Retry-After", &secs.to_string());
        }
        if g.times.len() > LIMIT {
            g.bans += 1;
            g.refused += 1;
            g.banned_until = Some(now + WINDOW);
            return Response::new(429, "text/html", "Too many requests").header("Retry-After", "3");
        }
        if r.path != "/" && !r.path.starts_with("/p/") {
            return Response::new(404, "text/html", "");
        }
        let n: usize = r
            .path
            .trim_start_matches("/p/")
            .trim_end_matches(".html")
            .parse()
            .unwrap_or(0);
        let next = |k: usize| {
            if k < PAGES {
                format!("<a href=\"/p/{k}.html\">{k}</a>")
            } else {
                String::new()
            }
        };
        Response::new(
            200,
            "text/html; charset=utf-8",
            format!("<h1>Trang {n}</h1>{}{}", next(2 * n + 1), next(2 * n + 2)),
        )
    }))
    .unwrap();
    let d = tempfile::tempdir().unwrap();
    let usb = registered_usb(d.path());
    // Fast mode hits the guard; the polite gap (2.1 s scaled down 100×: 21 ms) stays under it.
    let (run, out) = backup_site(
        d.path(),
        &usb,
        &server.url(),
        &[("SAOLUU_WEB_GAP_MS", "21".into())],
    );
    let g = guard.lock().unwrap();
    assert_eq!(g.bans, 1, "banned once, never twice");
    // Refused: the requests in flight when the ban came (8 at once in fast mode), and at most
    // one early retry of each at the edge of Retry-After's whole seconds (a loaded CI machine
    // once saw 11); a crawler that kept asking through the ban would be refused hundreds of times.
    assert!(
        g.refused <= 16,
        "requests refused while banned: {}",
        g.refused
    );
    let web = &out["sources"][0]["website"];
    assert_eq!(web["failures"], 0, "{out}");
    // The home page and pages 1..PAGES-1.
    assert_eq!(web["files"].as_u64().unwrap() as usize, PAGES, "{web}");
    assert!(web["bans"].as_u64().unwrap() >= 1);
    let x = d.path().join("x");
    unzip(&run.join("trang-web.zip"), &x);
    assert!(fs::read_to_string(x.join("bao-cao-thu-thap.html"))
        .unwrap()
        .contains("429"));
}

#[test]
fn check_site_reads_the_footer_and_flags_reposted_articles() {
    let d = tempfile::tempdir().unwrap();
    let shape = Shape {
        traps: false,
        ..Shape::default()
    };
    let good = SchoolSite::start(shape.clone());
    good.state
        .articles
        .lock()
        .unwrap()
        .get_mut(&shape.articles)
        .unwrap()
        .body += "<p>Nguồn: Báo VnExpress</p>";
    let out = json(&ok(saoluu(d.path()).args([
        "check-site",
        &good.url,
        "--nhanh",
        "--json",
    ])));
    for item in out["items"].as_array().unwrap() {
        assert_eq!(item["found"], true, "{item}");
    }
    assert!(out["items"][5]["text"]
        .as_str()
        .unwrap()
        .contains("Nguyễn Thị Mẫu"));
    let flagged = out["reposts"].to_string();
    assert!(
        flagged.contains(&format!("-{}.html", shape.articles)) && flagged.contains("vnexpress"),
        "{flagged}"
    );
    assert_eq!(out["reposts"].as_array().unwrap().len(), 1, "{flagged}");
    assert_eq!(out["legal"][1]["replaced_by"], "Thông tư 37/2020/TT-BGDĐT");

    let bare = SchoolSite::start(Shape {
        footer: false,
        ..shape
    });
    let (text, _) = fails(saoluu(d.path()).args(["check-site", &bare.url, "--nhanh"]));
    assert!(text.contains("✘ Cơ quan chủ quản: không thấy"), "{text}");
    assert!(text.contains("Chân trang còn thiếu: Tên đơn vị, Cơ quan chủ quản, Địa chỉ, Email, Điện thoại, Người chịu trách nhiệm nội dung"), "{text}");

    // A backup stores the check with the copy, and the log says what is missing.
    let usb = registered_usb(d.path());
    let (run, _) = backup_site(d.path(), &usb, &bare.url, &[]);
    let x = d.path().join("x");
    unzip(&run.join("trang-web.zip"), &x);
    let check = json(&fs::read_to_string(x.join("kiem-tra-trang-web.json")).unwrap());
    assert_eq!(check["items"][1]["found"], false);
    assert!(fs::read_to_string(x.join("kiem-tra-trang-web.html"))
        .unwrap()
        .contains("Không thấy"));
    let log = json(&ok(saoluu(d.path()).args(["log", "--json"])));
    assert!(
        log[0]["note"]
            .as_str()
            .unwrap()
            .contains("Chân trang còn thiếu"),
        "{log}"
    );
}

/// A WordPress-shaped site: 150 posts with permalinks, `?p=` short links that redirect, and the
/// public REST API with two pages of posts, terms and media (users hidden, as security plugins do).
fn wordpress_site() -> saoluu_demo::http::Server {
    use saoluu_demo::http::{Request, Response, Server};
    use serde_json::json;
    const POSTS: u64 = 150;
    let post = |id: u64| {
        json!({"id": id, "date": format!("2025-09-{:02}T07:30:00", id % 28 + 1), "date_gmt": format!("2025-09-{:02}T00:30:00", id % 28 + 1),
            "slug": format!("bai-{id}"), "status": "publish", "type": "post", "link": format!("/2025/09/bai-{id}/"),
            "title": {"rendered": format!("Bài viết số {id} &#8211; tin trường")}, "content": {"rendered": format!("<p>Nội dung bài {id}</p>")},
            "excerpt": {"rendered": ""}, "author": 1, "categories": [id % 2 + 1], "tags": [5], "featured_media": if id <= 3 { id + 100 } else { 0 }})
    };
    Server::start(std::sync::Arc::new(move |r: &Request| {
        let html = |b: String| Response::new(200, "text/html; charset=UTF-8", b);
        let (path, query) = r.path.split_once('?').unwrap_or((&r.path, ""));
        let page: usize = query.split('&').find_map(|kv| kv.strip_prefix("page=")).and_then(|v| v.parse().ok()).unwrap_or(1);
        let api = |items: Vec<serde_json::Value>, per: usize| {
            let pages = items.len().div_ceil(per).max(1);
            if page > pages {
                return Response::new(400, "application/json", r#"{"code":"rest_post_invalid_page_number"}"#);
            }
            let chunk: Vec<_> = items.into_iter().skip((page - 1) * per).take(per).collect();
            Response::new(200, "application/json; charset=UTF-8", serde_json::to_vec(&chunk).unwrap())
                .header("X-WP-TotalPages", &pages.to_string())
        };
        match path {
            "/" if query.starts_with("p=") => Response::new(301, "text/html", "").header("Location", &format!("/2025/09/bai-{}/", &query[2..])),
            "/" => {
                let links: String = (1..=POSTS).map(|i| format!("<a href=\"/2025/09/bai-{i}/\">Bài {i}</a>\n")).collect();
                html(format!("<html><head><link rel='https://api.w.org/' href='/wp-json/' /></head><body class=\"home blog\">{links}<a href=\"/?p=5\">Bài 5 (rút gọn)</a>\
                    <footer>Trường THCS Hoa Sen - Đơn vị chủ quản: Phòng GD&amp;ĐT - Địa chỉ: 1 Lê Lợi - Điện thoại: 0283 123 4567 - Email: thcs@hoasen.edu.vn - Người chịu trách nhiệm: Hiệu trưởng</footer></body></html>"))
            }
            "/wp-json/wp/v2/posts" => api((1..=POSTS).map(post).collect(), 100),
            "/wp-json/wp/v2/pages" => api(vec![json!({"id": 2, "date": "2024-01-01T00:00:00", "slug": "gioi-thieu", "status": "publish", "title": {"rendered": "Giới thiệu"}, "content": {"rendered": "<p>Trường</p>"}, "author": 1})], 100),
            "/wp-json/wp/v2/categories" => api(vec![json!({"id": 1, "name": "Tin tức", "slug": "tin-tuc", "parent": 0}), json!({"id": 2, "name": "Thông báo", "slug": "thong-bao", "parent": 1})], 100),
            "/wp-json/wp/v2/tags" => api(vec![json!({"id": 5, "name": "Năm học 2025-2026", "slug": "nam-hoc"})], 100),
            "/wp-json/wp/v2/media" => api((101..=103).map(|i| json!({"id": i, "date": "2025-09-01T00:00:00", "slug": format!("anh-{i}"), "title": {"rendered": format!("Ảnh {i}")}, "source_url": format!("/wp-content/uploads/2025/09/anh-{i}.jpg"), "post": i - 100})).collect(), 100),
            "/wp-json/wp/v2/users" => Response::new(401, "application/json", r#"{"code":"rest_user_cannot_view"}"#),
            _ => {
                if let Some(id) = path.strip_prefix("/2025/09/bai-").and_then(|x| x.strip_suffix('/')).and_then(|x| x.parse::<u64>().ok()) {
                    let img = if id <= 3 { format!("<img src=\"/wp-content/uploads/2025/09/anh-{}.jpg\">", id + 100) } else { String::new() };
                    return html(format!(
                        "<html><head><link rel='shortlink' href='/?p={id}' /><meta property=\"og:type\" content=\"article\" /></head>\
                         <body class=\"post-template-default single single-post postid-{id}\"><h1 class=\"entry-title\">Bài viết số {id}</h1>\
                         <div class=\"entry-content\"><p>Nội dung bài {id}</p>{img}</div></body></html>"
                    ));
                }
                if path.starts_with("/wp-content/uploads/") {
                    return Response::new(200, "image/jpeg", b"\xff\xd8\xff\xe0JFIF".to_vec());
                }
                Response::new(404, "text/html", "")
            }
        }
    }))
    .unwrap()
}

#[test]
fn a_wordpress_site_is_also_saved_through_its_api_as_an_importable_wxr_file() {
    let d = tempfile::tempdir().unwrap();
    let usb = registered_usb(d.path());
    let site = wordpress_site();
    let (run, out) = backup_site(d.path(), &usb, &site.url(), &[]);
    let web = &out["sources"][0]["website"];
    assert_eq!(web["wordpress_posts"], 150, "{web}");
    assert_eq!(
        web["articles"], 150,
        "the ?p=5 short link is the same post, once: {web}"
    );
    let x = d.path().join("x");
    unzip(&run.join("trang-web.zip"), &x);
    let posts = json(&fs::read_to_string(x.join("wordpress/posts.json")).unwrap());
    assert_eq!(posts.as_array().unwrap().len(), 150);
    // Schema-level check of the WXR with Python's XML parser: the elements WordPress's importer
    // reads, on every item, in their namespaces.
    let check = r#"
import sys, json, xml.etree.ElementTree as ET
wp = '{http://wordpress.org/export/1.2/}'
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == 'rss' and root.get('version') == '2.0'
ch = root.find('channel')
assert ch.find(wp + 'wxr_version').text == '1.2'
items = ch.findall('item')
for it in items:
    for k in ('post_id', 'post_date', 'post_type', 'status', 'post_name'):
        assert it.find(wp + k) is not None, (k, ET.tostring(it)[:200])
    assert it.find('{http://purl.org/rss/1.0/modules/content/}encoded') is not None
types = {}
for it in items:
    t = it.find(wp + 'post_type').text
    types[t] = types.get(t, 0) + 1
post = [it for it in items if it.find(wp + 'post_id').text == '7'][0]
print(json.dumps({'types': types, 'categories': [c.find(wp + 'cat_name').text for c in ch.findall(wp + 'category')],
  'post7': [post.find('title').text, post.find(wp + 'post_date').text, [c.text for c in post.findall('category')]],
  'attachments': [it.find(wp + 'attachment_url').text for it in items if it.find(wp + 'attachment_url') is not None]}))
"#;
    let r = json(&ok(Command::new("python3")
        .arg("-c")
        .arg(check)
        .arg(x.join("wordpress-wxr.xml"))));
    assert_eq!(
        r["types"],
        serde_json::json!({"post": 150, "page": 1, "attachment": 3}),
        "{r}"
    );
    assert_eq!(r["categories"], serde_json::json!(["Tin tức", "Thông báo"]));
    assert_eq!(
        r["post7"],
        serde_json::json!([
            "Bài viết số 7 – tin trường",
            "2025-09-08 07:30:00",
            ["Thông báo", "Năm học 2025-2026"]
        ])
    );
    assert_eq!(r["attachments"].as_array().unwrap().len(), 3);
}

#[cfg(unix)]
#[test]
fn a_cancelled_crawl_is_not_a_good_backup_and_the_next_run_resumes_from_the_cache() {
    let d = tempfile::tempdir().unwrap();
    let usb = registered_usb(d.path());
    let site = SchoolSite::start(Shape {
        traps: false,
        ..Shape::default()
    });
    // Polite pace (scaled down): the crawl is still going when Ctrl-C arrives.
    let mut c = saoluu(d.path());
    c.args(["backup", "website", &site.url, "--to"])
        .arg(&usb)
        .env("SAOLUU_WEB_GAP_MS", "15")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = c.spawn().unwrap();
    let started = std::time::Instant::now();
    while site.state.log.lock().unwrap().len() < 60 {
        assert!(
            started.elapsed().as_secs() < 30,
            "the crawl never got going"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // SAFETY: signalling our own child process.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Đã huỷ"), "{err}");
    let before = site.take_log();
    let before_cancel = before.len();
    let fetched: std::collections::HashSet<&str> = before
        .iter()
        .filter(|h| h.1 == 200 && h.2 > 0)
        .map(|h| h.0.as_str())
        .collect();
    assert!(runs(&usb).is_empty(), "a cancelled crawl leaves no run");
    let log = json(&ok(saoluu(d.path()).args(["log", "--json"])));
    assert_eq!(log[0]["outcome"], "failed", "{log}");

    // The next run does not download again what the cancelled one already fetched.
    let (_, out) = backup_site(d.path(), &usb, &site.url, &[]);
    let again = site.take_log();
    // (A list page may be asked twice in one run, to tell a random block from a change; that is
    // this run's reading, not a download again.)
    let again_full: std::collections::HashSet<&str> = again
        .iter()
        .filter(|h| h.1 == 200 && h.2 > 0)
        .map(|h| h.0.as_str())
        .collect();
    let refetched: Vec<&&str> = again_full.intersection(&fetched).collect();
    let web = &out["sources"][0]["website"];
    let files = web["files"].as_u64().unwrap() as usize;
    assert!(
        before_cancel >= 60 && fetched.len() >= 40 && refetched.len() <= 5,
        "{} of the {} files fetched before the cancel fetched again ({files} files): {refetched:?}",
        refetched.len(),
        fetched.len()
    );
}

#[test]
fn the_configured_website_is_backed_up_with_the_schools_speed_and_limits() {
    let d = tempfile::tempdir().unwrap();
    let usb = registered_usb(d.path());
    let site = SchoolSite::start(Shape {
        traps: false,
        doc_bytes: 1_500_000,
        ..Shape::default()
    });
    let (_, err) = fails(saoluu(d.path()).args(["config", "--trang-web-nhanh", "hơi"]));
    assert!(err.contains("không phải “có” hoặc “không”"), "{err}");
    let cfg = json(&ok(saoluu(d.path()).args([
        "config",
        "--website",
        &site.url,
        "--trang-web-nhanh",
        "có",
        "--toi-da-tep-mb",
        "1",
        "--json",
    ])));
    assert_eq!(cfg["website_settings"]["fast"], true);
    assert_eq!(cfg["website_settings"]["max_file_mb"], 1);
    assert_eq!(cfg["website_settings"]["max_urls"], 20000, "defaults kept");
    let out = json(&ok(saoluu(d.path())
        .args(["--json", "backup", "--to"])
        .arg(&usb)
        .env("SAOLUU_WEB_TIMEOUT_MS", "1500")));
    let web = &out["sources"][0]["website"];
    // Every document is over the 1 MB limit: listed as failures, the rest saved, quickly.
    assert_eq!(web["documents"], 6, "only the small attachments: {web}");
    assert_eq!(web["failures"], 12, "{web}");
    assert!(out["sources"][0]["problems"]
        .to_string()
        .contains("lớn hơn giới hạn 1,0 MB"));
    assert!(
        web["seconds"].as_f64().unwrap() < 20.0,
        "fast mode from the settings: {web}"
    );

    // Tighter limits: at most 25 addresses (last week's pages count too), links followed one
    // level from the home page.
    ok(saoluu(d.path()).args(["config", "--toi-da-dia-chi", "25", "--toi-da-tang", "1"]));
    let out = json(&ok(saoluu(d.path())
        .args(["--json", "backup", "--to"])
        .arg(&usb)
        .env("SAOLUU_WEB_TIMEOUT_MS", "1500")));
    let web = &out["sources"][0]["website"];
    assert!(web["files"].as_u64().unwrap() <= 25, "{web}");
    let run = from_shown(out["run_dir"].as_str().unwrap());
    let report = json(&unzip_entry(
        &run.join("trang-web.zip"),
        "bao-cao-thu-thap.json",
    ));
    assert!(
        report["failures"]
            .to_string()
            .contains("vượt giới hạn 25 địa chỉ"),
        "{report}"
    );
    assert!(
        report["skipped"].to_string().contains("quá sâu"),
        "{report}"
    );
}

/// A NukeViet-shaped site that hands every visitor a session token in every link, under a
/// parameter name no list knows (`nvtk`), new on every response; and every article reachable in
/// two URL forms: its rewritten address, and NukeViet's own `index.php?…&nv=news&op=…-N`.
fn tokened_site(articles: u32) -> saoluu_demo::http::Server {
    use saoluu_demo::http::{Request, Response, Server};
    use std::sync::atomic::{AtomicU64, Ordering};
    let served = std::sync::Arc::new(AtomicU64::new(0));
    Server::start(std::sync::Arc::new(move |r: &Request| {
        // A new 32-character token per response, letters and digits mixed as PHP's are.
        let n = served.fetch_add(1, Ordering::Relaxed);
        let token: String = format!("{:016x}{:016x}", n.wrapping_mul(0x9e37_79b9_7f4a_7c15), !n)
            .chars()
            .enumerate()
            .map(|(i, c)| if i % 3 == 0 && c.is_ascii_digit() { (b'a' + c as u8 - b'0') as char } else { c })
            .collect();
        let t = |href: &str| {
            let sep = if href.contains('?') { "&amp;" } else { "?" };
            format!("{href}{sep}nvtk={token}")
        };
        let pretty = |id: u32| format!("/news/thong-bao/bai-so-{id}-{id}.html");
        // NukeViet without rewriting: the same article by the module's `op`.
        let by_id = |id: u32| format!("/index.php?language=vi&amp;nv=news&amp;op=thong-bao/bai-so-{id}-{id}");
        // Every page carries the site's blocks, as NukeViet's theme does (about 12 KB of text): what
        // makes a real school page tens of kilobytes however short its article.
        let blocks: String = (1..=30)
            .map(|i| format!("<p class=\"block\">Khối thông tin {i}: Trường Tiểu học Hoa Sen thực hiện kế hoạch \
                năm học với các hoạt động dạy và học, ngoại khóa, thể thao và văn nghệ cho học sinh.</p>"))
            .collect();
        let page = |title: &str, main: &str| {
            Response::new(200, "text/html; charset=utf-8", format!(
                "<html><head><title>{title}</title></head><body><div class=\"header\"><a href=\"{}\">Trang chủ</a></div>\
                 <main>{main}</main><aside>{blocks}</aside><div class=\"footer\">Trường Tiểu học Hoa Sen</div></body></html>",
                t("/")
            ))
        };
        let article = |id: u32| {
            let next = id % articles + 1;
            // The next article in the other form, as NukeViet's "other news" block links them.
            let other = if id.is_multiple_of(2) { pretty(next) } else { by_id(next) };
            page(&format!("Bài số {id}"), &format!(
                "<h1>Bài số {id}: hoạt động của trường</h1><div class=\"bodytext\"><p>Sáng ngày {}/9/2026, thầy và trò \
                 Trường Tiểu học Hoa Sen tổ chức hoạt động số {id}, các em học sinh tham gia sôi nổi.</p></div>\
                 <p><a href=\"{}\">Tin khác</a></p>", id % 28 + 1, t(&other)))
        };
        let (path, query) = r.path.split_once('?').unwrap_or((&r.path, ""));
        let arg = |k: &str| query.split('&').find_map(|kv| kv.strip_prefix(&format!("{k}=")).map(str::to_string));
        match path {
            "/" => {
                let list: String = (1..=articles)
                    .map(|id| {
                        let href = if id.is_multiple_of(3) { by_id(id) } else { pretty(id) };
                        format!("<li><a href=\"{}\">Bài số {id}</a></li>", t(&href))
                    })
                    .collect();
                page("Trang chủ", &format!("<ul>{list}</ul>"))
            }
            "/index.php" if arg("nv").as_deref() == Some("news") => {
                let op = arg("op").unwrap_or_default().replace("%2F", "/");
                match op.rsplit('-').next().and_then(|v| v.parse::<u32>().ok()) {
                    Some(id) if (1..=articles).contains(&id) => article(id),
                    _ => Response::new(404, "text/html", ""),
                }
            }
            _ => {
                let id = path
                    .strip_prefix("/news/thong-bao/bai-so-")
                    .and_then(|x| x.strip_suffix(".html"))
                    .and_then(|x| x.rsplit('-').next())
                    .and_then(|x| x.parse::<u32>().ok());
                match id {
                    Some(id) if (1..=articles).contains(&id) => article(id),
                    _ => Response::new(404, "text/html", ""),
                }
            }
        }
    }))
    .unwrap()
}

#[test]
fn a_session_token_with_an_unknown_name_and_a_second_url_form_store_each_article_once() {
    let d = tempfile::tempdir().unwrap();
    let usb = registered_usb(d.path());
    // As many articles as the NukeViet-shaped site where 2,000 token pages and 333 doubled
    // articles were found.
    const ARTICLES: u32 = 400;
    let site = tokened_site(ARTICLES);
    let (run, out) = backup_site(d.path(), &usb, &site.url(), &[]);
    let web = &out["sources"][0]["website"];
    let x = d.path().join("x");
    unzip(&run.join("trang-web.zip"), &x);
    assert_eq!(
        web["articles"],
        ARTICLES,
        "{web}\n{:?}",
        walk(&x.join("ban-sao-offline"))
    );
    // The site saw the token on at most the handful of pages asked before the crawl learned it.
    assert!(
        web["requests"].as_u64().unwrap() <= ARTICLES as u64 + 15,
        "{web}"
    );
    let saved: Vec<String> = crawl_report(&x)["summary"]["saved"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|v| v.as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default();
    let offline: Vec<PathBuf> = walk(&x.join("ban-sao-offline"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    // No page kept for a session-token address.
    let tokened: Vec<&PathBuf> = offline
        .iter()
        .filter(|p| p.to_string_lossy().contains("nvtk"))
        .collect();
    assert!(tokened.is_empty(), "{tokened:?} {saved:?}");
    // One article, one stored page: the home page and at most a handful stored twice.
    assert!(
        offline.len() <= ARTICLES as usize + 1 + 10,
        "{} pages for {ARTICLES} articles: {offline:?}",
        offline.len()
    );
    assert_eq!(
        fs::read_to_string(x.join("bai-viet/bai-viet.csv"))
            .unwrap()
            .lines()
            .count(),
        ARTICLES as usize + 1
    );
    // Every offline link still works.
    assert_offline_links_resolve(&x.join("ban-sao-offline"));
    // The zip is no larger than the site's real content: its home page and each article once,
    // as the server sends them.
    let real: usize = std::iter::once("/".to_string())
        .chain((1..=ARTICLES).map(|id| format!("/news/thong-bao/bai-so-{id}-{id}.html")))
        .map(|path| {
            let (status, body) = http_get(&format!("{}{path}", site.url().trim_end_matches('/')));
            assert_eq!(status, 200, "{path}");
            body.len()
        })
        .sum();
    let zip = fs::metadata(run.join("trang-web.zip")).unwrap().len() as usize;
    assert!(zip <= real, "zip {zip} bytes for {real} bytes of content");
}

/// A school site with NukeViet 4.5's own markup, reconstructed from its published theme
/// templates (news `detail.tpl`, the `company_info` footer block, the hidden cron image, the
/// theme switch) and its news module's URL forms: articles at `/news/CAT/ALIAS-ID.html`, five
/// attachments offered the NukeViet way (`?download=1&id=N` on the article's address, with a
/// `download` attribute, answered with the file and `Content-Disposition: attachment`), the
/// "save this article" (`/news/savefile/…`) and print links on every article, one news category
/// whose address says "văn bản" (`van-ban-chi-dao`) but holds articles, a banner whose click
/// link carries a token new on every view, a captcha image stamped with the time, and a random
/// photo block that shows another item on every view.
fn nukeviet45_site() -> (
    saoluu_demo::http::Server,
    std::sync::Arc<std::sync::Mutex<Vec<String>>>,
) {
    use saoluu_demo::http::{Request, Response, Server};
    use std::sync::atomic::{AtomicU64, Ordering};
    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let log = asked.clone();
    let views = std::sync::Arc::new(AtomicU64::new(1_733_561_234));
    // (id, category, alias, title)
    const ARTICLES: [(u32, &str, &str, &str); 5] = [
        (
            11,
            "thong-bao",
            "khai-giang-nam-hoc-moi",
            "Khai giảng năm học mới",
        ),
        (
            12,
            "thong-bao",
            "hop-phu-huynh-dau-nam",
            "Họp phụ huynh đầu năm",
        ),
        (
            13,
            "van-ban-chi-dao",
            "ke-hoach-day-hoc-ky-1",
            "Kế hoạch dạy học kỳ 1",
        ),
        (
            14,
            "van-ban-chi-dao",
            "lich-cong-tac-thang-9",
            "Lịch công tác tháng 9",
        ),
        (15, "hoat-dong", "hoi-thi-ve-tranh", "Hội thi vẽ tranh"),
    ];
    let server = Server::start(std::sync::Arc::new(move |r: &Request| {
        log.lock().unwrap().push(r.path.clone());
        let view = views.fetch_add(1, Ordering::Relaxed);
        let token = format!("{:x}a{:x}b{:x}", view * 7919, view * 104_729, view);
        // A random photo block, a new item on every view, as NukeViet's album blocks show.
        let random = view.wrapping_mul(2_654_435_761) % 97;
        let page = |title: &str, module: &str| {
            Response::new(200, "text/html; charset=utf-8", format!(
                r#"<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title></head>
<body><div class="body-bg"><div class="wraper"><header><div class="logo"><a href="/"><img src="/uploads/logo.png" alt="Trường Tiểu học Hoa Sen"></a></div></header>
<nav class="second-nav"><ul><li><a href="/">Trang nhất</a></li><li><a href="/news/thong-bao/">Thông báo</a></li><li><a href="/news/van-ban-chi-dao/">Văn bản chỉ đạo</a></li></ul></nav>
<section><div class="row"><div class="col-md-18">{module}</div>
<div class="col-md-6"><div class="panel panel-default"><div class="panel-heading">Quảng cáo</div><div class="panel-body">
<a href="/banners/click/?id=1&amp;s={token}" target="_blank"><img src="/uploads/banners/so-gd.png" alt="Sở Giáo dục"></a></div></div>
<div class="panel panel-default"><div class="panel-heading">Ảnh ngẫu nhiên</div><div class="panel-body">
<a href="/uploads/albums/anh-{random}.jpg"><img src="/uploads/albums/anh-{random}.jpg" alt="Ảnh hoạt động {random}"></a><p>Hoạt động số {random}</p></div></div>
<div class="panel panel-default"><div class="panel-heading">Góp ý</div><div class="panel-body">
<img class="captchaImg" src="/index.php?scaptcha=captcha&amp;t={view}" alt="Mã xác nhận"></div></div>
<div class="panel panel-default"><div class="panel-body"><div class="form-group"><label>Giao diện:</label>
<a href="/?nvvithemever=m&amp;nv_redirect={token}" rel="nofollow">Giao diện di động</a></div></div></div></div></div></section>
<footer id="footer" class="wraper"><div class="container"><div class="row"><div class="col-sm-12 col-md-8">
<div class="panel-body"><h3>TRƯỜNG TIỂU HỌC HOA SEN</h3>
<ul class="company_info" itemscope itemtype="http://schema.org/LocalBusiness">
<li class="company_name"><span itemprop="name">Trường Tiểu học Hoa Sen</span> (<span itemprop="alternateName">THHS</span>)</li>
<li><em class="fa fa-file-text"></em><span>Cơ quan chủ quản: Phòng Giáo dục và Đào tạo quận Hoa Sen</span></li>
<li><em class="fa fa-flag"></em><span>Chịu trách nhiệm nội dung: <span itemprop="founder" itemscope itemtype="http://schema.org/Person"><span itemprop="name">Hiệu trưởng Nguyễn Thị Mẫu</span></span></span></li>
<li><a><em class="fa fa-map-marker"></em><span>Địa chỉ: <span itemprop="address" itemscope itemtype="http://schema.org/PostalAddress"><span itemprop="addressLocality" class="company-address">12 đường Hoa Sen, phường Trình Diễn</span></span></span></a></li>
<li><em class="fa fa-phone"></em><span>Điện thoại: <a href="tel:02838123456"><span itemprop="telephone">028 3812 3456</span></a></span></li>
<li><em class="fa fa-envelope"></em><span>Email: <a href="mailto:c1hoasen@hcm.edu.vn"><span itemprop="email">c1hoasen@hcm.edu.vn</span></a></span></li>
</ul></div></div></div></div></footer></div></div>
<div id="run_cronjobs" style="visibility:hidden;display:none;"><img alt="cron" src="/index.php?second=cronjobs&amp;p={token}" width="1" height="1" /></div>
</body></html>"#))
        };
        let url_of = |(id, cat, alias, _): (u32, &str, &str, &str)| format!("/news/{cat}/{alias}-{id}.html");
        let (path, query) = r.path.split_once('?').unwrap_or((&r.path, ""));
        let arg = |k: &str| query.split('&').find_map(|kv| kv.strip_prefix(&format!("{k}=")).map(str::to_string));
        if path == "/" || path.ends_with('/') && path.starts_with("/news/") {
            let list: String = ARTICLES
                .iter()
                .filter(|a| path == "/" || path.contains(a.1))
                .map(|a| format!("<div class=\"news_column\"><h3><a href=\"{}\">{}</a></h3></div>", url_of(*a), a.3))
                .collect();
            return page("Trường Tiểu học Hoa Sen", &list);
        }
        if path.starts_with("/uploads/") {
            return Response::new(200, "image/png", format!("PNG{path}").into_bytes());
        }
        let Some(a) = ARTICLES.iter().find(|a| url_of(**a) == path) else {
            return Response::new(404, "text/html", "");
        };
        if arg("download").as_deref() == Some("1") {
            let n: usize = arg("id").and_then(|v| v.parse().ok()).unwrap_or(99);
            if n >= 5 || a.0 != 11 {
                return Response::new(404, "text/html", "");
            }
            return Response::new(200, "application/pdf", format!("%PDF-1.4 tệp đính kèm {n}").into_bytes())
                .header("Content-Disposition", &format!("attachment; filename=\"ke-hoach-so-{n}.pdf\""));
        }
        let files: String = if a.0 == 11 {
            (0..5)
                .map(|n| format!(
                    "<div class=\"list-group-item\"><a href=\"{}?download=1&amp;id={n}\" title=\"Tải về {} Kế hoạch số {n}\" download>Tải về {}: <strong>Kế hoạch số {n}</strong></a></div>",
                    path, n + 1, n + 1
                ))
                .collect()
        } else {
            String::new()
        };
        let savefile = format!("/news/savefile/{}/{}-{}.html", a.1, a.2, a.0);
        let print = format!("/news/print/{}/{}-{}.html", a.1, a.2, a.0);
        page(a.3, &format!(
            r#"<div class="news_column panel panel-default" itemtype="http://schema.org/NewsArticle" itemscope><div class="panel-body">
<h1 class="title margin-bottom-lg" itemprop="headline">{title}</h1>
<span class="hidden hide d-none" itemprop="datePublished">2026-09-0{d}T07:30:00+07:00</span>
<div class="row margin-bottom-lg"><div class="col-md-12"><span class="h5">0{d}/09/2026 07:30</span></div>
<div class="col-md-12"><ul class="list-inline text-right">
<li><a class="dimgray" rel="nofollow" title="In ra" href="javascript: void(0)" onclick="nv_open_browse('{print}','{title}',840,500,'resizable=yes');return false"><em class="fa fa-print fa-lg">&nbsp;</em></a></li>
<li><a class="dimgray" rel="nofollow" title="Lưu bài viết này" href="{savefile}"><em class="fa fa-save fa-lg">&nbsp;</em></a></li></ul></div></div>
<div class="hometext m-bottom" itemprop="description">Tóm tắt: {title}.</div>
<div id="news-bodyhtml" class="bodytext margin-bottom-lg"><p>Sáng ngày 0{d}/9/2026, Trường Tiểu học Hoa Sen thông báo: {title}.</p></div>
<div class="panel panel-default"><div class="panel-heading"><i class="fa fa-download"></i> <strong>Tệp đính kèm</strong></div>
<div class="list-group news-download-file">{files}</div></div>
</div></div>"#,
            title = a.3,
            d = a.0 - 10,
        ))
    }))
    .unwrap();
    (server, asked)
}

#[test]
fn a_nukeviet_45_site_saves_its_attachments_reads_what_pages_are_and_never_acts() {
    let d = tempfile::tempdir().unwrap();
    let usb = registered_usb(d.path());
    let (site, asked) = nukeviet45_site();
    let (run, out) = backup_site(d.path(), &usb, &site.url(), &[]);
    let web = &out["sources"][0]["website"];
    let x = d.path().join("x");
    unzip(&run.join("trang-web.zip"), &x);
    // Five attachments offered with `?download=1&id=N`: all five saved, as wget saves them.
    let saved_files: Vec<String> = walk(&x.join("van-ban"))
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| n.starts_with("ke-hoach-so-"))
        .collect();
    assert_eq!(saved_files.len(), 5, "{saved_files:?} {web}");
    // Every article, the "văn bản chỉ đạo" category's too, once each: no savefile copies.
    let csv = fs::read_to_string(x.join("bai-viet/bai-viet.csv")).unwrap();
    for title in [
        "Khai giảng năm học mới",
        "Kế hoạch dạy học kỳ 1",
        "Lịch công tác tháng 9",
        "Hội thi vẽ tranh",
    ] {
        let rows = csv
            .lines()
            .filter(|l| l.starts_with(&format!("{title},")))
            .count();
        assert_eq!(rows, 1, "{title} in\n{csv}");
    }
    assert_eq!(web["articles"], 5, "{web}");
    // Its date from NukeViet's microdata.
    assert!(
        csv.lines()
            .any(|l| l.starts_with("Khai giảng năm học mới,2026-09-01,")),
        "{csv}"
    );
    // Nothing that makes the site act, and no copies of articles, was asked for.
    let requests = asked.lock().unwrap().clone();
    for never in [
        "second=cronjobs",
        "nvvithemever",
        "captcha",
        "/banners/click",
        "/savefile/",
        "/print/",
    ] {
        let hits: Vec<&String> = requests.iter().filter(|p| p.contains(never)).collect();
        assert!(hits.is_empty(), "{never}: {hits:?}");
    }
    // The footer check's evidence is the value beside each label.
    let check = json(&fs::read_to_string(x.join("kiem-tra-trang-web.json")).unwrap());
    let text = |i: usize| {
        check["items"][i]["text"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        text(1).contains("Phòng Giáo dục và Đào tạo quận Hoa Sen"),
        "{check}"
    );
    assert!(text(2).contains("12 đường Hoa Sen"), "{check}");
    assert!(text(5).contains("Nguyễn Thị Mẫu"), "{check}");

    // A week later nothing changed on the site, though the banner's token, the captcha's time,
    // the cron image's code and the random photo are new on every view.
    asked.lock().unwrap().clear();
    let (_, again) = backup_site(d.path(), &usb, &site.url(), &[]);
    assert_eq!(
        website_changes(&again),
        (0.into(), 0.into(), 0.into()),
        "{again}"
    );

    // The same with a polite crawl, one request per gap as on a hosting company's server: a
    // changed list page is viewed again after the gap, and the random photo still reads as no
    // change.
    let polite = |data: &Path, usb: &Path| {
        let mut c = saoluu(data);
        c.args(["--json", "backup", "website", &site.url(), "--to"])
            .arg(usb)
            .env("SAOLUU_WEB_GAP_MS", "30")
            .env("SAOLUU_WEB_TIMEOUT_MS", "1500");
        json(&ok(&mut c))
    };
    let d2 = tempfile::tempdir().unwrap();
    let usb2 = registered_usb(d2.path());
    polite(d2.path(), &usb2);
    let again = polite(d2.path(), &usb2);
    assert_eq!(
        website_changes(&again),
        (0.into(), 0.into(), 0.into()),
        "{again}"
    );
}

/// A restored NukeViet backup carries the site's news in NukeViet's own shape: the uploads tree
/// as the site kept it, the categories, and each article's form fields with a body that points at
/// `/uploads/…`. The table is read by Python's csv module, as a spreadsheet program would.
#[test]
fn a_nukeviet_site_comes_back_in_nukeviets_own_shape() {
    let d = tempfile::tempdir().unwrap();
    let usb = registered_usb(d.path());
    let site = SchoolSite::start(Shape {
        articles: 12,
        documents: 2,
        traps: false,
        ..Shape::default()
    });
    let (run, _) = backup_site(d.path(), &usb, &site.url, &[]);
    let restored = d.path().join("khoi-phuc");
    ok(saoluu(d.path())
        .arg("restore")
        .arg(&run)
        .arg("--to")
        .arg(&restored));
    let nv = restored.join("trang-web/dung-lai-nukeviet");
    let guide = fs::read_to_string(nv.join("HUONG-DAN.txt")).unwrap();
    assert!(
        guide.contains("Thêm bài viết") && guide.contains("uploads/"),
        "{guide}"
    );

    let read = |name: &str| -> Vec<HashMap<String, String>> {
        let out = ok(Command::new("python3").arg("-c").arg(
            "import csv, json, sys\n\
             with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n    print(json.dumps(list(csv.DictReader(f))))",
        ).arg(nv.join(name)));
        serde_json::from_str(&out).unwrap()
    };
    let rows = read("bai-viet.csv");
    assert_eq!(rows.len(), 12, "{rows:?}");
    let cats: BTreeSet<String> = read("chuyen-muc.csv")
        .iter()
        .map(|r| r["Liên kết tĩnh"].clone())
        .collect();
    assert_eq!(cats, BTreeSet::from(["thong-bao".into(), "tin-tuc".into()]));
    let number = regex::Regex::new(r"-(\d+)\.html$").unwrap();
    for row in &rows {
        let id: u32 = number.captures(&row["Địa chỉ cũ"]).unwrap()[1]
            .parse()
            .unwrap();
        assert_eq!(row["Liên kết tĩnh"], school::slug(id), "{row:?}");
        assert_eq!(
            row["Thời gian đăng"],
            format!("{:02}/{:02}/2025 08:30", id % 28 + 1, id % 12 + 1),
            "{row:?}"
        );
        assert_eq!(row["Hình minh họa"], format!("anh-{id}.jpg"), "{row:?}");
        let body = fs::read_to_string(nv.join(&row["Nội dung chi tiết (tệp)"])).unwrap();
        assert!(
            body.contains(&format!("src=\"/uploads/news/anh-{id}.jpg\"")),
            "{body}"
        );
        assert!(!body.contains("127.0.0.1"), "{body}");
        // The picture is where NukeViet keeps it, with the bytes the site served.
        let path = format!("/uploads/news/anh-{id}.jpg");
        let (status, served) = http_get(&format!("{}{path}", site.url.trim_end_matches('/')));
        assert_eq!(status, 200);
        assert_eq!(fs::read(nv.join(&path[1..])).unwrap(), served, "{path}");
    }
    assert!(nv.join("uploads/news/ke-hoach-10.docx").is_file());
    // A picture the bodies name only in their srcset comes back too.
    assert!(nv.join("uploads/news/anh-1-2x.jpg").is_file());
}
