//! The commands behind the "Khôi phục" wizard, the restore drill and the recovery plan. Everything
//! is read from the drive itself, so a new PC with an empty app folder can restore.

use crate::shell::{vi, Answer, Shell};
use crate::tray;
use saoluu_engine::catalog::{self, Group, Hit};
use saoluu_engine::offsite::fetch::OffsiteRun;
use saoluu_engine::passphrase::Passphrase;
use saoluu_engine::progress::{CancelToken, Progress, Throttle};
use saoluu_engine::{drill, drive, recovery_plan, restore, verify, Error};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tauri::{AppHandle, Emitter, State};
use tauri_plugin_opener::OpenerExt;

#[derive(Serialize)]
pub struct DriveChoice {
    root: PathBuf,
    label: String,
    school: String,
}

/// Every plugged drive or registered folder that holds backups, this PC's or another's.
#[tauri::command]
pub fn backup_drives(shell: State<'_, Shell>) -> Answer<Vec<DriveChoice>> {
    let folders = shell.drive_folders().map_err(vi)?;
    Ok(drive::present_targets(&folders)
        .into_iter()
        .map(|t| DriveChoice {
            label: t.marker.label.clone(),
            school: t.marker.school.clone(),
            root: t.root,
        })
        .collect())
}

#[derive(Serialize)]
pub struct DriveContents {
    root: PathBuf,
    label: String,
    school: String,
    groups: Vec<Group>,
}

/// What a drive (or a folder typed or chosen by the user) holds, grouped by source.
#[tauri::command]
pub async fn open_backup_drive(root: PathBuf) -> Answer<DriveContents> {
    crate::shell::answer(move || {
        let t = drive::open_typed(&root)?;
        let groups = catalog::read(&t.app_dir())?;
        Ok(DriveContents {
            label: t.marker.label.clone(),
            school: t.marker.school.clone(),
            root: t.root,
            groups,
        })
    })
    .await
}

/// The school's runs in the offsite store, newest first (the store's address and key as set on
/// this PC, in Cài đặt on a new one).
#[tauri::command]
pub async fn offsite_runs(shell: State<'_, Shell>) -> Answer<Vec<OffsiteRun>> {
    let data = shell.data.clone();
    crate::shell::answer(move || saoluu_engine::offsite::fetch::runs(&data)).await
}

/// A file by name in the offsite runs, reading only the zips' directories over the link.
#[tauri::command]
pub async fn offsite_find(shell: State<'_, Shell>, query: String) -> Answer<Vec<Hit>> {
    let data = shell.data.clone();
    crate::shell::answer(move || saoluu_engine::offsite::find::find(&data, &query)).await
}

/// Brings one offsite run back, each file checked against its SHA256SUMS, into a folder the rest
/// of the wizard reads as it reads a drive.
#[tauri::command]
pub async fn offsite_fetch(
    app: AppHandle,
    shell: State<'_, Shell>,
    run: String,
) -> Answer<DriveContents> {
    let data = shell.data.clone();
    crate::shell::answer(move || {
        let emit = Throttle::new(
            move |p: &Progress| {
                let _ = app.emit("tien-do-khoi-phuc", saoluu_engine::message::shown(p));
            },
            Duration::from_millis(100),
        );
        let dir = saoluu_engine::offsite::fetch::fetch_for_restore(
            &data,
            &run,
            &emit,
            &CancelToken::default(),
        )?;
        let config = saoluu_engine::config::Config::load(&data)?;
        let (store, _) = saoluu_engine::offsite::Target::configured(&config)?;
        Ok(DriveContents {
            groups: catalog::read(&dir)?,
            label: store.shown(),
            school: config.school_name.clone(),
            root: dir,
        })
    })
    .await
}

#[tauri::command]
pub async fn find_in_backups(root: PathBuf, query: String) -> Answer<Vec<Hit>> {
    crate::shell::answer(move || catalog::find(&root.join(drive::APP_DIR), &query)).await
}

/// The system's folder chooser: a backup drive, or where to restore.
#[tauri::command]
pub async fn pick_folder(app: AppHandle, title: String) -> Answer<Option<PathBuf>> {
    use tauri_plugin_dialog::DialogExt;
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog().file().set_title(title).blocking_pick_folder()
    })
    .await
    .map_err(|e| e.to_string())?;
    Ok(picked.and_then(|f| f.into_path().ok()))
}

/// The typed passphrase, else this PC's. Typed text is used for this call only, never kept.
fn passphrase(typed: Option<String>) -> Result<Option<Passphrase>, Error> {
    match typed.filter(|t| !t.trim().is_empty()) {
        Some(t) => Passphrase::new(t.trim())
            .map(Some)
            .or(Err(Error::WrongPassphrase)),
        None => Passphrase::find(None),
    }
}

#[derive(Serialize)]
pub struct Checked {
    report: verify::Report,
    /// Where the restore goes unless the user picks another folder.
    destination: PathBuf,
}

/// Verifies one source of a run (every zip against `SHA256SUMS`, every entry against its
/// manifest). Encrypted backups need the passphrase: a missing or wrong one is said, and nothing
/// is restored until it is right.
#[tauri::command]
pub async fn check_backup(
    run_dir: PathBuf,
    stem: String,
    source_name: String,
    encrypted: bool,
    passphrase_typed: Option<String>,
) -> Answer<Checked> {
    crate::shell::answer(move || {
        let pass = passphrase(passphrase_typed)?;
        if encrypted && pass.is_none() {
            return Err(Error::NeedPassphrase);
        }
        let report = verify::verify_source(&run_dir, Some(&stem), pass.as_ref())?;
        let run_name = run_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Checked {
            report,
            destination: restore::default_destination(&restore::folder_name(
                &source_name,
                &run_name,
            )),
        })
    })
    .await
}

#[derive(Serialize)]
pub struct Restored {
    report: restore::Report,
    /// The website's offline copy, to open in the browser.
    offline: Option<PathBuf>,
    /// eSchool: the steps to import the originals again.
    how_to: Option<PathBuf>,
}

/// What the wizard asks to restore.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreRequest {
    run_dir: PathBuf,
    stem: String,
    destination: PathBuf,
    passphrase_typed: Option<String>,
    only: Option<String>,
    overwrite_all: bool,
    /// Files the user chose to replace, as the last report listed them.
    overwrite_files: Vec<PathBuf>,
}

/// Restores one source of a run (or only `only` in it) into `destination`, recorded in the log.
/// Existing files are kept unless the user chose them (`overwrite_files`) or all of them.
#[tauri::command]
pub async fn restore_backup(
    app: AppHandle,
    shell: State<'_, Shell>,
    request: RestoreRequest,
) -> Answer<Restored> {
    let RestoreRequest {
        run_dir,
        stem,
        destination,
        passphrase_typed,
        only,
        overwrite_all,
        overwrite_files,
    } = request;
    let data = shell.data.clone();
    let handle = app.clone();
    let cancel = CancelToken::default();
    if let Ok(mut r) = shell.restoring.lock() {
        *r = Some(cancel.clone());
    }
    crate::shell::answer(move || {
        let emit = Throttle::new(
            move |p: &Progress| {
                let _ = handle.emit("tien-do-khoi-phuc", saoluu_engine::message::shown(p));
            },
            Duration::from_millis(100),
        );
        let overwrite_files = overwrite_files
            .iter()
            .map(|p| p.strip_prefix(&destination).unwrap_or(p).to_path_buf())
            .collect();
        let opts = restore::Options {
            only,
            overwrite: overwrite_all,
            overwrite_files,
            source: Some(stem.clone()),
            passphrase: passphrase(passphrase_typed)?,
        };
        let report =
            restore::restore_recorded(&data, &run_dir, &destination, &opts, &emit, &cancel)?;
        let dir = destination.join(&stem);
        let found = |p: PathBuf| p.is_file().then_some(p);
        Ok(Restored {
            offline: found(dir.join("ban-sao-offline").join("index.html")),
            how_to: found(dir.join(saoluu_engine::eschool::restored::HOW_TO)),
            report,
        })
    })
    .await
}

/// Stops the running restore; what was restored so far stays, each file whole and checked.
#[tauri::command]
pub fn cancel_restore(shell: State<'_, Shell>) {
    if let Ok(r) = shell.restoring.lock() {
        if let Some(c) = r.as_ref() {
            c.cancel();
        }
    }
}

/// What the wizard's "Dựng lại" did: a WordPress backup rebuilt whole, or (any other site) its
/// articles posted one by one; and the line that sums it up.
#[derive(Serialize)]
pub struct Republished {
    rebuilt: Option<saoluu_engine::website::rebuild::Report>,
    published: Vec<saoluu_engine::website::republish::Published>,
    summary: String,
}

/// Rebuilds the restored website on a WordPress site (or posts its articles there), with the
/// progress on the restore line. The application password is used for these requests only and
/// dropped with this call.
#[tauri::command]
pub async fn republish(
    app: AppHandle,
    shell: State<'_, Shell>,
    site_dir: PathBuf,
    url: String,
    user: String,
    password: String,
    author: Option<String>,
) -> Answer<Republished> {
    use saoluu_engine::website::{rebuild, republish as wp};
    let data = shell.data.clone();
    crate::shell::answer(move || {
        let emit = Throttle::new(
            move |p: &Progress| {
                let _ = app.emit("tien-do-khoi-phuc", saoluu_engine::message::shown(p));
            },
            Duration::from_millis(100),
        );
        let cancel = CancelToken::default();
        let login = rebuild::Login {
            site: &url,
            user: &user,
            password: &password,
            allow_plain_http: false,
            author: author.as_deref(),
        };
        if let Some(backup) = rebuild::Backup::read(&site_dir)? {
            let report = rebuild::rebuild_recorded(&data, &backup, &login, false, &emit, &cancel)?;
            return Ok(Republished {
                summary: saoluu_engine::message::rebuilt(&report),
                rebuilt: Some(report),
                published: Vec::new(),
            });
        }
        let articles = wp::read_articles(&site_dir)?;
        let published = wp::republish(&login, &articles, &emit, &cancel)?;
        let ok = published.iter().filter(|p| p.ok).count();
        Ok(Republished {
            summary: saoluu_engine::say!("cli-published", ok = ok, of = published.len()),
            rebuilt: None,
            published,
        })
    })
    .await
}

/// The restore drill on the plugged backup drive, with the passphrase the user typed.
#[tauri::command]
pub async fn run_drill(
    app: AppHandle,
    shell: State<'_, Shell>,
    typed: Option<String>,
) -> Answer<drill::Report> {
    let data = shell.data.clone();
    let folders = shell.drive_folders().map_err(vi)?;
    let handle = app.clone();
    let result = crate::shell::blocking(move || {
        let target = drive::the_present_target(&folders)?;
        let pass = Passphrase::find(None)?;
        let emit = Throttle::new(
            move |p: &Progress| {
                let _ = handle.emit("tien-do-khoi-phuc", saoluu_engine::message::shown(p));
            },
            Duration::from_millis(100),
        );
        drill::run(
            &data,
            &target,
            pass.as_ref(),
            typed.as_deref(),
            &emit,
            &CancelToken::default(),
        )
    })
    .await;
    crate::offsite::tell_the_office(&shell.data);
    tray::refresh(&app);
    result.map_err(vi)
}

#[derive(Serialize)]
pub struct PlanWritten {
    paths: Vec<PathBuf>,
    opened: bool,
}

/// Writes the recovery plan (Documents and every plugged backup drive) as a page for the browser
/// or, with `pdf`, a PDF, and opens it for printing.
#[tauri::command]
pub fn recovery_plan(app: AppHandle, shell: State<'_, Shell>, pdf: bool) -> Answer<PlanWritten> {
    let code = Passphrase::find(None)
        .ok()
        .flatten()
        .map(|p| p.check_code());
    let format = if pdf {
        recovery_plan::Format::Pdf
    } else {
        recovery_plan::Format::Html
    };
    let paths = recovery_plan::save(&shell.data, code, None, format).map_err(vi)?;
    let opened = open(&app, &paths[0]);
    Ok(PlanWritten { paths, opened })
}

/// Opens a restored file or folder (the offline copy, the import steps) with the system.
#[tauri::command]
pub fn open_restored(app: AppHandle, path: PathBuf) -> Answer<()> {
    if open(&app, &path) {
        Ok(())
    } else {
        Err(saoluu_engine::message::shell::open_by_hand(&path))
    }
}

fn open(app: &AppHandle, path: &Path) -> bool {
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .is_ok()
}
