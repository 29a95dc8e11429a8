//! Finding and restoring from a drive, as after the loss of the school's PC: runs listed by source
//! from the drive alone (a fresh, empty data folder), a file found by name across runs, one source
//! or one file restored, a damaged file named while the rest comes back.

use saoluu_tests::*;
use std::fs;
use std::path::Path;
use std::process::Command;

const PASS: &str = "HKT7-M2QZ-VB9R-XC4N-PW8D-FJ3S";

fn school_folder(src: &Path, plan_text: &str) {
    fs::create_dir_all(src.join("Kế hoạch")).unwrap();
    fs::write(src.join("Kế hoạch/Kế hoạch năm học.docx"), plan_text).unwrap();
    fs::write(
        src.join("Kế hoạch/lich-cong-tac.txt"),
        "Tuần 12: họp hội đồng",
    )
    .unwrap();
    fs::write(src.join("anh-le-khai-giang.jpg"), vec![0x5a; 80_000]).unwrap();
}

/// Two folder runs (the plan edited in between) and one encrypted eSchool run.
fn drive_with_runs(d: &Path) -> std::path::PathBuf {
    let usb = registered_usb(d);
    let src = d.join("Tai lieu truong");
    school_folder(&src, "bản 1");
    ok(&mut backup_folder(d, &src, &usb));
    // Run folders are named by the second they started.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    school_folder(&src, "bản 2, đã sửa");
    ok(&mut backup_folder(d, &src, &usb));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let students = d.join("hoc-sinh.csv");
    fs::write(
        &students,
        "Mã học sinh,Họ và tên,Ngày sinh\nHS01,Nguyễn An,01/02/2018\nHS02,Lê Bình,03/04/2018\n",
    )
    .unwrap();
    ok(saoluu(d)
        .args(["backup", "eschool", "--to"])
        .arg(&usb)
        .arg("--hoc-sinh")
        .arg(&students)
        .env("SAOLUU_PASSPHRASE", PASS));
    usb
}

#[test]
fn a_new_pc_lists_every_run_by_source_and_finds_a_file_across_runs() {
    let d = tempfile::tempdir().unwrap();
    let usb = drive_with_runs(d.path());
    // A fresh install: nothing in its data folder but what it reads from the drive.
    let fresh = tempfile::tempdir().unwrap();
    let groups = json(&ok(saoluu(fresh.path()).args(["runs", "--json"]).arg(&usb)));
    let groups = groups.as_array().unwrap();
    assert_eq!(groups.len(), 2, "{groups:?}");
    // The source backed up last comes first.
    assert_eq!(groups[0]["kind"], "eschool");
    let e = &groups[0]["backups"][0];
    assert_eq!(e["encrypted"], true);
    assert_eq!(e["checked"], "when_written");
    assert!(
        e["note"].as_str().unwrap().contains("Hồ sơ học sinh"),
        "{e}"
    );
    let folder = &groups[1];
    assert_eq!(folder["name"], "Tai lieu truong");
    let backups = folder["backups"].as_array().unwrap();
    assert_eq!(backups.len(), 2);
    assert!(backups[0]["run_name"].as_str() > backups[1]["run_name"].as_str());
    assert_eq!(backups[0]["files"], 3);
    assert_eq!(backups[0]["checked"], "when_written");

    let text = ok(saoluu(fresh.path()).arg("runs").arg(&usb));
    assert!(
        text.contains("Tai lieu truong") && text.contains("2 lần sao lưu"),
        "{text}"
    );
    assert!(text.contains("Đã kiểm tra khi ghi"), "{text}");
    let today = chrono::Local::now().format("%d/%m/%Y").to_string();
    let on_day = json(&ok(saoluu(fresh.path())
        .args(["runs", "--json", "--ngay", &today])
        .arg(&usb)));
    assert_eq!(on_day.as_array().unwrap().len(), 2);
    let other_day = json(&ok(saoluu(fresh.path())
        .args(["runs", "--json", "--ngay", "01/01/2020"])
        .arg(&usb)));
    assert_eq!(other_day, serde_json::json!([]));

    // Typed without diacritics, found in both runs, newest first.
    let hits = json(&ok(saoluu(fresh.path())
        .args(["find", "--json"])
        .arg(&usb)
        .arg("ke hoach nam")));
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 2, "{hits:?}");
    assert_eq!(hits[0]["path"], "Kế hoạch/Kế hoạch năm học.docx");
    assert!(hits[0]["run_name"].as_str() > hits[1]["run_name"].as_str());
    let (out, _) = fails(
        saoluu(fresh.path())
            .arg("find")
            .arg(&usb)
            .arg("không-có-tệp-này"),
    );
    assert!(out.contains("Không tìm thấy tệp nào"), "{out}");

    // The older version of that one file, and nothing else.
    let older = &hits[1];
    let dest = d.path().join("ban-cu");
    ok(saoluu(fresh.path())
        .arg("restore")
        .arg(older["run_dir"].as_str().unwrap())
        .args(["--nguon", older["stem"].as_str().unwrap()])
        .args(["--only", older["path"].as_str().unwrap()])
        .arg("--to")
        .arg(&dest));
    let got = tree(&dest);
    assert_eq!(got.len(), 1, "{:?}", got.keys());
    // Each source of a run goes into its own folder, named after its zip.
    let stem = older["stem"].as_str().unwrap();
    assert_eq!(
        got[&format!("{stem}/Kế hoạch/Kế hoạch năm học.docx")],
        "bản 1".as_bytes(),
        "the older run's version"
    );

    // One source of a run: the eSchool run's folder holds only eschool.zip, so asking for the
    // folder source there restores nothing and says so.
    let (_, err) = fails(
        saoluu(fresh.path())
            .arg("restore")
            .arg(groups[0]["backups"][0]["run_dir"].as_str().unwrap())
            .args(["--nguon", "Tai lieu truong"])
            .arg("--to")
            .arg(d.path().join("khong-co")),
    );
    assert!(err.contains("Không có tệp nào"), "{err}");
}

#[test]
fn a_damaged_file_is_named_and_the_rest_still_comes_back() {
    let d = tempfile::tempdir().unwrap();
    let usb = registered_usb(d.path());
    let src = d.path().join("src");
    school_folder(&src, "kế hoạch");
    ok(&mut backup_folder(d.path(), &src, &usb));
    let zip = only_run(&usb).join("src.zip");
    let mut bytes = fs::read(&zip).unwrap();
    let at = bytes
        .windows(64)
        .position(|w| w.iter().all(|b| *b == 0x5a))
        .unwrap()
        + 5000;
    bytes[at] ^= 0xff;
    fs::write(&zip, bytes).unwrap();
    let dest = d.path().join("r");
    let (out, _) = fails(&mut restore(d.path(), only_run(&usb), &dest));
    assert!(out.contains("anh-le-khai-giang.jpg"), "{out}");
    assert!(!dest.join("src/anh-le-khai-giang.jpg").exists());
    assert_eq!(
        fs::read_to_string(dest.join("src/Kế hoạch/Kế hoạch năm học.docx")).unwrap(),
        "kế hoạch"
    );
    assert!(dest.join("src/Kế hoạch/lich-cong-tac.txt").is_file());
}

/// Points the program's temporary folder at `tmp` (on Windows, Wine already set it: see the test).
fn temp_in(c: &mut Command, tmp: &Path) {
    if !on_windows() {
        c.env("TMPDIR", tmp);
    }
}

/// What drills left in the temporary folder, file by file.
fn drill_copies(tmp: &Path) -> Vec<Vec<String>> {
    fs::read_dir(tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("saoluu-kiem-tra-khoi-phuc-")
        })
        .map(|p| tree(&p).into_keys().collect())
        .collect()
}

#[test]
fn the_restore_drill_restores_rereads_asks_the_passphrase_and_logs_it() {
    let d = tempfile::tempdir().unwrap();
    let usb = drive_with_runs(d.path());
    // Where the drill's temporary copy goes: a folder of the test's own (Wine sets the Windows
    // program's TEMP from its prefix, whatever the test's environment says).
    let tmp = if on_windows() {
        wine_temp_dir()
    } else {
        d.path().join("tmp")
    };
    fs::create_dir_all(&tmp).unwrap();
    let status = json(&ok(saoluu(d.path()).args(["status", "--json"])));
    assert!(
        status["drill"]["label"]
            .as_str()
            .unwrap()
            .contains("chưa được kiểm tra khôi phục lần nào"),
        "a drive with backups and no drill: {}",
        status["drill"]
    );

    // Typed from the paper sheet: lower case and a space are fine.
    let drill = || {
        let mut c = saoluu(d.path());
        c.args(["drill", "--json", "--to"])
            .arg(&usb)
            .env("SAOLUU_PASSPHRASE", PASS);
        temp_in(&mut c, &tmp);
        c
    };
    let (good, out, err) = typed(&mut drill(), "hkt7-m2qz-vb9r-xc4n pw8d-fj3s\n");
    assert!(good, "{out}{err}");
    let r = json(&out);
    assert_eq!(r["ok"], true);
    assert_eq!(r["typed"], "right");
    let sources = r["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 2);
    let eschool = sources.iter().find(|s| s["kind"] == "eschool").unwrap();
    assert!(
        eschool["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "Hồ sơ học sinh: 2 học sinh đọc lại được"),
        "{eschool}"
    );
    let folder = sources.iter().find(|s| s["kind"] == "folder").unwrap();
    assert_eq!(folder["restored"], 3, "the newest run's files: {folder}");
    // The temporary copy is gone.
    let left = drill_copies(&tmp);
    assert!(left.is_empty(), "left in the temporary folder: {left:?}");

    let log = json(&ok(saoluu(d.path()).args(["log", "--json", "--limit", "1"])));
    assert_eq!(log[0]["source_name"], "Kiểm tra khôi phục");
    assert_eq!(log[0]["outcome"], "success");
    let drive_log = fs::read_to_string(usb.join("SaoLuuTruongHoc/NhatKySaoLuu.csv")).unwrap();
    assert!(drive_log.contains("Kiểm tra khôi phục"), "{drive_log}");
    let status = json(&ok(saoluu(d.path()).args(["status", "--json"])));
    assert_eq!(
        status["drill"]["label"],
        "Đã kiểm tra khôi phục trong tháng"
    );
    assert_eq!(
        status["last_good"]["source_kind"], "eschool",
        "a drill is not a backup"
    );
    // The drive's runs still read the same with the drill's row in its log.
    let groups = json(&ok(saoluu(d.path()).args(["runs", "--json"]).arg(&usb)));
    assert_eq!(groups.as_array().unwrap().len(), 2);

    // The wrong passphrase typed: the drill fails, says to find the sheet, and the panel shows it.
    let (good, out, _) = typed(&mut drill(), "HKT7-XXXX-VB9R-XC4N-PW8D-FJ3S\n");
    assert!(!good);
    let r = json(&out);
    assert_eq!(r["typed"], "wrong");
    assert!(r["summary"]
        .as_str()
        .unwrap()
        .contains("hãy tìm lại Phiếu khôi phục"));
    let status = json(&ok(saoluu(d.path()).args(["status", "--json"])));
    assert_eq!(
        status["drill"]["label"],
        "Lần kiểm tra khôi phục gần nhất không đạt"
    );

    // A PC without the passphrase cannot open the eSchool backup: that source fails with the
    // reason; the folder is still restored and checked.
    let mut c = drill();
    c.env_remove("SAOLUU_PASSPHRASE");
    let (good, out, _) = typed(&mut c, "");
    assert!(!good);
    let r = json(&out);
    assert_eq!(r["typed"], "not_typed");
    let sources = r["sources"].as_array().unwrap();
    let eschool = sources.iter().find(|s| s["kind"] == "eschool").unwrap();
    assert!(
        eschool["error"].as_str().unwrap().contains("mật khẩu"),
        "{eschool}"
    );
    let folder = sources.iter().find(|s| s["kind"] == "folder").unwrap();
    assert_eq!(folder["restored"], 3);
    assert!(drill_copies(&tmp).is_empty());

    // The same in words.
    let mut c = saoluu(d.path());
    c.args(["drill", "--to"])
        .arg(&usb)
        .env("SAOLUU_PASSPHRASE", PASS);
    temp_in(&mut c, &tmp);
    let (_, text, _) = typed(&mut c, &format!("{PASS}\n"));
    assert!(text.contains("Khôi phục thử thành công: 2 nguồn"), "{text}");
    assert!(text.contains("Mật khẩu mã hoá đã được gõ đúng"), "{text}");
}

/// What the plan must say, from the settings, the drill and the steps, as page and as PDF.
const PLAN_FACTS: [&str; 7] = [
    "Trường Tiểu học Hoa Sen",
    "Cô Nguyễn Thị Mẫu, Phó Hiệu trưởng",
    "tủ sắt phòng Hiệu trưởng",
    "két của Hiệu trưởng",
    "Khôi phục thử thành công: 2 nguồn",
    "Nhập từ Excel",
    "wordpress-wxr.xml",
];

#[test]
fn the_recovery_plan_is_made_from_the_real_state_and_kept_on_the_drive() {
    let d = tempfile::tempdir().unwrap();
    let usb = drive_with_runs(d.path());
    ok(saoluu(d.path()).args([
        "config",
        "--school",
        "Trường Tiểu học Hoa Sen",
        "--nguoi-phu-trach",
        "Cô Nguyễn Thị Mẫu, Phó Hiệu trưởng",
        "--noi-cat-o",
        "tủ sắt phòng Hiệu trưởng",
        "--noi-cat-phieu",
        "két của Hiệu trưởng",
    ]));
    let plan = d.path().join("ke-hoach.html");
    // Before any drill the plan says so.
    ok(saoluu(d.path()).arg("plan").arg("--out").arg(&plan));
    let html = fs::read_to_string(&plan).unwrap();
    assert!(html.contains("Chưa kiểm tra khôi phục lần nào"), "{html}");
    typed(
        saoluu(d.path())
            .args(["drill", "--to"])
            .arg(&usb)
            .env("SAOLUU_PASSPHRASE", PASS),
        &format!("{PASS}\n"),
    );
    let out = ok(saoluu(d.path())
        .arg("plan")
        .arg("--out")
        .arg(&plan)
        .env("SAOLUU_PASSPHRASE", PASS));
    assert!(out.contains("Ctrl+P"), "{out}");
    let html = fs::read_to_string(&plan).unwrap();
    for want in PLAN_FACTS {
        assert!(html.contains(want), "{want} missing");
    }
    // One row per source's last good backup, and the registered drive as plugged.
    let rows = html.matches("<tr class=\"ban-sao-luu\">").count();
    assert_eq!(rows, 2, "{html}");
    assert!(html.contains("Tai lieu truong") && html.contains("eSchool"));
    assert!(html.contains("đang cắm vào máy"));
    // The check code, never the passphrase.
    assert!(!html.contains(PASS));
    let code = ok(std::process::Command::new("python3").arg("-c").arg(format!(
        "import hashlib; print(hashlib.sha256(b'saoluu-kiem-tra:{PASS}').hexdigest()[:6].upper(), end='')"
    )));
    assert!(html.contains(&code), "{code}");
    let on_drive = fs::read_to_string(usb.join("SaoLuuTruongHoc/KeHoachKhoiPhuc.html")).unwrap();
    assert_eq!(on_drive, html);
    assert!(!usb.join("SaoLuuTruongHoc/KeHoachKhoiPhuc.pdf").exists());

    // As a PDF to print as it is, read back by poppler: the same facts and steps, on A4 pages
    // down the sheet; the drive gets it beside the page.
    let pdf = d.path().join("ke-hoach.pdf");
    let out = ok(saoluu(d.path())
        .arg("plan")
        .arg("--out")
        .arg(&pdf)
        .env("SAOLUU_PASSPHRASE", PASS));
    assert!(out.contains("Mở tệp PDF để in"), "{out}");
    let text = pdf_text(&pdf);
    let title = "Kế hoạch khôi phục dữ liệu khi hệ thống bị tấn công hoặc hỏng hoàn toàn";
    for want in
        PLAN_FACTS
            .iter()
            .copied()
            .chain([title, "đang cắm vào máy", &code, "Hiệu trưởng: ...."])
    {
        assert!(text.contains(want), "{want} not in:\n{text}");
    }
    assert!(text.contains("Tai lieu truong: ") && text.contains("eSchool: "));
    assert!(!text.contains(PASS));
    let size = ok(std::process::Command::new("pdfinfo").arg(&pdf));
    assert!(size.contains("595 x 842 pts (A4)"), "{size}");
    assert_eq!(
        fs::read(usb.join("SaoLuuTruongHoc/KeHoachKhoiPhuc.pdf")).unwrap(),
        fs::read(&pdf).unwrap()
    );
}

#[test]
fn a_restored_eschool_backup_comes_with_a_workbook_to_check_and_import_steps() {
    let d = tempfile::tempdir().unwrap();
    let usb = drive_with_runs(d.path());
    let run = runs(&usb).into_iter().max().unwrap();
    let dest = d.path().join("eschool-khoi-phuc");
    ok(restore(d.path(), &run, &dest).env("SAOLUU_PASSPHRASE", PASS));
    let dir = dest.join("eschool");
    assert_eq!(
        fs::read(dir.join("goc/ho-so-hoc-sinh/hoc-sinh.csv")).unwrap(),
        fs::read(d.path().join("hoc-sinh.csv")).unwrap(),
        "the original, byte for byte"
    );
    let book = dir.join("du-lieu-kiem-tra.xlsx");
    let sheets = unzip_entry(&book, "xl/workbook.xml");
    assert!(sheets.contains("Hồ sơ học sinh"), "{sheets}");
    let strings = unzip_entry(&book, "xl/sharedStrings.xml");
    assert!(
        strings.contains("Nguyễn An") && strings.contains("HS02"),
        "{strings}"
    );
    let how = fs::read_to_string(dir.join("HUONG-DAN-NHAP-LAI.txt")).unwrap();
    assert!(
        how.contains("Nhập từ Excel") && how.contains("Hồ sơ học sinh: 2 hồ sơ"),
        "{how}"
    );
}

/// What the WordPress-shaped server saw of one request: method, path, Authorization, JSON body.
type Received = (String, String, Option<String>, serde_json::Value);

#[test]
fn restored_articles_are_republished_to_a_rebuilt_wordpress_with_a_session_password() {
    use std::sync::{Arc, Mutex};
    let d = tempfile::tempdir().unwrap();
    ok(saoluu(d.path()).arg("demo"));
    let usb = d.path().join("trinh-dien").join("o-sao-luu");
    let dest = d.path().join("khoi-phuc");
    ok(restore(d.path(), only_run(&usb), &dest).args(["--nguon", "trang-web"]));
    let site = dest.join("trang-web");
    let guide = fs::read_to_string(site.join("HUONG-DAN-DUNG-LAI-TRANG-WEB.txt")).unwrap();
    assert!(guide.contains("saoluu republish"), "{guide}");

    // A rebuilt WordPress, as its REST API answers: it records every request it receives.
    let password = "abcd efgh ijkl mnop qrst uvwx";
    let expected_auth = format!(
        "Basic {}",
        ok(std::process::Command::new("python3").arg("-c").arg(format!(
            "import base64; print(base64.b64encode(b'co-hieu-truong:{password}').decode(), end='')"
        )))
    );
    let received: Arc<Mutex<Vec<Received>>> = Arc::default();
    let log = received.clone();
    let server = saoluu_demo::http::Server::start(Arc::new(move |r| {
        let body = serde_json::from_slice(&r.body).unwrap_or(serde_json::Value::Null);
        let auth = r.header("authorization").map(str::to_string);
        let mut log = log.lock().unwrap();
        log.push((r.method.clone(), r.path.clone(), auth.clone(), body));
        let n = log.len();
        if auth.as_deref() != Some(expected_auth.as_str()) {
            return saoluu_demo::http::Response::new(
                401,
                "application/json",
                r#"{"code":"rest_cannot_create","message":"Sorry, you are not allowed to create posts as this user."}"#,
            );
        }
        saoluu_demo::http::Response::new(
            201,
            "application/json",
            format!(r#"{{"id":{n},"link":"http://127.0.0.1/?p={n}"}}"#),
        )
    }))
    .unwrap();

    let republish = || {
        let mut c = saoluu(d.path());
        c.args([
            "republish",
            "--json",
            "--nguoi-dung",
            "co-hieu-truong",
            "--den",
        ])
        .arg(server.url())
        .arg(&site);
        c
    };
    let (good, out, err) = typed(&mut republish(), &format!("{password}\n"));
    assert!(good, "{out}{err}");
    let results = json(&out);
    let results = results.as_array().unwrap();
    assert_eq!(results.len(), 6, "the demo site's six articles: {out}");
    assert!(results.iter().all(|r| r["ok"] == true && r["id"].is_u64()));
    let got = received.lock().unwrap().clone();
    assert_eq!(got.len(), 6);
    for (method, path, _, body) in &got {
        assert_eq!(method, "POST");
        assert_eq!(path, "/wp-json/wp/v2/posts");
        assert_eq!(body["status"], "publish");
        assert!(!body["content"].as_str().unwrap_or("").is_empty(), "{body}");
    }
    let titles: Vec<&str> = got.iter().map(|g| g.3["title"].as_str().unwrap()).collect();
    let sent: Vec<&str> = results
        .iter()
        .map(|r| r["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, sent);
    // The password was for this session only: not printed, not kept.
    assert!(!out.contains(password) && !err.contains(password));
    for f in fs::read_dir(d.path()).unwrap().flatten() {
        if f.path().is_file() {
            let bytes = fs::read(f.path()).unwrap();
            assert!(
                !bytes
                    .windows(password.len())
                    .any(|w| w == password.as_bytes()),
                "{} holds the password",
                f.path().display()
            );
        }
    }

    // No password typed: said in words, nothing sent.
    let (good, _, err) = typed(&mut republish(), "");
    assert!(!good);
    assert!(err.contains("Chưa gõ mật khẩu ứng dụng WordPress"), "{err}");
    assert_eq!(received.lock().unwrap().len(), 6);

    // A wrong password: refused at the first article, with what to check.
    let (good, _, err) = typed(&mut republish(), "sai mat khau\n");
    assert!(!good);
    assert!(err.contains("WordPress từ chối đăng nhập"), "{err}");
    // A refused password is not a network problem.
    assert!(!err.contains("kết nối mạng"), "{err}");
    assert_eq!(received.lock().unwrap().len(), 7);
}
