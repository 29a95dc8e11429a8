//! Website backup speed and memory, side by side with `wget --mirror --convert-links
//! --page-requisites` on the same local NukeViet-shaped site, in one run: our first crawl, our
//! re-crawl of the unchanged site three weeks later, and wget's mirror.
//!
//! `cargo run --release -p saoluu-tests --bin saoluu-web-bench -- [ARTICLES] [DOCUMENTS] [WORK_DIR]`
//! (defaults: 2000 articles, 500 documents of 200 KB, under `target/web-bench`). Linux only.
//! `SAOLUU_WEB_BENCH_DELAYS=0,20` chooses the servers' page build times in ms (default both).
//! `SAOLUU_WEB_BENCH_POLITE_MS=5` is the gap of the polite-mode run (0 leaves it out);
//! `SAOLUU_WEB_BENCH_LATER_DAYS=21` how much later the re-crawl runs.
//! `SAOLUU_WEB_BENCH_ROUNDS=3` how many times each scenario runs on a fresh site: the table shows
//! the median time and the highest memory, so that one run disturbed by the machine does not
//! decide a ratio.

use saoluu_tests::measure::{du, measure, measure_status, Measured};
use saoluu_tests::school::{self, SchoolSite, Shape};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

fn files_under(p: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(p).into_iter().flatten().flatten() {
        let path = e.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// How many of the site's articles and documents a copy holds, by file name.
fn completeness(files: &[PathBuf], shape: &Shape) -> (usize, usize) {
    let names: std::collections::HashSet<String> = files
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    let articles = (1..=shape.articles)
        .filter(|id| names.contains(&format!("{}-{id}.html", school::slug(*id))))
        .count();
    let documents = (1..=shape.documents)
        .filter(|id| {
            names.contains(&school::document_name(*id))
                || names.contains(&format!("index.php?nv=laws&op=download&id={id}"))
        })
        .count();
    (articles, documents)
}

/// A tool's run: its name, wall time and memory, the crawl's own time (ours), requests, and
/// (articles, documents) in its copy.
type Row = (String, Measured, Option<f64>, usize, (usize, usize));

/// One side-by-side run on a fresh site: our first crawl, our re-crawl three weeks later, wget.
/// With `polite_gap_ms`, ours runs in the default polite mode (one request at a time) with that
/// gap instead of 2.1 s, and wget is left out.
fn scenario(saoluu: &Path, shape: &Shape, work: &Path, polite_gap_ms: Option<u64>) -> Vec<Row> {
    let _ = fs::remove_dir_all(work);
    fs::create_dir_all(work).unwrap();
    let site = SchoolSite::start(shape.clone());
    let data = work.join("app-data");
    let usb = work.join("o-sao-luu");
    fs::create_dir_all(&usb).unwrap();
    saoluu_tests::init_drive(saoluu, &data, &usb);
    // The crawl's own time, from the log: the backup's wall time also writes, syncs and
    // re-reads the whole weekly snapshot.
    let crawl_seconds = || {
        let out = Command::new(saoluu)
            .arg("--data-dir")
            .arg(&data)
            .args(["log", "--json"])
            .output()
            .unwrap();
        let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        log.as_array()
            .and_then(|runs| runs.first())
            .and_then(|e| e["details"]["crawl_seconds"].as_f64())
            .unwrap_or(f64::NAN)
    };
    let ours = |extra: &[(&str, String)]| {
        let mut c = Command::new(saoluu);
        c.arg("--data-dir")
            .arg(&data)
            .args(["backup", "website", &site.url, "--to"])
            .arg(&usb);
        match polite_gap_ms {
            Some(ms) => c.env("SAOLUU_WEB_GAP_MS", ms.to_string()),
            None => c.arg("--nhanh"),
        };
        // Each tool starts with no dirty pages of the one before it to write back.
        let _ = Command::new("sync").status();
        for (k, v) in extra {
            c.env(k, v);
        }
        measure(&mut c)
    };
    let mut rows = Vec::new();
    let first = ours(&[]);
    let crawl_first = crawl_seconds();
    let requests_first = site.take_log().len();
    let run = saoluu_tests::only_run(&usb);
    let x = work.join("giai-nen");
    let st = Command::new("unzip")
        .arg("-q")
        .arg(run.join("trang-web.zip"))
        .arg("-d")
        .arg(&x)
        .status()
        .unwrap();
    assert!(st.success());
    // Pages in the offline copy, documents in van-ban/ beside it.
    let done = completeness(&files_under(&x), shape);
    rows.push((
        format!("saoluu, lần đầu (zip {:.0} MB: bản offline, bài viết, văn bản, WARC; fsync; kiểm tra lại)", du(&run) as f64 / 1e6),
        first,
        Some(crawl_first),
        requests_first,
        done,
    ));
    // Which week of the rotations the re-crawl falls in changes its count a little.
    let days: i64 = std::env::var("SAOLUU_WEB_BENCH_LATER_DAYS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(21);
    let later = (chrono_now() + days * 86_400).to_string();
    let again = ours(&[("SAOLUU_NOW", later)]);
    let crawl_again = crawl_seconds();
    let log_again = site.take_log();
    let requests_again = log_again.len();
    eprintln!("Yêu cầu của lần chạy lại: {}", breakdown(&log_again));
    rows.push((
        format!("saoluu, chạy lại {days} ngày sau, trang không đổi (bản sao vẫn đầy đủ)"),
        again,
        Some(crawl_again),
        requests_again,
        done,
    ));
    if polite_gap_ms.is_some() {
        return rows;
    }
    let mirror = work.join("wget");
    let _ = Command::new("sync").status();
    let (m, code) = measure_status(
        Command::new("wget")
            .args([
                "--mirror",
                "--convert-links",
                "--page-requisites",
                "-q",
                "-P",
            ])
            .arg(&mirror)
            .arg(&site.url),
    );
    let requests_wget = site.take_log().len();
    rows.push((
        format!("wget --mirror --convert-links --page-requisites (mã thoát {code})"),
        m,
        None,
        requests_wget,
        completeness(&files_under(&mirror), shape),
    ));
    rows
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut shape = Shape {
        articles: args.first().and_then(|a| a.parse().ok()).unwrap_or(2000),
        documents: args.get(1).and_then(|a| a.parse().ok()).unwrap_or(500),
        doc_bytes: 200 * 1024,
        traps: false,
        footer: true,
        page_delay: std::time::Duration::ZERO,
    };
    let work = args
        .get(2)
        .map(PathBuf::from)
        .unwrap_or_else(|| saoluu_tests::target_dir().join("web-bench"));
    let saoluu = saoluu_tests::release_saoluu();

    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "\nTrang thử: {} bài viết (mỗi bài có ở 2 chuyên mục), {} văn bản {} KB, chạy trên 127.0.0.1; {} nhân CPU.",
        shape.articles,
        shape.documents,
        shape.doc_bytes / 1024,
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
    )
    .unwrap();
    // `SAOLUU_WEB_BENCH_DELAYS=0` measures one server only (for profiling).
    let delays: Vec<u64> = std::env::var("SAOLUU_WEB_BENCH_DELAYS")
        .ok()
        .map(|v| v.split(',').filter_map(|d| d.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![0, 20]);
    let rounds: usize = std::env::var("SAOLUU_WEB_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    writeln!(
        out,
        "Mỗi bảng: trung vị của {rounds} lần chạy trên trang mới (thời gian, số yêu cầu), bộ nhớ đỉnh cao nhất, độ đầy đủ thấp nhất."
    )
    .unwrap();
    let repeat = |f: &dyn Fn() -> Vec<Row>| median_rows((0..rounds).map(|_| f()).collect());
    for delay_ms in delays {
        shape.page_delay = std::time::Duration::from_millis(delay_ms);
        let rows = repeat(&|| {
            scenario(
                &saoluu,
                &shape,
                &work.join(format!("tre-{delay_ms}ms")),
                None,
            )
        });
        writeln!(out, "\nMáy chủ dựng mỗi trang HTML trong {delay_ms} ms:\n").unwrap();
        table(&mut out, &rows, &shape);
    }
    // The default polite mode, time-compressed: one request at a time, a gap of a few ms instead
    // of 2.1 s, on the instant server. Its time follows the number of requests, as on a school's
    // flood-guarded site.
    let gap: u64 = std::env::var("SAOLUU_WEB_BENCH_POLITE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    if gap > 0 {
        shape.page_delay = std::time::Duration::ZERO;
        let rows = repeat(&|| scenario(&saoluu, &shape, &work.join("lich-su"), Some(gap)));
        writeln!(
            out,
            "\nChế độ lịch sự (mặc định), khoảng cách giữa hai yêu cầu {gap} ms thay cho 2,1 s:\n"
        )
        .unwrap();
        table(&mut out, &rows, &shape);
    }
}

/// Row by row across rounds: the median time, crawl time and request count, the highest peak
/// memory and the lowest completeness.
fn median_rows(rounds: Vec<Vec<Row>>) -> Vec<Row> {
    fn median<T: Copy + PartialOrd>(mut v: Vec<T>) -> T {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        v[v.len() / 2]
    }
    (0..rounds[0].len())
        .map(|i| {
            let all: Vec<&Row> = rounds.iter().map(|r| &r[i]).collect();
            let name = all[0].0.clone();
            let wall = median(all.iter().map(|r| r.1.wall).collect());
            let peak = all.iter().map(|r| r.1.peak_rss_kib).max().unwrap_or(0);
            let crawl = all[0]
                .2
                .map(|_| median(all.iter().filter_map(|r| r.2).collect()));
            let requests = median(all.iter().map(|r| r.3).collect());
            let articles = all.iter().map(|r| r.4 .0).min().unwrap_or(0);
            let documents = all.iter().map(|r| r.4 .1).min().unwrap_or(0);
            (
                name,
                Measured {
                    wall,
                    peak_rss_kib: peak,
                },
                crawl,
                requests,
                (articles, documents),
            )
        })
        .collect()
}

fn table(out: &mut impl Write, rows: &[Row], shape: &Shape) {
    writeln!(
        out,
        "| Công cụ | Thời gian | trong đó thu thập | Bộ nhớ đỉnh | Số yêu cầu | Bài viết | Văn bản |"
    )
    .unwrap();
    writeln!(out, "|---|---:|---:|---:|---:|---:|---:|").unwrap();
    for (name, m, crawl, requests, (a, d)) in rows {
        let crawl = crawl
            .map(|s| format!("{s:.2} s"))
            .unwrap_or_else(|| "—".into());
        writeln!(
            out,
            "| {name} | {:.1} s | {crawl} | {} MB | {requests} | {a}/{} | {d}/{} |",
            m.wall.as_secs_f64(),
            m.peak_rss_kib / 1024,
            shape.articles,
            shape.documents
        )
        .unwrap();
    }
    // The targets of the issue, as ratios of the rows above.
    let secs = |r: &Row| r.1.wall.as_secs_f64();
    if let (Some(first), Some(again)) = (rows.first(), rows.get(1)) {
        if let (Some(a), Some(b)) = (first.2, again.2) {
            writeln!(out, "\nThu thập lại nhanh hơn lần đầu: {:.1}×", a / b).unwrap();
        }
        if let Some(wget) = rows.get(2) {
            writeln!(
                out,
                "So với wget: thu thập nhanh hơn {:.1}×, cả lần sao lưu nhanh hơn {:.1}×",
                secs(wget) / first.2.unwrap_or(f64::NAN),
                secs(wget) / secs(first)
            )
            .unwrap();
        }
    }
    out.flush().unwrap();
}

/// Where a re-crawl's requests went, by the kind of address on the generated NukeViet site.
fn breakdown(log: &[school::Hit]) -> String {
    let mut by: std::collections::BTreeMap<&str, usize> = Default::default();
    for (path, _, _) in log {
        let deep = path
            .split("page-")
            .nth(1)
            .and_then(|n| n.trim_end_matches('/').parse::<u32>().ok())
            .is_some_and(|n| n > 3);
        let kind = if path.starts_with("/laws/detail") {
            "trang văn bản (laws)"
        } else if path.starts_with("/uploads/laws/") || path.contains("op=download") {
            "tệp văn bản"
        } else if path.starts_with("/uploads/") {
            "ảnh và tệp đính kèm"
        } else if path.contains("page-") && deep {
            "trang danh sách sâu (từ trang 4)"
        } else if path.starts_with("/news/") && path.ends_with(".html") {
            "bài viết"
        } else {
            "trang chủ, RSS, sitemap, giao diện, danh sách đầu"
        };
        *by.entry(kind).or_default() += 1;
    }
    by.iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}
