//! Brings files back from a run folder or a single zip into a folder, checking each restored file's
//! SHA-256 against the manifest.
//!
//! Promises: nothing outside the destination is ever written (absolute paths, `..` and drive
//! letters are refused); nothing existing is overwritten unless asked; no entry may expand past
//! the size its manifest declares; a file appears under its final name only after its hash matched.

use crate::archive::{Manifest, MANIFEST, README};
use crate::error::{Error, IoContext, Result};
use crate::passphrase::Passphrase;
use crate::progress::{CancelToken, Phase, Progress, ProgressSink};
use crate::verify;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A glob (`Hồ sơ/*.xlsx`) or a path prefix (`Hồ sơ/`); `None` restores everything.
    pub only: Option<String>,
    pub overwrite: bool,
    /// Files (relative to the destination) the user chose to overwrite one by one.
    pub overwrite_files: Vec<PathBuf>,
    /// Only this source of a run (its zip stem, `trang-web`), all its parts; `None`: every source.
    pub source: Option<String>,
    /// Needed for encrypted zips; a wrong one stops the restore before anything is written.
    pub passphrase: Option<Passphrase>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub destination: PathBuf,
    pub restored: u64,
    pub bytes: u64,
    /// Files left alone because they already existed and overwriting was not allowed.
    pub existing: Vec<PathBuf>,
    /// Entries that could not be restored, with the Vietnamese reason.
    pub failed: Vec<(String, String)>,
    /// Every file restored, relative to `destination`: after a cancel, what is there so far.
    pub files: Vec<PathBuf>,
    /// The user stopped it; `files` lists what was restored (each one complete and checked).
    pub cancelled: bool,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.restored > 0 && self.failed.is_empty() && !self.cancelled
    }
}

/// Restores `from` (a run folder or one zip) into `to`. A run's zips each go into a subfolder named
/// after the zip, so two sources never mix.
pub fn restore(
    from: &Path,
    to: &Path,
    opts: &Options,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<Report> {
    let zips: Vec<(PathBuf, PathBuf)> = if from.is_file() {
        vec![(from.to_path_buf(), to.to_path_buf())]
    } else if from.join(crate::archive::SUMS).is_file() {
        let mut z: Vec<_> = fs::read_dir(from)
            .at(from)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip")))
            .filter(|p| match &opts.source {
                None => true,
                Some(stem) => p
                    .file_name()
                    .is_some_and(|n| crate::runs::source_stem(&n.to_string_lossy()) == stem),
            })
            .map(|p| {
                // The parts of a split source go back into one folder.
                let sub = p
                    .file_name()
                    .map(|n| to.join(crate::runs::source_stem(&n.to_string_lossy())))
                    .unwrap_or_else(|| to.to_path_buf());
                (p, sub)
            })
            .collect();
        z.sort();
        z
    } else {
        return Err(Error::NotABackup(from.to_path_buf()));
    };
    let matcher = Matcher::new(opts.only.as_deref())?;
    let opened = zips
        .into_iter()
        .map(|(path, dest)| Opened::new(path, dest))
        .collect::<Result<Vec<_>>>()?;
    check_room(&opened, to, &matcher)?;
    let mut report = Report {
        destination: to.to_path_buf(),
        ..Report::default()
    };
    if opened.is_empty() {
        return Err(Error::NothingRestored);
    }
    for z in opened {
        restore_zip(z, &matcher, opts, &mut report, progress, cancel)?;
        if report.cancelled {
            return Ok(report);
        }
    }
    if report.restored == 0 && report.failed.is_empty() && report.existing.is_empty() {
        return Err(Error::NothingRestored);
    }
    Ok(report)
}

/// Restores like [`restore`] and records it in the log ("Khôi phục"): how many files came back,
/// where, and what failed. A restore that brought nothing back is never logged as good.
pub fn restore_recorded(
    app: &crate::appdata::AppData,
    from: &Path,
    to: &Path,
    opts: &Options,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<Report> {
    use crate::journal::{self, Journal, Outcome};
    // The offsite upload waits while a restore reads the drive and writes the disk.
    let _restoring = crate::backup::restore_lock(app);
    let j = Journal::open(&app.journal_file())?;
    let what = match &opts.source {
        Some(stem) => format!("Khôi phục {stem}"),
        None => "Khôi phục".to_string(),
    };
    let id = j.start(&journal::NewRun {
        started_at: chrono::Local::now(),
        source_kind: journal::RESTORE_KIND.into(),
        source_name: what,
        target_label: from.display().to_string(),
        target_id: String::new(),
    })?;
    let result = restore(from, to, opts, progress, cancel);
    let (outcome, finish) = match &result {
        Ok(r) => {
            let mut why = Vec::new();
            if !r.failed.is_empty() {
                why.push(format!("{} tệp không khôi phục được", r.failed.len()));
            }
            if r.cancelled {
                why.push("đã dừng giữa chừng".to_string());
            }
            if r.restored == 0 && !r.existing.is_empty() {
                why.push(format!(
                    "không khôi phục tệp nào: {} tệp đã có sẵn, được giữ nguyên",
                    r.existing.len()
                ));
            }
            (
                if r.ok() {
                    Outcome::Success
                } else {
                    Outcome::Failed
                },
                journal::Finish {
                    run_dir: to.display().to_string(),
                    files: r.restored,
                    bytes: r.bytes,
                    verified: r.ok(),
                    error: (!why.is_empty()).then(|| why.join("; ")),
                    note: Some(format!("vào {}", to.display())),
                    details: None,
                },
            )
        }
        Err(e) => (
            Outcome::Failed,
            journal::Finish {
                run_dir: to.display().to_string(),
                error: Some(crate::message::error(e)),
                ..journal::Finish::default()
            },
        ),
    };
    j.finish(id, outcome, &finish)?;
    result
}

struct Matcher(Option<(globset::GlobMatcher, String)>);

impl Matcher {
    fn new(pattern: Option<&str>) -> Result<Matcher> {
        Ok(Matcher(match pattern {
            None => None,
            Some(p) => {
                let glob = globset::GlobBuilder::new(p)
                    .case_insensitive(true)
                    .literal_separator(false)
                    .build()
                    .map_err(|_| Error::UnsafeEntry(p.to_string()))?
                    .compile_matcher();
                Some((glob, p.to_lowercase()))
            }
        }))
    }

    fn matches(&self, path: &str) -> bool {
        match &self.0 {
            None => true,
            Some((glob, prefix)) => glob.is_match(path) || path.to_lowercase().starts_with(prefix),
        }
    }
}

/// Refuses before writing anything when the files to restore, at the sizes their manifests
/// declare, do not fit where they are going. With the per-entry size bound in `restore_entry`, this
/// is the zip-bomb guard: data that compresses extremely well (a disk image full of zeros) is
/// legitimate, so the ratio alone proves nothing; filling the disk is the harm.
fn check_room(zips: &[Opened], to: &Path, matcher: &Matcher) -> Result<()> {
    let needed: u64 = zips
        .iter()
        .flat_map(|z| &z.manifest.entries)
        .filter(|e| matcher.matches(&e.path))
        .map(|e| e.size)
        .sum();
    // The destination may not exist yet: its nearest existing ancestor has the space.
    let Some(existing) = to.ancestors().find(|a| a.exists()) else {
        return Ok(());
    };
    let free = fs4::available_space(existing).at(existing)?;
    if needed > free {
        return Err(Error::RestoreNoSpace {
            dest: to.to_path_buf(),
            needed,
            free,
        });
    }
    Ok(())
}

/// One zip of the restore, opened once, with the manifest that says what it holds.
struct Opened {
    path: PathBuf,
    dest: PathBuf,
    zip: zip::ZipArchive<File>,
    manifest: Manifest,
}

impl Opened {
    fn new(path: PathBuf, dest: PathBuf) -> Result<Opened> {
        let file = File::open(&path).at(&path)?;
        let mut zip = zip::ZipArchive::new(file).map_err(|e| Error::zip(&path, e))?;
        let manifest = verify::read_manifest(&mut zip, &path)?;
        Ok(Opened {
            path,
            dest,
            zip,
            manifest,
        })
    }
}

fn restore_zip(
    z: Opened,
    matcher: &Matcher,
    opts: &Options,
    report: &mut Report,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<()> {
    let Opened {
        path,
        dest,
        mut zip,
        manifest,
    } = z;
    let (path, dest) = (path.as_path(), dest.as_path());
    if manifest.encrypted {
        check_passphrase(&mut zip, &manifest, opts.passphrase.as_ref())?;
    }
    let mut p = Progress::new(Phase::Restoring);
    p.total = manifest.entries.len() as u64;
    for e in &manifest.entries {
        if cancel.is_cancelled() {
            report.cancelled = true;
            return Ok(());
        }
        if e.path == MANIFEST || e.path == README || !matcher.matches(&e.path) {
            continue;
        }
        let Some(rel) = crate::paths::safe_relative(&e.path) else {
            report.failed.push((
                e.path.clone(),
                crate::message::error(&Error::UnsafeEntry(e.path.clone())),
            ));
            continue;
        };
        let out = dest.join(&rel);
        let chosen = || {
            out.strip_prefix(&report.destination)
                .is_ok_and(|rel| opts.overwrite_files.iter().any(|f| f == rel))
        };
        if out.exists() && !opts.overwrite && !chosen() {
            report.existing.push(out);
            continue;
        }
        match restore_entry(
            &mut zip,
            path,
            e,
            &out,
            manifest.encrypted,
            opts.passphrase.as_ref(),
        ) {
            Ok(()) => {
                report.restored += 1;
                report.bytes += e.size;
                report.files.push(
                    out.strip_prefix(&report.destination)
                        .unwrap_or(&out)
                        .to_path_buf(),
                );
            }
            Err(err @ (Error::Bomb(_) | Error::Zip { .. } | Error::UnsafeEntry(_))) => {
                report
                    .failed
                    .push((e.path.clone(), crate::message::error(&err)));
            }
            // Destination trouble (disk full, no permission) stops the restore: going on would fail the same way.
            Err(err) => return Err(err),
        }
        p.done += 1;
        p.bytes += e.size;
        p.item = e.path.clone();
        progress.emit(&p);
    }
    // An eSchool backup comes back with its records as a workbook to check and the steps to
    // import the originals again; a website with the steps to rebuild it. Only when everything
    // was asked for: a chosen file is just that.
    let helpers = match manifest.source.kind.as_str() {
        _ if opts.only.is_some() => Vec::new(),
        "eschool" => crate::eschool::restored::add_helpers(dest)?,
        "website" => {
            // The NukeViet folder first: the guide points at it when it is there.
            let nukeviet = crate::website::nukeviet::write(dest)?;
            crate::website::republish::write_guide(dest)?
                .into_iter()
                .chain(nukeviet)
                .collect()
        }
        _ => Vec::new(),
    };
    for p in helpers {
        report.files.push(
            p.strip_prefix(&report.destination)
                .unwrap_or(&p)
                .to_path_buf(),
        );
    }
    for d in &manifest.empty_dirs {
        if matcher.matches(d) {
            if let Some(rel) = crate::paths::safe_relative(d) {
                fs::create_dir_all(dest.join(&rel)).at(dest.join(&rel))?;
            }
        }
    }
    Ok(())
}

/// Tries the passphrase on the first entry, so a wrong one fails before any file is written.
fn check_passphrase(
    zip: &mut zip::ZipArchive<File>,
    m: &Manifest,
    pass: Option<&Passphrase>,
) -> Result<()> {
    let pass = pass.ok_or(Error::NeedPassphrase)?;
    match m.entries.first() {
        Some(e) => verify::open_entry(zip, &e.path, true, Some(pass)).map(|_| ()),
        None => Ok(()),
    }
}

fn restore_entry(
    zip: &mut zip::ZipArchive<File>,
    zip_path: &Path,
    e: &crate::archive::ManifestEntry,
    out: &Path,
    encrypted: bool,
    pass: Option<&Passphrase>,
) -> Result<()> {
    let mut entry = verify::open_entry(zip, &e.path, encrypted, pass).map_err(|err| match err {
        Error::Zip { message, .. } => Error::zip(zip_path, message),
        other => other,
    })?;
    if entry.size() != e.size {
        return Err(Error::Bomb(e.path.clone()));
    }
    if let Some(parent) = out.parent() {
        fs::create_dir_all(parent).at(parent)?;
    }
    let tmp = out.with_file_name(format!(
        "{}.dang-khoi-phuc",
        out.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    ));
    let result = (|| {
        let mut f = File::create(&tmp).at(&tmp)?;
        let mut h = Sha256::new();
        let mut n = 0u64;
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let k = entry
                .read(&mut buf)
                .map_err(|err| Error::zip(zip_path, format!("{}: {err}", e.path)))?;
            if k == 0 {
                break;
            }
            n += k as u64;
            if n > e.size {
                return Err(Error::Bomb(e.path.clone()));
            }
            h.update(&buf[..k]);
            f.write_all(&buf[..k]).at(&tmp)?;
        }
        if n != e.size || hex::encode(h.finalize()) != e.sha256 {
            return Err(Error::zip(
                zip_path,
                format!("{}: nội dung không khớp mã SHA-256 đã ghi", e.path),
            ));
        }
        if let Some(m) = e.modified {
            let _ = f.set_modified(m.into());
        }
        f.sync_all().at(&tmp)?;
        Ok(())
    })();
    match result {
        Ok(()) => fs::rename(&tmp, out).at(out),
        Err(err) => {
            let _ = fs::remove_file(&tmp);
            Err(err)
        }
    }
}

/// The user's Documents folder (their home when the OS names none).
pub fn documents() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|u| {
            u.document_dir()
                .map(Path::to_path_buf)
                .or_else(|| Some(u.home_dir().to_path_buf()))
        })
        .unwrap_or_else(std::env::temp_dir)
}

/// "Trang web 25-11-2026 0930": a source and its run's date, safe as a folder name everywhere.
pub fn folder_name(source: &str, run_name: &str) -> String {
    let when = crate::runs::time_of(run_name)
        .map(|t| t.format("%d-%m-%Y %H%M").to_string())
        .unwrap_or_else(|| run_name.to_string());
    let safe: String = source
        .chars()
        .map(|c| {
            if "<>:\"/\\|?*".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .take(60)
        .collect();
    format!("{} {when}", safe.trim())
}

/// A new folder for restored data under the user's Documents, named after the run, never reused.
pub fn default_destination(run_name: &str) -> PathBuf {
    let base = documents().join("Sao lưu Trường học - Khôi phục");
    let mut dest = base.join(run_name);
    let mut n = 2;
    while dest.exists() {
        dest = base.join(format!("{run_name} ({n})"));
        n += 1;
    }
    dest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_running_restore_is_local_work_the_offsite_upload_waits_for() {
        let dir = tempfile::tempdir().unwrap();
        let app = crate::appdata::AppData::open(Some(dir.path())).unwrap();
        let journal = crate::journal::Journal::open(&app.journal_file()).unwrap();
        assert!(!crate::backup::running(&app));
        journal
            .start(&crate::journal::NewRun {
                started_at: chrono::Local::now(),
                source_kind: crate::journal::RESTORE_KIND.into(),
                source_name: "Khôi phục".into(),
                target_label: "o".into(),
                target_id: String::new(),
            })
            .unwrap();
        // A row left by a restore that died: nobody holds the lock.
        assert!(!crate::backup::running(&app));
        let held = crate::backup::restore_lock(&app);
        let other = crate::backup::restore_lock(&app);
        assert!(crate::backup::running(&app), "two restores may run at once");
        drop(held);
        assert!(crate::backup::running(&app));
        drop(other);
        assert!(!crate::backup::running(&app));
    }

    #[test]
    fn restore_folders_are_named_by_source_and_date_and_safe() {
        assert_eq!(
            folder_name("https://thhoasen.edu.vn", "2026-11-25_093005"),
            "https___thhoasen.edu.vn 25-11-2026 0930"
        );
    }

    #[test]
    fn unsafe_names_are_refused() {
        for bad in [
            "/etc/passwd",
            "\\x",
            "../x",
            "a/../../x",
            "C:\\Windows\\x",
            "C:x",
            "",
        ] {
            assert!(crate::paths::safe_relative(bad).is_none(), "{bad}");
        }
        assert_eq!(
            crate::paths::safe_relative("a/./b/c.txt").unwrap(),
            Path::new("a").join("b").join("c.txt")
        );
    }

    /// Cancels once `after` files have been restored, as a person pressing "Dừng" would.
    struct CancelAfter {
        token: CancelToken,
        after: u64,
    }

    impl ProgressSink for CancelAfter {
        fn emit(&self, p: &Progress) {
            if p.done >= self.after {
                self.token.cancel();
            }
        }
    }

    /// A finished run in `dir` with one folder source `tai-lieu` holding `files`.
    fn run_of(dir: &Path, files: &[(String, Vec<u8>)]) -> PathBuf {
        use crate::archive::{RunWriter, SourceInfo};
        let mut run = RunWriter::begin(dir, chrono::Local::now()).unwrap();
        let info = SourceInfo {
            kind: "folder".into(),
            name: "Tài liệu".into(),
            origin: "x".into(),
        };
        let mut z = run.zip("tai-lieu", info, None).unwrap();
        for (name, bytes) in files {
            z.add_bytes(name, bytes, None).unwrap();
        }
        run.add(z.finish().unwrap());
        run.finish().unwrap().0
    }

    #[test]
    fn a_cancelled_restore_lists_what_came_back_and_leaves_nothing_half_written() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<(String, Vec<u8>)> = (0..10)
            .map(|i| (format!("tep-{i}.txt"), format!("nội dung {i}").into_bytes()))
            .collect();
        let run = run_of(dir.path(), &files);
        let dest = dir.path().join("khoi-phuc");
        let token = CancelToken::default();
        let sink = CancelAfter {
            token: token.clone(),
            after: 3,
        };
        let r = restore(&run, &dest, &Options::default(), &sink, &token).unwrap();
        assert!(r.cancelled && !r.ok());
        assert_eq!(r.restored, 3);
        let listed: Vec<_> = r.files.iter().map(|p| dest.join(p)).collect();
        assert_eq!(listed.len(), 3);
        let mut on_disk: Vec<_> = walkdir::WalkDir::new(&dest)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .collect();
        on_disk.sort();
        let mut listed_sorted = listed.clone();
        listed_sorted.sort();
        assert_eq!(on_disk, listed_sorted, "only whole, listed files");
    }

    #[test]
    fn existing_files_are_kept_unless_chosen_one_by_one() {
        let dir = tempfile::tempdir().unwrap();
        let run = run_of(
            dir.path(),
            &[
                ("a.txt".into(), b"a from backup".to_vec()),
                ("b.txt".into(), b"b from backup".to_vec()),
            ],
        );
        let dest = dir.path().join("dich");
        fs::create_dir_all(dest.join("tai-lieu")).unwrap();
        fs::write(dest.join("tai-lieu/a.txt"), "a edited").unwrap();
        fs::write(dest.join("tai-lieu/b.txt"), "b edited").unwrap();
        let token = CancelToken::default();
        let none = |_: &Progress| {};
        let r = restore(&run, &dest, &Options::default(), &none, &token).unwrap();
        assert_eq!((r.restored, r.existing.len()), (0, 2));
        assert_eq!(
            fs::read_to_string(dest.join("tai-lieu/a.txt")).unwrap(),
            "a edited"
        );
        let one = Options {
            overwrite_files: vec![Path::new("tai-lieu").join("b.txt")],
            ..Options::default()
        };
        let r = restore(&run, &dest, &one, &none, &token).unwrap();
        assert_eq!((r.restored, r.existing.len()), (1, 1));
        assert_eq!(
            fs::read_to_string(dest.join("tai-lieu/a.txt")).unwrap(),
            "a edited"
        );
        assert_eq!(
            fs::read_to_string(dest.join("tai-lieu/b.txt")).unwrap(),
            "b from backup"
        );
    }

    #[test]
    fn only_matches_globs_and_prefixes_ignoring_case() {
        let m = Matcher::new(Some("hồ sơ/*.xlsx")).unwrap();
        assert!(m.matches("Hồ sơ/lop-1a.XLSX"));
        assert!(!m.matches("Ảnh/a.jpg"));
        let m = Matcher::new(Some("Ảnh/")).unwrap();
        assert!(m.matches("Ảnh/khai-giang/1.jpg"));
    }
}
