//! The first-run setup: its steps in order, where a school left off, and what a step needs before
//! the next one opens. The window draws one step a screen; the CLI's `config`, `drive init` and
//! `passphrase set` do the same work one command each.
//!
//! The setup opens while no school is configured, and keeps opening once it has begun until it is
//! finished, so a clerk can close the window halfway and come back to the same step. A school
//! configured before the setup existed never sees it.

use crate::appdata::AppData;
use crate::config::Config;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// Name, level, governing body.
    Truong,
    /// The website's address, checked on the spot.
    TrangWeb,
    /// The record system and its address.
    HoSo,
    /// The backup drive: the one step that cannot be skipped, since nothing is backed up without it.
    OSaoLuu,
    /// The encryption passphrase and its recovery sheet.
    MatKhau,
    /// The weekly day and the reminders.
    Lich,
    /// The first backup, with its progress.
    SaoLuuDau,
}

impl Step {
    pub const ALL: [Step; 7] = [
        Step::Truong,
        Step::TrangWeb,
        Step::HoSo,
        Step::OSaoLuu,
        Step::MatKhau,
        Step::Lich,
        Step::SaoLuuDau,
    ];

    pub fn skippable(self) -> bool {
        self != Step::OSaoLuu
    }

    /// 1-based, as "Bước 3/7" shows it.
    pub fn number(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }

    fn next(self) -> Option<Step> {
        Step::ALL.get(self.number()).copied()
    }
}

/// How far the setup got, kept beside the settings (`AppData::setup_file`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Progress {
    /// The step to open at; `None` before the first step is done.
    pub at: Option<Step>,
    pub skipped: Vec<Step>,
    pub finished: bool,
}

/// What the window needs to open the setup.
#[derive(Debug, Clone, Serialize)]
pub struct State {
    pub needed: bool,
    pub at: Step,
    pub number: usize,
    pub count: usize,
    pub skippable: bool,
}

impl Progress {
    pub fn load(app: &AppData) -> Progress {
        // A damaged file only means the setup opens at its first step again.
        std::fs::read(app.setup_file())
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    fn save(&self, app: &AppData) -> Result<()> {
        let json = serde_json::to_vec_pretty(self).expect("setup progress serialises");
        crate::archive::write_atomically(&app.setup_file(), &json)
    }

    /// Open while nothing is configured, and once begun until finished.
    pub fn needed(&self, config: &Config) -> bool {
        !self.finished && (self.at.is_some() || !config.is_configured())
    }
}

pub fn state(app: &AppData) -> Result<State> {
    let config = Config::load(app)?;
    Ok(shown(&Progress::load(app), &config))
}

fn shown(p: &Progress, config: &Config) -> State {
    let at = p.at.unwrap_or(Step::Truong);
    State {
        needed: p.needed(config),
        at,
        number: at.number(),
        count: Step::ALL.len(),
        skippable: at.skippable(),
    }
}

/// What a step still lacks before the next one opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Missing {
    /// No backup drive is registered.
    Drive,
    /// This PC has no passphrase yet.
    Passphrase,
    /// Nobody wrote down where the printed sheet is kept.
    SheetPlace,
    /// The user has not confirmed the sheet is printed and put away.
    SheetConfirmed,
}

/// What the user said at the end of a step.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(default)]
pub struct Done {
    pub skipped: bool,
    /// The passphrase step: "Tôi đã in phiếu và cất ở nơi ghi trên" is ticked.
    pub sheet_confirmed: bool,
}

/// Ends `step` (done or skipped) and saves where the setup is; returns the state to show next.
/// A step is checked only when it is not skipped, and the drive step never is.
pub fn finish_step(
    app: &AppData,
    step: Step,
    done: Done,
    has_passphrase: impl FnOnce() -> bool,
) -> Result<State> {
    let config = Config::load(app)?;
    let mut p = Progress::load(app);
    if done.skipped && !step.skippable() {
        return Err(Error::SetupIncomplete(Missing::Drive));
    }
    if !done.skipped {
        if let Some(missing) = lacks(&config, step, done, has_passphrase) {
            return Err(Error::SetupIncomplete(missing));
        }
    }
    p.skipped.retain(|s| *s != step);
    if done.skipped {
        p.skipped.push(step);
    }
    match step.next() {
        Some(next) => p.at = Some(next),
        None => p.finished = true,
    }
    p.save(app)?;
    Ok(shown(&p, &config))
}

fn lacks(
    config: &Config,
    step: Step,
    done: Done,
    has_passphrase: impl FnOnce() -> bool,
) -> Option<Missing> {
    match step {
        Step::OSaoLuu if drives(config).iter().all(|d| !d.registered) => Some(Missing::Drive),
        Step::MatKhau if !has_passphrase() => Some(Missing::Passphrase),
        Step::MatKhau if config.plan.sheet_kept_at.trim().is_empty() => Some(Missing::SheetPlace),
        Step::MatKhau if !done.sheet_confirmed => Some(Missing::SheetConfirmed),
        _ => None,
    }
}

/// A drive the drive step offers: registered ones that are plugged in, and removable ones that
/// could be.
#[derive(Debug, Clone, Serialize)]
pub struct DriveChoice {
    pub root: PathBuf,
    pub label: String,
    pub file_system: String,
    pub free_bytes: u64,
    pub free_label: String,
    /// FAT32 holds no file of 4 GiB; the app splits large backups, and the step says so.
    pub fat: bool,
    pub registered: bool,
}

pub fn drives(config: &Config) -> Vec<DriveChoice> {
    let plugged = crate::drive::plugged(&config.targets);
    let mut out: Vec<DriveChoice> = plugged
        .targets
        .iter()
        .map(|t| {
            let file_system = t.file_system().unwrap_or_default();
            let free = t.free_bytes().unwrap_or(0);
            DriveChoice {
                root: t.root.clone(),
                label: t.marker.label.clone(),
                fat: crate::drive::max_file_size(&file_system).is_some(),
                file_system,
                free_bytes: free,
                free_label: crate::message::size(free),
                registered: true,
            }
        })
        .collect();
    out.extend(plugged.unregistered.into_iter().map(|d| DriveChoice {
        fat: crate::drive::max_file_size(&d.file_system).is_some(),
        free_label: crate::message::size(d.free_bytes),
        root: d.mount_point,
        label: d.label,
        file_system: d.file_system,
        free_bytes: d.free_bytes,
        registered: false,
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app() -> (tempfile::TempDir, AppData) {
        let dir = tempfile::tempdir().unwrap();
        let app = AppData::open(Some(&dir.path().join("du-lieu"))).unwrap();
        (dir, app)
    }

    #[test]
    fn a_new_pc_is_set_up_step_by_step_and_resumes_where_it_left_off() {
        let (dir, app) = app();
        let s = state(&app).unwrap();
        assert!(s.needed);
        assert_eq!((s.at, s.number, s.count), (Step::Truong, 1, 7));

        // Naming the school makes the settings "configured"; the setup still opens until done.
        let mut c = Config::load(&app).unwrap();
        c.school_name = "Trường Mầm non Sen Hồng".into();
        c.save(&app).unwrap();
        let s = finish_step(&app, Step::Truong, Done::default(), || false).unwrap();
        assert_eq!(s.at, Step::TrangWeb);
        let s = finish_step(
            &app,
            Step::TrangWeb,
            Done {
                skipped: true,
                ..Done::default()
            },
            || false,
        )
        .unwrap();
        assert!(s.needed, "a started setup opens again");
        assert_eq!(s.at, Step::HoSo);
        finish_step(&app, Step::HoSo, Done::default(), || false).unwrap();

        // The drive cannot be skipped, nor passed without a registered drive.
        let skip = Done {
            skipped: true,
            ..Done::default()
        };
        assert!(matches!(
            finish_step(&app, Step::OSaoLuu, skip, || false),
            Err(Error::SetupIncomplete(Missing::Drive))
        ));
        assert!(matches!(
            finish_step(&app, Step::OSaoLuu, Done::default(), || false),
            Err(Error::SetupIncomplete(Missing::Drive))
        ));
        let usb = dir.path().join("usb");
        std::fs::create_dir(&usb).unwrap();
        crate::config::register_drive(&app, &usb, None).unwrap();
        let offered = drives(&Config::load(&app).unwrap());
        assert!(offered.iter().any(|d| d.registered && d.free_bytes > 0));
        assert_eq!(
            finish_step(&app, Step::OSaoLuu, Done::default(), || false)
                .unwrap()
                .at,
            Step::MatKhau
        );

        // The passphrase step ends only with a passphrase, the sheet's place, and the tick.
        let missing = |has, done| match finish_step(&app, Step::MatKhau, done, move || has) {
            Err(Error::SetupIncomplete(m)) => Some(m),
            _ => None,
        };
        assert_eq!(missing(false, Done::default()), Some(Missing::Passphrase));
        assert_eq!(missing(true, Done::default()), Some(Missing::SheetPlace));
        let mut c = Config::load(&app).unwrap();
        c.plan.sheet_kept_at = "Tủ hồ sơ phòng Hiệu trưởng".into();
        c.save(&app).unwrap();
        assert_eq!(
            missing(true, Done::default()),
            Some(Missing::SheetConfirmed)
        );
        let ticked = Done {
            sheet_confirmed: true,
            ..Done::default()
        };
        assert_eq!(
            finish_step(&app, Step::MatKhau, ticked, || true)
                .unwrap()
                .at,
            Step::Lich
        );
        finish_step(&app, Step::Lich, Done::default(), || true).unwrap();
        let end = finish_step(&app, Step::SaoLuuDau, Done::default(), || true).unwrap();
        assert!(!end.needed);
        assert_eq!(Progress::load(&app).skipped, vec![Step::TrangWeb]);
    }

    #[test]
    fn a_school_configured_before_the_setup_existed_never_sees_it() {
        let (_dir, app) = app();
        let mut c = Config::load(&app).unwrap();
        c.school_name = "Trường THCS Lê Lợi".into();
        c.save(&app).unwrap();
        assert!(!state(&app).unwrap().needed);
    }
}
