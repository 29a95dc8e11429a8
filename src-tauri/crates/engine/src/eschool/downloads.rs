//! Picks up a file the user just exported from eSchool: watches the Downloads folder (notify)
//! for a new `.xls`, `.xlsx`, `.ods`, `.csv` or `.zip`, and hands it over once the browser has
//! finished writing it (browsers download to `.crdownload`/`.part` and rename at the end).

use crate::error::{Error, Result};
use notify::{EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const WANTED: &[&str] = &["xls", "xlsx", "ods", "csv", "zip"];

/// Is this a finished export's name (not a browser's partial download)?
pub fn is_export(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| WANTED.iter().any(|w| w.eq_ignore_ascii_case(e)))
}

/// The user's Downloads folder, where browsers save exports (`~/Downloads` when the OS names none).
pub fn folder() -> PathBuf {
    directories::UserDirs::new()
        .map(|u| {
            u.download_dir()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| u.home_dir().join("Downloads"))
        })
        .unwrap_or_else(std::env::temp_dir)
}

pub struct Watch {
    rx: mpsc::Receiver<PathBuf>,
    _watcher: notify::RecommendedWatcher,
}

/// Starts watching `dir`. Files already there are not offered: only what appears from now on.
pub fn watch(dir: &Path) -> Result<Watch> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res {
            if matches!(ev.kind, EventKind::Create(_) | EventKind::Modify(_)) {
                for p in ev.paths.into_iter().filter(|p| is_export(p)) {
                    let _ = tx.send(p);
                }
            }
        }
    })
    .map_err(|e| Error::io(dir, std::io::Error::other(e)))?;
    watcher
        .watch(dir, RecursiveMode::NonRecursive)
        .map_err(|e| Error::io(dir, std::io::Error::other(e)))?;
    Ok(Watch {
        rx,
        _watcher: watcher,
    })
}

impl Watch {
    /// The next finished export, or `None` after `timeout`. A file counts as finished when it is
    /// not empty and its size held still for half a second.
    pub fn next(&self, timeout: Duration) -> Option<PathBuf> {
        self.wait(timeout, &crate::progress::CancelToken::default())
    }

    /// As `next`, giving up early when `cancel` is set (the user closed the step).
    pub fn wait(
        &self,
        timeout: Duration,
        cancel: &crate::progress::CancelToken,
    ) -> Option<PathBuf> {
        let until = Instant::now() + timeout;
        while !cancel.is_cancelled() {
            let left = until.checked_duration_since(Instant::now())?;
            let Ok(p) = self.rx.recv_timeout(left.min(Duration::from_millis(300))) else {
                continue;
            };
            if settled(&p, until) {
                // Later events for the same file (more writes) are not a second file.
                while self.rx.try_recv().is_ok_and(|q| q == p) {}
                return Some(p);
            }
        }
        None
    }
}

fn settled(p: &Path, until: Instant) -> bool {
    let mut last = None;
    while Instant::now() < until {
        let size = std::fs::metadata(p).map(|m| m.len()).ok();
        match (size, last) {
            (None, _) => return false,
            (Some(n), Some(m)) if n == m && n > 0 => return true,
            _ => {}
        }
        last = size;
        std::thread::sleep(Duration::from_millis(500));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::io::Write;

    #[test]
    fn a_new_export_is_picked_up_once_the_browser_has_finished() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("cu.xlsx"), b"old export").unwrap();
        let w = watch(dir.path()).unwrap();
        let d = dir.path().to_path_buf();
        let writer = std::thread::spawn(move || {
            fs::write(d.join("ghi-chu.pdf"), b"not an export").unwrap();
            // Chrome: a .crdownload written in pieces, then renamed.
            let part = d.join("DanhSachHocSinh.xlsx.crdownload");
            let mut f = fs::File::create(&part).unwrap();
            for _ in 0..5 {
                f.write_all(&[b'x'; 1000]).unwrap();
                f.flush().unwrap();
                std::thread::sleep(Duration::from_millis(100));
            }
            drop(f);
            fs::rename(&part, d.join("DanhSachHocSinh.xlsx")).unwrap();
        });
        let got = w
            .next(Duration::from_secs(10))
            .expect("the export is noticed");
        writer.join().unwrap();
        assert_eq!(got.file_name().unwrap(), "DanhSachHocSinh.xlsx");
        assert_eq!(fs::metadata(&got).unwrap().len(), 5000);
        // Nothing else appears: neither the old file nor the PDF.
        assert_eq!(w.next(Duration::from_millis(1500)), None);
    }
}
