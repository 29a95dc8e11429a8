//! What can go wrong, said in types. The Vietnamese sentences for people are in `message`.

use std::io;
use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("backup target {0} does not exist or is not plugged in")]
    TargetMissing(PathBuf),
    #[error("no registered backup drive is plugged in")]
    NoTargetPresent,
    #[error("several backup drives are plugged in: {0:?}")]
    TargetAmbiguous(Vec<PathBuf>),
    #[error("{0} is not a registered backup drive")]
    TargetNotRegistered(PathBuf),
    #[error("source folder {0} does not exist")]
    SourceMissing(PathBuf),
    #[error("no backup sources are configured")]
    NoSources,
    #[error("not enough space on {target}: need {needed} bytes, {free} free")]
    NoSpace {
        target: PathBuf,
        needed: u64,
        free: u64,
        /// What pruning old runs by the retention policy would free.
        prunable: u64,
    },
    #[error("another backup is already running")]
    Busy,
    #[error("I/O error at {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("zip error in {path}: {message}")]
    Zip { path: PathBuf, message: String },
    #[error("website {url} could not be read: {message}")]
    Website { url: String, message: String },
    #[error("website cache {path} is damaged: {message}")]
    WebCache { path: PathBuf, message: String },
    #[error("invalid website address {0}")]
    BadUrl(String),
    #[error("backup log database error: {0}")]
    Journal(#[from] rusqlite::Error),
    #[error("settings file {path} is damaged: {message}")]
    Config { path: PathBuf, message: String },
    #[error("{0} is not a backup made by this app")]
    NotABackup(PathBuf),
    #[error("verification found {count} problem(s) in {run}")]
    Damaged { run: PathBuf, count: usize },
    #[error("unsafe entry name {0} in archive")]
    UnsafeEntry(String),
    #[error("entry {0} expands beyond its declared size")]
    Bomb(String),
    #[error("{0} already exists")]
    WouldOverwrite(PathBuf),
    #[error("nothing matched, nothing was restored")]
    NothingRestored,
    #[error("{0} holds no backup to drill on")]
    NoBackupsToDrill(PathBuf),
    #[error("report period ends ({to}) before it starts ({from})")]
    ReversedPeriod {
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    },
    #[error("a report is written as .html, .pdf or .xlsx, not {0}")]
    ReportFormat(PathBuf),
    #[error("no font with Vietnamese letters was found for the PDF")]
    NoPdfFont,
    #[error("PDF could not be written: {0}")]
    Pdf(String),
    #[error("not enough space at {dest} to restore: need {needed} bytes, {free} free")]
    RestoreNoSpace {
        dest: PathBuf,
        needed: u64,
        free: u64,
    },
    #[error("passphrase too short")]
    WeakPassphrase,
    #[error("an encryption passphrase is needed")]
    NeedPassphrase,
    #[error("wrong passphrase")]
    WrongPassphrase,
    #[error("OS keychain: {0}")]
    Keychain(String),
    #[error("the operation was cancelled")]
    Cancelled,
    #[error("eSchool file {file} cannot be used for {section:?}: {problem:?}")]
    Eschool {
        file: PathBuf,
        section: crate::eschool::Section,
        problem: crate::eschool::Problem,
    },
    #[error("no eSchool export file was given")]
    NoEschoolFiles,
    #[error("invalid setting {name}: {value}")]
    BadSetting { name: &'static str, value: String },
    #[error("{0} is not a removable drive")]
    NotEjectable(PathBuf),
    #[error("could not eject {root}: {message}")]
    EjectFailed { root: PathBuf, message: String },
    #[error("no WordPress application password was typed")]
    NeedAppPassword,
    /// An application password would cross the network unencrypted to a site that is not this PC.
    /// WordPress refused the application password; `needs_https` when the site is reached over
    /// plain HTTP, where WordPress refuses every application password.
    #[error("WordPress at {site} refused the application password")]
    WordPressLogin { site: String, needs_https: bool },
    #[error(
        "offsite address {0} is not s3://BUCKET/PREFIX?endpoint=… or webdav+http(s)://HOST/PATH"
    )]
    OffsiteUrl(String),
    /// This PC's record of what reached the store (`ngoai-truong.sqlite`) cannot be used.
    #[error("offsite progress file {path}: {message}")]
    OffsiteState { path: PathBuf, message: String },
    #[error("store settings file {path}: {message}")]
    Handover {
        path: std::path::PathBuf,
        message: String,
    },
    #[error("no education office store is set")]
    NoDistrict,
    #[error("school list {path}: {problem:?}")]
    SchoolList {
        path: std::path::PathBuf,
        problem: crate::district::list::ListProblem,
    },
    #[error("no offsite store is set")]
    NoOffsite,
    #[error("no secret key for the store key {key_id} ({role:?})")]
    OffsiteNoSecret {
        role: crate::offsite::target::Role,
        key_id: String,
    },
    /// The store answered, or could not be reached; `why` says which of the known causes.
    #[error("offsite store {store}: {why:?}: {detail}")]
    Offsite {
        store: String,
        why: crate::offsite::Why,
        detail: String,
    },
    #[error("offsite store {store} has no complete run {run}")]
    NoSuchOffsiteRun { store: String, run: String },
    /// What the store holds is not what was sent (size, checksum).
    #[error("offsite object {key} does not match what was sent: {detail}")]
    OffsiteMismatch { key: String, detail: String },
    #[error("the setup step is not done: {0:?}")]
    SetupIncomplete(crate::setup::Missing),
    #[error("not a day: {0}")]
    BadDay(String),
    #[error("{site} has no user {user}")]
    NoSuchAuthor { site: String, user: String },
    #[error("an application password would go over plain HTTP to {0}")]
    PlainHttpPassword(String),
    #[error("confirmation needed: {0}")]
    NeedsConfirmation(String),
    #[error("the certificate choice was refused: {0:?}")]
    CertificateChoice(CertificateChoice),
}

/// Why accepting a site's certificate was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum CertificateChoice {
    /// No school website is configured: the choice is for the school's own site only.
    NoSite,
    NotHttps(String),
    /// The PC already trusts the site's certificate: nothing to accept.
    AlreadyValid(String),
    /// The fingerprint typed is not the one the site presents now.
    Mismatch {
        typed: String,
        presented: String,
    },
}

impl Error {
    /// Wraps an `io::Error` with the path it happened at, which every user-facing message needs.
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub fn zip(path: impl Into<PathBuf>, e: impl std::fmt::Display) -> Error {
        Error::Zip {
            path: path.into(),
            message: e.to_string(),
        }
    }
}

/// Another program has the file open and lets nobody else read it: Windows' sharing and lock
/// violations, as Excel gives for an open workbook or an accounting program for its database.
/// Unix has no mandatory locks of this kind.
pub fn held_by_another_program(e: &io::Error) -> bool {
    // ERROR_SHARING_VIOLATION (32), ERROR_LOCK_VIOLATION (33).
    cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33))
}

/// Attaches a path to I/O results: `fs::read(p).at(p)?`.
pub trait IoContext<T> {
    fn at(self, path: impl Into<PathBuf>) -> Result<T>;
}

impl<T> IoContext<T> for io::Result<T> {
    fn at(self, path: impl Into<PathBuf>) -> Result<T> {
        self.map_err(|e| Error::io(path, e))
    }
}
