//! Whether this PC can draw the app's window. On Windows the window is a WebView2, which Windows
//! 10 and 11 normally carry but a PC that missed its updates (and Wine) may lack. Tauri would then
//! show its own English dialog and no window; the app instead says in Vietnamese what to install,
//! and keeps working from the tray, where backups need no web view.

use saoluu_engine::message::{WEBVIEW_MISSING, WEBVIEW_MISSING_TITLE};
use std::sync::atomic::{AtomicBool, Ordering};
use tauri::AppHandle;
use tauri_plugin_dialog::{DialogExt, MessageDialogKind};

/// True where a window can be made. Linux and macOS ship their web view with the system (or the
/// package's dependencies); Windows is asked each time, since the runtime may be installed while
/// the app runs.
pub fn available() -> bool {
    !cfg!(windows) || tauri::webview_version().is_ok()
}

/// Explains what is missing; one dialog at a time, however often the tray or a second launch asks.
pub fn explain_missing(app: &AppHandle) {
    static SHOWING: AtomicBool = AtomicBool::new(false);
    if SHOWING.swap(true, Ordering::SeqCst) {
        return;
    }
    app.dialog()
        .message(WEBVIEW_MISSING)
        .title(WEBVIEW_MISSING_TITLE)
        .kind(MessageDialogKind::Warning)
        .show(|_| SHOWING.store(false, Ordering::SeqCst));
}
