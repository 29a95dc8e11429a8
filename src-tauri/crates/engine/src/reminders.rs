//! When the app speaks up, and when it keeps quiet. Pure: time, what is due and what happened are
//! arguments, and what the app already said lives in [`Memory`], saved between runs. People hate
//! notification spam, so every rule here is about saying a thing once:
//!
//! - a registered drive plugged in while something is due: one prompt "Sao lưu ngay?" per drive
//!   per day (the drive may have been plugged in to restore, so starting needs a click unless the
//!   school chose the 60-second countdown);
//! - something due and no drive plugged in: at most one reminder a calendar day;
//! - a failed run: one notification for that run; the tray and the status panel keep showing it
//!   until the next good run;
//! - a good run: one offer to eject the drive;
//! - "Tạm dừng nhắc nhở 1 ngày" silences prompts and reminders (never failures) for 24 hours.

use crate::error::Result;
use chrono::{DateTime, Duration, Local};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// What the app remembers having said. Saved as `nhac-nho.json` in the app-data folder.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Memory {
    pub last_daily: Option<DateTime<Local>>,
    pub snoozed_until: Option<DateTime<Local>>,
    /// The log id of the failed run already notified.
    pub failure_notified: Option<i64>,
    /// Drive id and day of the last plug-in prompt.
    pub prompted: Vec<(String, chrono::NaiveDate)>,
}

impl Memory {
    pub fn load(path: &Path) -> Memory {
        std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let json = serde_json::to_vec_pretty(self).expect("memory serialises");
        crate::archive::write_atomically(path, &json)
    }

    pub fn snoozed(&self, now: DateTime<Local>) -> bool {
        self.snoozed_until.is_some_and(|t| now < t)
    }

    pub fn snooze(&mut self, now: DateTime<Local>) {
        self.snoozed_until = Some(now + Duration::hours(24));
    }
}

/// Something that happened, for the rules to answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A registered backup drive appeared.
    Plugged { drive_id: String, label: String },
    /// The regular check (the app calls it every few minutes; the rules cap what it says).
    Tick { drive_plugged: bool },
    /// A backup run ended. `log_id` identifies the run in the log (none when it failed before
    /// anything was logged); `drive` is the name of the drive to take out, none when the run went
    /// to a folder that is no drive (the demo's).
    Finished {
        ok: bool,
        log_id: Option<i64>,
        drive: Option<String>,
        message: String,
    },
}

impl Event {
    /// A run's end as the rules see it, read from what the run returned: the drive's name and the
    /// log entry come from the report itself.
    pub fn after_run(result: &Result<crate::backup::RunReport>) -> Event {
        match result {
            Ok(r) => {
                let first = r.sources.first().map(|s| &s.entry);
                Event::Finished {
                    ok: r.all_good(),
                    log_id: first.map(|e| e.id),
                    drive: first.map(|e| e.target_label.clone()),
                    message: r
                        .sources
                        .iter()
                        .filter_map(|s| s.error.clone())
                        .collect::<Vec<_>>()
                        .join(" "),
                }
            }
            Err(e) => Event::Finished {
                ok: false,
                log_id: None,
                drive: None,
                message: crate::message::error(e),
            },
        }
    }
}

/// What to show.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Notice {
    /// "Ổ sao lưu đã được cắm. Sao lưu ngay?"; `countdown` seconds before starting on its own,
    /// when the school chose that.
    PlugPrompt {
        label: String,
        due: Vec<String>,
        countdown: Option<u32>,
    },
    /// "Chưa sao lưu tuần này — hãy cắm ổ sao lưu" and whatever else is due.
    Daily {
        due: Vec<String>,
    },
    Failure {
        message: String,
    },
    /// After a good run: offer to eject, which protects the drive from ransomware on the PC.
    OfferEject {
        label: String,
    },
}

impl Notice {
    /// The notification's title and body, in Vietnamese.
    pub fn words(&self) -> (String, String) {
        match self {
            Notice::PlugPrompt {
                label,
                due,
                countdown,
            } => (
                format!("Ổ sao lưu “{label}” đã được cắm. Sao lưu ngay?"),
                match countdown {
                    Some(s) => format!(
                        "Đến hạn: {}. Tự bắt đầu sau {s} giây nếu không bấm “Để sau”.",
                        due.join("; ")
                    ),
                    None => format!("Đến hạn: {}.", due.join("; ")),
                },
            ),
            Notice::Daily { due } => (
                "Chưa sao lưu tuần này — hãy cắm ổ sao lưu".into(),
                due.join("; "),
            ),
            Notice::Failure { message } => ("Sao lưu không thành công".into(), message.clone()),
            Notice::OfferEject { label } => (
                "Sao lưu xong.".into(),
                format!("Hãy tháo ổ “{label}” an toàn rồi cất đi: ổ đang cắm có thể bị mã độc trên máy mã hoá cùng lúc."),
            ),
        }
    }
}

/// The school's choices that the rules follow.
#[derive(Debug, Clone, Copy, Default)]
pub struct Choices {
    /// Start a backup on its own this many seconds after a due drive is plugged in.
    pub countdown: Option<u32>,
}

/// Decides what to say about `event`, given what is `due` now (sentences; empty when nothing is),
/// and updates `memory`.
pub fn decide(
    event: &Event,
    due: &[String],
    now: DateTime<Local>,
    choices: Choices,
    memory: &mut Memory,
) -> Vec<Notice> {
    match event {
        Event::Plugged { drive_id, label } => {
            if due.is_empty() || memory.snoozed(now) {
                return vec![];
            }
            let today = now.date_naive();
            if memory
                .prompted
                .iter()
                .any(|(id, day)| id == drive_id && *day == today)
            {
                return vec![];
            }
            memory.prompted.retain(|(_, day)| *day == today);
            memory.prompted.push((drive_id.clone(), today));
            vec![Notice::PlugPrompt {
                label: label.clone(),
                due: due.to_vec(),
                countdown: choices.countdown,
            }]
        }
        Event::Tick { drive_plugged } => {
            if due.is_empty() || *drive_plugged || memory.snoozed(now) {
                return vec![];
            }
            if memory
                .last_daily
                .is_some_and(|t| t.date_naive() == now.date_naive())
            {
                return vec![];
            }
            memory.last_daily = Some(now);
            vec![Notice::Daily { due: due.to_vec() }]
        }
        Event::Finished {
            ok: true, drive, ..
        } => {
            memory.failure_notified = None;
            drive
                .iter()
                .map(|label| Notice::OfferEject {
                    label: label.clone(),
                })
                .collect()
        }
        Event::Finished {
            ok: false,
            log_id,
            message,
            ..
        } => {
            // A run that failed before it was logged is new by definition.
            if log_id.is_some() && memory.failure_notified == *log_id {
                return vec![];
            }
            memory.failure_notified = *log_id;
            vec![Notice::Failure {
                message: message.clone(),
            }]
        }
    }
}

/// What is due now, as the sentences reminders carry: this week's backup, each eSchool section,
/// the restore drill, the admin password.
pub fn due_now(s: &crate::status::Status) -> Vec<String> {
    use crate::schedule::{Due, PasswordDue};
    let pressing = |d: Due| matches!(d, Due::Overdue { .. } | Due::Never);
    let mut out = Vec::new();
    if pressing(s.due) {
        out.push(s.due_label.clone());
    }
    for e in &s.eschool {
        if pressing(e.due) {
            out.push(format!("{}: {}", e.label, e.due_label.to_lowercase()));
        }
    }
    if pressing(s.drill.due) {
        out.push(s.drill.label.clone());
    }
    if let PasswordDue::Due { .. } = s.admin_password {
        out.push(s.admin_password_label.clone());
    }
    out
}

/// The rules applied to this PC: what is plugged in, what is due, what was said. The app's drive
/// watcher and timer call it; it answers with the notices to show.
pub struct Agent {
    app: crate::appdata::AppData,
    extra_targets: Vec<std::path::PathBuf>,
    plugged: Vec<String>,
}

impl Agent {
    /// `extra_targets`: folders that count as drives besides the registered ones (the demo's).
    pub fn new(app: crate::appdata::AppData, extra_targets: Vec<std::path::PathBuf>) -> Agent {
        Agent {
            app,
            extra_targets,
            plugged: Vec::new(),
        }
    }

    /// Whether a registered drive is plugged in, as of the last `drives_changed`.
    pub fn drive_plugged(&self) -> bool {
        !self.plugged.is_empty()
    }

    fn with_memory(&self, event: &Event, now: DateTime<Local>) -> Result<Vec<Notice>> {
        let config = crate::config::Config::load(&self.app)?;
        let status = crate::status::status(&self.app, &self.extra_targets)?;
        let due = if status.demo {
            Vec::new()
        } else {
            due_now(&status)
        };
        let path = self.app.reminders_file();
        let mut memory = Memory::load(&path);
        let before = memory.clone();
        let choices = Choices {
            countdown: config.plug_countdown_secs.filter(|s| *s > 0),
        };
        let notices = decide(event, &due, now, choices, &mut memory);
        if memory != before {
            memory.save(&path)?;
        }
        Ok(notices)
    }

    /// The drives plugged in now changed: a newly plugged registered drive may be prompted.
    pub fn drives_changed(
        &mut self,
        now_plugged: &crate::drive::Plugged,
        now: DateTime<Local>,
    ) -> Result<Vec<Notice>> {
        let ids: Vec<String> = now_plugged
            .targets
            .iter()
            .map(|t| t.marker.drive_id.clone())
            .collect();
        let mut out = Vec::new();
        for t in &now_plugged.targets {
            if !self.plugged.contains(&t.marker.drive_id) {
                out.extend(self.with_memory(
                    &Event::Plugged {
                        drive_id: t.marker.drive_id.clone(),
                        label: t.marker.label.clone(),
                    },
                    now,
                )?);
            }
        }
        self.plugged = ids;
        Ok(out)
    }

    pub fn tick(&self, now: DateTime<Local>) -> Result<Vec<Notice>> {
        self.with_memory(
            &Event::Tick {
                drive_plugged: self.drive_plugged(),
            },
            now,
        )
    }

    pub fn finished(&self, event: &Event, now: DateTime<Local>) -> Result<Vec<Notice>> {
        self.with_memory(event, now)
    }

    /// What to say after a run, from what the run returned. A run to one of the extra folders
    /// (the demo's) has no drive to take out.
    pub fn after_run(
        &self,
        result: &Result<crate::backup::RunReport>,
        now: DateTime<Local>,
    ) -> Result<Vec<Notice>> {
        let mut event = Event::after_run(result);
        let to_extra = result
            .as_ref()
            .ok()
            .and_then(|r| r.run_dir.as_deref())
            .is_some_and(|d| self.extra_targets.iter().any(|t| d.starts_with(t)));
        if let Event::Finished { drive, .. } = &mut event {
            if to_extra {
                *drive = None;
            }
        }
        self.with_memory(&event, now)
    }

    pub fn snooze(&self, now: DateTime<Local>) -> Result<()> {
        let path = self.app.reminders_file();
        let mut m = Memory::load(&path);
        m.snooze(now);
        m.save(&path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(d: u32, h: u32) -> DateTime<Local> {
        Local.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap()
    }

    fn plugged(id: &str) -> Event {
        Event::Plugged {
            drive_id: id.into(),
            label: format!("USB {id}"),
        }
    }

    const DUE: &[&str] = &["Quá hạn 3 ngày"];

    fn due() -> Vec<String> {
        DUE.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_due_drive_is_prompted_once_a_day_and_never_when_nothing_is_due() {
        let mut m = Memory::default();
        let c = Choices::default();
        assert_eq!(decide(&plugged("a"), &[], t(2, 9), c, &mut m), vec![]);
        let n = decide(&plugged("a"), &due(), t(2, 9), c, &mut m);
        assert!(matches!(
            &n[..],
            [Notice::PlugPrompt {
                countdown: None,
                ..
            }]
        ));
        // Unplugged and plugged again the same day: not asked twice.
        assert_eq!(decide(&plugged("a"), &due(), t(2, 15), c, &mut m), vec![]);
        // Another drive, or the next day: asked.
        assert_eq!(decide(&plugged("b"), &due(), t(2, 15), c, &mut m).len(), 1);
        assert_eq!(decide(&plugged("a"), &due(), t(3, 8), c, &mut m).len(), 1);
        // The countdown, when chosen, is in the prompt.
        let n = decide(
            &plugged("c"),
            &due(),
            t(3, 8),
            Choices {
                countdown: Some(60),
            },
            &mut m,
        );
        assert!(n[0].words().1.contains("Tự bắt đầu sau 60 giây"));
    }

    #[test]
    fn reminders_come_once_a_day_at_most_and_not_with_a_drive_plugged() {
        let mut m = Memory::default();
        let c = Choices::default();
        let tick = |plugged| Event::Tick {
            drive_plugged: plugged,
        };
        assert_eq!(decide(&tick(false), &[], t(2, 8), c, &mut m), vec![]);
        assert_eq!(decide(&tick(true), &due(), t(2, 8), c, &mut m), vec![]);
        let n = decide(&tick(false), &due(), t(2, 8), c, &mut m);
        assert_eq!(n, vec![Notice::Daily { due: due() }]);
        assert_eq!(n[0].words().0, "Chưa sao lưu tuần này — hãy cắm ổ sao lưu");
        // Every hour after that, nothing until the next day: catch-up is tomorrow's reminder.
        for h in 9..24 {
            assert_eq!(decide(&tick(false), &due(), t(2, h), c, &mut m), vec![]);
        }
        assert_eq!(decide(&tick(false), &due(), t(3, 7), c, &mut m).len(), 1);
    }

    #[test]
    fn snoozing_silences_prompts_and_reminders_for_a_day_but_not_failures() {
        let mut m = Memory::default();
        let c = Choices::default();
        m.snooze(t(2, 10));
        let tick = Event::Tick {
            drive_plugged: false,
        };
        assert_eq!(decide(&tick, &due(), t(2, 11), c, &mut m), vec![]);
        assert_eq!(decide(&plugged("a"), &due(), t(3, 9), c, &mut m), vec![]);
        let failed = Event::Finished {
            ok: false,
            log_id: Some(7),
            drive: Some("USB".into()),
            message: "Ổ đã bị rút ra.".into(),
        };
        assert_eq!(decide(&failed, &due(), t(3, 9), c, &mut m).len(), 1);
        // 24 hours later the reminder is back.
        assert_eq!(decide(&tick, &due(), t(3, 10), c, &mut m).len(), 1);
    }

    #[test]
    fn a_failure_is_said_once_and_a_good_run_offers_to_eject() {
        let mut m = Memory::default();
        let c = Choices::default();
        let failed = |id| Event::Finished {
            ok: false,
            log_id: Some(id),
            drive: Some("USB".into()),
            message: "Không đủ chỗ trống.".into(),
        };
        assert_eq!(
            decide(&failed(7), &due(), t(2, 9), c, &mut m),
            vec![Notice::Failure {
                message: "Không đủ chỗ trống.".into()
            }]
        );
        assert_eq!(decide(&failed(7), &due(), t(2, 10), c, &mut m), vec![]);
        assert_eq!(decide(&failed(8), &due(), t(2, 11), c, &mut m).len(), 1);
        let good = Event::Finished {
            ok: true,
            log_id: Some(9),
            drive: Some("USB".into()),
            message: String::new(),
        };
        let n = decide(&good, &[], t(2, 12), c, &mut m);
        assert_eq!(
            n,
            vec![Notice::OfferEject {
                label: "USB".into()
            }]
        );
        assert_eq!(m.failure_notified, None);
    }

    #[test]
    fn memory_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nhac-nho.json");
        let mut m = Memory::default();
        decide(&plugged("a"), &due(), t(2, 9), Choices::default(), &mut m);
        m.snooze(t(2, 9));
        m.save(&path).unwrap();
        assert_eq!(Memory::load(&path), m);
        assert_eq!(
            Memory::load(&dir.path().join("khong-co.json")),
            Memory::default()
        );
    }
}
