//! The words of the app's window (`ui/`), which draws what the engine answers and words nothing
//! itself. `{name}` marks where the window puts a value; the window asks for the whole list once
//! (`window_words`) and fills them in. The page's fixed labels (tab names, headings, button
//! captions written in `ui/index.html`) stay in the page.

/// Key → sentence. Keys are stable names the window's modules use; `tests/tests/ui_words.rs`
/// checks that every key the window asks for is here and that the window holds no Vietnamese.
pub const WORDS: &[(&str, &str)] = &[
    // The front page.
    ("demo-mode", "Chế độ trình diễn – chưa cài đặt trường"),
    ("demo-drive-later", "Ổ trình diễn sẽ được tạo khi bấm “Sao lưu ngay”"),
    ("no-drive", "Chưa cắm ổ sao lưu"),
    ("drive-free", "{label} – còn trống {free}"),
    ("last-good", "{when} ({source})"),
    ("never", "Chưa có"),
    ("last-failed", "Lần sao lưu gần nhất không thành công: {why}"),
    ("drive-unregistered", "Ổ “{label}” ({size}, {fs}) đang cắm nhưng chưa phải ổ sao lưu."),
    ("use-this-drive", "Dùng ổ này để sao lưu"),
    // Sao lưu ngay.
    ("backing-up", "Đang sao lưu, xin đừng rút ổ sao lưu…"),
    ("backup-good", "Sao lưu thành công: {files} tệp đã được ghi và kiểm tra lại trên ổ sao lưu."),
    ("backup-partial", "Sao lưu chưa đầy đủ: {why}"),
    ("backup-failed", "Sao lưu không thành công. {why}"),
    ("next-eschool", "Tiếp theo: sao lưu hồ sơ eSchool ở thẻ “eSchool”."),
    // Nhật ký.
    ("journal-none-matching", "Không có lần sao lưu nào khớp với bộ lọc."),
    ("journal-empty", "Chưa có lần sao lưu nào. Hãy bấm “Sao lưu ngay”."),
    // Trang web.
    ("reading-site", "Đang đọc trang web…"),
    ("footer-found", "✔ Có"),
    ("footer-not-found", "✘ Không thấy"),
    ("footer-complete", "Chân trang của {site} đủ thông tin theo quy định."),
    ("footer-missing", "Chân trang còn thiếu: {items}. Hãy bổ sung trên trang web."),
    ("no-reposts", "Không thấy bài viết nào có dấu hiệu lấy lại từ báo chí, cổng thông tin."),
    ("reposts-to-review", "Các bài sau cần người xem lại:"),
    ("law-replaced", "{code} đã được thay thế bởi {by}."),
    ("law-in-force", "Căn cứ: {code} (đang có hiệu lực)."),
    ("connecting-site", "Đang kết nối tới trang web…"),
    // Bảo mật.
    ("passphrase-present", "Máy này đã có mật khẩu mã hoá (mã kiểm tra {code}, in trên Phiếu khôi phục)."),
    ("passphrase-missing", "Máy này chưa có mật khẩu mã hoá. Hãy tạo mật khẩu rồi in Phiếu khôi phục."),
    (
        "passphrase-replace-confirm",
        "Mật khẩu mới chỉ dùng cho các lần sao lưu từ nay; bản sao lưu cũ vẫn mở bằng mật khẩu cũ (hãy giữ Phiếu khôi phục cũ). Tạo mật khẩu mới?",
    ),
    ("passphrase-shown", "{grouped}   (mã kiểm tra {code})"),
    ("passphrase-once", "Mật khẩu chỉ hiện một lần. Hãy in Phiếu khôi phục ngay và cất trong tủ của Hiệu trưởng."),
    (
        "sheet-opened",
        "Đã ghi Phiếu khôi phục ra {path}. Trang đã mở trong trình duyệt: bấm Ctrl+P để in, rồi cất trong tủ của Hiệu trưởng.",
    ),
    (
        "sheet-written",
        "Đã ghi Phiếu khôi phục ra {path}. Hãy nhấp đúp vào tệp đó để mở trong trình duyệt rồi bấm Ctrl+P để in, rồi cất trong tủ của Hiệu trưởng.",
    ),
    // eSchool.
    ("eschool-settings-saved", "Đã lưu cài đặt eSchool."),
    ("step", "Bước {n}: {label}"),
    ("remove", "Bỏ"),
    ("wait-download", "Chờ tệp tải về"),
    ("stop-waiting", "Dừng chờ"),
    ("pick-files", "Chọn tệp…"),
    ("waiting-in", "Đang chờ tệp mới trong {folder}… Có thể tải nhiều tệp liền nhau (ví dụ mỗi lớp một tệp)."),
    ("files-received", "Đã nhận {n} tệp."),
    ("no-files-yet", "Chưa có tệp."),
    ("comparing", "Đang đọc và so sánh các tệp…"),
    ("section-preview", "{label} ({records} hồ sơ, {files} tệp): {sentence}"),
    ("review-then-save", "Hãy xem lại các thay đổi ở trên rồi bấm “Lưu vào ổ sao lưu”."),
    ("nothing-to-save", "Không có phần nào lưu được."),
    ("eschool-writing", "Đang mã hoá và ghi vào ổ sao lưu, xin đừng rút ổ…"),
    ("eschool-saved", "Đã lưu hồ sơ eSchool vào ổ sao lưu: {files} tệp, đã mã hoá và kiểm tra lại."),
    ("eschool-partial", "Chưa lưu được đầy đủ: {why}"),
    ("eschool-failed", "Không lưu được. {why}"),
    // Báo cáo.
    ("weeks-done", "{done}/{of} tuần đạt yêu cầu sao lưu."),
    ("report-saved-xlsx", "Đã lưu báo cáo: {path}. Mở bằng Excel để xem."),
    ("report-saved-pdf", "Đã lưu báo cáo: {path}. Mở tệp PDF để in."),
    ("report-saved-pdf-opened", "Đã lưu báo cáo: {path}. Tệp PDF đã mở: in ra để Hiệu trưởng ký."),
    ("report-saved-html", "Đã lưu báo cáo: {path}. Mở tệp trong trình duyệt rồi bấm Ctrl+P để in."),
    (
        "report-saved-html-opened",
        "Đã lưu báo cáo: {path}. Trang đã mở trong trình duyệt: bấm Ctrl+P để in.",
    ),
    // Cài đặt.
    ("settings-saved", "Đã lưu cài đặt."),
    ("not-plugged", "(không cắm)"),
    ("rename", "Đổi tên"),
    ("drive-renamed", "Đã đổi tên ổ."),
    ("forget-drive", "Bỏ khỏi danh sách"),
    ("forget-drive-confirm", "Bỏ ổ này khỏi danh sách? Dữ liệu trên ổ vẫn giữ nguyên."),
    ("pick-folder-to-back-up", "Chọn thư mục cần sao lưu"),
    // Khôi phục.
    (
        "no-backup-drive",
        "Chưa thấy ổ sao lưu nào đang cắm. Hãy cắm ổ, hoặc gõ đường dẫn / chọn thư mục chứa SaoLuuTruongHoc.",
    ),
    ("drive-of-school", "Ổ “{label}” – {school}"),
    ("reading-drive", "Đang đọc ổ sao lưu…"),
    ("drive-holds", "Ổ “{label}” của {school}: {n} bản sao lưu của {sources} nguồn."),
    ("files-size", "{files} tệp, {size}"),
    ("encrypted-suffix", " – có mã hoá"),
    ("choose", "Chọn"),
    ("source-runs", "{name} ({n} lần sao lưu)"),
    ("no-backup-that-day", "Không có bản sao lưu nào trong ngày đã chọn."),
    ("drive-empty", "Ổ này chưa có bản sao lưu nào."),
    ("found-files", "Tìm thấy {n} tệp:"),
    ("found-none", "Không tìm thấy tệp nào có tên chứa “{query}”."),
    ("restore-this-file", "Khôi phục tệp này"),
    ("only-file", "chỉ tệp {path}"),
    ("whole", "toàn bộ"),
    ("checking-backup", "Đang kiểm tra từng tệp với mã SHA-256 đã ghi…"),
    ("check-damaged", "Có {n} tệp bị hỏng: {files}. Các tệp còn lại vẫn khôi phục được."),
    ("check-good", "Kiểm tra xong: {n} tệp đúng như lúc sao lưu."),
    ("pick-destination", "Chọn thư mục nhận dữ liệu khôi phục"),
    ("pick-backup-folder", "Chọn ổ hoặc thư mục chứa SaoLuuTruongHoc"),
    ("restoring", "Đang khôi phục và kiểm tra từng tệp…"),
    ("restore-some-failed", "{n} tệp không khôi phục được: {list}"),
    (
        "restore-all-existed",
        "Chưa khôi phục tệp nào: {n} tệp đã có sẵn ở {to} và được giữ nguyên.",
    ),
    (
        "restore-stopped",
        "Đã dừng. {n} tệp đã khôi phục xong và kiểm tra, nằm trong {to}; chưa khôi phục phần còn lại.",
    ),
    ("restore-done", "Đã khôi phục và kiểm tra {n} tệp vào {to}."),
    ("restore-failed", "Khôi phục không thành công. {why}"),
    ("open-folder", "Mở thư mục"),
    ("open-offline-site", "Mở bản sao trang web"),
    ("open-eschool-how-to", "Hướng dẫn nhập lại vào eSchool"),
    (
        "existing-kept",
        "{n} tệp đã có sẵn ở thư mục nhận nên được giữ nguyên. Chọn tệp muốn thay bằng bản sao lưu:",
    ),
    ("overwrite-chosen", "Ghi đè các tệp đã chọn"),
    ("overwrite-all", "Ghi đè tất cả"),
    ("overwrite-all-confirm", "Thay mọi tệp đã có bằng bản sao lưu?"),
    ("drill-running", "Đang khôi phục thử vào thư mục tạm và kiểm tra…"),
    ("plan-pdf", "Đã lập Kế hoạch khôi phục: {path}. Hãy nhấp đúp vào tệp đó để mở và in."),
    ("plan-pdf-opened", "Đã lập Kế hoạch khôi phục: {path}. Tệp PDF đã mở: in ra để Hiệu trưởng ký."),
    (
        "plan-html",
        "Đã lập Kế hoạch khôi phục: {path}. Hãy nhấp đúp vào tệp đó để mở rồi bấm Ctrl+P để in.",
    ),
    (
        "plan-html-opened",
        "Đã lập Kế hoạch khôi phục: {path}. Trang đã mở trong trình duyệt: bấm Ctrl+P để in hoặc lưu thành PDF.",
    ),
    ("plan-on-drive", "Một bản cũng đã ghi lên ổ sao lưu ({paths})."),
    // The corner window.
    ("backup-now", "Sao lưu ngay"),
    ("later-restoring", "Để sau (tôi cắm ổ để khôi phục)"),
    ("countdown", "{title} ({n} giây)"),
    ("close", "Đóng"),
    ("eject-drive", "Tháo ổ “{label}” an toàn"),
    ("drive-ejected", "Đã tháo ổ “{label}”. Có thể rút ổ ra và cất đi."),
    ("later", "Để sau"),
];

/// The window's words as the window asks for them: key → sentence.
pub fn window_words() -> std::collections::BTreeMap<&'static str, &'static str> {
    WORDS.iter().copied().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_said_once() {
        assert_eq!(window_words().len(), WORDS.len(), "a key is listed twice");
    }
}
