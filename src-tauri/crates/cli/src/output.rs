//! How results look in a terminal: a progress bar fed by engine events and Vietnamese summaries.

use indicatif::{ProgressBar, ProgressStyle};
use saoluu_engine::backup::RunReport;
use saoluu_engine::config::Config;
use saoluu_engine::journal::Entry;
use saoluu_engine::progress::{CancelToken, Progress};
use saoluu_engine::status::Status;
use saoluu_engine::verify::{self, Damage};
use saoluu_engine::{message, restore, Error};
use std::process::ExitCode;

pub fn fail(e: &Error) -> ExitCode {
    eprintln!("Lỗi: {}", message::error(e));
    ExitCode::FAILURE
}

pub fn print_json<T: serde::Serialize + ?Sized>(v: &T) {
    println!(
        "{}",
        serde_json::to_string_pretty(v).expect("results serialise")
    );
}

/// Prints a finished operation's report (JSON or the Vietnamese summary) and turns whether it was
/// complete into the exit code, so scripts and schedulers see a partial result as a failure.
pub fn answer<T: serde::Serialize + ?Sized>(
    json: bool,
    report: &T,
    summary: fn(&T),
    complete: bool,
) -> std::process::ExitCode {
    if json {
        print_json(report);
    } else {
        summary(report);
    }
    if complete {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}

/// Ctrl-C asks the engine to stop between files; the partial run is then not recorded as good.
pub fn cancel_on_ctrl_c(cancel: CancelToken) {
    let _ = ctrlc::set_handler(move || {
        eprintln!("\nĐang dừng theo yêu cầu…");
        cancel.cancel();
    });
}

/// The engine's progress as a terminal bar; hidden with `--json` or when output is not a terminal.
pub struct Bar(Option<ProgressBar>);

impl Bar {
    pub fn new(json: bool) -> Bar {
        if json {
            return Bar(None);
        }
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {msg:40!} [{bar:30}] {pos}/{len} {binary_bytes}",
            )
            .expect("static template")
            .progress_chars("=> "),
        );
        Bar(Some(bar))
    }

    pub fn update(&self, p: &Progress) {
        if let Some(b) = &self.0 {
            b.set_length(p.total.max(p.done));
            b.set_position(p.done);
            let item = if p.item.is_empty() {
                String::new()
            } else {
                format!(": {}", p.item)
            };
            b.set_message(format!("{}{item}", message::phase(p.phase)));
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

pub fn backup_summary(r: &RunReport) {
    for s in &r.sources {
        match &s.error {
            None => println!(
                "✔ {}: đã lưu {} tệp ({}) vào {}",
                s.source.name,
                s.files,
                message::size(s.bytes),
                s.zip.as_deref().unwrap_or("")
            ),
            Some(e) => println!("✘ {}: {e}", s.source.name),
        }
        if let Some(w) = &s.website {
            println!("    {}", website_line(w));
        }
        if let Some(e) = &s.eschool {
            println!("    {}", e.note());
        }
        for p in &s.problems {
            println!("    – không lấy được {}: {}", p.path, p.reason);
        }
    }
    if let Some(dir) = &r.run_dir {
        println!("Bản sao lưu: {}", dir.display());
        println!(
            "Đã kiểm tra lại từ ổ: {} tệp nén, {} tệp bên trong, không có lỗi.",
            r.verify.zips, r.verify.entries
        );
    }
    if !r.pruned.removed.is_empty() {
        println!(
            "Đã xoá {} bản sao lưu cũ theo chính sách giữ lại (giải phóng {}).",
            r.pruned.removed.len(),
            message::size(r.pruned.freed_bytes)
        );
    }
    if let Some(log) = &r.drive_log {
        println!("Nhật ký trên ổ sao lưu: {}", log.display());
    }
    if r.all_good() {
        println!("Sao lưu thành công.");
    } else {
        println!("Sao lưu CHƯA đầy đủ: xem các dòng ✘ ở trên.");
    }
}

pub fn certificate_summary(
    seen: &saoluu_engine::website::pin::Presented,
    chosen: Option<&saoluu_engine::website::pin::Trusted>,
) {
    println!(
        "{}",
        saoluu_engine::message::certificate_state(seen, chosen)
    );
    if let (false, Some(fp), None) = (seen.valid, &seen.fingerprint, chosen) {
        println!("{}", saoluu_engine::message::certificate_offer(fp));
        println!("Để chấp nhận: saoluu chung-chi --chap-nhan {fp}");
    }
}

pub fn check_site_summary(c: &saoluu_engine::website::compliance::Check) {
    println!("Kiểm tra trang web {} theo quy định", c.site);
    println!("Chân trang phải có:");
    for i in &c.items {
        match &i.text {
            Some(t) => println!("  ✔ {}: {t}", i.label),
            None => println!("  ✘ {}: không thấy", i.label),
        }
    }
    println!("{}", c.articles_sentence());
    if c.reposts.is_empty() {
        println!("Không thấy bài viết nào có dấu hiệu lấy lại từ báo chí, cổng thông tin.");
    } else {
        println!("Bài viết cần người xem lại (ứng dụng không xoá gì):");
        for r in &c.reposts {
            println!("  – {} ({}): {}", r.title, r.url, r.reasons.join("; "));
        }
    }
    for l in c.legal {
        match l.replaced_by {
            None => println!("Căn cứ: {} (đang có hiệu lực).", l.code),
            Some(r) => println!("({} đã được thay thế bởi {}.)", l.code, r),
        }
    }
    let missing = c.missing();
    if missing.is_empty() {
        println!("Chân trang đủ thông tin theo quy định.");
    } else {
        println!(
            "Chân trang còn thiếu: {}. Hãy bổ sung trên trang web.",
            missing.join(", ")
        );
    }
}

fn website_line(w: &saoluu_engine::website::Summary) -> String {
    format!(
        "{} trang ({} bài viết), {} tài liệu; {} yêu cầu tới máy chủ, tải mới {} ({}), {} không đổi, {} dùng lại; {} trang mới, {} thay đổi, {} không còn",
        w.pages,
        w.articles,
        w.documents,
        w.requests,
        w.downloaded,
        message::size(w.downloaded_bytes),
        w.not_modified,
        w.reused,
        w.new,
        w.changed,
        w.vanished
    )
}

fn damage(d: &Damage) -> String {
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

pub fn verify_summary(r: &verify::Report) {
    for p in &r.problems {
        println!("✘ {}: {}", p.file.display(), damage(&p.damage));
    }
    if r.encrypted_unchecked > 0 {
        println!(
            "{} tệp được mã hoá: đã kiểm tra nguyên vẹn cả tệp nén bằng SHA256SUMS; muốn kiểm tra từng tệp bên trong, hãy cho mật khẩu (--passphrase-file).",
            r.encrypted_unchecked
        );
    }
    if r.ok() {
        println!(
            "Bản sao lưu nguyên vẹn: {} lần sao lưu, {} tệp nén, {} tệp ({}).",
            r.runs,
            r.zips,
            r.entries,
            message::size(r.bytes)
        );
    } else {
        println!(
            "Phát hiện {} lỗi. Bản sao lưu có lỗi không dùng được để khôi phục phần bị hỏng.",
            r.problems.len()
        );
    }
}

pub fn restore_summary(r: &restore::Report) {
    for (path, why) in &r.failed {
        println!("✘ {path}: {why}");
    }
    for p in &r.existing {
        println!("– giữ nguyên tệp đã có: {}", p.display());
    }
    println!(
        "Đã khôi phục và kiểm tra {} tệp ({}) vào {}.",
        r.restored,
        message::size(r.bytes),
        r.destination.display()
    );
    if !r.existing.is_empty() {
        println!(
            "{} tệp đã có sẵn nên không ghi đè (dùng --overwrite nếu muốn ghi đè).",
            r.existing.len()
        );
    }
}

pub fn log_table(entries: &[Entry]) {
    if entries.is_empty() {
        println!("Nhật ký sao lưu chưa có lần nào.");
        return;
    }
    for e in entries {
        let when = e.started_at.format("%d/%m/%Y %H:%M");
        let detail = e
            .error
            .clone()
            .unwrap_or_else(|| format!("{} tệp, {}", e.files, message::size(e.bytes)));
        println!(
            "{when}  {:<16} {:<12} {}  {detail}",
            e.source_name, e.outcome_label, e.target_label
        );
    }
}

pub fn status_summary(s: &Status) {
    if s.demo {
        println!("Chưa cài đặt trường: đang ở chế độ trình diễn (saoluu demo).");
    } else {
        println!("Trường: {}", s.school);
        if let Some(note) = &s.school_differs {
            println!("  {note}");
        }
    }
    if s.drives.is_empty() {
        println!("Ổ sao lưu: chưa cắm ổ sao lưu nào.");
    }
    for d in &s.drives {
        println!(
            "Ổ sao lưu đang cắm: {} ({} trống)",
            d.root.display(),
            message::size(d.free_bytes)
        );
    }
    match &s.last_good {
        Some(e) => println!(
            "Lần sao lưu tốt gần nhất: {} ({})",
            e.started_at.format("%d/%m/%Y %H:%M"),
            e.source_name
        ),
        None => println!("Lần sao lưu tốt gần nhất: chưa có"),
    }
    println!("Tuần này: {}", s.due_label);
    for e in &s.eschool {
        println!("  eSchool – {}: {}", e.label, e.due_label);
    }
    println!("{}", s.admin_password_label);
}

/// The directive's account-safety checklist, then the reminder's state.
pub fn admin_password_summary(label: &str) {
    println!("An toàn tài khoản quản trị eSchool và trang web:");
    for item in [
        "Đăng xuất sau mỗi lần dùng, nhất là trên máy dùng chung.",
        "Không cho trình duyệt lưu mật khẩu quản trị (chọn “Không bao giờ” khi được hỏi).",
        "Dùng mật khẩu mạnh: ít nhất 12 ký tự, có chữ hoa, chữ thường, số và ký hiệu; không dùng lại mật khẩu khác.",
        "Đổi mật khẩu quản trị định kỳ, rồi xác nhận bằng: saoluu mat-khau-quan-tri --da-doi",
    ] {
        println!("  • {item}");
    }
    println!("{label}");
}

pub fn config_summary(c: &Config) {
    let or_none = |s: &str| {
        if s.is_empty() {
            "(chưa nhập)".to_string()
        } else {
            s.to_string()
        }
    };
    println!("Tên trường: {}", or_none(&c.school_name));
    println!("Trang web: {}", or_none(&c.website));
    let w = &c.website_settings;
    println!(
        "  {}; tối đa {} địa chỉ, {} tầng liên kết, {} MB mỗi tệp, {} GB mỗi lần",
        if w.fast {
            "chạy nhanh (trang web do trường quản lý)"
        } else {
            "giãn cách yêu cầu (mặc định, tránh bị máy chủ chặn)"
        },
        w.max_urls,
        w.max_depth,
        w.max_file_mb,
        w.max_total_gb
    );
    println!("eSchool: {}", or_none(&c.eschool.url));
    let sections: Vec<&str> = c.eschool.sections.iter().map(|s| s.label()).collect();
    println!("  Phần sao lưu: {}", sections.join(", "));
    match c.backup_day {
        Some(d) => println!(
            "Ngày sao lưu: {} hằng tuần",
            saoluu_engine::schedule::weekday_label(d)
        ),
        None => println!("Ngày sao lưu: 7 ngày sau lần sao lưu trước"),
    }
    for f in &c.folders {
        println!("Thư mục sao lưu: {}", f.display());
    }
    for t in &c.targets {
        println!("Ổ/thư mục sao lưu đã đăng ký: {}", t.display());
    }
}

fn when(t: Option<chrono::DateTime<chrono::Local>>, fallback: &str) -> String {
    t.map(|t| t.format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_else(|| fallback.to_string())
}

pub fn runs_summary(groups: &[saoluu_engine::catalog::Group]) {
    if groups.is_empty() {
        println!("Không có lần sao lưu nào trên ổ này.");
    }
    for g in groups {
        let origin = if g.origin.is_empty() {
            String::new()
        } else {
            format!(" ({})", g.origin)
        };
        println!("{}{origin} — {} lần sao lưu", g.name, g.backups.len());
        for b in &g.backups {
            let lock = if b.encrypted { ", có mã hoá" } else { "" };
            let note = b
                .note
                .as_deref()
                .map(|n| format!(" — {n}"))
                .unwrap_or_default();
            println!(
                "  {}  {}  {} tệp, {}{lock}  [{}]{note}",
                when(b.started_at, &b.run_name),
                b.zips.join(", "),
                b.files,
                message::size(b.bytes),
                b.checked_label
            );
        }
    }
}

pub fn find_summary(name: &str, hits: &[saoluu_engine::catalog::Hit]) {
    if hits.is_empty() {
        println!("Không tìm thấy tệp nào có tên chứa “{name}”.");
        return;
    }
    println!("Tìm thấy {} tệp có tên chứa “{name}”:", hits.len());
    for h in hits {
        println!(
            "  {}  {}  {} ({})",
            when(h.started_at, &h.run_name),
            h.source_name,
            h.path,
            message::size(h.size)
        );
    }
    let h = &hits[0];
    println!(
        "Khôi phục tệp mới nhất: saoluu restore \"{}\" --nguon {} --only \"{}\" --to THƯ_MỤC",
        h.run_dir.display(),
        h.stem,
        h.path
    );
}

pub fn drill_summary(r: &saoluu_engine::drill::Report) {
    for s in &r.sources {
        let mark = if s.ok() { "✔" } else { "✘" };
        let when = saoluu_engine::runs::label(&s.run_name);
        match &s.error {
            Some(e) => println!("{mark} {} ({when}): {e}", s.name),
            None => println!(
                "{mark} {} ({when}): {} tệp khôi phục và kiểm tra; {}",
                s.name,
                s.restored,
                s.checks.join("; ")
            ),
        }
        for (f, why) in &s.failed {
            println!("    ✘ {f}: {why}");
        }
    }
    println!("{}", r.summary);
    println!("Bản khôi phục thử đã được xoá; kết quả đã ghi vào nhật ký trên máy và trên ổ.");
}

pub fn republish_summary(done: &[saoluu_engine::website::republish::Published]) {
    for p in done {
        match (&p.link, &p.error) {
            (Some(link), _) if p.ok => println!("✔ {} → {link}", p.title),
            _ if p.ok => println!("✔ {}", p.title),
            (_, e) => println!("✘ {}: {}", p.title, e.as_deref().unwrap_or("lỗi")),
        }
    }
    let ok = done.iter().filter(|p| p.ok).count();
    println!("Đã đăng {ok}/{} bài viết.", done.len());
}
