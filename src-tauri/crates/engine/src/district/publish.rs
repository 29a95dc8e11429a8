//! The school's side: its status document written into its own folder of the offsite store, as
//! `trang-thai/moi-nhat.json` (the office reads this one) and `trang-thai/<year>-W<week>.json`
//! (the week's last word, kept as history). Both are rewritten: S3 keeps the older versions; a
//! WebDAV server lets the school's account rewrite this folder alone (README).

use super::doc;
use crate::appdata::AppData;
use crate::error::Result;
use chrono::Datelike;

/// The folder of the documents in the school's folder.
pub const FOLDER: &str = "trang-thai";
/// The document the office reads.
pub const LATEST: &str = "moi-nhat.json";

/// The week's document name (`2026-W49.json`): ISO weeks, Monday first, as the glance counts.
pub fn week_name(day: chrono::NaiveDate) -> String {
    let w = day.iso_week();
    format!("{}-W{:02}.json", w.year(), w.week())
}

/// Writes this school's document now; returns it.
pub fn publish(app: &AppData) -> Result<doc::StatusDoc> {
    let (target, store) = crate::offsite::push::open(app)?;
    let now = chrono::Local::now();
    let d = doc::build(app, &target.school_code(), now)?;
    let body = bytes::Bytes::from(serde_json::to_vec_pretty(&d).expect("a document serialises"));
    store.put(
        &format!("{FOLDER}/{}", week_name(now.date_naive())),
        body.clone(),
    )?;
    store.put(&format!("{FOLDER}/{LATEST}"), body)?;
    Ok(d)
}

/// Tells the office now, when the school has a store: after a drill or a password confirmation,
/// which change what its document says. Whether it got there; a school without a store has
/// nobody to tell.
pub fn publish_if_set(app: &AppData) -> bool {
    let set = crate::config::Config::load(app).is_ok_and(|c| c.offsite.is_some());
    set && publish(app).is_ok()
}

/// Sends the runs (`offsite::push`), then tells the office: every push, sent or not, writes the
/// document, which says when the newest run went. Not reaching the store for the document does
/// not undo the runs just checked there.
pub fn push_and_report(
    app: &AppData,
    drive: Option<&std::path::Path>,
    progress: &dyn crate::progress::ProgressSink,
    cancel: &crate::progress::CancelToken,
) -> Result<crate::offsite::push::Report> {
    let mut report = crate::offsite::push::push(app, drive, progress, cancel)?;
    if !report.paused {
        report.status_written = publish(app).is_ok();
    }
    Ok(report)
}
