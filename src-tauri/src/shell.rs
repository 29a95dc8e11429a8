//! What the shell keeps between commands, managed by Tauri rather than held in globals, and how
//! an engine error reaches the window: as the engine's own Vietnamese sentence.

use saoluu_engine::appdata::AppData;
use saoluu_engine::progress::CancelToken;
use saoluu_engine::{message, Error};
use std::path::PathBuf;
use std::sync::Mutex;

pub struct Shell {
    pub data: AppData,
    /// Set while the eSchool wizard waits for a download, so the window can stop the wait.
    pub waiting: Mutex<Option<CancelToken>>,
    /// Set while a restore runs, for its "Dừng" button.
    pub restoring: Mutex<Option<CancelToken>>,
    /// The reminder rules with what they last saw plugged in.
    pub agent: Mutex<saoluu_engine::reminders::Agent>,
}

impl Shell {
    pub fn new(data: AppData) -> Shell {
        Shell {
            agent: Mutex::new(saoluu_engine::reminders::Agent::new(
                data.clone(),
                vec![data.demo_drive()],
            )),
            data,
            waiting: Mutex::new(None),
            restoring: Mutex::new(None),
        }
    }

    /// The registered drives, and the demo's folder, which counts as a plugged-in drive while no
    /// school is configured.
    pub fn drive_folders(&self) -> saoluu_engine::Result<Vec<PathBuf>> {
        let mut folders = saoluu_engine::config::Config::load(&self.data)?.targets;
        folders.push(self.data.demo_drive());
        Ok(folders)
    }
}

/// What a command answers: its result, or the sentence the window shows.
pub type Answer<T> = Result<T, String>;

pub fn vi(e: Error) -> String {
    message::error(&e)
}

/// Engine work that blocks (files, the network, SQLite), off the window's thread; a worker that
/// died counts as cancelled.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> saoluu_engine::Result<T> + Send + 'static,
) -> saoluu_engine::Result<T> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .unwrap_or(Err(Error::Cancelled))
}

/// `blocking`, answered to the window: an error as the engine's Vietnamese sentence.
pub async fn answer<T: Send + 'static>(
    work: impl FnOnce() -> saoluu_engine::Result<T> + Send + 'static,
) -> Answer<T> {
    blocking(work).await.map_err(vi)
}

/// One file chosen in the system's file chooser, of the kinds `extensions` names.
pub async fn pick_file(
    app: tauri::AppHandle,
    title: &'static str,
    filter: &'static str,
    extensions: &'static [&'static str],
) -> Answer<Option<PathBuf>> {
    use tauri_plugin_dialog::DialogExt;
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title(title)
            .add_filter(filter, extensions)
            .blocking_pick_file()
    })
    .await
    .map_err(|e| e.to_string())?;
    Ok(picked.and_then(|f| f.into_path().ok()))
}
