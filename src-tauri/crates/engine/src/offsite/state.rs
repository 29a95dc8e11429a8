//! What has reached the store, kept in the app's data folder so that an upload cut by a network
//! drop, sleep, shutdown or an unplugged drive resumes without sending again what arrived.

use crate::error::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;

pub(crate) struct State {
    db: Connection,
    /// Each store keeps its own progress: a new store gets every run again.
    store: String,
}

/// An object on its way: the upload's id and the parts the store has confirmed, in order.
#[derive(Debug, Default, Clone)]
pub(crate) struct Upload {
    pub id: Option<String>,
    pub parts: Vec<String>,
}

fn db_err(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| Error::OffsiteState {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

impl State {
    pub fn open(path: &Path, store: &str) -> Result<State> {
        let db = Connection::open(path).map_err(db_err(path))?;
        db.execute_batch(
            "PRAGMA journal_mode=WAL;
             CREATE TABLE IF NOT EXISTS uploads(
                 store TEXT NOT NULL, key TEXT NOT NULL, upload_id TEXT,
                 parts TEXT NOT NULL DEFAULT '[]', verified INTEGER NOT NULL DEFAULT 0,
                 PRIMARY KEY(store, key));
             CREATE TABLE IF NOT EXISTS runs(
                 store TEXT NOT NULL, run TEXT NOT NULL, verified_at TEXT NOT NULL,
                 PRIMARY KEY(store, run));
             CREATE TABLE IF NOT EXISTS link(
                 store TEXT NOT NULL PRIMARY KEY, bytes_per_s INTEGER NOT NULL,
                 measured_at TEXT NOT NULL);",
        )
        .map_err(db_err(path))?;
        // Which sources each run held, added after the first release of this file.
        if db.prepare("SELECT sources FROM runs LIMIT 0").is_err() {
            db.execute_batch("ALTER TABLE runs ADD COLUMN sources TEXT NOT NULL DEFAULT '[]'")
                .map_err(db_err(path))?;
        }
        Ok(State {
            db,
            store: store.to_string(),
        })
    }

    fn err(&self, e: rusqlite::Error) -> Error {
        Error::OffsiteState {
            path: self.db.path().map(Into::into).unwrap_or_default(),
            message: e.to_string(),
        }
    }

    pub fn run_done(&self, run: &str) -> Result<bool> {
        self.db
            .query_row(
                "SELECT 1 FROM runs WHERE store=?1 AND run=?2",
                params![self.store, run],
                |_| Ok(()),
            )
            .optional()
            .map(|r| r.is_some())
            .map_err(|e| self.err(e))
    }

    /// `run` is checked in the store; `sources` are the zip stems it held (`trang-web`, `eschool`).
    pub fn mark_run(&self, run: &str, sources: &[String]) -> Result<()> {
        let sources = serde_json::to_string(sources).expect("names serialise");
        self.db
            .execute(
                "INSERT OR REPLACE INTO runs(store, run, verified_at, sources) VALUES(?1, ?2, ?3, ?4)",
                params![self.store, run, chrono::Local::now().to_rfc3339(), sources],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// The newest run checked in this store, and when.
    pub fn last_run(&self) -> Result<Option<(String, String)>> {
        self.db
            .query_row(
                "SELECT run, verified_at FROM runs WHERE store=?1 ORDER BY verified_at DESC LIMIT 1",
                params![self.store],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// For each source (zip stem), when a run holding it was last checked in this store.
    pub fn last_by_source(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .db
            .prepare("SELECT sources, verified_at FROM runs WHERE store=?1")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![self.store], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .map_err(|e| self.err(e))?;
        let mut newest = std::collections::BTreeMap::<String, String>::new();
        for row in rows {
            let (sources, at) = row.map_err(|e| self.err(e))?;
            for source in serde_json::from_str::<Vec<String>>(&sources).unwrap_or_default() {
                let e = newest.entry(source).or_default();
                // RFC 3339 times of one PC's clock order as text.
                if at > *e {
                    *e = at.clone();
                }
            }
        }
        Ok(newest.into_iter().collect())
    }

    /// The link to this store as last measured, in bytes a second.
    pub fn link(&self) -> Result<Option<u64>> {
        self.db
            .query_row(
                "SELECT bytes_per_s FROM link WHERE store=?1",
                params![self.store],
                |r| r.get::<_, i64>(0),
            )
            .optional()
            .map(|v| v.map(|b| b.max(0) as u64))
            .map_err(|e| self.err(e))
    }

    pub fn save_link(&self, bytes_per_s: u64) -> Result<()> {
        self.db
            .execute(
                "INSERT OR REPLACE INTO link(store, bytes_per_s, measured_at) VALUES(?1, ?2, ?3)",
                params![
                    self.store,
                    bytes_per_s.min(i64::MAX as u64) as i64,
                    chrono::Local::now().to_rfc3339()
                ],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    pub fn verified(&self, key: &str) -> Result<bool> {
        self.db
            .query_row(
                "SELECT verified FROM uploads WHERE store=?1 AND key=?2",
                params![self.store, key],
                |r| r.get::<_, bool>(0),
            )
            .optional()
            .map(|v| v.unwrap_or(false))
            .map_err(|e| self.err(e))
    }

    pub fn upload(&self, key: &str) -> Result<Upload> {
        let row: Option<(Option<String>, String)> = self
            .db
            .query_row(
                "SELECT upload_id, parts FROM uploads WHERE store=?1 AND key=?2",
                params![self.store, key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(match row {
            Some((id, parts)) => Upload {
                id,
                parts: serde_json::from_str(&parts).unwrap_or_default(),
            },
            None => Upload::default(),
        })
    }

    /// Saved after every part, so that a cut loses at most the part on its way.
    pub fn save_upload(&self, key: &str, u: &Upload) -> Result<()> {
        let parts = serde_json::to_string(&u.parts).expect("part ids serialise");
        self.db
            .execute(
                "INSERT INTO uploads(store, key, upload_id, parts) VALUES(?1, ?2, ?3, ?4)
                 ON CONFLICT(store, key) DO UPDATE SET upload_id=?3, parts=?4, verified=0",
                params![self.store, key, u.id, parts],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    pub fn mark_verified(&self, key: &str) -> Result<()> {
        self.db
            .execute(
                "INSERT INTO uploads(store, key, verified) VALUES(?1, ?2, 1)
                 ON CONFLICT(store, key) DO UPDATE SET verified=1, upload_id=NULL, parts='[]'",
                params![self.store, key],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_kept_per_store_and_a_damaged_file_is_its_own_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ngoai-truong.sqlite");
        let s = State::open(&path, "s3://a").unwrap();
        let up = Upload {
            id: Some("u1".into()),
            parts: vec!["e1".into()],
        };
        s.save_upload("r/x.zip", &up).unwrap();
        assert_eq!(s.upload("r/x.zip").unwrap().parts, vec!["e1"]);
        s.mark_verified("r/x.zip").unwrap();
        assert_eq!(s.link().unwrap(), None);
        s.mark_run("2026-11-20_090000", &["trang-web".into(), "eschool".into()])
            .unwrap();
        s.mark_run("2026-11-27_090000", &["trang-web".into()])
            .unwrap();
        let by = s.last_by_source().unwrap();
        assert_eq!(by.len(), 2, "{by:?}");
        assert!(by[1].1 >= by[0].1, "trang-web's newer run counts: {by:?}");
        s.save_link(1 << 20).unwrap();
        assert_eq!(s.link().unwrap(), Some(1 << 20));
        assert!(s.verified("r/x.zip").unwrap());
        assert!(!State::open(&path, "s3://b")
            .unwrap()
            .verified("r/x.zip")
            .unwrap());

        // Every connection closed first: an open one keeps the WAL and its shared memory,
        // and a new connection would read the pages from there instead of the damaged file.
        drop(s);
        std::fs::write(&path, b"khong phai sqlite, chi la chu thuong cho du dai").unwrap();
        for side in ["sqlite-wal", "sqlite-shm"] {
            let _ = std::fs::remove_file(path.with_extension(side));
        }
        assert!(matches!(
            State::open(&path, "s3://a"),
            Err(Error::OffsiteState { .. })
        ));
    }
}
