//! What a restored eSchool backup gets beside its files: the normalised records as an Excel
//! workbook to check by eye (one sheet per section), and the steps to import the originals again.

use super::{Data, Section};
use crate::error::{Error, IoContext, Result};
use std::path::{Path, PathBuf};

pub const WORKBOOK: &str = "du-lieu-kiem-tra.xlsx";
pub const HOW_TO: &str = "HUONG-DAN-NHAP-LAI.txt";

/// Writes both into `dir` (the restored `eschool` folder) when it holds `du-lieu.json`.
pub fn add_helpers(dir: &Path) -> Result<Vec<PathBuf>> {
    let json = dir.join("du-lieu.json");
    let Ok(bytes) = std::fs::read(&json) else {
        return Ok(Vec::new());
    };
    let data: Data = serde_json::from_slice(&bytes).map_err(|e| Error::zip(&json, e))?;
    let book = dir.join(WORKBOOK);
    let how = dir.join(HOW_TO);
    // Restoring into a folder that has them already: the user's copies are not replaced.
    if book.exists() || how.exists() {
        return Ok(Vec::new());
    }
    let xlsx = workbook(&data).map_err(|e| Error::io(&book, std::io::Error::other(e)))?;
    crate::archive::write_atomically(&book, &xlsx)?;
    std::fs::write(&how, how_to(&data)).at(&how)?;
    Ok(vec![book, how])
}

fn workbook(data: &Data) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    /// A sheet's name, header row and records.
    type Sheet = (&'static str, Vec<String>, Vec<Vec<String>>);
    let mut sheets: Vec<Sheet> = data
        .sections
        .iter()
        .map(|(section, s)| {
            // Columns in the order the export had them, each once.
            let mut columns: Vec<&str> = Vec::new();
            for r in &s.records {
                for k in r.fields.keys() {
                    if !columns.contains(&k.as_str()) {
                        columns.push(k);
                    }
                }
            }
            let rows = s
                .records
                .iter()
                .map(|r| {
                    let fields = columns
                        .iter()
                        .map(|h| r.fields.get(*h).cloned().unwrap_or_default());
                    std::iter::once(r.key.clone()).chain(fields).collect()
                })
                .collect();
            let header = std::iter::once("Mã (khoá so sánh)")
                .chain(columns)
                .map(String::from)
                .collect();
            (section.label(), header, rows)
        })
        .collect();
    if sheets.is_empty() {
        sheets.push((
            "Ghi chú",
            vec!["Bản sao lưu không có hồ sơ nào.".into()],
            Vec::new(),
        ));
    }
    let tables: Vec<crate::workbook::Table<String>> = sheets
        .iter()
        .map(|(name, header, rows)| (*name, header.as_slice(), rows.as_slice()))
        .collect();
    crate::workbook::xlsx_sheets(&tables)
}

fn how_to(data: &Data) -> String {
    let mut t = String::from(
        "NHẬP LẠI DỮ LIỆU VÀO eSCHOOL\r\n\r\n\
         Các tệp trong thư mục goc/ là đúng các tệp đã xuất từ eSchool, nguyên vẹn từng byte.\r\n\
         1. Đăng nhập eSchool bằng tài khoản quản trị của trường.\r\n\
         2. Mở đúng phần (Hồ sơ trường, Hồ sơ giáo viên, Hồ sơ học sinh), chọn năm học.\r\n\
         3. Chọn chức năng “Nhập từ Excel” (hoặc “Import”), chọn tệp trong goc/ tương ứng.\r\n\
         4. Đối chiếu số hồ sơ sau khi nhập với tệp du-lieu-kiem-tra.xlsx.\r\n\
         5. Nếu eSchool không nhận tệp, gửi tệp cho Phòng Giáo dục và Đào tạo hoặc đơn vị cung cấp eSchool.\r\n\r\n",
    );
    for section in Section::ALL {
        if let Some(s) = data.sections.get(&section) {
            t.push_str(&format!(
                "{}: {} hồ sơ, tệp gốc trong goc/{}/: {}\r\n",
                section.label(),
                s.records.len(),
                section.folder(),
                s.files.join(", ")
            ));
        }
    }
    t
}
