//! What the status panel, the tray and `saoluu status` show: registered drives plugged in now, the
//! last good backup, and whether this week's backup is done.

use crate::appdata::AppData;
use crate::config::Config;
use crate::drive;
use crate::error::Result;
use crate::eschool::Section;
use crate::journal::{Entry, Filter, Journal, Outcome};
use crate::message;
use crate::schedule::{self, Due};
use chrono::Local;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Serialize)]
pub struct DriveView {
    pub root: PathBuf,
    pub label: String,
    pub drive_id: String,
    pub school: String,
    pub free_bytes: u64,
    /// The free space as people read it ("1,5 GB").
    pub free_label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnregisteredView {
    pub root: PathBuf,
    pub label: String,
    pub file_system: String,
    pub total_bytes: u64,
    pub total_label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// No school is configured: the app offers the demo school.
    pub demo: bool,
    /// The school's name (the settings', else the one on a plugged backup drive).
    pub school: String,
    /// Said when a plugged backup drive names the school otherwise.
    pub school_differs: Option<String>,
    pub drives: Vec<DriveView>,
    /// Removable drives plugged in that are not backup drives: the app names them and offers to
    /// register them, never writes to them on its own.
    pub unregistered: Vec<UnregisteredView>,
    pub last_good: Option<Entry>,
    pub due: Due,
    pub due_label: String,
    /// "thứ Hai" when the school set a backup day.
    pub backup_day: Option<&'static str>,
    /// Each eSchool section's weekly state, from the last run that stored it.
    pub eschool: Vec<SectionDue>,
    pub admin_password: schedule::PasswordDue,
    pub admin_password_label: String,
    pub drill: DrillDue,
    /// The newest backup failed: why, shown until a good run follows.
    pub failure: Option<String>,
    /// The school backs up only eSchool: "Sao lưu ngay" opens the guided steps.
    pub only_eschool: bool,
    /// "Bản sao ngoài trường: 2 tuần trước", when an offsite store is set.
    pub offsite_label: Option<String>,
    /// The offsite copy is behind the drive by more than a week: good runs on the drive have not
    /// reached the store (no network, a wrong key, the drive ejected before the upload ended).
    pub offsite_behind: bool,
}

/// A week and a day: the weekly run has a day to reach the store before the tray says so.
const OFFSITE_GRACE_DAYS: i64 = 8;

/// The restore drill: due every 30 days, and at once for a plugged drive that holds backups but
/// was never drilled. Nothing is due before there is anything to restore.
#[derive(Debug, Clone, Serialize)]
pub struct DrillDue {
    pub last_good: Option<chrono::DateTime<Local>>,
    /// The last drill failed: shown until one passes.
    pub last_failed: bool,
    pub due: Due,
    pub label: String,
}

fn drill_due(
    journal: &Journal,
    now: chrono::DateTime<Local>,
    config: &Config,
    plugged: &[crate::drive::Target],
    any_backup: bool,
) -> Result<DrillDue> {
    let drills = journal.list(&Filter {
        source_kind: Some(crate::journal::DRILL_KIND.into()),
        outcome: None,
        limit: None,
    })?;
    let good: Vec<&Entry> = drills
        .iter()
        .filter(|e| e.outcome == Outcome::Success)
        .collect();
    let last_good = good.first().map(|e| e.started_at);
    let last_failed = drills.first().is_some_and(|e| e.outcome == Outcome::Failed);
    let drilled = |id: &str| good.iter().any(|e| e.target_id == id);
    let new_drive = plugged.iter().find(|t| {
        !drilled(&t.marker.drive_id)
            && crate::runs::finished(&t.app_dir()).is_ok_and(|r| !r.is_empty())
    });
    let rule = schedule::Rule {
        period_days: config.drill_every(),
        soon_days: 3,
        weekday: None,
    };
    let (due, label) = if !any_backup {
        (
            Due::Done,
            "Kiểm tra khôi phục: chưa có bản sao lưu để thử".to_string(),
        )
    } else if last_failed {
        (
            Due::Overdue { days: 0 },
            "Lần kiểm tra khôi phục gần nhất không đạt".to_string(),
        )
    } else if let Some(t) = new_drive {
        (
            Due::Overdue { days: 0 },
            format!(
                "Ổ “{}” chưa được kiểm tra khôi phục lần nào",
                t.marker.label
            ),
        )
    } else {
        let due = schedule::due(last_good, now, rule);
        let label = match due {
            Due::Never => "Chưa kiểm tra khôi phục lần nào".to_string(),
            Due::Done => "Đã kiểm tra khôi phục trong tháng".to_string(),
            Due::Soon { .. } => "Sắp đến hạn kiểm tra khôi phục".to_string(),
            Due::Overdue { days: 0 } => "Đến hạn kiểm tra khôi phục hôm nay".to_string(),
            Due::Overdue { days } => format!("Quá hạn kiểm tra khôi phục {days} ngày"),
        };
        (due, label)
    };
    Ok(DrillDue {
        last_good,
        last_failed,
        due,
        label,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionDue {
    pub section: Section,
    pub label: &'static str,
    pub last_good: Option<chrono::DateTime<Local>>,
    pub due: Due,
    pub due_label: String,
}

/// The tray's colour: the worst of this week's backup, each eSchool section and the
/// admin-password reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Good,
    Soon,
    Bad,
}

fn level(due: Due) -> Level {
    match due {
        Due::Done => Level::Good,
        Due::Soon { .. } => Level::Soon,
        Due::Overdue { .. } | Due::Never => Level::Bad,
    }
}

impl Status {
    /// The state at a glance and the sentence for the tray's tooltip: what is due, most urgent
    /// first, with nothing said about what is done.
    pub fn at_a_glance(&self) -> (Level, String) {
        let mut worst = level(self.due);
        let mut said = vec![self.due_label.clone()];
        if let Some(why) = &self.failure {
            worst = Level::Bad;
            said.insert(0, format!("Lần sao lưu gần nhất không thành công: {why}"));
        }
        // The demo school has no eSchool of its own to nag about.
        for s in self.eschool.iter().filter(|_| !self.demo) {
            let l = level(s.due);
            worst = worst.max(l);
            if l != Level::Good {
                said.push(format!("{}: {}", s.label, s.due_label.to_lowercase()));
            }
        }
        if !self.demo && level(self.drill.due) != Level::Good {
            worst = worst.max(level(self.drill.due));
            said.push(self.drill.label.clone());
        }
        if let schedule::PasswordDue::Due { .. } = self.admin_password {
            worst = worst.max(Level::Soon);
            said.push(self.admin_password_label.clone());
        }
        if let Some(offsite) = &self.offsite_label {
            if self.offsite_behind {
                worst = worst.max(Level::Soon);
            }
            said.push(offsite.clone());
        }
        (worst, said.join("; "))
    }
}

/// The newest good eSchool run that stored each section (its log details say which did).
fn eschool_due(
    journal: &Journal,
    now: chrono::DateTime<Local>,
    config: &Config,
) -> Result<Vec<SectionDue>> {
    let runs = journal.list(&Filter {
        source_kind: Some("eschool".into()),
        outcome: Some(Outcome::Success),
        limit: None,
    })?;
    Ok(config
        .eschool
        .sections
        .iter()
        .copied()
        .map(|section| {
            let last_good = runs
                .iter()
                .find(|e| e.stored_section(section))
                .map(|e| e.started_at);
            let due = schedule::due(last_good, now, config.schedule_rule());
            SectionDue {
                section,
                label: section.label(),
                last_good,
                due,
                due_label: due.label(),
            }
        })
        .collect())
}

pub fn status(app: &AppData, extra_targets: &[PathBuf]) -> Result<Status> {
    let config = Config::load(app)?;
    let mut folders = config.targets.clone();
    folders.extend_from_slice(extra_targets);
    let plugged = drive::plugged(&folders);
    let unregistered = plugged
        .unregistered
        .into_iter()
        .map(|d| UnregisteredView {
            root: d.mount_point,
            label: d.label,
            file_system: d.file_system,
            total_label: crate::message::size(d.total_bytes),
            total_bytes: d.total_bytes,
        })
        .collect();
    let school = config.school(&plugged.targets);
    let journal = Journal::open(&app.journal_file())?;
    let last_good = journal.last_success()?;
    let now = Local::now();
    let drill = drill_due(
        &journal,
        now,
        &config,
        &plugged.targets,
        last_good.is_some(),
    )?;
    let drives = plugged
        .targets
        .into_iter()
        .map(|t| DriveView {
            free_bytes: t.free_bytes().unwrap_or(0),
            free_label: crate::message::size(t.free_bytes().unwrap_or(0)),
            label: t.marker.label.clone(),
            drive_id: t.marker.drive_id.clone(),
            school: t.marker.school.clone(),
            root: t.root,
        })
        .collect();
    let password = schedule::password_due(
        config.admin_password.changed_on,
        now.date_naive(),
        config.admin_password.every_days as i64,
    );
    let due = schedule::due(
        last_good.as_ref().map(|e| e.started_at),
        now,
        config.schedule_rule(),
    );
    let eschool = eschool_due(&journal, now, &config)?;
    // A failure stays until a good backup of the same source follows it.
    let failure = journal
        .unresolved_failure(crate::backup::still_backed_up(&config))?
        .map(|e| e.error.unwrap_or(e.source_name));
    let newest_local = last_good.as_ref().map(|e| e.started_at);
    // When a store is set: what reached it, checked.
    let offsite = config
        .offsite
        .as_ref()
        .map(|_| crate::offsite::sent(app, &config));
    Ok(Status {
        backup_day: config.backup_day.map(schedule::weekday_label),
        demo: !config.is_configured(),
        school_differs: school.drive_says.map(|d| message::school_name_differs(&d)),
        school: school.name,
        drives,
        unregistered,
        last_good,
        due,
        due_label: due.label(),
        eschool,
        admin_password: password,
        admin_password_label: password.label(),
        drill,
        failure,
        only_eschool: config.website.is_empty()
            && config.folders.is_empty()
            && !config.eschool.url.is_empty(),
        offsite_label: offsite.as_ref().map(|sent| {
            // Runs sent before the progress file kept their sources count as a whole.
            if sent.by_source.is_empty() {
                message::offsite_age(sent.last, now)
            } else {
                message::offsite_ages(&sent.by_source, now)
            }
        }),
        offsite_behind: offsite.is_some_and(|sent| match (sent.last, newest_local) {
            (_, None) => false,
            (None, Some(local)) => (now - local).num_days() >= 1,
            (Some(sent), Some(local)) => {
                local > sent && (now - sent).num_days() >= OFFSITE_GRACE_DAYS
            }
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(due: Due, sections: &[Due], password: schedule::PasswordDue) -> Status {
        Status {
            demo: false,
            school: String::new(),
            school_differs: None,
            drives: vec![],
            unregistered: vec![],
            last_good: None,
            due,
            due_label: due.label(),
            backup_day: None,
            eschool: Section::ALL
                .iter()
                .zip(sections)
                .map(|(&section, &due)| SectionDue {
                    section,
                    label: section.label(),
                    last_good: None,
                    due,
                    due_label: due.label(),
                })
                .collect(),
            admin_password: password,
            admin_password_label: password.label(),
            drill: DrillDue {
                last_good: None,
                last_failed: false,
                due: Due::Done,
                label: String::new(),
            },
            failure: None,
            only_eschool: false,
            offsite_label: None,
            offsite_behind: false,
        }
    }

    #[test]
    fn the_tray_shows_the_worst_state_and_names_what_is_due() {
        let ok = schedule::PasswordDue::Ok { days_left: 10 };
        assert_eq!(
            status(Due::Done, &[Due::Done; 3], ok).at_a_glance(),
            (Level::Good, "Đã sao lưu tuần này".to_string())
        );
        let (l, text) = status(
            Due::Done,
            &[
                Due::Done,
                Due::Overdue { days: 3 },
                Due::Soon { hours_left: 5 },
            ],
            ok,
        )
        .at_a_glance();
        assert_eq!(l, Level::Bad);
        assert_eq!(
            text,
            "Đã sao lưu tuần này; Hồ sơ giáo viên: quá hạn 3 ngày; Hồ sơ học sinh: sắp đến hạn sao lưu"
        );
        let (l, text) = status(
            Due::Done,
            &[Due::Done; 3],
            schedule::PasswordDue::Due { days_over: 2 },
        )
        .at_a_glance();
        assert_eq!(l, Level::Soon);
        assert!(
            text.ends_with("Quá hạn đổi mật khẩu quản trị 2 ngày"),
            "{text}"
        );
        let mut behind = status(Due::Done, &[Due::Done; 3], ok);
        behind.offsite_label = Some("Bản sao ngoài trường: 2 tuần trước".into());
        behind.offsite_behind = true;
        assert_eq!(
            behind.at_a_glance(),
            (
                Level::Soon,
                "Đã sao lưu tuần này; Bản sao ngoài trường: 2 tuần trước".to_string()
            )
        );
        behind.offsite_behind = false;
        assert_eq!(behind.at_a_glance().0, Level::Good);
        let mut failed = status(Due::Done, &[Due::Done; 3], ok);
        failed.failure = Some("Ổ đã bị rút ra.".into());
        let (l, text) = failed.at_a_glance();
        assert_eq!(l, Level::Bad);
        assert!(text.starts_with("Lần sao lưu gần nhất không thành công: Ổ đã bị rút ra."));
    }
}
