//! Columns by their Vietnamese header text, with or without diacritics, never by position:
//! template versions order them differently. Finds the header row (exports start with titles and
//! the school's name) and says which section a sheet belongs to.

use super::Section;
use crate::text::fold;

/// (canonical key, header texts it goes by, folded to lower-case ASCII)
const COLUMNS: &[(&str, &[&str])] = &[
    (
        "ma_hoc_sinh",
        // The Ministry's database (CSDL ngành) and vnEdu name a student by the Ministry's id.
        &[
            "ma hoc sinh",
            "ma hs",
            "ma dinh danh hoc sinh",
            "ma dinh danh bo gd&dt",
            "ma dinh danh bo gddt",
            "ma dinh danh bo gd dt",
            "ma dinh danh cua bo",
            "ma hoc sinh tren csdl",
            "ma hs csdl",
        ],
    ),
    (
        "so_dinh_danh",
        &[
            "so dinh danh ca nhan",
            "ma dinh danh",
            "so dinh danh",
            "so cccd",
            "cccd",
            "so can cuoc",
        ],
    ),
    (
        "ma_giao_vien",
        &[
            "ma giao vien",
            "ma gv",
            "ma can bo",
            "ma cb",
            "ma nhan su",
            // "Mã CBGVNV" (cán bộ, giáo viên, nhân viên), as the Ministry's database and SMAS say.
            "ma cbgvnv",
            "ma cb gv nv",
            "ma cbgv",
            "ma cb, gv, nv",
            "ma dinh danh cbgvnv",
            "ma dinh danh can bo",
        ],
    ),
    (
        "ho_ten",
        &[
            "ho va ten",
            "ho ten",
            "ho ten hoc sinh",
            "ho va ten hoc sinh",
            "ho ten giao vien",
            "ho va ten giao vien",
            "ten hoc sinh",
            "ho ten can bo",
        ],
    ),
    (
        "ngay_sinh",
        &["ngay sinh", "ngay thang nam sinh", "ngay/thang/nam sinh"],
    ),
    ("gioi_tinh", &["gioi tinh"]),
    ("ma_lop", &["ma lop"]),
    ("lop", &["lop", "ten lop", "lop hoc"]),
    ("dan_toc", &["dan toc"]),
    (
        "trang_thai",
        &["trang thai hs", "trang thai hoc sinh", "trang thai"],
    ),
    ("chuc_vu", &["chuc vu"]),
    (
        "trinh_do",
        &["trinh do chuyen mon", "trinh do dao tao", "trinh do"],
    ),
    ("mon_day", &["mon day", "mon giang day"]),
    ("ten_truong", &["ten truong", "ten don vi"]),
    ("ma_truong", &["ma truong", "ma don vi"]),
    ("cap_hoc", &["cap hoc", "loai hinh"]),
    (
        "dia_chi",
        &["dia chi", "noi o hien nay", "dia chi thuong tru"],
    ),
    ("dien_thoai", &["dien thoai", "so dien thoai", "sdt"]),
    ("email", &["email", "e-mail", "thu dien tu"]),
];

/// A header cell as matched: folded, lower-case, single spaces, without "(*)" or trailing colons.
pub fn normal(header: &str) -> String {
    let f = fold(header).to_lowercase().replace(['*', ':'], " ");
    let f = match f.find('(') {
        Some(i) => f[..i].to_string(),
        None => f,
    };
    crate::text::squash(&f)
}

/// The canonical key of a header cell, if it is a column the app knows.
pub fn key_of(header: &str) -> Option<&'static str> {
    let n = normal(header);
    if n.is_empty() {
        return None;
    }
    COLUMNS
        .iter()
        .find(|(_, names)| names.contains(&n.as_str()))
        .map(|(k, _)| *k)
}

/// The header row among the first 12: the one naming the most known columns (at least two).
pub fn header_row(rows: &[Vec<String>]) -> Option<(usize, Vec<Option<&'static str>>)> {
    rows.iter()
        .take(12)
        .enumerate()
        .map(|(i, r)| (i, r.iter().map(|c| key_of(c)).collect::<Vec<_>>()))
        .filter(|(_, keys)| keys.iter().flatten().count() >= 2)
        .max_by_key(|(i, keys)| (keys.iter().flatten().count(), usize::MAX - i))
}

/// The class a class-by-class export names in its title ("DANH SÁCH HỌC SINH LỚP 1A – NĂM HỌC
/// 2026-2027", "Lớp: Lá 2"), for sheets that have no class column: without it a student moved
/// from one class's file to another's would read as unchanged.
pub fn class_in_titles(titles: &[Vec<String>]) -> Option<String> {
    titles.iter().flatten().find_map(|cell| {
        let words: Vec<&str> = cell.split_whitespace().collect();
        let at = words
            .iter()
            .position(|w| fold(w).to_lowercase().trim_end_matches(':') == "lop")?;
        let mut class = Vec::new();
        for w in &words[at + 1..] {
            let f = fold(w).to_lowercase();
            if matches!(f.as_str(), "-" | "–" | "nam" | "(" | "hoc") || f.starts_with('(') {
                break;
            }
            class.push(w.trim_end_matches([',', ';', '-', '–']));
            if w.ends_with([',', ';']) {
                break;
            }
        }
        let class = class.join(" ").trim_matches(':').trim().to_string();
        (!class.is_empty()).then_some(class)
    })
}

/// Which section the known columns say a sheet is.
pub fn section(keys: &[Option<&'static str>]) -> Option<Section> {
    let has = |k: &str| keys.iter().flatten().any(|x| *x == k);
    let students = 3 * has("ma_hoc_sinh") as u32
        + has("lop") as u32
        + has("ma_lop") as u32
        + has("trang_thai") as u32
        + has("dan_toc") as u32
        + (has("so_dinh_danh") && (has("lop") || has("ma_lop"))) as u32;
    let teachers = 3 * has("ma_giao_vien") as u32
        + 2 * has("chuc_vu") as u32
        + 2 * has("trinh_do") as u32
        + has("mon_day") as u32;
    let school = if has("ho_ten") {
        0
    } else {
        2 * has("ten_truong") as u32 + 2 * has("ma_truong") as u32 + has("cap_hoc") as u32
    };
    let best = students.max(teachers).max(school);
    if best < 2 {
        None
    } else if best == students {
        Some(Section::HocSinh)
    } else if best == teachers {
        Some(Section::GiaoVien)
    } else {
        Some(Section::Truong)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn headers_are_matched_by_text_with_or_without_diacritics() {
        assert_eq!(key_of("Họ và tên"), Some("ho_ten"));
        // The Ministry's database, vnEdu and SMAS.
        assert_eq!(key_of("Mã định danh Bộ GD&ĐT"), Some("ma_hoc_sinh"));
        assert_eq!(key_of("Mã CBGVNV"), Some("ma_giao_vien"));
        assert_eq!(key_of("Mã CB, GV, NV"), Some("ma_giao_vien"));
        assert_eq!(key_of("Số định danh cá nhân (*)"), Some("so_dinh_danh"));
        assert_eq!(key_of("HO VA TEN"), Some("ho_ten"));
        assert_eq!(key_of(" Ngày sinh (dd/mm/yyyy) "), Some("ngay_sinh"));
        assert_eq!(key_of("Mã định danh"), Some("so_dinh_danh"));
        assert_eq!(key_of("Số định danh cá nhân (*)"), Some("so_dinh_danh"));
        assert_eq!(key_of("Trạng thái HS"), Some("trang_thai"));
        assert_eq!(key_of("Ghi chú"), None);
    }

    #[test]
    fn the_header_row_is_found_below_titles_and_the_section_is_recognised() {
        let rows = vec![
            row(&["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "", ""]),
            row(&["DANH SÁCH HỌC SINH", "", ""]),
            row(&["", "", ""]),
            row(&[
                "Mã lớp",
                "Mã học sinh",
                "Họ tên",
                "Ngày sinh",
                "Giới tính",
                "Trạng thái HS",
                "Dân tộc",
                "Số định danh cá nhân",
            ]),
            row(&[
                "1A",
                "HS1",
                "An",
                "01/02/2019",
                "Nam",
                "Đang học",
                "Kinh",
                "0790",
            ]),
        ];
        let (i, keys) = header_row(&rows).unwrap();
        assert_eq!(i, 3);
        assert_eq!(section(&keys), Some(Section::HocSinh));
        let teachers = [row(&[
            "STT",
            "Mã cán bộ",
            "Họ và tên",
            "Chức vụ",
            "Trình độ chuyên môn",
        ])];
        assert_eq!(
            section(&header_row(&teachers).unwrap().1),
            Some(Section::GiaoVien)
        );
        let school = [row(&["Mã trường", "Tên trường", "Cấp học", "Địa chỉ"])];
        assert_eq!(
            section(&header_row(&school).unwrap().1),
            Some(Section::Truong)
        );
        assert_eq!(header_row(&[row(&["Cột A", "Cột B"])]), None);
    }

    #[test]
    fn a_class_named_in_the_title_is_found() {
        let class = |t: &str| class_in_titles(&[row(&["TRƯỜNG TIỂU HỌC", ""]), row(&[t, ""])]);
        assert_eq!(
            class("DANH SÁCH HỌC SINH LỚP 1A - NĂM HỌC 2026-2027").as_deref(),
            Some("1A")
        );
        assert_eq!(class("Lớp: Lá 2").as_deref(), Some("Lá 2"));
        assert_eq!(
            class("Danh sách lớp 6A1, năm học 2026-2027").as_deref(),
            Some("6A1")
        );
        assert_eq!(class("Lớp 3B (sĩ số 35)").as_deref(), Some("3B"));
        assert_eq!(class("DANH SÁCH HỌC SINH TOÀN TRƯỜNG"), None);
        assert_eq!(class("Lớp"), None);
    }
}
