//! The desktop app: a thin Tauri 2 shell over `saoluu-engine`. This file only wires the parts.
//!
//! `commands` and `restore_wizard` are the only way the window reaches the engine; long work
//! reports through the engine's progress events, forwarded as `tien-do`. `runner` owns the one
//! backup that may run, whoever asked for it; `tray` keeps the app alive with its window closed;
//! `notices` and `toast` say what the engine's reminder rules decide. State lives in
//! [`shell::Shell`], managed by Tauri, not in globals. The modules import one another in one
//! direction only (commands → runner → notices → toast; tray → runner), which
//! `tests/tests/module_graph.rs` checks.

mod autostart;
mod commands;
mod district;
mod mailbox;
mod notices;
mod offsite;
mod restore_wizard;
mod runner;
mod shell;
mod toast;
mod tray;
mod webview;
mod window;

use mailbox::Mailbox;
use saoluu_engine::appdata::AppData;
use saoluu_engine::config::Config;
use shell::Shell;
use tauri::{Emitter, Manager};

/// `--mo-the nhat-ky`: the tab to open (a shortcut to the log, or the tray's own choices).
fn tab_arg(args: &[String]) -> Option<String> {
    args.iter().skip_while(|a| *a != "--mo-the").nth(1).cloned()
}

/// `--thoat`: the running copy quits (the installer and uninstaller ask this before they replace
/// or remove the program's files, which a running copy holds open on Windows).
fn wants_quit(args: &[String]) -> bool {
    args.iter().skip(1).any(|a| a == "--thoat")
}

/// `--sao-luu-ngay`: the tray's "Sao lưu ngay" from outside (a shortcut, a scheduled task),
/// handed to the running copy.
const BACKUP_NOW: &str = "--sao-luu-ngay";

/// GTK 3 opens OpenGL when it starts only to pick a window visual, and on a PC without a GPU
/// driver that maps Mesa's LLVM (about 45 MB) into a tray app that sits idle all week. The app
/// draws nothing with OpenGL itself and WebKit renders in its own processes, so GDK's OpenGL is
/// turned off unless the user set `GDK_GL` themselves. Set before GTK starts and before any
/// thread exists.
fn without_gdk_opengl() {
    #[cfg(all(unix, not(target_os = "macos")))]
    if std::env::var_os("GDK_GL").is_none() {
        std::env::set_var("GDK_GL", "disable");
    }
}

pub fn run() {
    without_gdk_opengl();
    let data = match AppData::open(AppData::dir_from_args(std::env::args_os()).as_deref()) {
        Ok(d) => d,
        Err(e) => {
            // No window can open without a data folder; say why where the user launched it from.
            eprintln!("{}", saoluu_engine::message::error(&e));
            std::process::exit(1);
        }
    };
    tauri::Builder::default()
        // First, so that a second launch hands over before anything else starts.
        .plugin(tauri_plugin_single_instance::init(|app, args, _cwd| {
            second_launch(app, &args)
        }))
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            // Started at login, the app goes straight to the tray.
            Some(vec!["--an"]),
        ))
        .manage(Shell::new(data))
        .manage(runner::Runner::default())
        .manage(Mailbox::default())
        .manage(toast::Toast::default())
        // The mailbox is the main window's: the corner window loading or closing says nothing
        // about whether the main window listens.
        .on_page_load(|webview, load| {
            if webview.label() == window::MAIN
                && load.event() == tauri::webview::PageLoadEvent::Started
            {
                webview.state::<Mailbox>().not_listening();
            }
        })
        .on_window_event(|w, event| {
            if w.label() == window::MAIN && matches!(event, tauri::WindowEvent::Destroyed) {
                w.state::<Mailbox>().not_listening();
            }
        })
        .setup(setup)
        .invoke_handler(tauri::generate_handler![
            mailbox::window_ready,
            toast::toast_notice,
            commands::toast_answer,
            commands::status,
            commands::backup_now,
            commands::cancel_backup,
            commands::journal,
            commands::window_words,
            restore_wizard::backup_drives,
            restore_wizard::open_backup_drive,
            restore_wizard::find_in_backups,
            restore_wizard::pick_folder,
            restore_wizard::check_backup,
            restore_wizard::restore_backup,
            restore_wizard::cancel_restore,
            restore_wizard::republish,
            restore_wizard::run_drill,
            restore_wizard::recovery_plan,
            restore_wizard::open_restored,
            commands::open_folder,
            commands::register_drive,
            commands::setup_state,
            commands::setup_step_done,
            commands::setup_drives,
            commands::setup_site_look,
            commands::school_levels,
            commands::offsite_settings,
            commands::set_offsite,
            commands::offsite_push_now,
            commands::import_offsite_file,
            commands::pick_store_file,
            district::district_settings,
            district::set_district,
            district::district_overview,
            district::district_history,
            district::pick_school_list,
            district::save_district_report,
            restore_wizard::offsite_runs,
            restore_wizard::offsite_find,
            restore_wizard::offsite_fetch,
            commands::passphrase_info,
            commands::new_passphrase,
            commands::recovery_sheet,
            commands::print_recovery_sheet,
            commands::recovery_sheet_body,
            commands::default_report_period,
            commands::typed_day,
            commands::record_systems,
            commands::glance,
            commands::check_site,
            commands::site_certificate,
            commands::accept_site_certificate,
            commands::forget_site_certificate,
            commands::settings,
            commands::save_settings,
            commands::eschool_steps,
            commands::open_eschool,
            commands::wait_download,
            commands::stop_waiting,
            commands::pick_exports,
            commands::eschool_preview,
            commands::eschool_backup,
            commands::admin_password_changed,
            commands::eject_drive,
            commands::snooze,
            commands::registered_drives,
            commands::rename_drive,
            commands::principal_report,
            commands::save_principal_report,
        ])
        .build(tauri::generate_context!())
        .expect("the Tauri runtime starts")
        .run(|_app, event| {
            // Closing the window keeps the app in the tray; "Thoát" in the tray menu (an exit
            // with a code) really quits.
            if let tauri::RunEvent::ExitRequested {
                code: None, api, ..
            } = event
            {
                api.prevent_exit();
            }
        });
}

/// A second launch hands its arguments to the running copy and exits: `--thoat` quits it,
/// `--sao-luu-ngay` starts a backup, anything else brings the window (to a tab with `--mo-the`).
fn second_launch(app: &tauri::AppHandle, args: &[String]) {
    if wants_quit(args) {
        app.exit(0);
        return;
    }
    if args.iter().any(|a| a == BACKUP_NOW) {
        tray::backup_now(app);
        return;
    }
    window::show(app);
    if let Some(tab) = tab_arg(args) {
        app.state::<Mailbox>().tell(app, "mo-the", tab);
    }
}

/// Once the runtime is up: the tray, start at login, the window unless started at login, what
/// the command line asked for, and the reminder clock and drive watcher.
fn setup(app: &mut tauri::App) -> Result<(), Box<dyn std::error::Error>> {
    // `--thoat` with no copy running (the installer asks before replacing the exe):
    // nothing to do.
    if wants_quit(&std::env::args().collect::<Vec<_>>()) {
        app.handle().exit(0);
        return Ok(());
    }
    tray::create(app.handle())?;
    autostart::apply(app.handle(), &app.state::<Shell>().data);
    // Started at login (`--an`): only the tray, no window and no web view until asked.
    if !std::env::args().any(|a| a == "--an") {
        if !webview::available() {
            webview::explain_missing(app.handle());
        } else if let Some(config) = app.config().app.windows.first().cloned() {
            tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?.build()?;
        }
    }
    if let Some(tab) = tab_arg(&std::env::args().collect::<Vec<_>>()) {
        app.state::<Mailbox>().tell(app.handle(), "mo-the", tab);
    }
    if std::env::args().any(|a| a == BACKUP_NOW) {
        tray::backup_now(app.handle());
    }
    notices::start_ticking(app.handle());
    let handle = app.handle().clone();
    let data = app.state::<Shell>().data.clone();
    saoluu_engine::drive::watch(
        std::time::Duration::from_secs(2),
        move || Config::load(&data).map(|c| c.targets).unwrap_or_default(),
        move |plugged: &saoluu_engine::drive::Plugged| {
            let roots: Vec<String> = plugged
                .targets
                .iter()
                .map(|t| t.root.display().to_string())
                .collect();
            let _ = handle.emit("o-sao-luu", roots);
            notices::drives_changed(&handle, plugged);
            tray::refresh(&handle);
        },
    )?;
    Ok(())
}
