//! The backup log (nhật ký sao lưu): every run of every source, good or failed, in SQLite in the
//! app-data folder, mirrored as `NhatKySaoLuu.csv` on the drive so a drive carries its own history
//! even when the PC is lost.
//!
//! A run is entered as "đang chạy" before anything is written and finished afterwards; an entry
//! still running when the next backup takes the lock belongs to a killed process and is marked failed.

use crate::error::{IoContext, Result};
use chrono::{DateTime, Local};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

pub const DRIVE_LOG: &str = "NhatKySaoLuu.csv";

/// Log rows that are not backups: a re-check, a restore drill, a restore, a confirmed password
/// change. Every kind of row is declared here, where the log is; the modules that write them
/// name these.
pub const NOT_BACKUPS: [&str; 6] = [
    VERIFY_KIND,
    DRILL_KIND,
    RESTORE_KIND,
    PASSWORD_KIND,
    REBUILD_KIND,
    OFFSITE_KIND,
];
pub const VERIFY_KIND: &str = "kiem-tra";
pub const DRILL_KIND: &str = "kiem-tra-khoi-phuc";
pub const RESTORE_KIND: &str = "khoi-phuc";
pub const PASSWORD_KIND: &str = "mat-khau-quan-tri";
/// A website rebuilt from a backup onto a WordPress site.
pub const REBUILD_KIND: &str = "dung-lai-trang-web";
/// A run sent to the offsite store and checked there.
pub const OFFSITE_KIND: &str = "ngoai-truong";

/// `?1, ?2, …`: one parameter per kind in [`NOT_BACKUPS`], so a new kind cannot be forgotten in
/// the queries that leave them out.
fn not_backups_params() -> String {
    (1..=NOT_BACKUPS.len())
        .map(|n| format!("?{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn is_backup(kind: &str) -> bool {
    !NOT_BACKUPS.contains(&kind)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Running,
    Success,
    Failed,
    /// A later `verify` of the run found it intact.
    Reverified,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Running => "running",
            Outcome::Success => "success",
            Outcome::Failed => "failed",
            Outcome::Reverified => "reverified",
        }
    }

    fn parse(s: &str) -> Outcome {
        match s {
            "running" => Outcome::Running,
            "success" => Outcome::Success,
            "reverified" => Outcome::Reverified,
            _ => Outcome::Failed,
        }
    }

    /// The words people see in the log.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Running => "Đang chạy",
            Outcome::Success => "Thành công",
            Outcome::Failed => "Lỗi",
            Outcome::Reverified => "Đã kiểm tra lại",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub id: i64,
    pub started_at: DateTime<Local>,
    pub finished_at: Option<DateTime<Local>>,
    pub source_kind: String,
    pub source_name: String,
    pub target_label: String,
    pub target_id: String,
    pub run_dir: String,
    pub files: u64,
    pub bytes: u64,
    pub outcome: Outcome,
    pub outcome_label: &'static str,
    pub verified: bool,
    /// The Vietnamese error sentence, when the run failed.
    pub error: Option<String>,
    pub note: Option<String>,
    /// Source-specific numbers (an eSchool run: per section, records added/removed/changed).
    pub details: Option<Details>,
}

impl Entry {
    /// This eSchool run stored `section` whole (an eSchool run stores each section on its own).
    pub fn stored_section(&self, section: crate::eschool::Section) -> bool {
        self.eschool().is_some_and(|d| {
            d.sections
                .iter()
                .any(|s| s.section == section && s.error.is_none())
        })
    }

    /// The website numbers of a website run's entry.
    pub fn website(&self) -> Option<&WebsiteDetails> {
        match &self.details {
            Some(Details::Website(w)) => Some(w),
            _ => None,
        }
    }

    /// The per-section numbers of an eSchool run's entry.
    pub fn eschool(&self) -> Option<&EschoolDetails> {
        match &self.details {
            Some(Details::Eschool(e)) => Some(e),
            _ => None,
        }
    }

    pub fn duration_secs(&self) -> Option<i64> {
        self.finished_at
            .map(|f| (f - self.started_at).num_seconds())
    }
}

/// The numbers a log entry keeps beyond its counts, one type per kind of entry, written and read
/// through the same types. The JSON keeps the shape earlier versions wrote, so their rows read
/// back; a row that fits none (written by a newer version) is kept as it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Details {
    Eschool(EschoolDetails),
    Drill(DrillDetails),
    Website(WebsiteDetails),
    Other(serde_json::Value),
}

/// A website backup: what the principal's report says about the site.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WebsiteDetails {
    pub articles: usize,
    pub documents: usize,
    /// The footer items the directive asks for that were not found.
    #[serde(default)]
    pub footer_missing: Vec<String>,
    /// Articles that look re-posted from the press or state portals.
    #[serde(default)]
    pub reposts: usize,
    #[serde(default)]
    pub requests: u64,
    #[serde(default)]
    pub crawl_seconds: f64,
}

/// An eSchool backup: per section, what was stored and how it compares with last time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EschoolDetails {
    #[serde(default)]
    pub personal_data: bool,
    pub sections: Vec<SectionDetails>,
}

/// One eSchool section of a run, as the backup summarised it.
pub use crate::eschool::plan::SectionSummary as SectionDetails;

/// A restore drill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrillDetails {
    pub drive_id: String,
    pub typed: Typed,
    pub sources: Vec<DrillSource>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrillSource {
    pub name: String,
    pub kind: String,
    pub run_name: String,
    pub restored: u64,
    /// Files that did not come back, with the reason.
    pub failed: Vec<(String, String)>,
    /// What was read again: "20 hồ sơ học sinh đọc lại được".
    pub checks: Vec<String>,
    /// Why the source could not be tried at all.
    pub error: Option<String>,
}

impl DrillSource {
    pub fn ok(&self) -> bool {
        self.error.is_none() && self.failed.is_empty() && self.restored > 0
    }
}

/// Whether a person typed the passphrase, and whether it was the right one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Typed {
    Right,
    Wrong,
    /// Nobody typed it (a scheduled run): the drill cannot say that anyone knows it.
    NotTyped,
    /// No encrypted backup on the drive.
    NotNeeded,
}

/// What is known when a run starts.
#[derive(Debug, Clone)]
pub struct NewRun {
    pub started_at: DateTime<Local>,
    pub source_kind: String,
    pub source_name: String,
    pub target_label: String,
    pub target_id: String,
}

/// What is known when it ends.
#[derive(Debug, Clone, Default)]
pub struct Finish {
    pub run_dir: String,
    pub files: u64,
    pub bytes: u64,
    pub verified: bool,
    pub error: Option<String>,
    pub note: Option<String>,
    pub details: Option<Details>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Filter {
    pub source_kind: Option<String>,
    pub outcome: Option<Outcome>,
    pub limit: Option<u32>,
}

pub struct Journal {
    db: Connection,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    source_kind TEXT NOT NULL,
    source_name TEXT NOT NULL,
    target_label TEXT NOT NULL,
    target_id TEXT NOT NULL,
    run_dir TEXT NOT NULL DEFAULT '',
    files INTEGER NOT NULL DEFAULT 0,
    bytes INTEGER NOT NULL DEFAULT 0,
    outcome TEXT NOT NULL,
    verified INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    note TEXT
);
CREATE INDEX IF NOT EXISTS runs_started ON runs(started_at);
";

impl Journal {
    pub fn open(path: &Path) -> Result<Journal> {
        let db = Connection::open(path)?;
        // WAL lets the app read the log while a scheduled CLI backup writes to it.
        db.pragma_update(None, "journal_mode", "WAL")?;
        db.busy_timeout(std::time::Duration::from_secs(10))?;
        db.execute_batch(SCHEMA)?;
        // Logs written before per-source details existed gain the column.
        let has_details: bool = db
            .prepare("SELECT 1 FROM pragma_table_info('runs') WHERE name = 'details'")?
            .exists([])?;
        if !has_details {
            db.execute_batch("ALTER TABLE runs ADD COLUMN details TEXT")?;
        }
        Ok(Journal { db })
    }

    pub fn start(&self, r: &NewRun) -> Result<i64> {
        self.db.execute(
            "INSERT INTO runs (started_at, source_kind, source_name, target_label, target_id, outcome)
             VALUES (?1, ?2, ?3, ?4, ?5, 'running')",
            params![r.started_at.to_rfc3339(), r.source_kind, r.source_name, r.target_label, r.target_id],
        )?;
        Ok(self.db.last_insert_rowid())
    }

    pub fn finish(&self, id: i64, outcome: Outcome, f: &Finish) -> Result<Entry> {
        self.db.execute(
            "UPDATE runs SET finished_at = ?2, run_dir = ?3, files = ?4, bytes = ?5, outcome = ?6,
             verified = ?7, error = ?8, note = ?9, details = ?10 WHERE id = ?1",
            params![
                id,
                Local::now().to_rfc3339(),
                f.run_dir,
                f.files as i64,
                f.bytes as i64,
                outcome.as_str(),
                f.verified,
                f.error,
                f.note,
                f.details
                    .as_ref()
                    .and_then(|d| serde_json::to_string(d).ok())
            ],
        )?;
        Ok(self.get(id)?.expect("entry just written"))
    }

    /// Marks runs left "running" by a process that died. Call only while holding the backup lock.
    /// Some run is logged as still going (it may also be one a crash cut off).
    pub fn any_running(&self) -> Result<bool> {
        Ok(self.db.query_row(
            "SELECT EXISTS(SELECT 1 FROM runs WHERE outcome = 'running')",
            [],
            |r| r.get::<_, bool>(0),
        )?)
    }

    pub fn mark_interrupted(&self) -> Result<Vec<Entry>> {
        let ids: Vec<i64> = self
            .db
            .prepare("SELECT id FROM runs WHERE outcome = 'running'")?
            .query_map([], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        let f = Finish {
            error: Some("Lần sao lưu bị ngắt giữa chừng (máy tắt, ổ bị rút hoặc ứng dụng bị đóng). Không có dữ liệu nào của lần này được tính là bản sao lưu tốt.".into()),
            ..Finish::default()
        };
        ids.into_iter()
            .map(|id| self.finish(id, Outcome::Failed, &f))
            .collect()
    }

    pub fn get(&self, id: i64) -> Result<Option<Entry>> {
        Ok(self
            .db
            .query_row("SELECT * FROM runs WHERE id = ?1", [id], entry)
            .optional()?)
    }

    /// Records something done at once (a confirmed password change) as a finished, good row.
    pub fn record(&self, kind: &str, name: &str, note: &str) -> Result<Entry> {
        let id = self.start(&NewRun {
            started_at: Local::now(),
            source_kind: kind.into(),
            source_name: name.into(),
            target_label: String::new(),
            target_id: String::new(),
        })?;
        self.finish(
            id,
            Outcome::Success,
            &Finish {
                note: Some(note.into()),
                ..Finish::default()
            },
        )
    }

    /// Newest first.
    pub fn list(&self, f: &Filter) -> Result<Vec<Entry>> {
        let mut st = self.db.prepare(
            "SELECT * FROM runs WHERE (?1 IS NULL OR source_kind = ?1) AND (?2 IS NULL OR outcome = ?2)
             ORDER BY started_at DESC, id DESC LIMIT ?3",
        )?;
        let limit = f.limit.map(i64::from).unwrap_or(-1);
        let rows = st.query_map(
            params![f.source_kind, f.outcome.map(Outcome::as_str), limit],
            entry,
        )?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// The newest good backup. A later re-check or a restore drill is not a backup, so neither
    /// counts.
    pub fn last_success(&self) -> Result<Option<Entry>> {
        Ok(self
            .db
            .query_row(
                &format!(
                    "SELECT * FROM runs WHERE outcome = 'success' AND source_kind NOT IN ({})
                     ORDER BY started_at DESC, id DESC LIMIT 1",
                    not_backups_params()
                ),
                NOT_BACKUPS,
                entry,
            )
            .optional()?)
    }

    /// The newest failed backup that no good backup of the same source followed: the failure
    /// the status panel, the tray and the office keep showing until it is put right. A good
    /// backup of another source puts nothing right (a folder saved does not mean the website
    /// was). `still_backed_up` says which sources the school still backs up, so a folder taken
    /// out of the settings does not stay failed for ever. Asked on every tray refresh: one query.
    pub fn unresolved_failure(
        &self,
        still_backed_up: impl Fn(&str, &str) -> bool,
    ) -> Result<Option<Entry>> {
        let mut q = self.db.prepare_cached(&format!(
            "SELECT * FROM runs AS f WHERE f.outcome = 'failed' AND f.source_kind NOT IN ({0})
             AND NOT EXISTS (SELECT 1 FROM runs AS s WHERE s.outcome = 'success'
                 AND s.source_kind = f.source_kind AND s.source_name = f.source_name
                 AND (s.started_at, s.id) > (f.started_at, f.id))
             ORDER BY f.started_at DESC, f.id DESC",
            not_backups_params()
        ))?;
        let failures = q.query_map(NOT_BACKUPS, entry)?;
        for f in failures {
            let f = f?;
            if still_backed_up(&f.source_kind, &f.source_name) {
                return Ok(Some(f));
            }
        }
        Ok(None)
    }
}

fn entry(r: &Row) -> rusqlite::Result<Entry> {
    let time = |s: String| {
        DateTime::parse_from_rfc3339(&s)
            .map(|t| t.with_timezone(&Local))
            .ok()
    };
    let outcome = Outcome::parse(&r.get::<_, String>("outcome")?);
    Ok(Entry {
        id: r.get("id")?,
        started_at: time(r.get("started_at")?).unwrap_or_else(Local::now),
        finished_at: r.get::<_, Option<String>>("finished_at")?.and_then(time),
        source_kind: r.get("source_kind")?,
        source_name: r.get("source_name")?,
        target_label: r.get("target_label")?,
        target_id: r.get("target_id")?,
        run_dir: r.get("run_dir")?,
        files: r.get::<_, i64>("files")? as u64,
        bytes: r.get::<_, i64>("bytes")? as u64,
        outcome,
        outcome_label: outcome.label(),
        verified: r.get("verified")?,
        error: r.get("error")?,
        note: r.get("note")?,
        details: r
            .get::<_, Option<String>>("details")?
            .and_then(|d| serde_json::from_str(&d).ok()),
    })
}

const CSV_HEADER: [&str; 14] = [
    "Mã",
    "Bắt đầu",
    "Kết thúc",
    "Thời lượng (giây)",
    "Nguồn",
    "Loại nguồn",
    "Ổ sao lưu",
    "Mã ổ",
    "Thư mục lần chạy",
    "Số tệp",
    "Dung lượng (byte)",
    "Kết quả",
    "Đã kiểm tra",
    "Lỗi / ghi chú",
];

fn csv_row(e: &Entry) -> Vec<String> {
    let t = |d: DateTime<Local>| d.format("%d/%m/%Y %H:%M:%S").to_string();
    vec![
        e.id.to_string(),
        t(e.started_at),
        e.finished_at.map(t).unwrap_or_default(),
        e.duration_secs().map(|d| d.to_string()).unwrap_or_default(),
        e.source_name.clone(),
        e.source_kind.clone(),
        e.target_label.clone(),
        e.target_id.clone(),
        e.run_dir.clone(),
        e.files.to_string(),
        e.bytes.to_string(),
        e.outcome_label.to_string(),
        if e.verified { "Có" } else { "Không" }.to_string(),
        [e.error.clone(), e.note.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" "),
    ]
}

/// CSV bytes (UTF-8 with BOM, so Excel reads Vietnamese right) of a header and rows.
fn csv_bytes(header: bool, entries: &[Entry]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail; only a bug could make these panic.
    if header {
        w.write_record(CSV_HEADER).expect("in-memory CSV");
    }
    for e in entries {
        w.write_record(csv_row(e)).expect("in-memory CSV");
    }
    w.into_inner().expect("in-memory CSV")
}

/// Appends entries to the drive's own CSV log (creating it with a BOM), then rewrites the
/// readable `NhatKySaoLuu.html` from the whole CSV, so both always tell the same history.
pub fn mirror_to_drive(app_dir: &Path, entries: &[Entry]) -> Result<PathBuf> {
    let path = app_dir.join(DRIVE_LOG);
    let new = !path.exists();
    let mut out = Vec::new();
    if new {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    out.extend(csv_bytes(new, entries));
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .at(&path)?;
    file.write_all(&out).at(&path)?;
    file.sync_all().at(&path)?;
    let all = std::fs::read(&path).at(&path)?;
    crate::archive::write_atomically(
        &app_dir.join(DRIVE_LOG_HTML),
        drive_log_html(&all).as_bytes(),
    )?;
    Ok(path)
}

pub const DRIVE_LOG_HTML: &str = "NhatKySaoLuu.html";

/// The drive's CSV log as a page anyone can open, newest first.
fn drive_log_html(csv_bytes: &[u8]) -> String {
    let esc = crate::text::html_escape;
    let text = String::from_utf8_lossy(csv_bytes);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let head: String = CSV_HEADER
        .iter()
        .map(|h| format!("<th>{}</th>", esc(h)))
        .collect();
    let mut rows: Vec<String> = r
        .records()
        .flatten()
        .map(|rec| {
            format!(
                "<tr>{}</tr>",
                rec.iter()
                    .map(|c| format!("<td>{}</td>", esc(c)))
                    .collect::<String>()
            )
        })
        .collect();
    rows.reverse();
    format!(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Nhật ký sao lưu</title>\
         <style>body{{font-family:sans-serif}}table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:4px}}</style>\
         </head><body><h1>Nhật ký sao lưu của ổ này</h1><p>Mới nhất ở trên. Bản gốc: {DRIVE_LOG}.</p>\
         <table><tr>{head}</tr>{}</table></body></html>",
        rows.join("")
    )
}

/// Writes the given entries as `.csv` (UTF-8 with BOM) or `.xlsx`, chosen by the file's extension.
pub fn export(path: &Path, entries: &[Entry]) -> Result<()> {
    let is_xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let bytes = if is_xlsx {
        xlsx_bytes(entries)
            .map_err(|e| crate::Error::io(path, std::io::Error::other(e.to_string())))?
    } else {
        let mut out = "\u{feff}".as_bytes().to_vec();
        out.extend(csv_bytes(true, entries));
        out
    };
    crate::archive::write_atomically(path, &bytes)
}

fn xlsx_bytes(entries: &[Entry]) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let rows: Vec<Vec<String>> = entries.iter().map(csv_row).collect();
    crate::workbook::xlsx_sheets(&[("Nhật ký sao lưu", &CSV_HEADER[..], &rows)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_run(kind: &str) -> NewRun {
        NewRun {
            started_at: Local::now(),
            source_kind: kind.into(),
            source_name: "Trang web".into(),
            target_label: "USB".into(),
            target_id: "id-1".into(),
        }
    }

    #[test]
    fn details_written_by_the_earlier_untyped_version_read_back_typed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("log.sqlite");
        let j = Journal::open(&file).unwrap();
        let ids: Vec<i64> = ["website", "eschool", DRILL_KIND, "folder"]
            .iter()
            .map(|k| j.start(&new_run(k)).unwrap())
            .collect();
        // Exactly what the version before typed details wrote with json!.
        let rows = [
            r#"{"articles":12,"crawl_seconds":1.3,"documents":1,"footer_missing":["Cơ quan chủ quản"],"reposts":2,"requests":98}"#,
            r#"{"personal_data":true,"sections":[{"section":"hoc_sinh","label":"Hồ sơ học sinh","files":1,"records":118,"added":5,"removed":7,"changed":3,"error":null,"warning":null}]}"#,
            r#"{"drive_id":"d-1","typed":"right","sources":[{"name":"Trang web","kind":"website","run_name":"2026-12-07_0900","restored":12,"failed":[],"checks":[],"error":null}]}"#,
            r#"{"from_a_newer_version":true}"#,
        ];
        let db = rusqlite::Connection::open(&file).unwrap();
        for (id, row) in ids.iter().zip(rows) {
            db.execute(
                "UPDATE runs SET details = ?2 WHERE id = ?1",
                params![id, row],
            )
            .unwrap();
        }
        let got = |id: i64| j.get(id).unwrap().unwrap();
        let w = got(ids[0]);
        let w = w.website().expect("website details");
        assert_eq!((w.reposts, w.footer_missing.len()), (2, 1));
        let e = got(ids[1]);
        let s = &e.eschool().expect("eschool details").sections[0];
        assert_eq!(
            (s.section, s.records, s.added, s.changed),
            (
                crate::eschool::Section::HocSinh,
                Some(118),
                Some(5),
                Some(3)
            )
        );
        assert!(
            matches!(got(ids[2]).details, Some(Details::Drill(ref d)) if d.typed == Typed::Right)
        );
        assert!(matches!(got(ids[3]).details, Some(Details::Other(_))));
        // And what this version writes reads back as the same value.
        let again = j.start(&new_run("website")).unwrap();
        let details = Details::Website(w.clone());
        j.finish(
            again,
            Outcome::Success,
            &Finish {
                details: Some(details.clone()),
                ..Finish::default()
            },
        )
        .unwrap();
        assert_eq!(got(again).details, Some(details));
    }

    #[test]
    fn start_finish_list_newest_first_with_filters() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::open(&dir.path().join("log.sqlite")).unwrap();
        let a = j.start(&new_run("website")).unwrap();
        j.finish(
            a,
            Outcome::Success,
            &Finish {
                files: 3,
                bytes: 10,
                verified: true,
                ..Finish::default()
            },
        )
        .unwrap();
        let b = j.start(&new_run("folder")).unwrap();
        j.finish(
            b,
            Outcome::Failed,
            &Finish {
                error: Some("Ổ đầy".into()),
                ..Finish::default()
            },
        )
        .unwrap();
        let all = j.list(&Filter::default()).unwrap();
        assert_eq!(all.iter().map(|e| e.id).collect::<Vec<_>>(), [b, a]);
        assert_eq!(all[0].outcome_label, "Lỗi");
        let ok = j
            .list(&Filter {
                outcome: Some(Outcome::Success),
                ..Filter::default()
            })
            .unwrap();
        assert_eq!(ok.len(), 1);
        assert_eq!(ok[0].files, 3);
        let folders = j
            .list(&Filter {
                source_kind: Some("folder".into()),
                ..Filter::default()
            })
            .unwrap();
        assert_eq!(folders[0].error.as_deref(), Some("Ổ đầy"));
        assert_eq!(j.last_success().unwrap().unwrap().id, a);
    }

    #[test]
    fn a_failure_stays_until_a_good_backup_of_its_source_follows_it() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::open(&dir.path().join("log.sqlite")).unwrap();
        let run = |kind: &str, name: &str, outcome: Outcome, error: &str| {
            let id = j
                .start(&NewRun {
                    source_name: name.into(),
                    ..new_run(kind)
                })
                .unwrap();
            let f = Finish {
                error: (!error.is_empty()).then(|| error.to_string()),
                ..Finish::default()
            };
            j.finish(id, outcome, &f).unwrap();
            id
        };
        let all = |_: &str, _: &str| true;
        assert!(j.unresolved_failure(all).unwrap().is_none());
        run("website", "Trang web", Outcome::Success, "");
        let site = run(
            "website",
            "Trang web",
            Outcome::Failed,
            "Không kết nối được",
        );
        assert_eq!(j.unresolved_failure(all).unwrap().unwrap().id, site);
        // A drill or a restore is no backup: it neither puts the failure right nor is one.
        run(DRILL_KIND, "", Outcome::Success, "");
        run(RESTORE_KIND, "", Outcome::Failed, "Sai mật khẩu");
        let docs = run("folder", "Tài liệu", Outcome::Failed, "Ổ đầy");
        let f = j.unresolved_failure(all).unwrap().unwrap();
        assert_eq!((f.id, f.error.as_deref()), (docs, Some("Ổ đầy")));
        // The folder saved later puts the folder right, not the website.
        run("folder", "Tài liệu", Outcome::Success, "");
        assert_eq!(j.unresolved_failure(all).unwrap().unwrap().id, site);
        // A source no longer backed up is no longer a failure to show.
        assert!(j
            .unresolved_failure(|kind, _| kind != "website")
            .unwrap()
            .is_none());
        run("website", "Trang web", Outcome::Success, "");
        assert!(j.unresolved_failure(all).unwrap().is_none());
    }

    #[test]
    fn runs_left_running_become_failures() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.sqlite");
        let id = Journal::open(&path)
            .unwrap()
            .start(&new_run("folder"))
            .unwrap();
        // A new process opens the log, as after a kill -9.
        let j = Journal::open(&path).unwrap();
        let marked = j.mark_interrupted().unwrap();
        assert_eq!(marked.len(), 1);
        let e = j.get(id).unwrap().unwrap();
        assert_eq!(e.outcome, Outcome::Failed);
        assert!(e.error.unwrap().contains("ngắt giữa chừng"));
    }

    #[test]
    fn drive_mirror_has_bom_once_and_appends() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::open(&dir.path().join("log.sqlite")).unwrap();
        let id = j.start(&new_run("website")).unwrap();
        let e = j.finish(id, Outcome::Success, &Finish::default()).unwrap();
        mirror_to_drive(dir.path(), std::slice::from_ref(&e)).unwrap();
        let p = mirror_to_drive(dir.path(), &[e]).unwrap();
        let text = std::fs::read_to_string(p).unwrap();
        assert_eq!(text.matches('\u{feff}').count(), 1);
        assert_eq!(text.lines().count(), 3);
        assert!(text.contains("Thành công"));
        let html = std::fs::read_to_string(dir.path().join(DRIVE_LOG_HTML)).unwrap();
        assert_eq!(html.matches("<td>Thành công</td>").count(), 2, "{html}");
    }
}
