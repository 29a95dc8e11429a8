//! The backup engine of Sao lưu Trường học.
//!
//! Data flows one way: a source (`folder`, `website`) is read into an archive (`archive`), written to
//! a registered drive (`drive`), checked again from the drive (`verify`) and only then recorded as
//! good in the log (`journal`). `backup` wires those steps; `restore` reads them back. The engine
//! knows nothing of windows or webviews: the `saoluu` CLI and the Tauri shell both call it.
//!
//! Errors are [`Error`]; their Vietnamese wording lives in [`message`].

pub mod appdata;
pub mod archive;
pub mod backup;
pub mod catalog;
pub mod config;
pub mod drill;
pub mod drive;
pub mod eject;
pub mod error;
pub mod eschool;
pub mod folder;
pub mod journal;
pub mod knobs;
pub mod message;
pub mod pack;
pub mod passphrase;
pub mod paths;
pub mod pdf;
pub mod principal_report;
pub mod progress;
pub mod recovery;
pub mod recovery_plan;
pub mod reminders;
pub mod restore;
pub mod retention;
pub mod runs;
pub mod schedule;
pub mod site_certificate;
pub mod status;
pub mod text;
pub mod verify;
pub mod website;
pub mod workbook;

pub use error::{Error, Result};

/// The product name shown to users and written into every archive.
pub const APP_NAME: &str = "Sao lưu Trường học";
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
