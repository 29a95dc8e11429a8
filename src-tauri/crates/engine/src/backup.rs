//! One backup run, start to end: source → archive → drive → verify → journal.
//!
//! The order is the promise. A run is recorded "Thành công" only after its run folder was written,
//! synced, renamed and verified from the drive. Any failure is recorded with its Vietnamese reason.
//! A source that cannot be read (a dead website) fails alone: the other sources are still saved.

use crate::appdata::AppData;
use crate::archive::{RunWriter, SourceInfo, SourceProblem, ZipBuilder};
use crate::config::Config;
use crate::drive::{self, Target};
use crate::error::{Error, IoContext, Result};
use crate::journal::{self, Entry, Finish, Journal, NewRun, Outcome};
use crate::passphrase::Passphrase;
use crate::progress::{CancelToken, Phase, Progress, ProgressSink};
use crate::{folder, message, retention, verify, website};
use chrono::Local;
use serde::Serialize;
use std::fs::File;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// `encrypt`: store the folder's files AES-256 encrypted (personal data).
    Folder {
        path: PathBuf,
        encrypt: bool,
    },
    Website {
        url: String,
        fast: bool,
    },
    /// Files exported from eSchool, each given for its section. Always encrypted: personal data.
    Eschool {
        files: Vec<(crate::eschool::Section, PathBuf)>,
    },
}

impl Source {
    pub fn info(&self) -> SourceInfo {
        match self {
            Source::Folder { path, .. } => SourceInfo {
                kind: "folder".into(),
                name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "thu-muc".into()),
                origin: path.display().to_string(),
            },
            Source::Website { url, .. } => SourceInfo {
                kind: "website".into(),
                name: "Trang web".into(),
                origin: url.clone(),
            },
            Source::Eschool { files } => SourceInfo {
                kind: "eschool".into(),
                name: "eSchool".into(),
                origin: files
                    .iter()
                    .map(|(_, p)| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            },
        }
    }

    pub fn encrypted(&self) -> bool {
        matches!(
            self,
            Source::Folder { encrypt: true, .. } | Source::Eschool { .. }
        )
    }

    fn zip_base(&self) -> String {
        match self {
            Source::Folder { .. } => self.info().name,
            Source::Website { .. } => "trang-web".into(),
            Source::Eschool { .. } => "eschool".into(),
        }
    }
}

/// The sources the school configured: its website first, then its folders.
pub fn configured_sources(config: &Config) -> Vec<Source> {
    let mut s: Vec<Source> = config
        .folders
        .iter()
        .map(|p| Source::Folder {
            path: p.clone(),
            encrypt: false,
        })
        .collect();
    if !config.website.is_empty() {
        s.insert(
            0,
            Source::Website {
                url: config.website.clone(),
                fast: config.website_settings.fast,
            },
        );
    }
    s
}

#[derive(Debug, Clone)]
pub struct Request {
    pub sources: Vec<Source>,
    pub target: PathBuf,
    pub school: String,
    /// Used for the sources that are encrypted; required when any is.
    pub passphrase: Option<Passphrase>,
    /// Old runs on the drive are pruned by this policy once the new run is verified.
    pub retention: retention::Policy,
    /// Largest zip to write; `None` takes the drive's file system limit (FAT32: 4 GiB).
    pub part_limit: Option<u64>,
    /// Overrides of the crawl's pace and timeout (tests compress time with them).
    pub web: WebTuning,
    /// The school's crawl limits.
    pub website: crate::website::Settings,
    /// Save eSchool data even when a section dropped by more than 20 % (the user confirmed).
    pub accept_drop: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct WebTuning {
    pub gap: Option<std::time::Duration>,
    pub timeout: Option<std::time::Duration>,
    /// "Now" for revalidation decisions, in Unix seconds.
    pub now: Option<i64>,
}

impl Request {
    /// How both front ends build a backup: the passphrase is looked for only when a source is
    /// encrypted, and a keychain that cannot be read is said as such rather than hidden behind
    /// "no passphrase"; the test knobs of [`crate::knobs`] apply.
    pub fn prepare(
        config: &Config,
        sources: Vec<Source>,
        target: PathBuf,
        passphrase_file: Option<&Path>,
    ) -> Result<Request> {
        let passphrase = if sources.iter().any(Source::encrypted) {
            Some(Passphrase::find(passphrase_file)?.ok_or(Error::NeedPassphrase)?)
        } else {
            None
        };
        let mut req = Request::new(config, sources, target, passphrase);
        req.part_limit = crate::knobs::part_limit();
        req.web = WebTuning {
            gap: crate::knobs::web_gap(),
            timeout: crate::knobs::web_timeout(),
            now: crate::knobs::now(),
        };
        Ok(req)
    }

    /// A run of `sources` with the school's name and retention policy from its settings.
    pub fn new(
        config: &Config,
        sources: Vec<Source>,
        target: PathBuf,
        passphrase: Option<Passphrase>,
    ) -> Request {
        Request {
            sources,
            target,
            school: config.school_name.clone(),
            passphrase,
            retention: config.retention,
            part_limit: None,
            web: WebTuning::default(),
            website: config.website_settings.clone(),
            accept_drop: false,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceResult {
    pub source: SourceInfo,
    pub zip: Option<String>,
    pub files: u64,
    pub bytes: u64,
    pub problems: Vec<SourceProblem>,
    /// Vietnamese reason when this source failed.
    pub error: Option<String>,
    pub entry: Entry,
    /// The crawl's numbers, for a website source.
    pub website: Option<website::Summary>,
    /// Per section: records, added, removed, changed — for an eSchool source.
    pub eschool: Option<crate::eschool::plan::Summary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    pub run_dir: Option<PathBuf>,
    pub sources: Vec<SourceResult>,
    pub verify: verify::Report,
    pub drive_log: Option<PathBuf>,
    /// Old runs removed by the retention policy after this run was verified.
    pub pruned: retention::Pruned,
}

impl RunReport {
    /// Every source written and verified.
    pub fn all_good(&self) -> bool {
        self.sources.iter().all(|s| s.error.is_none()) && self.verify.ok()
    }
}

/// Held for the whole run; the OS releases it if the process dies, which is what lets the next run
/// tell a dead run from a live one.
struct RunLock(#[allow(dead_code)] File);

fn lock(app: &AppData) -> Result<RunLock> {
    let path = app.lock_file();
    let f = File::create(&path).at(&path)?;
    match fs4::fs_std::FileExt::try_lock_exclusive(&f) {
        Ok(true) => Ok(RunLock(f)),
        Ok(false) => Err(Error::Busy),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Space kept free on the drive beyond the estimate: 5 % of the drive, at most 1 GiB.
fn margin(target: &Target) -> u64 {
    let total = fs4::total_space(&target.root).unwrap_or(0);
    (total / 20).min(1 << 30)
}

pub fn run(
    app: &AppData,
    req: &Request,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<RunReport> {
    if req.sources.is_empty() {
        return Err(Error::NoSources);
    }
    let _lock = lock(app)?;
    let journal = Journal::open(&app.journal_file())?;
    journal.mark_interrupted()?;
    progress.emit(&Progress::new(Phase::Preparing));

    let opened = drive::open_target(&req.target);
    let (label, id) = match &opened {
        Ok(t) => (t.marker.label.clone(), t.marker.drive_id.clone()),
        Err(_) => (req.target.display().to_string(), String::new()),
    };
    let ids: Vec<i64> = req
        .sources
        .iter()
        .map(|s| {
            let info = s.info();
            journal.start(&NewRun {
                started_at: Local::now(),
                source_kind: info.kind,
                source_name: info.name,
                target_label: label.clone(),
                target_id: id.clone(),
            })
        })
        .collect::<Result<_>>()?;

    let result = opened
        .and_then(|target| write_run(app, &target, req, progress, cancel).map(|w| (target, w)));
    match result {
        Ok((target, written)) => record(&journal, &target, ids, written, progress),
        Err(e) => {
            let f = Finish {
                error: Some(message::error(&e)),
                ..Finish::default()
            };
            let entries: Vec<Entry> = ids
                .iter()
                .map(|id| journal.finish(*id, Outcome::Failed, &f))
                .collect::<Result<_>>()?;
            // Best effort: the drive may be the thing that failed.
            if let Ok(t) = drive::open_target(&req.target) {
                let _ = journal::mirror_to_drive(&t.app_dir(), &entries);
            }
            Err(e)
        }
    }
}

/// What the writing phase produced, per source, before it is logged.
struct Written {
    run_dir: Option<PathBuf>,
    per_source: Vec<std::result::Result<Collected, Error>>,
    verify: verify::Report,
    pruned: retention::Pruned,
    /// Pruning failed: the new run is still good, the log says what went wrong.
    prune_error: Option<String>,
}

/// One source's zip and, for a website, what its crawl found.
struct Collected {
    zip: crate::archive::ZipSummary,
    website: Option<website::Summary>,
    eschool: Option<crate::eschool::plan::Summary>,
}

/// What collecting a source produced besides its files.
enum Extra {
    None,
    Website(Box<(website::Crawled, website::Summary)>),
    Eschool(crate::eschool::plan::Summary),
}

fn write_run(
    app: &AppData,
    target: &Target,
    req: &Request,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<Written> {
    let mut estimates = Vec::new();
    for s in &req.sources {
        estimates.push(match s {
            Source::Folder { path, .. } => folder::estimate(path).unwrap_or((0, 0)),
            Source::Website { .. } => (0, 0),
            Source::Eschool { files } => (
                files.len() as u64,
                files
                    .iter()
                    .map(|(_, p)| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
                    .sum(),
            ),
        });
    }
    if req.passphrase.is_none() && req.sources.iter().any(Source::encrypted) {
        return Err(Error::NeedPassphrase);
    }
    let needed: u64 = estimates.iter().map(|e| e.1).sum();
    let free = target.free_bytes()?;
    if needed + margin(target) > free {
        let prunable = retention::preview(&target.app_dir(), Local::now(), req.retention)
            .map(|p| p.freed_bytes)
            .unwrap_or(0);
        return Err(Error::NoSpace {
            target: target.root.clone(),
            needed,
            free,
            prunable,
        });
    }

    let mut run = RunWriter::begin(&target.app_dir(), Local::now())?;
    let fs_limit = || target.file_system().and_then(|f| drive::max_file_size(&f));
    if let Some(limit) = req.part_limit.or_else(fs_limit) {
        run.set_part_limit(limit);
    }
    let mut per_source = Vec::new();
    for (s, est) in req.sources.iter().zip(estimates) {
        cancel.check()?;
        let key = if s.encrypted() {
            req.passphrase.clone()
        } else {
            None
        };
        let mut zip = run.zip(&s.zip_base(), s.info(), key)?;
        let collected = match s {
            Source::Folder { path, .. } => {
                folder::collect(path, &mut zip, est, progress, cancel).map(|()| Extra::None)
            }
            Source::Website { url, fast } => {
                collect_website(app, url, *fast, req, &mut zip, progress, cancel)
                    .map(|w| Extra::Website(Box::new(w)))
            }
            Source::Eschool { files } => collect_eschool(target, files, req, &mut zip),
        };
        match collected {
            Ok(extra) => {
                let summary = zip.finish()?;
                run.add(summary.clone());
                let (mut website, mut eschool) = (None, None);
                match extra {
                    Extra::Website(w) => {
                        let (crawled, s) = *w;
                        // The snapshot is in a finished zip: the next run may compare with it.
                        crawled.remember()?;
                        website = Some(s);
                    }
                    Extra::Eschool(s) => eschool = Some(s),
                    Extra::None => {}
                }
                per_source.push(Ok(Collected {
                    zip: summary,
                    website,
                    eschool,
                }));
            }
            Err(e) if is_source_failure(&e) => {
                zip.abandon();
                per_source.push(Err(e));
            }
            Err(e) => return Err(e),
        }
    }
    if per_source.iter().all(|r| r.is_err()) {
        // Nothing was saved: no run folder, and the first reason is the run's reason.
        drop(run); // removes the temporary run folder
        let first = per_source
            .into_iter()
            .find_map(|r| r.err())
            .expect("at least one source");
        return Err(first);
    }
    let (run_dir, _) = run.finish()?;

    let mut p = Progress::new(Phase::Verifying);
    p.item = run_dir.display().to_string();
    progress.emit(&p);
    let report = verify::verify_run(&run_dir, req.passphrase.as_ref())?;
    if !report.ok() {
        return Err(Error::Damaged {
            run: run_dir,
            count: report.problems.len(),
        });
    }
    let (pruned, prune_error) =
        match retention::prune(&target.app_dir(), Local::now(), req.retention) {
            Ok(p) => (p, None),
            Err(e) => (retention::Pruned::default(), Some(message::error(&e))),
        };
    Ok(Written {
        run_dir: Some(run_dir),
        per_source,
        verify: report,
        pruned,
        prune_error,
    })
}

fn is_source_failure(e: &Error) -> bool {
    matches!(
        e,
        Error::Website { .. }
            | Error::SourceMissing(_)
            | Error::BadUrl(_)
            | Error::Eschool { .. }
            | Error::NoEschoolFiles
            | Error::NeedsConfirmation(_)
    )
}

/// Reads and checks the exports, compares each section with the drive's newest earlier backup,
/// and writes what can be stored. Refused when a section dropped sharply and nobody confirmed.
fn collect_eschool(
    target: &Target,
    files: &[(crate::eschool::Section, PathBuf)],
    req: &Request,
    zip: &mut ZipBuilder,
) -> Result<Extra> {
    use crate::eschool::plan;
    let pass = req.passphrase.as_ref().ok_or(Error::NeedPassphrase)?;
    let previous = plan::previous(&target.app_dir(), pass);
    let p = plan::prepare(files, &previous)?;
    if p.storable().next().is_none() {
        let first = p.sections.iter().find_map(|s| s.error());
        return Err(first.unwrap_or(Error::NoEschoolFiles));
    }
    if let Some(warning) = p.drop_warning().filter(|_| !req.accept_drop) {
        return Err(Error::NeedsConfirmation(warning));
    }
    plan::write(zip, &p).map(Extra::Eschool)
}

fn collect_website(
    app: &AppData,
    url: &str,
    fast: bool,
    req: &Request,
    zip: &mut ZipBuilder,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<(website::Crawled, website::Summary)> {
    let mut opts = website::Options::new(url, &req.school)?;
    opts.apply(&req.website);
    opts.fast = fast;
    if let Some(g) = req.web.gap {
        opts.gap = g;
    }
    if let Some(t) = req.web.timeout {
        opts.timeout = t;
    }
    opts.now = req.web.now;
    let seen = opts.seen.clone();
    let pinned = opts.trusted_certificate.clone();
    let crawled = website::crawl(app, opts, progress, cancel)?;
    let mut summary = website::write(zip, &crawled, progress, cancel)?;
    if let Some(t) = pinned {
        use std::sync::atomic::Ordering;
        if seen.pin_used.load(Ordering::Relaxed) {
            summary.certificate = Some(crate::message::certificate_pinned_note(&t.sha256));
        } else if seen.valid.load(Ordering::Relaxed) {
            // The site has a certificate the PC trusts: the school's choice is no longer needed.
            crate::site_certificate::forget(app)?;
            summary.certificate = Some(crate::message::CERTIFICATE_VALID_AGAIN.to_string());
        }
    }
    Ok((crawled, summary))
}

/// What the log keeps of an eSchool run.
fn eschool_details(s: &crate::eschool::plan::Summary) -> journal::Details {
    journal::Details::Eschool(journal::EschoolDetails {
        personal_data: true,
        sections: s.sections.clone(),
    })
}

/// The log's one-line account of a website backup.
fn website_note(w: &website::Summary) -> String {
    let mut s = format!(
        "Trang web: {} trang ({} bài viết), {} tài liệu.",
        w.pages, w.articles, w.documents
    );
    if !w.footer_missing.is_empty() {
        s += &format!(" Chân trang còn thiếu: {}.", w.footer_missing.join(", "));
    }
    if w.reposts > 0 {
        s += &format!(
            " {} bài viết cần xem lại (có dấu hiệu lấy lại từ báo chí, cổng thông tin).",
            w.reposts
        );
    }
    if w.new + w.changed + w.vanished > 0 {
        s += &format!(
            " So với lần trước: {} trang mới, {} thay đổi, {} không còn.",
            w.new, w.changed, w.vanished
        );
    }
    if let Some(c) = &w.certificate {
        s += &format!(" {c}");
    }
    s
}

fn record(
    journal: &Journal,
    target: &Target,
    ids: Vec<i64>,
    w: Written,
    progress: &dyn ProgressSink,
) -> Result<RunReport> {
    progress.emit(&Progress::new(Phase::Logging));
    let run_dir = w
        .run_dir
        .as_ref()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    let prune_note = match (&w.prune_error, w.pruned.removed.len()) {
        (Some(e), _) => Some(format!("Không xoá được bản sao lưu cũ: {e}")),
        (None, 0) => None,
        (None, n) => Some(format!(
            "Đã xoá {n} bản sao lưu cũ theo chính sách giữ lại (giải phóng {}).",
            message::size(w.pruned.freed_bytes)
        )),
    };
    let mut sources = Vec::new();
    for (id, r) in ids.into_iter().zip(w.per_source) {
        let res = match r {
            Ok(Collected {
                zip: z,
                website,
                eschool,
            }) => {
                let problems = (!z.problems.is_empty()).then(|| {
                    format!(
                        "{} mục không lấy được (xem báo cáo trong tệp nén).",
                        z.problems.len()
                    )
                });
                let note = [
                    website.as_ref().map(website_note),
                    eschool.as_ref().map(|e| e.note()),
                    problems,
                    prune_note.clone(),
                ]
                .into_iter()
                .flatten()
                .reduce(|a, b| format!("{a} {b}"));
                let f = Finish {
                    run_dir: run_dir.clone(),
                    files: z.files,
                    bytes: z.bytes,
                    verified: true,
                    error: None,
                    note,
                    // The principal's report reads the compliance check of each website run here.
                    details: eschool.as_ref().map(eschool_details).or_else(|| {
                        website.as_ref().map(|w| {
                            journal::Details::Website(journal::WebsiteDetails {
                                articles: w.articles,
                                documents: w.documents,
                                footer_missing: w.footer_missing.clone(),
                                reposts: w.reposts,
                                requests: w.requests,
                                crawl_seconds: w.seconds,
                            })
                        })
                    }),
                };
                let entry = journal.finish(id, Outcome::Success, &f)?;
                SourceResult {
                    source: z.source,
                    zip: Some(z.file_name),
                    files: z.files,
                    bytes: z.bytes,
                    problems: z.problems,
                    error: None,
                    entry,
                    website,
                    eschool,
                }
            }
            Err(e) => {
                let msg = message::error(&e);
                let f = Finish {
                    error: Some(msg.clone()),
                    ..Finish::default()
                };
                let entry = journal.finish(id, Outcome::Failed, &f)?;
                let source = SourceInfo {
                    kind: entry.source_kind.clone(),
                    name: entry.source_name.clone(),
                    origin: String::new(),
                };
                SourceResult {
                    source,
                    zip: None,
                    files: 0,
                    bytes: 0,
                    problems: Vec::new(),
                    error: Some(msg),
                    entry,
                    website: None,
                    eschool: None,
                }
            }
        };
        sources.push(res);
    }
    let entries: Vec<Entry> = sources.iter().map(|s| s.entry.clone()).collect();
    let drive_log = journal::mirror_to_drive(&target.app_dir(), &entries)?;
    let mut done = Progress::new(Phase::Finished);
    done.done = 1;
    done.total = 1;
    progress.emit(&done);
    Ok(RunReport {
        run_dir: w.run_dir,
        sources,
        verify: w.verify,
        drive_log: Some(drive_log),
        pruned: w.pruned,
    })
}
