//! What the shell tells the window, kept until the window can hear it.
//!
//! The app usually lives in the tray with its window closed and destroyed. A plug-in prompt or a
//! tray choice ("Nhật ký") then builds the window anew, and an event emitted at once would reach
//! a page that is not listening yet. So every message goes through here: while the page is not
//! ready it is kept (only the newest of each kind: an older prompt or tab choice is stale), and
//! the page takes what was kept when its script is wired (`window_ready`). A page that starts
//! loading is not ready until it says so again.

use serde::Serialize;
use serde_json::Value;
use std::sync::Mutex;
use tauri::{AppHandle, Emitter, Manager};

#[derive(Default)]
pub struct Mailbox(Mutex<Inner>);

#[derive(Default)]
struct Inner {
    ready: bool,
    kept: Vec<Message>,
}

impl Inner {
    fn keep(&mut self, event: &str, payload: Value) {
        self.kept.retain(|m| m.event != event);
        self.kept.push(Message {
            event: event.to_string(),
            payload,
        });
    }
}

/// One event for the page: its name and payload, as `listen(event, …)` would receive it.
#[derive(Clone, Serialize)]
pub struct Message {
    event: String,
    payload: Value,
}

impl Mailbox {
    /// Sends now when the page listens, else keeps it for the page's next `take`.
    pub fn tell(&self, app: &AppHandle, event: &str, payload: impl Serialize) {
        let payload = serde_json::to_value(payload).unwrap_or(Value::Null);
        let mut inner = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if inner.ready && app.get_webview_window("main").is_some() {
            let _ = app.emit(event, payload);
            return;
        }
        inner.keep(event, payload);
    }

    /// The page has wired its listeners: hand over what was kept, and send directly from now on.
    pub fn take(&self) -> Vec<Message> {
        let mut inner = self.0.lock().unwrap_or_else(|p| p.into_inner());
        inner.ready = true;
        std::mem::take(&mut inner.kept)
    }

    /// The page is (re)loading or its window is gone: keep messages until it is ready again.
    pub fn not_listening(&self) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).ready = false;
    }
}

/// Called by the page once every listener is wired; returns the messages it missed.
#[tauri::command]
pub fn window_ready(mailbox: tauri::State<'_, Mailbox>) -> Vec<Message> {
    mailbox.take()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_messages_are_the_newest_of_each_kind_in_order() {
        let m = Mailbox::default();
        let mut inner = m.0.lock().unwrap();
        for (event, payload) in [
            ("mo-the", "nhat-ky"),
            ("nhac-cam-o", "USB"),
            ("mo-the", "khoi-phuc"),
        ] {
            inner.keep(event, payload.into());
        }
        drop(inner);
        let taken = m.take();
        let got: Vec<_> = taken
            .iter()
            .map(|k| (k.event.as_str(), k.payload.as_str().unwrap()))
            .collect();
        assert_eq!(got, [("nhac-cam-o", "USB"), ("mo-the", "khoi-phuc")]);
        assert!(m.take().is_empty(), "taken once");
        assert!(m.0.lock().unwrap().ready);
        m.not_listening();
        assert!(!m.0.lock().unwrap().ready);
    }
}
