//! The record system a school keeps its records in. The directive says "eSchool" for the whole
//! duty, and the app keeps that word for it; schools use vnEdu (VNPT), SMAS (Viettel), the
//! Ministry's database, MISA EMIS, K12Online and others, and the export steps name the one the
//! school picked. Their menus differ between versions and provinces and could not be checked
//! here, so outside eSchool the steps say what to open in words that stay right, not a menu path.

use super::Section;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum System {
    #[default]
    Eschool,
    Vnedu,
    Smas,
    CsdlNganh,
    MisaEmis,
    K12online,
    Khac,
}

impl System {
    pub const ALL: [System; 7] = [
        System::Eschool,
        System::Vnedu,
        System::Smas,
        System::CsdlNganh,
        System::MisaEmis,
        System::K12online,
        System::Khac,
    ];

    pub fn label(self) -> &'static str {
        match self {
            System::Eschool => "eSchool",
            System::Vnedu => "vnEdu (VNPT)",
            System::Smas => "SMAS (Viettel)",
            System::CsdlNganh => "CSDL ngành giáo dục (Bộ GD&ĐT)",
            System::MisaEmis => "MISA EMIS",
            System::K12online => "K12Online",
            System::Khac => "Hệ thống khác",
        }
    }

    /// The system's name inside a sentence.
    fn named(self) -> &'static str {
        match self {
            System::Vnedu => "vnEdu",
            System::Smas => "SMAS",
            System::CsdlNganh => "CSDL ngành",
            System::Khac => "hệ thống quản lý hồ sơ của trường",
            other => other.label(),
        }
    }

    /// The CLI's word: the key (`vnedu`, `csdl-nganh`) or the name, with or without diacritics.
    pub fn parse(s: &str) -> Option<System> {
        let k: String = crate::text::fold(s)
            .to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        System::ALL.into_iter().find(|sys| {
            let key: String = serde_json::to_value(sys)
                .ok()
                .and_then(|v| v.as_str().map(|s| s.replace('_', "")))
                .unwrap_or_default();
            let name: String = crate::text::fold(sys.named())
                .to_lowercase()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect();
            k == key || k == name || (k == "csdl" && *sys == System::CsdlNganh)
        })
    }

    /// How to export `section` from this system.
    pub fn how_to_export(self, section: Section) -> String {
        if self == System::Eschool {
            return section.how_to_export().to_string();
        }
        let sys = self.named();
        match section {
            Section::Truong => format!("Đăng nhập {sys} bằng tài khoản của trường, mở phần thông tin (hồ sơ) của trường, dùng chức năng xuất ra Excel và lưu tệp vào thư mục Tải xuống (Downloads)."),
            Section::GiaoVien => format!("Trong {sys}, mở danh sách cán bộ, giáo viên, nhân viên, chọn năm học hiện tại, xuất ra Excel và lưu tệp vào thư mục Tải xuống."),
            Section::HocSinh => format!("Trong {sys}, mở danh sách hồ sơ học sinh, chọn năm học hiện tại và tất cả các lớp, xuất ra Excel. Nếu {sys} chỉ xuất từng lớp, hãy tải lần lượt từng lớp: mọi tệp đều được nhận."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn systems_are_named_by_key_or_name() {
        assert_eq!(System::parse("vnedu"), Some(System::Vnedu));
        assert_eq!(System::parse("vnEdu"), Some(System::Vnedu));
        assert_eq!(System::parse("csdl-nganh"), Some(System::CsdlNganh));
        assert_eq!(System::parse("CSDL ngành"), Some(System::CsdlNganh));
        assert_eq!(System::parse("csdl"), Some(System::CsdlNganh));
        assert_eq!(System::parse("misa-emis"), Some(System::MisaEmis));
        assert_eq!(System::parse("k12online"), Some(System::K12online));
        assert_eq!(System::parse("khác"), Some(System::Khac));
        assert_eq!(System::parse("excel"), None);
    }

    #[test]
    fn the_steps_name_the_schools_system() {
        assert!(System::Vnedu
            .how_to_export(Section::HocSinh)
            .contains("Nếu vnEdu chỉ xuất từng lớp"));
        assert!(System::Smas
            .how_to_export(Section::GiaoVien)
            .starts_with("Trong SMAS"));
        assert_eq!(
            System::Eschool.how_to_export(Section::Truong),
            Section::Truong.how_to_export()
        );
    }
}
