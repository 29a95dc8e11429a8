//! A folder on this PC as a backup source (the accountant's data folder, exported files…).
//! Every file is either stored or listed as a problem with its reason; nothing is skipped silently.

use crate::archive::{Added, ZipBuilder};
use crate::error::{Error, Result};
use crate::pack::{self, Item};
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

/// Lists what the folder holds, sorted so that two runs of an unchanged folder give the same order.
fn walk(root: &Path, cancel: &CancelToken) -> Result<Vec<Item>> {
    let mut items = Vec::new();
    for item in WalkDir::new(root).follow_links(false).sort_by_file_name() {
        cancel.check()?;
        let e = match item {
            Ok(e) => e,
            Err(err) => {
                let rel = err.path().map(|p| rel_name(root, p)).unwrap_or_default();
                let io = err
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("vòng lặp liên kết"));
                let reason = crate::message::error(&Error::io(&rel, io));
                items.push(Item::Problem { rel, reason });
                continue;
            }
        };
        if e.depth() == 0 {
            continue;
        }
        let rel = rel_name(root, e.path());
        let ft = e.file_type();
        if ft.is_dir() {
            let empty = std::fs::read_dir(e.path())
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if empty {
                items.push(Item::EmptyDir(rel));
            }
        } else if ft.is_file() {
            items.push(Item::File {
                rel,
                path: e.into_path(),
            });
        } else {
            // Links could point outside the folder or loop; their targets are backed up where they live.
            items.push(Item::Problem {
                rel,
                reason: "Liên kết (shortcut/symlink) không được sao lưu; hãy sao lưu thư mục gốc của nó."
                    .into(),
            });
        }
    }
    Ok(items)
}

/// Puts the folder into `zip`, compressing on every core. `total` is the estimate, for progress.
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
    let items = walk(root, cancel)?;
    let mut p = Progress::new(Phase::Writing);
    p.total = total.0;
    pack::write_items(zip, &items, cancel, &mut |rel, added| {
        if let Added::Stored { bytes } = added {
            p.bytes += bytes;
        }
        p.done += 1;
        p.item = rel.to_string();
        progress.emit(&p);
    })
}
