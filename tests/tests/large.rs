//! Sizes and drives that break naive backup tools: a source split for FAT32's 4 GiB limit, a
//! 5 GiB file, and the backup drive pulled out while a run is being written.

use saoluu_tests::*;
use std::fs;
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;
use std::process::Command;

/// Bytes that deflate cannot shrink, different for each `seed`.
fn noise(len: usize, seed: u32) -> Vec<u8> {
    (0..len as u32)
        .map(|k| {
            (k.wrapping_mul(2654435761)
                .wrapping_add(seed.wrapping_mul(40503))
                >> 13) as u8
        })
        .collect()
}

fn sha256sum_check(run: &Path) {
    ok(Command::new("sha256sum")
        .arg("-c")
        .arg("SHA256SUMS")
        .current_dir(run));
}

#[test]
fn a_source_too_big_for_one_zip_is_split_into_parts_that_each_open_alone() {
    let d = tempfile::tempdir().unwrap();
    let usb = registered_usb(d.path());
    let src = d.path().join("Ảnh hoạt động");
    fs::create_dir_all(src.join("Năm học 2025")).unwrap();
    for i in 0..10u32 {
        fs::write(
            src.join("Năm học 2025").join(format!("ảnh-{i}.jpg")),
            noise(300 << 10, i),
        )
        .unwrap();
    }
    fs::write(src.join("ghi-chú.txt"), "Ảnh lễ khai giảng".repeat(1000)).unwrap();
    let limit: u64 = 1 << 20;
    let out = ok(backup_folder(d.path(), &src, &usb).env("SAOLUU_PART_LIMIT", limit.to_string()));
    assert!(out.contains("Sao lưu thành công"), "{out}");

    let run = only_run(&usb);
    let mut zips: Vec<String> = fs::read_dir(&run)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".zip"))
        .collect();
    zips.sort();
    assert!(zips.len() >= 4, "{zips:?}");
    assert!(zips.contains(&"Ảnh hoạt động.zip".to_string()), "{zips:?}");
    assert!(
        zips.contains(&"Ảnh hoạt động.part2.zip".to_string()),
        "{zips:?}"
    );
    let mut listed = 0;
    for z in &zips {
        let path = run.join(z);
        assert!(fs::metadata(&path).unwrap().len() <= limit, "{z} too big");
        check_zip_with_other_tools(&path);
        // Each part carries its own manifest: it verifies without the others.
        let v = json(&ok(saoluu(d.path()).args(["--json", "verify"]).arg(&path)));
        assert_eq!(v["problems"].as_array().unwrap().len(), 0, "{v:#}");
        listed += v["entries"].as_u64().unwrap();
    }
    assert_eq!(listed, 11, "every file is in exactly one part");
    sha256sum_check(&run);

    // The parts come back together in one folder, byte for byte.
    let back = d.path().join("khôi-phục");
    ok(&mut restore(d.path(), &run, &back));
    let restored = tree(&back.join("Ảnh hoạt động"));
    assert_eq!(restored, tree(&src));

    let log = json(&ok(
        saoluu(d.path()).args(["log", "--json", "--source", "folder"])
    ));
    assert_eq!(log[0]["files"], 11, "{log:#}");
    assert_eq!(log[0]["outcome"], "success", "{log:#}");
}

/// Compares two files of any size without holding them in memory.
fn same_file(a: &Path, b: &Path) -> bool {
    Command::new("cmp")
        .arg(a)
        .arg(b)
        .status()
        .unwrap()
        .success()
}

#[test]
fn a_five_gib_file_round_trips() {
    let d = tempfile::tempdir().unwrap();
    let usb = registered_usb(d.path());
    let src = d.path().join("Máy chủ");
    fs::create_dir(&src).unwrap();
    let big = src.join("ảnh-đĩa-máy-chủ.img");
    let size: u64 = 5 << 30;
    {
        // Sparse: 5 GiB on paper, a few KiB on disk, with marks past the 4 GiB line ZIP64 exists for.
        let mut f = fs::File::create(&big).unwrap();
        f.set_len(size).unwrap();
        for (at, seed) in [
            (0u64, 1u32),
            (2 << 30, 2),
            ((9 << 30) / 2, 3),
            (size - 4096, 4),
        ] {
            f.seek(SeekFrom::Start(at)).unwrap();
            f.write_all(&noise(4096, seed)).unwrap();
        }
    }
    fs::write(src.join("ghi-chú.txt"), "Bản sao ổ đĩa máy chủ").unwrap();

    let out = ok(&mut backup_folder(d.path(), &src, &usb));
    assert!(out.contains("Sao lưu thành công"), "{out}");
    let run = only_run(&usb);
    let zip = run.join("Máy chủ.zip");
    check_zip_with_other_tools(&zip);
    sha256sum_check(&run);

    let back = d.path().join("khôi-phục");
    ok(&mut restore(d.path(), &run, &back));
    let restored = back.join("Máy chủ").join("ảnh-đĩa-máy-chủ.img");
    assert_eq!(fs::metadata(&restored).unwrap().len(), size);
    assert!(same_file(&big, &restored), "the 5 GiB file differs");
    assert_eq!(
        fs::read(back.join("Máy chủ").join("ghi-chú.txt")).unwrap(),
        fs::read(src.join("ghi-chú.txt")).unwrap()
    );
}

#[test]
fn a_drive_pulled_out_mid_write_fails_clearly_and_nothing_lands_on_the_internal_disk() {
    let d = tempfile::tempdir().unwrap();
    let usb = d.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let src = d.path().join("Ảnh");
    fs::create_dir(&src).unwrap();
    // Enough data that the run is still writing when the drive goes.
    for i in 0..300u32 {
        fs::write(src.join(format!("ảnh-{i}.jpg")), noise(1 << 20, i)).unwrap();
    }
    let exe = bin("saoluu");
    let data = d.path().join("data");
    // Waits for the run's temporary folder, then detaches the drive the way a pulled USB stick
    // vanishes: its path now leads to the (internal) mount point folder.
    let script = r#"
        "$1" --data-dir "$2" drive init "$USB" >/dev/null || exit 98
        "$1" --data-dir "$2" backup folder "$3" --to "$USB" > "$4" 2>&1 &
        pid=$!
        i=0
        until ls -A "$USB/SaoLuuTruongHoc" | grep -q '^\.dang-ghi'; do
            i=$((i+1)); [ $i -gt 3000 ] && { echo "never started"; exit 97; }
            sleep 0.01
        done
        umount -l "$USB" || exit 96
        wait $pid; echo "rc=$?"
        echo "--ls--"; ls -A "$USB"
    "#;
    let log_file = d.path().join("backup.out");
    let out = on_small_drive(
        &usb,
        "1g",
        script,
        &[
            exe.as_os_str(),
            data.as_os_str(),
            src.as_os_str(),
            log_file.as_os_str(),
        ],
    );
    let said = fs::read_to_string(&log_file).unwrap_or_default();
    assert!(out.contains("rc=1"), "{out}\n{said}");
    assert!(
        said.contains("Có thể ổ đã bị rút ra") || said.contains("không còn cắm"),
        "{said}"
    );
    // The mount point left behind is on the internal disk: the app never falls back to it.
    let after: Vec<&str> = out
        .split("--ls--")
        .nth(1)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(after.is_empty(), "written to the internal disk: {after:?}");
    assert!(fs::read_dir(&usb).unwrap().next().is_none());
    let log = json(&ok(saoluu(&data).args(["log", "--json"])));
    assert_eq!(log[0]["outcome"], "failed", "{log:#}");
    assert_eq!(log.as_array().unwrap().len(), 1, "{log:#}");
}
