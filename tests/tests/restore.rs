//! Finding and restoring from a drive, as after the loss of the school's PC: runs listed by source
//! from the drive alone (a fresh, empty data folder), a file found by name across runs, one source
//! or one file restored, a damaged file named while the rest comes back.

use saoluu_tests::*;
use std::fs;
use std::path::Path;

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
