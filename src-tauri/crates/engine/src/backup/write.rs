//! The writing phase of a run: every source collected into its zip on the drive, the run folder
//! finished and verified, old runs pruned. Nothing is logged here; `record` does that.

use super::{Request, Source};
use crate::appdata::AppData;
use crate::archive::{RunWriter, ZipBuilder};
use crate::drive::{self, Target};
use crate::error::{Error, Result};
use crate::progress::{CancelToken, Phase, Progress, ProgressSink};
use crate::{folder, message, retention, verify, website};
use chrono::Local;
use std::path::PathBuf;

/// What the writing phase produced, per source, before it is logged.
pub(super) struct Written {
    pub(super) run_dir: Option<PathBuf>,
    pub(super) per_source: Vec<std::result::Result<Collected, Error>>,
    pub(super) verify: verify::Report,
    pub(super) pruned: retention::Pruned,
    /// Pruning failed: the new run is still good, the log says what went wrong.
    pub(super) prune_error: Option<String>,
}

/// One source's zip and, for a website, what its crawl found.
pub(super) struct Collected {
    pub(super) zip: crate::archive::ZipSummary,
    pub(super) website: Option<website::Summary>,
    pub(super) eschool: Option<crate::eschool::plan::Summary>,
}

/// What collecting a source produced besides its files.
enum Extra {
    None,
    Website(Box<(website::Crawled, website::Summary)>),
    Eschool(crate::eschool::plan::Summary),
}

pub(super) fn write_run(
    app: &AppData,
    target: &Target,
    req: &Request,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<Written> {
    if req.passphrase.is_none() && req.sources.iter().any(Source::encrypted) {
        return Err(Error::NeedPassphrase);
    }
    let estimates = room_for(target, req)?;
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

/// Space kept free on the drive beyond the estimate: 5 % of the drive, at most 1 GiB.
fn margin(target: &Target) -> u64 {
    let total = fs4::total_space(&target.root).unwrap_or(0);
    (total / 20).min(1 << 30)
}

/// Each source's estimated (files, bytes), once the drive has room for all of them beyond its
/// margin; otherwise the drive is full, with what pruning old runs would free.
fn room_for(target: &Target, req: &Request) -> Result<Vec<(u64, u64)>> {
    let estimates: Vec<(u64, u64)> = req
        .sources
        .iter()
        .map(|s| match s {
            Source::Folder { path, .. } => folder::estimate(path).unwrap_or((0, 0)),
            Source::Website { .. } => (0, 0),
            Source::Eschool { files } => (
                files.len() as u64,
                files
                    .iter()
                    .map(|(_, p)| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
                    .sum(),
            ),
        })
        .collect();
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
    Ok(estimates)
}
