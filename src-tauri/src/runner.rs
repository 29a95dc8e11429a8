//! The one backup that may run at a time, whoever asked for it: the window's button, the tray's
//! menu, the corner window's "Sao lưu ngay" or a second launch with `--sao-luu-ngay`. It builds
//! the request the way the CLI does (`backup::Request::prepare`), forwards progress to the window
//! as `tien-do`, and hands the run's report to the reminder rules (`notices`). It says
//! `sao-luu-bat-dau` and `sao-luu-xong` to whoever listens (the tray's icon, the window).

use crate::notices;
use crate::shell::{vi, Answer, Shell};
use saoluu_engine::backup::{self, RunReport};
use saoluu_engine::config::Config;
use saoluu_engine::eschool::Section;
use saoluu_engine::progress::{CancelToken, Progress, Throttle};
use saoluu_engine::{drive, message, Error};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager};

pub const STARTED: &str = "sao-luu-bat-dau";
pub const FINISHED: &str = "sao-luu-xong";

/// Set while a backup runs, so a second click or the tray cannot start another.
#[derive(Default)]
pub struct Runner(Mutex<Option<CancelToken>>);

impl Runner {
    pub fn running(&self) -> bool {
        self.0.lock().map(|r| r.is_some()).unwrap_or(false)
    }

    /// "Dừng": the run stops at its next check and says so.
    pub fn cancel(&self) {
        if let Ok(r) = self.0.lock() {
            if let Some(c) = r.as_ref() {
                c.cancel();
            }
        }
    }

    fn claim(&self) -> Result<CancelToken, Error> {
        let mut running = self.0.lock().map_err(|_| Error::Busy)?;
        if running.is_some() {
            return Err(Error::Busy);
        }
        let cancel = CancelToken::default();
        *running = Some(cancel.clone());
        Ok(cancel)
    }

    fn release(&self) {
        if let Ok(mut r) = self.0.lock() {
            *r = None;
        }
    }
}

/// What a backup runs.
pub enum Job {
    /// The configured sources, or the demo school when nothing is configured.
    Configured,
    /// The eSchool exports the wizard gathered; `accept_drop` after the user confirmed a drop.
    Eschool {
        files: Vec<(Section, PathBuf)>,
        accept_drop: bool,
    },
}

pub async fn start(app: AppHandle, job: Job) -> Answer<RunReport> {
    let cancel = app.state::<Runner>().claim().map_err(vi)?;
    let _ = app.emit(STARTED, ());
    let worker = app.clone();
    let result = crate::shell::blocking(move || run(&worker, job, &cancel)).await;
    app.state::<Runner>().release();
    notices::finished(&app, &result);
    let _ = app.emit(FINISHED, ());
    // The run's folder is <drive>/SaoLuuTruongHoc/<run>.
    let drive = result
        .as_ref()
        .ok()
        .filter(|r| r.all_good())
        .and_then(|r| r.run_dir.as_deref()?.parent()?.parent().map(PathBuf::from));
    match drive {
        Some(drive) => crate::offsite::after_backup(&app, drive),
        // A failed run goes to the office too: it is a failure not yet put right.
        None => crate::offsite::tell_the_office(&app.state::<Shell>().data),
    }
    result.map_err(vi)
}

fn run(app: &AppHandle, job: Job, cancel: &CancelToken) -> Result<RunReport, Error> {
    let data = app.state::<Shell>().data.clone();
    let config = Config::load(&data)?;
    let handle = app.clone();
    let emit = Throttle::new(
        move |p: &Progress| {
            let _ = handle.emit("tien-do", message::shown(p));
        },
        Duration::from_millis(100),
    );
    let (sources, accept_drop) = match job {
        Job::Eschool { files, accept_drop } => {
            (vec![backup::Source::Eschool { files }], accept_drop)
        }
        Job::Configured if config.is_configured() => (backup::configured_sources(&config), false),
        Job::Configured => {
            // The demo site lives as long as `demo`: until the run is over.
            let demo = saoluu_demo::prepare(&data)?;
            return backup::run(&data, &demo.request, &emit, cancel);
        }
    };
    let target = drive::the_present_target(&config.targets)?;
    let mut req = backup::Request::prepare(&config, sources, target, None)?;
    req.accept_drop = accept_drop;
    backup::run(&data, &req, &emit, cancel)
}
