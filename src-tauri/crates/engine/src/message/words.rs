//! The words of the front ends: the app's window (`ui/`) and the CLI's terminal output, which draw
//! what the engine answers and word nothing themselves. `{name}` marks where a value goes; the
//! window asks for the whole list once (`window_words`) and fills it in with its own `say`, the
//! CLI with [`say!`](crate::say). A sentence both show is here once. The page's fixed labels
//! (tab names, headings, button captions written in `ui/index.html`) and the CLI's `--help` text
//! stay with them.

/// Key → sentence. Keys are stable names the front ends use; `tests/tests/ui_words.rs` checks
/// that every key asked for is here, that every one here is asked for, and that the front ends
/// hold no Vietnamese of their own.
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
    // The first-run setup.
    ("setup-step", "Bước {n}/{count}"),
    ("setup-skip", "Bỏ qua bước này"),
    ("setup-later", "Để sau"),
    ("setup-drive-line", "Ổ “{label}” ({fs}) – còn trống {free}"),
    ("setup-drive-chosen", "✔ Ổ sao lưu của trường"),
    ("setup-drive-registered", "Đã chọn ổ sao lưu. Bấm “Tiếp tục”."),
    ("setup-no-drive-yet", "Chưa thấy ổ rời nào. Hãy cắm ổ USB hoặc ổ cứng rời vào máy; danh sách tự cập nhật."),
    (
        "setup-fat32",
        "Ổ định dạng FAT32 không chứa được tệp từ 4 GB trở lên. Không cần định dạng lại: ứng dụng tự chia bản sao lưu lớn thành nhiều phần, mỗi phần mở được riêng.",
    ),
    ("setup-pick-drive", "Chọn ổ hoặc thư mục để lưu bản sao lưu"),
    // Bản sao ngoài trường (Cài đặt).
    ("offsite-none", "Chưa đặt kho ngoài trường: bản sao chỉ nằm trên ổ sao lưu của trường."),
    ("offsite-saved", "Đã lưu kho ngoài trường."),
    ("offsite-sending", "Đang gửi ra ngoài trường, xin đừng rút ổ sao lưu…"),
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
        "sheet-window",
        "Phiếu khôi phục đã mở trong cửa sổ riêng: bấm “In phiếu này” để in ra giấy, rồi cất trong tủ của Hiệu trưởng. Mật khẩu không được ghi ra tệp nào trên máy này.",
    ),
    (
        "sheet-save-confirm",
        "Tệp Phiếu khôi phục chứa mật khẩu mã hoá ở dạng đọc được: ai mở được máy này sẽ mở được mọi bản sao lưu có dữ liệu cá nhân. Chỉ lưu khi thật cần, in ra rồi xoá tệp đi. Vẫn lưu thành tệp?",
    ),
    (
        "sheet-opened",
        "Đã ghi Phiếu khôi phục ra {path}. Trang đã mở trong trình duyệt: bấm Ctrl+P để in, cất phiếu trong tủ của Hiệu trưởng, rồi xoá tệp này.",
    ),
    (
        "sheet-written",
        "Đã ghi Phiếu khôi phục ra {path}. Hãy nhấp đúp vào tệp đó để mở trong trình duyệt, bấm Ctrl+P để in, cất phiếu trong tủ của Hiệu trưởng, rồi xoá tệp này.",
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
    ("drive-name", "Tên gọi của ổ sao lưu"),
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
    ("offsite-imported", "Đã nhập tệp cài đặt kho {path}; khoá bí mật đã vào kho khoá của máy. Hãy xoá tệp đó (và bản trên USB)."),
    ("district-set", "Kho của Phòng đã đặt, {n} trường. Khoá bí mật được giữ trong kho khoá của máy; để trống ô khoá bí mật là giữ nguyên."),
    ("district-not-set", "Chưa đặt kho của Phòng. Nhập địa chỉ kho (gốc kho), mã khoá và khoá bí mật chỉ đọc, rồi mã các trường hoặc chọn tệp danh sách."),
    ("district-saved", "Đã lưu kho của Phòng, {n} trường."),
    ("district-list-chosen", "Sẽ dùng danh sách trường trong tệp {path} khi bấm Lưu."),
    ("district-reading", "Đang đọc tình trạng các trường từ kho…"),
    ("district-page", "Trường {from}–{to} trong {n}"),
    ("district-none-found", "Không có trường nào khớp."),
    ("district-history-of", "Lịch sử {code}"),
    ("district-history", "Các tuần của {name} ({code})"),
    ("district-no-history", "Trường chưa gửi tệp tình trạng nào."),
    ("district-report-saved", "Đã lưu báo cáo: {path}"),
    ("district-report-opened", "Đã lưu và mở báo cáo: {path}"),
    ("mark-done", "Tuần {week}: làm đúng hạn"),
    ("mark-late", "Tuần {week}: làm muộn"),
    ("mark-missed", "Tuần {week}: bỏ lỡ"),
    ("mark-not-due", "Tuần {week}: chưa đến hạn"),
    ("offsite-store-choice", "Kho lưu trữ ngoài trường ({store})"),
    ("offsite-not-set-restore", "Chưa đặt kho lưu trữ ngoài trường trên máy này. Máy mới sau sự cố: nhập địa chỉ và khoá kho do Phòng/Sở cấp ở Cài đặt → Bản sao ngoài trường, rồi quay lại đây."),
    ("reading-offsite", "Đang đọc danh sách bản sao trong kho ngoài trường…"),
    ("offsite-holds", "Kho {store} giữ {n} lần sao lưu của trường. Chọn một lần để tải về (mỗi tệp được kiểm tra khi tải), hoặc tìm một tệp theo tên."),
    ("offsite-run-line", "{label} – {files} tệp, {size}"),
    ("offsite-run-incomplete", "chưa gửi xong, không dùng được"),
    ("fetch-offsite-run", "Tải về để khôi phục"),
    ("fetching-offsite", "Đang tải bản sao lưu từ kho ngoài trường…"),
    ("offsite-fetched", "Đã tải về và kiểm tra lần sao lưu {run} từ kho {store}. Chọn nguồn cần khôi phục bên dưới."),
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
    // The CLI's terminal output.
    ("cli-error", "Lỗi: {why}"),
    ("cli-error-unnamed", "lỗi"),
    ("cli-stopping", "Đang dừng theo yêu cầu…"),
    ("cli-source-saved", "{source}: đã lưu {files} tệp ({size}) vào {zip}"),
    ("cli-not-fetched", "không lấy được {path}: {why}"),
    ("cli-run-folder", "Bản sao lưu: {path}"),
    ("cli-verified", "Đã kiểm tra lại từ ổ: {zips} tệp nén, {entries} tệp bên trong, không có lỗi."),
    ("cli-pruned", "Đã xoá {n} bản sao lưu cũ theo chính sách giữ lại (giải phóng {size})."),
    ("cli-drive-log", "Nhật ký trên ổ sao lưu: {path}"),
    ("cli-backup-good", "Sao lưu thành công."),
    ("cli-backup-partial", "Sao lưu CHƯA đầy đủ: xem các dòng ✘ ở trên."),
    ("cli-to-accept", "Để chấp nhận: saoluu chung-chi --chap-nhan {fingerprint}"),
    ("cli-checking-site", "Kiểm tra trang web {site} theo quy định"),
    ("cli-footer-must-have", "Chân trang phải có:"),
    ("cli-not-seen", "không thấy"),
    ("cli-reposts-to-review", "Bài viết cần người xem lại (ứng dụng không xoá gì):"),
    ("cli-footer-complete", "Chân trang đủ thông tin theo quy định."),
    (
        "cli-website-line",
        "{pages} trang ({articles} bài viết), {documents} tài liệu; {requests} yêu cầu tới máy chủ, tải mới {downloaded} ({size}), {not_modified} không đổi, {reused} dùng lại; {new} trang mới, {changed} thay đổi, {vanished} không còn",
    ),
    (
        "cli-encrypted-unchecked",
        "{n} tệp được mã hoá: đã kiểm tra nguyên vẹn cả tệp nén bằng SHA256SUMS; muốn kiểm tra từng tệp bên trong, hãy cho mật khẩu (--passphrase-file).",
    ),
    ("cli-verify-good", "Bản sao lưu nguyên vẹn: {runs} lần sao lưu, {zips} tệp nén, {entries} tệp ({size})."),
    ("cli-verify-bad", "Phát hiện {n} lỗi. Bản sao lưu có lỗi không dùng được để khôi phục phần bị hỏng."),
    ("cli-kept-existing", "giữ nguyên tệp đã có: {path}"),
    ("cli-restored", "Đã khôi phục và kiểm tra {n} tệp ({size}) vào {to}."),
    ("cli-existing", "{n} tệp đã có sẵn nên không ghi đè (dùng --overwrite nếu muốn ghi đè)."),
    ("cli-log-empty", "Nhật ký sao lưu chưa có lần nào."),
    ("cli-demo-mode", "Chưa cài đặt trường: đang ở chế độ trình diễn (saoluu demo)."),
    ("cli-school", "Trường: {school}"),
    ("cli-no-drive", "Ổ sao lưu: chưa cắm ổ sao lưu nào."),
    ("cli-drive-plugged", "Ổ sao lưu đang cắm: {path} ({free} trống)"),
    ("cli-last-good", "Lần sao lưu tốt gần nhất: {when} ({source})"),
    ("cli-last-good-never", "Lần sao lưu tốt gần nhất: chưa có"),
    ("cli-this-week", "Tuần này: {due}"),
    ("cli-account-safety", "An toàn tài khoản quản trị eSchool và trang web:"),
    ("cli-safety-log-out", "Đăng xuất sau mỗi lần dùng, nhất là trên máy dùng chung."),
    ("cli-safety-no-saved-passwords", "Không cho trình duyệt lưu mật khẩu quản trị (chọn “Không bao giờ” khi được hỏi)."),
    (
        "cli-safety-strong",
        "Dùng mật khẩu mạnh: ít nhất 12 ký tự, có chữ hoa, chữ thường, số và ký hiệu; không dùng lại mật khẩu khác.",
    ),
    ("cli-safety-change", "Đổi mật khẩu quản trị định kỳ, rồi xác nhận bằng: saoluu mat-khau-quan-tri --da-doi"),
    ("cli-not-entered", "(chưa nhập)"),
    ("cli-school-name", "Tên trường: {name}"),
    ("cli-website", "Trang web: {url}"),
    ("cli-website-limits", "{pace}; tối đa {urls} địa chỉ, {depth} tầng liên kết, {file_mb} MB mỗi tệp, {total_gb} GB mỗi lần"),
    ("cli-fast", "chạy nhanh (trang web do trường quản lý)"),
    ("cli-polite", "giãn cách yêu cầu (mặc định, tránh bị máy chủ chặn)"),
    ("cli-sections", "Phần sao lưu: {sections}"),
    ("cli-backup-day", "Ngày sao lưu: {day} hằng tuần"),
    ("cli-backup-every-7-days", "Ngày sao lưu: 7 ngày sau lần sao lưu trước"),
    ("cli-folder", "Thư mục sao lưu: {path}"),
    ("cli-target", "Ổ/thư mục sao lưu đã đăng ký: {path}"),
    ("cli-source-runs", "{name} — {n} lần sao lưu"),
    ("cli-encrypted-suffix", ", có mã hoá"),
    ("cli-found", "Tìm thấy {n} tệp có tên chứa “{query}”:"),
    ("cli-restore-newest-offsite", "Khôi phục tệp mới nhất từ kho ngoài trường: saoluu restore --offsite {run} --nguon {stem} --only \"{path}\" --to THƯ_MỤC"),
    ("cli-find-usage", "Cách dùng: saoluu find Ổ_SAO_LƯU TÊN, hoặc saoluu find --offsite TÊN để tìm trong kho ngoài trường."),
    ("cli-restore-newest", "Khôi phục tệp mới nhất: saoluu restore \"{run}\" --nguon {stem} --only \"{path}\" --to THƯ_MỤC"),
    ("cli-drill-source", "{n} tệp khôi phục và kiểm tra; {checks}"),
    ("cli-drill-cleaned", "Bản khôi phục thử đã được xoá; kết quả đã ghi vào nhật ký trên máy và trên ổ."),
    ("cli-published", "Đã đăng {ok}/{of} bài viết."),
    ("cli-plan-written", "Đã lập Kế hoạch khôi phục: {path}"),
    ("cli-copy-on-drive", "Bản trên ổ sao lưu: {path}"),
    ("cli-plan-print-html", "Mở tệp trong trình duyệt và bấm Ctrl+P để in hoặc lưu thành PDF."),
    ("cli-plan-print-pdf", "Mở tệp PDF để in, rồi để Hiệu trưởng ký."),
    ("cli-report-written", "Đã lập báo cáo thực hiện: {path}"),
    ("cli-drive-of", "ổ sao lưu của {school}"),
    ("cli-removable", "ổ rời"),
    ("cli-internal", "ổ trong máy"),
    ("cli-free-of", "{free} trống / {total}"),
    ("cli-drive-registered", "Đã đăng ký {path} làm ổ sao lưu (mã ổ {id})."),
    ("cli-open-eschool", "Mở eSchool trong trình duyệt: {url}"),
    ("cli-seconds", "{n} giây"),
    ("cli-minutes", "{n} phút"),
    ("cli-waiting", "Đang chờ tệp mới trong {folder} (tối đa {limit}; Ctrl+C để dừng)…"),
    ("cli-received", "Đã nhận {path}"),
    ("cli-no-new-file", "Không thấy tệp mới cho {section}; bỏ qua phần này."),
    ("cli-save-anyway", "Vẫn lưu? (c = có, k = không):"),
    ("cli-log-exported", "Đã xuất {n} dòng nhật ký ra {path}."),
    ("cli-will-publish", "{n} bài viết sẽ được đăng lên {site}."),
    ("cli-app-password", "Mật khẩu ứng dụng WordPress (không được lưu): "),
    ("cli-drill-prove", "Để chứng tỏ vẫn có người biết mật khẩu mã hoá, hãy gõ mật khẩu trên Phiếu khôi phục."),
    ("cli-drill-passphrase", "Mật khẩu (để trống nếu không có phiếu): "),
    ("cli-reading-site", "Đang đọc trang chủ {url} và tối đa {articles} bài viết trên đó…"),
    ("cli-forget-now", "Bỏ ngay: saoluu chung-chi --bo"),
    ("cli-will-remove", "Sẽ xoá"),
    ("cli-removed", "Đã xoá"),
    ("cli-prune-total", "{verb} {n} bản sao lưu cũ, giải phóng {size}."),
    ("cli-passphrase-saved", "Đã lưu mật khẩu mã hoá vào kho khoá của máy này (mã kiểm tra {code})."),
    ("cli-passphrase-new-runs-only", "Mật khẩu mới chỉ dùng cho các lần sao lưu từ nay; bản sao lưu cũ vẫn mở bằng mật khẩu cũ."),
    ("cli-sheet-written", "Đã ghi Phiếu khôi phục ra {path}. Tệp này chứa mật khẩu mã hoá ở dạng đọc được: hãy in ra, cất phiếu trong tủ của Hiệu trưởng, rồi xoá tệp."),
    ("cli-demo", "Chạy thử với trường trình diễn: {school}"),
    ("cli-demo-site", "Trang web trình diễn đang chạy tại {url}"),
    ("cli-local-log", "Nhật ký sao lưu trên máy này: {path}"),
    ("cli-will-rebuild", "Dựng lại {n} mục (tệp, chuyên mục, thẻ, trang, bài viết) lên {site}."),
    ("cli-rebuild-done", "Đã dựng lại trang {site}: tạo mới {created} mục, {existing} mục trang đã có sẵn, {failed} mục lỗi."),
    ("cli-offsite-secret", "Khoá bí mật (do Phòng/Sở cấp, không hiện khi gõ): "),
    ("cli-offsite-secret-from-env", "Máy này không có kho khoá: khoá bí mật sẽ được lấy từ biến môi trường SAOLUU_OFFSITE_SECRET mỗi lần chạy."),
    ("cli-offsite-set", "Đã đặt kho lưu trữ ngoài trường: {store}."),
    ("cli-offsite-secret-kept", "Khoá bí mật được giữ trong kho khoá của máy, không ghi ra tệp cài đặt."),
    ("cli-offsite-shown", "Kho lưu trữ ngoài trường: {url} (mã khoá {key})"),
    ("cli-offsite-no-secret", "Máy này chưa có khoá bí mật của mã khoá này."),
    ("cli-offsite-last", "Lần gần nhất đã gửi và kiểm tra: {run}, lúc {when}"),
    ("cli-status-written", "Đã ghi tình trạng của trường ({school}) cho Phòng Giáo dục vào kho."),
    ("cli-district-secret", "Khoá bí mật (chỉ đọc) của Phòng: "),
    ("cli-handover-written", "Đã lập tệp cài đặt kho cho trường {school}: {path}. Tệp có khoá bí mật của trường: chỉ trao tận tay (hoặc qua USB) cho người phụ trách của trường, không gửi qua thư điện tử hay nhóm chat."),
    ("cli-handover-delete", "Khoá bí mật đã vào kho khoá của máy. Hãy xoá tệp {path} (và bản trên USB) để không ai khác dùng được khoá của trường."),
    ("cli-district-report", "Đã lập báo cáo tình trạng các trường: {path}"),
    ("cli-district-set", "Đã đặt kho của Phòng Giáo dục: {store}, {n} trường."),
    ("cli-offsite-never", "Chưa gửi lần sao lưu nào ra ngoài trường."),
    ("cli-offsite-sent", "Đã gửi ra ngoài trường và kiểm tra lần sao lưu {run}: {objects} tệp, lần này gửi {size}."),
    ("cli-offsite-nothing", "Không có lần sao lưu mới cần gửi: {already} lần trên ổ đã có trong kho {store}."),
    ("cli-offsite-run", "{label}  {files} tệp, {size}{state}"),
    ("cli-offsite-incomplete", " – chưa gửi xong"),
    ("cli-offsite-empty", "Kho chưa có lần sao lưu nào của trường."),
    ("cli-rebuild-dry", "Chạy thử trên {site}: sẽ tạo {would} mục, {existing} mục trang đã có sẵn; chưa tạo gì."),
    ("media", "tệp"),
    ("category", "chuyên mục"),
    ("tag", "thẻ"),
    ("page", "trang"),
    ("post", "bài viết"),
    // The corner window.
    ("backup-now", "Sao lưu ngay"),
    ("later-restoring", "Để sau (tôi cắm ổ để khôi phục)"),
    ("countdown", "{title} ({n} giây)"),
    ("close", "Đóng"),
    ("eject-drive", "Tháo ổ “{label}” an toàn"),
    ("drive-ejected", "Đã tháo ổ “{label}”. Có thể rút ổ ra và cất đi."),
    ("later", "Để sau"),
];

/// The front ends' words as the window asks for them: key → sentence.
pub fn window_words() -> std::collections::BTreeMap<&'static str, &'static str> {
    WORDS.iter().copied().collect()
}

/// The sentence `key` with each `{name}` filled from `vars`; an unknown key shows itself, so a
/// missing sentence is seen rather than blank.
pub fn say(key: &str, vars: &[(&str, &dyn std::fmt::Display)]) -> String {
    let Some((_, template)) = WORDS.iter().find(|(k, _)| *k == key) else {
        return format!("[{key}]");
    };
    let mut out = String::with_capacity(template.len());
    let mut rest = *template;
    while let Some(open) = rest.find('{') {
        out += &rest[..open];
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match vars.iter().find(|(n, _)| *n == name) {
                    Some((_, v)) => out += &v.to_string(),
                    None => out += &rest[open..open + close + 2],
                }
                rest = &after[close + 1..];
            }
            None => {
                out += &rest[open..];
                rest = "";
            }
        }
    }
    out + rest
}

/// `say!("key", name = value, …)`: the front ends' sentence `key` with its values filled in.
#[macro_export]
macro_rules! say {
    ($key:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::message::say(
            $key,
            &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*],
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_said_once() {
        assert_eq!(window_words().len(), WORDS.len(), "a key is listed twice");
    }

    #[test]
    fn values_fill_their_places_and_unknown_ones_stay_visible() {
        assert_eq!(
            crate::say!("drive-free", label = "USB", free = "1,5 GB"),
            "USB – còn trống 1,5 GB"
        );
        assert_eq!(
            crate::say!("drive-free", label = "USB"),
            "USB – còn trống {free}"
        );
        assert_eq!(say("khong-co", &[]), "[khong-co]");
    }
}
