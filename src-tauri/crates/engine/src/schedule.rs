//! When the weekly backup is due. Pure: the time is always an argument, so every rule is testable.
//!
//! Rules: a backup is due every `period_days` (7) days after the last good one. From `soon_days` (2)
//! before the due time it is "due soon"; after the due time it is overdue by whole days. With no good
//! backup ever, it is overdue now.

use chrono::{DateTime, Duration, Local};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Due {
    Done,
    Soon { hours_left: i64 },
    Overdue { days: i64 },
    Never,
}

#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub period_days: i64,
    pub soon_days: i64,
}

impl Default for Rule {
    fn default() -> Rule {
        Rule {
            period_days: 7,
            soon_days: 2,
        }
    }
}

pub fn due(last_good: Option<DateTime<Local>>, now: DateTime<Local>, rule: Rule) -> Due {
    let Some(last) = last_good else {
        return Due::Never;
    };
    let due_at = last + Duration::days(rule.period_days);
    if now >= due_at {
        Due::Overdue {
            days: (now - due_at).num_days(),
        }
    } else if now >= due_at - Duration::days(rule.soon_days) {
        Due::Soon {
            hours_left: (due_at - now).num_hours(),
        }
    } else {
        Due::Done
    }
}

impl Due {
    pub fn label(self) -> String {
        match self {
            Due::Done => "Đã sao lưu tuần này".into(),
            Due::Soon { .. } => "Sắp đến hạn sao lưu".into(),
            Due::Overdue { days: 0 } => "Đến hạn sao lưu hôm nay".into(),
            Due::Overdue { days } => format!("Quá hạn {days} ngày"),
            Due::Never => "Chưa sao lưu lần nào".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(d: u32, h: u32) -> DateTime<Local> {
        Local.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap()
    }

    #[test]
    fn weekly_rule() {
        let r = Rule::default();
        let last = Some(t(2, 9));
        assert_eq!(due(last, t(3, 9), r), Due::Done);
        assert_eq!(due(last, t(6, 9), r), Due::Done);
        assert_eq!(due(last, t(7, 9), r), Due::Soon { hours_left: 48 });
        assert_eq!(due(last, t(9, 9), r), Due::Overdue { days: 0 });
        assert_eq!(due(last, t(12, 10), r), Due::Overdue { days: 3 });
        assert_eq!(due(None, t(12, 10), r), Due::Never);
        assert_eq!(Due::Overdue { days: 3 }.label(), "Quá hạn 3 ngày");
    }
}
