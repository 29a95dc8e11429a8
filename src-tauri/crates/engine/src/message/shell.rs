//! The desktop shell's own words: the tray's menu and tooltip, the corner window's title and the
//! system dialogs it opens.

pub const APP_NAME: &str = "Sao lưu Trường học";

/// The tray menu: (id, caption). The ids are what the shell matches on.
pub const TRAY_MENU: [(&str, &str); 5] = [
    ("sao-luu", "Sao lưu ngay"),
    ("mo", "Mở cửa sổ"),
    ("nhat-ky", "Nhật ký"),
    // Named after the tab it opens.
    ("khoi-phuc", "Kiểm tra khôi phục"),
    ("tam-dung", "Tạm dừng nhắc nhở 1 ngày"),
];
pub const TRAY_QUIT: &str = "Thoát";

pub const TRAY_BUSY: &str = "Đang sao lưu…";

/// The tray's tooltip: the status at a glance, and until when reminders are paused.
pub fn tray_tooltip(status: &str, snoozed_until: Option<&str>) -> String {
    match snoozed_until {
        Some(t) => format!("{APP_NAME} – {status} (tạm dừng nhắc nhở đến {t})"),
        None => format!("{APP_NAME} – {status}"),
    }
}

pub const CORNER_WINDOW_TITLE: &str = "Sao lưu Trường học – nhắc nhở";
/// The recovery sheet's print view.
pub const SHEET_WINDOW_TITLE: &str = "Phiếu khôi phục – Sao lưu Trường học";

pub const PICK_EXPORTS_TITLE: &str = "Chọn tệp đã xuất từ eSchool";
pub const PICK_EXPORTS_FILTER: &str = "Tệp xuất từ eSchool";

pub const PICK_STORE_FILE_TITLE: &str = "Chọn tệp cài đặt kho do Phòng Giáo dục giao";
pub const PICK_STORE_FILE_FILTER: &str = "Tệp cài đặt kho (.json)";

pub const PICK_SCHOOL_LIST_TITLE: &str = "Chọn tệp danh sách trường (Excel, LibreOffice hoặc CSV)";
pub const PICK_SCHOOL_LIST_FILTER: &str = "Danh sách trường (.xlsx, .xls, .ods, .csv)";

/// A restored file the system would not open.
pub fn open_by_hand(path: &std::path::Path) -> String {
    format!("Không mở được {}. Hãy mở tệp đó bằng tay.", path.display())
}
