//! The disaster-recovery plan (kế hoạch khôi phục) the directive asks principals to have: one
//! printable page made from the app's real state — who answers for the backups, the drives and
//! where they are kept, the last good backup of each source, the last restore drill, where the
//! recovery sheet is — and the steps to bring the website and eSchool back. Written to Documents
//! (or a chosen file) and to every plugged backup drive, so the plan travels with the backups.

use crate::appdata::AppData;
use crate::config::Config;
use crate::error::Result;
use crate::journal::{Filter, Journal, Outcome};
use crate::text::html_escape as esc;
use chrono::{DateTime, Local};
use std::path::{Path, PathBuf};

/// The plan's name on a drive, beside the backups.
pub const ON_DRIVE: &str = "KeHoachKhoiPhuc.html";
pub const ON_DRIVE_PDF: &str = "KeHoachKhoiPhuc.pdf";

const TITLE: &str = "Kế hoạch khôi phục dữ liệu khi hệ thống bị tấn công hoặc hỏng hoàn toàn";

const WEBSITE_STEPS: [&str; 6] = [
        "Trên một máy sạch (máy mới hoặc đã cài lại), cài ứng dụng Sao lưu Trường học. Không cần dữ liệu cũ trên máy: mọi thứ được đọc từ ổ sao lưu.",
        "Cắm ổ sao lưu, mở thẻ “Khôi phục”, chọn ổ, chọn nguồn “Trang web” và lần sao lưu tốt gần nhất trước ngày sự cố.",
        "Bấm “Kiểm tra” để đối chiếu từng tệp với mã SHA-256 đã ghi, rồi “Khôi phục” vào một thư mục mới (không ghi đè gì).",
        "Mở ban-sao-offline/index.html trong trình duyệt để xem lại trang web như lúc sao lưu, kể cả khi không có mạng.",
        "Giao cho đơn vị quản trị trang web: bai-viet/bai-viet.csv (mọi bài viết, ngày đăng, nội dung), van-ban/ (các văn bản đã ban hành, kèm danh sách van-ban.csv) và ảnh trong ban-sao-offline/. Với trang WordPress: Công cụ → Nhập → WordPress với tệp wordpress-wxr.xml.",
        "Khi trang web chạy lại: đổi ngay mật khẩu mọi tài khoản quản trị, rồi chạy “Kiểm tra trang web theo quy định”.",
    ];

const ESCHOOL_STEPS: [&str; 5] = [
        "Báo ngay cho Phòng Giáo dục và Đào tạo và đơn vị cung cấp eSchool: dữ liệu gốc nằm trên máy chủ của hệ thống.",
        "Trong ứng dụng, chọn nguồn “eSchool” và lần sao lưu tốt gần nhất; gõ mật khẩu trên Phiếu khôi phục khi được hỏi.",
        "Các tệp gốc đã xuất từ eSchool nằm trong goc/ho-so-truong, goc/ho-so-giao-vien, goc/ho-so-hoc-sinh, nguyên vẹn từng byte: dùng chức năng “Nhập từ Excel” của eSchool để nhập lại.",
        "Đối chiếu bằng tệp du-lieu-kiem-tra.xlsx (mỗi phần một trang) và thay-doi.html (thay đổi so với tuần trước).",
        "Đổi mật khẩu quản trị eSchool; không cho trình duyệt lưu mật khẩu.",
    ];

const ATTACK_STEPS: [&str; 4] = [
        "Ngắt mạng máy nghi bị nhiễm mã độc; không cắm ổ sao lưu vào máy đó.",
        "Báo cáo Phòng Giáo dục và Đào tạo theo quy định; giữ nguyên hiện trạng để kiểm tra.",
        "Khôi phục trên máy sạch theo mục 6 và 7, dùng ổ sao lưu còn nguyên (ổ được cất riêng).",
        "Sau khi khôi phục: đổi mọi mật khẩu quản trị, sao lưu lại ngay ra ổ khác và kiểm tra khôi phục.",
    ];

const WITHOUT_APP: &str = "Không cần ứng dụng vẫn khôi phục được: mỗi tệp .zip mở bằng 7-Zip hoặc WinRAR (tệp eSchool cần mật khẩu trên phiếu); tệp DOC-TOI.txt trong mỗi tệp .zip hướng dẫn cách kiểm tra.";

const NO_RESPONSIBLE: &str = "chưa ghi — nhập trong Cài đặt của ứng dụng";
const NO_DRIVES: &str = "Chưa đăng ký ổ sao lưu nào.";
const EJECT_ADVICE: &str = "Sau mỗi lần sao lưu, rút ổ ra và cất lại: ổ đang cắm có thể bị mã độc trên máy mã hoá cùng lúc.";
const NO_GOOD_RUN: &str = "Chưa có lần sao lưu thành công nào trên máy này.";
const NO_DRILL: &str = "Chưa kiểm tra khôi phục lần nào. Hãy chạy “Kiểm tra khôi phục” ngay.";
const SHEET_KEPT: &str =
    "Dữ liệu eSchool trên ổ được mã hoá. Mật khẩu chỉ có trên Phiếu khôi phục, cất tại:";

const SIGNED: &str =
    "Hiệu trưởng: ............................................ Ký tên: ....................";

/// Everything the page shows, gathered first so it can be checked apart from the HTML.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Facts {
    pub school: String,
    pub responsible: String,
    pub drives_kept_at: String,
    pub sheet_kept_at: String,
    /// Registered drives: label, drive id, plugged now.
    pub drives: Vec<(String, String, bool)>,
    /// Per source: name, when, drive label.
    pub last_good: Vec<(String, DateTime<Local>, String)>,
    pub last_drill: Option<(DateTime<Local>, String)>,
    /// The passphrase's check code when this PC knows it (never the passphrase).
    pub check_code: Option<String>,
    pub website: String,
    pub eschool: String,
    pub made_at: DateTime<Local>,
}

fn facts(app: &AppData, config: &Config, check_code: Option<String>) -> Result<Facts> {
    let journal = Journal::open(&app.journal_file())?;
    let good = journal.list(&Filter {
        outcome: Some(Outcome::Success),
        ..Filter::default()
    })?;
    let mut last_good: Vec<(String, DateTime<Local>, String)> = Vec::new();
    for e in good
        .iter()
        .filter(|e| crate::journal::is_backup(&e.source_kind))
    {
        if !last_good.iter().any(|(n, _, _)| *n == e.source_name) {
            last_good.push((e.source_name.clone(), e.started_at, e.target_label.clone()));
        }
    }
    let last_drill = good
        .iter()
        .find(|e| e.source_kind == crate::journal::DRILL_KIND)
        .map(|e| (e.started_at, e.note.clone().unwrap_or_default()));
    let drives = config
        .targets
        .iter()
        .map(|root| {
            match crate::drive::open_target(root) {
                Ok(t) => (t.marker.label.clone(), t.marker.drive_id.clone(), true),
                // Not plugged now: the plan still names it by where it was registered.
                Err(_) => (root.display().to_string(), String::new(), false),
            }
        })
        .collect::<Vec<_>>();
    Ok(Facts {
        school: config
            .school(&crate::drive::present_targets(&config.targets))
            .name,
        responsible: config.plan.responsible.clone(),
        drives_kept_at: config.plan.drives_kept_at.clone(),
        sheet_kept_at: config.plan.sheet_kept_at.clone(),
        drives,
        last_good,
        last_drill,
        check_code,
        website: config.website.clone(),
        eschool: config.eschool.url.clone(),
        made_at: Local::now(),
    })
}

/// How the plan is written: a page for any browser, or a PDF that prints as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Pdf,
}

impl Format {
    /// By the file's name: `.pdf` is a PDF, anything else the HTML page.
    pub fn of(path: &Path) -> Format {
        let pdf = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
        if pdf {
            Format::Pdf
        } else {
            Format::Html
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }
}

/// Writes the plan to `out` (or a dated file in Documents) and to every plugged backup drive.
/// The drive always gets the HTML page, which any PC opens, and the PDF too when one was made.
/// Returns where it went, the chosen file first.
pub fn save(
    app: &AppData,
    check_code: Option<String>,
    out: Option<&Path>,
    format: Format,
) -> Result<Vec<PathBuf>> {
    let config = Config::load(app)?;
    let f = facts(app, &config, check_code)?;
    let html = html(&f);
    let pdf = match format {
        Format::Pdf => Some(pdf(&f)?),
        Format::Html => None,
    };
    let first = match out {
        Some(p) => p.to_path_buf(),
        None => {
            let dir = crate::restore::documents();
            std::fs::create_dir_all(&dir).map_err(|e| crate::Error::io(&dir, e))?;
            dir.join(format!(
                "Ke-hoach-khoi-phuc-{}.{}",
                f.made_at.format("%Y-%m-%d"),
                format.extension()
            ))
        }
    };
    crate::archive::write_atomically(&first, pdf.as_deref().unwrap_or(html.as_bytes()))?;
    let mut written = vec![first];
    for t in crate::drive::present_targets(&config.targets) {
        let p = t.app_dir().join(ON_DRIVE);
        crate::archive::write_atomically(&p, html.as_bytes())?;
        written.push(p);
        if let Some(pdf) = &pdf {
            let p = t.app_dir().join(ON_DRIVE_PDF);
            crate::archive::write_atomically(&p, pdf)?;
            written.push(p);
        }
    }
    Ok(written)
}

fn or_blank(s: &str, blank: &str) -> String {
    if s.trim().is_empty() {
        format!("<span class=\"thieu\">{}</span>", esc(blank))
    } else {
        esc(s)
    }
}

fn when(t: DateTime<Local>) -> String {
    t.format("%d/%m/%Y lúc %H:%M").to_string()
}

fn made(f: &Facts) -> String {
    format!(
        "Lập bởi ứng dụng Sao lưu Trường học từ tình trạng thực ngày {}. In lại mỗi khi có thay đổi (người phụ trách, ổ sao lưu, mật khẩu).",
        when(f.made_at)
    )
}

fn plugged_now(plugged: bool) -> &'static str {
    if plugged {
        "đang cắm vào máy"
    } else {
        "không cắm"
    }
}

fn code_line(code: &str) -> String {
    format!("Mã kiểm tra của mật khẩu hiện tại: {code} (đối chiếu với mã in trên phiếu).")
}

/// The plan as a form on A4 pages: one row per part, the same words as the HTML page.
pub fn pdf(f: &Facts) -> Result<Vec<u8>> {
    let given = |s: &str, blank: &str| {
        if s.trim().is_empty() {
            format!("({blank})")
        } else {
            s.to_string()
        }
    };
    let numbered = |steps: &[&str]| {
        steps
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{}. {s}", i + 1))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let or_none = |lines: Vec<String>, none: &str| {
        if lines.is_empty() {
            none.to_string()
        } else {
            lines.join("\n")
        }
    };
    let drives = f
        .drives
        .iter()
        .map(|(label, id, plugged)| {
            let id = if id.is_empty() {
                String::new()
            } else {
                format!(" (mã ổ {id})")
            };
            format!("{label}{id}: {}", plugged_now(*plugged))
        })
        .collect();
    let runs = f
        .last_good
        .iter()
        .map(|(name, t, drive)| format!("{name}: {} — ổ {drive}", when(*t)))
        .collect();
    let drill = match &f.last_drill {
        Some((t, note)) => format!("{}: {note}", when(*t)),
        None => NO_DRILL.to_string(),
    };
    let mut sheet = format!("{SHEET_KEPT} {}.", given(&f.sheet_kept_at, "chưa ghi"));
    if let Some(c) = &f.check_code {
        sheet = format!("{sheet}\n{}", code_line(c));
    }
    let row = |a: &str, b: String| vec![a.to_string(), b];
    let rows = [
        row(
            "1. Người phụ trách sao lưu",
            given(&f.responsible, NO_RESPONSIBLE),
        ),
        row("Trang web", given(&f.website, "chưa nhập")),
        row("eSchool", given(&f.eschool, "chưa nhập")),
        row("2. Ổ sao lưu", or_none(drives, NO_DRIVES)),
        row(
            "Nơi cất ổ",
            format!("{}\n{EJECT_ADVICE}", given(&f.drives_kept_at, "chưa ghi")),
        ),
        row("3. Bản sao lưu tốt gần nhất", or_none(runs, NO_GOOD_RUN)),
        row("4. Kiểm tra khôi phục gần nhất", drill),
        row("5. Mật khẩu mã hoá (Phiếu khôi phục)", sheet),
        row("6. Khôi phục trang web", numbered(&WEBSITE_STEPS)),
        row("7. Khôi phục dữ liệu eSchool", numbered(&ESCHOOL_STEPS)),
        row(
            "8. Khi toàn bộ hệ thống bị tấn công",
            numbered(&ATTACK_STEPS),
        ),
    ];
    crate::pdf::render(&crate::pdf::Sheet {
        title: TITLE,
        before: &[given(&f.school, "chưa nhập tên trường"), made(f)],
        header: &["Mục", "Nội dung"],
        widths: &[1.0, 3.2],
        rows: &rows,
        after: &[WITHOUT_APP.to_string(), SIGNED.to_string()],
        landscape: false,
    })
}

pub fn html(f: &Facts) -> String {
    let mut h = String::new();
    h.push_str("<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Kế hoạch khôi phục dữ liệu</title><style>");
    h.push_str("body{font-family:'Noto Sans','Segoe UI',Arial,sans-serif;max-width:820px;margin:24px auto;color:#1d2330;line-height:1.45}");
    h.push_str("h1{font-size:1.5rem;margin-bottom:4px}h2{font-size:1.1rem;margin-top:22px;border-bottom:1px solid #ccd;padding-bottom:3px}");
    h.push_str("table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccd;padding:5px 8px;text-align:left;vertical-align:top}");
    h.push_str(".thieu{color:#b3261e;font-style:italic}.nho{color:#5b6475;font-size:.9rem}li{margin-bottom:4px}");
    h.push_str("@media print{body{margin:0}}</style></head><body>");
    h.push_str(&format!(
        "<h1>{}</h1><p><b>{}</b></p>",
        esc(TITLE),
        or_blank(&f.school, "(chưa nhập tên trường)")
    ));
    h.push_str(&format!("<p class=\"nho\">{}</p>", esc(&made(f))));

    h.push_str("<h2>1. Người phụ trách</h2><table>");
    h.push_str(&format!(
        "<tr><th>Người phụ trách sao lưu</th><td id=\"nguoi-phu-trach\">{}</td></tr>",
        or_blank(&f.responsible, NO_RESPONSIBLE)
    ));
    h.push_str(&format!(
        "<tr><th>Trang web</th><td>{}</td></tr><tr><th>eSchool</th><td>{}</td></tr></table>",
        or_blank(&f.website, "chưa nhập"),
        or_blank(&f.eschool, "chưa nhập")
    ));

    h.push_str("<h2>2. Ổ sao lưu và nơi cất</h2><table><tr><th>Tên ổ</th><th>Mã ổ</th><th>Lúc lập kế hoạch</th></tr>");
    if f.drives.is_empty() {
        h.push_str(&format!(
            "<tr><td colspan=\"3\"><span class=\"thieu\">{NO_DRIVES}</span></td></tr>"
        ));
    }
    for (label, id, plugged) in &f.drives {
        h.push_str(&format!(
            "<tr class=\"o\"><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(label),
            esc(id),
            plugged_now(*plugged)
        ));
    }
    h.push_str(&format!(
        "</table><p>Nơi cất ổ: <b id=\"noi-cat-o\">{}</b>. {EJECT_ADVICE}</p>",
        or_blank(&f.drives_kept_at, "chưa ghi")
    ));

    h.push_str("<h2>3. Bản sao lưu tốt gần nhất</h2><table><tr><th>Nguồn</th><th>Thời gian</th><th>Ổ</th></tr>");
    if f.last_good.is_empty() {
        h.push_str(&format!(
            "<tr><td colspan=\"3\"><span class=\"thieu\">{NO_GOOD_RUN}</span></td></tr>"
        ));
    }
    for (name, t, drive) in &f.last_good {
        h.push_str(&format!(
            "<tr class=\"ban-sao-luu\"><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(name),
            when(*t),
            esc(drive)
        ));
    }
    h.push_str("</table>");

    h.push_str("<h2>4. Kiểm tra khôi phục gần nhất</h2>");
    match &f.last_drill {
        Some((t, note)) => h.push_str(&format!(
            "<p id=\"kiem-tra-gan-nhat\">{}: {}</p>",
            when(*t),
            esc(note)
        )),
        None => h.push_str(&format!(
            "<p id=\"kiem-tra-gan-nhat\"><span class=\"thieu\">{}</span></p>",
            esc(NO_DRILL)
        )),
    }

    h.push_str("<h2>5. Mật khẩu mã hoá (Phiếu khôi phục)</h2>");
    h.push_str(&format!(
        "<p>{SHEET_KEPT} <b id=\"noi-cat-phieu\">{}</b>.{}</p>",
        or_blank(&f.sheet_kept_at, "chưa ghi"),
        f.check_code
            .as_deref()
            .map(|c| format!(" {}", esc(&code_line(c))))
            .unwrap_or_default()
    ));

    h.push_str("<h2>6. Khôi phục trang web</h2><ol>");
    for step in WEBSITE_STEPS {
        h.push_str(&format!("<li>{}</li>", esc(step)));
    }
    h.push_str("</ol><h2>7. Khôi phục dữ liệu eSchool</h2><ol>");
    for step in ESCHOOL_STEPS {
        h.push_str(&format!("<li>{}</li>", esc(step)));
    }
    h.push_str("</ol><h2>8. Khi toàn bộ hệ thống bị tấn công</h2><ol>");
    for step in ATTACK_STEPS {
        h.push_str(&format!("<li>{}</li>", esc(step)));
    }
    h.push_str(&format!(
        "</ol><p class=\"nho\">{}</p><p>{}</p></body></html>",
        esc(WITHOUT_APP),
        esc(SIGNED)
    ));
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_facts_are_said_not_left_blank() {
        let f = Facts {
            school: String::new(),
            responsible: String::new(),
            drives_kept_at: String::new(),
            sheet_kept_at: String::new(),
            drives: vec![],
            last_good: vec![],
            last_drill: None,
            check_code: None,
            website: String::new(),
            eschool: String::new(),
            made_at: Local::now(),
        };
        let h = html(&f);
        assert!(h.contains("chưa ghi — nhập trong Cài đặt"));
        assert!(h.contains("Chưa đăng ký ổ sao lưu nào"));
        assert!(h.contains("Chưa kiểm tra khôi phục lần nào"));
        assert!(h.contains("Chưa có lần sao lưu thành công nào"));
    }
}
