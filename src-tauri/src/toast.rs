//! The small window in the corner of the screen that asks what a system notification cannot:
//! "Ổ sao lưu đã được cắm. Sao lưu ngay?" and "Tháo ổ an toàn?", each with its buttons. The
//! notification plugin has no buttons on desktop, and bringing the whole window up for a drive
//! that may have been plugged in to restore is rude. One question at a time; a newer one
//! replaces it. The page asks for the question when it loads, so nothing is lost while it starts.

use crate::webview;
use saoluu_engine::reminders::Notice;
use std::sync::Mutex;
use tauri::{
    AppHandle, Emitter, LogicalPosition, Manager, State, WebviewUrl, WebviewWindowBuilder,
};

pub const LABEL: &str = "nhac";
const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 200.0;
/// Room left between the window and the screen's edge (and the taskbar).
const GAP: f64 = 16.0;

/// The question on show, if any.
#[derive(Default)]
pub struct Toast(Mutex<Option<Notice>>);

/// Puts `notice` in the corner window, making the window when there is none.
pub fn ask(app: &AppHandle, notice: Notice) {
    // No web view on this PC (Windows without WebView2): a system notification still says it.
    if !webview::available() {
        use tauri_plugin_notification::NotificationExt;
        let (title, body) = notice.words();
        let _ = app.notification().builder().title(title).body(body).show();
        return;
    }
    if let Ok(mut n) = app.state::<Toast>().0.lock() {
        *n = Some(notice);
    }
    if let Some(w) = app.get_webview_window(LABEL) {
        let _ = w.emit_to(LABEL, "nhac-moi", ());
        let _ = w.show();
        return;
    }
    let app = app.clone();
    // Built off the event loop's thread, like the main window: building there can deadlock on
    // Windows.
    tauri::async_runtime::spawn(async move {
        let mut b = WebviewWindowBuilder::new(&app, LABEL, WebviewUrl::App("nhac.html".into()))
            .title(saoluu_engine::message::shell::CORNER_WINDOW_TITLE)
            .inner_size(WIDTH, HEIGHT)
            .resizable(false)
            .decorations(false)
            .always_on_top(true)
            .skip_taskbar(true)
            .focused(false);
        if let Some((x, y)) = corner(&app) {
            b = b.position(x, y);
        }
        let _ = b.build();
    });
}

/// The bottom right of the primary screen's work area (above the taskbar), in logical pixels.
fn corner(app: &AppHandle) -> Option<(f64, f64)> {
    let m = app.primary_monitor().ok().flatten()?;
    let area = m.work_area();
    let end = LogicalPosition::<f64>::from_physical(
        tauri::PhysicalPosition::new(
            area.position.x + area.size.width as i32,
            area.position.y + area.size.height as i32,
        ),
        m.scale_factor(),
    );
    Some((end.x - WIDTH - GAP, end.y - HEIGHT - GAP))
}

pub fn close(app: &AppHandle) {
    if let Ok(mut n) = app.state::<Toast>().0.lock() {
        *n = None;
    }
    if let Some(w) = app.get_webview_window(LABEL) {
        let _ = w.destroy();
    }
}

/// The question the corner window shows: the notice, and its words from the engine.
#[derive(serde::Serialize)]
pub struct Question {
    notice: Notice,
    title: String,
    body: String,
}

#[tauri::command]
pub fn toast_notice(toast: State<'_, Toast>) -> Option<Question> {
    let notice = toast.0.lock().ok()?.clone()?;
    let (title, body) = notice.words();
    Some(Question {
        notice,
        title,
        body,
    })
}
