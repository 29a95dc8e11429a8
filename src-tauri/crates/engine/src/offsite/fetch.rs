//! The runs in the offsite store, and one brought back to this PC: on a new PC that has only the
//! store's address, its key and the recovery sheet. A run comes back into a folder shaped like a
//! drive's run, each file checked against the run's `SHA256SUMS` as it is written; the restore
//! that follows checks every entry again, as it does from a drive.

use super::push::open;
use crate::appdata::AppData;
use crate::error::{Error, IoContext, Result};
use crate::progress::{CancelToken, Phase, Progress, ProgressSink};
use crate::runs::SUMS;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize)]
pub struct OffsiteRun {
    pub run: String,
    pub label: String,
    /// `SHA256SUMS` is there: the run arrived whole.
    pub complete: bool,
    /// Its files, by name, with their sizes.
    pub files: Vec<(String, u64)>,
    /// The zips' size as people read it.
    pub size_label: String,
}

/// Where runs brought back from the store for a restore are kept: a folder shaped like a drive's
/// app folder (run folders and the drive's log), so the restore reads it as it reads a drive.
pub fn download_dir(app: &AppData) -> PathBuf {
    app.root().join("tai-ve-tu-ngoai-truong")
}

/// Brings `run` back for the restore wizard into `download_dir` (emptied first: one run at a time
/// on an old PC's small disk), with the drive's log of that run beside it so that the run reads
/// as checked when written. Returns the folder, to be read as a drive's app folder.
pub fn fetch_for_restore(
    app: &AppData,
    run: &str,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<PathBuf> {
    let into = download_dir(app);
    if into.exists() {
        std::fs::remove_dir_all(&into).at(&into)?;
    }
    let got = download(app, run, &into, progress, cancel).and_then(|_| {
        let (_, store) = open(app)?;
        let mut log = Vec::new();
        let key = format!("{run}/{}", crate::journal::DRIVE_LOG);
        if store.head(&key)?.is_some() {
            store.read(&key, |c| {
                log.extend_from_slice(c);
                Ok(())
            })?;
            crate::archive::write_atomically(&into.join(crate::journal::DRIVE_LOG), &log)?;
        }
        Ok(into.clone())
    });
    if got.is_err() {
        let _ = std::fs::remove_dir_all(&into);
    }
    got
}

/// The school's runs in the store, newest first.
pub fn runs(app: &AppData) -> Result<Vec<OffsiteRun>> {
    let (_, store) = open(app)?;
    listed(&store)
}

pub(super) fn listed(store: &super::store::Store) -> Result<Vec<OffsiteRun>> {
    let mut names: Vec<String> = store
        .folders("")?
        .into_iter()
        .filter(|n| crate::runs::time_of(n).is_some())
        .collect();
    names.sort();
    names.reverse();
    let mut out = Vec::new();
    for run in names {
        let files = store.files(&run)?;
        out.push(OffsiteRun {
            label: crate::runs::label(&run),
            size_label: crate::message::size(
                files
                    .iter()
                    .filter(|(n, _)| n.ends_with(".zip"))
                    .map(|(_, s)| s)
                    .sum(),
            ),
            complete: files.iter().any(|(n, _)| n == SUMS),
            files,
            run,
        });
    }
    Ok(out)
}

/// Brings `run` back into `into/<run>/` and returns that folder. Nothing is kept of a file that
/// does not match the run's `SHA256SUMS`.
pub fn download(
    app: &AppData,
    run: &str,
    into: &Path,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<PathBuf> {
    let (t, store) = open(app)?;
    if crate::runs::time_of(run).is_none() {
        return Err(Error::NoSuchOffsiteRun {
            store: t.shown(),
            run: run.to_string(),
        });
    }
    let files = store.files(run)?;
    if !files.iter().any(|(n, _)| n == SUMS) {
        return Err(Error::NoSuchOffsiteRun {
            store: t.shown(),
            run: run.to_string(),
        });
    }
    let dir = into.join(run);
    std::fs::create_dir_all(&dir).at(&dir)?;
    let mut sums_text = Vec::new();
    store.read(&format!("{run}/{SUMS}"), |c| {
        sums_text.extend_from_slice(c);
        Ok(())
    })?;
    let sums = crate::verify::parse_sums(&String::from_utf8_lossy(&sums_text));
    let mut p = Progress::new(Phase::Fetching);
    p.total = files
        .iter()
        .filter(|(n, _)| sums.iter().any(|(s, _)| s == n))
        .map(|(_, size)| size)
        .sum();
    for (file, sha) in &sums {
        cancel.check()?;
        // A name from the store is a name on this PC only when it is one plain file name.
        if crate::paths::safe_relative(file).is_none() || file.contains(['/', '\\']) {
            return Err(Error::OffsiteMismatch {
                key: format!("{run}/{file}"),
                detail: "tên tệp không hợp lệ".into(),
            });
        }
        p.item = file.clone();
        progress.emit(&p);
        let path = dir.join(file);
        let part = dir.join(format!(".{file}.dang-tai"));
        let mut out = std::fs::File::create(&part).at(&part)?;
        let mut h = Sha256::new();
        let got = store.read(&format!("{run}/{file}"), |c| {
            h.update(c);
            p.done += c.len() as u64;
            progress.emit(&p);
            out.write_all(c).at(&part)
        });
        let got = got.and_then(|_| out.sync_all().at(&part));
        drop(out);
        if let Err(e) = got {
            let _ = std::fs::remove_file(&part);
            return Err(e);
        }
        if hex::encode(h.finalize()) != *sha {
            let _ = std::fs::remove_file(&part);
            return Err(Error::OffsiteMismatch {
                key: format!("{run}/{file}"),
                detail: "tệp tải về không khớp SHA256SUMS".into(),
            });
        }
        std::fs::rename(&part, &path).at(&path)?;
    }
    crate::archive::write_atomically(&dir.join(SUMS), &sums_text)?;
    Ok(dir)
}
