//! The district's report for a period, to send to the Sở: today's table of every school (the
//! same rows and counts as `saoluu district`), and each school's duties week by week from the
//! marks its documents carry. As PDF (to print and sign) or Excel.

use super::overview::{self, Overview, Row};
use crate::appdata::AppData;
use crate::config::SchoolLevel;
use crate::error::{Error, IoContext, Result};
use crate::glance::{Mark, LEGEND};
use chrono::{DateTime, Datelike, Duration, Local, NaiveDate};
use std::path::{Path, PathBuf};

const TITLE: &str = "BÁO CÁO TÌNH TRẠNG SAO LƯU DỮ LIỆU CỦA CÁC TRƯỜNG";
const HEADER: [&str; 6] = [
    "Mã trường",
    "Tên trường",
    "Cấp học",
    "Tình trạng",
    "Việc chưa đạt",
    "Theo tuần (mỗi dòng một việc)",
];
const WEEK_HEADER: [&str; 4] = ["Mã trường", "Tên trường", "Việc", "Tuần bắt đầu"];

pub struct Report {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Each week's Monday in the period.
    pub weeks: Vec<NaiveDate>,
    pub overview: Overview,
}

/// The counts line, word for word the one `saoluu district` prints above its table.
pub fn counts(o: &Overview) -> String {
    crate::message::district_counts(o)
}

pub fn build(
    app: &AppData,
    from: NaiveDate,
    to: NaiveDate,
    level: Option<SchoolLevel>,
    now: DateTime<Local>,
) -> Result<Report> {
    if to < from {
        return Err(Error::ReversedPeriod { from, to });
    }
    let monday = |d: NaiveDate| d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
    let mut weeks = Vec::new();
    let mut w = monday(from);
    while w <= to {
        weeks.push(w);
        w += Duration::weeks(1);
    }
    Ok(Report {
        from,
        to,
        weeks,
        overview: overview::read(app, now, level)?,
    })
}

/// A school's marks for `week` of each duty its newest document carries; `None` where its
/// document does not reach that week.
fn marks(row: &Row, weeks: &[NaiveDate]) -> Vec<(String, Vec<Option<Mark>>)> {
    let Some(doc) = &row.doc else {
        return Vec::new();
    };
    doc.weeks
        .iter()
        .map(|d| {
            let per = weeks
                .iter()
                .map(|w| {
                    let i = (*w - doc.weeks_from).num_weeks();
                    usize::try_from(i)
                        .ok()
                        .and_then(|i| d.marks.get(i).copied())
                })
                .collect();
            (d.duty.clone(), per)
        })
        .collect()
}

fn letters(marks: &[Option<Mark>]) -> String {
    marks
        .iter()
        .map(|m| m.map_or("·", |m| m.letter()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn level(row: &Row) -> String {
    row.level.map(|l| l.label().to_string()).unwrap_or_default()
}

fn not_done(row: &Row) -> String {
    row.duties
        .iter()
        .filter(|d| !d.state.compliant())
        .map(|d| d.label.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

fn table(r: &Report) -> Vec<Vec<String>> {
    r.overview
        .rows
        .iter()
        .map(|row| {
            let weeks = marks(row, &r.weeks)
                .iter()
                .map(|(duty, m)| format!("{duty}: {}", letters(m)))
                .collect::<Vec<_>>()
                .join("\n");
            vec![
                row.code.clone(),
                row.name.clone(),
                level(row),
                row.label.clone(),
                not_done(row),
                weeks,
            ]
        })
        .collect()
}

fn period(r: &Report) -> String {
    format!(
        "Từ {} đến {}; tình trạng tính đến {}.",
        r.from.format("%d/%m/%Y"),
        r.to.format("%d/%m/%Y"),
        r.overview.at.format("%H:%M %d/%m/%Y")
    )
}

pub fn pdf(r: &Report) -> Result<Vec<u8>> {
    let before = [
        period(r),
        counts(&r.overview),
        format!(
            "Các tuần bắt đầu từ {}: {LEGEND} · ·: không có số liệu",
            r.weeks
                .first()
                .map(|w| w.format("%d/%m/%Y").to_string())
                .unwrap_or_default()
        ),
    ];
    let after = ["Người lập báo cáo ............................          Lãnh đạo Phòng (ký, đóng dấu) ............................".to_string()];
    crate::pdf::render(&crate::pdf::Sheet {
        title: TITLE,
        before: &before,
        header: &HEADER,
        widths: &[0.9, 2.0, 0.9, 1.8, 2.4, 3.0],
        rows: &table(r),
        after: &after,
        landscape: true,
    })
}

pub fn xlsx(r: &Report) -> Result<Vec<u8>> {
    let mut week_header: Vec<String> = WEEK_HEADER[..3].iter().map(|h| h.to_string()).collect();
    week_header.extend(r.weeks.iter().map(|w| w.format("%d/%m/%Y").to_string()));
    let mut week_rows = Vec::new();
    for row in &r.overview.rows {
        for (duty, m) in marks(row, &r.weeks) {
            let mut line = vec![row.code.clone(), row.name.clone(), duty];
            line.extend(m.iter().map(|m| m.map_or("·", |m| m.letter()).to_string()));
            week_rows.push(line);
        }
    }
    let status_header: Vec<String> = HEADER[..5].iter().map(|h| h.to_string()).collect();
    let status: Vec<Vec<String>> = table(r)
        .into_iter()
        .map(|mut row| {
            row.truncate(5);
            row
        })
        .collect();
    let about = vec![
        vec![period(r)],
        vec![counts(&r.overview)],
        vec![LEGEND.to_string()],
    ];
    crate::workbook::xlsx_sheets(&[
        ("Tình trạng", &status_header[..], &status),
        ("Theo tuần", &week_header[..], &week_rows),
        ("Ghi chú", &[TITLE.to_string()][..], &about),
    ])
    .map_err(|e| Error::io("xlsx", std::io::Error::other(e)))
}

/// Where the report is saved when nobody names a file: Documents, under a name that says the
/// period.
pub fn default_path(from: NaiveDate, to: NaiveDate, format: &str) -> Result<PathBuf> {
    if !matches!(format, "pdf" | "xlsx") {
        return Err(Error::ReportFormat(PathBuf::from(format)));
    }
    Ok(crate::restore::documents().join(format!(
        "Bao-cao-cac-truong-{}-{}.{format}",
        from.format("%Y%m%d"),
        to.format("%Y%m%d"),
    )))
}

/// Writes the report to `out`: `.pdf` or `.xlsx`.
pub fn save(
    app: &AppData,
    from: NaiveDate,
    to: NaiveDate,
    level: Option<SchoolLevel>,
    out: &Path,
) -> Result<PathBuf> {
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !matches!(ext.as_str(), "pdf" | "xlsx") {
        return Err(Error::ReportFormat(out.to_path_buf()));
    }
    let r = build(app, from, to, level, Local::now())?;
    let bytes = if ext == "pdf" { pdf(&r)? } else { xlsx(&r)? };
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).at(dir)?;
    }
    crate::archive::write_atomically(out, &bytes)?;
    Ok(out.to_path_buf())
}
