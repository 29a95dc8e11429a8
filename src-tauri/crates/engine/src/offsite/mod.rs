//! The offsite copy (3-2-1): a run verified on the drive also goes to a store outside the school —
//! the S3-compatible store an education office runs, or a WebDAV folder on a NAS or Nextcloud —
//! through one storage layer (`object_store`). Data flows source → archive → drive → offsite →
//! journal: only a run already verified on the drive is sent, it is read from the drive, and the
//! log says it is offsite only once every object was checked in the store.
//!
//! Layout in the store (FORMAT.md): `<prefix>/<run>/<zip>`, `<prefix>/<run>/NhatKySaoLuu.csv` (the
//! drive's log as of that run) and `<prefix>/<run>/SHA256SUMS`, sent last, so that a run without
//! it is one still on its way. The eSchool zips are already encrypted with the school's
//! passphrase; nothing else the app sends holds personal data, and no passphrase is ever sent.

pub mod fetch;
pub mod find;
pub mod handover;
pub mod push;
mod state;
pub(crate) mod store;
pub mod target;

pub use store::Why;
pub use target::Target;

/// What this PC's progress file says reached the configured store, checked: the newest run, and
/// for each source (zip stem: `trang-web`, `eschool`, a folder's name) the newest run holding it.
/// Read from the progress file alone, opened once: the status panel asks often and must not
/// reach the network.
#[derive(Debug, Default)]
pub struct Sent {
    pub last: Option<chrono::DateTime<chrono::Local>>,
    pub by_source: Vec<(String, chrono::DateTime<chrono::Local>)>,
}

pub fn sent(app: &crate::AppData, config: &crate::config::Config) -> Sent {
    let Some(state) = Target::configured(config)
        .ok()
        .and_then(|(t, _)| state::State::open(&push::state_file(app), &t.url).ok())
    else {
        return Sent::default();
    };
    let local = |at: &str| {
        chrono::DateTime::parse_from_rfc3339(at)
            .ok()
            .map(|t| t.with_timezone(&chrono::Local))
    };
    Sent {
        last: state
            .last_run()
            .ok()
            .flatten()
            .and_then(|(_, at)| local(&at)),
        by_source: state
            .last_by_source()
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(source, at)| Some((source, local(&at)?)))
            .collect(),
    }
}

/// When a run last reached the configured store, checked; `None` when none has yet.
pub fn last_sent(
    app: &crate::AppData,
    config: &crate::config::Config,
) -> Option<chrono::DateTime<chrono::Local>> {
    sent(app, config).last
}
