//! The eSchool backup through the built CLI: exports written by the tests in the formats staff
//! get (xlsx with titles above the header and a catalogue sheet, CSV in UTF-8 with BOM and in
//! UTF-16), a 10,000-student file, next week's comparison, the large-drop confirmation, wrong,
//! damaged and foreign files, encryption by default, originals back byte for byte.

use rust_xlsxwriter::{Format, Workbook};
use saoluu_tests::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const PASS: &str = "HKT7-M2QZ-VB9R-XC4N-PW8D-FJ3S";

/// Student `i` as the CSDL ngành export has it.
fn student(i: u32, class_of: u32) -> (String, String, String, f64, &'static str, String) {
    let class = format!(
        "{}{}",
        class_of % 5 + 1,
        ["A", "B", "C"][(class_of % 3) as usize]
    );
    let name = format!("Nguyễn Thị Học Sinh {i}");
    // Excel serial dates in 2015–2019.
    let born = 42_005.0 + (i % 1800) as f64;
    let sex = if i.is_multiple_of(2) { "Nữ" } else { "Nam" };
    (
        class,
        format!("HS{i:05}"),
        name,
        born,
        sex,
        format!("0790{i:08}"),
    )
}

/// A CSDL ngành-style student workbook: titles and a merged title cell, the header on row 6, the
/// columns in that template's order, dates as serial numbers, and a catalogue sheet.
fn students_xlsx(path: &Path, ids: impl Iterator<Item = u32>, moved: &[u32]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Danh sách học sinh").unwrap();
    let bold = Format::new().set_bold();
    ws.merge_range(0, 0, 0, 8, "SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ", &bold)
        .unwrap();
    ws.merge_range(1, 0, 1, 8, "TRƯỜNG TIỂU HỌC HOA SEN", &bold)
        .unwrap();
    ws.merge_range(3, 0, 3, 8, "DANH SÁCH HỌC SINH NĂM HỌC 2025-2026", &bold)
        .unwrap();
    let header = [
        "Mã lớp",
        "Mã học sinh",
        "Họ tên",
        "Ngày sinh",
        "Giới tính",
        "Trạng thái HS",
        "Dân tộc",
        "Tôn giáo",
        "Số định danh cá nhân",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(5, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (r, i) in ids.enumerate() {
        let row = 6 + r as u32;
        let class_of = if moved.contains(&i) { i + 1 } else { i };
        let (class, code, name, born, sex, id) = student(i, class_of);
        ws.write_string(row, 0, &class).unwrap();
        ws.write_string(row, 1, &code).unwrap();
        ws.write_string(row, 2, &name).unwrap();
        ws.write_number_with_format(row, 3, born, &date).unwrap();
        ws.write_string(row, 4, sex).unwrap();
        ws.write_string(row, 5, "Đang học").unwrap();
        ws.write_string(row, 6, "Kinh").unwrap();
        ws.write_string(row, 7, "Không").unwrap();
        ws.write_string(row, 8, &id).unwrap();
    }
    let cat = wb.add_worksheet();
    cat.set_name("Danh mục").unwrap();
    cat.write_string(0, 0, "Mã dân tộc").unwrap();
    cat.write_string(0, 1, "Tên dân tộc").unwrap();
    cat.write_string(1, 0, "01").unwrap();
    cat.write_string(1, 1, "Kinh").unwrap();
    wb.save(path).unwrap();
}

fn teachers_utf16_csv(path: &Path) {
    let text = "Mã cán bộ,Họ và tên,Ngày sinh,Giới tính,Chức vụ,Trình độ chuyên môn\r\nGV01,Nguyễn Thị Mẫu,12/03/1975,Nữ,Hiệu trưởng,Thạc sĩ\r\nGV02,Trần Văn Bình,01/07/1988,Nam,Giáo viên,Đại học\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    fs::write(path, bytes).unwrap();
}

fn school_bom_csv(path: &Path) {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice("Mã trường,Tên trường,Cấp học,Địa chỉ\nTH001,Trường Tiểu học Hoa Sen,Tiểu học,12 đường Hoa Sen\n".as_bytes());
    fs::write(path, bytes).unwrap();
}

fn eschool(data: &Path, usb: &Path, args: &[&str], files: &[(&str, &Path)]) -> Command {
    let mut c = saoluu(data);
    c.args(["--json", "backup", "eschool", "--to"])
        .arg(usb)
        .args(args);
    for (flag, f) in files {
        c.arg(flag).arg(f);
    }
    c.env("SAOLUU_PASSPHRASE", PASS);
    c
}

fn newest_run(usb: &Path) -> PathBuf {
    runs(usb).into_iter().max().expect("a run")
}

/// `eschool.zip` extracted with 7-Zip and the passphrase.
fn extract(zip: &Path, into: &Path) {
    ok(Command::new("7z")
        .arg("x")
        .arg(format!("-p{PASS}"))
        .arg(format!("-o{}", into.display()))
        .arg(zip)
        .arg("-y"));
}

fn sections(out: &serde_json::Value) -> serde_json::Value {
    out["sources"][0]["eschool"]["sections"].clone()
}

/// Each stored section with its number of records, as a backup's report gives them.
fn section_records(out: &serde_json::Value) -> Vec<(String, u64)> {
    sections(out)
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["section"].as_str().unwrap().to_string(),
                s["records"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// A section's (records, added, removed, changed).
fn counts(s: &serde_json::Value) -> (u64, u64, u64, u64) {
    let n = |k: &str| s[k].as_u64().unwrap_or_else(|| panic!("{k} in {s}"));
    (n("records"), n("added"), n("removed"), n("changed"))
}

#[test]
fn weekly_eschool_backups_are_checked_compared_encrypted_and_restorable() {
    let d = tempfile::tempdir().unwrap();
    let usb = registered_usb(d.path());
    let exports = d.path().join("Downloads");
    fs::create_dir(&exports).unwrap();
    let students = exports.join("DanhSachHocSinh.xlsx");
    students_xlsx(&students, 1..=10_000, &[]);
    let teachers = exports.join("giao-vien.csv");
    teachers_utf16_csv(&teachers);
    let school = exports.join("truong.csv");
    school_bom_csv(&school);

    // Week 1.
    let out = json(&ok(&mut eschool(
        d.path(),
        &usb,
        &[],
        &[
            ("--hoc-sinh", &students),
            ("--giao-vien", &teachers),
            ("--truong", &school),
        ],
    )));
    let s = sections(&out);
    assert_eq!(s[0]["section"], "truong");
    assert_eq!(s[0]["records"], 1);
    assert_eq!(s[1]["records"], 2, "UTF-16 CSV: {s}");
    assert_eq!(s[2]["records"], 10_000);
    assert!(s[2]["added"].is_null(), "nothing to compare with yet");
    let run1 = newest_run(&usb);
    let zip = run1.join("eschool.zip");
    check_zip_with_other_tools_encrypted(&zip);
    // Encrypted: without the passphrase 7-Zip cannot read a record.
    let no = Command::new("7z")
        .arg("t")
        .arg("-pnhamroi")
        .arg(&zip)
        .output()
        .unwrap();
    assert!(!no.status.success());
    let x1 = d.path().join("x1");
    extract(&zip, &x1);
    assert_eq!(
        fs::read(x1.join("goc/ho-so-hoc-sinh/DanhSachHocSinh.xlsx")).unwrap(),
        fs::read(&students).unwrap()
    );
    assert_eq!(
        fs::read(x1.join("goc/ho-so-giao-vien/giao-vien.csv")).unwrap(),
        fs::read(&teachers).unwrap()
    );
    let data = json(&fs::read_to_string(x1.join("du-lieu.json")).unwrap());
    let rec = &data["sections"]["hoc_sinh"]["records"][41];
    assert_eq!(rec["key"], "HS00042");
    assert_eq!(rec["fields"]["Họ tên"], "Nguyễn Thị Học Sinh 42");
    assert_eq!(
        rec["fields"]["Ngày sinh"], "12/02/2015",
        "serial dates read as dd/mm/yyyy"
    );
    let log = json(&ok(saoluu(d.path()).args(["log", "--json"])));
    assert_eq!(log[0]["source_kind"], "eschool");
    assert_eq!(log[0]["details"]["personal_data"], true);
    assert!(log[0]["note"]
        .as_str()
        .unwrap()
        .starts_with("Dữ liệu cá nhân, đã mã hoá."));

    // Each section's weekly state comes from the run that stored it.
    let status = json(&ok(saoluu(d.path()).args(["status", "--json"])));
    for sec in status["eschool"].as_array().unwrap() {
        assert_eq!(sec["due_label"], "Đã sao lưu tuần này", "{sec}");
    }

    // Week 2: 3 students left, 12 arrived, 5 moved class.
    let mut ids: Vec<u32> = (4..=10_000).collect();
    ids.extend(10_001..=10_012);
    students_xlsx(&students, ids.into_iter(), &[100, 200, 300, 400, 500]);
    let out = json(&ok(&mut eschool(
        d.path(),
        &usb,
        &[],
        &[("--hoc-sinh", &students)],
    )));
    let s = &sections(&out)[0];
    assert_eq!(counts(s), (10_009, 12, 3, 5), "{s}");
    let log = json(&ok(
        saoluu(d.path()).args(["log", "--json", "--source", "eschool"])
    ));
    assert_eq!(log[0]["details"]["sections"][0]["added"], 12);
    assert!(
        log[0]["note"]
            .as_str()
            .unwrap()
            .contains("10009 hồ sơ (+12 mới, 3 không còn, 5 thay đổi)"),
        "{log}"
    );
    let x2 = d.path().join("x2");
    extract(&newest_run(&usb).join("eschool.zip"), &x2);
    let changes = fs::read_to_string(x2.join("thay-doi.csv")).unwrap();
    assert!(
        changes.contains("Hồ sơ học sinh,Thay đổi,HS00100,Mã lớp,1B,2C"),
        "{changes}"
    );
    assert!(changes.contains("Hồ sơ học sinh,Không còn,HS00001"));
    assert!(changes.contains("Hồ sơ học sinh,Mới,HS10012"));
    assert!(fs::read_to_string(x2.join("thay-doi.html"))
        .unwrap()
        .contains("+12 học sinh mới, 3 học sinh không còn trong danh sách, 5 hồ sơ thay đổi"));

    // Week 3: a class's export instead of the whole school. Asked for, refused without a terminal.
    let class = exports.join("lop-1A.xlsx");
    students_xlsx(&class, 1..=30, &[]);
    let runs_before = runs(&usb).len();
    let (_, err) = fails(&mut eschool(d.path(), &usb, &[], &[("--hoc-sinh", &class)]));
    assert!(
        err.contains("giảm hơn 20 %") && err.contains("--yes"),
        "{err}"
    );
    assert_eq!(
        runs(&usb).len(),
        runs_before,
        "nothing stored without confirmation"
    );
    let out = json(&ok(&mut eschool(
        d.path(),
        &usb,
        &["--yes"],
        &[("--hoc-sinh", &class)],
    )));
    assert_eq!(sections(&out)[0]["records"], 30);

    // The originals come back byte for byte through the app's own restore.
    let back = d.path().join("khoi-phuc");
    ok(saoluu(d.path())
        .arg("restore")
        .arg(&run1)
        .arg("--to")
        .arg(&back)
        .env("SAOLUU_PASSPHRASE", PASS));
    let restored = walk_files(&back)
        .into_iter()
        .find(|p| p.ends_with("goc/ho-so-truong/truong.csv"))
        .expect("school file restored");
    assert_eq!(fs::read(restored).unwrap(), fs::read(&school).unwrap());
}

fn walk_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            out.extend(walk_files(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

/// 7-Zip tests every entry with the passphrase; Python sees every data entry flagged encrypted
/// (the how-to and the manifest of names and hashes stay readable, by design: FORMAT.md).
fn check_zip_with_other_tools_encrypted(zip: &Path) {
    ok(Command::new("7z")
        .arg("t")
        .arg(format!("-p{PASS}"))
        .arg(zip));
    let script = "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nbad = [i.filename for i in z.infolist() if not i.is_dir() and i.filename not in ('DOC-TOI.txt', 'manifest.json') and not i.flag_bits & 1]\nassert not bad, bad\n";
    ok(Command::new("python3").arg("-c").arg(script).arg(zip));
}

#[test]
fn wrong_damaged_and_foreign_files_are_refused_with_a_reason_and_the_rest_is_kept() {
    let d = tempfile::tempdir().unwrap();
    let usb = registered_usb(d.path());
    let teachers = d.path().join("giao-vien.csv");
    teachers_utf16_csv(&teachers);
    let school = d.path().join("truong.csv");
    school_bom_csv(&school);

    // A teachers' file given as students', alone: nothing to store, the reason in Vietnamese.
    let (_, err) = fails(&mut eschool(
        d.path(),
        &usb,
        &[],
        &[("--hoc-sinh", &teachers)],
    ));
    assert!(
        err.contains("có vẻ là hồ sơ giáo viên, không phải hồ sơ học sinh"),
        "{err}"
    );
    assert!(runs(&usb).is_empty());

    // With a good school file beside it: the school section is stored, students are not.
    let out = json(&ok(&mut eschool(
        d.path(),
        &usb,
        &[],
        &[("--hoc-sinh", &teachers), ("--truong", &school)],
    )));
    let s = sections(&out);
    assert_eq!(s[0]["records"], 1);
    assert!(
        s[1]["error"]
            .as_str()
            .unwrap()
            .contains("Chưa lưu hồ sơ học sinh"),
        "{s}"
    );

    let broken = d.path().join("hong.xlsx");
    let mut xlsx = Vec::new();
    {
        let tmp = d.path().join("tot.xlsx");
        students_xlsx(&tmp, 1..=5, &[]);
        xlsx.extend_from_slice(&fs::read(&tmp).unwrap());
    }
    xlsx.truncate(xlsx.len() / 2);
    fs::write(&broken, &xlsx).unwrap();
    let (_, err) = fails(&mut eschool(
        d.path(),
        &usb,
        &[],
        &[("--hoc-sinh", &broken)],
    ));
    assert!(err.contains("“hong.xlsx” bị hỏng"), "{err}");

    // Saved from Excel with "Encrypt with password" (an OLE container around the real workbook).
    let locked =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/eschool/hoc-sinh-2b-mat-khau.xlsx");
    let (_, err) = fails(&mut eschool(
        d.path(),
        &usb,
        &[],
        &[("--hoc-sinh", &locked)],
    ));
    assert!(
        err.contains("“hoc-sinh-2b-mat-khau.xlsx” được đặt mật khẩu"),
        "{err}"
    );

    let pdf = d.path().join("bao-cao.xlsx");
    fs::write(&pdf, b"%PDF-1.4 not a spreadsheet at all").unwrap();
    let (_, err) = fails(&mut eschool(d.path(), &usb, &[], &[("--giao-vien", &pdf)]));
    assert!(err.contains("không phải bảng tính"), "{err}");

    // A product whose columns the app does not know: kept unchanged, with a warning, not refused.
    let other = d.path().join("vnedu.csv");
    fs::write(&other, "Cột một,Cột hai\nx,y\n").unwrap();
    let out = json(&ok(&mut eschool(
        d.path(),
        &usb,
        &[],
        &[("--hoc-sinh", &other)],
    )));
    let s = sections(&out);
    assert!(s[0]["records"].is_null());
    assert!(
        s[0]["warning"]
            .as_str()
            .unwrap()
            .contains("Không nhận dạng được cột"),
        "{s}"
    );

    // No file at all: said so, with the flags to use.
    let (_, err) = fails(&mut eschool(d.path(), &usb, &[], &[]));
    assert!(
        err.contains("Chưa chọn tệp eSchool nào") && err.contains("--hoc-sinh"),
        "{err}"
    );

    // No passphrase anywhere: refused before anything is read or written.
    let mut c = eschool(d.path(), &usb, &[], &[("--truong", &school)]);
    c.env_remove("SAOLUU_PASSPHRASE");
    let (_, err) = fails(&mut c);
    assert!(err.contains("mật khẩu"), "{err}");
}

#[test]
fn legacy_xls_and_ods_exports_read_the_same_as_each_other() {
    let d = tempfile::tempdir().unwrap();
    let usb = registered_usb(d.path());
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/eschool");
    let xls = fixtures.join("hoc-sinh-2b.xls");
    let ods = fixtures.join("hoc-sinh-2b.ods");
    let out = json(&ok(&mut eschool(
        d.path(),
        &usb,
        &[],
        &[("--hoc-sinh", &xls)],
    )));
    assert_eq!(sections(&out)[0]["records"], 20, "{out}");
    // The same class exported as .ods a week later: nothing added, removed or changed.
    let out = json(&ok(&mut eschool(
        d.path(),
        &usb,
        &[],
        &[("--hoc-sinh", &ods)],
    )));
    let s = &sections(&out)[0];
    assert_eq!(counts(s), (20, 0, 0, 0), "{s}");
    let x = d.path().join("x");
    extract(&newest_run(&usb).join("eschool.zip"), &x);
    let data = json(&fs::read_to_string(x.join("du-lieu.json")).unwrap());
    let r = &data["sections"]["hoc_sinh"]["records"][4];
    assert_eq!(
        (r["key"].as_str(), r["fields"]["Họ và tên"].as_str()),
        (Some("HS2B005"), Some("Hoàng Minh Đức"))
    );
    assert_eq!(
        fs::read(x.join("goc/ho-so-hoc-sinh/hoc-sinh-2b.ods")).unwrap(),
        fs::read(&ods).unwrap()
    );
}

#[test]
fn the_admin_password_reminder_remembers_only_the_day_of_the_change() {
    let d = tempfile::tempdir().unwrap();
    let before = json(&ok(saoluu(d.path()).args(["mat-khau-quan-tri", "--json"])));
    assert_eq!(before["admin_password"]["state"], "never");
    let text = ok(saoluu(d.path()).arg("mat-khau-quan-tri"));
    assert!(
        text.contains("Không cho trình duyệt lưu mật khẩu quản trị"),
        "{text}"
    );
    let after = json(&ok(saoluu(d.path()).args([
        "mat-khau-quan-tri",
        "--da-doi",
        "--nhac-sau",
        "60",
        "--json",
    ])));
    assert_eq!(
        after["admin_password"],
        serde_json::json!({"state": "ok", "days_left": 60})
    );
    let status = json(&ok(saoluu(d.path()).args(["status", "--json"])));
    assert_eq!(
        status["admin_password_label"],
        "Mật khẩu quản trị: còn 60 ngày đến lần đổi tiếp theo"
    );
    // No sections were ever backed up: each is "never", not "done".
    assert!(status["eschool"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["due"]["state"] == "never"));
    let settings = fs::read_to_string(d.path().join("cai-dat.json")).unwrap();
    assert!(
        settings.contains("changed_on") && !settings.to_lowercase().contains("password\": \""),
        "{settings}"
    );
}

#[test]
fn the_guided_cli_waits_for_each_missing_export_in_downloads() {
    use std::io::{BufRead, BufReader};
    let d = tempfile::tempdir().unwrap();
    let usb = registered_usb(d.path());
    let downloads = d.path().join("Tai xuong");
    fs::create_dir_all(&downloads).unwrap();
    let teachers = d.path().join("giao-vien.csv");
    teachers_utf16_csv(&teachers);
    ok(saoluu(d.path()).args([
        "config",
        "--eschool",
        "csdl.truong.edu.vn",
        "--phan-he",
        "giao-vien,hoc-sinh",
        "--ngay-sao-luu",
        "thứ Hai",
    ]));

    // Teachers are given; students are waited for.
    let mut child = eschool(d.path(), &usb, &["--cho-tai-ve", "--thu-muc-tai-ve"], &[])
        .arg(&downloads)
        .args(["--cho-toi-da", "1", "--giao-vien"])
        .arg(&teachers)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut guidance = String::new();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    while !guidance.contains("Đang chờ tệp mới") {
        let mut line = String::new();
        assert!(err.read_line(&mut line).unwrap() > 0, "{guidance}");
        guidance.push_str(&line);
    }
    assert!(
        guidance.contains("https://csdl.truong.edu.vn/"),
        "{guidance}"
    );
    assert!(
        guidance.contains("Hồ sơ học sinh: Mở mục “Hồ sơ học sinh”"),
        "{guidance}"
    );
    assert!(
        !guidance.contains("Hồ sơ trường:"),
        "not a section the school uses: {guidance}"
    );
    assert!(
        !guidance.contains("Hồ sơ giáo viên:"),
        "given already: {guidance}"
    );
    // The browser writes a partial file, then renames it when the download ends.
    let part = downloads.join("DanhSachHocSinh.xlsx.crdownload");
    students_xlsx(&part, 1..=40, &[]);
    fs::rename(&part, downloads.join("DanhSachHocSinh.xlsx")).unwrap();
    let out = child.wait_with_output().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut err, &mut rest).unwrap();
    assert!(out.status.success(), "{rest}");
    let report = json(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(
        section_records(&report),
        vec![("giao_vien".to_string(), 2), ("hoc_sinh".to_string(), 40)]
    );

    // The status follows the school's sections and its backup day.
    let status = json(&ok(saoluu(d.path()).args(["status", "--json"])));
    assert_eq!(status["backup_day"], "thứ Hai");
    let states: Vec<&str> = status["eschool"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["section"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["giao_vien", "hoc_sinh"]);
    assert!(status["eschool"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["due"]["state"] != "never" && s["due"]["state"] != "overdue"));

    // Nothing arrives: each section is skipped with a sentence, and with no file at all the run
    // is refused, nothing written.
    let before = runs(&usb).len();
    let (_, err) = fails(
        eschool(d.path(), &usb, &["--cho-tai-ve", "--thu-muc-tai-ve"], &[])
            .arg(&downloads)
            .args(["--cho-toi-da", "0.02"]),
    );
    assert!(
        err.contains("Không thấy tệp mới cho Hồ sơ giáo viên"),
        "{err}"
    );
    assert!(err.contains("Chưa chọn tệp eSchool nào"), "{err}");
    assert_eq!(runs(&usb).len(), before);
}

/// Runs a fixture writer of `tests/fixtures/eschool/` for `week`.
fn fixture(script: &str, out: &Path, week: u32, extra: &[&str]) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/eschool")
        .join(script);
    ok(Command::new("python3")
        .arg(script)
        .arg(out)
        .arg(week.to_string())
        .args(extra));
}

/// A student list written by openpyxl (`openpyxl_hoc_sinh.py`).
fn openpyxl_students(out: &Path, week: u32, extra: &[&str]) {
    fixture("openpyxl_hoc_sinh.py", out, week, extra);
}

#[test]
fn a_real_writers_export_counts_only_real_changes_not_renumbered_rows() {
    let d = tempfile::tempdir().unwrap();
    let usb = registered_usb(d.path());
    let week1 = d.path().join("hoc-sinh-tuan-1.xlsx");
    openpyxl_students(&week1, 1, &[]);
    let out = json(&ok(&mut eschool(
        d.path(),
        &usb,
        &[],
        &[("--hoc-sinh", &week1)],
    )));
    assert_eq!(sections(&out)[0]["records"], 120, "{out}");

    // A week later: 7 students gone (top, middle, end), 5 new, 3 really changed, every STT below a
    // removed row renumbered; the dates now text, and the sheet declaring a smaller size than it has.
    let week2 = d.path().join("hoc-sinh-tuan-2.xlsx");
    openpyxl_students(&week2, 2, &["--text-dates", "--short-dimension"]);
    let out = json(&ok(&mut eschool(
        d.path(),
        &usb,
        &[],
        &[("--hoc-sinh", &week2)],
    )));
    let s = &sections(&out)[0];
    assert_eq!(counts(s), (118, 5, 7, 3), "{s}");
    // The change listing names the real changes only.
    let (csv, changed_fields) = changed_fields(d.path(), &usb);
    assert_eq!(changed_fields, ["Họ và tên", "Lớp", "Ngày sinh"], "{csv}");
}

/// The newest run's `thay-doi.csv`, opened with 7-Zip, and the fields it lists as changed.
fn changed_fields(dir: &Path, usb: &Path) -> (String, Vec<String>) {
    let x = dir.join(format!("x-{}", runs(usb).len()));
    extract(&newest_run(usb).join("eschool.zip"), &x);
    let csv = fs::read_to_string(
        walk_files(&x)
            .into_iter()
            .find(|p| p.ends_with("thay-doi.csv"))
            .unwrap(),
    )
    .unwrap();
    let mut fields: Vec<String> = csv
        .lines()
        .skip(1)
        .filter(|l| l.contains(",Thay đổi,"))
        .map(|l| l.split(',').nth(3).unwrap().to_string())
        .collect();
    fields.sort();
    (csv, fields)
}

/// One workbook per class saved by LibreOffice (`tests/fixtures/eschool/libreoffice_lop.py`).
fn libreoffice_classes(out: &Path, week: u32) -> Vec<PathBuf> {
    fixture("libreoffice_lop.py", out, week, &[]);
    ["1A", "1B", "1C"]
        .iter()
        .map(|c| out.join(format!("hoc-sinh-lop-{c}.xlsx")))
        .collect()
}

#[test]
fn class_by_class_files_saved_by_libreoffice_count_a_moved_student_as_one_change() {
    let d = tempfile::tempdir().unwrap();
    let usb = registered_usb(d.path());
    let backup = |week: u32| {
        let files = libreoffice_classes(&d.path().join(format!("tuan-{week}")), week);
        let flags: Vec<(&str, &Path)> = files.iter().map(|f| ("--hoc-sinh", f.as_path())).collect();
        json(&ok(&mut eschool(d.path(), &usb, &[], &flags)))
    };
    let out = backup(1);
    assert_eq!(sections(&out)[0]["records"], 30, "{out}");
    // Week 2: one gone from the top of 1A and one from the end of 1C, one new in 1C, HS0003 moved
    // from 1A's file to 1B's (the class is named only in each file's title), HS0012's name
    // corrected; STT starts again at 1 in every file and 1C's dates are text now.
    let out = backup(2);
    let s = &sections(&out)[0];
    assert_eq!(counts(s), (29, 1, 2, 2), "{s}");
    let (csv, fields) = changed_fields(d.path(), &usb);
    assert!(csv.contains(",Thay đổi,HS0003,Lớp,1A,1B"), "{csv}");
    assert_eq!(fields, ["Họ và tên", "Lớp"], "{csv}");
}

/// The record systems schools use besides eSchool export other headers: the Ministry's database
/// ("Mã định danh Bộ GD&ĐT", "Mã CBGVNV"), vnEdu class by class with the class only in the title,
/// SMAS's short headers. Written by openpyxl in each shape, every list is read as its section with
/// every record, and no column the app needs is left unrecognised.
#[test]
fn exports_of_the_other_record_systems_are_read_by_their_headers() {
    let write = |system: &str, into: &Path, week_2: bool| -> Vec<(&'static str, PathBuf)> {
        let mut c = Command::new("python3");
        c.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/eschool/openpyxl_he_thong.py"))
            .arg(into)
            .arg(system);
        if week_2 {
            c.arg("--week-2");
        }
        ok(&mut c);
        let mut files: Vec<(&'static str, PathBuf)> = fs::read_dir(into)
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                let students = p
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("hoc-sinh");
                (
                    if students {
                        "--hoc-sinh"
                    } else {
                        "--giao-vien"
                    },
                    p,
                )
            })
            .collect();
        files.sort();
        files
    };
    let back_up = |data: &Path, usb: &Path, files: &[(&str, PathBuf)]| {
        let borrowed: Vec<(&str, &Path)> = files.iter().map(|(f, p)| (*f, p.as_path())).collect();
        json(&ok(&mut eschool(data, usb, &["--yes"], &borrowed)))
    };
    let line = regex::Regex::new(r"Hồ sơ học sinh: –(  –){10}  [ĐM]\n").unwrap();
    for system in ["csdl", "vnedu", "smas"] {
        let d = tempfile::tempdir().unwrap();
        let usb = registered_usb(d.path());
        let first = back_up(
            d.path(),
            &usb,
            &write(system, &d.path().join("tuan-1"), false),
        );
        assert_eq!(
            section_records(&first),
            vec![("giao_vien".to_string(), 8), ("hoc_sinh".to_string(), 30)],
            "{system}: {first}"
        );
        assert!(
            !first.to_string().contains("Không nhận dạng được cột"),
            "{system}: {first}"
        );
        // A week later each person is known by the system's own code: a corrected name is a
        // change, not one person gone and another come.
        let second = back_up(
            d.path(),
            &usb,
            &write(system, &d.path().join("tuan-2"), true),
        );
        let s = sections(&second);
        assert_eq!(counts(&s[0]), (8, 0, 0, 1), "{system} staff: {second}");
        assert_eq!(counts(&s[1]), (30, 1, 1, 1), "{system} students: {second}");
        // `saoluu status` ends with the twelve weeks: this week's students done, the weeks before
        // the app kept records not counted against the school.
        let said = ok(saoluu(d.path()).arg("status"));
        assert!(line.is_match(&said), "{system}: {said}");
    }
}
