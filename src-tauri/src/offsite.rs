//! The offsite copy in the background: after each good backup, while the tray app runs, the new
//! run goes to the school's store (`offsite::push`), one upload at a time. It never holds up the
//! local backup (the engine stops between parts when one starts) and is never reported as sent
//! before the engine checked it; the status panel and the tray are told when it ends.

use crate::shell::Shell;
use saoluu_engine::config::Config;
use saoluu_engine::progress::CancelToken;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use tauri::{AppHandle, Emitter, Manager};

static SENDING: AtomicBool = AtomicBool::new(false);

/// Starts sending the runs of `drive` when a store is set and no upload is on its way already.
pub fn after_backup(app: &AppHandle, drive: PathBuf) {
    let data = app.state::<Shell>().data.clone();
    let configured = Config::load(&data).is_ok_and(|c| c.offsite.is_some());
    if !configured || SENDING.swap(true, Ordering::SeqCst) {
        return;
    }
    let app = app.clone();
    std::thread::spawn(move || {
        // A failure (no network, the drive taken out) is kept for the next run to go on from;
        // the status says how old the newest offsite run is.
        let _ = saoluu_engine::district::publish::push_and_report(
            &data,
            Some(&drive),
            &(),
            &CancelToken::default(),
        );
        SENDING.store(false, Ordering::SeqCst);
        let _ = app.emit("o-sao-luu", ());
    });
}

/// The school's status document for the education office, written in the background after a
/// drill or a password confirmation (the store may be slow or down; the window does not wait).
pub fn tell_the_office(data: &saoluu_engine::appdata::AppData) {
    let data = data.clone();
    std::thread::spawn(move || saoluu_engine::district::publish::publish_if_set(&data));
}
