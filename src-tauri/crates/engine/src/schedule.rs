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

/// The admin-password reminder: change the eSchool and website admin passwords every
/// `every_days` days. The app never asks for, keeps or logs the password; it only remembers the
/// day the user confirmed a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum PasswordDue {
    Never,
    Ok { days_left: i64 },
    Due { days_over: i64 },
}

pub fn password_due(
    changed_on: Option<chrono::NaiveDate>,
    today: chrono::NaiveDate,
    every_days: i64,
) -> PasswordDue {
    let Some(changed) = changed_on else {
        return PasswordDue::Never;
    };
    let left = every_days - (today - changed).num_days();
    if left > 0 {
        PasswordDue::Ok { days_left: left }
    } else {
        PasswordDue::Due { days_over: -left }
    }
}

impl PasswordDue {
    pub fn label(self) -> String {
        match self {
            PasswordDue::Never => "Chưa xác nhận lần đổi mật khẩu quản trị nào".into(),
            PasswordDue::Ok { days_left } => {
                format!("Mật khẩu quản trị: còn {days_left} ngày đến lần đổi tiếp theo")
            }
            PasswordDue::Due { days_over: 0 } => "Đến hạn đổi mật khẩu quản trị hôm nay".into(),
            PasswordDue::Due { days_over } => {
                format!("Quá hạn đổi mật khẩu quản trị {days_over} ngày")
            }
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

    #[test]
    fn admin_password_reminder() {
        let d = |m, day| chrono::NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert_eq!(password_due(None, d(11, 25), 90), PasswordDue::Never);
        assert_eq!(
            password_due(Some(d(11, 1)), d(11, 25), 90),
            PasswordDue::Ok { days_left: 66 }
        );
        assert_eq!(
            password_due(Some(d(8, 27)), d(11, 25), 90),
            PasswordDue::Due { days_over: 0 }
        );
        assert_eq!(
            password_due(Some(d(8, 1)), d(11, 25), 90),
            PasswordDue::Due { days_over: 26 }
        );
        assert_eq!(
            PasswordDue::Due { days_over: 26 }.label(),
            "Quá hạn đổi mật khẩu quản trị 26 ngày"
        );
    }
}
