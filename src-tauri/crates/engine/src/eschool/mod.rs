//! eSchool records as a backup source: the files staff export from the education information
//! system (hồ sơ trường, hồ sơ giáo viên, hồ sơ học sinh), kept byte for byte so they can be
//! imported again, read to count and key their records (`read`, `columns`), compared with the
//! newest earlier backup of each section (`diff`), and always stored encrypted: they hold
//! personal data.

pub mod columns;
pub mod diff;
pub mod downloads;
pub mod plan;
pub mod read;
pub mod restored;
pub mod system;
pub mod tcvn3;

pub use system::System;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Truong,
    GiaoVien,
    HocSinh,
}

impl Section {
    pub const ALL: [Section; 3] = [Section::Truong, Section::GiaoVien, Section::HocSinh];

    pub fn label(self) -> &'static str {
        match self {
            Section::Truong => "Hồ sơ trường",
            Section::GiaoVien => "Hồ sơ giáo viên",
            Section::HocSinh => "Hồ sơ học sinh",
        }
    }

    /// Folder of the original files inside `eschool.zip`.
    pub fn folder(self) -> &'static str {
        match self {
            Section::Truong => "ho-so-truong",
            Section::GiaoVien => "ho-so-giao-vien",
            Section::HocSinh => "ho-so-hoc-sinh",
        }
    }

    /// Where to click in eSchool to export this section. The products differ (CSDL ngành, vnEdu,
    /// SMAS, provincial systems), so the words name the menus they share.
    pub fn how_to_export(self) -> &'static str {
        match self {
            Section::Truong => "Trong eSchool, mở mục “Hồ sơ trường” (có nơi gọi là “Thông tin trường”), bấm “Xuất Excel” và lưu tệp vào thư mục Tải xuống (Downloads).",
            Section::GiaoVien => "Mở mục “Hồ sơ giáo viên” (hoặc “Cán bộ, giáo viên, nhân viên”), chọn năm học hiện tại, bấm “Xuất Excel” và lưu tệp vào thư mục Tải xuống.",
            Section::HocSinh => "Mở mục “Hồ sơ học sinh”, chọn năm học hiện tại và tất cả các lớp, bấm “Xuất Excel”. Nếu hệ thống chỉ xuất từng lớp, hãy tải lần lượt từng lớp: mọi tệp đều được nhận.",
        }
    }

    /// The CLI's and the settings' word for a section: "truong", "giao-vien", "hoc-sinh", with or
    /// without diacritics.
    pub fn parse(s: &str) -> Option<Section> {
        let k = crate::text::fold(s)
            .to_lowercase()
            .replace([' ', '-', '_'], "");
        match k.trim_start_matches("hoso") {
            "truong" => Some(Section::Truong),
            "giaovien" | "gv" => Some(Section::GiaoVien),
            "hocsinh" | "hs" => Some(Section::HocSinh),
            _ => None,
        }
    }

    /// What one record is, for sentences: "12 học sinh mới".
    pub fn one(self) -> &'static str {
        match self {
            Section::Truong => "hồ sơ trường",
            Section::GiaoVien => "giáo viên",
            Section::HocSinh => "học sinh",
        }
    }
}

/// Why an exported file cannot be used for its section.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    Empty,
    Corrupt(String),
    Password,
    NotSpreadsheet,
    WrongSection(Section),
}

/// One row of an export: its key and every cell under its header text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub key: String,
    pub fields: BTreeMap<String, String>,
}

/// What one exported file holds.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub file: String,
    pub section: Section,
    /// False when no known columns were found: the file is kept unchanged, with a warning.
    pub recognised: bool,
    pub sheet: Option<String>,
    /// 1-based row of the header, as Excel numbers it.
    pub header_row: Option<usize>,
    pub columns: Vec<String>,
    #[serde(skip)]
    pub records: Vec<Record>,
    pub record_count: usize,
}

fn key_of(section: Section, header: &[Option<&'static str>], row: &[String]) -> Option<String> {
    let get = |k: &str| {
        header
            .iter()
            .position(|h| *h == Some(k))
            .and_then(|i| row.get(i))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let own = match section {
        Section::HocSinh => get("ma_hoc_sinh"),
        Section::GiaoVien => get("ma_giao_vien"),
        Section::Truong => get("ma_truong").or_else(|| get("ten_truong")),
    };
    // Name and birth date together, never the name alone: a "Tổng cộng" line has a name cell.
    own.or_else(|| get("so_dinh_danh"))
        .or_else(|| Some(format!("{} – {}", get("ho_ten")?, get("ngay_sinh")?)))
}

/// The field a class named in a class-by-class file's title is kept under.
pub const CLASS_FROM_TITLE: &str = "Lớp";

/// Reads an exported file given for `expected`. A workbook whose columns are not recognised is
/// accepted as it is (`recognised: false`); a file that is recognisably another section's, empty,
/// damaged, password-protected or no spreadsheet at all is refused with the reason.
pub fn analyse(name: &str, bytes: &[u8], expected: Section) -> Result<Analysis, Problem> {
    let unrecognised = || Analysis {
        file: name.to_string(),
        section: expected,
        recognised: false,
        sheet: None,
        header_row: None,
        columns: Vec::new(),
        records: Vec::new(),
        record_count: 0,
    };
    if name.to_lowercase().ends_with(".zip") {
        // A zip of exports (one per class) is kept as it is.
        return Ok(unrecognised());
    }
    let sheets = read::sheets(name, bytes)?;
    if sheets
        .iter()
        .all(|s| s.rows.iter().all(|r| r.iter().all(|c| c.is_empty())))
    {
        return Err(Problem::Empty);
    }
    // The sheet with the best header; catalogue sheets ("Danh mục") lose to the data sheet.
    let best = sheets
        .iter()
        .filter_map(|s| columns::header_row(&s.rows).map(|(i, keys)| (s, i, keys)))
        .max_by_key(|(s, i, keys)| (keys.iter().flatten().count(), s.rows.len() - i));
    let Some((sheet, at, keys)) = best else {
        return Ok(unrecognised());
    };
    match columns::section(&keys) {
        Some(found) if found != expected => return Err(Problem::WrongSection(found)),
        None => return Ok(unrecognised()),
        _ => {}
    }
    let headers: Vec<String> = sheet.rows[at]
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    // A class-by-class export names its class only in the title; the class is a fact about the
    // student all the same.
    let class = (expected == Section::HocSinh
        && !keys.iter().flatten().any(|k| *k == "lop" || *k == "ma_lop"))
    .then(|| columns::class_in_titles(&sheet.rows[..at]))
    .flatten();
    let mut records = Vec::new();
    for row in &sheet.rows[at + 1..] {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let Some(key) = key_of(expected, &keys, row) else {
            // Totals and signature lines under the table have no key.
            continue;
        };
        let mut fields: BTreeMap<String, String> = headers
            .iter()
            .zip(row)
            .filter(|(h, _)| !h.is_empty())
            .map(|(h, v)| (h.clone(), v.trim().to_string()))
            .collect();
        if let Some(c) = &class {
            fields.insert(CLASS_FROM_TITLE.to_string(), c.clone());
        }
        records.push(Record { key, fields });
    }
    if records.is_empty() {
        return Err(Problem::Empty);
    }
    Ok(Analysis {
        file: name.to_string(),
        section: expected,
        recognised: true,
        sheet: Some(sheet.name.clone()),
        header_row: Some(at + 1),
        columns: headers
            .into_iter()
            .filter(|h| !h.is_empty())
            .chain(class.map(|_| CLASS_FROM_TITLE.to_string()))
            .collect(),
        record_count: records.len(),
        records,
    })
}

/// `du-lieu.json` inside `eschool.zip`: the normalised records of each section, which the next
/// week's backup compares with.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Data {
    pub format: u32,
    pub sections: BTreeMap<Section, SectionData>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SectionData {
    pub files: Vec<String>,
    /// False when some file's columns were not recognised: counts are then not comparable.
    pub recognised: bool,
    pub records: Vec<Record>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_words() {
        assert_eq!(Section::parse("hoc-sinh"), Some(Section::HocSinh));
        assert_eq!(Section::parse("Hồ sơ giáo viên"), Some(Section::GiaoVien));
        assert_eq!(Section::parse("truong"), Some(Section::Truong));
        assert_eq!(Section::parse("lớp"), None);
    }

    #[test]
    fn csv_export_with_titles_is_read_by_header_text() {
        let csv = "SỞ GD&ĐT,,\nDANH SÁCH HỌC SINH,,\n,,\nMã lớp,Mã học sinh,Họ tên,Ngày sinh,Giới tính\n1A,HS01,Nguyễn An,01/02/2019,Nam\n1A,HS02,Lê Bình,03/04/2019,Nữ\n,,Tổng cộng: 2,,\n";
        let a = analyse("lop-1a.csv", csv.as_bytes(), Section::HocSinh).unwrap();
        assert!(a.recognised);
        assert_eq!((a.header_row, a.record_count), (Some(4), 2));
        assert_eq!(a.records[1].key, "HS02");
        assert_eq!(a.records[1].fields["Họ tên"], "Lê Bình");
        assert_eq!(
            analyse("lop-1a.csv", csv.as_bytes(), Section::GiaoVien).unwrap_err(),
            Problem::WrongSection(Section::HocSinh)
        );
        let unknown = analyse("x.csv", "Cột 1,Cột 2\na,b\n".as_bytes(), Section::HocSinh).unwrap();
        assert!(!unknown.recognised);
        assert_eq!(
            analyse("x.csv", b",,\n,,\n", Section::HocSinh).unwrap_err(),
            Problem::Empty
        );
        let no_rows = "Mã học sinh,Họ tên,Lớp\n";
        assert_eq!(
            analyse("x.csv", no_rows.as_bytes(), Section::HocSinh).unwrap_err(),
            Problem::Empty
        );
    }

    #[test]
    fn keys_fall_back_to_identity_number_then_name_and_birth_date() {
        let csv = "Họ và tên,Ngày sinh,Lớp,Số định danh cá nhân\nAn,01/01/2019,1A,079\nBình,02/02/2019,1A,\n";
        let a = analyse("x.csv", csv.as_bytes(), Section::HocSinh).unwrap();
        assert_eq!(a.records[0].key, "079");
        assert_eq!(a.records[1].key, "Bình – 02/02/2019");
    }
}
