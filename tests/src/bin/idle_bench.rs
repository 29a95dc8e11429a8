//! Idle memory of the running tray app (release build), the way a school PC runs it all day:
//! started at login with `--an` (window closed, tray only), and for comparison with its window
//! open. Memory is summed over the app and the WebKit processes it starts (the web view is part
//! of the cost), as RSS and as PSS (shared pages counted once, split between the processes).
//!
//! `cargo run --release -p saoluu-tests --bin saoluu-idle-bench` (needs the packages
//! `src-tauri/scripts/setup.sh` installs). Prints a Markdown table for the README.

use saoluu_tests::desktop::{Proc, Screen};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

fn release_app() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "build",
            "--release",
            "--locked",
            "-p",
            "saoluu-app",
            "--features",
            "custom-protocol",
        ])
        .current_dir(&workspace)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building the release app failed");
    saoluu_tests::target_dir()
        .join("release")
        .join("saoluu-app")
}

/// The pid and every descendant of it.
fn tree(root: u32) -> Vec<u32> {
    let mut all = vec![root];
    let mut i = 0;
    while i < all.len() {
        let parent = all[i];
        for e in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            // The parent pid is the second field after the parenthesised name.
            let ppid = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|p| p.parse::<u32>().ok());
            if ppid == Some(parent) && !all.contains(&pid) {
                all.push(pid);
            }
        }
        i += 1;
    }
    all
}

/// (RSS, PSS, anonymous) in KiB summed over the processes. Anonymous memory is the processes'
/// own (heap, stacks); the rest of RSS is pages of shared libraries, which the OS can drop.
fn memory(pids: &[u32]) -> (u64, u64, u64) {
    let field = |text: &str, name: &str| -> u64 {
        text.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    pids.iter().fold((0, 0, 0), |(r, p, a), pid| {
        let s = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        (
            r + field(&s, "Rss:"),
            p + field(&s, "Pss:"),
            a + field(&s, "Anonymous:"),
        )
    })
}

fn measure(app: &Path, display: &str, bus: &str, hidden: bool) -> (usize, u64, u64, u64) {
    let data = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(app);
    if hidden {
        cmd.arg("--an");
    }
    let child = cmd
        .env("DISPLAY", display)
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .env("SAOLUU_DATA_DIR", data.path())
        .env("HOME", home.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let app_proc = Proc(child);
    // Settled: the web view loaded, the first status read, the drive watcher running.
    std::thread::sleep(Duration::from_secs(15));
    let pids = tree(app_proc.0.id());
    let (rss, pss, anon) = memory(&pids);
    (pids.len(), rss, pss, anon)
}

fn main() {
    let app = release_app();
    let screen = Screen::start();
    println!("| state | processes | RSS (sum) | PSS (sum) | own memory (anonymous) |");
    println!("|---|---|---|---|---|");
    for (name, hidden) in [
        (
            "tray only, window closed (`--an`, as started at login)",
            true,
        ),
        ("window open", false),
    ] {
        let (procs, rss, pss, anon) = measure(&app, &screen.display, &screen.bus, hidden);
        let mb = |k: u64| k as f64 / 1024.0;
        println!(
            "| {name} | {procs} | {:.1} MB | {:.1} MB | {:.1} MB |",
            mb(rss),
            mb(pss),
            mb(anon)
        );
    }
}
