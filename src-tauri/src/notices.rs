//! Shows what the engine's reminder rules decide (`saoluu_engine::reminders`): system
//! notifications, and for a plugged-in drive or a finished run, a question with buttons in the
//! corner window (`toast`). The rules decide when to speak; this module only speaks.

use crate::shell::Shell;
use crate::toast;
use saoluu_engine::backup::RunReport;
use saoluu_engine::reminders::Notice;
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

/// After a run, from what it returned: a failure is said once; a good run offers to take out
/// the drive it went to.
pub fn finished(app: &AppHandle, result: &saoluu_engine::Result<RunReport>) {
    let notices = match app.state::<Shell>().agent.lock() {
        Ok(a) => a
            .after_run(result, chrono::Local::now())
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    show(app, notices);
}

fn show(app: &AppHandle, notices: Vec<Notice>) {
    for n in notices {
        match n {
            // Questions with buttons go to the corner window, which the user answers there.
            Notice::PlugPrompt { .. } | Notice::OfferEject { .. } => toast::ask(app, n),
            Notice::Daily { .. } | Notice::Failure { .. } => {
                let (title, body) = n.words();
                let _ = app.notification().builder().title(title).body(body).show();
            }
        }
    }
}
