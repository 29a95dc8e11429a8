//! Puts a list of files into a zip using every core: worker threads read, hash and compress small
//! files ([`Packed`]) while the calling thread writes them into the zip in list order, so a run's
//! entry order does not depend on thread timing. Large files are streamed by the writer itself.
//!
//! Memory is bounded: workers never run more than `window` files ahead of the writer, and each
//! holds at most [`PACK_LIMIT`] bytes, so peak use is about `window × 2 × PACK_LIMIT`.

use crate::archive::{Added, Packed, ZipBuilder, PACK_LIMIT};
use crate::error::Result;
use crate::progress::CancelToken;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

/// One thing a source wants in its zip, in the order it should appear.
#[derive(Debug, Clone)]
pub enum Item {
    File {
        rel: String,
        path: PathBuf,
    },
    EmptyDir(String),
    /// Something the source has but that cannot go into the zip, with the reason.
    Problem {
        rel: String,
        reason: String,
    },
}

/// Files stored as they are larger than this are streamed by the writer rather than packed.
const STORED_PACK_LIMIT: u64 = 256 * 1024;

/// What a worker made of one file.
pub enum Ready {
    Packed(Packed),
    /// Too large to hold in memory: the writer streams it from disk.
    Stream(PathBuf),
    Unreadable(io::Error),
}

/// Reads and compresses one file on a worker thread, unless the writer had better stream it.
pub fn prepare_file(
    rel: &str,
    path: &Path,
    zip_key: Option<&crate::passphrase::Passphrase>,
) -> Ready {
    match std::fs::metadata(path) {
        Ok(m) if m.len() > PACK_LIMIT => Ready::Stream(path.to_path_buf()),
        // Photos and PDFs need no compression, only hashing, which the writer does as fast as it
        // writes; holding them in memory would only cost memory.
        Ok(m) if m.len() > STORED_PACK_LIMIT && crate::archive::already_compressed(rel) => {
            Ready::Stream(path.to_path_buf())
        }
        Ok(_) => match Packed::file(rel, path, zip_key) {
            Ok(p) => Ready::Packed(p),
            Err(e) => Ready::Unreadable(e),
        },
        Err(e) => Ready::Unreadable(e),
    }
}

/// Puts what a worker made of a file into the zip, on the writer's thread.
pub fn add_ready(zip: &mut ZipBuilder, rel: &str, ready: Ready) -> Result<Added> {
    match ready {
        Ready::Packed(p) => zip.add_packed(rel, p),
        Ready::Stream(path) => zip.add_file(rel, &path),
        Ready::Unreadable(e) => Ok(zip.note_unreadable(rel, e)),
    }
}

/// Worker threads to use: every core, but not so many that a small PC's memory suffers.
pub(crate) fn workers() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, 8)
}

/// Writes `items` into `zip` in order. `on_file` hears about every file item after it was stored
/// or skipped (for progress).
pub fn write_items(
    zip: &mut ZipBuilder,
    items: &[Item],
    cancel: &CancelToken,
    on_file: &mut dyn FnMut(&str, &Added),
) -> Result<()> {
    let key = zip.encryption().cloned();
    in_order(
        items.len(),
        &|i| match &items[i] {
            Item::File { rel, path } => Some(prepare_file(rel, path, key.as_ref())),
            _ => None,
        },
        cancel,
        &mut |i, ready| {
            match (&items[i], ready) {
                (Item::File { rel, .. }, Some(ready)) => {
                    let added = add_ready(zip, rel, ready)?;
                    on_file(rel, &added);
                }
                (Item::EmptyDir(rel), _) => zip.add_empty_dir(rel)?,
                (Item::Problem { rel, reason }, _) => zip.note_problem(rel, reason.clone()),
                (Item::File { .. }, None) => unreachable!("every file item is prepared"),
            }
            Ok(())
        },
    )
}

/// Runs `prepare` for every index `0..count` on every core while the calling thread hands each
/// result to `write` in index order, so what is written does not depend on thread timing.
/// Workers never run more than a few items ahead of the writer, which bounds memory.
pub fn in_order<T: Send>(
    count: usize,
    prepare: &(dyn Fn(usize) -> T + Sync),
    cancel: &CancelToken,
    write: &mut dyn FnMut(usize, T) -> Result<()>,
) -> Result<()> {
    let threads = workers();
    let window = 2 * threads + 2;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // How many items the writer has finished; workers wait while they would run too far ahead.
    let written = (Mutex::new(0usize), Condvar::new());
    let (tx, rx) = mpsc::sync_channel::<(usize, T)>(window);

    std::thread::scope(|s| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, stop, written) = (&next, &stop, &written);
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    break;
                }
                {
                    let (lock, cv) = written;
                    let mut w = lock.lock().unwrap_or_else(|e| e.into_inner());
                    while i >= *w + window && !stop.load(Ordering::Relaxed) {
                        w = cv.wait(w).unwrap_or_else(|e| e.into_inner());
                    }
                }
                if stop.load(Ordering::Relaxed) || tx.send((i, prepare(i))).is_err() {
                    break;
                }
            });
        }
        drop(tx);

        let result = write_in_order(count, &rx, &written, cancel, write);
        // On an error the workers must not wait for a writer that is gone. Set under the lock a
        // waiting worker checks it under: set between that check and its wait, the wake-up
        // would be lost and the worker, and with it the whole backup, would wait forever.
        {
            let _held = written.0.lock().unwrap_or_else(|e| e.into_inner());
            stop.store(true, Ordering::Relaxed);
        }
        written.1.notify_all();
        drop(rx);
        result
    })
}

fn write_in_order<T>(
    count: usize,
    rx: &mpsc::Receiver<(usize, T)>,
    written: &(Mutex<usize>, Condvar),
    cancel: &CancelToken,
    write: &mut dyn FnMut(usize, T) -> Result<()>,
) -> Result<()> {
    let mut early: BTreeMap<usize, T> = BTreeMap::new();
    for i in 0..count {
        cancel.check()?;
        let ready = loop {
            if let Some(r) = early.remove(&i) {
                break r;
            }
            match rx.recv() {
                Ok((j, r)) => {
                    early.insert(j, r);
                }
                // Every worker ended without item i: only a panic does that, and scope re-raises it.
                Err(_) => return Err(crate::Error::Cancelled),
            }
        };
        write(i, ready)?;
        let (lock, cv) = written;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = i + 1;
        cv.notify_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::{RunWriter, SourceInfo};
    use chrono::Local;

    #[test]
    fn entries_keep_list_order_whatever_the_threads_do() {
        let src = tempfile::tempdir().unwrap();
        let mut items = Vec::new();
        for i in 0..200 {
            let path = src.path().join(format!("{i}.txt"));
            // Uneven sizes so workers finish out of order; one file streams.
            let size = if i == 7 {
                PACK_LIMIT as usize + 10
            } else {
                (i * 397) % 5000
            };
            std::fs::write(&path, vec![b'a' + (i % 26) as u8; size]).unwrap();
            items.push(Item::File {
                rel: format!("tệp-{i}.txt"),
                path,
            });
        }
        items.insert(3, Item::EmptyDir("trống".into()));
        items.push(Item::File {
            rel: "mất.txt".into(),
            path: src.path().join("không-có"),
        });
        let out = tempfile::tempdir().unwrap();
        let mut run = RunWriter::begin(out.path(), Local::now()).unwrap();
        let info = SourceInfo {
            kind: "folder".into(),
            name: "x".into(),
            origin: "x".into(),
        };
        let mut zip = run.zip("x", info, None).unwrap();
        let mut seen = Vec::new();
        write_items(&mut zip, &items, &CancelToken::default(), &mut |rel, _| {
            seen.push(rel.to_string())
        })
        .unwrap();
        assert_eq!((zip.files(), seen.len()), (200, 201));
        let summary = zip.finish().unwrap();
        assert_eq!(summary.problems.len(), 1, "the missing file is listed");
        run.add(summary);
        let (dir, _) = run.finish().unwrap();
        let report = crate::verify::verify_path(&dir, None).unwrap();
        assert!(
            report.ok() && report.entries == 200,
            "{:?}",
            report.problems
        );
        let f = std::fs::File::open(dir.join("x.zip")).unwrap();
        let z = zip::ZipArchive::new(f).unwrap();
        let names: Vec<String> = z.file_names().map(|n| n.unwrap().into_owned()).collect();
        assert_eq!(names[1], "tệp-0.txt");
        assert_eq!(names[4], "trống/");
        assert_eq!(names[201], "tệp-199.txt");
    }

    #[test]
    fn in_order_hands_results_over_in_order_and_stops_at_the_first_error() {
        let cancel = CancelToken::default();
        // Early items take longest, so workers finish out of order.
        let slow = |i: usize| {
            std::thread::sleep(std::time::Duration::from_micros(
                ((50 - i % 50) * 40) as u64,
            ));
            i * 3
        };
        let mut seen = Vec::new();
        in_order(500, &slow, &cancel, &mut |i, v| {
            assert_eq!(v, i * 3);
            seen.push(i);
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, (0..500).collect::<Vec<_>>());

        let mut written = 0;
        let err = in_order(10_000, &|i| i, &cancel, &mut |i, _| {
            if i == 7 {
                return Err(crate::Error::Cancelled);
            }
            written += 1;
            Ok(())
        });
        assert!(matches!(err, Err(crate::Error::Cancelled)));
        assert_eq!(written, 7);
    }
}
