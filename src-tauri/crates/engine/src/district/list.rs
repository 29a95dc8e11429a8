//! The schools an office expects: codes typed in, or the list the office already keeps. Such a
//! list is an Excel or LibreOffice workbook or a CSV saved from one, usually under a few title
//! rows ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO …"), with a row-number column first, columns in any order,
//! a total row at the end, and the level either in a column of its own or only in the school's
//! name ("Trường Mầm non Hoa Sen"). Columns are found by their headers, as in the eSchool exports;
//! a file without headers is read as code, name, level.

use crate::config::{Expected, SchoolLevel};
use crate::eschool::read::{sheets, Sheet};
use crate::eschool::Problem;
use crate::{Error, Result};
use std::path::Path;

/// Why a list could not be used.
#[derive(Debug, Clone, PartialEq)]
pub enum ListProblem {
    /// Neither a workbook nor a text file.
    NotSpreadsheet,
    Unreadable(String),
    Password,
    /// No row names a school.
    NoSchools,
    /// `row` is numbered as the spreadsheet shows it.
    BadLevel {
        row: usize,
        value: String,
    },
}

/// Codes typed in one field, separated by commas, semicolons or spaces, each once. A code the
/// office's list already has (`known`, as set before, perhaps from a file) keeps its name and
/// level: the field shows codes only, and saving it again must not lose what the file said.
pub fn from_codes(codes: &str, known: &[Expected]) -> Vec<Expected> {
    let mut out: Vec<Expected> = Vec::new();
    for code in codes.split([',', ';', ' ']).map(str::trim) {
        if code.is_empty() || out.iter().any(|e| e.code == code) {
            continue;
        }
        out.push(
            known
                .iter()
                .find(|e| e.code == code)
                .cloned()
                .unwrap_or_else(|| Expected {
                    code: code.to_string(),
                    name: None,
                    level: None,
                }),
        );
    }
    out
}

/// The schools the office's settings on this PC expect; none while unset.
pub fn known(app: &crate::appdata::AppData) -> Result<Vec<Expected>> {
    Ok(crate::config::Config::load(app)?
        .district
        .map(|d| d.schools)
        .unwrap_or_default())
}

/// The list in `path`: CSV (any of the encodings Excel saves), xlsx, xls or ods; the first sheet
/// that names a school is the list.
pub fn read(path: &Path) -> Result<Vec<Expected>> {
    let bad = |problem| Error::SchoolList {
        path: path.to_path_buf(),
        problem,
    };
    let bytes = std::fs::read(path).map_err(|e| bad(ListProblem::Unreadable(e.to_string())))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let all = sheets(name.as_deref().unwrap_or_default(), &bytes).map_err(|p| {
        bad(match p {
            Problem::Password => ListProblem::Password,
            Problem::Corrupt(e) => ListProblem::Unreadable(e),
            _ => ListProblem::NotSpreadsheet,
        })
    })?;
    for sheet in &all {
        let schools = schools_in(sheet).map_err(bad)?;
        if !schools.is_empty() {
            return Ok(schools);
        }
    }
    Err(bad(ListProblem::NoSchools))
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Columns {
    code: usize,
    name: Option<usize>,
    level: Option<usize>,
}

/// What a header cell says its column holds; the more specific header wins ("Mã trường" over
/// "Mã số thuế" beside it).
fn code_header(h: &str) -> u8 {
    match h {
        _ if names(h, &["ma truong", "ma thu muc"]) => 3,
        _ if names(h, &["ma don vi", "ma co so"]) => 2,
        "ma" | "ma so" | "ma dinh danh" => 1,
        _ => 0,
    }
}

fn is_name_header(h: &str) -> bool {
    h == "ten" || names(h, &["ten truong", "ten don vi", "ten co so"])
}

fn is_level_header(h: &str) -> bool {
    h == "cap" || names(h, &["cap hoc", "bac hoc"])
}

/// Whether the words `h` hold one of `terms` as whole words.
fn names(h: &str, terms: &[&str]) -> bool {
    let h = format!(" {h} ");
    terms.iter().any(|t| h.contains(&format!(" {t} ")))
}

/// The header row among the first rows, and where its columns are.
fn header(rows: &[Vec<String>]) -> Option<(usize, Columns)> {
    rows.iter().take(30).enumerate().find_map(|(i, row)| {
        let heads: Vec<String> = row.iter().map(|c| crate::text::words(c)).collect();
        let (code, score) = heads
            .iter()
            .enumerate()
            .map(|(n, h)| (n, code_header(h)))
            .max_by_key(|(n, s)| (*s, std::cmp::Reverse(*n)))?;
        let name = heads.iter().position(|h| is_name_header(h));
        let level = heads.iter().position(|h| is_level_header(h));
        // A lone "Mã" is a header only beside a name or level header.
        (score >= 2 || (score == 1 && (name.is_some() || level.is_some())))
            .then_some((i, Columns { code, name, level }))
    })
}

fn schools_in(sheet: &Sheet) -> std::result::Result<Vec<Expected>, ListProblem> {
    let rows = &sheet.rows;
    let (first, cols) = match header(rows) {
        Some((i, cols)) => (i + 1, cols),
        // No headers: code, name, level.
        None => (
            0,
            Columns {
                code: 0,
                name: Some(1),
                level: Some(2),
            },
        ),
    };
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(first) {
        let cell = |n: Option<usize>| {
            n.and_then(|n| row.get(n))
                .map(|c| c.trim())
                .unwrap_or_default()
        };
        let code = cell(Some(cols.code));
        // Blank rows, a total ("Tổng cộng") and notes under the table name no school.
        if code.is_empty() || code.chars().any(char::is_whitespace) {
            continue;
        }
        let name = cell(cols.name);
        let level_text = cell(cols.level);
        let level = if level_text.is_empty() {
            SchoolLevel::named_in(name)
        } else {
            match SchoolLevel::named_in(level_text) {
                Some(l) => Some(l),
                // A headerless file's first line may still be a header nobody here spelled.
                None if i == 0 => continue,
                None => {
                    return Err(ListProblem::BadLevel {
                        row: i + 1,
                        value: level_text.to_string(),
                    });
                }
            }
        };
        out.push(Expected {
            code: code.to_string(),
            name: Some(name).filter(|n| !n.is_empty()).map(str::to_string),
            level,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: "Sheet1".into(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect(),
        }
    }

    fn codes(list: &[Expected]) -> Vec<(&str, Option<SchoolLevel>)> {
        list.iter().map(|e| (e.code.as_str(), e.level)).collect()
    }

    #[test]
    fn a_list_under_title_rows_with_a_row_number_column_is_read_by_its_headers() {
        let s = sheet(&[
            &["UBND QUẬN HOA SEN", "", "", ""],
            &["PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "", "", ""],
            &["DANH SÁCH CÁC TRƯỜNG", "", "", ""],
            &["STT", "Tên trường", "Mã\ntrường", "Cấp học", "Mã số thuế"],
            &["1", "Trường Mầm non Hoa Sen", "79000701", "", "0301234567"],
            &[
                "2",
                "Trường Tiểu học Hoa Sen",
                "79000702",
                "Tiểu học",
                "0301234568",
            ],
            &["3", "Trường TH&THCS Hoa Sen", "79000703", "", ""],
            &[
                "4",
                "Trường THCS Hoa Sen",
                "79000704",
                "Trung học cơ sở",
                "",
            ],
            &["", "Tổng cộng: 4 trường", "", "", ""],
        ]);
        let list = schools_in(&s).unwrap();
        assert_eq!(
            codes(&list),
            [
                ("79000701", Some(SchoolLevel::MamNon)),
                ("79000702", Some(SchoolLevel::TieuHoc)),
                ("79000703", Some(SchoolLevel::LienCap)),
                ("79000704", Some(SchoolLevel::Thcs)),
            ]
        );
        assert_eq!(list[0].name.as_deref(), Some("Trường Mầm non Hoa Sen"));
    }

    #[test]
    fn a_headerless_list_is_code_name_level_and_a_wrong_level_names_its_row() {
        let s = sheet(&[
            &["c01", "Trường A", "tieu-hoc"],
            &["c02", "", ""],
            &["c03", "Trường C", "đại học"],
        ]);
        assert_eq!(
            schools_in(&s),
            Err(ListProblem::BadLevel {
                row: 3,
                value: "đại học".into()
            })
        );
        let s = sheet(&[&["Mã", "Tên", "Cấp"], &["c01", "Trường A", "MN"]]);
        assert_eq!(
            codes(&schools_in(&s).unwrap()),
            [("c01", Some(SchoolLevel::MamNon))]
        );
    }

    #[test]
    fn typed_codes_keep_what_the_list_said_of_them() {
        let known = [Expected {
            code: "c02".into(),
            name: Some("Trường Mầm non Sơn Ca".into()),
            level: Some(SchoolLevel::MamNon),
        }];
        let list = from_codes(" c01, c02;c03  c04 ,c01", &known);
        assert_eq!(
            list.iter().map(|e| e.code.as_str()).collect::<Vec<_>>(),
            ["c01", "c02", "c03", "c04"]
        );
        assert_eq!(list[1], known[0]);
        assert_eq!(list[0].name, None);
    }

    #[test]
    fn a_csv_is_read_in_the_encodings_excel_saves() {
        assert_eq!(from_codes("c1, c2;c3", &[]).len(), 3);
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("truong.csv");
        std::fs::write(
            &f,
            "\u{feff}Mã trường;Tên trường;Cấp học\nc1hoasen;Trường Tiểu học Hoa Sen;Tiểu học\nc2;Trường Mầm non Sơn Ca;mầm non\n",
        )
        .unwrap();
        let list = read(&f).unwrap();
        assert_eq!(list.len(), 2, "{list:?}");
        assert_eq!(list[1].level, Some(SchoolLevel::MamNon));
        assert_eq!(list[0].name.as_deref(), Some("Trường Tiểu học Hoa Sen"));
        // Excel's "Unicode Text" is UTF-16 with a BOM.
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "c3\tTrường THCS Lê Lợi\tTHCS\n".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        std::fs::write(&f, utf16).unwrap();
        let list = read(&f).unwrap();
        assert_eq!(
            list[0].name.as_deref(),
            Some("Trường THCS Lê Lợi"),
            "{list:?}"
        );
        assert_eq!(list[0].level, Some(SchoolLevel::Thcs));
        std::fs::write(&f, "c1,Trường A,tiểu học\nc2,Trường B,đại học\n").unwrap();
        assert!(matches!(
            read(&f),
            Err(Error::SchoolList {
                problem: ListProblem::BadLevel { row: 2, .. },
                ..
            })
        ));
    }
}
