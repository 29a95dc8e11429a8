//! A folder on this PC as a backup source (the accountant's data folder, exported files…).
//! Every file is either stored or listed as a problem with its reason; nothing is skipped silently.

use crate::archive::{Added, ZipBuilder};
use crate::error::{Error, Result};
use crate::progress::{CancelToken, Phase, Progress, ProgressSink};
use std::path::Path;
use walkdir::WalkDir;

/// Files and bytes the folder holds now, for the free-space check and the progress total.
pub fn estimate(root: &Path) -> Result<(u64, u64)> {
    if !root.is_dir() {
        return Err(Error::SourceMissing(root.to_path_buf()));
    }
    let (mut files, mut bytes) = (0, 0);
    for e in WalkDir::new(root).into_iter().flatten() {
        if e.file_type().is_file() {
            files += 1;
            bytes += e.metadata().map(|m| m.len()).unwrap_or(0);
        }
    }
    Ok((files, bytes))
}

fn rel_name(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Streams the folder into `zip`. `total` is the estimate, used only for progress.
pub fn collect(
    root: &Path,
    zip: &mut ZipBuilder,
    total: (u64, u64),
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<()> {
    if !root.is_dir() {
        return Err(Error::SourceMissing(root.to_path_buf()));
    }
    let mut p = Progress::new(Phase::Writing);
    p.total = total.0;
    // Sorted, so two runs of an unchanged folder produce the same entry order.
    for item in WalkDir::new(root).follow_links(false).sort_by_file_name() {
        cancel.check()?;
        let e = match item {
            Ok(e) => e,
            Err(err) => {
                let rel = err.path().map(|p| rel_name(root, p)).unwrap_or_default();
                let io = err
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("vòng lặp liên kết"));
                zip.note_problem(&rel, crate::message::error(&Error::io(&rel, io)));
                continue;
            }
        };
        let rel = rel_name(root, e.path());
        if e.depth() == 0 {
            continue;
        }
        let ft = e.file_type();
        if ft.is_dir() {
            let empty = std::fs::read_dir(e.path())
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if empty {
                zip.add_empty_dir(&rel)?;
            }
        } else if ft.is_file() {
            if let Added::Stored { bytes } = zip.add_file(&rel, e.path())? {
                p.bytes += bytes;
            }
            p.done += 1;
            p.item = rel;
            progress.emit(&p);
        } else {
            // Links could point outside the folder or loop; their targets are backed up where they live.
            zip.note_problem(
                &rel,
                "Liên kết (shortcut/symlink) không được sao lưu; hãy sao lưu thư mục gốc của nó."
                    .into(),
            );
        }
    }
    Ok(())
}
