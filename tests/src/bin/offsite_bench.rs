//! The offsite copy's speed and memory beside `rclone copy` (Debian's rclone), both sending the
//! same run folder to the same real store on 127.0.0.1 (tests/offsite/store.sh: SeaweedFS with
//! three volume servers and Object Lock), without a cap.
//!
//! `cargo run --release -p saoluu-tests --bin saoluu-offsite-bench -- [SIZE_MIB] [WORK_DIR]`
//! (defaults: 512 MiB under `target/bench-offsite`). Builds the release `saoluu` itself. Linux
//! only: peak memory comes from `wait4`'s rusage of each tool's process. Ours also checks every
//! object in the store (ETag, or a read back) and logs the run; rclone checks its own MD5s.

use saoluu_tests::measure::{du, measure, sync, Measured};
use saoluu_tests::offsite::Store;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

fn noise(seed: &mut u64, len: usize) -> Vec<u8> {
    let mut v = Vec::with_capacity(len + 8);
    while v.len() < len {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        v.extend_from_slice(&seed.to_le_bytes());
    }
    v.truncate(len);
    v
}

fn row(tool: &str, m: &Measured, bytes: u64) -> String {
    let secs = m.wall.as_secs_f64();
    format!(
        "| {tool} | {secs:.1} s | {:.0} MB/s | {} MB |",
        bytes as f64 / secs / 1e6,
        m.peak_rss_kib / 1024
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mib: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(512);
    let work = args
        .get(2)
        .map(PathBuf::from)
        .unwrap_or_else(|| saoluu_tests::target_dir().join("bench-offsite"));
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).unwrap();
    let saoluu = saoluu_tests::release_saoluu();

    // A school's week: photos and scans (incompressible), in files of 1 to 64 MiB.
    let src = work.join("Tài liệu trường");
    fs::create_dir_all(&src).unwrap();
    let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
    let mut left = mib << 20;
    let mut n = 0;
    while left > 0 {
        let size = left.min([1usize, 4, 16, 64][n % 4] << 20);
        fs::write(src.join(format!("anh-{n:04}.jpg")), noise(&mut seed, size)).unwrap();
        left -= size;
        n += 1;
    }
    let data = work.join("du-lieu");
    let usb = work.join("usb");
    fs::create_dir_all(&data).unwrap();
    fs::create_dir_all(&usb).unwrap();
    saoluu_tests::init_drive(&saoluu, &data, &usb);
    let run = |args: &[&str]| {
        let mut c = Command::new(&saoluu);
        c.arg("--data-dir").arg(&data).args(args);
        c
    };
    let st = run(&["backup", "folder"])
        .arg(&src)
        .arg("--to")
        .arg(&usb)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(st.success());
    let run_dir = saoluu_tests::only_run(&usb);
    let bytes = du(&run_dir);

    let store = Store::start();
    let secret = store.var("SCHOOL_SECRET").to_string();
    let st = run(&[
        "offsite",
        "set",
        &store.school_url(),
        "--key-id",
        store.var("SCHOOL_KEY_ID"),
    ])
    .env("SAOLUU_OFFSITE_SECRET", &secret)
    .stdout(std::process::Stdio::null())
    .status()
    .unwrap();
    assert!(st.success());

    sync();
    let ours = measure(run(&["offsite", "push"]).env("SAOLUU_OFFSITE_SECRET", &secret));
    sync();
    let name = run_dir.file_name().unwrap().to_string_lossy().into_owned();
    let rclone = measure(
        store
            .rclone("SCHOOL_KEY_ID", "SCHOOL_SECRET")
            .args(["copy", "--s3-no-check-bucket"])
            .arg(&run_dir)
            .arg(format!(
                "kho:saoluu/{}/rclone-{name}",
                store.var("SCHOOL_PREFIX")
            )),
    );

    println!(
        "One run folder of {:.0} MB ({} files in the zip) to SeaweedFS on 127.0.0.1:\n",
        bytes as f64 / 1e6,
        n
    );
    println!("| tool | time | throughput | peak memory |");
    println!("|---|---:|---:|---:|");
    println!(
        "{}",
        row(
            "saoluu offsite push (parts of 8 MiB, each object checked)",
            &ours,
            bytes
        )
    );
    println!("{}", row("rclone copy (Debian's rclone)", &rclone, bytes));
}
