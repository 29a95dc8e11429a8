//! Days as a Vietnamese clerk reads and types them, dd/mm/yyyy, whatever the OS locale: a date
//! field left to the locale shows 12/07/2026 for 7 December on an English Windows, which reads as
//! 12 July here.

use crate::error::{Error, Result};
use chrono::NaiveDate;

/// A typed day: `7/12/2026`, `07.12.2026`, `07-12-2026`, or the ISO `2026-12-07` that files and
/// scripts use.
pub fn parse(typed: &str) -> Result<NaiveDate> {
    let s = typed.trim();
    let bad = || Error::BadDay(s.to_string());
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d);
    }
    let parts: Vec<&str> = s.split(['/', '.', '-']).map(str::trim).collect();
    let [d, m, y] = parts.as_slice() else {
        return Err(bad());
    };
    // A two-digit year is ambiguous on a record kept for years: asked for in full.
    if y.len() != 4 {
        return Err(bad());
    }
    let (d, m, y) = (
        d.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        y.parse().map_err(|_| bad())?,
    );
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(bad)
}

/// A day as it is shown: `07/12/2026`.
pub fn show(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_read_day_first() {
        let want = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        for typed in [
            "07/12/2026",
            "7/12/2026",
            " 07.12.2026 ",
            "07-12-2026",
            "2026-12-07",
        ] {
            assert_eq!(parse(typed).unwrap(), want, "{typed}");
        }
        for bad in [
            "12/31/2026",
            "31/02/2026",
            "07/12/26",
            "hôm nay",
            "",
            "1/2/3/2026",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert_eq!(show(want), "07/12/2026");
        let said = crate::message::error(&parse("12/31/2026").unwrap_err());
        assert!(said.contains("ngày/tháng/năm"), "{said}");
    }
}
