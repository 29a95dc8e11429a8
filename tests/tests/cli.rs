//! The `saoluu` binary, end to end: real folders, a real HTTP server on 127.0.0.1, and zips checked
//! by unzip, 7z, Python and sha256sum.

use saoluu_tests::*;
use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

#[test]
fn help_and_version_speak_vietnamese() {
    let d = tempfile::tempdir().unwrap();
    let help = ok(saoluu(d.path()).arg("--help"));
    for want in [
        "Cách dùng",
        "Lệnh:",
        "Tùy chọn:",
        "Sao lưu",
        "Khôi phục",
        "In hướng dẫn này",
    ] {
        assert!(help.contains(want), "{want} missing from:\n{help}");
    }
    assert!(!help.contains("Print help"), "{help}");
    let v = ok(saoluu(d.path()).arg("--version"));
    assert!(v.starts_with("saoluu 0."), "{v}");
    let (_, err) = fails(saoluu(d.path()).arg("khong-co-lenh"));
    assert!(err.contains("Lệnh chưa đúng"), "{err}");
}

#[test]
fn demo_backs_up_the_demo_school_and_the_zips_open_everywhere() {
    let d = tempfile::tempdir().unwrap();
    let out = ok(saoluu(d.path()).arg("demo"));
    assert!(out.contains("Sao lưu thành công"), "{out}");
    let target = d.path().join("trinh-dien").join("o-sao-luu");
    let run = only_run(&target);
    for name in ["trang-web.zip", "Dữ liệu eSchool.zip", "SHA256SUMS"] {
        assert!(
            run.join(name).is_file(),
            "{name} missing in {}",
            run.display()
        );
    }
    assert!(
        out.contains(&shown(&run)),
        "summary names the run folder:\n{out}"
    );
    ok(Command::new("sha256sum")
        .arg("-c")
        .arg("SHA256SUMS")
        .current_dir(&run));
    check_zip_with_other_tools(&run.join("trang-web.zip"));
    check_zip_with_other_tools(&run.join("Dữ liệu eSchool.zip"));

    let log = json(&ok(saoluu(d.path()).args(["log", "--json"])));
    let entries = log.as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert!(
        entries
            .iter()
            .all(|e| e["outcome_label"] == "Thành công" && e["verified"] == true),
        "{log:#}"
    );
    let csv = fs::read_to_string(target.join("SaoLuuTruongHoc").join("NhatKySaoLuu.csv")).unwrap();
    assert!(
        csv.starts_with('\u{feff}') && csv.matches("Thành công").count() == 2,
        "{csv}"
    );
    let html =
        fs::read_to_string(target.join("SaoLuuTruongHoc").join("NhatKySaoLuu.html")).unwrap();
    assert_eq!(html.matches("<td>Thành công</td>").count(), 2, "{html}");

    // The log exports to Excel; the workbook is a valid zip holding the Vietnamese text.
    let xlsx = d.path().join("nhật ký.xlsx");
    ok(saoluu(d.path()).args(["log", "--export"]).arg(&xlsx));
    ok(Command::new("unzip").arg("-t").arg(&xlsx));
    let strings = unzip_entry(&xlsx, "xl/sharedStrings.xml");
    assert!(
        strings.contains("Thành công") && strings.contains("Trang web"),
        "{strings}"
    );
}

#[test]
fn only_registered_targets_are_written() {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("du-lieu");
    fs::create_dir(&src).unwrap();
    fs::write(src.join("a.txt"), "a").unwrap();
    let usb = d.path().join("usb");
    fs::create_dir(&usb).unwrap();

    let (_, err) = fails(&mut backup_folder(d.path(), &src, &usb));
    assert!(
        err.contains("chưa được đăng ký") && err.contains("saoluu drive init"),
        "{err}"
    );
    let (_, err) = fails(&mut backup_folder(d.path(), &src, &d.path().join("E")));
    assert!(err.contains("Không tìm thấy ổ sao lưu"), "{err}");
    assert!(
        !usb.join("SaoLuuTruongHoc").exists(),
        "nothing may be written to an unregistered folder"
    );

    ok(saoluu(d.path())
        .args(["drive", "init"])
        .arg(&usb)
        .args(["--school", "Trường THCS Lê Lợi"]));
    ok(&mut backup_folder(d.path(), &src, &usb));
    only_run(&usb);
    // Failed attempts are in the log too, with their Vietnamese reason.
    let log = json(&ok(saoluu(d.path()).args(["log", "--json"])));
    let failed: Vec<_> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["outcome"] == "failed")
        .collect();
    assert_eq!(failed.len(), 2, "{log:#}");
}

#[test]
fn the_school_named_once_is_named_everywhere() {
    let d = tempfile::tempdir().unwrap();
    let usb = d.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let school = "Trường Mầm non Hoa Sen";
    ok(saoluu(d.path())
        .args(["drive", "init"])
        .arg(&usb)
        .args(["--school", school]));
    let says_it = |data: &Path, what: &str| {
        let status = json(&ok(saoluu(data).args(["status", "--json"])));
        assert_eq!(status["school"], school, "{what}: status {status:#}");
        let plan = data.join("ke-hoach.html");
        ok(saoluu(data).args(["plan", "--out"]).arg(&plan));
        let plan = fs::read_to_string(&plan).unwrap();
        assert!(
            plan.contains(school) && !plan.contains("chưa nhập tên trường"),
            "{what}: the plan names the school"
        );
        let report = data.join("bao-cao.html");
        ok(saoluu(data)
            .args([
                "report",
                "--from",
                "01/12/2026",
                "--to",
                "07/12/2026",
                "--out",
            ])
            .arg(&report));
        let report = fs::read_to_string(&report).unwrap();
        assert!(
            report.contains(school) && !report.contains("chưa nhập tên trường"),
            "{what}: the report names the school"
        );
    };
    says_it(d.path(), "entered at drive registration");

    // A new PC after a disaster: empty settings, the drive registered there again.
    let new_pc = d.path().join("may-moi");
    ok(saoluu(&new_pc).args(["drive", "init"]).arg(&usb));
    says_it(&new_pc, "found on the drive on a new PC");

    // Settings and the drive disagree: the settings win, and the status says so.
    ok(saoluu(&new_pc).args(["config", "--school", "Trường Mầm non Sen Hồng"]));
    let status = json(&ok(saoluu(&new_pc).args(["status", "--json"])));
    assert_eq!(status["school"], "Trường Mầm non Sen Hồng");
    let note = status["school_differs"].as_str().unwrap_or_default();
    assert!(
        note.contains(school) && note.contains("Cài đặt"),
        "{status:#}"
    );
    let text = ok(saoluu(&new_pc).arg("status"));
    assert!(text.contains(note), "{text}");
}

/// A tree with what real school folders have: Vietnamese names, depth, empty files and folders,
/// names Windows forbids.
fn school_tree(root: &Path) {
    let deep = root
        .join("Hồ sơ")
        .join("Năm học 2026–2027")
        .join("Lớp 1A")
        .join("Học kỳ I");
    fs::create_dir_all(&deep).unwrap();
    fs::write(
        deep.join("Bảng điểm Toán – Tiếng Việt.csv"),
        "Họ và tên,Điểm\nNguyễn Văn An,9\n",
    )
    .unwrap();
    fs::write(root.join("Hồ sơ").join("trống.txt"), "").unwrap();
    fs::create_dir_all(root.join("Thư mục rỗng")).unwrap();
    // A Windows folder cannot hold these (the Wine pass would see them under other names); a
    // Linux one can, and they must come back under names Windows takes.
    if !on_windows() {
        fs::write(root.join("CON.txt"), "reserved on Windows").unwrap();
        fs::write(root.join("báo cáo: quý 1?.txt"), "colon and question mark").unwrap();
    }
    let mut big = Vec::new();
    for i in 0..200_000u32 {
        big.extend_from_slice(&i.to_le_bytes());
    }
    fs::write(root.join("ảnh-khai-giảng.jpg"), &big).unwrap();
    for i in 0..300 {
        fs::write(
            root.join("Hồ sơ").join(format!("giấy tờ {i:03}.txt")),
            format!("tệp số {i}"),
        )
        .unwrap();
    }
}

#[test]
fn folder_round_trip_backup_verify_restore_byte_for_byte() {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("Kế toán");
    school_tree(&src);
    let usb = registered_usb(d.path());
    ok(&mut backup_folder(d.path(), &src, &usb));
    let run = only_run(&usb);
    let zip = run.join("Kế toán.zip");
    check_zip_with_other_tools(&zip);
    ok(Command::new("sha256sum")
        .arg("-c")
        .arg("SHA256SUMS")
        .current_dir(&run));
    let v = json(&ok(saoluu(d.path()).args(["verify", "--json"]).arg(&usb)));
    let files = tree(&src).len();
    assert_eq!(v["entries"], files, "{v:#}");
    let log = json(&ok(saoluu(d.path()).args(["log", "--json", "--limit", "1"])));
    assert_eq!(log[0]["outcome_label"], "Đã kiểm tra lại", "{log:#}");

    let restored = d.path().join("khôi phục");
    let out = ok(&mut restore(d.path(), &run, &restored));
    assert!(
        out.contains(&format!("Đã khôi phục và kiểm tra {files} tệp")),
        "{out}"
    );
    let got = tree(&restored.join("Kế toán"));
    let want = tree(&src);
    // Names Windows forbids come back under their safe names; the manifest records the originals.
    let renamed = [
        ("CON.txt", "CON_.txt"),
        ("báo cáo: quý 1?.txt", "báo cáo_ quý 1_.txt"),
    ];
    assert_eq!(got.len(), want.len());
    for (name, bytes) in &want {
        let safe = renamed
            .iter()
            .find(|r| r.0 == name)
            .map(|r| r.1)
            .unwrap_or(name);
        assert_eq!(got.get(safe), Some(bytes), "{name} differs after restore");
    }
    assert!(
        restored.join("Kế toán").join("Thư mục rỗng").is_dir(),
        "empty folders come back"
    );

    // A second restore into the same place overwrites nothing.
    let kept = restored.join("Kế toán").join("ảnh-khai-giảng.jpg");
    let before = fs::metadata(&kept).unwrap().modified().unwrap();
    let (out, _) = fails(&mut restore(d.path(), &run, &restored));
    assert!(out.contains("không ghi đè"), "{out}");
    assert_eq!(fs::metadata(&kept).unwrap().modified().unwrap(), before);

    // --only restores a subset.
    let some = d.path().join("một phần");
    let out = ok(restore(d.path(), &zip, &some).args(["--only", "Hồ sơ/Năm học*/**"]));
    assert!(out.contains("kiểm tra 1 tệp"), "{out}");
}

#[test]
fn one_flipped_byte_is_found_and_named() {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("src");
    fs::create_dir(&src).unwrap();
    fs::write(src.join("ke-hoach.pdf"), vec![b'k'; 50_000]).unwrap();
    let usb = registered_usb(d.path());
    ok(&mut backup_folder(d.path(), &src, &usb));
    let zip = only_run(&usb).join("src.zip");
    let mut bytes = fs::read(&zip).unwrap();
    let at = bytes
        .windows(64)
        .position(|w| w.iter().all(|b| *b == b'k'))
        .unwrap()
        + 1000;
    bytes[at] = b'K';
    fs::write(&zip, bytes).unwrap();
    let (out, _) = fails(saoluu(d.path()).arg("verify").arg(&usb));
    assert!(
        out.contains("src.zip") && out.contains("ke-hoach.pdf") && out.contains("bị hỏng"),
        "{out}"
    );
    let log = json(&ok(saoluu(d.path()).args(["log", "--json", "--limit", "1"])));
    assert_eq!(log[0]["source_name"], "Kiểm tra lại");
    assert_eq!(log[0]["outcome_label"], "Lỗi");
    // The damaged file is refused by restore; nothing half-written is left under its name.
    let dest = d.path().join("r");
    let (out, _) = fails(&mut restore(d.path(), &zip, &dest));
    assert!(out.contains("ke-hoach.pdf"), "{out}");
    assert!(!dest.join("ke-hoach.pdf").exists());
}

fn site_pages() -> HashMap<String, Page> {
    let mut p = HashMap::new();
    p.insert(
        "/".into(),
        Page::html(
            r#"<html><head><link rel="stylesheet" href="/s.css"></head><body>
            <a href="/tin-tuc/bai-1.html">Bài 1</a> <a href="/mat-trang.html">Mất</a> <a href="/loi.html">Lỗi</a>
            <a href="https://baochinhphu.example/bai">Báo</a>
            <a href="/uploads/Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%2001.pdf">Quyết định</a></body></html>"#,
        ),
    );
    p.insert("/s.css".into(), Page::bytes("text/css", b"body{}".to_vec()));
    p.insert(
        "/tin-tuc/bai-1.html".into(),
        Page::html("<p>Khai giảng</p><img src=\"/anh.png\">"),
    );
    p.insert(
        "/anh.png".into(),
        Page::bytes("image/png", vec![0x89, b'P', b'N', b'G']),
    );
    p.insert("/loi.html".into(), Page::status(500));
    p.insert(
        "/uploads/Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%2001.pdf".into(),
        Page::bytes("application/pdf", b"%PDF-1.4 x".to_vec()),
    );
    p
}

#[test]
fn website_backup_saves_pages_and_documents_and_lists_every_failure() {
    let d = tempfile::tempdir().unwrap();
    let site = Site::start(site_pages());
    let usb = registered_usb(d.path());
    let out = ok(saoluu(d.path())
        .args(["backup", "website"])
        .arg(&site.url)
        .arg("--nhanh")
        .arg("--to")
        .arg(&usb));
    assert!(out.contains("không lấy được"), "{out}");
    let run = only_run(&usb);
    let zip = run.join("trang-web.zip");
    check_zip_with_other_tools(&zip);
    let list = ok(Command::new("unzip").arg("-Z1").arg(&zip));
    for want in [
        "ban-sao-offline/index.html",
        "ban-sao-offline/s.css",
        "ban-sao-offline/tin-tuc/bai-1.html",
        "ban-sao-offline/anh.png",
        "van-ban/uploads/Quyết định 01.pdf",
        "bao-cao-thu-thap.html",
    ] {
        assert!(list.lines().any(|l| l == want), "{want} not in:\n{list}");
    }
    let asked = site.asked.lock().unwrap().clone();
    assert!(
        !asked.iter().any(|a| a.contains("baochinhphu")),
        "only the school's own host is fetched"
    );
    let report = unzip_entry(&zip, "bao-cao-thu-thap.html");
    assert!(
        report.contains("/mat-trang.html") && report.contains("404"),
        "{report}"
    );
    assert!(
        report.contains("/loi.html") && report.contains("500"),
        "{report}"
    );
}

#[test]
fn a_dead_website_fails_clearly_and_leaves_no_run() {
    let d = tempfile::tempdir().unwrap();
    let usb = registered_usb(d.path());
    // A port nothing listens on: bind, note the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (_, err) = fails(
        saoluu(d.path())
            .args([
                "backup",
                "website",
                &format!("http://127.0.0.1:{port}/"),
                "--to",
            ])
            .arg(&usb),
    );
    assert!(
        err.contains("Không đọc được trang web") && err.contains("không kết nối được"),
        "{err}"
    );
    assert!(runs(&usb).is_empty());
    let log = json(&ok(saoluu(d.path()).args(["log", "--json"])));
    assert_eq!(log[0]["outcome_label"], "Lỗi");
    assert!(log[0]["error"]
        .as_str()
        .unwrap()
        .contains("Không đọc được trang web"));
}

#[test]
fn killed_mid_run_leaves_nothing_that_looks_complete_and_the_log_says_so() {
    let d = tempfile::tempdir().unwrap();
    let mut pages = HashMap::new();
    let mut home = String::new();
    for i in 0..40 {
        home += &format!("<a href=\"/p{i}.html\">{i}</a>");
        pages.insert(
            format!("/p{i}.html"),
            Page::html("<p>chậm</p>").slow(Duration::from_millis(100)),
        );
    }
    pages.insert("/".to_string(), Page::html(&home));
    let site = Site::start(pages);
    let usb = registered_usb(d.path());
    let mut child = saoluu(d.path())
        .args(["backup", "website"])
        .arg(&site.url)
        .args(["--nhanh", "--to"])
        .arg(&usb)
        .spawn()
        .unwrap();
    // Kill once the crawl is under way.
    let t0 = std::time::Instant::now();
    while site.hits.load(std::sync::atomic::Ordering::SeqCst) < 5
        && t0.elapsed() < Duration::from_secs(30)
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(runs(&usb).is_empty(), "a killed run must not look complete");

    // The next run cleans up and records the killed one as failed.
    let src = d.path().join("src");
    fs::create_dir(&src).unwrap();
    fs::write(src.join("x.txt"), "x").unwrap();
    ok(&mut backup_folder(d.path(), &src, &usb));
    only_run(&usb);
    let leftovers: Vec<_> = fs::read_dir(usb.join("SaoLuuTruongHoc"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".dang-ghi"))
        .collect();
    assert!(leftovers.is_empty());
    let log = json(&ok(saoluu(d.path()).args(["log", "--json"])));
    let killed = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source_kind"] == "website")
        .unwrap();
    assert_eq!(killed["outcome_label"], "Lỗi");
    assert!(
        killed["error"]
            .as_str()
            .unwrap()
            .contains("ngắt giữa chừng"),
        "{killed:#}"
    );
}

#[test]
fn configured_sources_back_up_to_the_plugged_in_drive() {
    let d = tempfile::tempdir().unwrap();
    let site = Site::start(site_pages());
    let src = d.path().join("Văn thư");
    fs::create_dir(&src).unwrap();
    fs::write(src.join("công văn.docx"), "docx").unwrap();
    // Registered, then found without --to.
    registered_usb(d.path());
    ok(saoluu(d.path())
        .args([
            "config",
            "--school",
            "Trường Mầm non Hoa Mai",
            "--website",
            &site.url,
            "--add-folder",
        ])
        .arg(&src));
    let status = json(&ok(saoluu(d.path()).args(["status", "--json"])));
    assert_eq!(status["demo"], false);
    assert_eq!(status["due"]["state"], "never");
    // No --to: the one registered drive that is plugged in. The configured website is paced politely,
    // and this site is small enough for that to take a few seconds.
    let report = json(&ok(saoluu(d.path()).args(["backup", "--json"])));
    let names: Vec<&str> = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["zip"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["trang-web.zip", "Văn thư.zip"]);
    let status = json(&ok(saoluu(d.path()).args(["status", "--json"])));
    assert_eq!(status["due"]["state"], "done");
    assert_eq!(status["due_label"], "Đã sao lưu tuần này");
}

#[test]
fn encrypted_backups_open_in_7zip_with_the_passphrase_and_nowhere_without_it() {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("Hồ sơ học sinh");
    fs::create_dir(&src).unwrap();
    let students =
        "Mã học sinh,Họ và tên,Dân tộc,Số định danh\nHS01,Lò Thị Mai,Thái,001234567890\n";
    fs::write(src.join("danh-sach.csv"), students).unwrap();
    let usb = registered_usb(d.path());
    let pass = "hoa sen nở rộ năm 2026";
    let pass_file = d.path().join("mat-khau.txt");
    fs::write(&pass_file, format!("{pass}\n")).unwrap();

    let (_, err) = fails(
        saoluu(d.path())
            .args(["backup", "folder", "--encrypt"])
            .arg(&src)
            .arg("--to")
            .arg(&usb),
    );
    assert!(err.contains("chưa có mật khẩu"), "{err}");
    // The passphrase comes from a file or the environment, never from the command line.
    ok(saoluu(d.path())
        .args(["backup", "folder", "--encrypt"])
        .arg(&src)
        .arg("--to")
        .arg(&usb)
        .env("SAOLUU_PASSPHRASE", pass));
    let run = only_run(&usb);
    let zip = run.join("Hồ sơ học sinh.zip");
    ok(Command::new("sha256sum")
        .arg("-c")
        .arg("SHA256SUMS")
        .current_dir(&run));
    ok(Command::new("7z")
        .arg("t")
        .arg(format!("-p{pass}"))
        .arg(&zip));
    fails(
        Command::new("7z")
            .arg("t")
            .arg("-psai-mat-khau-roi")
            .arg(&zip),
    );
    let raw = fs::read(&zip).unwrap();
    assert!(
        !raw.windows(9).any(|w| w == &"Lò Thị Mai".as_bytes()[..9]),
        "content must not be readable"
    );
    let methods = ok(Command::new("python3").arg("-c").arg(
        "import sys, zipfile\nprint(sorted({i.compress_type for i in zipfile.ZipFile(sys.argv[1]).infolist() if i.filename == 'danh-sach.csv'}))",
    ).arg(&zip));
    assert_eq!(methods.trim(), "[99]", "AES entries use zip method 99");
    let out7 = d.path().join("7z-out");
    ok(Command::new("7z")
        .arg("x")
        .arg(format!("-p{pass}"))
        .arg(format!("-o{}", out7.display()))
        .arg(&zip));
    assert_eq!(
        fs::read_to_string(out7.join("danh-sach.csv")).unwrap(),
        students
    );

    // Without the passphrase: the whole zip is still checked against SHA256SUMS.
    let out = ok(saoluu(d.path()).arg("verify").arg(&run));
    assert!(
        out.contains("được mã hoá") && out.contains("nguyên vẹn"),
        "{out}"
    );
    let wrong = d.path().join("sai.txt");
    fs::write(&wrong, "đây không phải mật khẩu").unwrap();
    let (_, err) = fails(
        saoluu(d.path())
            .arg("--passphrase-file")
            .arg(&wrong)
            .arg("verify")
            .arg(&run),
    );
    assert!(err.contains("Mật khẩu không đúng"), "{err}");
    let dest = d.path().join("khoi-phuc");
    let (_, err) = fails(
        saoluu(d.path())
            .arg("--passphrase-file")
            .arg(&wrong)
            .arg("restore")
            .arg(&zip)
            .arg("--to")
            .arg(&dest),
    );
    assert!(err.contains("Mật khẩu không đúng"), "{err}");
    assert!(
        !dest.join("danh-sach.csv").exists(),
        "a wrong passphrase writes nothing"
    );
    let (_, err) = fails(&mut restore(d.path(), &zip, &dest));
    assert!(err.contains("chưa có mật khẩu"), "{err}");
    let out = ok(saoluu(d.path())
        .arg("--passphrase-file")
        .arg(&pass_file)
        .arg("verify")
        .arg(&run));
    assert!(
        out.contains("1 tệp") && !out.contains("được mã hoá:"),
        "{out}"
    );
    ok(saoluu(d.path())
        .arg("--passphrase-file")
        .arg(&pass_file)
        .arg("restore")
        .arg(&zip)
        .arg("--to")
        .arg(&dest));
    assert_eq!(
        fs::read_to_string(dest.join("danh-sach.csv")).unwrap(),
        students
    );

    // The recovery sheet carries the passphrase and its check code.
    let sheet = d.path().join("phieu.html");
    let out = ok(saoluu(d.path())
        .arg("--passphrase-file")
        .arg(&pass_file)
        .args(["passphrase", "sheet", "--out"])
        .arg(&sheet));
    assert!(out.contains("Phiếu khôi phục"), "{out}");
    let html = fs::read_to_string(&sheet).unwrap();
    assert!(
        html.contains("hoa␣") && html.contains("Mã kiểm tra"),
        "{html}"
    );
    // No keychain reachable here: saying so is the right answer, not a silent success. (Wine has
    // a credential store; the Wine pass uses it in tests/windows.rs, in a prefix of its own, so
    // that no other test finds a passphrase there.)
    if on_windows() {
        return;
    }
    let (_, err) = fails(saoluu(d.path()).args(["passphrase", "set", "--generate"]));
    assert!(err.contains("kho khoá"), "{err}");
}

/// Writes a zip with Python's zipfile: `entries` are (name, size of zeros), `manifest` the JSON.
fn craft_zip(path: &Path, entries: &[(&str, u64)], manifest: &str) {
    let spec = serde_json::json!({ "entries": entries, "manifest": manifest }).to_string();
    let script = "import sys, json, zipfile\n\
                  spec = json.loads(sys.argv[2])\n\
                  with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:\n\
                  \x20   for name, size in spec['entries']:\n\
                  \x20       with z.open(name, 'w', force_zip64=True) as f:\n\
                  \x20           block = bytes(1 << 20)\n\
                  \x20           left = size\n\
                  \x20           while left > 0:\n\
                  \x20               n = min(left, len(block)); f.write(block[:n]); left -= n\n\
                  \x20   z.writestr('manifest.json', spec['manifest'])\n";
    ok(Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(path)
        .arg(spec));
}

fn manifest_for(entries: &[(&str, u64, &str)]) -> String {
    let list: Vec<_> = entries
        .iter()
        .map(|(p, size, sha)| serde_json::json!({ "path": p, "size": size, "sha256": sha }))
        .collect();
    serde_json::json!({
        "format": 1, "app": "x", "source": { "kind": "folder", "name": "x", "origin": "x" },
        "started_at": "2026-11-25T09:00:00+07:00", "finished_at": "2026-11-25T09:00:01+07:00",
        "entries": list
    })
    .to_string()
}

#[test]
fn hostile_archives_are_refused_without_writing_outside_the_destination() {
    let d = tempfile::tempdir().unwrap();
    let zeros10 = "01d448afd928065458cf670b60f5a594d735af0172c8d67f22a81680132681ca";
    // Zip-slip: names that climb out of the destination or name a drive.
    let slip = d.path().join("slip.zip");
    let bad = [
        ("../../thoat-ra.txt", 10, zeros10),
        ("C:/Windows/x.txt", 10, zeros10),
        ("ok.txt", 10, zeros10),
    ];
    craft_zip(
        &slip,
        &[
            ("../../thoat-ra.txt", 10),
            ("C:/Windows/x.txt", 10),
            ("ok.txt", 10),
        ],
        &manifest_for(&bad),
    );
    let dest = d.path().join("a").join("b").join("dest");
    let (out, _) = fails(&mut restore(d.path(), &slip, &dest));
    assert!(
        out.contains("đường dẫn không an toàn") && out.contains("../../thoat-ra.txt"),
        "{out}"
    );
    assert!(
        dest.join("ok.txt").is_file(),
        "the safe entry is still restored"
    );
    assert!(
        !d.path().join("a").join("thoat-ra.txt").exists()
            && !d.path().join("thoat-ra.txt").exists()
    );

    // Zip bomb: 150 MiB of zeros whose manifest claims 10 bytes.
    let bomb = d.path().join("bomb.zip");
    craft_zip(
        &bomb,
        &[("bom.bin", 150 << 20)],
        &manifest_for(&[("bom.bin", 10, zeros10)]),
    );
    let dest = d.path().join("bomb-dest");
    let (out, _) = fails(&mut restore(d.path(), &bomb, &dest));
    assert!(
        out.contains("bom.bin") && out.contains("lớn hơn kích thước đã ghi"),
        "{out}"
    );
    assert!(!dest.join("bom.bin").exists());
    // And one whose manifest tells the truth, into a destination it would fill: refused before
    // anything is written.
    let honest = d.path().join("bomb2.zip");
    let big = 150u64 << 20;
    let sha = "b8b1dd0d2a1c8d8b8f5b7ba4bb44fbdd4d4e2fd21ff0b13c5a0c7fbc5d3e6f00";
    craft_zip(
        &honest,
        &[("bom.bin", big)],
        &manifest_for(&[("bom.bin", big, sha)]),
    );
    let small = d.path().join("small");
    fs::create_dir(&small).unwrap();
    let script = r#"
        "$1" --data-dir "$2" restore "$3" --to "$USB/khoi-phuc" 2>&1; echo "rc=$?"
        echo "--ls--"; ls -A "$USB"
    "#;
    let exe = bin("saoluu");
    let data = d.path().join("data");
    let out = on_small_drive(
        &small,
        "3m",
        script,
        &[exe.as_os_str(), data.as_os_str(), honest.as_os_str()],
    );
    assert!(
        out.contains("rc=1") && out.contains("không đủ chỗ trống") && out.contains("150,0 MB"),
        "{out}"
    );
    assert_eq!(out.split("--ls--").nth(1).unwrap().trim(), "", "{out}");
}

/// After `--ls--`, the drive's app folder lists no run folder, finished (`2026-…`) or not (`.dang-ghi-…`).
fn assert_no_run_folder(out: &str) {
    let listing = out
        .split("--ls--")
        .nth(1)
        .unwrap_or_else(|| panic!("no listing in {out}"));
    let names: Vec<&str> = listing
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.starts_with('.') && !n.starts_with("20")),
        "{names:?}"
    );
    assert!(names.contains(&"o-sao-luu.json"), "{names:?}");
}

#[test]
fn a_full_drive_is_explained_and_leaves_nothing_half_written() {
    let d = tempfile::tempdir().unwrap();
    let usb = d.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let src = d.path().join("Ảnh");
    fs::create_dir(&src).unwrap();
    // Incompressible (stored) data: 4 photos of 1 MiB on a 3 MiB drive.
    for i in 0..4u32 {
        let data: Vec<u8> = (0..1u32 << 20)
            .map(|k| (k.wrapping_mul(2654435761).wrapping_add(i) >> 13) as u8)
            .collect();
        fs::write(src.join(format!("ảnh-{i}.jpg")), data).unwrap();
    }
    let exe = bin("saoluu");
    let data = d.path().join("data");
    let script = r#"
        "$1" --data-dir "$2" drive init "$USB" >/dev/null || exit 98
        "$1" --data-dir "$2" backup folder "$3" --to "$USB"; echo "rc=$?"
        echo "--ls--"; ls -A "$USB/SaoLuuTruongHoc"
    "#;
    let out = on_small_drive(
        &usb,
        "3m",
        script,
        &[exe.as_os_str(), data.as_os_str(), src.as_os_str()],
    );
    // Checked before writing: the numbers and what to do.
    assert!(
        out.contains("rc=1") && out.contains("không đủ chỗ trống") && out.contains("4,0 MB"),
        "{out}"
    );
    assert_no_run_folder(&out);

    // A website has no size before it is fetched: the drive fills up while writing.
    let mut pages = HashMap::new();
    let mut home = String::new();
    for i in 0..4 {
        home += &format!("<a href=\"/van-ban/{i}.pdf\">{i}</a>");
        let body: Vec<u8> = (0..1u32 << 20)
            .map(|k| (k.wrapping_mul(2246822519).wrapping_add(i) >> 11) as u8)
            .collect();
        pages.insert(
            format!("/van-ban/{i}.pdf"),
            Page::bytes("application/pdf", body),
        );
    }
    pages.insert("/".to_string(), Page::html(&home));
    let site = Site::start(pages);
    let script = r#"
        "$1" --data-dir "$2" drive init "$USB" >/dev/null || exit 98
        "$1" --data-dir "$2" backup website "$3" --nhanh --to "$USB"; echo "rc=$?"
        echo "--ls--"; ls -A "$USB/SaoLuuTruongHoc"
    "#;
    let out = on_small_drive(
        &usb,
        "3m",
        script,
        &[
            exe.as_os_str(),
            data.as_os_str(),
            std::ffi::OsStr::new(&site.url),
        ],
    );
    assert!(out.contains("rc=1") && out.contains("đã đầy"), "{out}");
    assert_no_run_folder(&out);
    let log = json(&ok(saoluu(&data).args(["log", "--json"])));
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .all(|e| e["outcome"] == "failed"),
        "{log:#}"
    );
}
