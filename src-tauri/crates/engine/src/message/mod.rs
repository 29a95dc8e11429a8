//! Every sentence the engine's errors and phases show to people, in Vietnamese, in one place.
//! The CLI and the app both call these; nothing else words an error.

pub mod shell;
mod words;
pub use words::{say, window_words, WORDS};

use crate::error::Error;
use crate::progress::Phase;
use std::io::ErrorKind;

/// Human size in Vietnamese notation (comma decimal): "1,5 GB".
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["byte", "KB", "MB", "GB", "TB"];
    let mut v = bytes as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{bytes} {}", UNITS[0])
    } else {
        format!("{:.1} {}", v, UNITS[u]).replace('.', ",")
    }
}

pub fn error(e: &Error) -> String {
    match e {
        Error::TargetMissing(p) => format!(
            "Không tìm thấy ổ sao lưu {}. Hãy cắm ổ sao lưu vào máy rồi thử lại. Ứng dụng không bao giờ ghi bản sao lưu sang ổ khác thay thế.",
            p.display()
        ),
        Error::NoTargetPresent => "Chưa cắm ổ sao lưu. Hãy cắm ổ sao lưu của trường vào máy rồi thử lại.".into(),
        Error::TargetAmbiguous(list) => format!(
            "Đang cắm nhiều ổ sao lưu ({}). Hãy chọn một ổ bằng --to.",
            list.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        ),
        Error::TargetNotRegistered(p) => format!(
            "{} chưa được đăng ký làm ổ sao lưu. Hãy đăng ký trước bằng lệnh: saoluu drive init \"{}\"",
            p.display(),
            p.display()
        ),
        Error::SourceMissing(p) => format!("Không tìm thấy thư mục nguồn {}. Hãy kiểm tra lại đường dẫn.", p.display()),
        Error::NoSources => "Chưa có nguồn nào để sao lưu. Hãy thêm trang web hoặc thư mục cần sao lưu trong phần Cài đặt.".into(),
        Error::NoSpace { target, needed, free, prunable } => {
            let advice = if *prunable > 0 {
                format!(
                    "Xoá các bản sao lưu cũ theo chính sách giữ lại sẽ giải phóng {} (lệnh: saoluu prune --to \"{}\"), hoặc dùng ổ lớn hơn.",
                    size(*prunable),
                    target.display()
                )
            } else {
                "Hãy dùng ổ lớn hơn hoặc xoá bớt dữ liệu khác trên ổ.".to_string()
            };
            format!(
                "Ổ {} không đủ chỗ trống: cần khoảng {} (kể cả phần dự phòng), chỉ còn {}. {advice}",
                target.display(),
                size(*needed),
                size(*free)
            )
        }
        Error::Busy => "Đang có một lần sao lưu khác chạy. Hãy đợi lần đó xong rồi thử lại.".into(),
        Error::Io { path, source } => io_error(path, source),
        Error::Zip { path, message } => {
            format!("Tệp nén {} bị lỗi hoặc không đọc được ({message}).", path.display())
        }
        // A certificate problem already says what to do; the cable is not the cause.
        Error::Website { url, message } if message.starts_with(crate::website::CERTIFICATE) => {
            format!("Không đọc được trang web {url}: {message} Nếu đây là trang web của trường và nhà trường chắc chắn về chứng chỉ, có thể xem và chọn tiếp tục với chứng chỉ này ở thẻ Trang web (lệnh: saoluu chung-chi).")
        }
        Error::Website { url, message } => format!(
            "Không đọc được trang web {url} ({message}). Hãy kiểm tra kết nối mạng và địa chỉ trang web."
        ),
        Error::WebCache { path, message } => format!(
            "Bộ nhớ đệm trang web ở {} bị lỗi ({message}). Có thể xoá thư mục này; lần sao lưu sau sẽ tải lại toàn bộ trang web.",
            path.display()
        ),
        Error::BadUrl(u) if u.trim().is_empty() => "Chưa có địa chỉ trang web. Hãy gõ địa chỉ trang web của trường, ví dụ https://thhoasen.edu.vn, rồi kiểm tra lại.".into(),
        Error::BadUrl(u) => format!("Địa chỉ trang web “{u}” không hợp lệ. Ví dụ địa chỉ đúng: https://thhoasen.edu.vn"),
        Error::Journal(e) => format!("Không ghi được nhật ký sao lưu ({e})."),
        Error::Config { path, message } => {
            format!("Tệp cài đặt {} bị hỏng ({message}). Hãy mở phần Cài đặt và lưu lại.", path.display())
        }
        Error::NotABackup(p) => format!("{} không phải là bản sao lưu do ứng dụng tạo ra.", p.display()),
        Error::Damaged { run, count } => format!(
            "Kiểm tra bản sao lưu {} thấy {count} tệp bị hỏng hoặc thiếu. Bản sao lưu này KHÔNG dùng được; hãy sao lưu lại.",
            run.display()
        ),
        Error::UnsafeEntry(n) => format!("Từ chối tệp “{n}” trong bản sao lưu vì đường dẫn không an toàn."),
        Error::Bomb(n) => format!("Từ chối tệp “{n}”: khi giải nén nó lớn hơn kích thước đã ghi, có thể tệp nén bị giả mạo."),
        Error::WouldOverwrite(p) => format!(
            "{} đã tồn tại. Ứng dụng không ghi đè khi bạn chưa cho phép; hãy chọn thư mục khác hoặc dùng --overwrite.",
            p.display()
        ),
        Error::RestoreNoSpace { dest, needed, free } => format!(
            "Nơi khôi phục {} không đủ chỗ trống: dữ liệu cần {}, ổ chỉ còn {}. Chưa có tệp nào được ghi. \
             Hãy chọn thư mục trên ổ khác hoặc chỉ khôi phục một phần (--only).",
            dest.display(),
            size(*needed),
            size(*free)
        ),
        Error::NothingRestored => "Không có tệp nào được khôi phục: không tệp nào khớp với lựa chọn.".into(),
        Error::NoBackupsToDrill(root) => format!(
            "Ổ {} chưa có bản sao lưu nào nên chưa kiểm tra khôi phục được. Hãy bấm “Sao lưu ngay” trước, rồi kiểm tra lại.",
            root.display()
        ),
        Error::ReversedPeriod { from, to } => format!(
            "Ngày kết thúc ({}) đứng trước ngày bắt đầu ({}). Hãy chọn lại khoảng thời gian của báo cáo.",
            to.format("%d/%m/%Y"),
            from.format("%d/%m/%Y")
        ),
        Error::ReportFormat(out) => format!(
            "Báo cáo được lưu thành tệp .pdf hoặc .html (để in) hoặc .xlsx (Excel), không lưu được thành “{}”.",
            out.display()
        ),
        Error::NoPdfFont => "Máy này chưa có phông chữ tiếng Việt (Arial, Tahoma, Noto Sans hoặc DejaVu Sans) để tạo tệp PDF. \
             Hãy lưu báo cáo thành tệp .html, mở ra, bấm In (Ctrl+P) rồi chọn “Lưu thành PDF”.".into(),
        Error::Pdf(why) => format!(
            "Không tạo được tệp PDF ({why}). Hãy lưu báo cáo thành tệp .html, mở ra, bấm In (Ctrl+P) rồi chọn “Lưu thành PDF”."
        ),
        Error::WeakPassphrase => format!(
            "Mật khẩu mã hoá quá ngắn: cần ít nhất {} ký tự. Nên dùng một câu dễ nhớ hoặc để ứng dụng tạo mật khẩu.",
            crate::passphrase::MIN_CHARS
        ),
        Error::NeedPassphrase => "Dữ liệu này được mã hoá nhưng chưa có mật khẩu. Hãy nhập mật khẩu ghi trên Phiếu khôi phục (hoặc dùng --passphrase-file / biến môi trường SAOLUU_PASSPHRASE).".into(),
        Error::WrongPassphrase => "Mật khẩu không đúng. Hãy kiểm tra lại mật khẩu trên Phiếu khôi phục rồi thử lại. Không có dữ liệu nào bị thay đổi.".into(),
        Error::Keychain(e) => format!(
            "Không lưu hoặc đọc được mật khẩu trong kho khoá của máy ({e}). Khi chạy theo lịch, hãy dùng --passphrase-file."
        ),
        Error::Eschool { file, section, problem } => eschool_problem(file, *section, problem),
        Error::BadSetting { name, value } => format!("Cài đặt “{name}” không nhận giá trị “{value}”. Hãy xem lại và nhập lại."),
        Error::NotEjectable(p) => format!("{} không phải ổ rời (có thể là một thư mục trên máy), nên không cần tháo.", p.display()),
        Error::EjectFailed { root, message } => format!("Chưa tháo được ổ {}: {message}. Hãy đóng các cửa sổ đang mở tệp trên ổ rồi thử lại.", root.display()),
        Error::WordPressLogin { site, needs_https } => format!(
            "{site}: {}",
            if *needs_https {
                wordpress_needs_https()
            } else {
                wordpress_login_refused()
            }
        ),
        Error::SetupIncomplete(m) => setup_missing(*m).into(),
        Error::OffsiteUrl(u) => format!("“{u}” không phải địa chỉ kho lưu trữ. Hãy dùng dạng s3://TÊN-BUCKET/MÃ-TRƯỜNG?endpoint=https://máy-chủ:cổng (kho S3 của Phòng/Sở) hoặc webdav+https://máy-chủ/thư-mục (NAS, Nextcloud)."),
        Error::Handover { path, .. } => format!("Tệp {} không phải tệp cài đặt kho do Phòng Giáo dục lập (hoặc đã hỏng). Hãy xin Phòng lập lại tệp cho trường.", path.display()),
        Error::NoDistrict => "Chưa cài kho của Phòng Giáo dục. Hãy nhập địa chỉ kho, khoá chỉ đọc của Phòng và danh sách trường (trong dòng lệnh: saoluu district set ĐỊA_CHỈ --key-id MÃ_KHOÁ --truong MÃ,MÃ…).".into(),
        Error::SchoolList { path, problem } => school_list(path, problem),
        Error::NoOffsite => "Chưa cài kho lưu trữ ngoài trường. Hãy nhập địa chỉ kho và khoá do Phòng/Sở cấp (trong dòng lệnh: saoluu offsite set ĐỊA_CHỈ --key-id MÃ_KHOÁ).".into(),
        Error::OffsiteNoSecret { role, key_id } => {
            let set = match role {
                crate::offsite::target::Role::School => "saoluu offsite set …",
                crate::offsite::target::Role::Office => "saoluu district set …, hoặc ô “Khoá bí mật của Phòng” ở thẻ Phòng Giáo dục",
            };
            format!("Máy này chưa có khoá bí mật của mã khoá {key_id}. Hãy nhập khoá bí mật do Phòng/Sở cấp ({set}); khi chạy theo lịch trên máy không có kho khoá, dùng biến môi trường {}.", role.env())
        }
        Error::OffsiteState { path, message } => format!(
            "Tệp ghi tiến độ gửi ra ngoài trường {} bị lỗi ({message}). Có thể xoá tệp này: lần gửi sau kiểm tra lại từng tệp trong kho, tệp nào đã có và còn đúng thì không gửi lại.",
            path.display()
        ),
        Error::Offsite { store, why, detail } => offsite_problem(store, *why, detail),
        Error::NoSuchOffsiteRun { store, run } => format!("Kho {store} không có bản sao lưu đầy đủ của lần {run}. Gõ “saoluu runs --offsite” để xem các lần có trong kho."),
        Error::OffsiteMismatch { key, detail } => format!("Tệp {key} trong kho không đúng với tệp đã gửi ({detail}). Lần này chưa được tính là đã gửi ra ngoài trường; hãy chạy lại để gửi lại."),
        Error::BadDay(typed) => format!("“{typed}” không phải một ngày viết theo ngày/tháng/năm (ví dụ 07/12/2026)."),
        Error::NoSuchAuthor { site, user } => format!("{site} không có người dùng “{user}” để ghi tên cho các bài viết. Hãy tạo người dùng đó trong WordPress (Người dùng → Thêm mới) hoặc gõ tên đăng nhập của một người dùng đã có."),
        Error::PlainHttpPassword(site) => format!("{site} dùng http://, không mã hoá: mật khẩu ứng dụng gửi qua đó có thể bị người khác trên đường truyền đọc được. Hãy nhờ đơn vị quản lý máy chủ bật HTTPS cho trang web rồi dùng địa chỉ https://; nếu vẫn muốn gửi, chạy lại với --cho-phep-http."),
        Error::NeedAppPassword => "Chưa gõ mật khẩu ứng dụng WordPress. Hãy tạo một mật khẩu ứng dụng trong WordPress (Người dùng → Hồ sơ → Mật khẩu ứng dụng), chạy lại lệnh và gõ mật khẩu đó khi được hỏi.".into(),
        Error::NoEschoolFiles => "Chưa chọn tệp eSchool nào. Hãy chọn tệp đã xuất từ eSchool cho từng phần (trong dòng lệnh: --truong, --giao-vien, --hoc-sinh).".into(),
        Error::NeedsConfirmation(what) => format!(
            "{what} Hãy kiểm tra lại tệp đã xuất từ eSchool. Nếu đúng là như vậy, hãy xác nhận (trong dòng lệnh: thêm --yes)."
        ),
        Error::CertificateChoice(c) => certificate_choice(c),
        Error::Cancelled => "Đã huỷ theo yêu cầu. Lần chạy dở dang không được tính là bản sao lưu tốt.".into(),
    }
}

/// The settings page's line about the store: which one, and the newest run checked there.
pub fn offsite_state(
    s: &crate::offsite::push::Shown,
    now: chrono::DateTime<chrono::Local>,
) -> String {
    let last = s.last_run.as_ref().and_then(|(_, at)| {
        chrono::DateTime::parse_from_rfc3339(at)
            .ok()
            .map(|t| t.with_timezone(&chrono::Local))
    });
    let secret = if s.has_secret {
        ""
    } else {
        " Máy này chưa có khoá bí mật: hãy gõ khoá bí mật rồi lưu."
    };
    format!(
        "Kho: {} (mã khoá {}). {}. {}.{secret}",
        s.url,
        s.key_id,
        offsite_age(last, now),
        offsite_cap(s.limit_kib_s, s.link_kib_s)
    )
}

/// The upload's cap as a clerk reads it.
pub fn offsite_cap(limit_kib_s: Option<u32>, link_kib_s: Option<u32>) -> String {
    let share = crate::offsite::push::LINK_SHARE_PERCENT;
    match (limit_kib_s, link_kib_s) {
        (Some(0), _) => "Tốc độ gửi: không giới hạn".into(),
        (Some(k), _) => format!("Tốc độ gửi tối đa: {k} KB/giây"),
        (None, Some(link)) => format!(
            "Tốc độ gửi: tự động, {share}% tốc độ mạng đo được ({} KB/giây trên {link} KB/giây)",
            u64::from(link) * share / 100
        ),
        (None, None) => {
            format!("Tốc độ gửi: tự động, {share}% tốc độ mạng (đo ở lần gửi đầu tiên)")
        }
    }
}

/// What one push sent, in a sentence.
pub fn offsite_pushed(r: &crate::offsite::push::Report) -> String {
    if r.paused {
        return "Máy đang sao lưu vào ổ: tạm dừng gửi ra ngoài trường. Lần sau ứng dụng gửi tiếp, phần đã gửi không phải gửi lại.".into();
    }
    if r.runs.is_empty() {
        return format!(
            "Không có lần sao lưu mới cần gửi: {} lần trên ổ đã có trong kho.",
            r.already
        );
    }
    format!(
        "Đã gửi ra ngoài trường và kiểm tra {} lần sao lưu ({}).",
        r.runs.len(),
        size(r.bytes_sent)
    )
}

/// How long ago a run last reached the offsite store.
pub fn offsite_age(
    last: Option<chrono::DateTime<chrono::Local>>,
    now: chrono::DateTime<chrono::Local>,
) -> String {
    let Some(last) = last else {
        return "Bản sao ngoài trường: chưa gửi lần nào".into();
    };
    let days = (now.date_naive() - last.date_naive()).num_days().max(0);
    match days {
        0 => "Bản sao ngoài trường: hôm nay".into(),
        1..=13 => format!("Bản sao ngoài trường: {days} ngày trước"),
        _ => format!("Bản sao ngoài trường: {} tuần trước", days / 7),
    }
}

/// The offsite state per source: one age when every source reached the store on the same day,
/// otherwise each source with its own ("Bản sao ngoài trường: trang web hôm nay; eSchool 2 tuần
/// trước").
pub fn offsite_ages(
    by_source: &[(String, chrono::DateTime<chrono::Local>)],
    now: chrono::DateTime<chrono::Local>,
) -> String {
    let newest = by_source.iter().map(|(_, at)| *at).max();
    let whole = offsite_age(newest, now);
    let days =
        |at: &chrono::DateTime<chrono::Local>| (now.date_naive() - at.date_naive()).num_days();
    if by_source.windows(2).all(|w| days(&w[0].1) == days(&w[1].1)) {
        return whole;
    }
    let head = "Bản sao ngoài trường: ";
    let each: Vec<String> = by_source
        .iter()
        .map(|(source, at)| {
            let age = offsite_age(Some(*at), now);
            format!(
                "{} {}",
                source_of_stem(source),
                age.trim_start_matches(head)
            )
        })
        .collect();
    format!("{head}{}", each.join("; "))
}

/// A source as its zip's stem names it, in the words a clerk reads.
pub fn source_of_stem(stem: &str) -> String {
    match stem {
        "trang-web" => "trang web".into(),
        "eschool" => "eSchool".into(),
        other => other.to_string(),
    }
}

/// A school's state in the office's overview.
pub fn district_state(s: crate::district::overview::State) -> String {
    use crate::district::overview::State;
    match s {
        State::Dat => "Đạt tuần này".into(),
        State::SapDenHan => "Sắp đến hạn".into(),
        State::QuaHan { days: 0 } => "Đến hạn hôm nay".into(),
        State::QuaHan { days } => format!("Quá hạn {days} ngày"),
        State::ChuaLam => "Chưa làm lần nào".into(),
        State::Loi => "Lỗi chưa khắc phục".into(),
        State::KhongCoTin { days: None } => "Chưa có tin nào từ trường".into(),
        State::KhongCoTin { days: Some(d) } => format!("Không có tin từ {d} ngày"),
        State::DongHoLech { days } => {
            format!("Đồng hồ máy của trường lệch {days} ngày: không tin được ngày giờ")
        }
    }
}

/// The counts above the office's table, in its CLI, its report and its window alike.
pub fn district_counts(o: &crate::district::overview::Overview) -> String {
    format!(
        "Tình trạng các trường lúc {}: {} trường — {} đạt tuần này, {} sắp đến hạn, {} quá hạn, {} có lỗi chưa khắc phục, {} không có tin.",
        o.at.format("%d/%m/%Y %H:%M"),
        o.rows.len(),
        o.compliant,
        o.soon,
        o.overdue,
        o.failing,
        o.silent
    )
}

/// One duty of one school in the office's overview: the duty, then its state.
pub fn district_duty(
    duty: crate::district::overview::Duty,
    s: crate::district::overview::State,
) -> String {
    use crate::district::overview::{Duty, State};
    let name = match duty {
        Duty::Website => "Sao lưu trang web".to_string(),
        Duty::Eschool(section) => section.label().to_string(),
        Duty::Drill => "Kiểm tra khôi phục".to_string(),
        Duty::Footer => "Chân trang web".to_string(),
        Duty::Password => "Đổi mật khẩu quản trị".to_string(),
        Duty::Offsite => "Bản sao ngoài trường".to_string(),
    };
    let state = match (duty, s) {
        (Duty::Footer, State::Loi) => "còn thiếu thông tin hoặc có bài cần xem lại".to_string(),
        (Duty::Footer, State::ChuaLam) => "chưa kiểm tra".to_string(),
        (Duty::Drill, State::Loi) => "lần gần nhất không đạt".to_string(),
        (Duty::Footer | Duty::Password, State::Dat) => "đạt".to_string(),
        (_, State::Dat) => "đạt".to_string(),
        _ => district_state(s).to_lowercase(),
    };
    format!("{name}: {state}")
}

/// A school whose newest backup failed, as the office reads it.
pub fn district_failure(kind: &str, at: chrono::DateTime<chrono::Local>) -> String {
    let what = match kind {
        "website" => "trang web",
        "eschool" => "eSchool",
        _ => "thư mục",
    };
    format!(
        "Lỗi chưa khắc phục: lần sao lưu {what} ngày {} không thành công",
        at.format("%d/%m/%Y")
    )
}

/// What went wrong with the offsite store, said as what to do.
fn school_list(path: &std::path::Path, problem: &crate::district::list::ListProblem) -> String {
    use crate::district::list::ListProblem;
    let why = match problem {
        ListProblem::NotSpreadsheet => {
            "tệp không phải bảng tính Excel (.xlsx, .xls), LibreOffice (.ods) hay tệp .csv"
                .to_string()
        }
        ListProblem::Unreadable(detail) => {
            format!("tệp không mở được hoặc bị hỏng (chi tiết kỹ thuật: {detail})")
        }
        ListProblem::Password => {
            "tệp được đặt mật khẩu; hãy lưu lại một bản không đặt mật khẩu".to_string()
        }
        ListProblem::NoSchools => "trong tệp không có dòng nào ghi mã trường".to_string(),
        ListProblem::BadLevel { row, value } => format!(
            "dòng {row} ghi cấp học “{value}”, không phải mầm non, tiểu học, THCS hay liên cấp"
        ),
    };
    format!(
        "Không dùng được danh sách trường {}: {why}. Danh sách cần một cột “Mã trường” (tên thư mục của trường trong kho); cột “Tên trường” và “Cấp học” có thì tốt. Tệp không có dòng tiêu đề thì đọc theo thứ tự: mã, tên, cấp học.",
        path.display()
    )
}

fn offsite_problem(store: &str, why: crate::offsite::Why, detail: &str) -> String {
    use crate::offsite::Why;
    match why {
        Why::NoNetwork => format!("Không kết nối được tới kho lưu trữ {store}. Hãy kiểm tra mạng Internet của trường. Lần sau ứng dụng gửi tiếp, phần đã gửi không phải gửi lại."),
        Why::StoreDown => format!("Kho lưu trữ {store} báo lỗi của chính nó: máy chủ của kho đang gặp sự cố, hoặc thư mục của trường đã hết dung lượng nên kho chỉ cho đọc. Bản sao trên ổ của trường vẫn an toàn; nếu lỗi kéo dài, hãy báo Phòng/Sở. Lần sau ứng dụng gửi tiếp, phần đã gửi không phải gửi lại."),
        Why::WrongKey => format!("Kho {store} không nhận khoá truy cập. Hãy kiểm tra mã khoá và khoá bí mật do Phòng/Sở cấp rồi nhập lại."),
        Why::Denied => format!("Kho {store} không cho khoá này làm việc đó. Khoá của trường chỉ được thêm bản sao mới vào thư mục của trường, không xoá hay ghi đè được bản cũ; nếu cần, hãy báo Phòng/Sở."),
        Why::ClockSkew => format!("Đồng hồ của máy này lệch quá nhiều so với giờ chuẩn nên kho {store} từ chối. Hãy chỉnh ngày giờ của máy (Windows: Cài đặt → Thời gian và ngôn ngữ → bật Đặt giờ tự động) rồi thử lại."),
        Why::Quota => format!("Kho {store} đã hết dung lượng dành cho trường. Hãy báo Phòng/Sở để tăng dung lượng; bản sao trên ổ của trường vẫn an toàn."),
        Why::Certificate => format!("Máy này không tin chứng chỉ HTTPS của kho {store} (hết hạn, sai tên hoặc tự cấp). Hãy báo Phòng/Sở kiểm tra chứng chỉ của kho."),
        Why::Other => format!("Kho {store} báo lỗi: {detail}."),
    }
}

/// What a setup step still lacks, said as what to do.
fn setup_missing(m: crate::setup::Missing) -> &'static str {
    use crate::setup::Missing;
    match m {
        Missing::Drive => "Chưa có ổ sao lưu. Hãy cắm ổ USB hoặc ổ cứng rời rồi bấm “Dùng ổ này để sao lưu” (hoặc gõ đường dẫn của ổ). Bước này không bỏ qua được: không có ổ thì không có nơi để sao lưu.",
        Missing::Passphrase => "Máy này chưa có mật khẩu mã hoá. Hãy bấm “Tạo mật khẩu mã hoá”.",
        Missing::SheetPlace => "Hãy ghi nơi cất Phiếu khôi phục (ví dụ: tủ hồ sơ phòng Hiệu trưởng), để khi cần người khác tìm được.",
        Missing::SheetConfirmed => "Hãy in Phiếu khôi phục, cất vào nơi đã ghi, rồi đánh dấu “Tôi đã in Phiếu khôi phục và cất ở nơi ghi trên”.",
    }
}

/// The website step's one line: the site answered, what it runs on, and the footer check.
pub fn site_first_look(check: &crate::website::compliance::Check) -> String {
    let runs = match &check.cms {
        Some(cms) => format!("Trang web trả lời, chạy trên {}.", cms.name()),
        None => "Trang web trả lời.".to_string(),
    };
    let missing = check.missing();
    let footer = if missing.is_empty() {
        "Chân trang đủ thông tin theo quy định.".to_string()
    } else {
        format!("Chân trang còn thiếu: {}.", missing.join(", "))
    };
    format!("{runs} {footer}")
}

fn certificate_choice(c: &crate::error::CertificateChoice) -> String {
    use crate::error::CertificateChoice as C;
    match c {
        C::NoSite => "Chưa nhập địa chỉ trang web của trường trong Cài đặt. Chỉ có thể chấp nhận chứng chỉ cho chính trang web của trường.".into(),
        C::NotHttps(u) => format!("Trang web {u} không dùng HTTPS, nên không có chứng chỉ nào để chấp nhận."),
        C::AlreadyValid(u) => format!("Chứng chỉ bảo mật của trang web {u} đang hợp lệ: không cần chấp nhận gì thêm."),
        C::Mismatch { typed, presented } => format!(
            "Dấu vân tay “{typed}” không khớp với chứng chỉ trang web đang dùng ({presented}). Không có gì được thay đổi. Hãy xem lại dấu vân tay đang hiển thị rồi chọn lại."
        ),
    }
}

/// The certificate a school may choose to continue with, as shown before it chooses.
pub fn certificate_offer(fingerprint: &str) -> String {
    format!(
        "Nếu nhà trường chắc chắn đây đúng là trang web của trường (ví dụ người quản trị xác nhận chứng chỉ tự cấp), có thể chọn tiếp tục sao lưu với chứng chỉ này. Dấu vân tay SHA-256: {fingerprint}. Lựa chọn chỉ dùng cho trang web của trường, được ghi nhớ, và tự bỏ ngay khi trang web có chứng chỉ hợp lệ."
    )
}

/// One line on a site's certificate and the school's choice.
pub fn certificate_state(
    p: &crate::website::pin::Presented,
    chosen: Option<&crate::website::pin::Trusted>,
) -> String {
    let state = if p.valid {
        "hợp lệ: máy tính này tin cậy chứng chỉ.".to_string()
    } else {
        p.problem
            .clone()
            .unwrap_or_else(|| "không kết nối được.".into())
    };
    let mut s = format!("Chứng chỉ của {}: {state}", p.url);
    if let Some(fp) = &p.fingerprint {
        s += &format!(" Dấu vân tay SHA-256: {fp}.");
    }
    if let Some(t) = chosen {
        s += &format!(
            " Nhà trường đã chấp nhận chứng chỉ {} (từ {}); lựa chọn tự bỏ khi trang web có chứng chỉ hợp lệ.",
            t.sha256, t.since
        );
    }
    s
}

pub fn certificate_accepted(t: &crate::website::pin::Trusted) -> String {
    format!(
        "Đã chấp nhận chứng chỉ của {} (SHA-256 {}). Lựa chọn sẽ tự bỏ khi trang web có chứng chỉ hợp lệ.",
        t.host, t.sha256
    )
}

pub fn certificate_forgotten(had: bool) -> String {
    if had {
        "Đã bỏ chứng chỉ được chấp nhận trước đây.".into()
    } else {
        "Chưa có chứng chỉ nào được chấp nhận.".into()
    }
}

/// What the log says after a backup that went through with the school's chosen certificate.
pub fn certificate_pinned_note(fingerprint: &str) -> String {
    format!(
        "Trang web vẫn dùng chứng chỉ chưa hợp lệ mà nhà trường đã chọn chấp nhận (SHA-256 {fingerprint}); hãy nhắc người quản trị trang web cài chứng chỉ hợp lệ."
    )
}

/// What the log says when the chosen certificate was dropped because the site has a valid one.
pub const CERTIFICATE_VALID_AGAIN: &str =
    "Trang web đã có chứng chỉ bảo mật hợp lệ: ứng dụng đã bỏ chứng chỉ được chấp nhận trước đây.";

fn io_error(path: &std::path::Path, e: &std::io::Error) -> String {
    let p = path.display();
    if crate::error::held_by_another_program(e) {
        return format!(
            "Tệp {p} đang được mở trong một chương trình khác (ví dụ Excel) nên chưa đọc được. \
             Hãy đóng tệp đó trong chương trình ấy rồi thử lại."
        );
    }
    match e.kind() {
        ErrorKind::NotFound => {
            format!("Không tìm thấy {p}. Có thể ổ đã bị rút ra hoặc tệp đã bị xoá.")
        }
        ErrorKind::PermissionDenied => {
            format!(
                "Không có quyền đọc hoặc ghi {p}. Tệp có thể đang được mở bởi chương trình khác."
            )
        }
        ErrorKind::StorageFull => {
            format!("Ổ chứa {p} đã đầy. Hãy xoá bớt bản sao lưu cũ hoặc dùng ổ lớn hơn.")
        }
        ErrorKind::ReadOnlyFilesystem => format!("Ổ chứa {p} đang ở chế độ chỉ đọc."),
        ErrorKind::FileTooLarge => format!(
            "Tệp {p} quá lớn so với định dạng của ổ (FAT32 không chứa được tệp từ 4 GB trở lên). \
             Hãy dùng ổ định dạng exFAT hoặc NTFS."
        ),
        _ => format!("Lỗi đọc/ghi tại {p} ({e})."),
    }
}

/// Why an exported eSchool file was not stored, and what to do.
pub fn eschool_problem(
    file: &std::path::Path,
    section: crate::eschool::Section,
    p: &crate::eschool::Problem,
) -> String {
    use crate::eschool::Problem;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.display().to_string());
    let why = match p {
        Problem::Empty => "không có dòng dữ liệu nào".to_string(),
        Problem::Corrupt(detail) => {
            format!("bị hỏng hoặc chưa tải xong (chi tiết kỹ thuật: {detail})")
        }
        Problem::Password => {
            "được đặt mật khẩu; hãy xuất lại từ eSchool mà không đặt mật khẩu".to_string()
        }
        Problem::NotSpreadsheet => {
            "không phải bảng tính Excel (.xls, .xlsx), .ods hay .csv".to_string()
        }
        Problem::WrongSection(found) => format!(
            "có vẻ là {}, không phải {}",
            found.label().to_lowercase(),
            section.label().to_lowercase()
        ),
    };
    format!(
        "Tệp “{name}” {why}. Chưa lưu {} lần này; hãy chọn đúng tệp rồi sao lưu lại.",
        section.label().to_lowercase()
    )
}

/// A plugged backup drive was registered under another school name than the settings have.
pub fn school_name_differs(on_drive: &str) -> String {
    format!(
        "Ổ sao lưu ghi tên trường là “{on_drive}”, khác với tên trong Cài đặt. Ứng dụng dùng tên \
         trong Cài đặt; nếu tên đó sai, hãy sửa trong Cài đặt."
    )
}

/// Title and text shown instead of the window on a Windows PC without the WebView2 runtime, the
/// part of Windows that draws the app's window. The tray and the backups do not need it.
pub const WEBVIEW_MISSING_TITLE: &str = "Sao lưu Trường học – cần cài WebView2";
pub const WEBVIEW_MISSING: &str =
    "Máy tính này chưa có Microsoft Edge WebView2 Runtime, thành phần \
của Windows mà cửa sổ Sao lưu Trường học cần để hiển thị.\n\n\
Việc sao lưu vẫn chạy bình thường: dùng biểu tượng Sao lưu Trường học ở khay hệ thống (góc phải \
thanh tác vụ, cạnh đồng hồ) và chọn “Sao lưu ngay”.\n\n\
Để mở được cửa sổ, hãy cài “WebView2 Runtime” (bản Evergreen, miễn phí) từ trang của Microsoft: \
https://developer.microsoft.com/microsoft-edge/webview2/ rồi mở lại chương trình. Windows 10 và \
Windows 11 được cập nhật đầy đủ thường đã có sẵn thành phần này; nếu cần, hãy nhờ bộ phận tin \
học của trường cài giúp.";

/// A remaining time in words: "dưới 1 phút", "12 phút", "2 giờ 5 phút".
pub fn duration(secs: u64) -> String {
    let mins = secs.div_ceil(60);
    match mins {
        0 | 1 if secs < 60 => "dưới 1 phút".into(),
        m if m < 60 => format!("{m} phút"),
        m if m % 60 == 0 => format!("{} giờ", m / 60),
        m => format!("{} giờ {} phút", m / 60, m % 60),
    }
}

/// A progress event as a front end shows it: the facts, and the phase in words, so that every
/// front end words it the same.
#[derive(Clone, serde::Serialize)]
pub struct Shown<'a> {
    #[serde(flatten)]
    pub progress: &'a crate::progress::Progress,
    pub phase_label: &'static str,
}

pub fn shown(p: &crate::progress::Progress) -> Shown<'_> {
    Shown {
        progress: p,
        phase_label: phase(p.phase),
    }
}

/// Why a web server's answer is no page: "máy chủ trả lời mã 404 (không có trang này)".
pub fn http_status(code: u16) -> String {
    let what = match code {
        401 | 403 => "không được phép xem",
        404 | 410 => "không có trang này",
        500..=599 => "máy chủ bị lỗi",
        _ => "không lấy được",
    };
    format!("máy chủ trả lời mã {code} ({what})")
}

pub fn phase(p: Phase) -> &'static str {
    match p {
        Phase::Preparing => "Đang chuẩn bị",
        Phase::Collecting => "Đang thu thập dữ liệu",
        Phase::Writing => "Đang ghi vào ổ sao lưu",
        Phase::Verifying => "Đang kiểm tra lại bản sao lưu",
        Phase::Logging => "Đang ghi nhật ký",
        Phase::Restoring => "Đang khôi phục",
        Phase::Rebuilding => "Đang dựng lại trang web",
        Phase::Sending => "Đang gửi bản sao ra ngoài trường",
        Phase::Fetching => "Đang tải bản sao từ ngoài trường về",
        Phase::Finished => "Hoàn tất",
    }
}

/// eSchool files whose columns were not recognised: kept whole, not counted.
pub fn unrecognised_columns(files: &[String]) -> String {
    format!(
        "Không nhận dạng được cột của {}: tệp được lưu nguyên vẹn, không đếm được số hồ sơ.",
        files.join(", ")
    )
}

/// Sections whose record count fell by more than a fifth since the last backup (`drops`: one
/// sentence each); saving them needs the user's confirmation.
pub fn big_drop(drops: &[String]) -> String {
    format!(
        "Số hồ sơ giảm hơn 20 % so với lần sao lưu trước: {}",
        drops.join(" ")
    )
}

/// Said with [`big_drop`] where the user is asked to confirm.
pub const BIG_DROP_ADVICE: &str = "Đây có thể là tệp của lớp khác hoặc dữ liệu bị lỗi.";

/// A folder the app asked the system to open did not open.
pub fn could_not_open_folder(e: &dyn std::fmt::Display) -> String {
    format!("Không mở được thư mục ({e}).")
}

/// The browser the app asked the system to open did not open.
pub fn could_not_open_browser(e: &dyn std::fmt::Display) -> String {
    format!("Không mở được trình duyệt ({e}).")
}

/// The eSchool wizard's "Mở eSchool" with no address in the settings.
pub const NO_ESCHOOL_URL: &str = "Chưa nhập địa chỉ eSchool của trường. Hãy nhập rồi bấm “Lưu”.";

/// A log entry's line in the window's Nhật ký: its error, or what was written where and its note.
pub fn journal_detail(e: &crate::journal::Entry) -> String {
    if let Some(error) = &e.error {
        return error.clone();
    }
    use crate::journal::{PASSWORD_KIND, REBUILD_KIND};
    let note = e.note.as_deref().filter(|n| !n.is_empty());
    // A confirmed password change and a rebuilt site copy no files onto a drive: their note is
    // what happened ("0 tệp, 0 byte" would say nothing).
    let mut line = match e.source_kind.as_str() {
        PASSWORD_KIND => return note.unwrap_or_default().to_string(),
        REBUILD_KIND => e.target_label.clone(),
        _ => format!("{} tệp, {} – {}", e.files, size(e.bytes), e.target_label),
    };
    if let Some(note) = note {
        line += &format!(" – {note}");
    }
    line
}

/// Why a file of the website was not saved: it is over the size limit for one file.
pub fn too_large_for_one_file(max: u64) -> String {
    format!("tệp lớn hơn giới hạn {} cho một tệp", size(max))
}

/// Why a page of the website was not saved: it sends the crawl off the school's site.
pub fn redirected_off_site(to: &str) -> String {
    format!("chuyển hướng ra ngoài trang web của trường ({to}), không sao lưu")
}

/// Why the rest of a website was not saved: one backup's total size limit was reached.
pub fn over_total_limit(max: u64) -> String {
    format!(
        "vượt giới hạn tổng dung lượng {} của một lần sao lưu",
        size(max)
    )
}

/// Why a page was given up: the server asked for a longer pause than the app accepts.
pub fn asks_to_wait_too_long(wait: std::time::Duration) -> String {
    format!(
        "máy chủ yêu cầu chờ {} phút, lâu hơn mức ứng dụng chấp nhận",
        wait.as_secs() / 60
    )
}

/// What is wrong with one file of a backup, as `verify` found it.
pub fn damage(d: &crate::verify::Damage) -> String {
    use crate::verify::Damage;
    match d {
        Damage::Unreadable { message } => format!("không đọc được ({message})"),
        Damage::NoManifest => "thiếu tệp manifest.json, không phải bản sao lưu của ứng dụng".into(),
        Damage::EntryChanged { entry } => format!("tệp “{entry}” bên trong đã bị hỏng"),
        Damage::EntryMissing { entry } => format!("thiếu tệp “{entry}”"),
        Damage::SumMismatch => {
            "mã SHA-256 không khớp với SHA256SUMS (tệp đã bị thay đổi hoặc hỏng)".into()
        }
        Damage::ZipMissing => "tệp nén bị mất".into(),
        Damage::NoSums => "thiếu tệp SHA256SUMS".into(),
    }
}

/// What a person types at a terminal to say yes (the question says "c = có").
pub const YES: [&str; 4] = ["c", "có", "co", "y"];

/// WordPress refused the application password on a site without HTTPS: it accepts them only over
/// HTTPS (or on a site set up as a local test site), whatever the password.
pub fn wordpress_needs_https() -> String {
    "WordPress từ chối mật khẩu ứng dụng vì trang web chưa dùng HTTPS: WordPress chỉ nhận mật khẩu \
     ứng dụng qua kết nối https://. Hãy nhờ đơn vị quản lý máy chủ (nhà cung cấp hosting) cài \
     chứng chỉ HTTPS cho trang web, rồi chạy lại với địa chỉ https://."
        .into()
}

/// WordPress refused the user name or the application password.
pub fn wordpress_login_refused() -> String {
    "WordPress từ chối đăng nhập: hãy kiểm tra tên người dùng và mật khẩu ứng dụng (Người dùng → \
     Hồ sơ → Mật khẩu ứng dụng)."
        .into()
}

/// A file the old site had is not in the restored backup.
/// The steps in `dung-lai-nukeviet/HUONG-DAN.txt`, for the site's administrator.
pub fn nukeviet_steps() -> String {
    [
        "DỰNG LẠI TRANG NUKEVIET CỦA TRƯỜNG TỪ BẢN SAO LƯU",
        "",
        "Thư mục này có các bài tin tức của trang theo đúng cách NukeViet lưu chúng:",
        "  uploads/         ảnh và tệp đính kèm, đúng chỗ cũ (uploads/news/…)",
        "  chuyen-muc.csv   các chuyên mục: tên và liên kết tĩnh",
        "  bai-viet.csv     từng bài: các ô của mẫu “Thêm bài viết” (mở bằng Excel)",
        "  bai-viet/        nội dung chi tiết của từng bài (mã HTML)",
        "Ảnh và tệp trong bài đã được đổi sang đường dẫn /uploads/…, nên bài hiện đúng ở địa chỉ cũ",
        "lẫn địa chỉ mới.",
        "",
        "1. Cài lại NukeViet (cùng phiên bản trường đang dùng) hoặc nhờ nhà cung cấp hosting khôi phục",
        "   mã nguồn; đăng nhập trang quản trị.",
        "2. Chép thư mục uploads/ ở đây vào thư mục gốc của trang (qua FTP hoặc trình quản lý tệp của",
        "   hosting), gộp vào thư mục uploads/ sẵn có.",
        "3. Tin tức → Chuyên mục: tạo các chuyên mục trong chuyen-muc.csv, giữ đúng liên kết tĩnh để",
        "   địa chỉ các bài như cũ.",
        "4. Tin tức → Thêm bài viết, cho từng dòng của bai-viet.csv: Tiêu đề, Liên kết tĩnh, Chuyên mục,",
        "   Giới thiệu ngắn gọn, Hình minh họa (tệp trong uploads/news theo cột Hình minh họa), Thời gian",
        "   đăng. Nội dung chi tiết: bấm nút “Mã HTML” (Source) của trình soạn thảo, dán toàn bộ tệp ghi",
        "   ở cột “Nội dung chi tiết (tệp)” (mở bằng Notepad), bấm lại “Mã HTML”, rồi lưu bài.",
        "5. NukeViet 4.x không có chức năng nhập bài hàng loạt; API của NukeViet (không có trước bản 4.5,",
        "   tắt sẵn từ bản 4.5) không có lệnh tạo bài tin tức, nên phải nhập bài trong trang quản trị.",
        "6. Khi trang chạy lại: đổi mật khẩu mọi tài khoản quản trị.",
    ]
    .join("\r\n")
        + "\r\n"
}

/// A menu item whose menu could not be made.
pub fn menu_missing() -> &'static str {
    "chưa tạo được menu chứa mục này"
}

pub fn file_not_in_backup(url: &str) -> String {
    format!("bản sao lưu không có tệp {url}")
}

/// The log's name for a rebuild.
pub fn rebuild_name(site: &str) -> String {
    format!("Dựng lại trang web lên {site}")
}

/// The log's account of a rebuild.
pub fn rebuilt(r: &crate::website::rebuild::Report) -> String {
    use crate::website::rebuild::Done;
    let failed: Vec<String> = r
        .items
        .iter()
        .filter(|i| i.done == Done::Failed)
        .map(|i| format!("{} ({})", i.title, i.error.as_deref().unwrap_or_default()))
        .collect();
    let mut s = format!(
        "Đã tạo {} mục, {} mục trang đã có sẵn, {} mục lỗi.",
        r.count(Done::Created),
        r.count(Done::Existing),
        failed.len()
    );
    if !failed.is_empty() {
        s += &format!(" Lỗi: {}", failed.join("; "));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offsite_copys_age_reads_as_a_clerk_says_it() {
        use chrono::TimeZone;
        let now = chrono::Local
            .with_ymd_and_hms(2026, 12, 7, 9, 0, 0)
            .unwrap();
        let ago = |d: i64| Some(now - chrono::Duration::days(d));
        assert_eq!(
            offsite_age(None, now),
            "Bản sao ngoài trường: chưa gửi lần nào"
        );
        assert_eq!(offsite_age(ago(0), now), "Bản sao ngoài trường: hôm nay");
        let one = |s: &str, d| (s.to_string(), ago(d).unwrap());
        assert_eq!(
            offsite_ages(&[one("eschool", 0), one("trang-web", 0)], now),
            "Bản sao ngoài trường: hôm nay"
        );
        assert_eq!(
            offsite_ages(&[one("eschool", 15), one("trang-web", 0)], now),
            "Bản sao ngoài trường: eSchool 2 tuần trước; trang web hôm nay"
        );
        assert_eq!(
            offsite_ages(&[], now),
            "Bản sao ngoài trường: chưa gửi lần nào"
        );
        assert_eq!(
            offsite_age(ago(3), now),
            "Bản sao ngoài trường: 3 ngày trước"
        );
        assert_eq!(
            offsite_age(ago(15), now),
            "Bản sao ngoài trường: 2 tuần trước"
        );
    }

    #[test]
    fn a_log_line_says_files_only_for_what_copies_files() {
        let entry = |kind: &str, note: &str| crate::journal::Entry {
            id: 1,
            started_at: chrono::Local::now(),
            finished_at: None,
            source_kind: kind.into(),
            source_name: kind.into(),
            target_label: "usb".into(),
            target_id: String::new(),
            run_dir: String::new(),
            files: 3,
            bytes: 2048,
            outcome: crate::journal::Outcome::Success,
            outcome_label: "",
            verified: true,
            error: None,
            note: Some(note.into()),
            details: None,
        };
        assert_eq!(
            journal_detail(&entry(crate::journal::PASSWORD_KIND, "Đã đổi")),
            "Đã đổi"
        );
        assert_eq!(
            journal_detail(&entry(crate::journal::REBUILD_KIND, "Đã tạo 5 mục")),
            "usb – Đã tạo 5 mục"
        );
        assert!(journal_detail(&entry("website", "")).starts_with("3 tệp, 2,0 KB – usb"));
    }

    #[test]
    fn durations_in_words() {
        assert_eq!(duration(20), "dưới 1 phút");
        assert_eq!(duration(600), "10 phút");
        assert_eq!(duration(7200), "2 giờ");
        assert_eq!(duration(7500), "2 giờ 5 phút");
    }

    #[test]
    fn sizes_use_vietnamese_decimal_comma() {
        assert_eq!(size(512), "512 byte");
        assert_eq!(size(1536), "1,5 KB");
        assert_eq!(size(5 * 1024 * 1024 * 1024), "5,0 GB");
    }

    #[test]
    fn unregistered_target_names_the_command_to_fix_it() {
        let m = error(&Error::TargetNotRegistered("E:\\".into()));
        assert!(m.contains("saoluu drive init"), "{m}");
    }

    #[test]
    fn full_disk_is_explained_not_dumped() {
        let e = Error::io("/mnt/usb/x", std::io::Error::from(ErrorKind::StorageFull));
        assert!(error(&e).contains("đã đầy"));
    }
}
