//! A file found by name in the runs of the offsite store, as `catalog::find` finds it on a drive.
//! Only each zip's directory and manifest come over the school's link (ranged reads of a few
//! blocks), never the whole zip.

use super::push::open;
use super::store::Store;
use crate::appdata::AppData;
use crate::catalog::{self, Hit};
use crate::error::Error;
use crate::error::Result;
use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// Files whose name holds `query` in every complete offsite run, newest run first.
pub fn find(app: &AppData, query: &str) -> Result<Vec<Hit>> {
    let wanted = catalog::wanted(query);
    let mut hits = Vec::new();
    if wanted.is_empty() {
        return Ok(hits);
    }
    let (_, store) = open(app)?;
    for run in super::fetch::listed(&store)? {
        if !run.complete {
            continue;
        }
        for (zip, size) in run.files.iter().filter(|(n, _)| n.ends_with(".zip")) {
            let key = format!("{}/{zip}", run.run);
            let failed = RefCell::new(None);
            let reader = Ranged::new(&store, &key, *size, &failed);
            let m = zip::ZipArchive::new(reader)
                .ok()
                .and_then(|mut z| crate::verify::read_manifest(&mut z, Path::new(&key)).ok());
            // The store failing (a network drop) is said; a zip without a readable manifest is
            // left to `restore`'s checks, as on a drive.
            if let Some(e) = failed.into_inner() {
                return Err(e);
            }
            let Some(m) = m else {
                continue;
            };
            hits.extend(catalog::matches(
                &run.run,
                &PathBuf::new(),
                zip,
                &m,
                &wanted,
            ));
        }
    }
    Ok(hits)
}

/// An object in the store read as a file, a block at a time, each block fetched once.
struct Ranged<'a> {
    store: &'a Store,
    key: String,
    size: u64,
    pos: u64,
    blocks: HashMap<u64, bytes::Bytes>,
    /// The store's own error, kept whole: `Read` can only pass on an `io::Error`.
    failed: &'a RefCell<Option<Error>>,
}

/// Large enough that a zip's end record and directory usually come in one or two requests.
const BLOCK: u64 = 64 << 10;

impl<'a> Ranged<'a> {
    fn new(
        store: &'a Store,
        key: &str,
        size: u64,
        failed: &'a RefCell<Option<Error>>,
    ) -> Ranged<'a> {
        Ranged {
            store,
            key: key.to_string(),
            size,
            pos: 0,
            blocks: HashMap::new(),
            failed,
        }
    }
}

impl Read for Ranged<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pos >= self.size || buf.is_empty() {
            return Ok(0);
        }
        let index = self.pos / BLOCK;
        if !self.blocks.contains_key(&index) {
            let start = index * BLOCK;
            let end = (start + BLOCK).min(self.size);
            let got = match self.store.read_range(&self.key, start..end) {
                Ok(got) => got,
                Err(e) => {
                    let said = std::io::Error::other(e.to_string());
                    *self.failed.borrow_mut() = Some(e);
                    return Err(said);
                }
            };
            self.blocks.insert(index, got);
        }
        let block = &self.blocks[&index];
        let at = (self.pos - index * BLOCK) as usize;
        let n = buf.len().min(block.len().saturating_sub(at));
        if n == 0 {
            return Ok(0);
        }
        buf[..n].copy_from_slice(&block[at..at + n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for Ranged<'_> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let pos = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.size.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = pos.ok_or_else(|| std::io::Error::other("seek before the start"))?;
        Ok(self.pos)
    }
}
