//! The installers a school runs: the Windows installer installed and removed silently under Wine
//! (a fresh prefix: a PC that never had the app), and the .deb with dpkg. Both are built by
//! `src-tauri/scripts/package.sh` (`--debug` here, as `tests/run.sh` does), on first use unless
//! `tests/run.sh` already did.

#![cfg(unix)]

use saoluu_tests::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn installers() -> PathBuf {
    static BUILT: OnceLock<()> = OnceLock::new();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    BUILT.get_or_init(|| {
        if std::env::var_os("SAOLUU_INSTALLERS_BUILT").is_none() {
            ok(Command::new("bash")
                .arg(repo.join("src-tauri/scripts/package.sh"))
                .arg("--debug"));
        }
    });
    target_dir().join("installers")
}

fn one_file(dir: &Path, suffix: &str) -> PathBuf {
    let found: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one {suffix} in {}: {found:?}",
        dir.display()
    );
    found.into_iter().next().unwrap()
}

fn wine_in(prefix: &Path, exe: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut c = Command::new("bash");
    c.arg(wine_runner())
        .arg(exe)
        .env("WINEPREFIX", prefix)
        .env_remove("SAOLUU_DATA_DIR");
    c
}

#[test]
fn the_windows_installer_installs_runs_and_uninstalls_silently_keeping_the_data() {
    let setup = one_file(&installers(), "-cai-dat.exe");
    let d = tempfile::tempdir().unwrap();
    let prefix = private_wine_prefix(d.path());
    let users = prefix.join("drive_c").join("users");
    let user = fs::read_dir(&users)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.join("AppData").is_dir())
        .expect("a user folder in the prefix");

    // Per-user, silent, no administrator.
    ok(wine_in(&prefix, &setup).arg("/S"));
    let home = user
        .join("AppData")
        .join("Local")
        .join("Programs")
        .join("SaoLuuTruongHoc");
    for f in [
        "saoluu.exe",
        "saoluu-app.exe",
        "WebView2Loader.dll",
        "go-cai-dat.exe",
    ] {
        assert!(
            home.join(f).is_file(),
            "{f} installed in {}",
            home.display()
        );
    }
    let start_menu = user
        .join("AppData/Roaming/Microsoft/Windows/Start Menu/Programs")
        .join("Sao lưu Trường học.lnk");
    assert!(start_menu.is_file(), "Start menu shortcut");
    assert!(
        user.join("Desktop")
            .join("Sao lưu Trường học.lnk")
            .is_file(),
        "desktop shortcut"
    );
    let run_key = ok(wine_in(&prefix, "reg").args([
        "query",
        "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run",
    ]));
    assert!(
        run_key.contains("saoluu-app.exe") && run_key.contains("--an"),
        "starts at login: {run_key}"
    );

    // The installed programs run from where they were put, with the data in %APPDATA%.
    let saoluu = home.join("saoluu.exe");
    let version = ok(wine_in(&prefix, &saoluu).arg("--version"));
    assert!(version.starts_with("saoluu "), "{version}");
    let demo = ok(wine_in(&prefix, &saoluu).arg("demo"));
    assert!(demo.contains("Sao lưu thành công"), "{demo}");
    let data = user.join("AppData/Roaming/SaoLuuTruongHoc");
    assert!(data.is_dir(), "the app's data folder");
    let log = fs::read_dir(&data)
        .unwrap()
        .flat_map(|e| walk(&e.unwrap().path()))
        .find(|p| p.ends_with("nhat-ky.sqlite"))
        .expect("the backup log in the data folder");

    // Removed silently (`_?=` runs it in place so that it is waited for): the program goes, the
    // log and settings stay.
    ok(wine_in(&prefix, home.join("go-cai-dat.exe"))
        .arg("/S")
        .arg(format!("_?={}", windows_path_in(&prefix, &home))));
    for f in ["saoluu.exe", "saoluu-app.exe", "WebView2Loader.dll"] {
        assert!(!home.join(f).exists(), "{f} removed");
    }
    assert!(!start_menu.exists(), "Start menu shortcut removed");
    let run_key = ok(wine_in(&prefix, "reg").args([
        "query",
        "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run",
    ]));
    assert!(!run_key.contains("saoluu-app.exe"), "{run_key}");
    assert!(log.is_file(), "the backup log stays: {}", log.display());
}

#[test]
fn the_windows_installer_refuses_windows_7() {
    let setup = one_file(&installers(), "-cai-dat.exe");
    let d = tempfile::tempdir().unwrap();
    let prefix = private_wine_prefix(d.path());
    ok(wine_in(&prefix, "winecfg").args(["-v", "win7"]));
    let st = wine_in(&prefix, &setup).arg("/S").status().unwrap();
    // 3: the exit code the script gives after its "cần Windows 10 hoặc Windows 11" message.
    assert_eq!(st.code(), Some(3), "{st:?}");
    let programs = prefix.join("drive_c/users");
    let installed = walk(&programs)
        .into_iter()
        .any(|p| p.ends_with("saoluu-app.exe"));
    assert!(!installed, "nothing is installed on Windows 7");
}

/// `C:\users\…` for a folder inside the prefix's C: drive.
fn windows_path_in(prefix: &Path, p: &Path) -> String {
    let rel = p.strip_prefix(prefix.join("drive_c")).unwrap();
    format!("C:\\{}", rel.display()).replace('/', "\\")
}

fn walk(p: &Path) -> Vec<PathBuf> {
    if p.is_dir() {
        fs::read_dir(p)
            .unwrap()
            .flat_map(|e| walk(&e.unwrap().path()))
            .collect()
    } else {
        vec![p.to_path_buf()]
    }
}

#[test]
fn the_deb_installs_runs_and_is_removed_with_dpkg() {
    let deb = one_file(&installers(), "_amd64.deb");
    let info = ok(Command::new("dpkg-deb").arg("-f").arg(&deb).arg("Package"));
    let package = info.trim();
    assert_eq!(package, "sao-luu-truong-hoc");
    // A root of its own: the test installs into a scratch dpkg database, never the machine's.
    let d = tempfile::tempdir().unwrap();
    let root = d.path();
    for dir in ["var/lib/dpkg/updates", "var/lib/dpkg/info"] {
        fs::create_dir_all(root.join(dir)).unwrap();
    }
    fs::write(root.join("var/lib/dpkg/status"), "").unwrap();
    let dpkg = || {
        let mut c = Command::new("dpkg");
        c.arg(format!("--root={}", root.display()))
            .arg("--force-not-root")
            .arg("--force-depends")
            .arg("--force-script-chrootless")
            .arg("--log=/dev/null");
        c
    };
    ok(dpkg().arg("-i").arg(&deb));
    let status = ok(dpkg().args(["-s", package]));
    assert!(status.contains("Status: install ok installed"), "{status}");
    let saoluu = root.join("usr/bin/saoluu");
    assert!(root.join("usr/bin/saoluu-app").is_file());
    let desktop =
        fs::read_to_string(root.join("usr/share/applications/sao-luu-truong-hoc.desktop"))
            .or_else(|_| {
                fs::read_dir(root.join("usr/share/applications"))
                    .unwrap()
                    .map(|e| fs::read_to_string(e.unwrap().path()))
                    .next()
                    .unwrap()
            })
            .unwrap();
    assert!(desktop.contains("Name=Sao lưu Trường học"), "{desktop}");
    let version = ok(Command::new(&saoluu).arg("--version"));
    assert!(version.starts_with("saoluu "), "{version}");
    let data = d.path().join("data");
    let out = ok(Command::new(&saoluu)
        .arg("--data-dir")
        .arg(&data)
        .arg("demo")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/saoluu-test-bus",
        ));
    assert!(out.contains("Sao lưu thành công"), "{out}");
    ok(dpkg().args(["-r", package]));
    assert!(!saoluu.exists(), "dpkg -r removes the program");
    assert!(data.join("nhat-ky.sqlite").is_file(), "the data stays");
}
