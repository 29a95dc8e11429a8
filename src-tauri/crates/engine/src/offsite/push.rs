//! Sends every run verified on the drive and not yet offsite, resumes what was cut, and checks
//! each object in the store before the log says the run is offsite.
//!
//! The runs are read from the drive while it stays plugged (no second copy on an old PC's small
//! disk); an upload cut by unplugging it, a network drop or a shutdown goes on from the last part
//! the store confirmed the next time `push` runs with the drive plugged.

use super::state::{State, Upload};
use super::store::Store;
use super::target::{self, Target};
use crate::appdata::AppData;
use crate::config::Config;
use crate::error::{Error, IoContext, Result};
use crate::progress::{CancelToken, Phase, Progress, ProgressSink};
use crate::runs::SUMS;
use bytes::Bytes;
use md5::Md5;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// Files up to this size go in one request; larger ones in parts of it, each confirmed and
/// remembered, so a cut on a slow link loses at most one part. (S3 parts are at least 5 MiB.)
pub const PART: u64 = 8 << 20;

/// A large file streamed to a WebDAV store is read and sent this much at a time.
const CHUNK: u64 = 256 << 10;

/// The note of the log row each run offsite gets.
pub const SENT_NOTE: &str = "Đã gửi bản sao ra ngoài trường, đã kiểm tra";

#[derive(Debug, Clone, Serialize)]
pub struct RunSent {
    pub run: String,
    pub label: String,
    pub objects: usize,
    /// Bytes sent this time: less than the run's size when an earlier push was cut.
    pub bytes_sent: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub store: String,
    pub runs: Vec<RunSent>,
    /// Runs on the drive that were already offsite.
    pub already: usize,
    pub bytes_sent: u64,
    /// Stopped because a local backup started: the local backup comes first, and the next push
    /// goes on from the last confirmed part.
    pub paused: bool,
    /// The cap at the end of the push, KiB a second (`None`: no cap), and whether it was the
    /// automatic share of the link.
    pub cap_kib_s: Option<u32>,
    pub cap_auto: bool,
    /// The link as this push measured it, KiB a second.
    pub link_kib_s: Option<u32>,
    /// The school's status document for the education office was written after the runs
    /// (`district::publish::push_and_report`, which the front ends call).
    pub status_written: bool,
}

/// The progress file beside the settings.
pub(crate) fn state_file(app: &AppData) -> PathBuf {
    app.root().join("ngoai-truong.sqlite")
}

/// The share of the measured link an upload takes when the school set no cap of its own: the
/// lessons keep the rest of the school's internet.
pub const LINK_SHARE_PERCENT: u64 = 50;

/// A request smaller than this says more about the link's latency than its speed.
const MEASURED_FROM: u64 = 1 << 20;

/// How one file's bytes moved: confirmed by the store before (not sent again), or sent, with the
/// request's own time when it was one request of its own (not a stream paced as it goes).
#[derive(Clone, Copy)]
enum Moved {
    Already,
    Sent(Option<std::time::Duration>),
}

/// Keeps the upload's average under the cap: after each request, waits until the bytes sent so
/// far fit it. S3 parts are at least 5 MiB, so the cap holds over each part, not within one.
/// With no cap set, the cap is a share of the link, measured from the requests' own times (the
/// waits come between requests, so each request still shows the link's speed).
struct Pace {
    start: std::time::Instant,
    sent: u64,
    bytes_per_s: Option<u64>,
    auto: bool,
    /// The fastest request of this push, in bytes a second.
    link: Option<u64>,
}

impl Pace {
    fn new(limit_kib_s: Option<u32>, measured: Option<u64>) -> Pace {
        let (bytes_per_s, auto) = match limit_kib_s {
            Some(0) => (None, false),
            Some(k) => (Some(u64::from(k) * 1024), false),
            None => (measured.map(share), true),
        };
        Pace {
            start: std::time::Instant::now(),
            sent: 0,
            bytes_per_s,
            auto,
            link: None,
        }
    }

    /// A request of `n` bytes that took `took`: the link as this push sees it, when it says.
    fn measured(&mut self, n: u64, took: std::time::Duration) -> Option<u64> {
        if n < MEASURED_FROM || took.is_zero() {
            return None;
        }
        let rate = (n as f64 / took.as_secs_f64()) as u64;
        let best = self.link.map_or(rate, |b| b.max(rate));
        self.link = Some(best);
        if self.auto {
            self.bytes_per_s = Some(share(best));
        }
        Some(best)
    }

    fn sent(&mut self, n: u64) {
        self.sent += n;
        if let Some(rate) = self.bytes_per_s {
            let due = std::time::Duration::from_secs_f64(self.sent as f64 / rate as f64);
            if let Some(wait) = due.checked_sub(self.start.elapsed()) {
                std::thread::sleep(wait);
            }
        }
    }
}

fn share(link: u64) -> u64 {
    (link * LINK_SHARE_PERCENT / 100).max(1)
}

fn kib(bytes_per_s: u64) -> u32 {
    (bytes_per_s / 1024).min(u64::from(u32::MAX)) as u32
}

/// Opens the configured store with its secret.
pub(crate) fn open(app: &AppData) -> Result<(Target, Store)> {
    let config = Config::load(app)?;
    let (t, settings) = Target::configured(&config)?;
    let secret = target::secret(&settings.key_id)?;
    let store = Store::open(&t, &settings.key_id, &secret)?;
    // A listing first: its answer has a body that says why the store refuses (a wrong key, a
    // PC clock off), where the HEAD requests that follow would only say 403.
    store.folders("")?;
    Ok((t, store))
}

/// Sends the runs of the drive at `drive` (the plugged registered drive when `None`).
pub fn push(
    app: &AppData,
    drive: Option<&Path>,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<Report> {
    let config = Config::load(app)?;
    let (t, store) = open(app)?;
    let root = match drive {
        Some(d) => d.to_path_buf(),
        None => crate::drive::the_present_target(&config.targets)?,
    };
    let drive = crate::drive::open_target(&root)?;
    let app_dir = drive.app_dir();
    let state = State::open(&state_file(app), &t.url)?;
    let journal = crate::journal::Journal::open(&app.journal_file())?;
    let mut report = Report {
        store: t.shown(),
        runs: Vec::new(),
        already: 0,
        bytes_sent: 0,
        paused: false,
        cap_kib_s: None,
        cap_auto: false,
        link_kib_s: None,
        status_written: false,
    };
    let runs = crate::runs::finished(&app_dir)?;
    let todo: Vec<&PathBuf> = runs
        .iter()
        .filter(|r| !state.run_done(&name_of(r)).unwrap_or(false))
        .collect();
    report.already = runs.len() - todo.len();
    let total: u64 = todo
        .iter()
        .flat_map(|r| crate::runs::zips(r).unwrap_or_default())
        .map(|(_, size)| size)
        .sum();
    let mut p = Progress::new(Phase::Sending);
    p.total = total;
    let mut pace = Pace::new(
        config.offsite.as_ref().and_then(|o| o.limit_kib_s),
        state.link()?,
    );
    // The local backup comes first: the upload stops between parts when one starts.
    let local_backup = || crate::backup::running(app);
    for run in todo {
        cancel.check()?;
        let name = name_of(run);
        let sums_text = std::fs::read_to_string(run.join(SUMS)).at(run.join(SUMS))?;
        let sums = crate::verify::parse_sums(&sums_text);
        let mut sent = RunSent {
            label: crate::runs::label(&name),
            run: name.clone(),
            objects: 0,
            bytes_sent: 0,
        };
        // The zips, the drive's log as of this run, and SHA256SUMS last: a run in the store
        // without it is still on its way.
        let mut files: Vec<(PathBuf, String, Option<String>)> = sums
            .iter()
            .map(|(file, sha)| (run.join(file), file.clone(), Some(sha.clone())))
            .collect();
        let log = app_dir.join(crate::journal::DRIVE_LOG);
        if log.is_file() {
            files.push((log, crate::journal::DRIVE_LOG.to_string(), None));
        }
        files.push((run.join(SUMS), SUMS.to_string(), None));
        for (path, file, sha) in files {
            cancel.check()?;
            if local_backup() {
                report.paused = true;
                report.bytes_sent += sent.bytes_sent;
                return Ok(report.with_pace(&pace));
            }
            let key = format!("{name}/{file}");
            p.item = key.clone();
            progress.emit(&p);
            if !state.verified(&key)? {
                let n = send(
                    &store,
                    &state,
                    &key,
                    &path,
                    sha.as_deref(),
                    cancel,
                    &local_backup,
                    &mut |b, moved| {
                        p.bytes += b;
                        p.done = p.done.saturating_add(b).min(total);
                        progress.emit(&p);
                        if let Moved::Sent(took) = moved {
                            if let Some(link) = took.and_then(|t| pace.measured(b, t)) {
                                // Kept for the next push's first requests; a failed write
                                // only loses the estimate.
                                let _ = state.save_link(link);
                            }
                            pace.sent(b);
                        }
                    },
                );
                let n = match n {
                    Err(Error::Cancelled) if local_backup() => {
                        report.paused = true;
                        return Ok(report.with_pace(&pace));
                    }
                    other => other?,
                };
                sent.bytes_sent += n;
            }
            sent.objects += 1;
        }
        let mut sources: Vec<String> = sums
            .iter()
            .map(|(file, _)| crate::runs::source_stem(file).to_string())
            .collect();
        sources.sort_unstable();
        sources.dedup();
        state.mark_run(&name, &sources)?;
        journal.record(crate::journal::OFFSITE_KIND, &sent.label, SENT_NOTE)?;
        report.bytes_sent += sent.bytes_sent;
        report.runs.push(sent);
    }
    p.phase = Phase::Finished;
    p.item.clear();
    progress.emit(&p);
    Ok(report.with_pace(&pace))
}

impl Report {
    fn with_pace(mut self, pace: &Pace) -> Report {
        self.cap_kib_s = pace.bytes_per_s.map(kib);
        self.cap_auto = pace.auto;
        self.link_kib_s = pace.link.map(kib);
        self
    }
}

fn name_of(run: &Path) -> String {
    run.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// What one pass over a file gives: its SHA-256 and the ETag S3 computes for it.
struct Sums {
    sha256: String,
    etag: String,
}

/// Sends one file (whole or in parts, resuming confirmed parts), then checks it in the store.
/// Returns the bytes sent this time. `pause` is asked between parts.
#[allow(clippy::too_many_arguments)]
fn send(
    store: &Store,
    state: &State,
    key: &str,
    path: &Path,
    sha: Option<&str>,
    cancel: &CancelToken,
    pause: &dyn Fn() -> bool,
    on_bytes: &mut dyn FnMut(u64, Moved),
) -> Result<u64> {
    let size = std::fs::metadata(path).at(path)?.len();
    let in_parts = size > PART && store.can_resume_parts();
    let streamed = size > PART && store.can_stream();
    // Sent before a cut that came between the store's answer and this PC noting it.
    if store.head(key)?.is_some_and(|m| m.size == size) {
        let sums = local_sums(path, in_parts)?;
        check_drive_copy(key, sha, &sums.sha256)?;
        if check_in_store(store, key, size, &sums).is_ok() {
            state.mark_verified(key)?;
            on_bytes(size, Moved::Already);
            return Ok(0);
        }
    }
    let (sums, sent) = if streamed {
        let sums = send_stream(store, key, path, size, sha, cancel, pause, on_bytes)?;
        (sums, size)
    } else if !in_parts {
        let data = std::fs::read(path).at(path)?;
        let sums = Sums {
            sha256: hex::encode(Sha256::digest(&data)),
            etag: hex::encode(Md5::digest(&data)),
        };
        check_drive_copy(key, sha, &sums.sha256)?;
        let t0 = std::time::Instant::now();
        store.put(key, Bytes::from(data))?;
        on_bytes(size, Moved::Sent(Some(t0.elapsed())));
        (sums, size)
    } else {
        match send_parts(store, state, key, path, size, sha, cancel, pause, on_bytes) {
            Ok(done) => done,
            Err(e) => {
                // The store forgot the upload (it expired, or was cleaned): start it afresh next time.
                if matches!(&e, Error::Offsite { detail, .. } if detail.contains("NoSuchUpload")) {
                    state.save_upload(key, &Upload::default())?;
                }
                return Err(e);
            }
        }
    };
    check_in_store(store, key, size, &sums)?;
    state.mark_verified(key)?;
    Ok(sent)
}

#[allow(clippy::too_many_arguments)]
fn send_parts(
    store: &Store,
    state: &State,
    key: &str,
    path: &Path,
    size: u64,
    sha: Option<&str>,
    cancel: &CancelToken,
    pause: &dyn Fn() -> bool,
    on_bytes: &mut dyn FnMut(u64, Moved),
) -> Result<(Sums, u64)> {
    let mut up: Upload = state.upload(key)?;
    let id = match &up.id {
        Some(id) => id.clone(),
        None => {
            let id = store.start_parts(key)?;
            up = Upload {
                id: Some(id.clone()),
                parts: Vec::new(),
            };
            state.save_upload(key, &up)?;
            id
        }
    };
    let mut f = std::fs::File::open(path).at(path)?;
    let mut whole = Sha256::new();
    let mut part_md5s = Vec::new();
    let mut sent = 0;
    let count = size.div_ceil(PART) as usize;
    for index in 0..count {
        let len = PART.min(size - index as u64 * PART) as usize;
        let mut buf = vec![0; len];
        f.seek(SeekFrom::Start(index as u64 * PART)).at(path)?;
        f.read_exact(&mut buf).at(path)?;
        whole.update(&buf);
        part_md5s.extend_from_slice(&Md5::digest(&buf));
        // Parts the store confirmed before a cut are read again only for the sums.
        if index < up.parts.len() {
            on_bytes(len as u64, Moved::Already);
            continue;
        }
        cancel.check()?;
        if pause() {
            return Err(Error::Cancelled);
        }
        let t0 = std::time::Instant::now();
        let etag = store.put_part(key, &id, index, Bytes::from(buf))?;
        let took = t0.elapsed();
        up.parts.push(etag);
        state.save_upload(key, &up)?;
        sent += len as u64;
        on_bytes(len as u64, Moved::Sent(Some(took)));
    }
    let sums = Sums {
        sha256: hex::encode(whole.finalize()),
        etag: format!("{}-{count}", hex::encode(Md5::digest(&part_md5s))),
    };
    check_drive_copy(key, sha, &sums.sha256)?;
    store.finish_parts(key, &id, up.parts)?;
    Ok((sums, sent))
}

/// Streams a large file to a WebDAV store as it is read from the drive. The last chunk goes only
/// after the whole file matched the run's SHA256SUMS, so a copy damaged on the drive is cut off
/// before the store has it (a school's WebDAV account may not overwrite it afterwards).
#[allow(clippy::too_many_arguments)]
fn send_stream(
    store: &Store,
    key: &str,
    path: &Path,
    size: u64,
    sha: Option<&str>,
    cancel: &CancelToken,
    pause: &dyn Fn() -> bool,
    on_bytes: &mut dyn FnMut(u64, Moved),
) -> Result<Sums> {
    let mut f = std::fs::File::open(path).at(path)?;
    let mut whole = Sha256::new();
    let mut one = Md5::new();
    let mut read = 0u64;
    let mut finished = None;
    store.put_stream(key, size, || {
        if read == size {
            return Ok(None);
        }
        cancel.check()?;
        if pause() {
            return Err(Error::Cancelled);
        }
        let mut buf = vec![0; CHUNK.min(size - read) as usize];
        f.read_exact(&mut buf).at(path)?;
        whole.update(&buf);
        one.update(&buf);
        read += buf.len() as u64;
        if read == size {
            let sums = Sums {
                sha256: hex::encode(whole.clone().finalize()),
                etag: hex::encode(one.clone().finalize()),
            };
            check_drive_copy(key, sha, &sums.sha256)?;
            finished = Some(sums);
        }
        on_bytes(buf.len() as u64, Moved::Sent(None));
        Ok(Some(Bytes::from(buf)))
    })?;
    finished.ok_or_else(|| Error::OffsiteMismatch {
        key: key.to_string(),
        detail: "tệp trên ổ sao lưu ngắn hơn lúc bắt đầu gửi".into(),
    })
}

/// The sums of a file on the drive, computed as `send` would.
fn local_sums(path: &Path, in_parts: bool) -> Result<Sums> {
    let mut f = std::fs::File::open(path).at(path)?;
    let mut whole = Sha256::new();
    let mut one = Md5::new();
    let mut part_md5s = Vec::new();
    let mut count = 0;
    let mut buf = vec![0; PART as usize];
    loop {
        let mut len = 0;
        while len < buf.len() {
            let n = f.read(&mut buf[len..]).at(path)?;
            if n == 0 {
                break;
            }
            len += n;
        }
        if len == 0 {
            break;
        }
        whole.update(&buf[..len]);
        one.update(&buf[..len]);
        part_md5s.extend_from_slice(&Md5::digest(&buf[..len]));
        count += 1;
    }
    let etag = if in_parts {
        format!("{}-{count}", hex::encode(Md5::digest(&part_md5s)))
    } else {
        hex::encode(one.finalize())
    };
    Ok(Sums {
        sha256: hex::encode(whole.finalize()),
        etag,
    })
}

/// A zip that no longer matches the run's SHA256SUMS on the drive is not sent as if it were good.
fn check_drive_copy(key: &str, expected: Option<&str>, got: &str) -> Result<()> {
    match expected {
        Some(e) if !e.eq_ignore_ascii_case(got) => Err(Error::OffsiteMismatch {
            key: key.to_string(),
            detail: "tệp trên ổ sao lưu không còn khớp SHA256SUMS".into(),
        }),
        _ => Ok(()),
    }
}

/// The store holds what was sent: the right size, and the ETag S3 computes from the bytes it
/// received (MD5, or MD5 of the parts' MD5s). A store whose ETag is something else (WebDAV) is
/// read back and hashed.
fn check_in_store(store: &Store, key: &str, size: u64, sums: &Sums) -> Result<()> {
    let mismatch = |detail: String| Error::OffsiteMismatch {
        key: key.to_string(),
        detail,
    };
    let meta = store
        .head(key)?
        .ok_or_else(|| mismatch("kho không có tệp vừa gửi".into()))?;
    if meta.size != size {
        return Err(mismatch(format!(
            "kho giữ {} byte, đã gửi {size} byte",
            meta.size
        )));
    }
    let etag = meta.e_tag.as_deref().map(|e| e.trim_matches('"'));
    if etag.is_some_and(|e| e.eq_ignore_ascii_case(&sums.etag)) {
        return Ok(());
    }
    let mut h = Sha256::new();
    store.read(key, |chunk| {
        h.update(chunk);
        Ok(())
    })?;
    let read = hex::encode(h.finalize());
    if read == sums.sha256 {
        Ok(())
    } else {
        Err(mismatch("đọc lại từ kho không ra đúng SHA-256".into()))
    }
}

/// This PC's offsite state, for `offsite show` and the status panel.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    pub url: String,
    pub key_id: String,
    /// The secret is in the keychain (or given by the environment).
    pub has_secret: bool,
    /// The newest run checked in the store, and when (RFC 3339).
    pub last_run: Option<(String, String)>,
    /// The cap as set (`None`: automatic, `Some(0)`: none), and the link as last measured, KiB a
    /// second; the automatic cap is `LINK_SHARE_PERCENT` of it.
    pub limit_kib_s: Option<u32>,
    pub link_kib_s: Option<u32>,
}

pub fn show(app: &AppData) -> Result<Shown> {
    let config = Config::load(app)?;
    let (t, settings) = Target::configured(&config)?;
    let state = State::open(&state_file(app), &t.url)?;
    Ok(Shown {
        has_secret: target::secret(&settings.key_id).is_ok(),
        last_run: state.last_run()?,
        limit_kib_s: settings.limit_kib_s,
        link_kib_s: state.link()?.map(kib),
        url: t.url,
        key_id: settings.key_id,
    })
}
