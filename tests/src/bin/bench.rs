//! Backup speed and memory, side by side with what a school would otherwise use: `zip -r -6` and
//! `cp -r`, on one generated school-like tree on the same disk, in one run.
//!
//! `cargo run --release -p saoluu-tests --bin saoluu-bench -- [SIZE_MIB] [WORK_DIR]`
//! (defaults: 2048 MiB under `target/bench`). Builds the release `saoluu` itself. Linux only: peak
//! memory comes from `wait4`'s rusage of each tool's process.

use saoluu_tests::measure::{du, measure, sync, Measured};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Deterministic bytes: incompressible for photos and documents, text for web pages.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        // xorshift64*: fast enough to write gigabytes, and deflate cannot shrink it.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn noise(&mut self, len: usize) -> Vec<u8> {
        let mut v = Vec::with_capacity(len + 8);
        while v.len() < len {
            v.extend_from_slice(&self.next().to_le_bytes());
        }
        v.truncate(len);
        v
    }

    fn text(&mut self, len: usize) -> Vec<u8> {
        const WORDS: &[&str] = &[
            "trường",
            "học",
            "sinh",
            "giáo",
            "viên",
            "năm",
            "lớp",
            "kế",
            "hoạch",
            "thông",
            "báo",
            "hội",
            "nghị",
            "phụ",
            "huynh",
            "khai",
            "giảng",
            "<p>",
            "</p>",
            "<div class=\"tin\">",
            "</div>",
            "<a href=\"/tin-tuc/\">",
            "</a>",
            "ngày",
            "tháng",
            "Quyết",
            "định",
            "số",
        ];
        let mut s = Vec::with_capacity(len + 32);
        while s.len() < len {
            s.extend_from_slice(WORDS[(self.next() % WORDS.len() as u64) as usize].as_bytes());
            s.push(if self.next().is_multiple_of(12) {
                b'\n'
            } else {
                b' '
            });
        }
        s
    }

    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo) as u64) as usize
    }
}

/// A school's shared folder: photo albums, issued documents as PDF, office files, a saved website.
/// Shares by bytes: photos 55 %, PDFs 25 %, DOCX/XLSX 12 %, HTML/CSS/TXT 8 %.
fn make_tree(root: &Path, total: u64) -> (u64, u64) {
    let mut g = Gen(0x5A01_u64);
    let mut files = 0;
    let mut bytes = 0u64;
    let mut fill = |dir: &str, share: u64, ext: &str, lo: usize, hi: usize, text: bool| {
        let d = root.join(dir);
        fs::create_dir_all(&d).unwrap();
        let budget = total * share / 100;
        let mut used = 0u64;
        let mut i = 0;
        while used < budget {
            let len = g.between(lo, hi).min((budget - used) as usize).max(1);
            let data = if text { g.text(len) } else { g.noise(len) };
            let sub = d.join(format!("thang-{:02}", i % 12 + 1));
            fs::create_dir_all(&sub).unwrap();
            fs::write(sub.join(format!("tệp-{i:05}.{ext}")), &data).unwrap();
            used += data.len() as u64;
            i += 1;
            files += 1;
        }
        bytes += used;
    };
    fill("Ảnh hoạt động", 55, "jpg", 1 << 20, 5 << 20, false);
    fill("Văn bản đã ban hành", 25, "pdf", 100 << 10, 2 << 20, false);
    fill("Hồ sơ", 12, "docx", 20 << 10, 400 << 10, false);
    fill("Trang web", 6, "html", 4 << 10, 60 << 10, true);
    fill("Ghi chép", 2, "txt", 1 << 10, 20 << 10, true);
    (files, bytes)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mib: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(2048);
    let work = args
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| saoluu_tests::target_dir().join("bench"));
    let saoluu = saoluu_tests::release_saoluu();

    let _ = fs::remove_dir_all(&work);
    let tree = work.join("Dữ liệu trường");
    eprintln!("Tạo cây dữ liệu {mib} MiB tại {} …", tree.display());
    let (files, bytes) = make_tree(&tree, mib << 20);
    sync();

    let data = work.join("app-data");
    let usb = work.join("o-sao-luu");
    fs::create_dir_all(&usb).unwrap();
    saoluu_tests::init_drive(&saoluu, &data, &usb);

    let mut rows: Vec<(String, Measured, u64)> = Vec::new();
    let ours = measure(
        Command::new(&saoluu)
            .arg("--data-dir")
            .arg(&data)
            .args(["backup", "folder"])
            .arg(&tree)
            .arg("--to")
            .arg(&usb),
    );
    rows.push((
        "saoluu backup folder (ghi + fsync + kiểm tra lại toàn bộ)".into(),
        ours,
        du(&usb.join("SaoLuuTruongHoc")),
    ));

    let zip_out = work.join("zip-r.zip");
    let mut z = Command::new("zip");
    z.args(["-r", "-6", "-q"])
        .arg(&zip_out)
        .arg("Dữ liệu trường")
        .current_dir(&work);
    let mut m = measure(&mut z);
    let t = Instant::now();
    sync();
    m.wall += t.elapsed();
    let size = du(&zip_out);
    rows.push(("zip -r -6, rồi sync (không kiểm tra lại)".into(), m, size));

    let zt = measure(Command::new("unzip").arg("-tq").arg(&zip_out));
    rows.push(("unzip -t (kiểm tra tệp zip ở trên)".into(), zt, 0));

    let cp_out = work.join("cp-r");
    let mut m = measure(Command::new("cp").arg("-r").arg(&tree).arg(&cp_out));
    let t = Instant::now();
    sync();
    m.wall += t.elapsed();
    rows.push((
        "cp -r, rồi sync (không nén, không kiểm tra)".into(),
        m,
        du(&cp_out),
    ));

    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "\nCây dữ liệu: {files} tệp, {:.2} GiB; {cores} nhân CPU; cùng một ổ.\n",
        bytes as f64 / (1u64 << 30) as f64
    )
    .unwrap();
    writeln!(
        out,
        "| Công cụ | Thời gian | Bộ nhớ đỉnh | Dung lượng ghi |"
    )
    .unwrap();
    writeln!(out, "|---|---:|---:|---:|").unwrap();
    for (name, m, size) in &rows {
        let size = if *size == 0 {
            "—".to_string()
        } else {
            format!("{:.2} GiB", *size as f64 / (1u64 << 30) as f64)
        };
        writeln!(
            out,
            "| {name} | {:.1} s | {:.0} MB | {size} |",
            m.wall.as_secs_f64(),
            m.peak_rss_kib as f64 / 1024.0
        )
        .unwrap();
    }
    let zip_total = rows[1].1.wall + rows[2].1.wall;
    writeln!(
        out,
        "\nsaoluu so với zip -r -6: nhanh gấp {:.1} lần (gấp {:.1} lần nếu tính cả unzip -t); so với cp -r: {:.2} lần thời gian.",
        rows[1].1.wall.as_secs_f64() / rows[0].1.wall.as_secs_f64(),
        zip_total.as_secs_f64() / rows[0].1.wall.as_secs_f64(),
        rows[0].1.wall.as_secs_f64() / rows[3].1.wall.as_secs_f64(),
    )
    .unwrap();
}
