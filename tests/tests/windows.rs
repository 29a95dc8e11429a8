//! Where Windows differs from Linux, on the Windows build under Wine: drive letters and the
//! removable flag, a file another program holds open, paths past 260 characters, the credential
//! store, and the tray app on a PC without WebView2. These always run the Windows binaries (built
//! on first use unless `tests/run.sh` did), whatever `SAOLUU_TEST_OS` says.
//!
//! What Wine cannot show (a real USB stick, Windows' own Credential Manager, WebView2) is listed
//! in README's "Windows" section.

#![cfg(unix)]

use saoluu_engine::message::WEBVIEW_MISSING_TITLE;
use saoluu_tests::desktop::Screen;
use saoluu_tests::*;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A path as the Windows program is given it: `Z:\tmp\…`.
fn win(p: &Path) -> String {
    format!("Z:{}", p.display()).replace('/', "\\")
}

/// `name.exe` under Wine, in `prefix` (the suites' shared one when `None`).
fn wine(exe: &Path, prefix: Option<&Path>) -> Command {
    let mut c = Command::new("bash");
    c.arg(wine_runner()).arg(exe);
    if let Some(p) = prefix {
        c.env("WINEPREFIX", p);
    }
    c.env_remove("SAOLUU_DATA_DIR")
        .env_remove("SAOLUU_PASSPHRASE");
    c
}

/// `saoluu.exe --data-dir DATA` under Wine.
fn saoluu_exe(data: &Path, prefix: Option<&Path>) -> Command {
    let mut c = wine(&windows_exe("saoluu"), prefix);
    c.arg("--data-dir").arg(win(data));
    c
}

/// A Windows test helper built from `tests/wine/NAME.c` with MinGW.
fn helper_exe(name: &str) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("wine")
        .join(format!("{name}.c"));
    let dir = target_dir().join("wine");
    fs::create_dir_all(&dir).unwrap();
    let exe = dir.join(format!("{name}.exe"));
    let tmp = dir.join(format!("{name}.{}.exe", std::process::id()));
    ok(Command::new("x86_64-w64-mingw32-gcc")
        .args(["-municode", "-O2", "-o"])
        .arg(&tmp)
        .arg(&src));
    fs::rename(&tmp, &exe).unwrap();
    exe
}

#[test]
fn long_paths_and_vietnamese_names_round_trip() {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("Hồ sơ nhà trường");
    // Eight levels of long Vietnamese folder names: well past Windows' old 260-character limit.
    let mut deep = src.clone();
    for i in 1..=8 {
        deep = deep.join(format!(
            "Thư mục cấp {i} – Kế hoạch giáo dục năm học 2026–2027 của tổ chuyên môn"
        ));
    }
    fs::create_dir_all(&deep).unwrap();
    let long_file = deep.join("Biên bản họp tổ chuyên môn tháng chín.docx");
    fs::write(&long_file, "biên bản ".repeat(5000)).unwrap();
    fs::write(src.join("Danh sách lớp 1A.csv"), "Họ và tên\nLò Thị Mai\n").unwrap();
    assert!(
        win(&long_file).chars().count() > 600,
        "the path must be long: {}",
        win(&long_file).chars().count()
    );
    let data = d.path().join("data");
    let usb = d.path().join("usb");
    fs::create_dir(&usb).unwrap();
    ok(saoluu_exe(&data, None)
        .args(["drive", "init"])
        .arg(win(&usb)));
    let out = ok(saoluu_exe(&data, None)
        .args(["backup", "folder"])
        .arg(win(&src))
        .arg("--to")
        .arg(win(&usb)));
    assert!(out.contains("Sao lưu thành công"), "{out}");
    let run = only_run(&usb);
    let zip = run.join("Hồ sơ nhà trường.zip");
    check_zip_with_other_tools(&zip);
    let v = json(&ok(saoluu_exe(&data, None)
        .args(["verify", "--json"])
        .arg(win(&usb))));
    assert_eq!(v["entries"], 2, "{v:#}");

    let dest = d.path().join("khôi phục");
    let out = ok(saoluu_exe(&data, None)
        .arg("restore")
        .arg(win(&run))
        .arg("--to")
        .arg(win(&dest)));
    assert!(out.contains("Đã khôi phục và kiểm tra 2 tệp"), "{out}");
    assert_eq!(tree(&dest.join("Hồ sơ nhà trường")), tree(&src));
}

#[test]
fn names_windows_forbids_come_back_under_safe_names_on_windows() {
    // Backed up on Linux (or from a website), where these names are allowed, then restored on a
    // Windows PC after a disaster: each comes back, under a name Windows takes.
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("Từ máy Linux");
    fs::create_dir(&src).unwrap();
    let files = [
        ("CON.txt", "CON_.txt"),
        ("aux", "aux_"),
        ("báo cáo: quý 1?.txt", "báo cáo_ quý 1_.txt"),
        ("dấu chấm cuối.", "dấu chấm cuối"),
        ("<lớp 1A>|\"học kỳ\".csv", "_lớp 1A___học kỳ_.csv"),
    ];
    for (i, (name, _)) in files.iter().enumerate() {
        fs::write(src.join(name), format!("tệp số {i}")).unwrap();
    }
    let linux_data = d.path().join("linux");
    let usb = d.path().join("usb");
    fs::create_dir(&usb).unwrap();
    init_drive(&bin("saoluu"), &linux_data, &usb);
    ok(Command::new(bin("saoluu"))
        .arg("--data-dir")
        .arg(&linux_data)
        .args(["backup", "folder"])
        .arg(&src)
        .arg("--to")
        .arg(&usb));

    let dest = d.path().join("khôi phục");
    let out = ok(saoluu_exe(&d.path().join("windows"), None)
        .arg("restore")
        .arg(win(&only_run(&usb)))
        .arg("--to")
        .arg(win(&dest)));
    assert!(out.contains("Đã khôi phục và kiểm tra 5 tệp"), "{out}");
    let got = tree(&dest.join("Từ máy Linux"));
    for (i, (name, safe)) in files.iter().enumerate() {
        assert_eq!(
            got.get(*safe)
                .map(|b| String::from_utf8_lossy(b).into_owned()),
            Some(format!("tệp số {i}")),
            "{name} comes back as {safe}: {:?}",
            got.keys().collect::<Vec<_>>()
        );
    }
}

/// Holds `file` open the way Excel holds a workbook, until dropped.
struct Held(Child);

impl Held {
    fn open(file: &Path) -> Held {
        let mut child = wine(&helper_exe("hold_file"), None)
            .arg(win(file))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "held", "hold_file.exe could not open the file");
        Held(child)
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        // Closing its input lets it close the file and exit.
        drop(self.0.stdin.take());
        let _ = self.0.wait();
    }
}

#[test]
fn a_file_held_open_by_another_program_is_named_and_the_rest_is_saved() {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("Văn phòng");
    fs::create_dir(&src).unwrap();
    let open = src.join("Danh sách lớp.xlsx");
    fs::write(&open, b"PK workbook being edited").unwrap();
    fs::write(src.join("Kế hoạch tháng 9.docx"), "kế hoạch").unwrap();
    fs::write(src.join("Thời khoá biểu.pdf"), "tkb").unwrap();
    let data = d.path().join("data");
    let usb = d.path().join("usb");
    fs::create_dir(&usb).unwrap();
    ok(saoluu_exe(&data, None)
        .args(["drive", "init"])
        .arg(win(&usb)));

    let backup = || {
        let mut c = saoluu_exe(&data, None);
        c.args(["backup", "folder"])
            .arg(win(&src))
            .arg("--to")
            .arg(win(&usb));
        c
    };
    {
        let _held = Held::open(&open);
        let o = backup().output().unwrap();
        let (out, err) = text(&o);
        let said = format!("{out}{err}");
        assert!(
            said.contains("Danh sách lớp.xlsx")
                && said.contains("đang được mở trong một chương trình khác"),
            "the held file is named with the reason:\n{said}"
        );
        // The rest is in the zip, whole.
        let run = only_run(&usb);
        let zip = run.join("Văn phòng.zip");
        check_zip_with_other_tools(&zip);
        let names = ok(Command::new("unzip").arg("-Z1").arg(&zip));
        assert!(
            names.lines().any(|l| l == "Kế hoạch tháng 9.docx"),
            "{names}"
        );
        assert!(names.lines().any(|l| l == "Thời khoá biểu.pdf"), "{names}");
        assert!(!names.lines().any(|l| l == "Danh sách lớp.xlsx"), "{names}");
    }
    // Closed in the other program: the next run has it.
    ok(&mut backup());
    let last = runs(&usb).pop().unwrap();
    assert_eq!(
        unzip_entry(&last.join("Văn phòng.zip"), "Danh sách lớp.xlsx"),
        "PK workbook being edited"
    );
}

/// Maps drive `letter` of `prefix` to `folder` as a removable drive, with the label and serial
/// number Wine reads from the drive's root.
fn map_removable_drive(prefix: &Path, letter: char, folder: &Path, label: &str, serial: &str) {
    fs::write(folder.join(".windows-label"), label).unwrap();
    fs::write(folder.join(".windows-serial"), serial).unwrap();
    std::os::unix::fs::symlink(folder, prefix.join("dosdevices").join(format!("{letter}:")))
        .unwrap();
    // Wine's own setting for a drive's type ("floppy" is what Windows calls removable).
    ok(wine(Path::new("reg"), Some(prefix)).args([
        "add",
        "HKLM\\Software\\Wine\\Drives",
        "/v",
        &format!("{letter}:"),
        "/d",
        "floppy",
        "/f",
    ]));
    // The drive list is read when Wine's server starts.
    let _ = Command::new("wineserver")
        .arg("-k")
        .env("WINEPREFIX", prefix)
        .status();
}

#[test]
fn a_drive_letter_is_found_by_its_removable_flag_serial_and_either_case() {
    let d = tempfile::tempdir().unwrap();
    let prefix = private_wine_prefix(d.path());
    let usb = d.path().join("usb");
    fs::create_dir(&usb).unwrap();
    map_removable_drive(&prefix, 'e', &usb, "USB CO LAN", "1a2b3c4d");
    let data = d.path().join("data");

    // Drive E: as `saoluu drives --json` lists it.
    let drive_e = || {
        let drives = json(&ok(
            saoluu_exe(&data, Some(&prefix)).args(["drives", "--json"])
        ));
        drives
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["mount_point"] == "E:\\")
            .cloned()
            .unwrap_or_else(|| panic!("E: is listed: {drives:#}"))
    };
    let e = drive_e();
    assert_eq!(e["removable"], true, "{e:#}");
    assert_eq!(e["volume_id"], "1A2B-3C4D", "the volume serial: {e:#}");
    assert_eq!(e["label"], "USB CO LAN (E:)", "{e:#}");
    assert!(e["marker"].is_null());
    // Not registered yet: the plain list says it is a removable drive and no backup drive.
    let out = ok(saoluu_exe(&data, Some(&prefix)).arg("drives"));
    assert!(out.contains("E:\\") && out.contains("(ổ rời)"), "{out}");

    // Registered by its letter, typed in lower case as people do.
    ok(saoluu_exe(&data, Some(&prefix)).args(["drive", "init", "e:\\"]));
    let e = drive_e();
    assert!(e["marker"]["drive_id"].is_string(), "{e:#}");

    // No --to: the plugged-in backup drive is found by itself.
    let src = d.path().join("Tài liệu");
    fs::create_dir(&src).unwrap();
    fs::write(src.join("Quyết định.pdf"), "qđ").unwrap();
    let out = ok(saoluu_exe(&data, Some(&prefix))
        .args(["backup", "folder"])
        .arg(win(&src)));
    assert!(out.contains("Sao lưu thành công"), "{out}");
    assert_eq!(runs(&usb).len(), 1);
    // The same drive by either case of its letter; forgetting it by the other case works too.
    ok(saoluu_exe(&data, Some(&prefix))
        .args(["backup", "folder"])
        .arg(win(&src))
        .args(["--to", "E:\\"]));
    assert_eq!(runs(&usb).len(), 2);
    ok(saoluu_exe(&data, Some(&prefix)).args(["config", "--quen-o", "E:\\"]));
    let cfg: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(data.join("cai-dat.json")).unwrap()).unwrap();
    assert_eq!(cfg["targets"], serde_json::json!([]), "{cfg:#}");
}

#[test]
fn the_passphrase_lives_in_the_windows_credential_store() {
    let d = tempfile::tempdir().unwrap();
    let prefix = private_wine_prefix(d.path());
    let data = d.path().join("data");
    let sheet = d.path().join("phiếu.html");
    let out = ok(saoluu_exe(&data, Some(&prefix))
        .args(["passphrase", "set", "--generate", "--sheet"])
        .arg(win(&sheet)));
    assert!(out.contains("kho khoá"), "{out}");
    let html = fs::read_to_string(&sheet).unwrap();
    let pass = regex::Regex::new(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){5}")
        .unwrap()
        .find(&html)
        .expect("the sheet carries the passphrase")
        .as_str()
        .to_string();

    // Encrypting needs no file or variable: the credential store gives the passphrase.
    let src = d.path().join("Hồ sơ học sinh");
    fs::create_dir(&src).unwrap();
    fs::write(
        src.join("danh-sach.csv"),
        "Mã học sinh,Họ và tên\nHS01,Lò Thị Mai\n",
    )
    .unwrap();
    let usb = d.path().join("usb");
    fs::create_dir(&usb).unwrap();
    ok(saoluu_exe(&data, Some(&prefix))
        .args(["drive", "init"])
        .arg(win(&usb)));
    ok(saoluu_exe(&data, Some(&prefix))
        .args(["backup", "folder", "--encrypt"])
        .arg(win(&src))
        .arg("--to")
        .arg(win(&usb)));
    let zip = only_run(&usb).join("Hồ sơ học sinh.zip");
    ok(Command::new("7z")
        .arg("t")
        .arg(format!("-p{pass}"))
        .arg(&zip));
    fails(Command::new("7z").arg("t").arg("-pSAI-MAT-KHAU").arg(&zip));
}

/// Whether an X window of that exact title is on the screen.
fn window_titled(display: &str, title: &str) -> bool {
    let o = Command::new("xwininfo")
        .args(["-root", "-tree"])
        .env("DISPLAY", display)
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).contains(&format!("\"{title}\""))
}

fn wait_until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(300));
    }
}

#[test]
fn the_tray_app_runs_without_webview2_says_so_in_vietnamese_and_backs_up() {
    let screen = Screen::start();
    let d = tempfile::tempdir().unwrap();
    let prefix = private_wine_prefix(d.path());
    let data = d.path().join("data");
    let app = windows_exe("saoluu-app");
    let launch = |args: &[&str]| {
        let mut c = wine(&app, Some(&prefix));
        c.arg("--data-dir")
            .arg(win(&data))
            .args(args)
            .env("DISPLAY", &screen.display)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    };
    // Started at login: the tray only.
    let mut first = launch(&["--an"]).spawn().unwrap();
    std::thread::sleep(Duration::from_secs(8));
    assert!(
        first.try_wait().unwrap().is_none(),
        "the tray app keeps running"
    );

    // A second launch hands over to the first and ends; the first, asked for its window on a
    // PC without WebView2, explains in Vietnamese instead of Tauri's English dialog.
    let second = launch(&[]).status().unwrap();
    assert!(second.success(), "the second launch hands over: {second:?}");
    wait_until("the WebView2 explanation", Duration::from_secs(30), || {
        window_titled(&screen.display, WEBVIEW_MISSING_TITLE)
    });
    assert!(!window_titled(&screen.display, "Error"));
    assert!(first.try_wait().unwrap().is_none(), "still in the tray");

    // "Sao lưu ngay" from outside (`--sao-luu-ngay`, as the tray menu does it): the running copy
    // backs up (the demo school, none being configured), with no window.
    assert!(launch(&["--sao-luu-ngay"]).status().unwrap().success());
    wait_until("the backup in the log", Duration::from_secs(90), || {
        let log = saoluu_exe(&data, Some(&prefix))
            .args(["log", "--json"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&log.stdout).contains("\"outcome\": \"success\"")
    });

    // The installer's question before it replaces the program: the running copy quits.
    assert!(launch(&["--thoat"]).status().unwrap().success());
    wait_until("the tray app to quit", Duration::from_secs(30), || {
        first.try_wait().unwrap().is_some()
    });
}
