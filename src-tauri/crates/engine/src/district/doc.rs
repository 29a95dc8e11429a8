//! The status document a school writes for the office: dates and counts only, so that the office
//! judges every duty itself, at its own time, with the same rules as the school (`schedule`).

use crate::appdata::AppData;
use crate::config::{Config, SchoolLevel};
use crate::error::Result;
use crate::eschool::Section;
use crate::glance::Mark;
use crate::journal::{Entry, Filter, Journal, Outcome};
use chrono::{DateTime, FixedOffset, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// Raised when a field's meaning changes; an office app reads every version up to its own.
pub const SCHEMA: u32 = 1;

/// Weeks of history each document carries: a school year and a bit.
pub const WEEKS: usize = 53;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusDoc {
    pub schema: u32,
    pub school: String,
    /// The school's folder in the store (its code), as the office's list names it.
    pub code: String,
    pub level: Option<SchoolLevel>,
    pub app_version: String,
    /// By the school PC's clock: the office compares it with the store's own time.
    pub written_at: DateTime<FixedOffset>,
    /// The school's weekly backup day; `None`: every 7 days.
    pub backup_day: Option<Weekday>,
    /// The newest good website backup; `website_set` false when the school has no website.
    pub website_set: bool,
    pub website_last_good: Option<DateTime<FixedOffset>>,
    /// Each eSchool section the school backs up, with its newest good backup.
    pub eschool: Vec<SectionFacts>,
    pub drill_last_good: Option<DateTime<FixedOffset>>,
    pub drill_last_failed: bool,
    pub drill_every_days: i64,
    /// What the newest footer check found: a good website backup's, or a check of the site made
    /// on its own, whichever is newer.
    pub footer: Option<FooterFacts>,
    pub password_changed_on: Option<NaiveDate>,
    pub password_every_days: i64,
    pub offsite_last_sent: Option<DateTime<FixedOffset>>,
    /// The newest backup failed and no good one followed: which kind of source, and when.
    /// Never its error text, which may name a record's file.
    pub failure: Option<FailureFacts>,
    /// The week-by-week marks, oldest first, from the Monday `weeks_from`.
    pub weeks_from: NaiveDate,
    pub weeks: Vec<DutyWeeks>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionFacts {
    pub section: Section,
    pub last_good: Option<DateTime<FixedOffset>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FooterFacts {
    pub checked_at: DateTime<FixedOffset>,
    /// The items the directive asks for that the footer lacks.
    pub missing: Vec<String>,
    /// Articles that look re-posted from the press or a state portal.
    pub articles_to_review: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FailureFacts {
    pub kind: String,
    pub at: DateTime<FixedOffset>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DutyWeeks {
    pub duty: String,
    pub marks: Vec<Mark>,
}

/// The school's document as of `now`, from its settings and log. `code` is its folder in the store.
pub fn build(app: &AppData, code: &str, now: DateTime<chrono::Local>) -> Result<StatusDoc> {
    let config = Config::load(app)?;
    let journal = Journal::open(&app.journal_file())?;
    let entries = journal.list(&Filter::default())?;
    // The same failure the school's own status panel and tray keep showing.
    let failure = journal
        .unresolved_failure(crate::backup::still_backed_up(&config))?
        .map(|e| FailureFacts {
            kind: e.source_kind,
            at: e.started_at.fixed_offset(),
        });
    let offsite = crate::offsite::last_sent(app, &config);
    let mut d = from_entries(&config, &entries, code, now, offsite, failure);
    // A check of the site made on its own counts when it is newer than the last backup's.
    if let Some(r) = crate::website::compliance::remembered(app) {
        if d.website_set
            && d.footer
                .as_ref()
                .is_none_or(|f| f.checked_at < r.checked_at)
        {
            d.footer = Some(FooterFacts {
                checked_at: r.checked_at,
                missing: r.missing,
                articles_to_review: r.reposts,
            });
        }
    }
    Ok(d)
}

fn from_entries(
    config: &Config,
    entries: &[Entry],
    code: &str,
    now: DateTime<chrono::Local>,
    offsite: Option<DateTime<chrono::Local>>,
    failure: Option<FailureFacts>,
) -> StatusDoc {
    // The log lists newest first.
    let good = |kind: &str| {
        entries
            .iter()
            .find(|e| e.outcome == Outcome::Success && e.source_kind == kind)
    };
    let website = good("website");
    let eschool = config
        .eschool
        .sections
        .iter()
        .map(|&section| SectionFacts {
            section,
            last_good: entries
                .iter()
                .filter(|e| e.outcome == Outcome::Success && e.source_kind == "eschool")
                .find(|e| e.stored_section(section))
                .map(|e| e.started_at.fixed_offset()),
        })
        .collect();
    let drills: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.source_kind == crate::journal::DRILL_KIND)
        .collect();
    let glance = crate::glance::from_entries(config, entries, WEEKS, now.date_naive());
    StatusDoc {
        schema: SCHEMA,
        school: config.school_name.clone(),
        code: code.to_string(),
        level: config.school_level,
        app_version: crate::APP_VERSION.to_string(),
        written_at: now.fixed_offset(),
        backup_day: config.backup_day,
        website_set: !config.website.is_empty(),
        website_last_good: website.map(|e| e.started_at.fixed_offset()),
        eschool,
        drill_last_good: drills
            .iter()
            .find(|e| e.outcome == Outcome::Success)
            .map(|e| e.started_at.fixed_offset()),
        drill_last_failed: drills.first().is_some_and(|e| e.outcome == Outcome::Failed),
        drill_every_days: config.drill_every(),
        footer: website.and_then(|e| {
            let w = e.website()?;
            Some(FooterFacts {
                checked_at: e.started_at.fixed_offset(),
                missing: w.footer_missing.clone(),
                articles_to_review: w.reposts,
            })
        }),
        password_changed_on: config.admin_password.changed_on,
        password_every_days: i64::from(config.admin_password.every_days),
        offsite_last_sent: offsite.map(|t| t.fixed_offset()),
        failure,
        weeks_from: glance.weeks.first().copied().unwrap_or(now.date_naive()),
        weeks: glance
            .rows
            .iter()
            .map(|r| DutyWeeks {
                duty: r.duty.clone(),
                marks: r.cells.iter().map(|c| c.mark).collect(),
            })
            .collect(),
    }
}
