//! The main window: brought back when asked, made anew when it was closed. A closed window is
//! destroyed with its web view, so the app in the tray holds only what the tray needs.

use crate::webview;
use tauri::{AppHandle, Manager};

/// The main window's label (`tauri.conf.json`).
pub const MAIN: &str = "main";

pub fn show(app: &AppHandle) {
    if !webview::available() {
        webview::explain_missing(app);
        return;
    }
    if let Some(w) = app.get_webview_window(MAIN) {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
        return;
    }
    let app = app.clone();
    // Windows are built off the event loop's thread: building one there can deadlock on Windows.
    tauri::async_runtime::spawn(async move {
        if let Some(config) = app.config().app.windows.first().cloned() {
            if let Ok(w) =
                tauri::WebviewWindowBuilder::from_config(&app, &config).and_then(|b| b.build())
            {
                let _ = w.set_focus();
            }
        }
    });
}

/// The recovery sheet's print view's label.
pub const SHEET: &str = "phieu";

/// Opens (or brings back) the print view of the recovery sheet.
pub fn sheet(app: &AppHandle) {
    if let Some(w) = app.get_webview_window(SHEET) {
        let _ = w.show();
        let _ = w.set_focus();
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let _ = tauri::WebviewWindowBuilder::new(
            &app,
            SHEET,
            tauri::WebviewUrl::App("phieu.html".into()),
        )
        .title(saoluu_engine::message::shell::SHEET_WINDOW_TITLE)
        .inner_size(820.0, 900.0)
        .build();
    });
}
