//! The education office's overview at a province's scale: 1,500 schools' status documents (a
//! school year's history each, generated here and written into the real store on 127.0.0.1 by the
//! office's own S3 client), then `saoluu district` and its year's report for 100, 500 and 1,500 of
//! them, beside `rclone copy` fetching the same newest documents (what an office without the app
//! would do before reading them one by one).
//!
//! `cargo run --release -p saoluu-tests --bin saoluu-district-bench -- [SCHOOLS] [WORK_DIR]`
//! (defaults: 1500 under `target/bench-district`). Builds the release `saoluu` itself. Linux
//! only: peak memory comes from `wait4`'s rusage.

use saoluu_engine::config::SchoolLevel;
use saoluu_engine::district::doc::{
    DutyWeeks, FailureFacts, FooterFacts, SectionFacts, StatusDoc, WEEKS,
};
use saoluu_engine::eschool::Section;
use saoluu_engine::glance::Mark;
use saoluu_tests::measure::{measure, measure_status, Measured};
use saoluu_tests::offsite::Store;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

/// A small deterministic generator: the same schools every run.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A school's newest document after a school year: most weeks done, some late or missed.
fn school_doc(n: usize, dice: &mut Dice, now: chrono::DateTime<chrono::Local>) -> StatusDoc {
    let ago = |days: u64| (now - chrono::Duration::days(days as i64)).fixed_offset();
    let level = [SchoolLevel::MamNon, SchoolLevel::TieuHoc, SchoolLevel::Thcs][n % 3];
    let marks = |dice: &mut Dice| -> Vec<Mark> {
        (0..WEEKS)
            .map(|_| match dice.below(100) {
                0..=84 => Mark::Done,
                85..=92 => Mark::Late,
                _ => Mark::Missed,
            })
            .collect()
    };
    let last = |dice: &mut Dice| Some(ago(dice.below(12)));
    let duties = [
        "Trang web",
        "Hồ sơ trường",
        "Hồ sơ giáo viên",
        "Hồ sơ học sinh",
        "Kiểm tra khôi phục",
    ];
    StatusDoc {
        schema: 1,
        school: format!("Trường {} số {n}", level.label()),
        code: format!("t{n:04}"),
        level: Some(level),
        app_version: saoluu_engine::APP_VERSION.into(),
        written_at: ago(dice.below(3)),
        backup_day: Some(chrono::Weekday::Mon),
        website_set: true,
        website_last_good: last(dice),
        eschool: Section::ALL
            .iter()
            .map(|&section| SectionFacts {
                section,
                last_good: last(dice),
            })
            .collect(),
        drill_last_good: Some(ago(dice.below(40))),
        drill_last_failed: dice.below(50) == 0,
        drill_every_days: 30,
        footer: Some(FooterFacts {
            checked_at: ago(dice.below(7)),
            missing: if dice.below(10) == 0 {
                vec!["Người chịu trách nhiệm nội dung".into()]
            } else {
                vec![]
            },
            articles_to_review: (dice.below(20) == 0) as usize,
        }),
        password_changed_on: Some(ago(dice.below(120)).date_naive()),
        password_every_days: 90,
        offsite_last_sent: last(dice),
        failure: (dice.below(30) == 0).then(|| FailureFacts {
            kind: "website".into(),
            at: ago(1),
        }),
        weeks_from: now.date_naive() - chrono::Duration::weeks(WEEKS as i64 - 1),
        weeks: duties
            .iter()
            .map(|d| DutyWeeks {
                duty: d.to_string(),
                marks: marks(dice),
            })
            .collect(),
    }
}

fn row(what: &str, m: &Measured) -> String {
    format!(
        "| {what} | {:.2} s | {} MB |",
        m.wall.as_secs_f64(),
        m.peak_rss_kib / 1024
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let most: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1500);
    let work = args
        .get(2)
        .map(PathBuf::from)
        .unwrap_or_else(|| saoluu_tests::target_dir().join("bench-district"));
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).unwrap();
    let saoluu = saoluu_tests::release_saoluu();
    let store = Store::start();
    let now = chrono::Local::now();
    let mut dice = Dice(0x9E37_79B9_7F4A_7C15);

    // Every school's newest document, and one school's year of weekly documents for its size.
    let docs = work.join("tai-lieu");
    fs::create_dir_all(&docs).unwrap();
    for n in 0..most {
        let d = school_doc(n, &mut dice, now);
        fs::write(
            docs.join(format!("{}.json", d.code)),
            serde_json::to_vec_pretty(&d).unwrap(),
        )
        .unwrap();
    }
    let year: u64 = (0..52)
        .map(|_| {
            serde_json::to_vec_pretty(&school_doc(0, &mut dice, now))
                .unwrap()
                .len() as u64
        })
        .sum();
    store.python(&format!(
        r#"
import concurrent.futures, pathlib
files = sorted(pathlib.Path({docs:?}).glob("*.json"))
def put(f):
    office.put_object(Bucket=v['BUCKET'], Key=f"{{f.stem}}/trang-thai/moi-nhat.json", Body=f.read_bytes())
with concurrent.futures.ThreadPoolExecutor(32) as pool:
    list(pool.map(put, files))
"#,
        docs = docs.display().to_string()
    ));

    let secret = store.var("OFFICE_READ_SECRET").to_string();
    let mut lines = Vec::new();
    for n in [100, 500, 1500].into_iter().filter(|n| *n <= most) {
        let office = work.join(format!("phong-{n}"));
        fs::create_dir_all(&office).unwrap();
        let list = work.join(format!("truong-{n}.csv"));
        let csv: String = (0..n)
            .map(|i| format!("t{i:04},Trường số {i},\n"))
            .collect();
        fs::write(&list, csv).unwrap();
        let run = |args: &[&str]| {
            let mut c = Command::new(&saoluu);
            c.arg("--data-dir")
                .arg(&office)
                .args(args)
                .env("SAOLUU_DISTRICT_SECRET", &secret)
                .stdout(std::process::Stdio::null());
            c
        };
        let st = run(&[
            "district",
            "set",
            &store.root_url(),
            "--key-id",
            store.var("OFFICE_READ_KEY_ID"),
            "--danh-sach",
        ])
        .arg(&list)
        .status()
        .unwrap();
        assert!(st.success());
        // Exit 1 says some school is not compliant, which a generated year has.
        let (table, code) = measure_status(&mut run(&["district", "--json"]));
        assert!(code == 0 || code == 1, "district failed");
        let day = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
        let (from, to) = (
            day(now.date_naive() - chrono::Duration::weeks(52)),
            day(now.date_naive()),
        );
        let xlsx = measure(
            run(&["district", "report", "--from", &from, "--to", &to, "--out"])
                .arg(work.join(format!("bao-cao-{n}.xlsx"))),
        );
        let pdf = measure(
            run(&["district", "report", "--from", &from, "--to", &to, "--out"])
                .arg(work.join(format!("bao-cao-{n}.pdf"))),
        );
        let fetched = work.join(format!("rclone-{n}"));
        let mut rclone = store.rclone("OFFICE_READ_KEY_ID", "OFFICE_READ_SECRET");
        rclone
            .args(["copy", "--s3-no-check-bucket", "--files-from"])
            .arg(work.join(format!("keys-{n}.txt")))
            .arg("kho:saoluu")
            .arg(&fetched);
        let keys: String = (0..n)
            .map(|i| format!("t{i:04}/trang-thai/moi-nhat.json\n"))
            .collect();
        fs::write(work.join(format!("keys-{n}.txt")), keys).unwrap();
        let copied = measure(&mut rclone);
        lines.push(row(
            &format!("{n} schools: saoluu district (table)"),
            &table,
        ));
        lines.push(row(
            &format!("{n} schools: district report, a year, .xlsx"),
            &xlsx,
        ));
        lines.push(row(
            &format!("{n} schools: district report, a year, .pdf"),
            &pdf,
        ));
        lines.push(row(
            &format!("{n} schools: rclone copy of the same documents"),
            &copied,
        ));
    }
    println!(
        "Status documents in SeaweedFS on 127.0.0.1; one school's year of weekly documents: {:.0} KB.\n",
        year as f64 / 1e3
    );
    println!("| what | time | peak memory |");
    println!("|---|---:|---:|");
    for l in lines {
        println!("{l}");
    }
}
