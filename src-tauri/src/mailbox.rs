//! What the shell tells the window, kept until the window can hear it.
//!
//! The app usually lives in the tray with its main window closed and destroyed. A tray choice
//! ("Nhật ký") or a second launch with `--mo-the` then builds the window anew, and an event
//! emitted at once would reach a page that is not listening yet. So every message goes through
//! here: while the page is not ready it is kept (only the newest of each kind: an older prompt or tab choice is stale), and
//! the page takes what was kept when its script is wired (`window_ready`). A page that starts
//! loading is not ready until it says so again. What nobody opened the window for within a few
//! minutes is dropped: days later it would only confuse.

use crate::window;
use serde::Serialize;
use serde_json::Value;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tauri::{AppHandle, Emitter, Manager};

/// How long a message waits for the window: long enough for a window to be built and loaded on an
/// old PC, short enough that a prompt never turns up out of its moment.
const KEEP_FOR: Duration = Duration::from_secs(10 * 60);

#[derive(Default)]
pub struct Mailbox(Mutex<Inner>);

#[derive(Default)]
struct Inner {
    ready: bool,
    kept: Vec<(Instant, Message)>,
}

impl Inner {
    fn keep(&mut self, event: &str, payload: Value, now: Instant) {
        self.kept.retain(|(_, m)| m.event != event);
        self.kept.push((
            now,
            Message {
                event: event.to_string(),
                payload,
            },
        ));
    }

    /// What is still worth saying at `now`, oldest first; the box is empty afterwards.
    fn take(&mut self, now: Instant) -> Vec<Message> {
        self.ready = true;
        std::mem::take(&mut self.kept)
            .into_iter()
            .filter(|(at, _)| now.duration_since(*at) < KEEP_FOR)
            .map(|(_, m)| m)
            .collect()
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
        if inner.ready && app.get_webview_window(window::MAIN).is_some() {
            let _ = app.emit_to(window::MAIN, event, payload);
            return;
        }
        inner.keep(event, payload, Instant::now());
    }

    /// The page has wired its listeners: hand over what was kept, and send directly from now on.
    pub fn take(&self) -> Vec<Message> {
        let mut inner = self.0.lock().unwrap_or_else(|p| p.into_inner());
        inner.take(Instant::now())
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
            ("vi-du", "USB"),
            ("mo-the", "khoi-phuc"),
        ] {
            inner.keep(event, payload.into(), Instant::now());
        }
        drop(inner);
        let taken = m.take();
        let got: Vec<_> = taken
            .iter()
            .map(|k| (k.event.as_str(), k.payload.as_str().unwrap()))
            .collect();
        assert_eq!(got, [("vi-du", "USB"), ("mo-the", "khoi-phuc")]);
        assert!(m.take().is_empty(), "taken once");
        assert!(m.0.lock().unwrap().ready);
        m.not_listening();
        assert!(!m.0.lock().unwrap().ready);
    }

    #[test]
    fn a_message_nobody_opened_the_window_for_is_dropped_after_a_while() {
        let mut inner = Inner::default();
        let t0 = Instant::now();
        inner.keep("vi-du", "USB".into(), t0);
        inner.keep(
            "mo-the",
            "khoi-phuc".into(),
            t0 + Duration::from_secs(5 * 60),
        );
        let taken = inner.take(t0 + KEEP_FOR + Duration::from_secs(1));
        let events: Vec<_> = taken.iter().map(|m| m.event.as_str()).collect();
        assert_eq!(events, ["mo-the"]);
        assert!(inner.kept.is_empty());
    }
}
