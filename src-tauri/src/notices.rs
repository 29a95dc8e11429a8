//! Shows what the engine's reminder rules decide (`saoluu_engine::reminders`): system
//! notifications, and for a plugged-in drive or a finished run, a question with buttons in the
//! corner window (`toast`). The rules decide when to speak; this module only speaks.

use crate::Shell;
use saoluu_engine::reminders::{Event, Notice};
use std::time::Duration;
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;

/// How often the "not backed up this week" rule is asked; it says something once a day at most.
const TICK: Duration = Duration::from_secs(10 * 60);

pub fn start_ticking(app: &AppHandle) {
    let app = app.clone();
    let _ = std::thread::Builder::new()
        .name("nhac-nho".into())
        .spawn(move || loop {
            std::thread::sleep(TICK);
            let notices = {
                let shell = app.state::<Shell>();
                let agent = shell.agent.lock();
                match agent {
                    Ok(a) => a.tick(chrono::Local::now()).unwrap_or_default(),
                    Err(_) => Vec::new(),
                }
            };
            show(&app, notices);
        });
}

pub fn drives_changed(app: &AppHandle, plugged: &saoluu_engine::drive::Plugged) {
    let notices = {
        let shell = app.state::<Shell>();
        let mut agent = match shell.agent.lock() {
            Ok(a) => a,
            Err(_) => return,
        };
        agent
            .drives_changed(plugged, chrono::Local::now())
            .unwrap_or_default()
    };
    show(app, notices);
}

/// After a run: a failure is said once; a good run offers to eject the drive.
pub fn finished(app: &AppHandle, ok: bool, label: String, message: String) {
    let shell = app.state::<Shell>();
    let log_id = saoluu_engine::journal::Journal::open(&shell.data.journal_file())
        .and_then(|j| {
            j.list(&saoluu_engine::journal::Filter {
                limit: Some(1),
                ..Default::default()
            })
        })
        .ok()
        .and_then(|l| l.first().map(|e| e.id))
        .unwrap_or(0);
    let event = Event::Finished {
        ok,
        log_id,
        label,
        message,
    };
    let notices = match shell.agent.lock() {
        Ok(a) => a.finished(&event, chrono::Local::now()).unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    show(app, notices);
}

fn show(app: &AppHandle, notices: Vec<Notice>) {
    for n in notices {
        match n {
            // The demo's folder is no drive to take out.
            Notice::OfferEject { ref label } if label.is_empty() => {}
            // Questions with buttons go to the corner window, which the user answers there.
            Notice::PlugPrompt { .. } | Notice::OfferEject { .. } => crate::toast::ask(app, n),
            Notice::Daily { .. } | Notice::Failure { .. } => {
                let (title, body) = n.words();
                let _ = app.notification().builder().title(title).body(body).show();
            }
        }
    }
}
