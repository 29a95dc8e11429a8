//! The zip writer: one zip per source (split into parts where the drive's file system limits a
//! file's size), files compressed by worker threads or streamed, every entry hashed as it goes.

use super::names::{safe_path, with_suffix};
use super::{
    Added, Manifest, ManifestEntry, SourceInfo, SourceProblem, ZipSummary, BUF, MANIFEST, README,
};
use crate::error::{Error, IoContext, Result};
use crate::passphrase::Passphrase;
use chrono::{DateTime, Datelike, Local, Timelike};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// Files up to this size are read and compressed by worker threads ([`Packed`]); larger ones are
/// streamed by the writer so that memory stays flat whatever the file sizes.
pub const PACK_LIMIT: u64 = 4 << 20;

/// One file already compressed (and encrypted when asked) into a one-entry zip in memory, away from
/// the writer thread, so that every core compresses while one thread writes. The writer copies the
/// compressed bytes as they are; AES entries survive the copy because the name is not part of them.
pub struct Packed {
    zip: Vec<u8>,
    size: u64,
    sha256: String,
    modified: Option<DateTime<Local>>,
}

impl Packed {
    /// Reads and compresses a file of at most [`PACK_LIMIT`] bytes; `rel` picks the method.
    pub fn file(rel: &str, path: &Path, encryption: Option<&Passphrase>) -> io::Result<Packed> {
        let mut f = File::open(path)?;
        let meta = f.metadata()?;
        let mut data = Vec::with_capacity(meta.len() as usize);
        f.read_to_end(&mut data)?;
        let modified = meta.modified().ok().map(DateTime::<Local>::from);
        Packed::bytes(rel, &data, modified, encryption)
    }

    pub fn bytes(
        rel: &str,
        data: &[u8],
        modified: Option<DateTime<Local>>,
        encryption: Option<&Passphrase>,
    ) -> io::Result<Packed> {
        let mut opts = options_for(rel, data.len() as u64, modified);
        if let Some(p) = encryption {
            opts = opts.with_aes_encryption(zip::AesMode::Aes256, p.expose());
        }
        let mut zip = ZipWriter::new(io::Cursor::new(Vec::with_capacity(data.len() / 2 + 256)));
        zip.start_file("x", opts).map_err(io::Error::other)?;
        zip.write_all(data)?;
        let out = zip.finish().map_err(io::Error::other)?.into_inner();
        Ok(Packed {
            zip: out,
            size: data.len() as u64,
            sha256: hex::encode(Sha256::digest(data)),
            modified,
        })
    }
}

/// Streams files into one zip per source, hashing as it goes; memory stays flat whatever the file
/// sizes. On a file system with a file size limit (FAT32: 4 GiB) a source that would not fit is
/// split into parts (`trang-web.zip`, `trang-web.part2.zip`, …), each a complete zip with its own
/// manifest that opens and restores without the others.
pub struct ZipBuilder {
    dir: PathBuf,
    base: String,
    file_name: String,
    path: PathBuf,
    /// The open part; `None` only between closing a part and opening the next.
    zip: Option<ZipWriter<File>>,
    part: u32,
    /// Zips of this source already finished, in order.
    parts: Vec<String>,
    part_limit: u64,
    /// Bytes the central directory and manifest will need for the entries of the current part.
    trailer: u64,
    source: SourceInfo,
    started_at: DateTime<Local>,
    pub(super) entries: Vec<ManifestEntry>,
    empty_dirs: Vec<String>,
    problems: Vec<SourceProblem>,
    /// Names taken in this source, across parts, so that parts restore into one folder.
    used: HashSet<String>,
    files: u64,
    bytes: u64,
    buf: Vec<u8>,
    encryption: Option<Passphrase>,
}

/// Room kept in each part for `DOC-TOI.txt`, the manifest and zip's end records.
const PART_RESERVE: u64 = 256 * 1024;

impl ZipBuilder {
    pub(super) fn create(
        dir: PathBuf,
        base: String,
        file_name: String,
        source: SourceInfo,
        encryption: Option<Passphrase>,
        part_limit: u64,
    ) -> Result<ZipBuilder> {
        let path = dir.join(&file_name);
        let zip = start_part(&path, &source, 1)?;
        // The two names the app writes itself are taken before any source file can claim them.
        let used = [README, MANIFEST]
            .iter()
            .map(|n| n.to_lowercase())
            .collect();
        Ok(ZipBuilder {
            dir,
            base,
            file_name,
            path,
            zip: Some(zip),
            part: 1,
            parts: Vec::new(),
            part_limit,
            trailer: 0,
            source,
            started_at: Local::now(),
            entries: Vec::new(),
            empty_dirs: Vec::new(),
            problems: Vec::new(),
            used,
            files: 0,
            bytes: 0,
            buf: vec![0u8; BUF],
            encryption,
        })
    }

    fn writer(&mut self) -> &mut ZipWriter<File> {
        self.zip.as_mut().expect("a part is open")
    }

    pub fn encryption(&self) -> Option<&Passphrase> {
        self.encryption.as_ref()
    }

    /// Adds a file from disk under `rel` (`/`-separated, as the source names it).
    pub fn add_file(&mut self, rel: &str, path: &Path) -> Result<Added> {
        let (mut file, meta) = match File::open(path).and_then(|f| f.metadata().map(|m| (f, m))) {
            Ok(fm) => fm,
            Err(e) => return Ok(self.note_unreadable(rel, e)),
        };
        let modified = meta.modified().ok().map(DateTime::<Local>::from);
        self.add_reader(rel, &mut file, meta.len(), modified)
    }

    /// Adds bytes that did not come from a file (a downloaded page, a generated report).
    pub fn add_bytes(
        &mut self,
        rel: &str,
        data: &[u8],
        modified: Option<DateTime<Local>>,
    ) -> Result<()> {
        match self.add_reader(rel, &mut io::Cursor::new(data), data.len() as u64, modified)? {
            Added::Stored { .. } => Ok(()),
            Added::Skipped(r) => Err(Error::zip(&self.path, r)),
        }
    }

    /// Adds a file compressed by [`Packed`]: its bytes are copied into the zip without recompressing.
    pub fn add_packed(&mut self, rel: &str, packed: Packed) -> Result<Added> {
        self.make_room(rel, packed.zip.len() as u64)?;
        let name = self.claim(rel);
        let mut mini = zip::ZipArchive::new(io::Cursor::new(packed.zip))
            .map_err(|e| Error::zip(&self.path, e))?;
        let entry = mini
            .by_index_raw(0)
            .map_err(|e| Error::zip(&self.path, e))?;
        self.writer()
            .raw_copy_file_rename(entry, name.as_str())
            .map_err(|e| Error::zip(&self.path, e))?;
        Ok(self.record(rel, name, packed.size, packed.modified, packed.sha256))
    }

    fn add_reader(
        &mut self,
        rel: &str,
        r: &mut dyn Read,
        size_hint: u64,
        modified: Option<DateTime<Local>>,
    ) -> Result<Added> {
        // Deflate's worst case grows data by well under 0.1 %.
        self.make_room(rel, size_hint + size_hint / 500 + 4096)?;
        let name = self.claim(rel);
        let opts = options_for(&name, size_hint, modified);
        let opts = match &self.encryption {
            Some(p) => opts.with_aes_encryption(zip::AesMode::Aes256, p.expose()),
            None => opts,
        };
        let zip = self.zip.as_mut().expect("a part is open");
        zip.start_file(name.as_str(), opts)
            .map_err(|e| Error::zip(&self.path, e))?;
        let mut h = Sha256::new();
        let mut size = 0u64;
        loop {
            let n = match r.read(&mut self.buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    // A read failure half-way (a file locked or removed under us) must not leave a
                    // truncated entry that the manifest would then vouch for.
                    zip.abort_file().map_err(|z| Error::zip(&self.path, z))?;
                    self.used.remove(&name.to_lowercase());
                    return Ok(self.note_unreadable(rel, e));
                }
            };
            h.update(&self.buf[..n]);
            zip.write_all(&self.buf[..n]).at(&self.path)?;
            size += n as u64;
        }
        Ok(self.record(rel, name, size, modified, hex::encode(h.finalize())))
    }

    fn record(
        &mut self,
        rel: &str,
        name: String,
        size: u64,
        modified: Option<DateTime<Local>>,
        sha256: String,
    ) -> Added {
        // A manifest line and a central directory record, both naming the entry.
        self.trailer += 300 + 3 * name.len() as u64;
        let original = (name != rel).then(|| rel.to_string());
        self.entries.push(ManifestEntry {
            path: name,
            original,
            size,
            modified,
            sha256,
        });
        self.files += 1;
        self.bytes += size;
        Added::Stored { bytes: size }
    }

    /// Starts the next part when an entry of `worst` bytes might push this one past the limit.
    /// A part always takes at least one entry: one file larger than the limit is tried alone,
    /// and the file system's own error says it does not fit.
    fn make_room(&mut self, rel: &str, worst: u64) -> Result<()> {
        if self.entries.is_empty() && self.empty_dirs.is_empty() {
            return Ok(());
        }
        let written = self
            .writer()
            .get_ref()
            .and_then(|f| f.metadata().ok())
            .map(|m| m.len())
            .unwrap_or(0);
        let needed = written + worst + rel.len() as u64 * 3 + self.trailer + PART_RESERVE;
        if needed <= self.part_limit {
            return Ok(());
        }
        self.close_part(false)?;
        self.part += 1;
        self.file_name = crate::runs::part_name(&self.base, self.part);
        self.path = self.dir.join(&self.file_name);
        self.zip = Some(start_part(&self.path, &self.source, self.part)?);
        self.trailer = 0;
        Ok(())
    }

    /// Records an empty folder so that a restore brings it back too.
    pub fn add_empty_dir(&mut self, rel: &str) -> Result<()> {
        let name = self.claim(rel.trim_end_matches('/'));
        self.writer()
            .add_directory(
                name.as_str(),
                SimpleFileOptions::default().system(zip::System::Unix),
            )
            .map_err(|e| Error::zip(&self.path, e))?;
        self.trailer += 300 + 3 * name.len() as u64;
        self.empty_dirs.push(name);
        Ok(())
    }

    /// Lists a file the source has but that could not be read.
    pub fn note_problem(&mut self, rel: &str, reason: String) {
        self.problems.push(SourceProblem {
            path: rel.to_string(),
            reason,
        });
    }

    /// Records a file the source has but that could not be read, with the OS's reason.
    pub fn note_unreadable(&mut self, rel: &str, e: io::Error) -> Added {
        let reason = crate::message::error(&Error::io(rel, e));
        self.note_problem(rel, reason.clone());
        Added::Skipped(reason)
    }

    /// Makes `rel` safe for Windows and unique ignoring case, the way Windows and macOS compare names.
    fn claim(&mut self, rel: &str) -> String {
        let safe = safe_path(rel);
        let mut candidate = safe.clone();
        let mut n = 2;
        while !self.used.insert(candidate.to_lowercase()) {
            candidate = with_suffix(&safe, &format!("~{n}"));
            n += 1;
        }
        candidate
    }

    /// Drops a zip whose source failed, so the run holds only sources that were read completely.
    pub fn abandon(self) {
        let mut paths: Vec<PathBuf> = self.parts.iter().map(|p| self.dir.join(p)).collect();
        paths.push(self.path.clone());
        drop(self);
        for p in paths {
            let _ = fs::remove_file(p);
        }
    }

    pub fn files(&self) -> u64 {
        self.files
    }

    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Writes the current part's manifest, closes it and syncs it to the drive. Problems of the
    /// source are listed in its last part.
    fn close_part(&mut self, last: bool) -> Result<()> {
        let split = self.part > 1 || !last;
        let manifest = Manifest {
            format: 1,
            app: format!("{} {}", crate::APP_NAME, crate::APP_VERSION),
            source: self.source.clone(),
            started_at: self.started_at,
            finished_at: Local::now(),
            encrypted: self.encryption.is_some(),
            part: split.then_some(self.part),
            entries: std::mem::take(&mut self.entries),
            empty_dirs: std::mem::take(&mut self.empty_dirs),
            problems: if last {
                self.problems.clone()
            } else {
                Vec::new()
            },
        };
        let json = serde_json::to_vec_pretty(&manifest).expect("manifest serialises");
        self.writer()
            .start_file(MANIFEST, options_for(MANIFEST, json.len() as u64, None))
            .map_err(|e| Error::zip(&self.path, e))?;
        self.writer().write_all(&json).at(&self.path)?;
        let zip = self.zip.take().expect("a part is open");
        let mut file = zip.finish().map_err(|e| Error::zip(&self.path, e))?;
        file.flush().at(&self.path)?;
        file.sync_all().at(&self.path)?;
        self.parts.push(self.file_name.clone());
        Ok(())
    }

    /// Writes the manifest, closes the zip and syncs it to the drive.
    pub fn finish(mut self) -> Result<ZipSummary> {
        self.close_part(true)?;
        Ok(ZipSummary {
            bytes: self.bytes,
            files: self.files,
            file_name: self.parts[0].clone(),
            parts: std::mem::take(&mut self.parts),
            source: self.source.clone(),
            problems: std::mem::take(&mut self.problems),
        })
    }
}

/// Opens a part's file and writes its `DOC-TOI.txt`.
fn start_part(path: &Path, source: &SourceInfo, part: u32) -> Result<ZipWriter<File>> {
    let file = File::create(path).at(path)?;
    let mut zip = ZipWriter::new(file);
    zip.start_file(README, options_for(README, 0, None))
        .map_err(|e| Error::zip(path, e))?;
    let mut text = readme_text(source);
    if part > 1 {
        text.push_str(&format!(
            "\r\nĐây là phần {part} của bản sao lưu nguồn này (ổ đĩa FAT32 không chứa được tệp lớn hơn 4 GB).\r\n\
             Các phần nằm cùng thư mục; mỗi phần mở và kiểm tra được riêng. Khôi phục thì giải nén tất cả các phần vào cùng một thư mục.\r\n"
        ));
    }
    zip.write_all(text.as_bytes()).at(path)?;
    Ok(zip)
}

/// Formats that are already compressed gain nothing from deflate; storing them saves most of the time.
pub(crate) fn already_compressed(name: &str) -> bool {
    const EXT: &[&str] = &[
        "jpg", "jpeg", "png", "gif", "webp", "heic", "pdf", "docx", "xlsx", "pptx", "odt", "ods",
        "odp", "zip", "rar", "7z", "gz", "bz2", "xz", "zst", "mp3", "mp4", "m4a", "mov", "avi",
        "mkv", "webm", "woff", "woff2",
    ];
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| EXT.iter().any(|e| e.eq_ignore_ascii_case(ext)))
}

fn options_for(name: &str, size: u64, modified: Option<DateTime<Local>>) -> SimpleFileOptions {
    let method = if already_compressed(name) {
        CompressionMethod::Stored
    } else {
        CompressionMethod::Deflated
    };
    // The same bytes whichever OS writes the zip: made "by Unix", names flagged UTF-8. The zip
    // library would mark an archive written on Windows as made by MS-DOS, and Info-ZIP's unzip
    // (Linux, the offices' Ubuntu PCs) then reads its Vietnamese names as code page 437.
    let mut o = SimpleFileOptions::default()
        .system(zip::System::Unix)
        .compression_method(method)
        .unix_permissions(0o644)
        .large_file(size >= u32::MAX as u64);
    if method == CompressionMethod::Deflated {
        o = o.compression_level(Some(6));
    }
    if let Some(t) = modified.and_then(zip_time) {
        o = o.last_modified_time(t);
    }
    o
}

/// Zip's DOS timestamps start in 1980; older or odd times keep zip's default.
fn zip_time(t: DateTime<Local>) -> Option<zip::DateTime> {
    zip::DateTime::from_date_and_time(
        u16::try_from(t.year()).ok()?,
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
    .ok()
}

fn readme_text(source: &SourceInfo) -> String {
    format!(
        "SAO LƯU TRƯỜNG HỌC – HƯỚNG DẪN MỞ TỆP NÀY\r\n\
         =========================================\r\n\r\n\
         Tệp nén này là bản sao lưu của: {name}\r\n\
         Nguồn dữ liệu: {origin}\r\n\r\n\
         1. Mở không cần ứng dụng: nhấp đúp vào tệp .zip trong Windows, hoặc dùng 7-Zip/WinRAR.\r\n\
            Nếu tệp được mã hoá, chương trình sẽ hỏi mật khẩu (xem Phiếu khôi phục cất trong tủ của Hiệu trưởng).\r\n\
         2. Tệp manifest.json liệt kê từng tệp, kích thước, thời gian sửa và mã SHA-256 để đối chiếu.\r\n\
         3. Kiểm tra tệp nén còn nguyên vẹn: trong thư mục của lần sao lưu có tệp SHA256SUMS.\r\n\
            - Trên Windows: certutil -hashfile <tên-tệp>.zip SHA256  rồi so với dòng tương ứng trong SHA256SUMS.\r\n\
            - Trên Linux/macOS: sha256sum -c SHA256SUMS\r\n\
         4. Cách dễ nhất: mở ứng dụng Sao lưu Trường học, chọn Khôi phục.\r\n",
        name = source.name,
        origin = source.origin
    )
}
