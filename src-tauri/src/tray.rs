//! The tray icon: its colour says whether this week's backup is done, its menu starts a backup,
//! brings the window back, or quits.

use crate::mailbox::Mailbox;
use crate::runner::{self, Runner};
use crate::shell::Shell;
use crate::window;
use saoluu_engine::message::shell as words;
use saoluu_engine::status::Level;
use tauri::image::Image;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Listener, Manager};

const TRAY_ID: &str = "main";
const OK: &[u8] = include_bytes!("../../icons/tray-ok.png");
const DUE: &[u8] = include_bytes!("../../icons/tray-due.png");
const BAD: &[u8] = include_bytes!("../../icons/tray-bad.png");
const BUSY: &[u8] = include_bytes!("../../icons/tray-busy.png");

pub fn create(app: &AppHandle) -> tauri::Result<()> {
    let item = |id: &str, text: &str| MenuItem::with_id(app, id, text, true, None::<&str>);
    let mut items = Vec::new();
    for (id, caption) in words::TRAY_MENU {
        items.push(item(id, caption)?);
    }
    let separator = PredefinedMenuItem::separator(app)?;
    let quit = item("thoat", words::TRAY_QUIT)?;
    let mut all: Vec<&dyn tauri::menu::IsMenuItem<tauri::Wry>> = items
        .iter()
        .map(|i| i as &dyn tauri::menu::IsMenuItem<tauri::Wry>)
        .collect();
    all.push(&separator);
    all.push(&quit);
    let menu = Menu::with_items(app, &all)?;
    TrayIconBuilder::with_id(TRAY_ID)
        .icon(Image::from_bytes(DUE)?)
        .tooltip(words::APP_NAME)
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id.as_ref() {
            "sao-luu" => backup_now(app),
            "mo" => window::show(app),
            tab @ ("nhat-ky" | "khoi-phuc") => {
                window::show(app);
                app.state::<Mailbox>().tell(app, "mo-the", tab);
            }
            "tam-dung" => {
                if let Ok(a) = app.state::<Shell>().agent.lock() {
                    let _ = a.snooze(chrono::Local::now());
                }
                refresh(app);
            }
            "thoat" => app.exit(0),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                window::show(tray.app_handle());
            }
        })
        .build(app)?;
    // The icon turns busy while any backup runs and back when it ends, whoever started it.
    for event in [runner::STARTED, runner::FINISHED] {
        let app = app.clone();
        app.clone().listen_any(event, move |_| refresh(&app));
    }
    refresh(app);
    Ok(())
}

/// "Sao lưu ngay" from outside the window (the tray menu, `--sao-luu-ngay`): the window shows
/// the progress where it can; the backup runs either way.
pub fn backup_now(app: &AppHandle) {
    window::show(app);
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let _ = runner::start(app, runner::Job::Configured).await;
    });
}

/// Sets the icon and tooltip from the engine's status.
pub fn refresh(app: &AppHandle) {
    let Some(tray) = app.tray_by_id(TRAY_ID) else {
        return;
    };
    let shell = app.state::<Shell>();
    let running = app.state::<Runner>().running();
    let status = saoluu_engine::status::status(&shell.data, &[]);
    let (icon, text) = match (&status, running) {
        (_, true) => (BUSY, words::TRAY_BUSY.to_string()),
        (Ok(s), false) => {
            let (level, text) = s.at_a_glance();
            let icon = match level {
                Level::Good => OK,
                Level::Soon => DUE,
                Level::Bad => BAD,
            };
            (icon, text)
        }
        (Err(e), false) => (BAD, saoluu_engine::message::error(e)),
    };
    let memory = saoluu_engine::reminders::Memory::load(&shell.data.reminders_file());
    let until = memory
        .snoozed_until
        .filter(|t| *t > chrono::Local::now())
        .map(|t| t.format("%H:%M %d/%m").to_string());
    if let Ok(img) = Image::from_bytes(icon) {
        let _ = tray.set_icon(Some(img));
    }
    let _ = tray.set_tooltip(Some(words::tray_tooltip(&text, until.as_deref())));
}
