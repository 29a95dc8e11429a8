//! The offsite copy against a real distributed store on 127.0.0.1 (SeaweedFS: a master, three
//! volume servers, a filer with its S3 gateway; tests/offsite/store.sh): runs sent and checked,
//! brought back on a new PC byte for byte, nothing sent twice, and the school's key unable to
//! destroy what it sent. The same against a real WebDAV server (Debian's Apache with mod_dav;
//! tests/offsite/webdav.sh), where large files are streamed rather than sent in parts.

use saoluu_tests::offsite::{Dav, SchoolPc, Store, PASS};
use saoluu_tests::*;
use std::fs;
use std::path::Path;
use std::process::Command;

/// The school's folder: small files, and one large enough to go in parts.
fn school_files(src: &Path) {
    fs::create_dir_all(src.join("Kế hoạch")).unwrap();
    fs::write(
        src.join("Kế hoạch/Kế hoạch năm học.docx"),
        "Kế hoạch 2026–2027",
    )
    .unwrap();
    // Incompressible, so the zip is as large: 20 MB go in three parts of 8 MiB.
    let mut big = Vec::with_capacity(20 << 20);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    while big.len() < 20 << 20 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        big.extend_from_slice(&x.to_le_bytes());
    }
    fs::write(src.join("anh-ky-yeu.jpg"), big).unwrap();
}

/// `saoluu` with the store's secret as a scheduled task gives it (no keychain here).
fn with_secret(data: &Path, store: &Store) -> Command {
    let mut c = saoluu(data);
    c.env("SAOLUU_OFFSITE_SECRET", store.var("SCHOOL_SECRET"));
    c
}

fn set_store(data: &Path, store: &Store) {
    let said = ok(with_secret(data, store)
        .args(["offsite", "set", &store.school_url(), "--key-id"])
        .arg(store.var("SCHOOL_KEY_ID")));
    assert!(said.contains("Đã đặt kho lưu trữ ngoài trường"), "{said}");
    // No keychain on the test machine's bus: the secret comes from the environment, and it says so.
    assert!(
        said.contains("SAOLUU_OFFSITE_SECRET mỗi lần chạy"),
        "{said}"
    );
    // The settings hold the address and the key's id, never its secret.
    let settings = fs::read_to_string(data.join("cai-dat.json")).unwrap();
    assert!(settings.contains(store.var("SCHOOL_KEY_ID")), "{settings}");
    assert!(!settings.contains(store.var("SCHOOL_SECRET")), "{settings}");
}

#[test]
fn a_verified_run_goes_offsite_comes_back_on_a_new_pc_and_survives_the_schools_own_key() {
    let store = Store::start();
    let d = tempfile::tempdir().unwrap();
    let data = d.path().join("du-lieu");
    fs::create_dir(&data).unwrap();
    let usb = registered_usb(&data);
    let src = d.path().join("Tài liệu trường");
    school_files(&src);
    ok(&mut backup_folder(&data, &src, &usb));
    let run = only_run(&usb);
    let run_name = run.file_name().unwrap().to_string_lossy().into_owned();

    set_store(&data, &store);
    let sent = json(&ok(
        with_secret(&data, &store).args(["offsite", "push", "--json"])
    ));
    assert_eq!(sent["runs"].as_array().unwrap().len(), 1, "{sent}");
    let zip_bytes: u64 = fs::read_dir(&run)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    // The zip and SHA256SUMS, and the drive's log.
    assert_eq!(sent["runs"][0]["objects"], 3, "{sent}");
    // No cap set: the upload measured the link from its 8 MiB parts and took half of it.
    assert_eq!(sent["cap_auto"], true, "{sent}");
    let link = sent["link_kib_s"].as_u64().expect("the link was measured");
    let cap = sent["cap_kib_s"].as_u64().unwrap();
    assert!(link > 0 && cap.abs_diff(link / 2) <= 1, "{sent}");
    assert!(sent["bytes_sent"].as_u64().unwrap() >= zip_bytes, "{sent}");

    // What the office sees in the store, with its own client: the run's files, byte for byte.
    let prefix = store.var("SCHOOL_PREFIX");
    let listed = store.python(&format!(
        r#"
r = office.list_objects_v2(Bucket=v['BUCKET'], Prefix='{prefix}/{run_name}/')
for o in r['Contents']:
    b = office.get_object(Bucket=v['BUCKET'], Key=o['Key'])['Body'].read()
    print(o['Key'].split('/')[-1], hashlib.sha256(b).hexdigest())
"#
    ));
    let sums = fs::read_to_string(run.join("SHA256SUMS")).unwrap();
    for line in sums.lines() {
        let (sha, name) = line.split_once("  ").unwrap();
        assert!(
            listed.contains(&format!("{name} {sha}")),
            "{listed}\n{sums}"
        );
    }
    assert!(listed.contains("NhatKySaoLuu.csv"), "{listed}");
    assert!(listed.contains("SHA256SUMS"), "{listed}");

    // Logged as offsite only now, and shown.
    let log = json(&ok(saoluu(&data).args(["log", "--json"])));
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|e| e["source_kind"] == "ngoai-truong"
                && e["note"] == "Đã gửi bản sao ra ngoài trường, đã kiểm tra"),
        "{log}"
    );
    let shown = ok(with_secret(&data, &store).args(["offsite", "show"]));
    assert!(shown.contains("Lần gần nhất đã gửi và kiểm tra"), "{shown}");
    assert!(
        shown.contains(&format!(
            "tự động, 50% tốc độ mạng đo được ({cap} KB/giây trên {link} KB/giây)"
        )) || shown.contains(&format!("({} KB/giây trên {link} KB/giây)", link / 2)),
        "{shown}"
    );
    let status = ok(saoluu(&data).arg("status"));
    assert!(status.contains("Bản sao ngoài trường: hôm nay"), "{status}");

    // Nothing is sent twice.
    let again = json(&ok(
        with_secret(&data, &store).args(["offsite", "push", "--json"])
    ));
    assert_eq!(again["runs"].as_array().unwrap().len(), 0, "{again}");
    assert_eq!(again["already"], 1, "{again}");
    assert_eq!(again["bytes_sent"], 0, "{again}");
    // The next push starts under the share of the link measured before.
    assert_eq!(
        again["cap_kib_s"].as_u64(),
        Some(link * 50 / 100),
        "{again}"
    );

    // A new PC with only the store's address, its key and nothing else.
    let new_pc = d.path().join("may-moi");
    fs::create_dir(&new_pc).unwrap();
    set_store(&new_pc, &store);
    a_new_pc_restores_the_run(
        &new_pc,
        || with_secret(&new_pc, &store),
        &run_name,
        &src,
        &d.path().join("khoi-phuc"),
    );
    assert!(
        !new_pc.join("tai-ve-tu-ngoai-truong").exists(),
        "the download is removed after the restore"
    );

    // Ransomware on the school's PC holds the school's key: it can hide the newest copy (a
    // delete marker) or add a new version, but not destroy the one the app sent.
    let zip_name = fs::read_dir(&run)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".zip"))
        .unwrap();
    let zip = format!("{prefix}/{run_name}/{zip_name}");
    let attack = store.python(&format!(
        r#"
k = '{zip}'
# The version the app sent, named before the attack (times in a listing tie within a second).
first = office.head_object(Bucket=v['BUCKET'], Key=k)['VersionId']
school.put_object(Bucket=v['BUCKET'], Key=k, Body=b'ma hoa boi ma doc')
school.delete_object(Bucket=v['BUCKET'], Key=k)
try:
    school.delete_object(Bucket=v['BUCKET'], Key=k, VersionId=first)
    print('school deleted the version')
except Exception as e:
    print('refused', e.response['Error']['Code'])
b = office.get_object(Bucket=v['BUCKET'], Key=k, VersionId=first)['Body'].read()
print('kept', hashlib.sha256(b).hexdigest())
"#
    ));
    assert!(attack.contains("refused"), "{attack}");
    let zip_sha = sums.lines().next().unwrap().split_once("  ").unwrap().0;
    assert!(attack.contains(&format!("kept {zip_sha}")), "{attack}");
    // And it cannot write into another school's folder, nor read one.
    let other = store.python(
        r#"
for f in (lambda: school.put_object(Bucket=v['BUCKET'], Key='c2khac/x.zip', Body=b'x'),
          lambda: school.get_object(Bucket=v['BUCKET'], Key='c2khac/x.zip')):
    try:
        f(); print('allowed')
    except Exception as e:
        print('refused', e.response['Error']['Code'])
"#,
    );
    assert_eq!(other.matches("refused AccessDenied").count(), 2, "{other}");
}

#[test]
fn a_wrong_key_a_wrong_clock_and_a_dead_store_are_said_in_vietnamese_and_nothing_is_logged_as_sent()
{
    let store = Store::start();
    let d = tempfile::tempdir().unwrap();
    let data = d.path().join("du-lieu");
    fs::create_dir(&data).unwrap();
    let usb = registered_usb(&data);
    let src = d.path().join("src");
    fs::create_dir(&src).unwrap();
    fs::write(src.join("a.txt"), "Kế hoạch").unwrap();
    ok(&mut backup_folder(&data, &src, &usb));
    set_store(&data, &store);

    let (_, err) = fails(
        saoluu(&data)
            .env(
                "SAOLUU_OFFSITE_SECRET",
                "khoa-sai-0000000000000000000000000",
            )
            .args(["offsite", "push"]),
    );
    assert!(err.contains("không nhận khoá truy cập"), "{err}");

    // A PC whose clock is a year behind (a flat CMOS battery): signed requests are refused.
    let (_, err) = fails(
        with_secret(&data, &store)
            .args(["offsite", "push"])
            .env(
                "LD_PRELOAD",
                "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
            )
            .env("FAKETIME", "-365d"),
    );
    assert!(err.contains("Đồng hồ của máy này lệch quá nhiều"), "{err}");

    // A store whose HTTPS certificate this PC does not trust (made by an authority of its own):
    // said as such, for S3 and WebDAV alike.
    let (authority, _) = saoluu_tests::tls::Authority::new(d.path(), "Kho tu cap cua Phong");
    let port = authority.site(&["127.0.0.1"], (2025, 1, 1), (2035, 1, 1));
    for (n, url) in [
        format!("s3://saoluu/c1?endpoint=https://127.0.0.1:{port}"),
        format!("webdav+https://127.0.0.1:{port}/saoluu/c1"),
    ]
    .into_iter()
    .enumerate()
    {
        let other = d.path().join(format!("may-khac-{n}"));
        fs::create_dir(&other).unwrap();
        ok(saoluu(&other)
            .env("SAOLUU_OFFSITE_SECRET", "bi-mat")
            .args(["offsite", "set", &url, "--key-id", "c1"]));
        let (_, err) = fails(
            saoluu(&other)
                .env("SAOLUU_OFFSITE_SECRET", "bi-mat")
                .args(["runs", "--offsite"]),
        );
        assert!(
            err.contains("không tin chứng chỉ HTTPS của kho"),
            "{url}: {err}"
        );
    }

    store.stop();
    let (_, err) = fails(with_secret(&data, &store).args(["offsite", "push"]));
    assert!(err.contains("Không kết nối được tới kho lưu trữ"), "{err}");
    let log = ok(saoluu(&data).args(["log", "--json"]));
    assert!(!log.contains("ngoai-truong"), "{log}");
    // Two days on with the run still not offsite: the status (and the tray from it) says so.
    let later = json(&ok(saoluu(&data)
        .args(["status", "--json"])
        .env(
            "LD_PRELOAD",
            "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
        )
        .env("FAKETIME", "+2d")));
    assert_eq!(later["offsite_behind"], true, "{later}");
    assert_eq!(
        later["offsite_label"], "Bản sao ngoài trường: chưa gửi lần nào",
        "{later}"
    );

    // The store back but full: the office's quota is reached (SeaweedFS then makes the bucket
    // read-only and refuses writes with a bare InternalError, so the app cannot tell a full store
    // from one in trouble, and says both).
    store.restart();
    store.python(
        "office.put_object(Bucket=v['BUCKET'], Key='c9khac/lap-day.bin', Body=os.urandom(3 << 20))",
    );
    store.quota(1, true);
    let (_, err) = fails(with_secret(&data, &store).args(["offsite", "push"]));
    assert!(err.contains("hết dung lượng"), "{err}");
    let log = ok(saoluu(&data).args(["log", "--json"]));
    assert!(!log.contains("ngoai-truong"), "{log}");

    // The office raises the quota: the run goes, checked.
    store.quota(1000, false);
    let sent = json(&ok(
        with_secret(&data, &store).args(["offsite", "push", "--json"])
    ));
    assert_eq!(sent["runs"].as_array().unwrap().len(), 1, "{sent}");
    let now = json(&ok(saoluu(&data).args(["status", "--json"])));
    assert_eq!(now["offsite_behind"], false, "{now}");
}

/// The parts of the upload on its way that the store confirmed, as the app keeps them.
fn confirmed_parts(data: &Path) -> usize {
    let out = ok(Command::new("python3").arg("-c").arg(format!(
        "import sqlite3, json\n\
         db = sqlite3.connect('file:{}?mode=ro', uri=True)\n\
         rows = db.execute('SELECT parts FROM uploads WHERE upload_id IS NOT NULL').fetchall()\n\
         print(max([len(json.loads(r[0])) for r in rows] or [0]))",
        data.join("ngoai-truong.sqlite").display()
    )));
    out.trim().parse().unwrap()
}

/// A school with one run of the 20 MB folder on its drive, its store set with a cap of 4 MiB a
/// second (the zip's three parts take five seconds); returns the data folder and the drive.
fn school_with_a_capped_store(d: &Path, store: &Store) -> (std::path::PathBuf, std::path::PathBuf) {
    let data = d.join("du-lieu");
    fs::create_dir(&data).unwrap();
    let usb = registered_usb(&data);
    let src = d.join("Tài liệu trường");
    school_files(&src);
    ok(&mut backup_folder(&data, &src, &usb));
    ok(with_secret(&data, store)
        .args([
            "offsite",
            "set",
            &store.school_url(),
            "--gioi-han",
            "4096",
            "--key-id",
        ])
        .arg(store.var("SCHOOL_KEY_ID")));
    (data, usb)
}

/// `offsite push` started in the background, once the store confirmed its first part.
fn push_until_a_part_arrived(data: &Path, store: &Store, json_out: bool) -> std::process::Child {
    let mut c = with_secret(data, store);
    c.args(["offsite", "push"]);
    if json_out {
        c.arg("--json");
    }
    let push = c
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let t0 = std::time::Instant::now();
    while confirmed_parts(data) == 0 {
        assert!(t0.elapsed().as_secs() < 60, "no part was confirmed");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    push
}

#[test]
fn an_upload_cut_by_the_store_going_down_resumes_without_resending_and_keeps_the_cap() {
    let store = Store::start();
    let d = tempfile::tempdir().unwrap();
    let (data, usb) = school_with_a_capped_store(d.path(), &store);
    let run = only_run(&usb);
    const CAP: f64 = 4096.0 * 1024.0;
    let push = push_until_a_part_arrived(&data, &store, false);
    store.kill();
    let cut = push.wait_with_output().unwrap();
    assert!(!cut.status.success());
    // Whichever part of the store went first: no answer, or its gateway saying it is in trouble.
    let said = String::from_utf8_lossy(&cut.stderr);
    assert!(
        said.contains("Lần sau ứng dụng gửi tiếp, phần đã gửi không phải gửi lại."),
        "{said}"
    );
    let confirmed = confirmed_parts(&data);
    assert!((1..3).contains(&confirmed), "{confirmed} parts confirmed");
    let log = ok(saoluu(&data).args(["log", "--json"]));
    assert!(
        !log.contains("ngoai-truong"),
        "nothing is offsite before it is checked: {log}"
    );

    store.restart();
    let t0 = std::time::Instant::now();
    let sent = json(&ok(
        with_secret(&data, &store).args(["offsite", "push", "--json"])
    ));
    let took = t0.elapsed().as_secs_f64();
    let zip_size: u64 = fs::read_dir(&run)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "zip"))
        .map(|p| fs::metadata(p).unwrap().len())
        .sum();
    let part = 8u64 << 20;
    let sent_now = sent["runs"][0]["bytes_sent"].as_u64().unwrap();
    // The zip's parts not yet confirmed, the drive's log and SHA256SUMS: nothing twice.
    let small: u64 = ["SHA256SUMS"]
        .iter()
        .map(|f| fs::metadata(run.join(f)).unwrap().len())
        .sum::<u64>()
        + fs::metadata(usb.join("SaoLuuTruongHoc/NhatKySaoLuu.csv"))
            .unwrap()
            .len();
    assert_eq!(
        sent_now,
        zip_size - confirmed as u64 * part + small,
        "{sent}"
    );
    // The cap holds over the upload.
    let rate = sent_now as f64 / took;
    assert!(rate <= CAP * 1.05, "{rate:.0} B/s over a cap of {CAP} B/s");
    // The store holds the zip the drive holds.
    let runs = json(&ok(with_secret(&data, &store).args([
        "runs",
        "--offsite",
        "--json",
    ])));
    assert_eq!(runs[0]["complete"], true, "{runs}");
    let log = json(&ok(saoluu(&data).args(["log", "--json"])));
    assert_eq!(
        log.as_array()
            .unwrap()
            .iter()
            .filter(|e| e["source_kind"] == "ngoai-truong")
            .count(),
        1,
        "{log}"
    );
}

#[test]
fn the_upload_stops_for_a_local_backup_and_goes_on_after_it() {
    let store = Store::start();
    let d = tempfile::tempdir().unwrap();
    let (data, usb) = school_with_a_capped_store(d.path(), &store);
    let push = push_until_a_part_arrived(&data, &store, true);
    // The school's site answers slowly: its backup runs for a while, holding the PC's backup lock.
    let site = saoluu_tests::school::SchoolSite::start(saoluu_tests::school::Shape {
        articles: 4,
        documents: 1,
        traps: false,
        page_delay: std::time::Duration::from_millis(400),
        ..Default::default()
    });
    let mut local = saoluu(&data)
        .args(["backup", "website", &site.url, "--to"])
        .arg(&usb)
        .env("SAOLUU_WEB_GAP_MS", "0")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let paused = push.wait_with_output().unwrap();
    assert!(!paused.status.success(), "a paused push is not complete");
    let report = json(&String::from_utf8_lossy(&paused.stdout));
    assert_eq!(report["paused"], true, "{report}");
    assert!(
        local.try_wait().unwrap().is_none(),
        "the push paused while the local backup still ran"
    );
    assert!(
        local.wait().unwrap().success(),
        "the local backup went through"
    );
    let log = ok(saoluu(&data).args(["log", "--json"]));
    assert!(!log.contains("ngoai-truong"), "{log}");

    // Afterwards both runs go, the first from where it stopped.
    let sent = json(&ok(
        with_secret(&data, &store).args(["offsite", "push", "--json"])
    ));
    assert_eq!(sent["runs"].as_array().unwrap().len(), 2, "{sent}");
    assert_eq!(sent["paused"], false, "{sent}");
}

/// A new PC with only the store's address and key: the run is listed whole, one file found and
/// restored, then the whole run restored into `back`, every file as the school's folder had it.
fn a_new_pc_restores_the_run(
    new_pc: &Path,
    saoluu: impl Fn() -> Command,
    run: &str,
    src: &Path,
    back: &Path,
) {
    let runs = json(&ok(saoluu().args(["runs", "--offsite", "--json"])));
    assert_eq!(runs[0]["run"], run, "{runs}");
    assert_eq!(runs[0]["complete"], true, "{runs}");
    find_and_restore_one_file(new_pc, saoluu(), saoluu(), run, src);
    ok(saoluu()
        .args(["restore", "--offsite", run, "--to"])
        .arg(back));
    let restored = tree(back);
    for (name, bytes) in &tree(src) {
        let found = restored
            .iter()
            .find(|(k, _)| k.ends_with(name.as_str()))
            .unwrap_or_else(|| panic!("{name} not restored: {:?}", restored.keys()));
        assert!(found.1 == bytes, "{name} differs");
    }
}

/// On a new PC: a file found by part of its name, without its diacritics, in the store's runs
/// (only the zips' directories and manifests are read), and that one file restored as the
/// search says, byte for byte.
fn find_and_restore_one_file(
    new_pc: &Path,
    mut find: Command,
    mut restore: Command,
    run: &str,
    src: &Path,
) {
    let hits = json(&ok(find.args([
        "find",
        "--offsite",
        "ke hoach nam",
        "--json",
    ])));
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["run_name"], run);
    let path = hits[0]["path"].as_str().unwrap();
    assert!(path.ends_with("Kế hoạch năm học.docx"), "{path}");
    let one = new_pc.join("mot-tep");
    ok(restore
        .args([
            "restore",
            "--offsite",
            run,
            "--nguon",
            hits[0]["stem"].as_str().unwrap(),
            "--only",
            path,
            "--to",
        ])
        .arg(&one));
    let got = tree(&one);
    assert_eq!(got.len(), 1, "{:?}", got.keys());
    assert_eq!(
        got.values().next().unwrap(),
        &fs::read(src.join("Kế hoạch/Kế hoạch năm học.docx")).unwrap()
    );
}

/// `saoluu` with the school's WebDAV password as a scheduled task gives it.
fn with_password(data: &Path, dav: &Dav) -> Command {
    let mut c = saoluu(data);
    c.env("SAOLUU_OFFSITE_SECRET", dav.var("SCHOOL_PASSWORD"));
    c
}

fn sha256_of(path: &Path) -> String {
    use sha2::Digest;
    hex_of(&sha2::Sha256::digest(fs::read(path).unwrap()))
}

fn hex_of(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn a_run_goes_to_a_real_webdav_server_streamed_cut_resumed_checked_and_safe_from_the_schools_account(
) {
    let dav = Dav::start();
    let d = tempfile::tempdir().unwrap();
    let data = d.path().join("du-lieu");
    fs::create_dir(&data).unwrap();
    let usb = registered_usb(&data);
    let src = d.path().join("Tài liệu trường");
    school_files(&src);
    ok(&mut backup_folder(&data, &src, &usb));
    let run = only_run(&usb);
    let run_name = run.file_name().unwrap().to_string_lossy().into_owned();
    // 4 MiB a second: the 20 MB zip streams for five seconds, long enough to cut it.
    ok(with_password(&data, &dav)
        .args([
            "offsite",
            "set",
            &dav.school_url(),
            "--gioi-han",
            "4096",
            "--key-id",
        ])
        .arg(dav.var("SCHOOL_USER")));
    let settings = fs::read_to_string(data.join("cai-dat.json")).unwrap();
    assert!(!settings.contains(dav.var("SCHOOL_PASSWORD")), "{settings}");

    // Cut while the zip is on its way: the server's folder for the run exists once the zip's
    // request has started (the run's folder is made just before it).
    let push = with_password(&data, &dav)
        .args(["offsite", "push"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let prefix = dav.var("SCHOOL_PREFIX");
    let t0 = std::time::Instant::now();
    while dav.curl(
        "OFFICE",
        &["-X", "PROPFIND", "-H", "Depth: 0"],
        &format!("{prefix}/{run_name}/"),
        None,
    ) != 207
    {
        assert!(
            t0.elapsed().as_secs() < 60,
            "the run's folder never appeared"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(1500));
    dav.stop();
    let cut = push.wait_with_output().unwrap();
    assert!(
        !cut.status.success(),
        "a cut upload is not reported as sent"
    );
    let said = String::from_utf8_lossy(&cut.stderr);
    assert!(said.contains("Lần sau ứng dụng gửi tiếp"), "{said}");
    let log = ok(saoluu(&data).args(["log", "--json"]));
    assert!(
        !log.contains("ngoai-truong"),
        "nothing is offsite before it is checked: {log}"
    );

    dav.restart();
    let sums = fs::read_to_string(run.join("SHA256SUMS")).unwrap();
    let zip_name = sums
        .lines()
        .next()
        .unwrap()
        .split_once("  ")
        .unwrap()
        .1
        .to_string();
    // The server kept no half zip from the cut request.
    let half = d.path().join("nua.zip");
    assert_eq!(
        dav.curl(
            "OFFICE",
            &[],
            &format!("{prefix}/{run_name}/{zip_name}"),
            Some(&half)
        ),
        404
    );
    let sent = json(&ok(
        with_password(&data, &dav).args(["offsite", "push", "--json"])
    ));
    assert_eq!(sent["runs"].as_array().unwrap().len(), 1, "{sent}");
    assert_eq!(sent["runs"][0]["objects"], 3, "{sent}");
    let log = json(&ok(saoluu(&data).args(["log", "--json"])));
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|e| e["source_kind"] == "ngoai-truong"
                && e["note"] == "Đã gửi bản sao ra ngoài trường, đã kiểm tra"),
        "{log}"
    );

    // The office reads the run with its own account: every file as the drive holds it.
    for line in sums.lines() {
        let (sha, name) = line.split_once("  ").unwrap();
        let got = d.path().join("tai-ve");
        assert_eq!(
            dav.curl(
                "OFFICE",
                &[],
                &format!("{prefix}/{run_name}/{name}"),
                Some(&got)
            ),
            200
        );
        assert_eq!(sha256_of(&got), sha, "{name}");
    }
    for name in ["SHA256SUMS", "NhatKySaoLuu.csv"] {
        assert_eq!(
            dav.curl(
                "OFFICE",
                &["-I"],
                &format!("{prefix}/{run_name}/{name}"),
                None
            ),
            200,
            "{name}"
        );
    }
    // Nothing twice.
    let again = json(&ok(
        with_password(&data, &dav).args(["offsite", "push", "--json"])
    ));
    assert_eq!(again["bytes_sent"], 0, "{again}");
    assert_eq!(again["already"], 1, "{again}");
    // The status document for the office is rewritten each time: the one folder where the
    // school's account may replace a file.
    assert_eq!(again["status_written"], true, "{again}");
    let latest = d.path().join("moi-nhat.json");
    assert_eq!(
        dav.curl(
            "OFFICE",
            &[],
            &format!("{prefix}/trang-thai/moi-nhat.json"),
            Some(&latest)
        ),
        200
    );
    assert!(fs::read_to_string(&latest)
        .unwrap()
        .contains("\"schema\": 1"));

    // Ransomware with the school's password: it cannot delete, overwrite, move or change the
    // run, nor touch another school's folder; the office's account cannot write either.
    let zip = format!("{prefix}/{run_name}/{zip_name}");
    let junk = d.path().join("ma-hoa.bin");
    fs::write(&junk, b"ma hoa boi ma doc").unwrap();
    let junk = junk.to_string_lossy().into_owned();
    let moved = format!(
        "Destination: {}/{prefix}/{run_name}/khac.zip",
        dav.var("URL")
    );
    let other = format!("{}/x.zip", dav.var("OTHER_PREFIX"));
    for (who, args, path) in [
        ("SCHOOL", vec!["-X", "DELETE"], zip.as_str()),
        ("SCHOOL", vec!["-T", junk.as_str()], zip.as_str()),
        (
            "SCHOOL",
            vec!["-X", "MOVE", "-H", moved.as_str()],
            zip.as_str(),
        ),
        (
            "SCHOOL",
            vec!["-X", "DELETE"],
            &format!("{prefix}/{run_name}/"),
        ),
        ("SCHOOL", vec!["-T", junk.as_str()], other.as_str()),
        ("SCHOOL", vec![], &format!("{}/", dav.var("OTHER_PREFIX"))),
        ("OFFICE", vec!["-X", "DELETE"], zip.as_str()),
    ] {
        let code = dav.curl(who, &args, path, None);
        assert!(
            code == 401 || code == 403,
            "{who} {args:?} {path}: HTTP {code}"
        );
    }
    let kept = d.path().join("con-giu.zip");
    assert_eq!(dav.curl("OFFICE", &[], &zip, Some(&kept)), 200);
    assert_eq!(
        sha256_of(&kept),
        sums.lines().next().unwrap().split_once("  ").unwrap().0
    );

    // A new PC with the address, the account and nothing else brings the files back.
    let new_pc = d.path().join("may-moi");
    fs::create_dir(&new_pc).unwrap();
    ok(with_password(&new_pc, &dav)
        .args(["offsite", "set", &dav.school_url(), "--key-id"])
        .arg(dav.var("SCHOOL_USER")));
    a_new_pc_restores_the_run(
        &new_pc,
        || with_password(&new_pc, &dav),
        &run_name,
        &src,
        &d.path().join("khoi-phuc"),
    );

    // A wrong password is said as such.
    let (_, err) = fails(
        saoluu(&new_pc)
            .env("SAOLUU_OFFSITE_SECRET", "sai-mat-khau")
            .args(["runs", "--offsite"]),
    );
    assert!(err.contains("không nhận khoá truy cập"), "{err}");
}

/// The counts line as the office's JSON gives the numbers.
fn counts_line(o: &serde_json::Value) -> String {
    format!(
        "Tình trạng các trường lúc {}: {} trường — {} đạt tuần này, {} sắp đến hạn, {} quá hạn, {} có lỗi chưa khắc phục, {} không có tin.",
        chrono::DateTime::parse_from_rfc3339(o["at"].as_str().unwrap())
            .unwrap()
            .format("%d/%m/%Y %H:%M"),
        o["rows"].as_array().unwrap().len(),
        o["compliant"],
        o["soon"],
        o["overdue"],
        o["failing"],
        o["silent"]
    )
}

/// Ten schools' apps (each its own data folder, drive and key) back up and report to the real
/// store; the education office, with its read key alone, sees exactly who is compliant, overdue,
/// failing or silent, as a hand-made expectation says; and the keys stay apart.
#[test]
fn ten_schools_report_and_the_office_sees_who_is_compliant_overdue_failing_and_silent() {
    let codes: Vec<String> = (1..=10).map(|n| format!("c{n:02}")).collect();
    let code_refs: Vec<&str> = codes.iter().map(String::as_str).collect();
    let store = Store::start_with(&code_refs);
    let site = saoluu_tests::school::SchoolSite::start(saoluu_tests::school::Shape {
        articles: 3,
        documents: 1,
        traps: false,
        ..Default::default()
    });
    let d = tempfile::tempdir().unwrap();
    let records = saoluu_tests::offsite::records(d.path());

    // c01–c05 primary schools, c06–c10 kindergartens.
    let pcs: Vec<SchoolPc> = codes
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let (kind, level) = if i < 5 {
                ("Tiểu học", "tieu-hoc")
            } else {
                ("Mầm non", "mam-non")
            };
            SchoolPc::new(
                d.path(),
                code,
                &format!("Trường {kind} số {}", i + 1),
                level,
                Some(&site.url),
            )
        })
        .collect();
    std::thread::scope(|s| {
        for (i, pc) in pcs.iter().enumerate() {
            let (site, records, store) = (&site.url, &records, &store);
            s.spawn(move || match i {
                // Everything this week, and reported.
                0..=4 => {
                    pc.does_its_duties(site, records, None);
                    pc.reports_to(store);
                }
                // Everything, but ten days ago: the weekly backups are overdue.
                5 => {
                    pc.does_its_duties(site, records, Some("-10d"));
                    pc.reports_to(store);
                }
                // Everything, then the website backup failed and nobody put it right.
                6 => {
                    pc.does_its_duties(site, records, None);
                    fails(
                        pc.run(None)
                            .args(["backup", "website", "http://127.0.0.1:9/", "--to"])
                            .arg(&pc.usb),
                    );
                    pc.reports_to(store);
                }
                // Everything, but never reported: the office has no news of it.
                7 => pc.does_its_duties(site, records, None),
                // A PC clock a year behind when the work was done (fixed before the report):
                // its dates say a year ago, so nothing counts for this week.
                8 => {
                    pc.does_its_duties(site, records, Some("-365d"));
                    pc.reports_to(store);
                }
                // The website only: no eSchool section was ever backed up.
                _ => {
                    pc.backs_up_website(site, None);
                    pc.drills(None);
                    pc.confirms_password(None);
                    pc.reports_to(store);
                }
            });
        }
    });

    // The office's PC: the bucket's root, its read key, and the list as a spreadsheet's CSV.
    let office = d.path().join("phong-gd");
    fs::create_dir(&office).unwrap();
    let list = d.path().join("truong.csv");
    let mut csv = String::from("\u{feff}Mã trường;Tên trường;Cấp học\n");
    for (i, code) in codes.iter().enumerate() {
        let level = if i < 5 { "Tiểu học" } else { "Mầm non" };
        csv.push_str(&format!("{code};Trường số {};{level}\n", i + 1));
    }
    fs::write(&list, csv).unwrap();
    let office_cmd = || store.office(&office);
    // What the office sees now, and one school's row in it.
    let office_reads = || {
        json(&String::from_utf8_lossy(
            &office_cmd()
                .args(["district", "--json"])
                .output()
                .unwrap()
                .stdout,
        ))
    };
    let row_of = |o: &serde_json::Value, code: &str| {
        o["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == code)
            .unwrap_or_else(|| panic!("{code} missing: {o}"))
            .clone()
    };
    let said = ok(store.district_set(&office).arg("--danh-sach").arg(&list));
    assert!(said.contains("10 trường"), "{said}");
    let out = office_cmd().args(["district", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "not every school is compliant");
    let o = json(&String::from_utf8_lossy(&out.stdout));
    let state_of = |code: &str| row_of(&o, code);
    for code in &codes[..5] {
        let r = state_of(code);
        assert_eq!(r["state"]["state"], "dat", "{code}: {r}");
        assert_eq!(r["label"], "Đạt tuần này", "{r}");
    }
    let late = state_of("c06");
    assert_eq!(late["state"]["state"], "qua_han", "{late}");
    assert!(late["state"]["days"].as_i64().unwrap() >= 1, "{late}");
    let failing = state_of("c07");
    assert_eq!(failing["state"]["state"], "loi", "{failing}");
    assert!(
        failing["label"]
            .as_str()
            .unwrap()
            .starts_with("Lỗi chưa khắc phục: lần sao lưu trang web"),
        "{failing}"
    );
    let silent = state_of("c08");
    assert_eq!(silent["state"]["state"], "khong_co_tin", "{silent}");
    assert_eq!(silent["label"], "Chưa có tin nào từ trường", "{silent}");
    let wrong_clock = state_of("c09");
    assert_eq!(wrong_clock["state"]["state"], "qua_han", "{wrong_clock}");
    assert!(
        wrong_clock["state"]["days"].as_i64().unwrap() > 300,
        "{wrong_clock}"
    );
    let no_eschool = state_of("c10");
    assert_eq!(no_eschool["state"]["state"], "chua_lam", "{no_eschool}");
    assert!(
        no_eschool["duties"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["label"] == "Hồ sơ học sinh: chưa làm lần nào"),
        "{no_eschool}"
    );
    assert_eq!(
        (&o["compliant"], &o["overdue"], &o["failing"], &o["silent"]),
        (&5.into(), &3.into(), &1.into(), &1.into()),
        "{o}"
    );
    // Worst first: the silent school heads the table.
    assert_eq!(o["rows"][0]["code"], "c08", "{o}");
    // The table a person reads, and one level alone.
    let table = String::from_utf8_lossy(&office_cmd().arg("district").output().unwrap().stdout)
        .into_owned();
    assert!(table.contains("10 trường — 5 đạt tuần này"), "{table}");
    assert!(
        table.contains("c08  Trường số 8 (Mầm non): Chưa có tin nào từ trường"),
        "{table}"
    );
    let kindergartens = json(&String::from_utf8_lossy(
        &office_cmd()
            .args(["district", "--cap-hoc", "mam-non", "--json"])
            .output()
            .unwrap()
            .stdout,
    ));
    assert_eq!(
        kindergartens["rows"].as_array().unwrap().len(),
        5,
        "{kindergartens}"
    );
    assert_eq!(kindergartens["compliant"], 0, "{kindergartens}");

    // The report for the Sở, as PDF and Excel, read by poppler and openpyxl: the same counts and
    // the same state for every school as the table.
    let today = chrono::Local::now().date_naive();
    let day = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
    let period = [
        "district",
        "report",
        "--from",
        &day(today - chrono::Duration::days(27)),
        "--to",
        &day(today),
        "--out",
    ];
    let counts = "10 trường — 5 đạt tuần này, 0 sắp đến hạn, 3 quá hạn, 1 có lỗi chưa khắc phục, 1 không có tin.";
    let pdf = d.path().join("bao-cao-phong.pdf");
    ok(office_cmd().args(period).arg(&pdf));
    let text = pdf_text(&pdf);
    assert!(text.contains(counts), "{text}");
    for row in o["rows"].as_array().unwrap() {
        let label = squash(row["label"].as_str().unwrap());
        assert!(text.contains(&label), "{label} not in {text}");
    }
    // c01 began this week: the weeks before it are nobody's failure, this one is done.
    let c01 = &text[text.find("c01 Trường số 1").unwrap()..];
    let marks: Vec<&str> = c01["c01 Trường số 1".len()..]
        .split_once("Trang web: ")
        .unwrap()
        .1
        .split(' ')
        .take_while(|m| ["–", "Đ", "M", "X", "·"].contains(m))
        .collect();
    assert!(marks.len() >= 4, "{c01}");
    assert_eq!(marks.last(), Some(&"Đ"), "{c01}");
    assert!(marks[..marks.len() - 1].iter().all(|m| *m == "–"), "{c01}");
    let xlsx = d.path().join("bao-cao-phong.xlsx");
    ok(office_cmd().args(period).arg(&xlsx));
    let read = ok(Command::new("python3").arg("-c").arg(format!(
        r#"
import openpyxl, json, collections
wb = openpyxl.load_workbook({:?})
rows = list(wb["Tình trạng"].iter_rows(values_only=True))
assert rows[0][:4] == ("Mã trường", "Tên trường", "Cấp học", "Tình trạng"), rows[0]
print(json.dumps({{r[0]: r[3] for r in rows[1:]}}, ensure_ascii=False))
weeks = list(wb["Theo tuần"].iter_rows(values_only=True))
print(len(weeks[0]) - 3, sum(1 for r in weeks[1:] if r[0] == "c01"))
print(wb["Ghi chú"]["A3"].value)
"#,
        xlsx.display().to_string()
    )));
    let mut lines = read.lines();
    let states = json(lines.next().unwrap());
    for row in o["rows"].as_array().unwrap() {
        assert_eq!(
            states[row["code"].as_str().unwrap()],
            row["label"],
            "{states}"
        );
    }
    // Four weeks (or five, as the period falls), and c01's rows: its website, three sections, drill.
    let (weeks, c01_rows) = lines.next().unwrap().split_once(' ').unwrap();
    assert!(["4", "5"].contains(&weeks), "{read}");
    assert_eq!(c01_rows, "5", "{read}");
    assert!(lines.next().unwrap().trim().ends_with(counts), "{read}");
    assert!(counts_line(&o).ends_with(counts), "{o}");

    // The documents hold no personal data: no pupil's name, no record file's name.
    let doc = store.python(
        "print(reader.get_object(Bucket=v['BUCKET'], Key='c01/trang-thai/moi-nhat.json')['Body'].read().decode())",
    );
    for private in ["Nguyễn An", "Lê Bình", "hoc-sinh.csv", PASS] {
        assert!(!doc.contains(private), "{private} in {doc}");
    }
    assert!(doc.contains("\"schema\": 1"), "{doc}");

    // A password confirmation (or a drill) tells the office at once, without waiting for a push.
    let c08 = &pcs[7];
    c08.sets_store(&store);
    let mut confirm = c08.run(None);
    confirm.env("SAOLUU_OFFSITE_SECRET", store.var("SECRET_c08"));
    ok(confirm.args(["mat-khau-quan-tri", "--da-doi"]));
    let heard = office_reads();
    let c08_row = row_of(&heard, "c08");
    assert_eq!(c08_row["state"]["state"], "dat", "{c08_row}");

    // So does a check of the school's own site: c05's new site lacks the footer the directive
    // asks for.
    let bare = saoluu_tests::school::SchoolSite::start(saoluu_tests::school::Shape {
        articles: 2,
        documents: 0,
        traps: false,
        footer: false,
        ..Default::default()
    });
    let c05 = &pcs[4];
    ok(c05.run(None).args(["config", "--website", &bare.url]));
    let mut check = c05.run(None);
    check.env("SAOLUU_OFFSITE_SECRET", store.var("SECRET_c05"));
    let _ = check.args(["check-site", "--nhanh"]).output().unwrap();
    let heard = office_reads();
    let c05_row = row_of(&heard, "c05");
    assert_eq!(c05_row["state"]["state"], "loi", "{c05_row}");
    assert!(
        c05_row["duties"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["label"] == "Chân trang web: còn thiếu thông tin hoặc có bài cần xem lại"),
        "{c05_row}"
    );

    // The keys stay apart: a school reads no other school's document; the office's read key
    // neither writes nor deletes.
    let apart = store.python(
        r#"
c01 = client("KEY_ID_c01", "SECRET_c01")
tries = [
    lambda: c01.get_object(Bucket=v['BUCKET'], Key='c02/trang-thai/moi-nhat.json'),
    lambda: reader.put_object(Bucket=v['BUCKET'], Key='c01/trang-thai/moi-nhat.json', Body=b'{}'),
    lambda: reader.delete_object(Bucket=v['BUCKET'], Key='c01/trang-thai/moi-nhat.json'),
    lambda: reader.put_object(Bucket=v['BUCKET'], Key='phong/x', Body=b'x'),
]
for f in tries:
    try:
        f(); print('allowed')
    except Exception as e:
        print('refused', e.response['Error']['Code'])
b = reader.get_object(Bucket=v['BUCKET'], Key='c01/trang-thai/moi-nhat.json')['Body'].read()
print('kept', json.loads(b)['code'])
"#,
    );
    assert_eq!(apart.matches("refused AccessDenied").count(), 4, "{apart}");
    assert!(apart.contains("kept c01"), "{apart}");
}

/// The office hands a school its store in one file: the school imports it (the secret into a real
/// keychain, never the settings) and sends with it, as a scheduled task would, without a typed
/// or environment secret.
#[test]
fn the_office_hands_a_school_its_store_in_one_file_and_the_school_sends_with_it() {
    let store = Store::start();
    let d = tempfile::tempdir().unwrap();
    let office = d.path().join("phong");
    fs::create_dir(&office).unwrap();
    ok(store
        .district_set(&office)
        .args(["--truong", store.var("SCHOOL_PREFIX")]));
    let file = d.path().join("usb-cua-phong").join("kho-c1hoasen.json");
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    let said = ok(&mut store.school_file(&office, &file));
    assert!(said.contains("chỉ trao tận tay"), "{said}");
    let handed = json(&fs::read_to_string(&file).unwrap());
    assert_eq!(handed["url"], store.school_url(), "{handed}");

    // The school's PC, with its keychain.
    let home = d.path().join("nha");
    fs::create_dir(&home).unwrap();
    let keychain = saoluu_tests::desktop::Keychain::start(&home);
    let data = d.path().join("truong");
    fs::create_dir(&data).unwrap();
    let usb = registered_usb(&data);
    let src = d.path().join("tai-lieu");
    fs::create_dir(&src).unwrap();
    fs::write(src.join("ke-hoach.txt"), "Kế hoạch năm học").unwrap();
    ok(&mut backup_folder(&data, &src, &usb));
    let at_school = || {
        let mut c = saoluu(&data);
        c.env("DBUS_SESSION_BUS_ADDRESS", &keychain.bus)
            .env("HOME", &home)
            .env_remove("SAOLUU_OFFSITE_SECRET");
        c
    };
    let said = ok(at_school().args(["offsite", "import"]).arg(&file));
    assert!(said.contains("Hãy xoá tệp"), "{said}");
    let settings = fs::read_to_string(data.join("cai-dat.json")).unwrap();
    assert!(!settings.contains(store.var("SCHOOL_SECRET")), "{settings}");
    fs::remove_file(&file).unwrap();
    let sent = json(&ok(at_school().args(["offsite", "push", "--json"])));
    assert_eq!(sent["runs"].as_array().unwrap().len(), 1, "{sent}");
    assert_eq!(sent["status_written"], true, "{sent}");

    // A file that is not the office's is refused in Vietnamese.
    fs::write(&file, "{}").unwrap();
    let (_, err) = fails(at_school().args(["offsite", "import"]).arg(&file));
    assert!(
        err.contains("không phải tệp cài đặt kho do Phòng Giáo dục lập"),
        "{err}"
    );
}

/// The list an office already keeps, saved by LibreOffice as Excel (xlsx, xls), OpenDocument and
/// three kinds of CSV (`tests/fixtures/district/danh_sach_truong.py`: title rows, a row-number
/// column, codes typed as numbers, levels worded as people write them or only in the name, a
/// total row), is read the same from each; a file that is no list is refused in Vietnamese and
/// the office's list stays as it was.
#[test]
fn the_offices_own_list_saved_by_libreoffice_is_read_the_same_from_every_format() {
    let store = Store::start();
    let d = tempfile::tempdir().unwrap();
    let lists = d.path().join("danh-sach");
    ok(Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/district/danh_sach_truong.py"))
        .arg(&lists));
    let office = d.path().join("phong");
    let office_cmd = || store.office(&office);
    let set = |file: &Path| {
        store
            .district_set(&office)
            .arg("--danh-sach")
            .arg(file)
            .output()
            .unwrap()
    };
    let expected = [
        ("79000701", "Trường Mầm non Hoa Sen", "mam-non"),
        ("79000702", "Trường Mẫu giáo Sơn Ca", "mam-non"),
        ("79000703", "Trường Tiểu học Lê Lợi", "tieu-hoc"),
        ("79000704", "Trường TH&THCS Đông Hưng", "lien-cap"),
        ("79000705", "Trường THCS Nguyễn Du", "thcs"),
        ("c1binhminh", "Trường Tiểu học Bình Minh", "tieu-hoc"),
    ];
    let seen = || {
        let out = office_cmd().args(["district", "--json"]).output().unwrap();
        let o = json(&String::from_utf8_lossy(&out.stdout));
        let mut rows: Vec<(String, String, String)> = o["rows"]
            .as_array()
            .unwrap_or_else(|| panic!("{o}"))
            .iter()
            .map(|r| {
                (
                    r["code"].as_str().unwrap().to_string(),
                    r["name"].as_str().unwrap().to_string(),
                    r["level"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        rows.sort();
        rows
    };
    for file in [
        "danh-sach-truong.xlsx",
        "danh-sach-truong.xls",
        "danh-sach-truong.ods",
        "danh-sach-truong-1258.csv",
        "danh-sach-truong-utf8.csv",
        "danh-sach-truong-utf16.txt",
    ] {
        let out = set(&lists.join(file));
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && said.contains("6 trường"),
            "{file}: {said} {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let want: Vec<(String, String, String)> = expected
            .iter()
            .map(|(c, n, l)| (c.to_string(), n.to_string(), l.to_string()))
            .collect();
        assert_eq!(seen(), want, "{file}");
    }

    // A file that is no list, and a list with a level nobody teaches here: refused, said why in
    // Vietnamese, and the list set before is kept.
    let not_a_list = d.path().join("bao-cao.xlsx");
    fs::write(&not_a_list, b"%PDF-1.4 not a workbook").unwrap();
    let bad_level = d.path().join("sai-cap.csv");
    fs::write(
        &bad_level,
        "Mã trường,Tên trường,Cấp học\nc01,Trường A,Tiểu học\nc02,Trường B,Đại học\n",
    )
    .unwrap();
    for (file, why) in [
        (&not_a_list, "không phải bảng tính"),
        (&bad_level, "dòng 3 ghi cấp học “Đại học”"),
    ] {
        let out = set(file);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{err}");
        assert!(
            err.contains("Không dùng được danh sách trường") && err.contains(why),
            "{err}"
        );
        assert_eq!(seen().len(), 6, "the list set before is kept");
    }

    // The codes saved again as typed (the office's tab shows codes only) keep the names and
    // levels the file gave; a code added by hand is known by its code alone.
    let typed: Vec<&str> = expected.iter().map(|(c, _, _)| *c).collect();
    ok(store
        .district_set(&office)
        .args(["--truong", &format!("{}, c9moi", typed.join(", "))]));
    let now = seen();
    assert_eq!(now.len(), 7, "{now:?}");
    assert!(
        now.contains(&(
            "79000704".into(),
            "Trường TH&THCS Đông Hưng".into(),
            "lien-cap".into()
        )),
        "{now:?}"
    );
    assert!(
        now.contains(&("c9moi".into(), "c9moi".into(), "".into())),
        "{now:?}"
    );

    // A new office PC given no secret, with none kept: refused at once, saying where the
    // secret goes, and nothing is set.
    let bare = d.path().join("phong-moi");
    let out = saoluu(&bare)
        .args(["district", "set", &store.root_url(), "--key-id"])
        .arg(store.var("OFFICE_READ_KEY_ID"))
        .args(["--truong", "c01"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("chưa có khoá bí mật") && err.contains("SAOLUU_DISTRICT_SECRET"),
        "{err}"
    );
    let after = saoluu(&bare).args(["district", "--json"]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&after.stderr).contains("Chưa cài kho của Phòng Giáo dục"),
        "{}",
        String::from_utf8_lossy(&after.stderr)
    );
}
