//! Exported files as rows of text: workbooks through calamine (xlsx, xls, ods, xlsb), CSV with
//! its encoding detected (UTF-8 with or without BOM, UTF-16, Windows-1258) and its delimiter sniffed.

use super::Problem;
use calamine::{Data, Reader};
use std::io::Cursor;
use unicode_normalization::UnicodeNormalization;

/// One sheet's cells as text, dates as `dd/mm/yyyy`.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<String>>,
}

fn excel_date(serial: f64) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid date");
    match base.checked_add_signed(chrono::Duration::days(serial.floor() as i64)) {
        Some(d) => d.format("%d/%m/%Y").to_string(),
        None => serial.to_string(),
    }
}

fn cell(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        // Codes typed as numbers come back as floats: 1002.0 is "1002".
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => excel_date(dt.as_f64()),
        // ODS dates come as ISO text; shown like the Excel ones so the two formats compare equal.
        Data::DateTimeIso(s) => {
            chrono::NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d")
                .map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_else(|_| s.clone())
        }
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Decodes CSV bytes: a BOM decides; else valid UTF-8; else UTF-16 without BOM when every other
/// byte is zero; else one of the two legacy Vietnamese 8-bit codes, Windows-1258 or TCVN3.
pub fn decode_text(bytes: &[u8]) -> (String, &'static str) {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), enc.name());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), "UTF-8");
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let zeros_even = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let zeros_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    let half = sample.len() / 4;
    if zeros_odd > half && zeros_even < half / 4 {
        let (t, _, _) = encoding_rs::UTF_16LE.decode(bytes);
        return (t.into_owned(), "UTF-16LE");
    }
    if zeros_even > half && zeros_odd < half / 4 {
        let (t, _, _) = encoding_rs::UTF_16BE.decode(bytes);
        return (t.into_owned(), "UTF-16BE");
    }
    // Windows-1258 writes tones as combining marks; NFC gives the precomposed letters that
    // everything else (and every other export) uses. Files from the older TCVN3 (ABC) fonts put
    // letters where Windows-1258 has symbols: whichever reading looks less wrong wins.
    let (t, _, _) = encoding_rs::WINDOWS_1258.decode(bytes);
    let w1258: String = t.nfc().collect();
    let tcvn3 = super::tcvn3::decode(bytes);
    if super::tcvn3::oddness(&tcvn3) < super::tcvn3::oddness(&w1258) {
        (tcvn3, "TCVN3")
    } else {
        (w1258, "windows-1258")
    }
}

fn csv_rows(text: &str) -> Result<Vec<Vec<String>>, Problem> {
    // Exports open with title lines that hold no delimiter at all, so the header row (within the
    // first lines) decides: the delimiter a line uses most often, commas on a tie.
    let most_in_a_line = |d: u8| {
        text.lines()
            .take(20)
            .map(|l| l.bytes().filter(|b| *b == d).count())
            .max()
            .unwrap_or(0)
    };
    let delimiter = [b'\t', b';', b',']
        .into_iter()
        .max_by_key(|d| most_in_a_line(*d))
        .unwrap_or(b',');
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| Problem::Corrupt(e.to_string()))?;
        rows.push(rec.iter().map(|c| c.trim().to_string()).collect());
    }
    Ok(rows)
}

fn looks_like_text(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(4096)];
    // Text files have no NUL bytes outside UTF-16 and no binary control bytes.
    let (text, _) = decode_text(sample);
    let bad = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    bad * 50 < text.chars().count().max(1)
}

/// An xlsx saved with a password to open is no zip at all: Office wraps it in an OLE compound
/// file whose directory names the streams "EncryptionInfo" and "EncryptedPackage" (UTF-16).
fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if !bytes.starts_with(&OLE) {
        return false;
    }
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

/// The sheets of one exported file. `name` picks CSV by its extension; anything else is
/// opened as a workbook whatever its extension says.
pub fn sheets(name: &str, bytes: &[u8]) -> Result<Vec<Sheet>, Problem> {
    let lower = name.to_lowercase();
    if lower.ends_with(".csv") || lower.ends_with(".txt") {
        if !looks_like_text(bytes) {
            return Err(Problem::NotSpreadsheet);
        }
        let (text, _) = decode_text(bytes);
        return Ok(vec![Sheet {
            name: name.to_string(),
            rows: csv_rows(&text)?,
        }]);
    }
    if is_encrypted_ooxml(bytes) {
        return Err(Problem::Password);
    }
    let mut wb =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| {
            let text = e.to_string().to_lowercase();
            if text.contains("password") || text.contains("encrypt") {
                Problem::Password
            } else if bytes.len() < 8
                || !(bytes.starts_with(b"PK") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]))
            {
                Problem::NotSpreadsheet
            } else {
                Problem::Corrupt(e.to_string())
            }
        })?;
    let mut out = Vec::new();
    for (sheet_name, range) in wb.worksheets() {
        let rows = range.rows().map(|r| r.iter().map(cell).collect()).collect();
        out.push(Sheet {
            name: sheet_name,
            rows,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_encodings_are_detected() {
        let text = "Mã học sinh;Họ và tên\nHS1;Nguyễn Văn Ánh\n";
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        let mut le = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let mut le_nobom = Vec::new();
        for u in text.encode_utf16() {
            le_nobom.extend_from_slice(&u.to_le_bytes());
        }
        let decomposed =
            "Ma\u{303} ho\u{323}c sinh;Ho\u{323} va\u{300} tên\nHS1;Nguyê\u{303}n Văn A\u{301}nh\n";
        let (w1258, _, unmappable) = encoding_rs::WINDOWS_1258.encode(decomposed);
        assert!(!unmappable);
        for (bytes, enc) in [
            (bom, "UTF-8"),
            (text.as_bytes().to_vec(), "UTF-8"),
            (le, "UTF-16LE"),
            (le_nobom, "UTF-16LE"),
            (w1258.into_owned(), "windows-1258"),
        ] {
            let (t, found) = decode_text(&bytes);
            assert_eq!(found, enc);
            let rows = csv_rows(&t).unwrap();
            assert_eq!(rows[0], ["Mã học sinh", "Họ và tên"], "{enc}");
            assert!(rows[1][1].starts_with("Nguy"), "{enc}: {:?}", rows[1]);
        }
    }

    #[test]
    fn the_delimiter_comes_from_the_header_not_the_title() {
        let text =
            "DANH SÁCH HỌC SINH LỚP 1A\n\nMã học sinh;Họ và tên, tên gọi khác;Lớp\nHS1;An;1A\n";
        let rows = csv_rows(text).unwrap();
        // The csv reader skips the blank line.
        assert_eq!(rows[1], ["Mã học sinh", "Họ và tên, tên gọi khác", "Lớp"]);
        let tabs = csv_rows("Tiêu đề\nMã\tTên\nHS1\tAn\n").unwrap();
        assert_eq!(tabs[2], ["HS1", "An"]);
        assert_eq!(csv_rows("Mã,Tên\nHS1,An\n").unwrap()[1], ["HS1", "An"]);
    }

    #[test]
    fn an_old_tcvn3_csv_reads_as_vietnamese() {
        // "Mã học sinh,Họ và tên,Ngày sinh / HS01,Nguyễn Thị ánh,…" as an ABC-font PC saved it.
        let bytes = b"M\xb7 h\xe4c sinh,H\xe4 v\xb5 t\xaan,Ng\xb5y sinh\nHS01,Nguy\xd4n Th\xde \xb8nh,01/02/2018\n";
        let (text, enc) = decode_text(bytes);
        assert_eq!(enc, "TCVN3");
        let rows = csv_rows(&text).unwrap();
        assert_eq!(rows[0], ["Mã học sinh", "Họ và tên", "Ngày sinh"]);
        assert_eq!(rows[1][1], "Nguyễn Thị ánh");
    }

    #[test]
    fn binary_junk_is_not_a_spreadsheet() {
        assert_eq!(
            sheets("a.csv", &[0u8, 1, 2, 3, 200, 201, 7, 8].repeat(100)),
            Err(Problem::NotSpreadsheet)
        );
        assert_eq!(
            sheets("a.xlsx", b"%PDF-1.4 not a workbook"),
            Err(Problem::NotSpreadsheet)
        );
        assert!(matches!(
            sheets("a.xlsx", b"PK\x03\x04 broken zip"),
            Err(Problem::Corrupt(_))
        ));
        assert_eq!(excel_date(45000.0), "15/03/2023");
        assert_eq!(
            cell(&Data::DateTimeIso("2018-02-01T00:00:00".into())),
            "01/02/2018"
        );
    }
}
