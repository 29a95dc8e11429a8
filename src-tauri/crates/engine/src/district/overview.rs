//! The office's side: every expected school's newest status document, read with the office's key,
//! and each duty of the directive judged at the office's own time. A school whose document is
//! missing, old, or written by a PC whose clock disagrees with the store's is never counted as
//! compliant.

use super::doc::StatusDoc;
use super::publish::{FOLDER, LATEST};
use crate::appdata::AppData;
use crate::config::{Config, DistrictSettings, Expected, SchoolLevel};
use crate::error::{Error, Result};
use crate::eschool::Section;
use crate::offsite::store::Store;
use crate::offsite::target::{self, Role, Target};
use crate::schedule::{self, Due, PasswordDue};
use chrono::{DateTime, Local, Utc};
use serde::Serialize;

/// A document older than this (by the store's clock) is a school that stopped reporting: the
/// weekly backup writes one every week.
pub const SILENT_DAYS: i64 = 8;
/// A PC clock this far from the store's is a school whose dates cannot be trusted.
pub const CLOCK_DAYS: i64 = 1;
/// Documents read at once: a province's 1,500 schools in a few seconds over the office's link.
const PARALLEL: usize = 32;

/// How one duty (or a school as a whole) stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum State {
    /// Done this week (or within its interval).
    Dat,
    SapDenHan,
    QuaHan {
        days: i64,
    },
    /// Never done at all.
    ChuaLam,
    /// A failure not yet put right, a failed drill, a footer that lacks what the directive asks.
    Loi,
    /// No document, or none for `days` days.
    KhongCoTin {
        days: Option<i64>,
    },
    /// The school PC's clock is `days` days off the store's.
    DongHoLech {
        days: i64,
    },
}

impl State {
    /// Worse states sort higher: the table's "worst first" and a school's overall state.
    fn rank(self) -> i64 {
        match self {
            State::Dat => 0,
            State::SapDenHan => 1,
            State::QuaHan { days } => 10 + days.min(10_000),
            State::ChuaLam => 20_000,
            State::Loi => 30_000,
            State::DongHoLech { .. } => 40_000,
            State::KhongCoTin { days } => 50_000 + days.unwrap_or(10_000).min(10_000),
        }
    }

    pub fn compliant(self) -> bool {
        matches!(self, State::Dat | State::SapDenHan)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Duty {
    Website,
    Eschool(Section),
    Drill,
    Footer,
    Password,
    /// Not a duty of the directive: shown, never counted in the school's state.
    Offsite,
}

#[derive(Debug, Clone, Serialize)]
pub struct DutyState {
    pub duty: Duty,
    pub state: State,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub code: String,
    pub name: String,
    pub level: Option<SchoolLevel>,
    pub state: State,
    pub label: String,
    pub duties: Vec<DutyState>,
    /// When the store received the newest document.
    pub heard_at: Option<DateTime<Utc>>,
    pub app_version: Option<String>,
    /// The document itself, for one school's history.
    #[serde(skip)]
    pub doc: Option<StatusDoc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub at: DateTime<Local>,
    pub rows: Vec<Row>,
    pub compliant: usize,
    pub soon: usize,
    pub overdue: usize,
    pub failing: usize,
    pub silent: usize,
}

/// The configured office store and its read key.
fn open(config: &Config) -> Result<(DistrictSettings, Store)> {
    let d = config.district.clone().ok_or(Error::NoDistrict)?;
    let t = Target::parse(&d.url)?;
    let secret = target::secret_of(Role::Office, &d.key_id)?;
    let store = Store::open(&t, &d.key_id, &secret)?;
    Ok((d, store))
}

/// Every expected school's row (of one level, when given), worst first, judged at `now`.
pub fn read(app: &AppData, now: DateTime<Local>, level: Option<SchoolLevel>) -> Result<Overview> {
    let config = Config::load(app)?;
    let (d, store) = open(&config)?;
    let keys: Vec<String> = d
        .schools
        .iter()
        .map(|s| format!("{}/{FOLDER}/{LATEST}", s.code))
        .collect();
    let docs = store.read_many(&keys, PARALLEL);
    let mut rows = Vec::with_capacity(d.schools.len());
    for (expected, got) in d.schools.iter().zip(docs) {
        // A document that does not parse is a school whose state is unknown, said as no news.
        let doc = got?.and_then(|(body, at)| {
            serde_json::from_slice::<StatusDoc>(&body)
                .ok()
                .map(|doc| (doc, at))
        });
        rows.push(judge(expected, doc, now));
    }
    // The list's level decides, else the school's own document; a school known by neither (one
    // that never reported) stays in every level's table, never hidden by a filter.
    if level.is_some() {
        rows.retain(|r| r.level == level || r.level.is_none());
    }
    Ok(summed(now, rows))
}

/// One school's newest document, for its history: `None` when it has written none.
pub fn history(app: &AppData, code: &str) -> Result<Option<StatusDoc>> {
    let config = Config::load(app)?;
    let (_, store) = open(&config)?;
    let got = store
        .read_many(&[format!("{code}/{FOLDER}/{LATEST}")], 1)
        .pop()
        .unwrap_or(Ok(None))?;
    Ok(got.and_then(|(body, _)| serde_json::from_slice(&body).ok()))
}

fn summed(now: DateTime<Local>, mut rows: Vec<Row>) -> Overview {
    rows.sort_by(|a, b| {
        b.state
            .rank()
            .cmp(&a.state.rank())
            .then_with(|| a.code.cmp(&b.code))
    });
    let count = |f: &dyn Fn(State) -> bool| rows.iter().filter(|r| f(r.state)).count();
    Overview {
        at: now,
        compliant: count(&|s| s == State::Dat),
        soon: count(&|s| s == State::SapDenHan),
        overdue: count(&|s| matches!(s, State::QuaHan { .. } | State::ChuaLam)),
        failing: count(&|s| s == State::Loi),
        silent: count(&|s| matches!(s, State::KhongCoTin { .. } | State::DongHoLech { .. })),
        rows,
    }
}

fn due_state(due: Due) -> State {
    match due {
        Due::Done => State::Dat,
        Due::Soon { .. } => State::SapDenHan,
        Due::Overdue { days } => State::QuaHan { days },
        Due::Never => State::ChuaLam,
    }
}

fn local(t: Option<DateTime<chrono::FixedOffset>>) -> Option<DateTime<Local>> {
    t.map(|t| t.with_timezone(&Local))
}

/// One school judged at `now` from its newest document and the time the store received it.
pub fn judge(
    expected: &Expected,
    doc: Option<(StatusDoc, DateTime<Utc>)>,
    now: DateTime<Local>,
) -> Row {
    let name = |doc: Option<&StatusDoc>| {
        expected
            .name
            .clone()
            .or_else(|| doc.map(|d| d.school.clone()))
            .unwrap_or_else(|| expected.code.clone())
    };
    let Some((doc, heard_at)) = doc else {
        let state = State::KhongCoTin { days: None };
        return Row {
            code: expected.code.clone(),
            name: name(None),
            level: expected.level,
            label: crate::message::district_state(state),
            state,
            duties: Vec::new(),
            heard_at: None,
            app_version: None,
            doc: None,
        };
    };
    let rule = schedule::Rule::on(doc.backup_day);
    let mut duties = Vec::new();
    let mut push = |duty: Duty, state: State| {
        duties.push(DutyState {
            duty,
            label: crate::message::district_duty(duty, state),
            state,
        })
    };
    if doc.website_set {
        push(
            Duty::Website,
            due_state(schedule::due(local(doc.website_last_good), now, rule)),
        );
    }
    for s in &doc.eschool {
        push(
            Duty::Eschool(s.section),
            due_state(schedule::due(local(s.last_good), now, rule)),
        );
    }
    let drill = if doc.drill_last_failed {
        State::Loi
    } else {
        due_state(schedule::due(
            local(doc.drill_last_good),
            now,
            schedule::Rule {
                period_days: doc.drill_every_days.max(1),
                soon_days: 3,
                weekday: None,
            },
        ))
    };
    push(Duty::Drill, drill);
    if doc.website_set {
        let footer = match &doc.footer {
            None => State::ChuaLam,
            Some(f) if f.missing.is_empty() && f.articles_to_review == 0 => State::Dat,
            Some(_) => State::Loi,
        };
        push(Duty::Footer, footer);
    }
    let password = match schedule::password_due(
        doc.password_changed_on,
        now.date_naive(),
        doc.password_every_days.max(1),
    ) {
        PasswordDue::Never => State::ChuaLam,
        PasswordDue::Ok { .. } => State::Dat,
        PasswordDue::Due { days_over } => State::QuaHan { days: days_over },
    };
    push(Duty::Password, password);
    let offsite = match local(doc.offsite_last_sent) {
        None => State::ChuaLam,
        Some(t) => match (now - t).num_days() {
            d if d >= SILENT_DAYS => State::QuaHan { days: d - 7 },
            _ => State::Dat,
        },
    };
    push(Duty::Offsite, offsite);

    let silent = (now.with_timezone(&Utc) - heard_at).num_days();
    let skew = (doc.written_at.with_timezone(&Utc) - heard_at)
        .num_days()
        .abs();
    let state = if silent >= SILENT_DAYS {
        State::KhongCoTin { days: Some(silent) }
    } else if skew >= CLOCK_DAYS {
        State::DongHoLech { days: skew }
    } else if doc.failure.is_some() {
        State::Loi
    } else {
        duties
            .iter()
            .filter(|d| d.duty != Duty::Offsite)
            .map(|d| d.state)
            .max_by_key(|s| s.rank())
            .unwrap_or(State::Dat)
    };
    let mut label = crate::message::district_state(state);
    if let (State::Loi, Some(f)) = (state, &doc.failure) {
        label = crate::message::district_failure(&f.kind, f.at.with_timezone(&Local));
    }
    Row {
        code: expected.code.clone(),
        name: name(Some(&doc)),
        level: expected.level.or(doc.level),
        state,
        label,
        duties,
        heard_at: Some(heard_at),
        app_version: Some(doc.app_version.clone()),
        doc: Some(doc),
    }
}

/// Sets the office's store, its read key (the secret, when given, goes to the keychain) and the
/// schools it expects.
pub fn set(
    app: &AppData,
    url: &str,
    key_id: &str,
    secret: Option<&str>,
    schools: Vec<Expected>,
) -> Result<Target> {
    let t = Target::parse(url)?;
    match secret {
        Some(s) => target::keep_secret_of(Role::Office, key_id, s)?,
        // Kept from before (an empty box keeps it), or given to every run by the environment:
        // settings with no secret anywhere would only fail at the next look.
        None => target::secret_of(Role::Office, key_id).map(|_| ())?,
    }
    let mut config = Config::load(app)?;
    config.district = Some(DistrictSettings {
        url: t.url.clone(),
        key_id: key_id.to_string(),
        schools,
    });
    config.save(app)?;
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::district::doc::{FailureFacts, FooterFacts, SectionFacts};
    use chrono::TimeZone;

    fn at(d: u32, h: u32) -> DateTime<Local> {
        Local.with_ymd_and_hms(2026, 12, d, h, 0, 0).unwrap()
    }

    fn doc(written: DateTime<Local>) -> StatusDoc {
        StatusDoc {
            schema: 1,
            school: "Trường Tiểu học Hoa Sen".into(),
            code: "c1".into(),
            level: Some(SchoolLevel::TieuHoc),
            app_version: "0.1.0".into(),
            written_at: written.fixed_offset(),
            backup_day: Some(chrono::Weekday::Mon),
            website_set: true,
            website_last_good: Some(at(7, 9).fixed_offset()),
            eschool: vec![SectionFacts {
                section: Section::HocSinh,
                last_good: Some(at(7, 9).fixed_offset()),
            }],
            drill_last_good: Some(at(1, 9).fixed_offset()),
            drill_last_failed: false,
            drill_every_days: 30,
            footer: Some(FooterFacts {
                checked_at: at(7, 9).fixed_offset(),
                missing: vec![],
                articles_to_review: 0,
            }),
            password_changed_on: Some(at(1, 9).date_naive()),
            password_every_days: 90,
            offsite_last_sent: Some(at(7, 10).fixed_offset()),
            failure: None,
            weeks_from: at(7, 0).date_naive(),
            weeks: vec![],
        }
    }

    fn school() -> Expected {
        Expected {
            code: "c1".into(),
            name: None,
            level: None,
        }
    }

    #[test]
    fn a_school_is_judged_at_the_offices_time_and_never_counted_compliant_on_old_or_bad_news() {
        // Monday 7 December 2026, the school's backup day: done.
        let now = at(8, 10);
        let heard = at(7, 10).with_timezone(&Utc);
        let r = judge(&school(), Some((doc(at(7, 10)), heard)), now);
        assert_eq!(r.state, State::Dat, "{r:?}");
        assert_eq!(r.name, "Trường Tiểu học Hoa Sen");
        assert_eq!(r.level, Some(SchoolLevel::TieuHoc));

        // The same document read two weeks on: the school stopped reporting.
        let r = judge(&school(), Some((doc(at(7, 10)), heard)), at(22, 10));
        assert_eq!(r.state, State::KhongCoTin { days: Some(15) });
        assert!(!r.state.compliant());

        // Read a week on, before it counts as silence: the website is overdue at the office's time.
        let r = judge(&school(), Some((doc(at(7, 10)), heard)), at(14, 12));
        assert!(matches!(r.state, State::QuaHan { .. }), "{r:?}");

        // A PC clock a year behind: the store's time says otherwise.
        let skewed = Local.with_ymd_and_hms(2025, 12, 7, 10, 0, 0).unwrap();
        let r = judge(&school(), Some((doc(skewed), heard)), now);
        assert_eq!(r.state, State::DongHoLech { days: 365 });

        // A failure not yet put right, whatever else is done.
        let mut failed = doc(at(7, 10));
        failed.failure = Some(FailureFacts {
            kind: "eschool".into(),
            at: at(7, 9).fixed_offset(),
        });
        let r = judge(&school(), Some((failed, heard)), now);
        assert_eq!(r.state, State::Loi);
        assert!(r.label.contains("eSchool ngày 07/12/2026"), "{}", r.label);

        // No document at all.
        let r = judge(&school(), None, now);
        assert_eq!(r.state, State::KhongCoTin { days: None });
    }
}
