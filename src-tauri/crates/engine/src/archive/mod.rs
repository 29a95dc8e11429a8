//! Writes one backup run onto a drive in the format described in `FORMAT.md`:
//! `SaoLuuTruongHoc/<YYYY-MM-DD_HHMMSS>/` holding one standard zip per source (each with
//! `manifest.json` and `DOC-TOI.txt`) and `SHA256SUMS`.
//!
//! The promise: a run folder with its final name is complete and synced. Work happens under a
//! `.dang-ghi-…` name; files and folders are fsynced, then renamed. An interrupted run leaves only a
//! `.dang-ghi-…` folder, which the next run removes.

use crate::error::{IoContext, Result};
use crate::passphrase::Passphrase;
use chrono::{DateTime, Local};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

pub const MANIFEST: &str = "manifest.json";
pub const README: &str = "DOC-TOI.txt";
pub use crate::runs::SUMS;
use crate::runs::TEMP_PREFIX;
const BUF: usize = 256 * 1024;

/// What one zip holds, written into it as `manifest.json` and read back by `verify` and `restore`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub app: String,
    pub source: SourceInfo,
    pub started_at: DateTime<Local>,
    pub finished_at: DateTime<Local>,
    /// Entries other than `manifest.json` and `DOC-TOI.txt` are AES-256 encrypted.
    #[serde(default)]
    pub encrypted: bool,
    /// Set when the source was split into several zips (FAT32): this zip's number, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<u32>,
    pub entries: Vec<ManifestEntry>,
    #[serde(default)]
    pub empty_dirs: Vec<String>,
    /// Files of the source that could not be read, with the reason: listed, never silently skipped.
    #[serde(default)]
    pub problems: Vec<SourceProblem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// "folder", "website", "eschool".
    pub kind: String,
    pub name: String,
    /// Where the data came from: a folder path or a website address.
    pub origin: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub path: String,
    /// The source's own name when it had to be changed to be safe on Windows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<String>,
    pub size: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<DateTime<Local>>,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SourceProblem {
    pub path: String,
    pub reason: String,
}

/// A finished zip, as the run and the log see it.
#[derive(Debug, Clone, Serialize)]
pub struct ZipSummary {
    /// The first (usually the only) zip of the source.
    pub file_name: String,
    /// Every zip of the source, `file_name` first; more than one only when split for FAT32.
    pub parts: Vec<String>,
    pub source: SourceInfo,
    pub files: u64,
    pub bytes: u64,
    pub problems: Vec<SourceProblem>,
}

/// Writes `bytes` to `path` so that readers see either the old content or the new, never half.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tmp-dang-ghi");
    {
        let mut f = File::create(&tmp).at(&tmp)?;
        f.write_all(bytes).at(&tmp)?;
        f.sync_all().at(&tmp)?;
    }
    fs::rename(&tmp, path).at(path)?;
    if let Some(parent) = path.parent() {
        sync_dir(parent)?;
    }
    Ok(())
}

/// Makes a rename or a new file inside `dir` durable. Windows has no directory handles to sync;
/// there NTFS journals the rename itself.
pub fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        File::open(dir).and_then(|d| d.sync_all()).at(dir)?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// One run being written. Dropping it without [`RunWriter::finish`] leaves only a temporary folder.
pub struct RunWriter {
    app_dir: PathBuf,
    temp: PathBuf,
    stamp: String,
    used_zip_names: HashSet<String>,
    zips: Vec<ZipSummary>,
    part_limit: u64,
}

impl RunWriter {
    /// Starts a run in `app_dir` (the drive's `SaoLuuTruongHoc`), removing leftovers of interrupted runs.
    /// The caller must hold the backup lock, or it could remove another live run's folder.
    pub fn begin(app_dir: &Path, now: DateTime<Local>) -> Result<RunWriter> {
        fs::create_dir_all(app_dir).at(app_dir)?;
        remove_interrupted(app_dir)?;
        let stamp = crate::runs::new_name(app_dir, now);
        let temp = app_dir.join(format!("{TEMP_PREFIX}{stamp}"));
        fs::create_dir(&temp).at(&temp)?;
        Ok(RunWriter {
            app_dir: app_dir.to_path_buf(),
            temp,
            stamp,
            used_zip_names: HashSet::new(),
            zips: Vec::new(),
            part_limit: u64::MAX,
        })
    }

    /// The folder name the run will have once finished.
    #[cfg(test)]
    pub fn stamp(&self) -> &str {
        &self.stamp
    }

    /// Caps each zip's size (FAT32 holds no file of 4 GiB or more); sources that would exceed it
    /// are split into parts.
    pub fn set_part_limit(&mut self, limit: u64) {
        self.part_limit = limit;
    }

    /// Starts the zip for one source; `base` becomes `<base>.zip` (made unique and Windows-safe).
    /// With a passphrase, the source's files are AES-256 encrypted (7-Zip and WinRAR open them).
    pub fn zip(
        &mut self,
        base: &str,
        source: SourceInfo,
        encryption: Option<Passphrase>,
    ) -> Result<ZipBuilder> {
        let mut stem = safe_component(base);
        let mut n = 2;
        while !self.used_zip_names.insert(stem.to_lowercase()) {
            stem = format!("{}-{n}", safe_component(base));
            n += 1;
        }
        ZipBuilder::create(
            self.temp.clone(),
            stem.clone(),
            format!("{stem}.zip"),
            source,
            encryption,
            self.part_limit,
        )
    }

    pub fn add(&mut self, summary: ZipSummary) {
        self.zips.push(summary);
    }

    /// Writes `SHA256SUMS`, syncs, and gives the run its final name. Returns the final folder.
    pub fn finish(mut self) -> Result<(PathBuf, Vec<ZipSummary>)> {
        let mut sums = String::new();
        for name in self.zips.iter().flat_map(|z| &z.parts) {
            let hash = sha256_file(&self.temp.join(name))?;
            // Two spaces: the format `sha256sum -c` reads.
            sums.push_str(&format!("{hash}  {name}\n"));
        }
        let sums_path = self.temp.join(SUMS);
        {
            let mut f = File::create(&sums_path).at(&sums_path)?;
            f.write_all(sums.as_bytes()).at(&sums_path)?;
            f.sync_all().at(&sums_path)?;
        }
        sync_dir(&self.temp)?;
        let fin = self.app_dir.join(&self.stamp);
        fs::rename(&self.temp, &fin).at(&fin)?;
        sync_dir(&self.app_dir)?;
        Ok((fin, std::mem::take(&mut self.zips)))
    }
}

/// A run that ends without `finish` (an error, a cancel) removes its temporary folder at once, so a
/// full drive gets its space back; a killed process leaves it for the next run to remove.
impl Drop for RunWriter {
    fn drop(&mut self) {
        if self.temp.exists() {
            let _ = fs::remove_dir_all(&self.temp);
        }
    }
}

fn remove_interrupted(app_dir: &Path) -> Result<()> {
    for e in fs::read_dir(app_dir).at(app_dir)? {
        let e = e.at(app_dir)?;
        if crate::runs::is_temp_name(&e.file_name().to_string_lossy()) && e.path().is_dir() {
            fs::remove_dir_all(e.path()).at(e.path())?;
        }
    }
    Ok(())
}

pub fn sha256_file(path: &Path) -> Result<String> {
    let mut f = File::open(path).at(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; BUF];
    loop {
        let n = f.read(&mut buf).at(path)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex::encode(h.finalize()))
}

/// What happened to one file offered to a zip.
#[derive(Debug)]
pub enum Added {
    Stored {
        bytes: u64,
    },
    /// The source could not be read; the reason goes into the manifest and the log.
    Skipped(String),
}

mod names;
mod zip_writer;

pub use names::safe_component;
pub(crate) use zip_writer::already_compressed;
pub use zip_writer::{Packed, ZipBuilder, PACK_LIMIT};

#[cfg(test)]
mod tests {
    use super::*;
    use names::{safe_path, MAX_COMPONENT_CHARS};

    #[test]
    fn windows_unsafe_names_are_mapped() {
        assert_eq!(safe_component("CON"), "CON_");
        assert_eq!(safe_component("nul.txt"), "nul_.txt");
        assert_eq!(safe_component("a<b>:c?.doc"), "a_b__c_.doc");
        assert_eq!(safe_component("báo cáo. "), "báo cáo");
        assert_eq!(
            safe_path("../x/./Hồ sơ/bảng|điểm.xlsx"),
            "x/Hồ sơ/bảng_điểm.xlsx"
        );
        let long = "ả".repeat(300) + ".pdf";
        let s = safe_component(&long);
        assert!(
            s.chars().count() <= MAX_COMPONENT_CHARS && s.ends_with(".pdf"),
            "{s}"
        );
        assert_ne!(
            safe_component(&("ả".repeat(300) + "x.pdf")),
            s,
            "shortened names stay distinct"
        );
    }

    #[test]
    fn compressed_formats_are_stored() {
        assert!(already_compressed("Ảnh/khai-giang.JPG"));
        assert!(already_compressed("ke-hoach.docx"));
        assert!(!already_compressed("index.html"));
        assert!(!already_compressed("README"));
    }

    #[test]
    fn names_unique_ignoring_case_and_reserved_names_kept_free() {
        let dir = tempfile::tempdir().unwrap();
        let src = SourceInfo {
            kind: "folder".into(),
            name: "x".into(),
            origin: "x".into(),
        };
        let mut run = RunWriter::begin(dir.path(), Local::now()).unwrap();
        let mut z = run.zip("x", src, None).unwrap();
        z.add_bytes("Bao-cao.txt", b"1", None).unwrap();
        z.add_bytes("bao-cao.TXT", b"2", None).unwrap();
        z.add_bytes("manifest.json", b"3", None).unwrap();
        let names: Vec<_> = z.entries.iter().map(|e| e.path.clone()).collect();
        assert_eq!(names, ["Bao-cao.txt", "bao-cao~2.TXT", "manifest~2.json"]);
        assert_eq!(z.entries[1].original.as_deref(), Some("bao-cao.TXT"));
    }

    #[test]
    fn a_run_given_up_removes_its_temporary_folder() {
        let dir = tempfile::tempdir().unwrap();
        let run = RunWriter::begin(dir.path(), Local::now()).unwrap();
        drop(run);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn interrupted_run_leaves_only_a_temp_folder_that_the_next_run_removes() {
        let dir = tempfile::tempdir().unwrap();
        let t = Local::now();
        let run = RunWriter::begin(dir.path(), t).unwrap();
        let stamp = run.stamp().to_string();
        // A killed process runs no destructor.
        std::mem::forget(run);
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into())
            .collect();
        assert_eq!(names, [format!(".dang-ghi-{stamp}")]);
        let run = RunWriter::begin(dir.path(), t).unwrap();
        let (fin, _) = run.finish().unwrap();
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into())
            .collect();
        assert_eq!(
            names,
            [fin.file_name().unwrap().to_string_lossy().into_owned()]
        );
    }
}
