//! The commands the window may call. Each one calls the engine and returns its result, or the
//! engine's Vietnamese error sentence.

use crate::{tray, Shell};
use saoluu_engine::backup::{self, RunReport};
use saoluu_engine::config::Config;
use saoluu_engine::journal::{self, Entry, Journal};
use saoluu_engine::passphrase::Passphrase;
use saoluu_engine::progress::{CancelToken, Progress, Throttle};
use saoluu_engine::restore::{self, RunInfo};
use saoluu_engine::status::Status;
use saoluu_engine::{drive, message, website, Error};
use serde::Serialize;
use std::path::PathBuf;
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager, State};
use tauri_plugin_notification::NotificationExt;
use tauri_plugin_opener::OpenerExt;

type Answer<T> = Result<T, String>;

fn vi(e: Error) -> String {
    message::error(&e)
}

#[derive(Serialize)]
pub struct StatusView {
    #[serde(flatten)]
    status: Status,
    running: bool,
}

#[tauri::command]
pub fn status(shell: State<'_, Shell>) -> Answer<StatusView> {
    let status = saoluu_engine::status::status(&shell.data, &demo_target(&shell)).map_err(vi)?;
    let running = shell.running.lock().map(|r| r.is_some()).unwrap_or(false);
    Ok(StatusView { status, running })
}

/// In demo mode the demo's own folder counts as a plugged-in backup drive.
fn demo_target(shell: &Shell) -> Vec<PathBuf> {
    vec![shell.data.demo_dir().join("o-sao-luu")]
}

/// Runs the configured sources to the plugged-in drive, or the demo school when nothing is configured.
#[tauri::command]
pub async fn backup_now(app: AppHandle) -> Answer<RunReport> {
    start_backup(app).await
}

pub async fn start_backup(app: AppHandle) -> Answer<RunReport> {
    let cancel = CancelToken::default();
    {
        let shell = app.state::<Shell>();
        let mut running = shell.running.lock().map_err(|_| vi(Error::Busy))?;
        if running.is_some() {
            return Err(vi(Error::Busy));
        }
        *running = Some(cancel.clone());
    }
    tray::refresh(&app);
    let worker = app.clone();
    let result = tauri::async_runtime::spawn_blocking(move || run_backup(&worker, &cancel))
        .await
        .unwrap_or(Err(Error::Cancelled));
    if let Ok(mut r) = app.state::<Shell>().running.lock() {
        *r = None;
    }
    tray::refresh(&app);
    notify_if_hidden(&app, &result);
    let _ = app.emit("sao-luu-xong", ());
    result.map_err(vi)
}

fn run_backup(app: &AppHandle, cancel: &CancelToken) -> Result<RunReport, Error> {
    let data = app.state::<Shell>().data.clone();
    let config = Config::load(&data)?;
    let handle = app.clone();
    let emit = Throttle::new(
        move |p: &Progress| {
            let _ = handle.emit("tien-do", p);
        },
        Duration::from_millis(100),
    );
    if config.is_configured() {
        let target = drive::the_present_target(&config.targets)?;
        // Encrypted sources need the passphrase this PC keeps in its keychain.
        let pass = Passphrase::find(None).ok().flatten();
        let req = backup::Request::new(&config, backup::configured_sources(&config), target, pass);
        backup::run(&data, &req, &emit, cancel)
    } else {
        // The demo site lives as long as `demo`: until the run is over.
        let demo = saoluu_demo::prepare(&data)?;
        backup::run(&data, &demo.request, &emit, cancel)
    }
}

/// With the window closed, the tray's notification is the only way the user hears how it went.
fn notify_if_hidden(app: &AppHandle, result: &Result<RunReport, Error>) {
    let visible = app
        .get_webview_window("main")
        .and_then(|w| w.is_visible().ok())
        .unwrap_or(false);
    if visible {
        return;
    }
    let (title, body) = match result {
        Ok(r) if r.all_good() => (
            "Sao lưu thành công".to_string(),
            "Bản sao lưu đã được ghi và kiểm tra lại.".to_string(),
        ),
        Ok(_) => (
            "Sao lưu chưa đầy đủ".to_string(),
            "Mở ứng dụng để xem nguồn nào bị lỗi.".to_string(),
        ),
        Err(e) => ("Sao lưu không thành công".to_string(), message::error(e)),
    };
    let _ = app.notification().builder().title(title).body(body).show();
}

#[tauri::command]
pub fn cancel_backup(shell: State<'_, Shell>) {
    if let Ok(r) = shell.running.lock() {
        if let Some(c) = r.as_ref() {
            c.cancel();
        }
    }
}

#[tauri::command]
pub fn journal(
    shell: State<'_, Shell>,
    source: Option<String>,
    outcome: Option<journal::Outcome>,
) -> Answer<Vec<Entry>> {
    let j = Journal::open(&shell.data.journal_file()).map_err(vi)?;
    j.list(&journal::Filter {
        source_kind: source,
        outcome,
        limit: Some(500),
    })
    .map_err(vi)
}

#[derive(Serialize)]
pub struct DriveRuns {
    root: PathBuf,
    label: String,
    runs: Vec<RunInfo>,
}

/// Every run on every registered drive plugged in now, newest first.
#[tauri::command]
pub fn runs(shell: State<'_, Shell>) -> Answer<Vec<DriveRuns>> {
    let mut folders = Config::load(&shell.data).map_err(vi)?.targets;
    folders.extend(demo_target(&shell));
    let mut out = Vec::new();
    for t in drive::present_targets(&folders) {
        let runs = restore::list_runs(&t.app_dir()).map_err(vi)?;
        out.push(DriveRuns {
            label: t.marker.label.clone(),
            root: t.root,
            runs,
        });
    }
    Ok(out)
}

/// Restores a whole run into a new folder under Documents and reports what was restored.
#[tauri::command]
pub async fn restore_run(app: AppHandle, run_dir: PathBuf) -> Answer<restore::Report> {
    let name = run_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dest = restore::default_destination(&name);
    let handle = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let emit = Throttle::new(
            move |p: &Progress| {
                let _ = handle.emit("tien-do-khoi-phuc", p);
            },
            Duration::from_millis(100),
        );
        restore::restore(
            &run_dir,
            &dest,
            &restore::Options::default(),
            &emit,
            &CancelToken::default(),
        )
    })
    .await
    .unwrap_or(Err(Error::Cancelled))
    .map_err(vi)
}

/// Checks the website against the directive (footer items, re-posted articles): the configured
/// site, or the demo school's while nothing is configured.
#[tauri::command]
pub async fn check_site(shell: State<'_, Shell>) -> Answer<website::compliance::Check> {
    let data = shell.data.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let config = Config::load(&data)?;
        if config.website.is_empty() {
            let demo = saoluu_demo::DemoSite::start().map_err(|e| Error::io("127.0.0.1", e))?;
            let mut opts = website::Options::new(demo.url(), saoluu_demo::SCHOOL_NAME)?;
            // The demo site runs on this PC: nobody to be polite to.
            opts.fast = true;
            website::check_site(opts, 10)
        } else {
            website::check_site(
                website::Options::new(&config.website, &config.school_name)?,
                10,
            )
        }
    })
    .await
    .unwrap_or(Err(Error::Cancelled))
    .map_err(vi)
}

#[tauri::command]
pub fn open_folder(app: AppHandle, path: PathBuf) -> Answer<()> {
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| format!("Không mở được thư mục ({e})."))
}

/// Makes a plugged-in drive a backup drive, after the user asked for it in the window.
#[tauri::command]
pub fn register_drive(shell: State<'_, Shell>, root: PathBuf) -> Answer<drive::Marker> {
    let config = Config::load(&shell.data).map_err(vi)?;
    drive::init(&root, &config.school_name).map_err(vi)
}

#[derive(Serialize)]
pub struct PassphraseInfo {
    /// This PC knows the passphrase (keychain, or `SAOLUU_PASSPHRASE` for scheduled tasks).
    present: bool,
    /// Six characters that identify the passphrase without revealing it, as on the recovery sheet.
    check_code: Option<String>,
}

#[tauri::command]
pub fn passphrase_info() -> Answer<PassphraseInfo> {
    let p = Passphrase::find(None).map_err(vi)?;
    Ok(PassphraseInfo {
        present: p.is_some(),
        check_code: p.map(|p| p.check_code()),
    })
}

#[derive(Serialize)]
pub struct NewPassphrase {
    /// Shown once, in groups, for the user to copy onto the recovery sheet.
    grouped: String,
    check_code: String,
}

/// Makes a new passphrase and keeps it in this PC's keychain. Old runs keep their old passphrase.
#[tauri::command]
pub fn new_passphrase() -> Answer<NewPassphrase> {
    let p = Passphrase::generate();
    p.save_to_keychain().map_err(vi)?;
    Ok(NewPassphrase {
        grouped: saoluu_engine::recovery::grouped(&p),
        check_code: p.check_code(),
    })
}

#[derive(Serialize)]
pub struct Sheet {
    path: PathBuf,
    /// A browser opened it; otherwise the window tells the user to open the file themselves.
    opened: bool,
}

/// Writes the recovery sheet into Documents and opens it in the browser, where it prints to paper
/// or PDF.
#[tauri::command]
pub fn recovery_sheet(app: AppHandle, shell: State<'_, Shell>) -> Answer<Sheet> {
    let config = Config::load(&shell.data).map_err(vi)?;
    let pass = Passphrase::find(None)
        .map_err(vi)?
        .ok_or_else(|| vi(Error::NeedPassphrase))?;
    let path = saoluu_engine::recovery::save_sheet(&config, &pass, None).map_err(vi)?;
    let opened = app
        .opener()
        .open_path(path.display().to_string(), None::<&str>)
        .is_ok();
    Ok(Sheet { path, opened })
}
