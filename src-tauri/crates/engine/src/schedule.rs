//! When the weekly backup is due. Pure: the time is always an argument, so every rule is testable.
//!
//! Two rules. Without a set day, a backup is due every `period_days` (7) days after the last good
//! one. With a set day of the week (the school's "sao lưu vào thứ Hai"), each week starts on that
//! day and needs one good run; a run in the `soon_days` before the day counts for that week, so
//! backing up on Saturday for Monday is not asked again on Monday. From `soon_days` (2) before the
//! due time it is "due soon"; after it, overdue by whole days. A missed week stays overdue until
//! the next good run (the catch-up happens at the next chance). With no good run ever, it is
//! overdue now.

use chrono::{DateTime, Datelike, Duration, Local, NaiveDate, Weekday};
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
    /// The day of the week the backup is due on; `None`: 7 days after the last one.
    pub weekday: Option<Weekday>,
}

impl Default for Rule {
    fn default() -> Rule {
        Rule {
            period_days: 7,
            soon_days: 2,
            weekday: None,
        }
    }
}

impl Rule {
    pub fn on(weekday: Option<Weekday>) -> Rule {
        Rule {
            weekday,
            ..Rule::default()
        }
    }
}

pub fn due(last_good: Option<DateTime<Local>>, now: DateTime<Local>, rule: Rule) -> Due {
    let Some(last) = last_good else {
        return Due::Never;
    };
    let soon = Duration::days(rule.soon_days);
    let due_at = match rule.weekday {
        None => last + Duration::days(rule.period_days),
        Some(day) => {
            let this_week = week_start(now, day);
            let counts_for = week_start(last + soon, day);
            if counts_for > this_week {
                // Done early for next week.
                return Due::Done;
            }
            if counts_for == this_week {
                this_week + Duration::days(7)
            } else {
                this_week
            }
        }
    };
    if now >= due_at {
        Due::Overdue {
            days: (now - due_at).num_days(),
        }
    } else if now >= due_at - soon {
        Due::Soon {
            hours_left: (due_at - now).num_hours(),
        }
    } else {
        Due::Done
    }
}

/// Midnight of the latest `day` on or before `t`.
fn week_start(t: DateTime<Local>, day: Weekday) -> DateTime<Local> {
    let date = t.date_naive();
    let back = (7 + date.weekday().num_days_from_monday() - day.num_days_from_monday()) % 7;
    midnight(date - Duration::days(back as i64))
}

fn midnight(d: NaiveDate) -> DateTime<Local> {
    let naive = d.and_hms_opt(0, 0, 0).expect("midnight exists");
    // Vietnam has no daylight saving; elsewhere a skipped midnight takes the hour after.
    naive
        .and_local_timezone(Local)
        .earliest()
        .unwrap_or_else(|| {
            (naive + Duration::hours(1))
                .and_local_timezone(Local)
                .earliest()
                .expect("an hour after a gap exists")
        })
}

/// "thứ Hai" … "Chủ nhật".
pub fn weekday_label(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "thứ Hai",
        Weekday::Tue => "thứ Ba",
        Weekday::Wed => "thứ Tư",
        Weekday::Thu => "thứ Năm",
        Weekday::Fri => "thứ Sáu",
        Weekday::Sat => "thứ Bảy",
        Weekday::Sun => "Chủ nhật",
    }
}

/// Reads "thu-hai", "thứ hai", "t2", "2" … "chu-nhat", "cn", "8".
pub fn parse_weekday(s: &str) -> Option<Weekday> {
    let k = crate::text::fold(s)
        .to_lowercase()
        .replace([' ', '-', '_'], "");
    Some(match k.as_str() {
        "thuhai" | "t2" | "2" | "mon" => Weekday::Mon,
        "thuba" | "t3" | "3" | "tue" => Weekday::Tue,
        "thutu" | "t4" | "4" | "wed" => Weekday::Wed,
        "thunam" | "t5" | "5" | "thu" => Weekday::Thu,
        "thusau" | "t6" | "6" | "fri" => Weekday::Fri,
        "thubay" | "t7" | "7" | "sat" => Weekday::Sat,
        "chunhat" | "cn" | "8" | "sun" => Weekday::Sun,
        _ => return None,
    })
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

    // November 2026: the 2nd, 9th, 16th and 23rd are Mondays.
    #[test]
    fn set_weekday_rule() {
        let r = Rule::on(Some(Weekday::Mon));
        // Done on Monday the 2nd: fine all week, due soon from Saturday, due on Monday the 9th.
        assert_eq!(due(Some(t(2, 9)), t(4, 9), r), Due::Done);
        assert_eq!(due(Some(t(2, 9)), t(7, 9), r), Due::Soon { hours_left: 39 });
        assert_eq!(due(Some(t(2, 9)), t(9, 8), r), Due::Overdue { days: 0 });
        assert_eq!(Due::Overdue { days: 0 }.label(), "Đến hạn sao lưu hôm nay");
        // Done late, on Thursday the 5th: still counts for the week that began on the 2nd.
        assert_eq!(due(Some(t(5, 9)), t(6, 9), r), Due::Done);
        // Done early on Saturday the 7th for Monday the 9th: not asked again on the 9th.
        assert_eq!(due(Some(t(7, 15)), t(8, 9), r), Due::Done);
        assert_eq!(due(Some(t(7, 15)), t(9, 9), r), Due::Done);
        assert_eq!(due(Some(t(7, 15)), t(16, 9), r), Due::Overdue { days: 0 });
        // A missed week is caught up at the next chance: overdue counts from this week's day.
        assert_eq!(due(Some(t(2, 9)), t(19, 9), r), Due::Overdue { days: 3 });
        assert_eq!(due(None, t(19, 9), r), Due::Never);
        // A Sunday rule, seen from the Sunday itself and the day after.
        let sun = Rule::on(Some(Weekday::Sun));
        assert_eq!(due(Some(t(1, 9)), t(8, 7), sun), Due::Overdue { days: 0 });
        assert_eq!(due(Some(t(8, 7)), t(9, 7), sun), Due::Done);
    }

    #[test]
    fn weekday_words() {
        assert_eq!(parse_weekday("thứ Hai"), Some(Weekday::Mon));
        assert_eq!(parse_weekday("thu-sau"), Some(Weekday::Fri));
        assert_eq!(parse_weekday("Chủ nhật"), Some(Weekday::Sun));
        assert_eq!(parse_weekday("CN"), Some(Weekday::Sun));
        assert_eq!(parse_weekday("thứ mười"), None);
        assert_eq!(weekday_label(Weekday::Wed), "thứ Tư");
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
