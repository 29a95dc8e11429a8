//! The commands the window may call. Each one calls the engine and returns its result, or the
//! engine's Vietnamese error sentence.

use crate::runner::{self, Job, Runner};
use crate::shell::{vi, Answer, Shell};
use crate::{autostart, toast, tray, window};
use saoluu_engine::backup::RunReport;
use saoluu_engine::config::{Change, Config, SchoolLevel};
use saoluu_engine::eschool::{self, plan, Section};
use saoluu_engine::journal::{self, Entry, Journal};
use saoluu_engine::passphrase::Passphrase;
use saoluu_engine::progress::CancelToken;
use saoluu_engine::status::Status;
use saoluu_engine::{drive, message, setup, website, Error};
use serde::Serialize;
use std::path::PathBuf;
use std::time::Duration;
use tauri::{AppHandle, Emitter, State};
use tauri_plugin_opener::OpenerExt;

#[derive(Serialize)]
pub struct StatusView {
    #[serde(flatten)]
    status: Status,
    running: bool,
}

#[tauri::command]
pub fn status(shell: State<'_, Shell>, runner: State<'_, Runner>) -> Answer<StatusView> {
    // In demo mode the demo's own folder counts as a plugged-in backup drive.
    let status =
        saoluu_engine::status::status(&shell.data, &[shell.data.demo_drive()]).map_err(vi)?;
    Ok(StatusView {
        status,
        running: runner.running(),
    })
}

/// Runs the configured sources to the plugged-in drive, or the demo school when nothing is configured.
#[tauri::command]
pub async fn backup_now(app: AppHandle) -> Answer<RunReport> {
    runner::start(app, Job::Configured).await
}

#[tauri::command]
pub fn cancel_backup(runner: State<'_, Runner>) {
    runner.cancel();
}

/// The corner window's question answered: `sao-luu` starts the backup with the main window
/// showing its progress; `dong` puts the question away.
#[tauri::command]
pub async fn toast_answer(app: AppHandle, answer: String) -> Answer<()> {
    toast::close(&app);
    if answer == "sao-luu" {
        window::show(&app);
        runner::start(app, Job::Configured).await?;
    }
    Ok(())
}

/// The window's words, asked once when a page loads: the window words nothing itself.
#[tauri::command]
pub fn window_words() -> std::collections::BTreeMap<&'static str, &'static str> {
    message::window_words()
}

/// One log entry with its line as the window shows it.
#[derive(Serialize)]
pub struct JournalRow {
    #[serde(flatten)]
    entry: Entry,
    detail: String,
}

#[tauri::command]
pub fn journal(
    shell: State<'_, Shell>,
    source: Option<String>,
    outcome: Option<journal::Outcome>,
) -> Answer<Vec<JournalRow>> {
    let j = Journal::open(&shell.data.journal_file()).map_err(vi)?;
    let entries = j
        .list(&journal::Filter {
            source_kind: source,
            outcome,
            limit: Some(500),
        })
        .map_err(vi)?;
    Ok(entries
        .into_iter()
        .map(|entry| JournalRow {
            detail: message::journal_detail(&entry),
            entry,
        })
        .collect())
}

/// Checks the website against the directive (footer items, re-posted articles): the configured
/// site, or the demo school's while nothing is configured.
#[tauri::command]
pub async fn check_site(shell: State<'_, Shell>) -> Answer<website::compliance::Check> {
    let data = shell.data.clone();
    crate::shell::answer(move || check_configured_site(&data, 10)).await
}

fn check_configured_site(
    data: &saoluu_engine::AppData,
    articles: usize,
) -> Result<website::compliance::Check, Error> {
    let config = Config::load(data)?;
    if config.website.is_empty() {
        let demo = saoluu_demo::DemoSite::start().map_err(|e| Error::io("127.0.0.1", e))?;
        let mut opts = website::Options::new(demo.url(), saoluu_demo::SCHOOL_NAME)?;
        // The demo site runs on this PC: nobody to be polite to.
        opts.fast = true;
        website::check_site(opts, articles)
    } else {
        let mut opts = website::Options::new(&config.website, &config.school_name)?;
        opts.trusted_certificate = config.website_settings.trusted_certificate.clone();
        let check = website::check_site(opts, articles)?;
        // The education office hears of a check of the school's own site.
        website::compliance::remember(data, &check, chrono::Local::now());
        crate::offsite::tell_the_office(data);
        Ok(check)
    }
}

/// Where the first-run setup is, or that it is not needed.
#[tauri::command]
pub fn setup_state(shell: State<'_, Shell>) -> Answer<setup::State> {
    setup::state(&shell.data).map_err(vi)
}

/// Ends a setup step (done or skipped) once it has what it needs.
#[tauri::command]
pub fn setup_step_done(
    shell: State<'_, Shell>,
    step: setup::Step,
    done: setup::Done,
) -> Answer<setup::State> {
    setup::finish_step(&shell.data, step, done, || {
        matches!(Passphrase::find(None), Ok(Some(_)))
    })
    .map_err(vi)
}

/// The drives the drive step offers.
#[tauri::command]
pub fn setup_drives(shell: State<'_, Shell>) -> Answer<Vec<setup::DriveChoice>> {
    let config = Config::load(&shell.data).map_err(vi)?;
    Ok(setup::drives(&config))
}

/// The website step's check of the address just saved: one line, from the home page alone.
#[tauri::command]
pub async fn setup_site_look(shell: State<'_, Shell>) -> Answer<String> {
    let data = shell.data.clone();
    // The setup checks the school's own site: with none typed, it says so rather than check
    // the demo site, as the Trang web tab does for a school not set up.
    if Config::load(&data).map_err(vi)?.website.trim().is_empty() {
        return Err(vi(Error::BadUrl(String::new())));
    }
    crate::shell::blocking(move || check_configured_site(&data, 0))
        .await
        .map(|c| message::site_first_look(&c))
        .map_err(vi)
}

/// The school levels, as (key, name).
#[tauri::command]
pub fn school_levels() -> Vec<(SchoolLevel, &'static str)> {
    SchoolLevel::ALL
        .into_iter()
        .map(|l| (l, l.label()))
        .collect()
}

/// The school's site's certificate as this PC sees it, with the sentences the tab shows.
#[derive(Serialize)]
pub struct SiteCertificate {
    presented: website::pin::Presented,
    accepted: Option<website::pin::Trusted>,
    summary: String,
    /// The choice to continue with this certificate, offered only when the PC refuses it and no
    /// choice is made yet.
    offer: Option<String>,
}

#[tauri::command]
pub async fn site_certificate(shell: State<'_, Shell>) -> Answer<SiteCertificate> {
    let data = shell.data.clone();
    crate::shell::answer(move || {
        let (presented, accepted) = saoluu_engine::site_certificate::look(&data)?;
        let summary = message::certificate_state(&presented, accepted.as_ref());
        let offer = match (&presented.fingerprint, presented.valid, &accepted) {
            (Some(fp), false, None) => Some(message::certificate_offer(fp)),
            _ => None,
        };
        Ok(SiteCertificate {
            presented,
            accepted,
            summary,
            offer,
        })
    })
    .await
}

#[tauri::command]
pub async fn accept_site_certificate(
    shell: State<'_, Shell>,
    fingerprint: String,
) -> Answer<String> {
    let data = shell.data.clone();
    crate::shell::answer(move || {
        saoluu_engine::site_certificate::accept(&data, &fingerprint)
            .map(|t| message::certificate_accepted(&t))
    })
    .await
}

#[tauri::command]
pub fn forget_site_certificate(shell: State<'_, Shell>) -> Answer<String> {
    saoluu_engine::site_certificate::forget(&shell.data)
        .map(message::certificate_forgotten)
        .map_err(vi)
}

#[tauri::command]
pub fn open_folder(app: AppHandle, path: PathBuf) -> Answer<()> {
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| message::could_not_open_folder(&e))
}

/// Makes a plugged-in drive a backup drive, after the user asked for it in the window.
#[tauri::command]
pub fn register_drive(shell: State<'_, Shell>, root: PathBuf) -> Answer<drive::Marker> {
    saoluu_engine::config::register_drive(&shell.data, &root, None).map_err(vi)
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

/// Opens the recovery sheet in the app's own print view. The sheet is made from memory when that
/// window asks for it, so the passphrase is never written to a file on the PC it protects.
#[tauri::command]
pub fn print_recovery_sheet(app: AppHandle) {
    crate::window::sheet(&app);
}

/// The sheet's content for the print view.
#[tauri::command]
pub fn recovery_sheet_body(shell: State<'_, Shell>) -> Answer<String> {
    let config = Config::load(&shell.data).map_err(vi)?;
    let pass = Passphrase::find(None)
        .map_err(vi)?
        .ok_or_else(|| vi(Error::NeedPassphrase))?;
    Ok(saoluu_engine::recovery::sheet_for(&config, &pass))
}

/// Writes the recovery sheet into Documents and opens it in the browser: only after the window
/// has warned that the file holds the passphrase.
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

/// The school's settings as saved (no secrets live there).
#[tauri::command]
pub fn settings(shell: State<'_, Shell>) -> Answer<Config> {
    Config::load(&shell.data).map_err(vi)
}

/// Checks and saves a change typed in the window; nothing is saved when any part is wrong.
#[tauri::command]
pub fn save_settings(app: AppHandle, shell: State<'_, Shell>, change: Change) -> Answer<Config> {
    let mut config = Config::load(&shell.data).map_err(vi)?;
    if config.apply(&change).map_err(vi)? {
        config.save(&shell.data).map_err(vi)?;
    }
    if change.autostart.is_some() {
        autostart::apply(&app, &shell.data);
    }
    tray::refresh(&app);
    Ok(config)
}

#[derive(Serialize)]
pub struct Step {
    section: Section,
    label: &'static str,
    how_to: String,
}

/// The last twelve weeks at a glance, for the everyday screen.
#[tauri::command]
pub fn glance(shell: State<'_, Shell>) -> Answer<saoluu_engine::glance::Glance> {
    saoluu_engine::glance::build(&shell.data, 12, chrono::Local::now().date_naive()).map_err(vi)
}

/// The record systems a school can pick, as (key, name).
#[tauri::command]
pub fn record_systems() -> Vec<(saoluu_engine::eschool::System, &'static str)> {
    saoluu_engine::eschool::System::ALL
        .into_iter()
        .map(|s| (s, s.label()))
        .collect()
}

/// The wizard's steps: one per section the school backs up, with where to click in eSchool.
#[tauri::command]
pub fn eschool_steps(shell: State<'_, Shell>) -> Answer<Vec<Step>> {
    let config = Config::load(&shell.data).map_err(vi)?;
    Ok(config
        .eschool
        .sections
        .iter()
        .map(|&section| Step {
            section,
            label: section.label(),
            how_to: config.eschool.system.how_to_export(section),
        })
        .collect())
}

/// Opens the school's eSchool in the default browser, where staff log in themselves.
#[tauri::command]
pub fn open_eschool(app: AppHandle, shell: State<'_, Shell>) -> Answer<()> {
    let url = Config::load(&shell.data).map_err(vi)?.eschool.url;
    if url.is_empty() {
        return Err(message::NO_ESCHOOL_URL.into());
    }
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|e| message::could_not_open_browser(&e))
}

/// Watches the Downloads folder for up to 15 minutes and sends each finished export to the window
/// (`tep-tai-ve`), until the window stops it (`het-cho-tai-ve` when the watch ends). Answers with
/// the folder once the watch is in place, so no file can slip past. One watch at a time: a new one
/// ends the previous.
#[tauri::command]
pub fn wait_download(app: AppHandle, shell: State<'_, Shell>) -> Answer<PathBuf> {
    let cancel = CancelToken::default();
    if let Ok(mut w) = shell.waiting.lock() {
        if let Some(old) = w.replace(cancel.clone()) {
            old.cancel();
        }
    }
    let folder = eschool::downloads::folder();
    let watch = eschool::downloads::watch(&folder).map_err(vi)?;
    std::thread::spawn(move || {
        let until = std::time::Instant::now() + Duration::from_secs(15 * 60);
        while let Some(left) = until.checked_duration_since(std::time::Instant::now()) {
            match watch.wait(left, &cancel) {
                Some(file) => {
                    let _ = app.emit("tep-tai-ve", file);
                }
                None => break,
            }
        }
        // A newer watch took over: the window already knows.
        if !cancel.is_cancelled() {
            let _ = app.emit("het-cho-tai-ve", ());
        }
    });
    Ok(folder)
}

#[tauri::command]
pub fn stop_waiting(shell: State<'_, Shell>) {
    if let Ok(mut w) = shell.waiting.lock() {
        if let Some(c) = w.take() {
            c.cancel();
        }
    }
}

/// The system's file chooser, for exports saved somewhere other than Downloads.
#[tauri::command]
pub async fn pick_exports(app: AppHandle) -> Answer<Vec<PathBuf>> {
    use tauri_plugin_dialog::DialogExt;
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title(message::shell::PICK_EXPORTS_TITLE)
            .add_filter(
                message::shell::PICK_EXPORTS_FILTER,
                &["xls", "xlsx", "ods", "csv", "zip"],
            )
            .blocking_pick_files()
    })
    .await
    .map_err(|e| e.to_string())?;
    Ok(picked
        .unwrap_or_default()
        .into_iter()
        .filter_map(|f| f.into_path().ok())
        .collect())
}

#[derive(Serialize)]
pub struct SectionPreview {
    section: Section,
    label: &'static str,
    files: usize,
    records: usize,
    /// "+12 học sinh mới, …", or why the section would not be stored.
    sentence: String,
    refused: bool,
    big_drop: bool,
}

#[derive(Serialize)]
pub struct Preview {
    sections: Vec<SectionPreview>,
    /// The drop that needs the user's confirmation before saving, in words.
    warning: Option<String>,
}

/// Reads the gathered exports and compares them with the newest backup on the drive; writes
/// nothing.
#[tauri::command]
pub async fn eschool_preview(
    shell: State<'_, Shell>,
    files: Vec<(Section, PathBuf)>,
) -> Answer<Preview> {
    let data = shell.data.clone();
    crate::shell::answer(move || {
        if files.is_empty() {
            return Err(Error::NoEschoolFiles);
        }
        let config = Config::load(&data)?;
        let target = drive::the_present_target(&config.targets)?;
        let pass = Passphrase::find(None)?.ok_or(Error::NeedPassphrase)?;
        let p = plan::preview(&target, &files, &pass)?;
        let sections = p
            .sections
            .iter()
            .map(|s| SectionPreview {
                section: s.section,
                label: s.section.label(),
                files: s.files.len(),
                records: s.analyses.iter().map(|a| a.records.len()).sum(),
                sentence: s.sentence(),
                refused: s.refused.is_some(),
                big_drop: s.changes.as_ref().is_some_and(|c| c.big_drop()),
            })
            .collect();
        Ok(Preview {
            sections,
            warning: p
                .drop_warning()
                .map(|w| format!("{w} {}", message::BIG_DROP_ADVICE)),
        })
    })
    .await
}

/// Saves the gathered exports, encrypted, to the plugged-in backup drive.
#[tauri::command]
pub async fn eschool_backup(
    app: AppHandle,
    files: Vec<(Section, PathBuf)>,
    accept_drop: bool,
) -> Answer<RunReport> {
    if files.is_empty() {
        return Err(vi(Error::NoEschoolFiles));
    }
    runner::start(app, Job::Eschool { files, accept_drop }).await
}

/// "Tôi đã đổi mật khẩu quản trị": remembers only today's date, never a password.
#[tauri::command]
pub fn admin_password_changed(
    app: AppHandle,
    shell: State<'_, Shell>,
    runner: State<'_, Runner>,
) -> Answer<StatusView> {
    saoluu_engine::config::confirm_password_change(&shell.data, chrono::Local::now().date_naive())
        .map_err(vi)?;
    crate::offsite::tell_the_office(&shell.data);
    tray::refresh(&app);
    status(shell, runner)
}

/// "Tháo ổ an toàn" after a good run.
#[tauri::command]
pub async fn eject_drive(root: PathBuf) -> Answer<()> {
    crate::shell::answer(move || saoluu_engine::eject::eject(&root)).await
}

/// "Tạm dừng nhắc nhở 1 ngày": prompts and reminders wait 24 hours; failures are still said.
#[tauri::command]
pub fn snooze(app: AppHandle, shell: State<'_, Shell>) -> Answer<()> {
    shell
        .agent
        .lock()
        .map_err(|_| vi(Error::Busy))?
        .snooze(chrono::Local::now())
        .map_err(vi)?;
    tray::refresh(&app);
    Ok(())
}

#[derive(Serialize)]
pub struct DriveSetting {
    root: PathBuf,
    label: String,
    plugged: bool,
}

/// The offsite store as set on this PC, with the sentence the settings page shows; `None` when
/// none is set.
#[derive(Serialize)]
pub struct OffsiteView {
    url: String,
    key_id: String,
    limit_kib_s: Option<u32>,
    said: String,
}

#[tauri::command]
pub fn offsite_settings(shell: State<'_, Shell>) -> Answer<Option<OffsiteView>> {
    let config = Config::load(&shell.data).map_err(vi)?;
    let Some(o) = config.offsite.clone() else {
        return Ok(None);
    };
    let shown = saoluu_engine::offsite::push::show(&shell.data).map_err(vi)?;
    Ok(Some(OffsiteView {
        said: message::offsite_state(&shown, chrono::Local::now()),
        url: o.url,
        key_id: o.key_id,
        limit_kib_s: o.limit_kib_s,
    }))
}

/// Sets the store; a typed secret goes to the keychain (an empty one keeps the one kept there).
#[tauri::command]
pub fn set_offsite(
    shell: State<'_, Shell>,
    url: String,
    key_id: String,
    secret: String,
    limit_kib_s: Option<u32>,
) -> Answer<()> {
    let secret = Some(secret).filter(|s| !s.is_empty());
    saoluu_engine::offsite::target::set(
        &shell.data,
        &url,
        key_id.trim(),
        secret.as_deref(),
        limit_kib_s,
    )
    .map(|_| ())
    .map_err(vi)
}

/// Sets the store from the office's file for this school (the secret into the keychain).
#[tauri::command]
pub fn import_offsite_file(shell: State<'_, Shell>, path: PathBuf) -> Answer<()> {
    saoluu_engine::offsite::handover::import(&shell.data, &path, None)
        .map(|_| ())
        .map_err(vi)
}

/// The office's file for this school, chosen in the system's file chooser.
#[tauri::command]
pub async fn pick_store_file(app: AppHandle) -> Answer<Option<PathBuf>> {
    crate::shell::pick_file(
        app,
        message::shell::PICK_STORE_FILE_TITLE,
        message::shell::PICK_STORE_FILE_FILTER,
        &["json"],
    )
    .await
}

/// Sends now every run of the plugged drive that is not offsite yet; the sentence says what went.
#[tauri::command]
pub async fn offsite_push_now(shell: State<'_, Shell>) -> Answer<String> {
    let data = shell.data.clone();
    crate::shell::blocking(move || {
        saoluu_engine::district::publish::push_and_report(
            &data,
            None,
            &(),
            &saoluu_engine::progress::CancelToken::default(),
        )
    })
    .await
    .map(|r| message::offsite_pushed(&r))
    .map_err(vi)
}

/// The registered drives for the settings page: each one's name when plugged in.
#[tauri::command]
pub fn registered_drives(shell: State<'_, Shell>) -> Answer<Vec<DriveSetting>> {
    let config = Config::load(&shell.data).map_err(vi)?;
    Ok(config
        .targets
        .iter()
        .map(|root| match drive::open_target(root) {
            Ok(t) => DriveSetting {
                root: root.clone(),
                label: t.marker.label,
                plugged: true,
            },
            Err(_) => DriveSetting {
                root: root.clone(),
                label: root.display().to_string(),
                plugged: false,
            },
        })
        .collect())
}

#[tauri::command]
pub fn rename_drive(root: PathBuf, label: String) -> Answer<drive::Marker> {
    drive::relabel(&root, &label).map_err(vi)
}

/// The principal's report for a period, to show in the window.
#[tauri::command]
pub fn principal_report(
    shell: State<'_, Shell>,
    from: String,
    to: String,
) -> Answer<saoluu_engine::principal_report::Report> {
    let (from, to) = period(&from, &to)?;
    saoluu_engine::principal_report::build(&shell.data, from, to).map_err(vi)
}

/// The report's period until the user types one: the last four weeks, as the fields show days.
#[tauri::command]
pub fn default_report_period() -> (String, String) {
    let today = chrono::Local::now().date_naive();
    let from = today - chrono::Days::new(27);
    (
        saoluu_engine::day::show(from),
        saoluu_engine::day::show(today),
    )
}

/// A day typed in a filter field as `yyyy-mm-dd`, once it is a whole day.
#[tauri::command]
pub fn typed_day(typed: String) -> Option<String> {
    saoluu_engine::day::parse(&typed)
        .ok()
        .map(|d| d.format("%Y-%m-%d").to_string())
}

/// A period as the window's fields hold it, typed dd/mm/yyyy.
fn period(from: &str, to: &str) -> Answer<(chrono::NaiveDate, chrono::NaiveDate)> {
    let day = |s: &str| saoluu_engine::day::parse(s).map_err(vi);
    Ok((day(from)?, day(to)?))
}

#[derive(Serialize)]
pub struct Saved {
    path: PathBuf,
    opened: bool,
}

/// Writes the report to Documents as `html` (opened, to print), `pdf` (opened) or `xlsx`.
#[tauri::command]
pub fn save_principal_report(
    app: AppHandle,
    shell: State<'_, Shell>,
    from: String,
    to: String,
    format: String,
) -> Answer<Saved> {
    let (from, to) = period(&from, &to)?;
    let path = saoluu_engine::principal_report::default_path(from, to, &format).map_err(vi)?;
    let path = saoluu_engine::principal_report::save(&shell.data, from, to, &path).map_err(vi)?;
    let opened = format != "xlsx"
        && app
            .opener()
            .open_path(path.display().to_string(), None::<&str>)
            .is_ok();
    Ok(Saved { path, opened })
}
