//! The principal's report from a log with known runs: an eSchool backup refused then redone, a
//! restore drill and a password confirmation, week by week, as HTML, PDF and an Excel workbook.

use saoluu_tests::*;
use std::fs;

const PASS: &str = "HKT7-M2QZ-VB9R-XC4N-PW8D-FJ3S";

#[test]
fn the_report_shows_each_week_what_was_done_and_what_went_wrong() {
    let d = tempfile::tempdir().unwrap();
    let usb = registered_usb(d.path());
    ok(saoluu(d.path()).args([
        "config",
        "--school",
        "Trường Tiểu học Hoa Sen",
        "--co-quan-chu-quan",
        "Phòng GD&ĐT quận Hoàn Kiếm",
        "--phan-he",
        "hoc-sinh",
    ]));
    let eschool = |file: &std::path::Path| {
        let mut c = saoluu(d.path());
        c.args(["backup", "eschool", "--to"])
            .arg(&usb)
            .arg("--hoc-sinh")
            .arg(file)
            .env("SAOLUU_PASSPHRASE", PASS);
        c
    };
    // A wrong file first (a PDF): refused and logged as a failure.
    let wrong = d.path().join("bao-cao.xlsx");
    fs::write(&wrong, b"%PDF-1.4 not a workbook").unwrap();
    fails(&mut eschool(&wrong));
    // The failure stays on the status panel and in the tray until a good run follows.
    let status = json(&ok(saoluu(d.path()).args(["status", "--json"])));
    assert!(
        status["failure"]
            .as_str()
            .is_some_and(|f| f.contains("không phải bảng tính")),
        "{status}"
    );
    let students = d.path().join("hoc-sinh.csv");
    fs::write(
        &students,
        "Mã học sinh,Họ và tên,Ngày sinh\nHS01,Nguyễn An,01/02/2018\nHS02,Lê Bình,03/04/2018\n",
    )
    .unwrap();
    ok(&mut eschool(&students));
    let status = json(&ok(saoluu(d.path()).args(["status", "--json"])));
    assert!(status["failure"].is_null(), "{status}");
    let mut drill = saoluu(d.path());
    drill
        .args(["drill", "--to"])
        .arg(&usb)
        .env("SAOLUU_PASSPHRASE", PASS)
        .stdin(std::process::Stdio::null());
    ok(&mut drill);
    ok(saoluu(d.path()).args(["mat-khau-quan-tri", "--da-doi"]));

    let today = chrono::Local::now().date_naive();
    let day = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
    let from = today - chrono::Duration::days(14);
    let html_out = d.path().join("bao-cao.html");
    let said = ok(saoluu(d.path())
        .args(["report", "--from", &day(from), "--to", &day(today), "--out"])
        .arg(&html_out));
    assert!(said.contains("Đã lập báo cáo thực hiện"), "{said}");
    let html = fs::read_to_string(&html_out).unwrap();
    assert!(
        html.contains("Phòng GD&amp;ĐT quận Hoàn Kiếm") && html.contains("Trường Tiểu học Hoa Sen")
    );
    // Three weeks touch the period; only this one has runs.
    let rows: Vec<&str> = html.split("<tr class=\"tuan\"").skip(1).collect();
    assert!((3..=4).contains(&rows.len()), "{}", rows.len());
    let this_week = rows.last().unwrap();
    assert!(
        this_week.contains("Hồ sơ học sinh — 2 hồ sơ (lần sao lưu đầu tiên)"),
        "{this_week}"
    );
    assert!(
        this_week.contains("Đạt — Khôi phục thử thành công"),
        "{this_week}"
    );
    assert!(
        this_week.contains("đã xác nhận đổi mật khẩu quản trị"),
        "{this_week}"
    );
    assert!(
        this_week.contains("không phải bảng tính"),
        "the failure: {this_week}"
    );
    assert!(
        this_week.contains("đã khắc phục: sao lưu lại thành công ngày"),
        "{this_week}"
    );
    assert!(this_week.contains("class=\"dat\">Đạt<"), "{this_week}");
    let earlier = rows[0];
    assert!(
        earlier.contains("Chưa đạt: chưa sao lưu hồ sơ học sinh"),
        "{earlier}"
    );

    let xlsx = d.path().join("bao-cao.xlsx");
    ok(saoluu(d.path())
        .args(["report", "--from", &day(from), "--to", &day(today), "--out"])
        .arg(&xlsx));
    let strings = unzip_entry(&xlsx, "xl/sharedStrings.xml");
    assert!(
        strings.contains("Báo cáo") || strings.contains("Tuần"),
        "{strings}"
    );
    assert!(
        strings.contains("đã xác nhận đổi mật khẩu quản trị"),
        "{strings}"
    );
    // As PDF, read back by poppler (another program): the same weeks, in Vietnamese, one page
    // per screenful, the font embedded so it prints the same on any PC.
    let pdf = d.path().join("bao-cao.pdf");
    ok(saoluu(d.path())
        .args(["report", "--from", &day(from), "--to", &day(today), "--out"])
        .arg(&pdf));
    let text = pdf_text(&pdf);
    for want in [
        "BÁO CÁO THỰC HIỆN SAO LƯU DỮ LIỆU",
        "Phòng GD&ĐT quận Hoàn Kiếm",
        "Trường Tiểu học Hoa Sen",
        "Chưa đạt: chưa sao lưu hồ sơ học sinh",
        "đã xác nhận đổi mật khẩu quản trị",
        "Hiệu trưởng (ký, đóng dấu)",
        "Trang 1/1",
    ] {
        assert!(text.contains(want), "{want} not in:\n{text}");
    }
    assert!(text.contains("Số tuần đạt: 1/3."), "{text}");
    // With no file named, a PDF named after the period lands in the user's Documents, as the
    // app's "Lưu PDF" does (Wine has its own Documents folder; the rule is the engine's either way).
    if !on_windows() {
        let home = d.path().join("nha");
        let out = ok(saoluu(d.path())
            .env("HOME", &home)
            .env_remove("XDG_CONFIG_HOME")
            .args(["report", "--from", &day(from), "--to", &day(today)]));
        let name = format!(
            "Bao-cao-thuc-hien-{}-{}.pdf",
            from.format("%Y%m%d"),
            today.format("%Y%m%d")
        );
        assert!(out.contains(&name), "{out}");
        assert!(pdf_text(&home.join(&name)).contains("Trường Tiểu học Hoa Sen"));
    }
    let (_, err) = fails(
        saoluu(d.path())
            .args(["report", "--from", &day(from), "--to", &day(today), "--out"])
            .arg(d.path().join("bao-cao.docx")),
    );
    assert!(err.contains(".pdf hoặc .html"), "{err}");
    let (_, err) = fails(
        saoluu(d.path())
            .args(["report", "--from", &day(today), "--to", &day(from), "--out"])
            .arg(d.path().join("bao-cao-nguoc.html")),
    );
    assert!(err.contains("Ngày kết thúc"), "{err}");
    assert!(!d.path().join("bao-cao-nguoc.html").exists());
}
