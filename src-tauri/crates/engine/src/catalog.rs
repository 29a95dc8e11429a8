//! What a backup drive holds, read from the drive alone: every run grouped by source, newest
//! first, and a file name searched across runs. A school whose PC was destroyed restores on a new
//! one with an empty app folder, so nothing here reads the PC's log; the drive's own
//! `NhatKySaoLuu.csv` says how each run was checked when it was written.

use crate::archive::SourceInfo;
use crate::error::{Error, IoContext, Result};
use crate::journal::DRIVE_LOG;
use crate::runs::{self, source_stem};
use chrono::{DateTime, Local};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::path::{Path, PathBuf};

/// One source in one run: the zips that hold it (several only when split for FAT32).
#[derive(Debug, Clone, Serialize)]
pub struct Backup {
    pub run_name: String,
    /// The run's time as people read it ("25/11/2026 lúc 09:30"): the front ends show this and
    /// never parse folder names themselves.
    pub run_label: String,
    pub run_dir: PathBuf,
    pub started_at: Option<DateTime<Local>>,
    /// The zip stem (`trang-web`), which `restore::Options::source` takes.
    pub stem: String,
    pub zips: Vec<String>,
    pub source: SourceInfo,
    pub files: u64,
    /// Size on the drive, and as people read it.
    pub bytes: u64,
    pub size_label: String,
    pub encrypted: bool,
    /// Files of the source that could not be read when it was backed up.
    pub problems: usize,
    pub checked: Checked,
    pub checked_label: String,
    /// The log's note for this run ("6 bài viết", the eSchool change summary).
    pub note: Option<String>,
}

/// How the run was checked, as far as the drive tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Checked {
    /// Verified from the drive before the run was logged "Thành công".
    WhenWritten,
    /// The drive's log has no row for it (the log was lost or edited): check it before trusting it.
    NotInLog,
    /// A zip cannot be opened or has no manifest.
    Unreadable,
}

impl Checked {
    pub fn label(self) -> &'static str {
        match self {
            Checked::WhenWritten => "Đã kiểm tra khi ghi",
            Checked::NotInLog => "Không có trong nhật ký của ổ — hãy kiểm tra trước khi dùng",
            Checked::Unreadable => "Không đọc được — tệp có thể bị hỏng",
        }
    }
}

/// Every backup of one source, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub kind: String,
    pub name: String,
    pub origin: String,
    pub backups: Vec<Backup>,
}

/// What the drive's log says of each (run folder, source name): verified when written, and its note.
fn drive_log(app_dir: &Path) -> HashMap<(String, String), (bool, Option<String>)> {
    let mut out = HashMap::new();
    let Ok(bytes) = std::fs::read(app_dir.join(DRIVE_LOG)) else {
        return out;
    };
    let text = String::from_utf8_lossy(&bytes);
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    for row in r.records().flatten() {
        // Columns as `journal` writes them: … 4 source name, 8 run folder, 11 result,
        // 12 verified, 13 error or note.
        let (Some(name), Some(run), Some(outcome), Some(verified)) =
            (row.get(4), row.get(8), row.get(11), row.get(12))
        else {
            continue;
        };
        let run = run.rsplit(['/', '\\']).next().unwrap_or(run).to_string();
        let good = outcome == crate::journal::Outcome::Success.label() && verified == "Có";
        let note = row.get(13).filter(|n| !n.is_empty()).map(str::to_string);
        out.insert((run, name.to_string()), (good, note));
    }
    out
}

/// Every finished run on the drive whose app folder is `app_dir`, grouped by source.
pub fn read(app_dir: &Path) -> Result<Vec<Group>> {
    let log = drive_log(app_dir);
    let mut groups: BTreeMap<(String, String), Group> = BTreeMap::new();
    for run in crate::runs::list(app_dir)? {
        let mut stems: BTreeMap<String, Vec<(String, u64)>> = BTreeMap::new();
        for (zip, size) in &run.zips {
            stems
                .entry(source_stem(zip).to_string())
                .or_default()
                .push((zip.clone(), *size));
        }
        for (stem, zips) in stems {
            let b = backup(&run, &stem, &zips, &log);
            groups
                .entry((b.source.kind.clone(), b.source.name.clone()))
                .or_insert_with(|| Group {
                    kind: b.source.kind.clone(),
                    name: b.source.name.clone(),
                    origin: b.source.origin.clone(),
                    backups: Vec::new(),
                })
                .backups
                .push(b);
        }
    }
    // Runs come newest first, so each group's first backup is its newest.
    let mut out: Vec<Group> = groups.into_values().collect();
    out.sort_by(|a, b| b.backups[0].run_name.cmp(&a.backups[0].run_name));
    Ok(out)
}

fn backup(
    run: &crate::runs::Run,
    stem: &str,
    zips: &[(String, u64)],
    log: &HashMap<(String, String), (bool, Option<String>)>,
) -> Backup {
    let mut b = Backup {
        run_name: run.name.clone(),
        run_label: runs::label(&run.name),
        run_dir: run.dir.clone(),
        started_at: runs::time_of(&run.name),
        stem: stem.to_string(),
        zips: zips.iter().map(|z| z.0.clone()).collect(),
        source: SourceInfo {
            kind: String::new(),
            name: stem.to_string(),
            origin: String::new(),
        },
        files: 0,
        bytes: zips.iter().map(|z| z.1).sum(),
        size_label: crate::message::size(zips.iter().map(|z| z.1).sum()),
        encrypted: false,
        problems: 0,
        checked: Checked::Unreadable,
        checked_label: String::new(),
        note: None,
    };
    let mut readable = true;
    for (zip, _) in zips {
        match manifest(&run.dir.join(zip)) {
            Ok(m) => {
                b.source = m.source;
                b.files += m.entries.len() as u64;
                b.encrypted |= m.encrypted;
                b.problems += m.problems.len();
            }
            Err(_) => readable = false,
        }
    }
    if readable {
        let key = (run.name.clone(), b.source.name.clone());
        b.checked = match log.get(&key) {
            Some((true, _)) => Checked::WhenWritten,
            _ => Checked::NotInLog,
        };
        b.note = log.get(&key).and_then(|(_, n)| n.clone());
    }
    b.checked_label = b.checked.label().to_string();
    b
}

fn manifest(zip: &Path) -> Result<crate::archive::Manifest> {
    let file = File::open(zip).at(zip)?;
    let mut z = zip::ZipArchive::new(file).map_err(|e| Error::zip(zip, e))?;
    crate::verify::read_manifest(&mut z, zip)
}

/// One file found by name in some run.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub run_name: String,
    pub run_label: String,
    /// The run's folder on the drive; empty for a run found in the offsite store.
    pub run_dir: PathBuf,
    pub started_at: Option<DateTime<Local>>,
    pub source_name: String,
    pub stem: String,
    pub zip: String,
    /// The entry's path in the zip, which `restore --only` takes.
    pub path: String,
    pub size: u64,
    pub size_label: String,
    pub modified: Option<DateTime<Local>>,
}

/// Files whose name contains `query`, ignoring case and diacritics ("ke hoach" finds
/// "Kế hoạch năm học.docx"), in every run, newest run first.
pub fn find(app_dir: &Path, query: &str) -> Result<Vec<Hit>> {
    let wanted = fold(query);
    let mut hits = Vec::new();
    if wanted.is_empty() {
        return Ok(hits);
    }
    for run in crate::runs::list(app_dir)? {
        for (zip, _) in &run.zips {
            let Ok(m) = manifest(&run.dir.join(zip)) else {
                continue;
            };
            hits.extend(matches(&run.name, &run.dir, zip, &m, &wanted));
        }
    }
    Ok(hits)
}

/// The query as `matches` compares it; empty when nothing in it can match.
pub(crate) fn wanted(query: &str) -> String {
    fold(query)
}

/// The entries of one zip (by its manifest) whose name or original name holds `wanted`.
pub(crate) fn matches(
    run_name: &str,
    run_dir: &Path,
    zip: &str,
    m: &crate::archive::Manifest,
    wanted: &str,
) -> Vec<Hit> {
    m.entries
        .iter()
        .filter(|e| {
            let name = e.path.rsplit('/').next().unwrap_or(&e.path);
            let original = e.original.as_deref().unwrap_or(name);
            fold(name).contains(wanted) || fold(original).contains(wanted)
        })
        .map(|e| Hit {
            run_name: run_name.to_string(),
            run_label: runs::label(run_name),
            run_dir: run_dir.to_path_buf(),
            started_at: runs::time_of(run_name),
            source_name: m.source.name.clone(),
            stem: source_stem(zip).to_string(),
            zip: zip.to_string(),
            path: e.path.clone(),
            size: e.size,
            size_label: crate::message::size(e.size),
            modified: e.modified,
        })
        .collect()
}

/// Case, diacritics and the separators people type differently ("ke hoach", "ke-hoach",
/// "Kế_hoạch") do not count.
fn fold(s: &str) -> String {
    let plain: String = crate::text::fold(s)
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    crate::text::squash(&plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_without_case_diacritics_or_separators() {
        assert!(fold("Kế_hoạch-năm học.docx").contains(&fold("ke hoach nam")));
        assert!(fold("hoc-sinh-lop-2a.csv").contains(&fold("Học sinh lớp")));
        assert!(!fold("bao-cao.pdf").contains(&fold("ke hoach")));
    }
}
