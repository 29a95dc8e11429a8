//! The backup drive's layout, as FORMAT.md describes it: one folder per run in the drive's
//! `SaoLuuTruongHoc` folder, named by its start time (`YYYY-MM-DD_HHMMSS`, `-2`… when two runs
//! start in the same second), written under a temporary name until it is complete, finished
//! when its `SHA256SUMS` is there; in it one zip per source (`trang-web.zip`), split on FAT32
//! into parts (`trang-web.part2.zip`, …). Everything that lists runs, reads a run's time or finds
//! a run's zips asks here; the writer (`archive`) names runs here too.

use crate::error::{IoContext, Result};
use chrono::{DateTime, Local, NaiveDateTime, TimeZone};
use std::fs;
use std::path::{Path, PathBuf};

/// The checksums file whose presence marks a finished run.
pub const SUMS: &str = "SHA256SUMS";
/// Prefix of a run folder still being written.
pub const TEMP_PREFIX: &str = ".dang-ghi-";
const NAME_FORMAT: &str = "%Y-%m-%d_%H%M%S";

/// A new run's folder name for a run started `now`: its time, with `-2`, `-3`… when a run of the
/// same second is already in `app_dir`.
pub fn new_name(app_dir: &Path, now: DateTime<Local>) -> String {
    let base = now.format(NAME_FORMAT).to_string();
    let mut name = base.clone();
    let mut n = 2;
    while app_dir.join(&name).exists() {
        name = format!("{base}-{n}");
        n += 1;
    }
    name
}

/// The start time a run folder's name says (with or without its `-N`).
pub fn time_of(name: &str) -> Option<DateTime<Local>> {
    let t = NaiveDateTime::parse_from_str(name.get(..17)?, NAME_FORMAT).ok()?;
    Local.from_local_datetime(&t).earliest()
}

/// A run's time as people read it: "07/12/2026 lúc 09:30"; the name itself if it is none.
pub fn label(name: &str) -> String {
    time_of(name)
        .map(|t| t.format("%d/%m/%Y lúc %H:%M").to_string())
        .unwrap_or_else(|| name.to_string())
}

/// True for the names of folders that interrupted runs leave behind.
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX)
}

/// Finished run folders in a drive's app folder, oldest first (names are timestamps).
pub fn finished(app_dir: &Path) -> Result<Vec<PathBuf>> {
    if !app_dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut runs: Vec<PathBuf> = fs::read_dir(app_dir)
        .at(app_dir)?
        .filter_map(|e| e.ok())
        .filter(|e| !is_temp_name(&e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .filter(|p| p.join(SUMS).is_file())
        .collect();
    runs.sort();
    Ok(runs)
}

/// One finished run on a drive.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Run {
    pub dir: PathBuf,
    /// The run folder's name: its start time, `YYYY-MM-DD_HHMMSS`.
    pub name: String,
    /// Its zips (every part), by name, with their sizes.
    pub zips: Vec<(String, u64)>,
}

/// Finished runs in a drive's app folder, newest first.
pub fn list(app_dir: &Path) -> Result<Vec<Run>> {
    let mut out = Vec::new();
    for dir in finished(app_dir)?.into_iter().rev() {
        let zips = zips(&dir)?;
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push(Run { dir, name, zips });
    }
    Ok(out)
}

/// A run's zip files (every part), by name, with their sizes.
pub fn zips(run: &Path) -> Result<Vec<(String, u64)>> {
    let mut zips: Vec<(String, u64)> = fs::read_dir(run)
        .at(run)?
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("zip"))
        })
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                e.metadata().map(|m| m.len()).unwrap_or(0),
            )
        })
        .collect();
    zips.sort();
    Ok(zips)
}

/// The source a zip file belongs to: `trang-web.part2.zip` and `trang-web.zip` are both `trang-web`.
pub fn source_stem(zip_name: &str) -> &str {
    let stem = zip_name
        .strip_suffix(".zip")
        .or_else(|| zip_name.strip_suffix(".ZIP"))
        .unwrap_or(zip_name);
    match stem.rsplit_once(".part") {
        Some((base, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => stem,
    }
}

/// The name of part `n` (2, 3, …) of a source's zip.
pub fn part_name(base: &str, n: u32) -> String {
    format!("{base}.part{n}.zip")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_times_labels_and_parts() {
        let t = time_of("2026-11-25_093005").unwrap();
        assert_eq!(t.format("%H:%M:%S").to_string(), "09:30:05");
        assert_eq!(time_of("2026-11-25_093005-2"), Some(t));
        assert!(time_of(".dang-ghi-2026").is_none() && time_of("ghi-chu").is_none());
        assert_eq!(label("2026-11-25_093005"), "25/11/2026 lúc 09:30");
        assert_eq!(label("khac"), "khac");
        assert_eq!(source_stem("trang-web.part2.zip"), "trang-web");
        assert_eq!(source_stem("trang-web.zip"), "trang-web");
        assert_eq!(source_stem("ke-hoach.partial.zip"), "ke-hoach.partial");
        assert_eq!(source_stem(&part_name("eschool", 3)), "eschool");
    }

    #[test]
    fn a_second_run_in_the_same_second_gets_its_own_name_and_only_finished_runs_count() {
        let d = tempfile::tempdir().unwrap();
        let now = Local.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap();
        let first = new_name(d.path(), now);
        fs::create_dir(d.path().join(&first)).unwrap();
        assert_eq!(new_name(d.path(), now), format!("{first}-2"));
        // Not finished until its SHA256SUMS is there; a folder being written never is.
        assert!(finished(d.path()).unwrap().is_empty());
        fs::write(d.path().join(&first).join(SUMS), "").unwrap();
        let temp = d.path().join(format!("{TEMP_PREFIX}{first}-2"));
        fs::create_dir(&temp).unwrap();
        fs::write(temp.join(SUMS), "").unwrap();
        assert_eq!(finished(d.path()).unwrap(), [d.path().join(&first)]);
        fs::write(d.path().join(&first).join("trang-web.zip"), "zz").unwrap();
        assert_eq!(
            zips(&d.path().join(&first)).unwrap(),
            [("trang-web.zip".to_string(), 2)]
        );
    }
}
