//! The backup engine of Sao lưu Trường học.
//!
//! Data flows one way: a source (a folder, the school's `website`, its `eschool` exports) is read
//! into an archive, written to a registered drive (`drive`), checked again from the drive
//! (`verify`) and only then recorded as good in the log (`journal`). `backup` wires those steps;
//! `restore` reads them back. The engine knows nothing of windows or webviews: the `saoluu` CLI
//! and the Tauri shell both call it, and anything the app can do is an operation here.
//!
//! Errors are [`Error`]; their Vietnamese wording lives in [`message`], which is also where every
//! sentence the front ends show comes from.
//!
//! The modules named here are the front ends' API; how zips are written, packed and named, the
//! PDF and workbook writers and path handling are the engine's own (`pub(crate)`).
//!
//! # One backup, one verify, one restore
//!
//! ```
//! use saoluu_engine::{backup, drive, restore, verify, AppData, CancelToken, Config};
//! # fn main() -> saoluu_engine::Result<()> {
//! let work = tempfile::tempdir().unwrap();
//! let app = AppData::open(Some(&work.path().join("du-lieu-ung-dung")))?;
//! // The school's documents, and a USB drive (here a folder) registered for backups.
//! let docs = work.path().join("Tài liệu");
//! std::fs::create_dir_all(&docs).unwrap();
//! std::fs::write(docs.join("Kế hoạch năm học.txt"), "Kế hoạch năm học 2026–2027").unwrap();
//! let usb = work.path().join("USB");
//! std::fs::create_dir_all(&usb).unwrap();
//! drive::init(&usb, "Trường Tiểu học Hoa Sen")?;
//!
//! // A backup: written under a temporary name, synced, renamed, verified from the drive, then
//! // logged as good.
//! let sources = vec![backup::Source::Folder { path: docs, encrypt: false }];
//! let request = backup::Request::prepare(&Config::default(), sources, usb, None)?;
//! let report = backup::run(&app, &request, &(), &CancelToken::default())?;
//! assert!(report.all_good());
//! let run = report.run_dir.expect("a run folder on the drive");
//!
//! // A verify, as `saoluu verify` does it later: each zip against SHA256SUMS, each file
//! // against its manifest.
//! assert!(verify::verify_run(&run, None)?.ok());
//!
//! // A restore into a new folder; each file is checked against its recorded SHA-256.
//! let back = work.path().join("Khôi phục");
//! let options = restore::Options::default();
//! let restored = restore::restore(&run, &back, &options, &(), &CancelToken::default())?;
//! assert_eq!(restored.restored, 1);
//! assert!(restored.failed.is_empty());
//! # Ok(())
//! # }
//! ```

pub mod appdata;
pub(crate) mod archive;
pub mod backup;
pub mod catalog;
pub mod config;
pub mod day;
pub mod district;
pub mod drill;
pub mod drive;
pub mod eject;
pub(crate) mod error;
pub mod eschool;
pub(crate) mod folder;
pub mod glance;
pub mod journal;
pub mod knobs;
pub mod message;
pub mod offsite;
pub(crate) mod pack;
pub mod passphrase;
pub(crate) mod paths;
pub(crate) mod pdf;
pub mod principal_report;
pub mod progress;
pub mod recovery;
pub mod recovery_plan;
pub mod reminders;
pub mod restore;
pub mod retention;
pub mod runs;
pub mod schedule;
pub mod setup;
pub mod site_certificate;
pub mod status;
pub(crate) mod text;
pub mod verify;
pub mod website;
pub(crate) mod workbook;

pub use appdata::AppData;
pub use archive::{Manifest, ManifestEntry, SourceInfo, SourceProblem, ZipSummary};
pub use backup::{Request, RunReport, Source};
pub use config::Config;
pub use error::CertificateChoice;
pub use error::{Error, Result};
pub use passphrase::Passphrase;
pub use progress::{CancelToken, Phase, Progress, ProgressSink};

/// The product name shown to users and written into every archive.
pub const APP_NAME: &str = "Sao lưu Trường học";
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
