//! One backup run, start to end: source → archive → drive → verify → journal.
//!
//! The order is the promise. A run is recorded "Thành công" only after its run folder was written,
//! synced, renamed and verified from the drive. Any failure is recorded with its Vietnamese reason.
//! A source that cannot be read (a dead website) fails alone: the other sources are still saved.

use crate::appdata::AppData;
use crate::archive::{SourceInfo, SourceProblem};
use crate::config::Config;
use crate::drive;
use crate::error::{Error, IoContext, Result};
use crate::journal::{self, Entry, Finish, Journal, NewRun, Outcome};
use crate::passphrase::Passphrase;
use crate::progress::{CancelToken, Phase, Progress, ProgressSink};
use crate::{message, retention, verify, website};
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

/// Whether the school still backs up the source a log entry names: the website and the folders
/// in its settings, and its eSchool records (given each time, never taken out of the settings).
pub fn still_backed_up(config: &Config) -> impl Fn(&str, &str) -> bool {
    let configured: Vec<SourceInfo> = configured_sources(config)
        .iter()
        .map(Source::info)
        .collect();
    move |kind, name| {
        kind == "eschool" || configured.iter().any(|s| s.kind == kind && s.name == name)
    }
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

/// Held by a restore for as long as it runs; several restores may run at once.
pub(crate) struct RestoreLock(#[allow(dead_code)] Option<File>);

/// Taken by every restore. A lock that cannot be had (a read-only data folder) does not stop the
/// restore; only the offsite upload then does not wait for it.
pub(crate) fn restore_lock(app: &AppData) -> RestoreLock {
    let held = open_lock_file(&app.restore_lock_file())
        .filter(|f| matches!(fs4::fs_std::FileExt::try_lock_shared(f), Ok(true)));
    RestoreLock(held)
}

/// A local backup or restore is running now on this PC: its log rows say "running" and its lock
/// is held. The locks are only tried when the log says so, so that asking never gets in a
/// starting backup's way; a row a crash left behind is told apart by the lock the OS released.
pub fn running(app: &AppData) -> bool {
    let logged = Journal::open(&app.journal_file())
        .and_then(|j| j.any_running())
        .unwrap_or(false);
    logged && (matches!(lock(app), Err(Error::Busy)) || restoring(app))
}

fn restoring(app: &AppData) -> bool {
    open_lock_file(&app.restore_lock_file())
        .is_some_and(|f| matches!(fs4::fs_std::FileExt::try_lock_exclusive(&f), Ok(false)))
}

/// Opened without truncating: on Windows a file another handle holds locked cannot be truncated.
fn open_lock_file(path: &std::path::Path) -> Option<File> {
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .ok()
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

    let result = opened.and_then(|target| {
        write::write_run(app, &target, req, progress, cancel).map(|w| (target, w))
    });
    match result {
        Ok((target, written)) => record::record(&journal, &target, ids, written, progress),
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

mod record;
mod write;
