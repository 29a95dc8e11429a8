//! Where the app keeps its own state on this PC: settings, the log database, the demo school.
//! Tests and scripts point it elsewhere with `--data-dir` / `SAOLUU_DATA_DIR`.

use crate::error::{Error, IoContext, Result};
use std::fs;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct AppData {
    root: PathBuf,
}

impl AppData {
    /// Opens (creating if needed) the given folder, or the OS's per-user app-data folder.
    pub fn open(dir: Option<&Path>) -> Result<AppData> {
        let root = match dir {
            Some(d) => d.to_path_buf(),
            None => directories::ProjectDirs::from("vn", "SaoLuuTruongHoc", "SaoLuuTruongHoc")
                .map(|p| p.data_dir().to_path_buf())
                .ok_or_else(|| Error::io("~", std::io::Error::other("no home folder")))?,
        };
        fs::create_dir_all(&root).at(&root)?;
        Ok(AppData { root })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn config_file(&self) -> PathBuf {
        self.root.join("cai-dat.json")
    }

    pub fn journal_file(&self) -> PathBuf {
        self.root.join("nhat-ky.sqlite")
    }

    /// Held while a backup runs so that the scheduler, the CLI and the app never write at once.
    pub fn lock_file(&self) -> PathBuf {
        self.root.join("dang-sao-luu.lock")
    }

    /// Held (shared) by every restore while it runs, so the offsite upload can wait for it.
    pub fn restore_lock_file(&self) -> PathBuf {
        self.root.join("dang-khoi-phuc.lock")
    }

    /// The website crawl cache: what each page looked like last time, for conditional requests.
    pub fn web_cache_dir(&self) -> PathBuf {
        self.root.join("bo-nho-dem-web")
    }

    /// What the reminders already said (`reminders::Memory`).
    pub fn reminders_file(&self) -> PathBuf {
        self.root.join("nhac-nho.json")
    }

    /// How far the first-run setup got (`setup::Progress`).
    pub fn setup_file(&self) -> PathBuf {
        self.root.join("thiet-lap.json")
    }

    pub fn demo_dir(&self) -> PathBuf {
        self.root.join("trinh-dien")
    }

    /// The folder that stands in for a backup drive while no school is configured; status,
    /// reminders and the restore wizard count it as plugged in.
    pub fn demo_drive(&self) -> PathBuf {
        self.demo_dir().join("o-sao-luu")
    }

    /// `--data-dir DIR` among a program's arguments, else `SAOLUU_DATA_DIR`: how the CLI and the
    /// app are pointed at another folder (tests, scripts, a second school on one PC).
    pub fn dir_from_args(args: impl IntoIterator<Item = std::ffi::OsString>) -> Option<PathBuf> {
        let mut args = args.into_iter().skip(1);
        while let Some(a) = args.next() {
            if a == "--data-dir" {
                return args.next().map(PathBuf::from);
            }
            if let Some(v) = a.to_str().and_then(|a| a.strip_prefix("--data-dir=")) {
                return Some(PathBuf::from(v));
            }
        }
        std::env::var_os(crate::knobs::DATA_DIR).map(PathBuf::from)
    }
}
