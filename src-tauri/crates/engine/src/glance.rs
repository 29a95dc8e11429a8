//! The last weeks at a glance: one row per duty of the directive (the website, each eSchool
//! section the school uses, the restore drill), one square per week, for the everyday screen and
//! the top of the principal's report. Read from the log, as the report is.

use crate::appdata::AppData;
use crate::config::Config;
use crate::error::Result;
use crate::journal::{self, Entry, Filter, Journal, Outcome};
use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

/// What one week of one duty was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// Done that week, by the school's backup day when it has one.
    Done,
    /// Done that week, after the backup day.
    Late,
    /// The week went by without it.
    Missed,
    /// Not due: the week is still running, or the drill's interval has not run out.
    NotDue,
}

impl Mark {
    /// The mark a square carries in print and in a terminal, so it reads without colour.
    pub fn letter(self) -> &'static str {
        match self {
            Mark::Done => "Đ",
            Mark::Late => "M",
            Mark::Missed => "X",
            Mark::NotDue => "–",
        }
    }
}

/// What the letters mean.
pub const LEGEND: &str = "Đ: đã làm đúng hạn · M: làm muộn · X: bỏ lỡ · –: chưa đến hạn";

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub mark: Mark,
    /// "01/12 – 07/12/2026: đã làm ngày 03/12", for a screen reader and a hover.
    pub said: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub duty: String,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Glance {
    /// Each week's Monday, oldest first.
    pub weeks: Vec<NaiveDate>,
    /// "01/12": each week's column heading.
    pub headings: Vec<String>,
    pub rows: Vec<Row>,
}

impl Glance {
    /// The weeks as lines of marks with their legend: the report's PDF and `saoluu status`.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "{} tuần gần nhất (từ tuần {}): {LEGEND}",
            self.weeks.len(),
            self.headings.first().cloned().unwrap_or_default()
        )];
        for row in &self.rows {
            let marks: Vec<&str> = row.cells.iter().map(|c| c.mark.letter()).collect();
            lines.push(format!("{}: {}", row.duty, marks.join("  ")));
        }
        lines
    }
}

/// The `n` weeks up to and including the one `today` is in.
pub fn build(app: &AppData, n: usize, today: NaiveDate) -> Result<Glance> {
    let config = Config::load(app)?;
    let entries = Journal::open(&app.journal_file())?.list(&Filter::default())?;
    Ok(from_entries(&config, &entries, n, today))
}

fn monday(d: NaiveDate) -> NaiveDate {
    d - Duration::days(d.weekday().num_days_from_monday() as i64)
}

pub fn from_entries(config: &Config, entries: &[Entry], n: usize, today: NaiveDate) -> Glance {
    let this_week = monday(today);
    let weeks: Vec<NaiveDate> = (0..n)
        .rev()
        .map(|i| this_week - Duration::weeks(i as i64))
        .collect();
    // Weeks before the app kept any record are nobody's failure.
    let began = entries
        .iter()
        .map(|e| e.started_at.date_naive())
        .min()
        .unwrap_or(today);
    let good: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.outcome == Outcome::Success)
        .collect();
    let mut rows = Vec::new();
    if !config.website.is_empty() {
        let days: Vec<NaiveDate> = good
            .iter()
            .filter(|e| e.source_kind == "website")
            .map(|e| e.started_at.date_naive())
            .collect();
        rows.push(weekly("Trang web", &days, &weeks, config, (began, today)));
    }
    for section in &config.eschool.sections {
        let days: Vec<NaiveDate> = good
            .iter()
            .filter(|e| e.source_kind == "eschool")
            .filter(|e| e.stored_section(*section))
            .map(|e| e.started_at.date_naive())
            .collect();
        rows.push(weekly(
            section.label(),
            &days,
            &weeks,
            config,
            (began, today),
        ));
    }
    let drills: Vec<NaiveDate> = good
        .iter()
        .filter(|e| e.source_kind == journal::DRILL_KIND)
        .map(|e| e.started_at.date_naive())
        .collect();
    rows.push(drill_row(
        &drills,
        &weeks,
        config.drill_every(),
        (began, today),
    ));
    Glance {
        headings: weeks
            .iter()
            .map(|w| w.format("%d/%m").to_string())
            .collect(),
        weeks,
        rows,
    }
}

fn span(week: NaiveDate) -> String {
    let end = week + Duration::days(6);
    format!("{} – {}", week.format("%d/%m"), end.format("%d/%m/%Y"))
}

const BEFORE: &str = "trước khi dùng ứng dụng";

/// A weekly backup duty: done by the backup day, late after it, missed when the week went by.
fn weekly(
    duty: &str,
    days: &[NaiveDate],
    weeks: &[NaiveDate],
    config: &Config,
    (began, today): (NaiveDate, NaiveDate),
) -> Row {
    let cells = weeks
        .iter()
        .map(|&week| {
            let end = week + Duration::days(6);
            let first = days.iter().filter(|d| (week..=end).contains(*d)).min();
            let due = config
                .backup_day
                .map(|d| week + Duration::days(d.num_days_from_monday() as i64));
            let (mark, said) = match first {
                Some(d) if due.is_some_and(|due| *d > due) => {
                    (Mark::Late, format!("làm muộn, ngày {}", d.format("%d/%m")))
                }
                Some(d) => (Mark::Done, format!("đã làm ngày {}", d.format("%d/%m"))),
                None if end < began => (Mark::NotDue, BEFORE.to_string()),
                None if end >= today => (Mark::NotDue, "tuần này chưa làm".to_string()),
                None => (Mark::Missed, "không làm".to_string()),
            };
            Cell {
                mark,
                said: format!("{}: {said}", span(week)),
            }
        })
        .collect();
    Row {
        duty: duty.to_string(),
        cells,
    }
}

/// The drill: done the week one passed; missed the weeks the last one was older than its interval.
fn drill_row(
    days: &[NaiveDate],
    weeks: &[NaiveDate],
    every: i64,
    (began, today): (NaiveDate, NaiveDate),
) -> Row {
    let cells = weeks
        .iter()
        .map(|&week| {
            let end = (week + Duration::days(6)).min(today);
            if let Some(d) = days.iter().filter(|d| (week..=end).contains(*d)).min() {
                return Cell {
                    mark: Mark::Done,
                    said: format!("{}: đã kiểm tra ngày {}", span(week), d.format("%d/%m")),
                };
            }
            // The interval runs from the last drill, or from when the app began keeping records.
            let last = days.iter().filter(|d| **d <= end).max().unwrap_or(&began);
            let overdue = (end - *last).num_days() > every;
            Cell {
                mark: if overdue { Mark::Missed } else { Mark::NotDue },
                said: format!(
                    "{}: {}",
                    span(week),
                    if overdue {
                        "quá hạn kiểm tra khôi phục"
                    } else {
                        "chưa đến hạn"
                    }
                ),
            }
        })
        .collect();
    Row {
        duty: "Kiểm tra khôi phục".to_string(),
        cells,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Local, TimeZone, Weekday};

    fn entry(kind: &str, y: i32, m: u32, d: u32, ok: bool) -> Entry {
        Entry {
            id: 1,
            started_at: Local.with_ymd_and_hms(y, m, d, 9, 0, 0).unwrap(),
            finished_at: None,
            source_kind: kind.to_string(),
            source_name: kind.to_string(),
            target_label: "usb".into(),
            target_id: String::new(),
            run_dir: String::new(),
            files: 1,
            bytes: 1,
            outcome: if ok {
                Outcome::Success
            } else {
                Outcome::Failed
            },
            outcome_label: "",
            verified: ok,
            error: None,
            note: None,
            details: None,
        }
    }

    #[test]
    fn weeks_are_done_late_missed_or_not_due() {
        let mut config = Config {
            website: "https://truong.edu.vn".into(),
            backup_day: Some(Weekday::Wed),
            drill_every_days: 30,
            ..Config::default()
        };
        config.eschool.sections.clear();
        // Monday 7 December 2026 is "today": weeks of 23/11, 30/11 and 07/12.
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let entries = vec![
            entry("website", 2026, 11, 24, true), // Tuesday, before Wednesday: done
            entry("website", 2026, 12, 4, true),  // Friday: late
            entry("website", 2026, 12, 2, false), // a failure counts for nothing
            entry(journal::DRILL_KIND, 2026, 11, 25, true),
        ];
        let g = from_entries(&config, &entries, 3, today);
        assert_eq!(g.headings, ["23/11", "30/11", "07/12"]);
        let marks = |r: &Row| r.cells.iter().map(|c| c.mark).collect::<Vec<_>>();
        assert_eq!(g.rows[0].duty, "Trang web");
        assert_eq!(marks(&g.rows[0]), [Mark::Done, Mark::Late, Mark::NotDue]);
        assert_eq!(
            g.rows[0].cells[1].said,
            "30/11 – 06/12/2026: làm muộn, ngày 04/12"
        );
        assert_eq!(g.rows[1].duty, "Kiểm tra khôi phục");
        assert_eq!(marks(&g.rows[1]), [Mark::Done, Mark::NotDue, Mark::NotDue]);
        // With no drill for longer than its interval, the weeks after are missed; weeks before the
        // app kept any record are nobody's failure.
        config.drill_every_days = 7;
        let g = from_entries(&config, &entries[..3], 4, today);
        assert_eq!(marks(&g.rows[0])[0], Mark::NotDue);
        assert_eq!(
            g.rows[0].cells[0].said,
            "16/11 – 22/11/2026: trước khi dùng ứng dụng"
        );
        assert_eq!(
            marks(&g.rows[1]),
            [Mark::NotDue, Mark::NotDue, Mark::Missed, Mark::Missed]
        );
    }
}
