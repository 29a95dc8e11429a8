//! The principal's report (báo cáo thực hiện): for a chosen period, week by week, the eSchool
//! backups per section with their change summary, the website backups with their compliance
//! check, restore drills, confirmed admin-password changes, and every failure with whether and
//! when it was put right. It is the evidence a school shows the education office; it is read from
//! the log only, so it says exactly what happened.

use crate::appdata::AppData;
use crate::config::Config;
use crate::error::{Error, IoContext, Result};
use crate::journal::{self, Entry, Filter, Journal, Outcome};
use crate::text::html_escape as esc;
use chrono::{Datelike, Duration, Local, NaiveDate};
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize)]
pub struct Week {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// "01/12 – 07/12/2026", as every front end shows the week.
    pub label: String,
    pub website: Vec<String>,
    pub eschool: Vec<String>,
    pub drills: Vec<String>,
    pub passwords: Vec<String>,
    pub failures: Vec<String>,
    /// The directive's weekly duty met: the website (when the school has one) and every eSchool
    /// section the school uses were backed up that week.
    pub complete: bool,
    pub verdict: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub school: String,
    pub governing_body: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub weeks: Vec<Week>,
    /// The twelve weeks up to the period's end, one square each, shown first.
    pub glance: crate::glance::Glance,
}

fn day(e: &Entry) -> NaiveDate {
    e.started_at.date_naive()
}

fn dm(e: &Entry) -> String {
    e.started_at.format("%d/%m").to_string()
}

pub fn build(app: &AppData, from: NaiveDate, to: NaiveDate) -> Result<Report> {
    if to < from {
        return Err(Error::ReversedPeriod { from, to });
    }
    let config = Config::load(app)?;
    let mut all = Journal::open(&app.journal_file())?.list(&Filter::default())?;
    let glance = crate::glance::from_entries(&config, &all, 12, to);
    all.reverse(); // oldest first
    let mut weeks = Vec::new();
    // Weeks run Monday to Sunday, cut to the period.
    let mut start = from - Duration::days(from.weekday().num_days_from_monday() as i64);
    while start <= to {
        let end = start + Duration::days(6);
        let (a, b) = (start.max(from), end.min(to));
        let in_week: Vec<&Entry> = all.iter().filter(|e| (a..=b).contains(&day(e))).collect();
        weeks.push(week(a, b, &in_week, &all, &config));
        start += Duration::days(7);
    }
    Ok(Report {
        school: config
            .school(&crate::drive::present_targets(&config.targets))
            .name,
        governing_body: config.governing_body.clone(),
        from,
        to,
        weeks,
        glance,
    })
}

fn week(
    from: NaiveDate,
    to: NaiveDate,
    entries: &[&Entry],
    all: &[Entry],
    config: &Config,
) -> Week {
    let website = website_lines(entries);
    let (eschool, stored_sections) = eschool_lines(entries);
    let passwords = entries
        .iter()
        .filter(|e| e.source_kind == journal::PASSWORD_KIND)
        .map(|e| format!("{}: đã xác nhận đổi mật khẩu quản trị", dm(e)))
        .collect();
    let mut missing = Vec::new();
    if !config.website.is_empty() && website.is_empty() {
        missing.push("trang web".to_string());
    }
    for s in &config.eschool.sections {
        if !stored_sections.contains(s) {
            missing.push(s.label().to_lowercase());
        }
    }
    let complete = missing.is_empty();
    let verdict = if complete {
        "Đạt".to_string()
    } else {
        format!("Chưa đạt: chưa sao lưu {}", missing.join(", "))
    };
    Week {
        from,
        to,
        label: format!("{} – {}", from.format("%d/%m"), to.format("%d/%m/%Y")),
        website,
        eschool,
        drills: drill_lines(entries),
        passwords,
        failures: failure_lines(entries, all),
        complete,
        verdict,
    }
}

fn good(e: &&&Entry) -> bool {
    e.outcome == Outcome::Success
}

/// Each good website backup of the week, with what its compliance check found.
fn website_lines(entries: &[&Entry]) -> Vec<String> {
    entries
        .iter()
        .filter(|e| e.source_kind == "website")
        .filter(good)
        .map(|e| {
            let d = e.website();
            let footer = match d {
                None => String::new(),
                Some(w) if w.footer_missing.is_empty() => {
                    " — chân trang đủ thông tin theo quy định".to_string()
                }
                Some(w) => format!(" — chân trang còn thiếu: {}", w.footer_missing.join(", ")),
            };
            let reposts = d.map_or(0, |w| w.reposts);
            let review = if reposts > 0 {
                format!("; {reposts} bài cần xem lại (có dấu hiệu lấy lại từ báo chí)")
            } else {
                String::new()
            };
            format!(
                "{}: {}{footer}{review}",
                dm(e),
                e.note.clone().unwrap_or_default()
            )
        })
        .collect()
}

/// Each eSchool section stored in the week with its count and change, and which sections those
/// were.
fn eschool_lines(entries: &[&Entry]) -> (Vec<String>, Vec<crate::eschool::Section>) {
    let mut stored_sections = Vec::new();
    let mut eschool = Vec::new();
    for e in entries
        .iter()
        .filter(|e| e.source_kind == "eschool")
        .filter(good)
    {
        let Some(details) = e.eschool() else {
            continue;
        };
        for s in details.sections.iter().filter(|s| s.error.is_none()) {
            let label = &s.label;
            stored_sections.push(s.section);
            let text = match (s.records, s.added) {
                // Nothing earlier to compare with.
                (Some(r), None) => {
                    format!("{}: {label} — {r} hồ sơ (lần sao lưu đầu tiên)", dm(e))
                }
                (Some(r), Some(added)) => format!(
                    "{}: {label} — {r} hồ sơ (+{added} mới, {} không còn, {} thay đổi)",
                    dm(e),
                    s.removed.unwrap_or(0),
                    s.changed.unwrap_or(0)
                ),
                (None, _) => format!(
                    "{}: {label} — lưu nguyên tệp (không nhận dạng được cột)",
                    dm(e)
                ),
            };
            eschool.push(text);
        }
    }
    (eschool, stored_sections)
}

fn drill_lines(entries: &[&Entry]) -> Vec<String> {
    entries
        .iter()
        .filter(|e| e.source_kind == crate::journal::DRILL_KIND)
        .map(|e| {
            let verdict = if e.outcome == Outcome::Success {
                "Đạt"
            } else {
                "Không đạt"
            };
            let words = e.note.clone().or(e.error.clone()).unwrap_or_default();
            format!("{}: {verdict} — {words}", dm(e))
        })
        .collect()
}

/// Each failed backup of the week, and whether a later good run of the same source put it right.
fn failure_lines(entries: &[&Entry], all: &[Entry]) -> Vec<String> {
    entries
        .iter()
        .filter(|e| e.outcome == Outcome::Failed && journal::is_backup(&e.source_kind))
        .map(|e| {
            // Put right by the next good run of the same source.
            let fixed = all.iter().find(|l| {
                l.started_at > e.started_at
                    && l.outcome == Outcome::Success
                    && l.source_kind == e.source_kind
                    && l.source_name == e.source_name
            });
            let how = match fixed {
                Some(l) => format!(
                    "đã khắc phục: sao lưu lại thành công ngày {}",
                    l.started_at.format("%d/%m/%Y")
                ),
                None => "chưa khắc phục".to_string(),
            };
            format!(
                "{} {}: {} — {how}",
                e.started_at.format("%d/%m %H:%M"),
                e.source_name,
                e.error.clone().unwrap_or_default()
            )
        })
        .collect()
}

const TITLE: &str = "BÁO CÁO THỰC HIỆN SAO LƯU DỮ LIỆU";

/// The school's name as the report heads it.
fn school(r: &Report) -> &str {
    if r.school.is_empty() {
        "(chưa nhập tên trường)"
    } else {
        &r.school
    }
}

/// The line under the title: the period, and that it was made from the log, when.
fn made_from(r: &Report) -> String {
    format!(
        "Từ {} – {}. Lập từ nhật ký sao lưu của ứng dụng Sao lưu Trường học ngày {}.",
        r.from.format("%d/%m/%Y"),
        r.to.format("%d/%m/%Y"),
        Local::now().format("%d/%m/%Y")
    )
}

fn week_name(w: &Week) -> String {
    w.label.clone()
}

pub fn html(r: &Report) -> String {
    let list = |items: &[String]| {
        if items.is_empty() {
            "—".to_string()
        } else {
            items
                .iter()
                .map(|i| esc(i))
                .collect::<Vec<_>>()
                .join("<br>")
        }
    };
    let mut h = String::from("<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Báo cáo thực hiện sao lưu dữ liệu</title><style>");
    h.push_str("body{font-family:'Noto Sans','Segoe UI',Arial,sans-serif;margin:20px;color:#1d2330;font-size:13px}h1{font-size:1.4rem;margin:0}");
    h.push_str("table{border-collapse:collapse;width:100%;margin-top:12px}td,th{border:1px solid #99a;padding:4px 6px;vertical-align:top;text-align:left}");
    h.push_str("th{background:#e8f0fa}.dat{color:#1e7a3c;font-weight:600}.chua{color:#b3261e;font-weight:600}@page{size:A4 landscape;margin:12mm}");
    h.push_str("table.tuan12{width:auto}table.tuan12 td{text-align:center;font-weight:700;width:2.2em}.o-done{background:#cfe9d6;color:#1e7a3c}.o-late{background:#fbe3bf;color:#8a5200}.o-missed{background:#f6cfcc;color:#b3261e}.o-not_due{color:#778}</style></head><body>");
    h.push_str(&format!(
        "<p>{}<br><b>{}</b></p><h1>{TITLE}</h1><p>{}</p>",
        esc(&r.governing_body),
        esc(school(r)),
        esc(&made_from(r)),
    ));
    h.push_str(&glance_html(&r.glance));
    h.push_str("<table><tr><th>Tuần</th><th>Hồ sơ eSchool (trường, giáo viên, học sinh)</th><th>Trang web và kiểm tra theo quy định</th><th>Kiểm tra khôi phục</th><th>Đổi mật khẩu quản trị</th><th>Sự cố và cách khắc phục</th><th>Kết quả</th></tr>");
    for w in &r.weeks {
        h.push_str(&format!(
            "<tr class=\"tuan\" data-tuan=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"{}\">{}</td></tr>",
            w.from,
            esc(&week_name(w)),
            list(&w.eschool),
            list(&w.website),
            list(&w.drills),
            list(&w.passwords),
            list(&w.failures),
            if w.complete { "dat" } else { "chua" },
            esc(&w.verdict)
        ));
    }
    let done = r.weeks.iter().filter(|w| w.complete).count();
    h.push_str(&format!(
        "</table><p>Số tuần đạt: <b>{done}/{}</b>.</p><p style=\"margin-top:30px\">Người lập báo cáo ............................ &nbsp;&nbsp;&nbsp; Hiệu trưởng (ký, đóng dấu) ............................</p></body></html>",
        r.weeks.len()
    ));
    h
}

const HEADER: [&str; 7] = [
    "Tuần",
    "Hồ sơ eSchool",
    "Trang web và kiểm tra theo quy định",
    "Kiểm tra khôi phục",
    "Đổi mật khẩu quản trị",
    "Sự cố và cách khắc phục",
    "Kết quả",
];

/// One row a week, each cell's items on lines of their own, as in the HTML page.
fn rows(r: &Report) -> Vec<Vec<String>> {
    let list = |items: &[String]| {
        if items.is_empty() {
            "—".to_string()
        } else {
            items.join("\n")
        }
    };
    r.weeks
        .iter()
        .map(|w| {
            vec![
                week_name(w),
                list(&w.eschool),
                list(&w.website),
                list(&w.drills),
                list(&w.passwords),
                list(&w.failures),
                w.verdict.clone(),
            ]
        })
        .collect()
}

pub fn xlsx(r: &Report) -> Result<Vec<u8>> {
    crate::workbook::xlsx_sheets(&[("Báo cáo thực hiện", &HEADER[..], &rows(r))])
        .map_err(|e| Error::io("xlsx", std::io::Error::other(e)))
}

/// The twelve weeks as a small table of squares above the weekly table.
fn glance_html(g: &crate::glance::Glance) -> String {
    let mut h = String::from("<h2>12 tuần gần nhất</h2><table class=\"tuan12\"><tr><th></th>");
    for head in &g.headings {
        h.push_str(&format!("<th>{}</th>", esc(head)));
    }
    h.push_str("</tr>");
    for row in &g.rows {
        h.push_str(&format!("<tr><th>{}</th>", esc(&row.duty)));
        for c in &row.cells {
            let class = serde_json::to_value(c.mark)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            h.push_str(&format!(
                "<td class=\"o-{class}\" title=\"{}\">{}</td>",
                esc(&c.said),
                c.mark.letter()
            ));
        }
        h.push_str("</tr>");
    }
    h.push_str(&format!("</table><p>{}</p>", crate::glance::LEGEND));
    h
}

/// The same page as the HTML, as a PDF to print or send, with the signature lines at the end.
pub fn pdf(r: &Report) -> Result<Vec<u8>> {
    let done = r.weeks.iter().filter(|w| w.complete).count();
    let mut before = vec![
        r.governing_body.clone(),
        school(r).to_string(),
        made_from(r),
    ];
    before.extend(r.glance.lines());
    let after = [
        format!("Số tuần đạt: {done}/{}.", r.weeks.len()),
        "Người lập báo cáo ............................          Hiệu trưởng (ký, đóng dấu) ............................".to_string(),
    ];
    crate::pdf::render(&crate::pdf::Sheet {
        title: TITLE,
        before: &before,
        header: &HEADER,
        widths: &[1.0, 2.4, 2.4, 1.5, 1.3, 2.2, 1.8],
        rows: &rows(r),
        after: &after,
        landscape: true,
    })
}

/// Where the report for a period is saved when nobody names a file: the Documents folder, under a
/// name that says the period. `format` is one of the three the report is written in.
pub fn default_path(from: NaiveDate, to: NaiveDate, format: &str) -> Result<PathBuf> {
    // The kind becomes part of a file name: only the three `save` writes.
    if !matches!(format, "html" | "pdf" | "xlsx") {
        return Err(Error::ReportFormat(PathBuf::from(format)));
    }
    Ok(crate::restore::documents().join(format!(
        "Bao-cao-thuc-hien-{}-{}.{format}",
        from.format("%Y%m%d"),
        to.format("%Y%m%d"),
    )))
}

/// Writes the report to `out`: `.html` (to print from the browser), `.pdf` or `.xlsx`.
pub fn save(app: &AppData, from: NaiveDate, to: NaiveDate, out: &Path) -> Result<PathBuf> {
    let r = build(app, from, to)?;
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let bytes = match ext.as_str() {
        "html" | "htm" => html(&r).into_bytes(),
        "xlsx" => xlsx(&r)?,
        "pdf" => pdf(&r)?,
        _ => return Err(Error::ReportFormat(out.to_path_buf())),
    };
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).at(dir)?;
    }
    crate::archive::write_atomically(out, &bytes)?;
    Ok(out.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_run_monday_to_sunday_cut_to_the_period() {
        let dir = tempfile::tempdir().unwrap();
        let app = AppData::open(Some(dir.path())).unwrap();
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let r = build(&app, d(11, 4), d(11, 25)).unwrap();
        let spans: Vec<(NaiveDate, NaiveDate)> = r.weeks.iter().map(|w| (w.from, w.to)).collect();
        assert_eq!(
            spans,
            [
                (d(11, 4), d(11, 8)),
                (d(11, 9), d(11, 15)),
                (d(11, 16), d(11, 22)),
                (d(11, 23), d(11, 25))
            ]
        );
        // Nothing was backed up: every eSchool section is missing each week.
        assert!(r.weeks.iter().all(|w| !w.complete));
        assert!(r.weeks[0].verdict.contains("hồ sơ học sinh"));
        let reversed = build(&app, d(11, 25), d(11, 4)).unwrap_err();
        assert!(matches!(reversed, Error::ReversedPeriod { .. }));
        assert!(
            crate::message::error(&reversed).starts_with("Ngày kết thúc (04/11/2026) đứng trước"),
            "{}",
            crate::message::error(&reversed)
        );
    }
}
