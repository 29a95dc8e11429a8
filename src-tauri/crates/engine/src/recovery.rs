//! The recovery sheet (phiếu khôi phục): a printable page for the principal's safe with the
//! passphrase in groups, its check code, where the backups are and how to restore without the app.

use crate::drive::Target;
use crate::passphrase::Passphrase;
use chrono::{DateTime, Local};

use crate::text::html_escape as esc;

/// The passphrase in groups of four characters, with spaces made visible as `␣`, so it can be
/// copied from paper reliably. Generated passphrases are already grouped with `-` and stay as they are.
pub fn grouped(p: &Passphrase) -> String {
    let s = p.expose();
    let generated = s
        .split('-')
        .all(|g| g.len() == 4 && g.chars().all(|c| c.is_ascii_alphanumeric()));
    if generated {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().map(|c| if c == ' ' { '␣' } else { c }).collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("  ")
}

/// The sheet's content for this school and its plugged-in drives, for the app's own print view:
/// shown there from memory, so the passphrase is never written to a file for it.
pub fn sheet_for(config: &crate::config::Config, pass: &Passphrase) -> String {
    let drives = crate::drive::present_targets(&config.targets);
    sheet_body(&config.school(&drives).name, pass, &drives, Local::now())
}

/// Writes the sheet for this school and its plugged-in drives to `path`, or to a dated file in
/// Documents, and returns where it went: only when the person asks for a file (the CLI's
/// `--out`, the app's "save" after its warning), since the file holds the passphrase.
pub fn save_sheet(
    config: &crate::config::Config,
    pass: &Passphrase,
    path: Option<&std::path::Path>,
) -> crate::Result<std::path::PathBuf> {
    let now = Local::now();
    let path = match path {
        Some(p) => p.to_path_buf(),
        None => {
            let dir = crate::restore::documents();
            std::fs::create_dir_all(&dir).map_err(|e| crate::Error::io(&dir, e))?;
            dir.join(format!("Phieu-khoi-phuc-{}.html", now.format("%Y-%m-%d")))
        }
    };
    let drives = crate::drive::present_targets(&config.targets);
    let html = sheet_html(&config.school(&drives).name, pass, &drives, now);
    crate::archive::write_atomically(&path, html.as_bytes())?;
    Ok(path)
}

/// The sheet as a page of its own, to open in any browser and print.
pub fn sheet_html(
    school: &str,
    pass: &Passphrase,
    drives: &[Target],
    now: DateTime<Local>,
) -> String {
    let shown = if school.is_empty() {
        "(chưa nhập tên trường)"
    } else {
        school
    };
    format!(
        r#"<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Phiếu khôi phục – {title}</title>
<style>body{{font-family:"Noto Sans","Segoe UI",sans-serif;max-width:45em;margin:2em auto;font-size:14pt}}
.mk{{font-family:monospace;font-size:20pt;letter-spacing:.1em;border:2px solid #000;padding:.5em;text-align:center}}
@media print{{button{{display:none}}}}</style></head>
<body>
{body}
<button onclick="window.print()">In phiếu này</button>
</body></html>
"#,
        title = esc(shown),
        body = sheet_body(school, pass, drives, now),
    )
}

/// What the sheet says, without a page around it: no style or script of its own, so the app's
/// print view can show it under its own rules.
pub fn sheet_body(
    school: &str,
    pass: &Passphrase,
    drives: &[Target],
    now: DateTime<Local>,
) -> String {
    let school = if school.is_empty() {
        "(chưa nhập tên trường)"
    } else {
        school
    };
    let mut drive_rows = String::new();
    for d in drives {
        drive_rows += &format!(
            "<li>Ổ “{}” – mã ổ {} – đăng ký ngày {}</li>",
            esc(&d.marker.label),
            esc(&d.marker.drive_id),
            d.marker.created_at.format("%d/%m/%Y")
        );
    }
    if drive_rows.is_empty() {
        drive_rows =
            "<li>(ghi tay: ổ sao lưu được cất ở đâu) ........................................</li>"
                .into();
    }
    format!(
        r#"<h1>PHIẾU KHÔI PHỤC DỮ LIỆU SAO LƯU</h1>
<p><strong>{school}</strong> – lập ngày {date}</p>
<p>Cất phiếu này trong tủ của Hiệu trưởng. Không chụp ảnh, không gửi qua mạng.</p>
<h2>Mật khẩu mã hoá</h2>
<p class="mk">{grouped}</p>
<p>Mã kiểm tra: <strong>{check}</strong> (ứng dụng hiện mã này khi mật khẩu gõ vào là đúng). Khoảng trống giữa các nhóm chỉ để dễ đọc, khi gõ thì bỏ qua; dấu ␣ là một dấu cách phải gõ; dấu “-” phải gõ.</p>
<p>Mật khẩu này mở các tệp được mã hoá (dữ liệu eSchool, thư mục có dữ liệu cá nhân). Nếu đổi mật khẩu, các bản sao lưu cũ vẫn mở bằng mật khẩu cũ: hãy giữ cả phiếu cũ.</p>
<h2>Bản sao lưu nằm ở đâu</h2>
<ul>{drive_rows}</ul>
<p>Trên ổ, mọi thứ nằm trong thư mục <code>SaoLuuTruongHoc</code>; mỗi lần sao lưu là một thư mục mang ngày giờ (ví dụ 2026-11-25_090000).</p>
<h2>Cách khôi phục</h2>
<ol>
<li>Cài ứng dụng Sao lưu Trường học trên một máy bất kỳ, cắm ổ sao lưu, chọn <em>Khôi phục</em>, nhập mật khẩu trên phiếu này.</li>
<li>Không có ứng dụng: mở tệp .zip bằng 7-Zip hoặc WinRAR, nhập mật khẩu khi được hỏi. Tệp DOC-TOI.txt trong mỗi tệp nén hướng dẫn cách kiểm tra.</li>
<li>Kiểm tra tệp nén còn nguyên vẹn: so mã trong tệp SHA256SUMS với <code>certutil -hashfile tên-tệp.zip SHA256</code>.</li>
</ol>"#,
        school = esc(school),
        date = now.format("%d/%m/%Y"),
        grouped = esc(&grouped(pass)),
        check = pass.check_code(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_shows_grouped_passphrase_and_check_code() {
        let p = Passphrase::new("ABCD-EFGH-JKMN-PQRS").unwrap();
        assert_eq!(grouped(&p), "ABCD-EFGH-JKMN-PQRS");
        let chosen = Passphrase::new("hoa sen nở rộ 2026").unwrap();
        assert_eq!(grouped(&chosen), "hoa␣  sen␣  nở␣r  ộ␣20  26");
        let html = sheet_html("Trường <Tiểu học> A", &p, &[], Local::now());
        assert!(html.contains("ABCD-EFGH-JKMN-PQRS"));
        assert!(html.contains(&p.check_code()));
        assert!(html.contains("Trường &lt;Tiểu học&gt; A"));
        assert!(html.contains("SaoLuuTruongHoc"));
        // The print view's content carries no style or script of its own (the window's policy
        // would refuse them).
        let body = sheet_body("Trường A", &p, &[], Local::now());
        assert!(body.contains("ABCD-EFGH-JKMN-PQRS") && body.contains(&p.check_code()));
        assert!(!body.contains("<style") && !body.contains("<script") && !body.contains("onclick"));
        assert!(!body.contains("style="));
    }
}
