//! The education office's real object store for a test (tests/offsite/store.sh: a SeaweedFS
//! cluster on 127.0.0.1 with Object Lock, an office key and one school's key), stopped when
//! dropped, and the office's own S3 client (boto3) to look at it from outside the app.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Store {
    dir: tempfile::TempDir,
    pub vars: HashMap<String, String>,
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("offsite/store.sh")
}

impl Store {
    pub fn start() -> Store {
        Store::start_with(&[])
    }

    /// The store with a key for each of `schools` (`KEY_ID_<code>`, `SECRET_<code>`); the first
    /// is also `SCHOOL_*`. None: the one school `c1hoasen`.
    pub fn start_with(schools: &[&str]) -> Store {
        let dir = tempfile::tempdir().unwrap();
        let mut c = Command::new("bash");
        c.arg(script()).arg("start").arg(dir.path());
        if !schools.is_empty() {
            c.arg(schools.join(","));
        }
        let out = crate::ok(&mut c);
        let vars = out
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<HashMap<_, _>>();
        for k in [
            "ENDPOINT",
            "BUCKET",
            "OFFICE_KEY_ID",
            "OFFICE_SECRET",
            "OFFICE_READ_KEY_ID",
            "OFFICE_READ_SECRET",
            "SCHOOL_KEY_ID",
            "SCHOOL_SECRET",
            "SCHOOL_PREFIX",
            "PID",
        ] {
            assert!(vars.contains_key(k), "store.sh printed no {k}=: {out}");
        }
        Store { dir, vars }
    }

    pub fn var(&self, k: &str) -> &str {
        &self.vars[k]
    }

    /// The school's address of its folder in the store, as `offsite set` takes it.
    pub fn school_url(&self) -> String {
        format!(
            "s3://{}/{}?endpoint={}",
            self.var("BUCKET"),
            self.var("SCHOOL_PREFIX"),
            self.var("ENDPOINT")
        )
    }

    /// The bucket as the office's root, as `district set` takes it.
    pub fn root_url(&self) -> String {
        format!(
            "s3://{}/?endpoint={}",
            self.var("BUCKET"),
            self.var("ENDPOINT")
        )
    }

    /// The office's `saoluu` on its own data folder, with the office's read secret.
    pub fn office(&self, data: &Path) -> Command {
        let mut c = crate::saoluu(data);
        c.env("SAOLUU_DISTRICT_SECRET", self.var("OFFICE_READ_SECRET"));
        c
    }

    /// `district set` of this store with the office's read key; the schools (`--truong …` or
    /// `--danh-sach F`) are the caller's.
    pub fn district_set(&self, data: &Path) -> Command {
        let mut c = self.office(data);
        c.args(["district", "set", &self.root_url(), "--key-id"])
            .arg(self.var("OFFICE_READ_KEY_ID"));
        c
    }

    /// `district school-file` on the office's PC: the school's store settings, with its key and
    /// secret, written to `out`.
    pub fn school_file(&self, office: &Path, out: &Path) -> Command {
        let mut c = crate::saoluu(office);
        c.env("SAOLUU_OFFSITE_SECRET", self.var("SCHOOL_SECRET"))
            .args(["district", "school-file", "--truong"])
            .arg(self.var("SCHOOL_PREFIX"))
            .arg("--key-id")
            .arg(self.var("SCHOOL_KEY_ID"))
            .arg("--out")
            .arg(out);
        c
    }

    /// Debian's rclone with this store as its remote `kho:`, signed with the key in variables
    /// `key` and `secret` (`SCHOOL_KEY_ID`, `OFFICE_READ_SECRET`, …).
    pub fn rclone(&self, key: &str, secret: &str) -> Command {
        let mut c = Command::new("rclone");
        // A CA bundle set for the machine makes rclone refuse a plain-HTTP store.
        c.env_remove("AWS_CA_BUNDLE")
            .env("RCLONE_CONFIG_KHO_TYPE", "s3")
            .env("RCLONE_CONFIG_KHO_PROVIDER", "Other")
            .env("RCLONE_CONFIG_KHO_ENDPOINT", self.var("ENDPOINT"))
            .env("RCLONE_CONFIG_KHO_ACCESS_KEY_ID", self.var(key))
            .env("RCLONE_CONFIG_KHO_SECRET_ACCESS_KEY", self.var(secret))
            .env("RCLONE_CONFIG_KHO_REGION", "us-east-1");
        c
    }

    /// Stops the whole store, keeping its data, or starts it again on the same ports and keys.
    pub fn stop(&self) {
        crate::ok(
            Command::new("bash")
                .arg(script())
                .arg("stop")
                .arg(self.dir.path()),
        );
    }

    /// Every process of the store gone at once, as a power cut: an upload in flight is cut.
    pub fn kill(&self) {
        crate::ok(
            Command::new("bash")
                .arg(script())
                .arg("kill")
                .arg(self.dir.path()),
        );
    }

    pub fn restart(&self) {
        crate::ok(
            Command::new("bash")
                .arg(script())
                .arg("start")
                .arg(self.dir.path()),
        );
    }

    /// One of the three storage nodes down (`false`) or back.
    pub fn volume(&self, n: u32, up: bool) {
        crate::ok(
            Command::new("bash")
                .arg(script())
                .arg("volume")
                .arg(self.dir.path())
                .arg(n.to_string())
                .arg(if up { "start" } else { "stop" }),
        );
    }

    /// The bucket's quota set to `mb` and enforced: full (read-only to every key) or free again.
    pub fn quota(&self, mb: u32, full: bool) {
        crate::ok(
            Command::new("bash")
                .arg(script())
                .arg("quota")
                .arg(self.dir.path())
                .arg(mb.to_string())
                .arg(if full { "full" } else { "free" }),
        );
    }

    /// Runs Python with boto3 clients `office`, `reader` (the office's read key) and `school` (path-style, no retries) and the
    /// store's variables in `v`; returns what it prints.
    pub fn python(&self, code: &str) -> String {
        let tools =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/tools/seaweedfs/bin/python");
        let prelude = r#"
import os, sys, json, hashlib, boto3
from botocore.config import Config
v = json.loads(os.environ["STORE"])
cfg = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1},
             request_checksum_calculation="when_required", response_checksum_validation="when_required")
def client(key, secret):
    return boto3.client("s3", endpoint_url=v["ENDPOINT"], aws_access_key_id=v[key],
                        aws_secret_access_key=v[secret], region_name="us-east-1", config=cfg)
office = client("OFFICE_KEY_ID", "OFFICE_SECRET")
reader = client("OFFICE_READ_KEY_ID", "OFFICE_READ_SECRET")
school = client("SCHOOL_KEY_ID", "SCHOOL_SECRET")
"#;
        crate::ok(
            Command::new(tools)
                .arg("-c")
                .arg(format!("{prelude}\n{code}"))
                .env("STORE", serde_json::to_string(&self.vars).unwrap()),
        )
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // A failed test says what the store's own processes said: a refusal seen by the app is
        // then told apart from a store that could not write.
        if std::thread::panicking() {
            for f in ["master", "vol1", "vol2", "vol3", "s3"] {
                let log = std::fs::read_to_string(self.dir.path().join(format!("{f}.log")));
                let log = log.unwrap_or_default();
                let tail: Vec<&str> = log.lines().rev().take(12).collect();
                eprintln!("--- the store's {f}.log, last lines:");
                for l in tail.iter().rev() {
                    eprintln!("{l}");
                }
            }
        }
        let _ = Command::new("bash")
            .arg(script())
            .arg("stop")
            .arg(self.dir.path())
            .status();
    }
}

/// A real WebDAV server (tests/offsite/webdav.sh: Debian's Apache with mod_dav) with the office's
/// read-only account and one school's add-only account, stopped when dropped.
pub struct Dav {
    dir: tempfile::TempDir,
    pub vars: HashMap<String, String>,
}

fn dav_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("offsite/webdav.sh")
}

impl Dav {
    pub fn start() -> Dav {
        let dir = tempfile::tempdir().unwrap();
        let out = crate::ok(
            Command::new("bash")
                .arg(dav_script())
                .arg("start")
                .arg(dir.path()),
        );
        let vars: HashMap<String, String> = out
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        for k in [
            "URL",
            "OFFICE_USER",
            "OFFICE_PASSWORD",
            "SCHOOL_USER",
            "SCHOOL_PASSWORD",
            "SCHOOL_PREFIX",
            "OTHER_PREFIX",
            "PID",
        ] {
            assert!(vars.contains_key(k), "webdav.sh printed no {k}=: {out}");
        }
        Dav { dir, vars }
    }

    pub fn var(&self, k: &str) -> &str {
        &self.vars[k]
    }

    /// The school's folder as `offsite set` takes it.
    pub fn school_url(&self) -> String {
        format!("webdav+{}/{}", self.var("URL"), self.var("SCHOOL_PREFIX"))
    }

    pub fn stop(&self) {
        crate::ok(
            Command::new("bash")
                .arg(dav_script())
                .arg("stop")
                .arg(self.dir.path()),
        );
    }

    pub fn restart(&self) {
        crate::ok(
            Command::new("bash")
                .arg(dav_script())
                .arg("start")
                .arg(self.dir.path()),
        );
    }

    /// A request with curl as `who` ("OFFICE" or "SCHOOL") to `path` under the server's /saoluu/;
    /// returns the HTTP status and, with `out`, writes the answer's body there.
    pub fn curl(&self, who: &str, args: &[&str], path: &str, out: Option<&Path>) -> u16 {
        let user = format!(
            "{}:{}",
            self.var(&format!("{who}_USER")),
            self.var(&format!("{who}_PASSWORD"))
        );
        let mut c = Command::new("curl");
        c.args(["-s", "-g", "-w", "%{http_code}", "-u", &user])
            .args(args)
            .arg(format!("{}/{}", self.var("URL"), encoded(path)));
        match out {
            Some(f) => c.arg("-o").arg(f),
            None => c.args(["-o", "/dev/null"]),
        };
        crate::ok(&mut c).trim().parse().unwrap()
    }
}

/// A path as it goes in a URL: "Tài liệu.zip" as "T%C3%A0i%20li%E1%BB%87u.zip", slashes kept.
fn encoded(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl Drop for Dav {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(dav_script())
            .arg("stop")
            .arg(self.dir.path())
            .status();
    }
}

/// The passphrase of the school PCs in the district tests.
pub const PASS: &str = "HKT7-M2QZ-VB9R-XC4N-PW8D-7JQ3";

/// One school's PC in the district tests: its own data folder, drive and key.
pub struct SchoolPc {
    pub data: PathBuf,
    pub usb: PathBuf,
    pub code: String,
}

/// The three eSchool sections' exports a school backs up, written into `dir`.
pub fn records(dir: &Path) -> PathBuf {
    let r = dir.join("ho-so");
    std::fs::create_dir_all(&r).unwrap();
    for (file, text) in [
        (
            "truong.csv",
            "Mã trường,Tên trường,Cấp học\nTH001,Trường Tiểu học Hoa Sen,Tiểu học\n",
        ),
        (
            "giao-vien.csv",
            "Mã cán bộ,Họ và tên,Ngày sinh\nGV01,Nguyễn Thị Mẫu,12/03/1975\n",
        ),
        (
            "hoc-sinh.csv",
            "Mã học sinh,Họ và tên,Ngày sinh\nHS01,Nguyễn An,01/02/2018\nHS02,Lê Bình,03/04/2018\n",
        ),
    ] {
        std::fs::write(r.join(file), text).unwrap();
    }
    r
}

impl SchoolPc {
    /// A school with its name, level (`tieu-hoc`, `mam-non`, …) and, when it has one, website.
    pub fn new(root: &Path, code: &str, name: &str, level: &str, site: Option<&str>) -> SchoolPc {
        let data = root.join(code);
        std::fs::create_dir(&data).unwrap();
        let usb = crate::registered_usb(&data);
        let mut c = crate::saoluu(&data);
        c.args(["config", "--school", name, "--cap-hoc", level]);
        if let Some(site) = site {
            c.args(["--website", site]);
        }
        crate::ok(&mut c);
        SchoolPc {
            data,
            usb,
            code: code.to_string(),
        }
    }

    /// `saoluu` on this PC, its clock moved by `clock` ("-10d") when given.
    pub fn run(&self, clock: Option<&str>) -> Command {
        let mut c = crate::saoluu(&self.data);
        c.env("SAOLUU_PASSPHRASE", PASS)
            .env("SAOLUU_WEB_GAP_MS", "0")
            .stdin(std::process::Stdio::null());
        if let Some(t) = clock {
            c.env(
                "LD_PRELOAD",
                "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
            )
            .env("FAKETIME", t);
        }
        c
    }

    pub fn backs_up_website(&self, site: &str, clock: Option<&str>) {
        crate::ok(
            self.run(clock)
                .args(["backup", "website", site, "--to"])
                .arg(&self.usb),
        );
    }

    pub fn backs_up_eschool(&self, records: &Path, clock: Option<&str>) {
        crate::ok(
            self.run(clock)
                .args(["backup", "eschool", "--yes", "--to"])
                .arg(&self.usb)
                .arg("--truong")
                .arg(records.join("truong.csv"))
                .arg("--giao-vien")
                .arg(records.join("giao-vien.csv"))
                .arg("--hoc-sinh")
                .arg(records.join("hoc-sinh.csv")),
        );
    }

    pub fn drills(&self, clock: Option<&str>) {
        crate::ok(self.run(clock).args(["drill", "--to"]).arg(&self.usb));
    }

    pub fn confirms_password(&self, clock: Option<&str>) {
        crate::ok(self.run(clock).args(["mat-khau-quan-tri", "--da-doi"]));
    }

    /// The week's duties of the directive: the website, the three eSchool sections, the restore
    /// drill and the admin password confirmed changed.
    pub fn does_its_duties(&self, site: &str, records: &Path, clock: Option<&str>) {
        self.backs_up_website(site, clock);
        self.backs_up_eschool(records, clock);
        self.drills(clock);
        self.confirms_password(clock);
    }

    /// Its store and key set, and a push, which writes its status document.
    pub fn reports_to(&self, store: &Store) {
        self.sets_store(store);
        let mut c = self.run(None);
        c.env(
            "SAOLUU_OFFSITE_SECRET",
            store.var(&format!("SECRET_{}", self.code)),
        );
        let sent = crate::json(&crate::ok(c.args(["offsite", "push", "--json"])));
        assert_eq!(sent["status_written"], true, "{}: {sent}", self.code);
    }

    /// Its store and key set (the secret, as a scheduled task has it, from the environment).
    pub fn sets_store(&self, store: &Store) {
        let secret = store.var(&format!("SECRET_{}", self.code)).to_string();
        let mut c = self.run(None);
        c.env("SAOLUU_OFFSITE_SECRET", &secret);
        crate::ok(c.args([
            "offsite",
            "set",
            &format!(
                "s3://{}/{}?endpoint={}",
                store.var("BUCKET"),
                self.code,
                store.var("ENDPOINT")
            ),
            "--key-id",
            store.var(&format!("KEY_ID_{}", self.code)),
        ]));
    }
}
