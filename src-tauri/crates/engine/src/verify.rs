//! Checks backups against their own records, reading only what is on the drive: each zip's entries
//! against its `manifest.json`, and each zip against the run's `SHA256SUMS`. Used right after a run
//! is written (a run is good only if this passes) and any time later (`saoluu verify`).

use crate::archive::{self, Manifest, MANIFEST, SUMS};
use crate::drive::APP_DIR;
use crate::error::{Error, Result};
use crate::passphrase::Passphrase;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Damage {
    /// The zip cannot be opened or read at all.
    Unreadable {
        message: String,
    },
    NoManifest,
    /// An entry's content differs from what the manifest recorded.
    EntryChanged {
        entry: String,
    },
    EntryMissing {
        entry: String,
    },
    /// The whole zip's hash differs from `SHA256SUMS`.
    SumMismatch,
    /// `SHA256SUMS` names a zip that is not there.
    ZipMissing,
    NoSums,
}

#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub file: PathBuf,
    #[serde(flatten)]
    pub damage: Damage,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub runs: u64,
    pub zips: u64,
    pub entries: u64,
    pub bytes: u64,
    /// Encrypted entries whose content was not decrypted (no passphrase given); their zips were
    /// still checked whole against `SHA256SUMS`.
    pub encrypted_unchecked: u64,
    pub problems: Vec<Problem>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.problems.is_empty() && self.zips > 0
    }

    fn merge(&mut self, o: Report) {
        self.runs += o.runs;
        self.zips += o.zips;
        self.entries += o.entries;
        self.bytes += o.bytes;
        self.encrypted_unchecked += o.encrypted_unchecked;
        self.problems.extend(o.problems);
    }
}

/// Verifies whatever `path` is: a zip, a run folder, or a drive (every run on it). Encrypted
/// entries are decrypted and checked when `pass` is given; a wrong one is an error, not damage.
pub fn verify_path(path: &Path, pass: Option<&Passphrase>) -> Result<Report> {
    if path.is_file() {
        return verify_zip(path, pass);
    }
    if path.join(SUMS).is_file() {
        return verify_run(path, pass);
    }
    let app_dir = if path.join(APP_DIR).is_dir() {
        path.join(APP_DIR)
    } else {
        path.to_path_buf()
    };
    let runs = crate::runs::finished(&app_dir)?;
    if runs.is_empty() {
        return Err(Error::NotABackup(path.to_path_buf()));
    }
    let mut all = Report::default();
    for r in runs {
        all.merge(verify_run(&r, pass)?);
    }
    Ok(all)
}

/// Verifies `path` like [`verify_path`] and records the check in the backup log: "Đã kiểm tra lại"
/// when intact, "Lỗi" with the number of damaged files otherwise.
pub fn verify_and_record(
    app: &crate::appdata::AppData,
    path: &Path,
    pass: Option<&Passphrase>,
) -> Result<Report> {
    let report = verify_path(path, pass)?;
    let journal = crate::journal::Journal::open(&app.journal_file())?;
    let id = journal.start(&crate::journal::NewRun {
        started_at: chrono::Local::now(),
        source_kind: crate::journal::VERIFY_KIND.into(),
        source_name: "Kiểm tra lại".into(),
        target_label: path.display().to_string(),
        target_id: String::new(),
    })?;
    let (outcome, error) = if report.ok() {
        (crate::journal::Outcome::Reverified, None)
    } else {
        let e = Error::Damaged {
            run: path.to_path_buf(),
            count: report.problems.len(),
        };
        (
            crate::journal::Outcome::Failed,
            Some(crate::message::error(&e)),
        )
    };
    let finish = crate::journal::Finish {
        details: None,
        run_dir: path.display().to_string(),
        files: report.entries,
        bytes: report.bytes,
        verified: report.ok(),
        error,
        note: None,
    };
    journal.finish(id, outcome, &finish)?;
    Ok(report)
}

pub fn verify_run(run: &Path, pass: Option<&Passphrase>) -> Result<Report> {
    verify_source(run, None, pass)
}

/// As [`verify_run`], for one source of the run (its zip stem) when `stem` is given.
pub fn verify_source(run: &Path, stem: Option<&str>, pass: Option<&Passphrase>) -> Result<Report> {
    let mut report = Report {
        runs: 1,
        ..Report::default()
    };
    let sums_path = run.join(SUMS);
    let sums = match fs::read_to_string(&sums_path) {
        Ok(s) => parse_sums(&s),
        Err(_) => {
            report.problems.push(Problem {
                file: sums_path,
                damage: Damage::NoSums,
            });
            return Ok(report);
        }
    };
    let mut listed = HashSet::new();
    for (name, expected) in &sums {
        if stem.is_some_and(|s| crate::runs::source_stem(name) != s) {
            continue;
        }
        let zip = run.join(name);
        listed.insert(name.clone());
        if !zip.is_file() {
            report.problems.push(Problem {
                file: zip,
                damage: Damage::ZipMissing,
            });
            continue;
        }
        // The whole-file hash and the entry checks read the same zip; doing both at once keeps
        // two cores busy and reads the drive while the page cache still holds it.
        let (whole, entries) = std::thread::scope(|s| {
            let whole = s.spawn(|| archive::sha256_file(&zip));
            let entries = verify_zip(&zip, pass);
            (whole.join().expect("hashing does not panic"), entries)
        });
        match whole {
            Ok(h) if &h == expected => {}
            Ok(_) => report.problems.push(Problem {
                file: zip.clone(),
                damage: Damage::SumMismatch,
            }),
            Err(e) => report.problems.push(Problem {
                file: zip.clone(),
                damage: Damage::Unreadable {
                    message: e.to_string(),
                },
            }),
        }
        report.merge(entries?);
    }
    Ok(report)
}

/// `SHA256SUMS` as (file name, lowercase hex).
pub(crate) fn parse_sums(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| l.split_once("  ").or_else(|| l.split_once(" *")))
        .map(|(h, n)| (n.trim().to_string(), h.trim().to_lowercase()))
        .collect()
}

/// Reads a zip's manifest; the error says why when it is not one of ours or is damaged.
pub fn read_manifest<R: std::io::Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    path: &Path,
) -> Result<Manifest> {
    let mut f = zip
        .by_name(MANIFEST)
        .map_err(|_| Error::NotABackup(path.to_path_buf()))?;
    let mut s = Vec::new();
    f.read_to_end(&mut s).map_err(|e| Error::zip(path, e))?;
    serde_json::from_slice(&s).map_err(|e| Error::zip(path, e))
}

/// Opens one entry, decrypting it when the manifest says the zip is encrypted.
pub fn open_entry<'a>(
    zip: &'a mut zip::ZipArchive<File>,
    name: &str,
    encrypted: bool,
    pass: Option<&Passphrase>,
) -> Result<zip::read::ZipFile<'a, File>> {
    let opened = if encrypted {
        let pass = pass.ok_or(Error::NeedPassphrase)?;
        zip.by_name_decrypt(name, pass.expose().as_bytes())
    } else {
        zip.by_name(name)
    };
    opened.map_err(|e| match e {
        zip::result::ZipError::InvalidPassword => Error::WrongPassphrase,
        e => Error::Zip {
            path: PathBuf::from(name),
            message: e.to_string(),
        },
    })
}

pub fn verify_zip(path: &Path, pass: Option<&Passphrase>) -> Result<Report> {
    let mut report = Report {
        zips: 1,
        ..Report::default()
    };
    let problem = |damage| Problem {
        file: path.to_path_buf(),
        damage,
    };
    let opened = File::open(path)
        .map_err(|e| e.to_string())
        .and_then(|f| zip::ZipArchive::new(f).map_err(|e| e.to_string()));
    let mut zip = match opened {
        Ok(z) => z,
        Err(message) => {
            report
                .problems
                .push(problem(Damage::Unreadable { message }));
            return Ok(report);
        }
    };
    let manifest = match read_manifest(&mut zip, path) {
        Ok(m) => m,
        Err(Error::NotABackup(_)) => {
            report.problems.push(problem(Damage::NoManifest));
            return Ok(report);
        }
        Err(e) => {
            report.problems.push(problem(Damage::Unreadable {
                message: e.to_string(),
            }));
            return Ok(report);
        }
    };
    if manifest.encrypted && pass.is_none() {
        report.encrypted_unchecked += manifest.entries.len() as u64;
        return Ok(report);
    }
    let present: HashSet<String> = zip
        .file_names()
        .filter_map(|n| n.ok())
        .map(|n| n.into_owned())
        .collect();
    let threads = crate::pack::workers().min(manifest.entries.len().max(1));
    // Each thread opens the zip on its own and checks every `threads`-th entry.
    let checked: Vec<Result<Vec<(usize, bool)>>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (manifest, present) = (&manifest, &present);
                s.spawn(move || {
                    let f = File::open(path).map_err(|e| Error::io(path, e))?;
                    let mut zip = zip::ZipArchive::new(f).map_err(|e| Error::zip(path, e))?;
                    let mut buf = vec![0u8; 256 * 1024];
                    let mut out = Vec::new();
                    for (i, e) in manifest.entries.iter().enumerate().skip(t).step_by(threads) {
                        if !present.contains(&e.path) {
                            continue;
                        }
                        let ok = match open_entry(&mut zip, &e.path, manifest.encrypted, pass) {
                            Err(Error::WrongPassphrase) => return Err(Error::WrongPassphrase),
                            Err(_) => false,
                            Ok(mut f) => entry_matches(&mut f, e, &mut buf),
                        };
                        out.push((i, ok));
                    }
                    Ok(out)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("checking does not panic"))
            .collect()
    });
    let mut ok_at = vec![None; manifest.entries.len()];
    for part in checked {
        match part {
            Ok(v) => v.into_iter().for_each(|(i, ok)| ok_at[i] = Some(ok)),
            Err(Error::WrongPassphrase) => return Err(Error::WrongPassphrase),
            Err(e) => {
                report.problems.push(problem(Damage::Unreadable {
                    message: e.to_string(),
                }));
                return Ok(report);
            }
        }
    }
    for (e, ok) in manifest.entries.iter().zip(ok_at) {
        match ok {
            None => report.problems.push(problem(Damage::EntryMissing {
                entry: e.path.clone(),
            })),
            Some(true) => {
                report.entries += 1;
                report.bytes += e.size;
            }
            // A CRC or deflate error while reading is the same fact for the user: this entry is damaged.
            Some(false) => report.problems.push(problem(Damage::EntryChanged {
                entry: e.path.clone(),
            })),
        }
    }
    Ok(report)
}

/// Reads an entry to its end: its size and SHA-256 must be what the manifest recorded.
fn entry_matches(f: &mut impl Read, e: &crate::archive::ManifestEntry, buf: &mut [u8]) -> bool {
    let mut h = Sha256::new();
    let mut n = 0u64;
    loop {
        let k = match f.read(buf) {
            Ok(0) => break,
            Ok(k) => k,
            Err(_) => return false,
        };
        n += k as u64;
        if n > e.size {
            return false;
        }
        h.update(&buf[..k]);
    }
    n == e.size && hex::encode(h.finalize()) == e.sha256
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::{RunWriter, SourceInfo};
    use chrono::Local;

    fn one_run(dir: &Path) -> PathBuf {
        let mut run = RunWriter::begin(dir, Local::now()).unwrap();
        let mut z = run
            .zip(
                "tai-lieu",
                SourceInfo {
                    kind: "folder".into(),
                    name: "Tài liệu".into(),
                    origin: "x".into(),
                },
                None,
            )
            .unwrap();
        // Stored (a .pdf) so that the flipped byte lands in the entry's data, not in deflate's framing.
        z.add_bytes("ke-hoach.pdf", &vec![b'x'; 10_000], None)
            .unwrap();
        z.add_bytes("ghi-chú.txt", "Nội dung".as_bytes(), None)
            .unwrap();
        let s = z.finish().unwrap();
        run.add(s);
        run.finish().unwrap().0
    }

    #[test]
    fn good_run_verifies() {
        let dir = tempfile::tempdir().unwrap();
        let run = one_run(dir.path());
        let r = verify_path(&run, None).unwrap();
        assert!(r.ok(), "{:?}", r.problems);
        assert_eq!((r.zips, r.entries), (1, 2));
        assert_eq!(verify_path(dir.path(), None).unwrap().runs, 1);
    }

    #[test]
    fn one_flipped_byte_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let run = one_run(dir.path());
        let zip = run.join("tai-lieu.zip");
        let mut bytes = fs::read(&zip).unwrap();
        let at = bytes
            .windows(100)
            .position(|w| w.iter().all(|b| *b == b'x'))
            .unwrap()
            + 50;
        bytes[at] ^= 0x01;
        fs::write(&zip, bytes).unwrap();
        let r = verify_path(&run, None).unwrap();
        assert!(!r.ok());
        assert!(r.problems.iter().any(|p| p.damage == Damage::SumMismatch));
        assert!(r.problems.iter().any(|p| p.damage
            == Damage::EntryChanged {
                entry: "ke-hoach.pdf".into()
            }));
    }

    #[test]
    fn not_a_backup_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            verify_path(dir.path(), None),
            Err(Error::NotABackup(_))
        ));
    }
}
