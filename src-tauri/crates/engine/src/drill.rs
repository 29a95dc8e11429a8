//! The restore drill (kiểm tra khôi phục): the newest backup of each source on a drive restored into
//! a temporary folder, every file checked against its hash, the eSchool exports and the website's
//! article list read again as the app would read them after a loss, and the passphrase typed by a
//! person to prove someone still knows it. The temporary copy is deleted; the result goes into the
//! PC's log and the drive's own log, so a new PC knows when the last drill passed.

use crate::appdata::AppData;
use crate::catalog::{self, Backup};
use crate::error::{Error, Result};
use crate::eschool::{self, Section};
use crate::journal::{self, Journal, Outcome};
use crate::passphrase::Passphrase;
use crate::progress::{CancelToken, ProgressSink};
use crate::restore;
use serde::Serialize;
use std::path::{Path, PathBuf};

// What a drill found per source is a kind of log entry's details: declared with the journal.
pub use crate::journal::{DrillSource as SourceResult, Typed};

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub drive_label: String,
    pub drive_id: String,
    pub sources: Vec<SourceResult>,
    pub typed: Typed,
    pub ok: bool,
    /// One Vietnamese sentence for the log, the status panel and the tray.
    pub summary: String,
}

/// Deleted on drop, whatever happened.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the drill on `target`. `pass` opens the encrypted backups (this PC's); `typed` is what a
/// person typed from the recovery sheet.
pub fn run(
    app: &AppData,
    target: &Path,
    pass: Option<&Passphrase>,
    typed: Option<&str>,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<Report> {
    let t = crate::drive::open_target(target)?;
    let groups = catalog::read(&t.app_dir())?;
    if groups.is_empty() {
        return Err(Error::NoBackupsToDrill(target.to_path_buf()));
    }
    let tmp = TempDir(std::env::temp_dir().join(format!(
        "saoluu-kiem-tra-khoi-phuc-{}",
        uuid::Uuid::new_v4().simple()
    )));
    let mut sources = Vec::new();
    let mut any_encrypted = false;
    for g in &groups {
        cancel.check()?;
        let b = &g.backups[0];
        any_encrypted |= b.encrypted;
        sources.push(try_source(b, &tmp.0, pass, progress, cancel)?);
    }
    let typed = match (
        any_encrypted,
        typed.map(str::trim).filter(|s| !s.is_empty()),
    ) {
        (false, _) => Typed::NotNeeded,
        (true, None) => Typed::NotTyped,
        (true, Some(s)) => match pass {
            Some(p) if same_passphrase(s, p.expose()) => Typed::Right,
            _ => Typed::Wrong,
        },
    };
    let ok = sources.iter().all(SourceResult::ok) && typed != Typed::Wrong;
    let summary = summary(&sources, typed);
    let report = Report {
        drive_label: t.marker.label.clone(),
        drive_id: t.marker.drive_id.clone(),
        sources,
        typed,
        ok,
        summary,
    };
    record(app, &t.app_dir(), &report)?;
    Ok(report)
}

/// People copy the passphrase from paper: spaces, the dashes between groups and letter case do
/// not count.
fn same_passphrase(typed: &str, real: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .flat_map(char::to_uppercase)
            .collect::<String>()
    };
    norm(typed) == norm(real)
}

fn try_source(
    b: &Backup,
    tmp: &Path,
    pass: Option<&Passphrase>,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<SourceResult> {
    let mut r = SourceResult {
        name: b.source.name.clone(),
        kind: b.source.kind.clone(),
        run_name: b.run_name.clone(),
        restored: 0,
        failed: Vec::new(),
        checks: Vec::new(),
        error: None,
    };
    let dest = tmp.join(&b.stem);
    let opts = restore::Options {
        source: Some(b.stem.clone()),
        passphrase: pass.cloned(),
        ..restore::Options::default()
    };
    match restore::restore(&b.run_dir, tmp, &opts, progress, cancel) {
        Ok(rep) if rep.cancelled => return Err(Error::Cancelled),
        Ok(rep) => {
            r.restored = rep.restored;
            r.failed = rep.failed;
        }
        Err(Error::Cancelled) => return Err(Error::Cancelled),
        // A wrong or missing passphrase, a damaged zip: this source fails, the others are tried.
        Err(e) => {
            r.error = Some(crate::message::error(&e));
            return Ok(r);
        }
    }
    match b.source.kind.as_str() {
        "eschool" => reread_eschool(&dest, &mut r),
        "website" => reread_website(&dest, &mut r),
        _ => r.checks.push(format!("{} tệp đúng từng byte", r.restored)),
    }
    Ok(r)
}

/// Reads each original export again, as a new backup would.
fn reread_eschool(dest: &Path, r: &mut SourceResult) {
    for section in Section::ALL {
        let dir = dest.join("goc").join(section.folder());
        let Ok(files) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut records = 0;
        for f in files.filter_map(|e| e.ok()) {
            let name = f.file_name().to_string_lossy().into_owned();
            match std::fs::read(f.path())
                .map_err(|e| e.to_string())
                .and_then(|bytes| {
                    eschool::analyse(&name, &bytes, section)
                        .map_err(|p| crate::message::eschool_problem(&f.path(), section, &p))
                }) {
                Ok(a) => records += a.record_count,
                Err(why) => r.failed.push((name, why)),
            }
        }
        r.checks.push(format!(
            "{}: {records} {} đọc lại được",
            section.label(),
            section.one()
        ));
    }
    if !dest.join("du-lieu.json").is_file() {
        r.failed
            .push(("du-lieu.json".into(), "không có trong bản sao lưu".into()));
    }
}

/// The article list that rebuilding the site starts from, and the offline copy's home page.
fn reread_website(dest: &Path, r: &mut SourceResult) {
    let list = dest.join("bai-viet").join("bai-viet.csv");
    match std::fs::read(&list) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            let mut rd = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
            let rows = rd.records().filter(|x| x.is_ok()).count();
            r.checks.push(format!("{rows} bài viết đọc lại được"));
        }
        Err(_) => r
            .checks
            .push("không có danh sách bài viết (trang web không có bài viết nào)".into()),
    }
    if dest.join("ban-sao-offline").join("index.html").is_file() {
        r.checks.push("bản sao offline có trang chủ".into());
    } else {
        r.failed.push((
            "ban-sao-offline/index.html".into(),
            "không có trang chủ trong bản sao offline".into(),
        ));
    }
}

fn summary(sources: &[SourceResult], typed: Typed) -> String {
    let files: u64 = sources.iter().map(|s| s.restored).sum();
    let mut s = if sources.iter().all(SourceResult::ok) {
        format!(
            "Khôi phục thử thành công: {} nguồn, {files} tệp đúng từng byte.",
            sources.len()
        )
    } else {
        let bad: Vec<&str> = sources
            .iter()
            .filter(|s| !s.ok())
            .map(|s| s.name.as_str())
            .collect();
        format!("Khôi phục thử không đạt: {}.", bad.join(", "))
    };
    s.push(' ');
    s.push_str(match typed {
        Typed::Right => "Mật khẩu mã hoá đã được gõ đúng từ Phiếu khôi phục.",
        Typed::Wrong => "Mật khẩu gõ vào không đúng: hãy tìm lại Phiếu khôi phục ngay.",
        Typed::NotTyped => "Chưa có ai gõ lại mật khẩu mã hoá lần này.",
        Typed::NotNeeded => "",
    });
    s.trim_end().to_string()
}

/// Into the PC's log and the drive's, so the next PC knows too.
fn record(app: &AppData, app_dir: &Path, r: &Report) -> Result<()> {
    let j = Journal::open(&app.journal_file())?;
    let id = j.start(&journal::NewRun {
        started_at: chrono::Local::now(),
        source_kind: crate::journal::DRILL_KIND.into(),
        source_name: "Kiểm tra khôi phục".into(),
        target_label: r.drive_label.clone(),
        target_id: r.drive_id.clone(),
    })?;
    let finish = journal::Finish {
        run_dir: String::new(),
        files: r.sources.iter().map(|s| s.restored).sum(),
        bytes: 0,
        verified: r.ok,
        error: (!r.ok).then(|| r.summary.clone()),
        note: r.ok.then(|| r.summary.clone()),
        details: Some(journal::Details::Drill(journal::DrillDetails {
            drive_id: r.drive_id.clone(),
            typed: r.typed,
            sources: r.sources.clone(),
        })),
    };
    let outcome = if r.ok {
        Outcome::Success
    } else {
        Outcome::Failed
    };
    let entry = j.finish(id, outcome, &finish)?;
    journal::mirror_to_drive(app_dir, &[entry])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drive_with_no_backup_says_so_rather_than_that_nothing_matched() {
        let dir = tempfile::tempdir().unwrap();
        let app = AppData::open(Some(&dir.path().join("du-lieu"))).unwrap();
        let usb = dir.path().join("usb");
        std::fs::create_dir(&usb).unwrap();
        crate::drive::init(&usb, "Trường Tiểu học Hoa Sen").unwrap();
        let e = run(&app, &usb, None, None, &(), &CancelToken::default()).unwrap_err();
        assert!(
            matches!(&e, Error::NoBackupsToDrill(p) if p == &usb),
            "{e:?}"
        );
        assert!(crate::message::error(&e).contains("chưa có bản sao lưu nào"));
    }

    #[test]
    fn the_passphrase_copied_from_paper_matches_without_spaces_or_case() {
        assert!(same_passphrase(
            " hkt7-m2qz-vb9r xc4n-pw8d-fj3s ",
            "HKT7-M2QZ-VB9R-XC4N-PW8D-FJ3S"
        ));
        assert!(!same_passphrase(
            "HKT7-M2QZ-VB9R-XC4N-PW8D-FJ35",
            "HKT7-M2QZ-VB9R-XC4N-PW8D-FJ3S"
        ));
    }
}
