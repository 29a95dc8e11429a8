//! What the site looked like last time, kept on this PC (SQLite plus content-addressed files), so
//! the weekly crawl can ask "changed since?" instead of downloading everything again, reuse what
//! did not change, and resume after a cancelled run.
//!
//! Contents up to [`INLINE_LIMIT`] (pages, style sheets, most photos) are rows of the database;
//! larger ones are files named by their SHA-256. A first crawl saves thousands of small pages,
//! and creating a file for each (a temporary one, then a rename, all in one folder that every
//! request task locks) cost more than downloading them: on an ext4 disk it made the crawl take
//! two to three times as long, and varied with what the disk had deleted lately.
//!
//! One file of about 600 lines because the database, the content files and the revalidation
//! rotation are one store with one rule between them (a row never names a file that is not
//! there, and nothing is deleted that a finished snapshot still names); split, that rule would
//! be in no one place.

use crate::error::{Error, IoContext, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What a URL is, which decides how often it is asked again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Home, category and list pages: they change with every new article, asked every run.
    Page,
    /// An article page: rarely edited once published, revalidated on a rotation.
    Article,
    Document,
    /// Style sheets, scripts, images, fonts.
    Asset,
    /// robots.txt, sitemaps, RSS/Atom: asked every run, they announce new articles.
    Feed,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Page => "page",
            Kind::Article => "article",
            Kind::Document => "document",
            Kind::Asset => "asset",
            Kind::Feed => "feed",
        }
    }

    fn parse(s: &str) -> Kind {
        match s {
            "article" => Kind::Article,
            "document" => Kind::Document,
            "asset" => Kind::Asset,
            "feed" => Kind::Feed,
            _ => Kind::Page,
        }
    }
}

/// One URL as last fetched.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub url: String,
    pub status: u16,
    pub content_type: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub sha256: String,
    pub size: u64,
    pub kind: Kind,
    /// Response headers, for the WARC record.
    pub headers: Vec<(String, String)>,
    /// The name the server gave in `Content-Disposition`, if any.
    pub file_name: Option<String>,
    /// Unix seconds of the last download and of the last time the server was asked.
    pub fetched_at: i64,
    pub checked_at: i64,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    status INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    kind TEXT NOT NULL,
    headers TEXT NOT NULL,
    file_name TEXT,
    fetched_at INTEGER NOT NULL,
    checked_at INTEGER NOT NULL
);
-- The URLs and contents of the last complete crawl, to tell new, changed and vanished pages.
-- Addresses known to show what another shows (a redirect, or NukeViet listing an article under
-- each of its categories): the next run goes straight to the one it saved, conditionally.
CREATE TABLE IF NOT EXISTS aliases (
    url TEXT PRIMARY KEY,
    target TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS snapshot (
    url TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL
);
-- What a saved content refers to (the crawl's own encoding), so that a page not asked again, or
-- answered 304, is not parsed again: on a re-crawl most pages are one of those.
-- When the site's first complete crawl ran (key 'first_crawl', Unix seconds).
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
-- How many links from the home page each URL of the last complete crawl was.
CREATE TABLE IF NOT EXISTS depths (
    url TEXT PRIMARY KEY,
    depth INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS refs (
    url TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    found TEXT NOT NULL
);
-- Contents up to INLINE_LIMIT bytes, by SHA-256; larger ones are files under objects/.
CREATE TABLE IF NOT EXISTS contents (
    sha256 TEXT PRIMARY KEY,
    body BLOB NOT NULL
);
";

/// Contents up to this size are kept in the database rather than as files of their own. SQLite
/// reads and writes blobs of this size faster than the file system creates and opens files.
pub const INLINE_LIMIT: u64 = 128 * 1024;

/// Contents waiting for the next batch are written once they hold this many bytes, so that memory
/// stays small whatever the pages' sizes.
const PENDING_BYTES: usize = 8 << 20;

/// Where a stored content is.
pub enum Content {
    Inline(Vec<u8>),
    File(PathBuf),
}

/// What [`Cache::refs`] holds for a URL: the content it was read from and the crawl's encoding.
pub type Refs = HashMap<String, (String, String)>;

pub struct Cache {
    dir: PathBuf,
    db: Mutex<Connection>,
    /// A second connection for reading contents: in WAL mode it does not wait for a batch being
    /// written, and the snapshot's workers read while the crawl's rows are still being flushed.
    reader: Mutex<Connection>,
    /// Rows not yet written: one transaction per batch keeps a large crawl from spending its
    /// time in SQLite commits.
    pending: Mutex<Vec<Stored>>,
    pending_refs: Mutex<Vec<(String, String, String)>>,
    /// Small contents not yet written, and their bytes.
    pending_contents: Mutex<(HashMap<String, Vec<u8>>, usize)>,
}

const BATCH: usize = 256;

const COLUMNS: &str =
    "url, status, content_type, etag, last_modified, sha256, size, kind, headers, \
                       file_name, fetched_at, checked_at";

fn row(r: &rusqlite::Row) -> rusqlite::Result<Stored> {
    let headers: String = r.get(8)?;
    Ok(Stored {
        url: r.get(0)?,
        status: r.get(1)?,
        content_type: r.get(2)?,
        etag: r.get(3)?,
        last_modified: r.get(4)?,
        sha256: r.get(5)?,
        size: r.get::<_, i64>(6)? as u64,
        kind: Kind::parse(&r.get::<_, String>(7)?),
        headers: serde_json::from_str(&headers).unwrap_or_default(),
        file_name: r.get(9)?,
        fetched_at: r.get(10)?,
        checked_at: r.get(11)?,
    })
}

fn db_err(dir: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| Error::WebCache {
        path: dir.to_path_buf(),
        message: e.to_string(),
    }
}

impl Cache {
    /// Opens the cache of one site (`key` from [`super::scope::Scope::key`]).
    pub fn open(root: &Path, key: &str) -> Result<Cache> {
        let dir = root.join(crate::archive::safe_component(key));
        fs::create_dir_all(dir.join("objects").join("tmp")).at(&dir)?;
        let db = Connection::open(dir.join("cache.sqlite")).map_err(db_err(&dir))?;
        db.pragma_update(None, "journal_mode", "WAL")
            .map_err(db_err(&dir))?;
        db.pragma_update(None, "synchronous", "NORMAL")
            .map_err(db_err(&dir))?;
        db.execute_batch(SCHEMA).map_err(db_err(&dir))?;
        let reader = Connection::open(dir.join("cache.sqlite")).map_err(db_err(&dir))?;
        Ok(Cache {
            dir,
            db: Mutex::new(db),
            reader: Mutex::new(reader),
            pending: Mutex::new(Vec::new()),
            pending_refs: Mutex::new(Vec::new()),
            pending_contents: Mutex::new((HashMap::new(), 0)),
        })
    }

    fn db(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.db.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The SHA-256 of every content the cache holds, in the database or as a file. A row whose
    /// content is not among them (a file deleted by hand) is not usable.
    pub fn contents(&self) -> Result<HashSet<String>> {
        self.flush()?;
        let mut have: HashSet<String> = self
            .pairs::<i64>("SELECT sha256, 0 FROM contents")?
            .into_keys()
            .collect();
        let objects = self.dir.join("objects");
        for fan in fs::read_dir(&objects).at(&objects)?.flatten() {
            if fan.file_name() == "tmp" {
                continue;
            }
            for f in fs::read_dir(fan.path()).into_iter().flatten().flatten() {
                have.insert(f.file_name().to_string_lossy().into_owned());
            }
        }
        Ok(have)
    }

    /// Every stored URL at once (one query instead of one per address), including rows whose
    /// content is gone: check [`Cache::contents`] before using one.
    pub fn all(&self) -> Result<HashMap<String, Stored>> {
        self.flush()?;
        let db = self.db();
        let mut st = db
            .prepare(&format!("SELECT {COLUMNS} FROM pages"))
            .map_err(db_err(&self.dir))?;
        let rows = st.query_map([], row).map_err(db_err(&self.dir))?;
        rows.map(|r| r.map(|s| (s.url.clone(), s)))
            .collect::<rusqlite::Result<_>>()
            .map_err(db_err(&self.dir))
    }

    /// What every stored content refers to, as recorded by [`Cache::put_refs`].
    pub fn refs(&self) -> Result<Refs> {
        self.flush()?;
        let db = self.db();
        let mut st = db
            .prepare("SELECT url, sha256, found FROM refs")
            .map_err(db_err(&self.dir))?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
            .map_err(db_err(&self.dir))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(db_err(&self.dir))
    }

    /// Records what the content `sha256` of `url` refers to; written with the next batch.
    pub fn put_refs(&self, url: &str, sha256: &str, found: String) {
        self.pending_refs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((url.to_string(), sha256.to_string(), found));
    }

    /// When the site's first complete crawl ran: what it downloaded is not new on the site.
    pub fn first_crawl(&self) -> Result<Option<i64>> {
        self.db()
            .query_row(
                "SELECT value FROM meta WHERE key = 'first_crawl'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(db_err(&self.dir))
    }

    /// Records `now` as the first complete crawl's time, unless one is recorded.
    pub fn mark_first_crawl(&self, now: i64) -> Result<()> {
        self.db()
            .execute(
                "INSERT OR IGNORE INTO meta VALUES ('first_crawl', ?1)",
                [now],
            )
            .map(|_| ())
            .map_err(db_err(&self.dir))
    }

    pub fn depths(&self) -> Result<HashMap<String, u32>> {
        self.pairs("SELECT url, depth FROM depths")
    }

    pub fn set_depths(&self, depths: &HashMap<String, u32>) -> Result<()> {
        self.write_pairs("depths", depths, true)
    }

    /// Every known alias at once.
    pub fn aliases(&self) -> Result<HashMap<String, String>> {
        self.pairs("SELECT url, target FROM aliases")
    }

    /// The rows of a two-column query, keyed by the first.
    fn pairs<V: rusqlite::types::FromSql>(&self, sql: &str) -> Result<HashMap<String, V>> {
        let db = self.db();
        let mut st = db.prepare(sql).map_err(db_err(&self.dir))?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(db_err(&self.dir))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(db_err(&self.dir))
    }

    /// Writes `(url, value)` rows into `table` in one transaction, replacing the whole table
    /// when `replace_all`.
    fn write_pairs<V: rusqlite::ToSql>(
        &self,
        table: &str,
        rows: &HashMap<String, V>,
        replace_all: bool,
    ) -> Result<()> {
        let mut db = self.db();
        let tx = db.transaction().map_err(db_err(&self.dir))?;
        if replace_all {
            tx.execute(&format!("DELETE FROM {table}"), [])
                .map_err(db_err(&self.dir))?;
        }
        {
            let mut ins = tx
                .prepare(&format!("INSERT OR REPLACE INTO {table} VALUES (?1, ?2)"))
                .map_err(db_err(&self.dir))?;
            for (u, v) in rows {
                ins.execute(params![u, v]).map_err(db_err(&self.dir))?;
            }
        }
        tx.commit().map_err(db_err(&self.dir))
    }

    /// Records a fetched URL; written with the next batch (or [`Cache::flush`]).
    pub fn put(&self, s: &Stored) -> Result<()> {
        let full = {
            let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            p.push(s.clone());
            p.len() >= BATCH
        };
        if full {
            self.flush()?;
        }
        Ok(())
    }

    pub fn flush(&self) -> Result<()> {
        // Rows before contents: a row's content was kept before the row was put, so every row
        // taken here has its content in this batch or an earlier one, never in a later one.
        let rows = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        let refs =
            std::mem::take(&mut *self.pending_refs.lock().unwrap_or_else(|e| e.into_inner()));
        let mut db = self.db();
        // Taken under the writer's lock, held until the batch is committed: a reader that finds
        // a content neither pending nor written waits for that lock and looks again.
        let contents = {
            let mut p = self
                .pending_contents
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            p.1 = 0;
            std::mem::take(&mut p.0)
        };
        if rows.is_empty() && refs.is_empty() && contents.is_empty() {
            return Ok(());
        }
        let tx = db.transaction().map_err(db_err(&self.dir))?;
        {
            let mut ins = tx
                .prepare("INSERT OR IGNORE INTO contents VALUES (?1, ?2)")
                .map_err(db_err(&self.dir))?;
            for (sha256, body) in &contents {
                ins.execute(params![sha256, body])
                    .map_err(db_err(&self.dir))?;
            }
            let mut ins = tx
                .prepare(
                    "INSERT OR REPLACE INTO pages VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
                )
                .map_err(db_err(&self.dir))?;
            for s in &rows {
                let headers = serde_json::to_string(&s.headers).unwrap_or_else(|_| "[]".into());
                ins.execute(params![
                    s.url,
                    s.status,
                    s.content_type,
                    s.etag,
                    s.last_modified,
                    s.sha256,
                    s.size as i64,
                    s.kind.as_str(),
                    headers,
                    s.file_name,
                    s.fetched_at,
                    s.checked_at
                ])
                .map_err(db_err(&self.dir))?;
            }
            let mut ins = tx
                .prepare("INSERT OR REPLACE INTO refs VALUES (?1, ?2, ?3)")
                .map_err(db_err(&self.dir))?;
            for (url, sha256, found) in &refs {
                ins.execute(params![url, sha256, found])
                    .map_err(db_err(&self.dir))?;
            }
        }
        tx.commit().map_err(db_err(&self.dir))
    }

    /// Keeps a small content (at most [`INLINE_LIMIT`] bytes); written with the next batch.
    pub fn keep(&self, sha256: &str, body: Vec<u8>) -> Result<()> {
        let full = {
            let mut p = self
                .pending_contents
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            p.1 += body.len();
            p.0.insert(sha256.to_string(), body);
            p.1 >= PENDING_BYTES
        };
        if full {
            self.flush()?;
        }
        Ok(())
    }

    /// Where the content with this SHA-256 is: its bytes when the database holds it, else its
    /// file (which may not exist: a content never stored, or deleted by hand).
    pub fn content(&self, sha256: &str) -> Result<Content> {
        if let Some(b) = self
            .pending_contents
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .0
            .get(sha256)
        {
            return Ok(Content::Inline(b.clone()));
        }
        let written = || -> Result<Option<Vec<u8>>> {
            let db = self.reader.lock().unwrap_or_else(|e| e.into_inner());
            let mut st = db
                .prepare_cached("SELECT body FROM contents WHERE sha256 = ?1")
                .map_err(db_err(&self.dir))?;
            st.query_row([sha256], |r| r.get::<_, Vec<u8>>(0))
                .optional()
                .map_err(db_err(&self.dir))
        };
        let mut inline = written()?;
        if inline.is_none() {
            // It may be in a batch being written right now: once the writer is free, it is in.
            drop(self.db());
            inline = written()?;
        }
        Ok(match inline {
            Some(b) => Content::Inline(b),
            None => Content::File(self.object(sha256)),
        })
    }

    /// The whole content with this SHA-256.
    pub fn read(&self, sha256: &str) -> Result<Vec<u8>> {
        match self.content(sha256)? {
            Content::Inline(b) => Ok(b),
            Content::File(p) => fs::read(&p).at(&p),
        }
    }

    /// Where a content too large for the database is kept as a file.
    pub fn object(&self, sha256: &str) -> PathBuf {
        let fan = sha256.get(..2).unwrap_or("00");
        self.dir.join("objects").join(fan).join(sha256)
    }

    /// A fresh temporary file name for a download in progress.
    pub fn temp_path(&self) -> PathBuf {
        self.dir
            .join("objects")
            .join("tmp")
            .join(uuid::Uuid::new_v4().simple().to_string())
    }

    /// Moves a finished download to its content address (or drops it when that content is known).
    pub fn commit(&self, temp: &Path, sha256: &str) -> Result<PathBuf> {
        let dest = self.object(sha256);
        if dest.exists() {
            let _ = fs::remove_file(temp);
        } else {
            if let Some(parent) = dest.parent() {
                fs::create_dir_all(parent).at(parent)?;
            }
            fs::rename(temp, &dest).at(&dest)?;
        }
        Ok(dest)
    }

    pub fn set_aliases(&self, pairs: &HashMap<String, String>) -> Result<()> {
        self.write_pairs("aliases", pairs, false)
    }

    pub fn snapshot(&self) -> Result<HashMap<String, String>> {
        self.pairs("SELECT url, sha256 FROM snapshot")
    }

    /// Records a complete crawl as the one the next run compares with.
    pub fn set_snapshot(&self, pages: &HashMap<String, String>) -> Result<()> {
        self.write_pairs("snapshot", pages, true)
    }

    /// Deletes contents no URL refers to any more, and downloads left by a killed run.
    pub fn collect_garbage(&self) -> Result<u64> {
        self.flush()?;
        self.db()
            .execute_batch(
                "DELETE FROM refs WHERE sha256 NOT IN (SELECT sha256 FROM pages WHERE pages.url = refs.url);
                 DELETE FROM contents WHERE sha256 NOT IN (SELECT sha256 FROM pages);",
            )
            .map_err(db_err(&self.dir))?;
        let keep: HashSet<String> = {
            let db = self.db();
            let mut st = db
                .prepare("SELECT sha256 FROM pages")
                .map_err(db_err(&self.dir))?;
            let rows = st
                .query_map([], |r| r.get::<_, String>(0))
                .map_err(db_err(&self.dir))?;
            rows.collect::<rusqlite::Result<_>>()
                .map_err(db_err(&self.dir))?
        };
        let mut freed = 0;
        let objects = self.dir.join("objects");
        for fan in fs::read_dir(&objects).at(&objects)?.flatten() {
            let is_tmp = fan.file_name() == "tmp";
            for f in fs::read_dir(fan.path()).into_iter().flatten().flatten() {
                let name = f.file_name().to_string_lossy().into_owned();
                if is_tmp || !keep.contains(&name) {
                    freed += f.metadata().map(|m| m.len()).unwrap_or(0);
                    let _ = fs::remove_file(f.path());
                }
            }
        }
        Ok(freed)
    }
}

/// Should a stored URL be asked again this run? The home page, feeds, the first pages of every
/// list and articles changed in the last two weeks (new articles get corrected): always. What the
/// site's first complete crawl (`first_crawl`) downloaded is not new on the site: counted as new,
/// all of it would be asked every run for the two weeks after the app is installed. Older
/// articles: at least every four weeks, a quarter of them each week (by a hash of the URL); theme
/// files (style sheets, scripts) likewise. Pages of the laws module, which describe an issued
/// document: every twelve weeks; so are deep list pages, which only lead to older articles asked
/// on their own rotation. An uploaded file is rarely replaced under the same name (WordPress
/// never overwrites one; a new version of a document is a new upload): documents every
/// twenty-six weeks, photos, the bulk of a school site, once a year. A weekly run on a
/// rate-limited server stays short (about a tenth of the first crawl's requests), and nothing
/// goes unchecked for long.
pub fn due(s: &Stored, now: i64, first_crawl: Option<i64>) -> bool {
    const DAY: i64 = 86_400;
    let recent = first_crawl.is_some_and(|f| s.fetched_at > f) && now - s.fetched_at < 14 * DAY;
    let rotation = |weeks: i64| {
        let age = now - s.checked_at;
        // A well-mixed hash: addresses differing only in an article number must spread evenly.
        let digest = <sha2::Sha256 as sha2::Digest>::digest(s.url.as_bytes());
        let slot = u64::from_le_bytes(digest[..8].try_into().expect("8 bytes")) % weeks as u64;
        let week = (now / (7 * DAY)) as u64 % weeks as u64;
        age >= (7 * weeks - 1) * DAY || (age >= DAY && slot == week)
    };
    let deep_list = url::Url::parse(&s.url)
        .ok()
        .and_then(|u| super::scope::page_number(&u))
        .is_some_and(|n| n > 3);
    match s.kind {
        Kind::Page if deep_list => rotation(12),
        Kind::Page | Kind::Feed => true,
        Kind::Article if recent => true,
        Kind::Article if is_laws_page(&s.url) => rotation(12),
        Kind::Article => rotation(4),
        Kind::Document => rotation(26),
        Kind::Asset if is_upload(&s.url) => rotation(52),
        Kind::Asset => rotation(4),
    }
}

impl Drop for Cache {
    fn drop(&mut self) {
        // A cancelled or failed crawl keeps what it fetched: the next run resumes from it.
        let _ = self.flush();
    }
}

/// A page of NukeViet's laws module (`/laws/…`, `nv=laws`): one issued document's record.
fn is_laws_page(url: &str) -> bool {
    let u = url.to_ascii_lowercase();
    u.contains("/laws/") || u.contains("nv=laws")
}

/// Files the school uploaded (NukeViet `/uploads/`, WordPress `/wp-content/uploads/`, `/files/`).
fn is_upload(url: &str) -> bool {
    let u = url.to_ascii_lowercase();
    ["/uploads/", "/files/", "/upload/", "/images/stories/"]
        .iter()
        .any(|p| u.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(url: &str, kind: Kind, checked_at: i64) -> Stored {
        Stored {
            url: url.into(),
            status: 200,
            content_type: "text/html".into(),
            etag: Some("\"e1\"".into()),
            last_modified: None,
            sha256: "ab".repeat(32),
            size: 3,
            kind,
            headers: vec![("Content-Type".into(), "text/html".into())],
            file_name: None,
            fetched_at: checked_at,
            checked_at,
        }
    }

    #[test]
    fn rows_and_objects_round_trip_and_garbage_goes() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(dir.path(), "a.vn").unwrap();
        let s = stored("http://a.vn/", Kind::Page, 100);
        c.put(&s).unwrap();
        c.flush().unwrap();
        // No content yet: the row is not usable.
        assert!(!c.contents().unwrap().contains(&s.sha256));
        let t = c.temp_path();
        fs::write(&t, b"abc").unwrap();
        c.commit(&t, &s.sha256).unwrap();
        assert_eq!(c.all().unwrap()[&s.url], s);
        assert!(c.contents().unwrap().contains(&s.sha256));
        assert_eq!(c.read(&s.sha256).unwrap(), b"abc");
        let orphan = c.temp_path();
        fs::write(&orphan, b"x").unwrap();
        let o2 = c.commit(&orphan, &"cd".repeat(32)).unwrap();
        let killed = c.temp_path();
        fs::write(&killed, b"half").unwrap();
        assert_eq!(c.collect_garbage().unwrap(), 5);
        assert!(!o2.exists() && !killed.exists() && c.object(&s.sha256).exists());
        let snap = HashMap::from([("http://a.vn/".to_string(), s.sha256.clone())]);
        c.set_snapshot(&snap).unwrap();
        assert_eq!(c.snapshot().unwrap(), snap);
    }

    #[test]
    fn small_contents_live_in_the_database_and_go_with_their_rows() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(dir.path(), "a.vn").unwrap();
        let mut s = stored("http://a.vn/", Kind::Page, 100);
        s.sha256 = "12".repeat(32);
        c.keep(&s.sha256, "<p>Trang chủ</p>".as_bytes().to_vec())
            .unwrap();
        c.put(&s).unwrap();
        // Readable before its batch is written, and no file is made for it.
        assert_eq!(c.read(&s.sha256).unwrap(), "<p>Trang chủ</p>".as_bytes());
        assert!(!c.object(&s.sha256).exists());
        let gone = "34".repeat(32);
        c.keep(&gone, b"cu".to_vec()).unwrap();
        // Written with the row when the process ends, and read from the database after.
        drop(c);
        let c = Cache::open(dir.path(), "a.vn").unwrap();
        assert!(c.contents().unwrap().contains(&s.sha256));
        assert!(matches!(c.content(&s.sha256).unwrap(), Content::Inline(_)));
        assert_eq!(c.read(&s.sha256).unwrap(), "<p>Trang chủ</p>".as_bytes());
        // A content no row shows goes with the garbage; a missing one is an error, not empty.
        c.collect_garbage().unwrap();
        assert!(!c.contents().unwrap().contains(&gone));
        assert!(c.read(&gone).is_err());
        assert_eq!(c.read(&s.sha256).unwrap().len(), "<p>Trang chủ</p>".len());
    }

    #[test]
    fn pending_contents_are_written_once_they_hold_enough_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(dir.path(), "a.vn").unwrap();
        let big = vec![b'x'; INLINE_LIMIT as usize];
        let n = PENDING_BYTES / big.len() + 1;
        for i in 0..n {
            c.keep(&format!("{i:064}"), big.clone()).unwrap();
        }
        // The batch went to the database without a flush: memory does not grow with the crawl.
        assert!(c.pending_contents.lock().unwrap().1 < PENDING_BYTES);
        let rows: i64 = c
            .reader
            .lock()
            .unwrap()
            .query_row("SELECT count(*) FROM contents", [], |r| r.get(0))
            .unwrap();
        assert!(rows >= n as i64 - 1, "{rows} of {n}");
    }

    #[test]
    fn references_are_kept_for_the_content_they_were_read_from() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(dir.path(), "a.vn").unwrap();
        let s = stored("http://a.vn/", Kind::Page, 100);
        c.put(&s).unwrap();
        c.put_refs(&s.url, &s.sha256, "[1]".into());
        c.put_refs("http://a.vn/cu", &"ef".repeat(32), "[2]".into());
        let refs = c.refs().unwrap();
        assert_eq!(refs[&s.url], (s.sha256.clone(), "[1]".to_string()));
        assert_eq!(refs.len(), 2);
        // Written before the process ends, and the page's other rows come with them.
        drop(c);
        let c = Cache::open(dir.path(), "a.vn").unwrap();
        assert_eq!(c.all().unwrap()[&s.url], s);
        // References of a content no row shows any more go with the garbage.
        c.collect_garbage().unwrap();
        assert_eq!(c.refs().unwrap().keys().collect::<Vec<_>>(), vec![&s.url]);
    }

    #[test]
    fn every_stored_article_is_checked_within_four_weeks() {
        let (day, week) = (86_400, 7 * 86_400);
        let start = 1_800_000_000;
        let first = Some(start - 10 * week);
        assert!(due(
            &stored("http://a.vn/", Kind::Page, start),
            start,
            first
        ));
        let mut asked_in_week = [0usize; 12];
        for i in 0..200 {
            let url = format!("http://a.vn/news/bai-{i}.html");
            let mut s = stored(&url, Kind::Article, start);
            // New articles are asked every run for two weeks.
            assert!(due(&s, start + 3600, first));
            assert!(due(&s, start + 13 * day, first));
            // Not those the site's first crawl found, nor any before a first crawl completed.
            assert!(!due(&s, start + 3600, Some(start)));
            assert!(!due(&s, start + 3600, None));
            s.fetched_at = start - 30 * day;
            assert!(!due(&s, start + 3600, first), "an old article just checked");
            // Weekly runs for twelve weeks: the gap between two checks never exceeds four weeks.
            for (w, asked) in asked_in_week.iter_mut().enumerate() {
                let now = start + (w as i64 + 1) * week + day / 2;
                if due(&s, now, first) {
                    assert!(now - s.checked_at <= 4 * week + day, "{url}");
                    s.checked_at = now;
                    *asked += 1;
                }
            }
            assert!(start + 12 * week + day / 2 - s.checked_at <= 4 * week + day);
        }
        // Spread over the weeks rather than all at once.
        for (w, n) in asked_in_week.iter().enumerate().skip(4) {
            assert!((20..=110).contains(n), "week {w}: {n} of 200");
        }
    }

    #[test]
    fn laws_pages_documents_deep_lists_and_photos_have_their_own_rotations() {
        let (day, week) = (86_400, 7 * 86_400);
        let start = 1_800_000_000;
        let cases = [
            (
                "http://a.vn/laws/detail/quyet-dinh-{i}.html",
                Kind::Article,
                12,
            ),
            (
                "http://a.vn/index.php?nv=laws&op=detail/qd-{i}",
                Kind::Article,
                12,
            ),
            ("http://a.vn/uploads/laws/qd-{i}.pdf", Kind::Document, 26),
            ("http://a.vn/news/tin-tuc/page-{i}/", Kind::Page, 12),
            ("http://a.vn/uploads/news/anh-{i}.jpg", Kind::Asset, 52),
            (
                "http://a.vn/themes/default/css/style-{i}.css",
                Kind::Asset,
                4,
            ),
        ];
        for (shape, kind, weeks) in cases {
            let mut longest = 0;
            let mut asked = 0;
            // Page numbers 4 and up: the first three pages of a list are asked every run.
            for i in 4..204 {
                let url = shape.replace("{i}", &i.to_string());
                let mut s = stored(&url, kind, start);
                s.fetched_at = start - 30 * day;
                for w in 1..=(2 * weeks + 4) {
                    let now = start + w * week + day / 2;
                    if due(&s, now, Some(start - week)) {
                        longest = longest.max(now - s.checked_at);
                        s.checked_at = now;
                        asked += 1;
                    }
                }
            }
            assert!(longest <= weeks * week + day, "{shape}: {longest}");
            // About one run in `weeks` asks each of them, not every run.
            let per_run = asked as f64 / (200.0 * (2 * weeks + 4) as f64);
            assert!(per_run < 1.6 / weeks as f64, "{shape}: {per_run}");
        }
        // A news article beside the laws module keeps the four-week rotation.
        assert!(!is_laws_page("http://a.vn/news/van-ban-moi-12.html"));
    }
}
