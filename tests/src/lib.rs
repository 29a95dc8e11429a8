//! Helpers for the black-box suites: the built binaries, real HTTP servers on 127.0.0.1, and the
//! outside tools (unzip, 7z, Python, sha256sum) that check our zips without our code.

#[cfg(unix)]
pub mod desktop;
pub mod measure;
pub mod offsite;
pub mod school;
pub mod tls;
pub mod wordpress;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// The workspace's target folder (honours CARGO_TARGET_DIR).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("..")
                .join("target")
        })
}

/// The Windows target the Wine pass of the suites runs.
pub const WINDOWS_TARGET: &str = "x86_64-pc-windows-gnu";

/// True in the suites' Wine pass (`SAOLUU_TEST_OS=windows`, set by `tests/run.sh`): the same
/// black-box tests then run the Windows build of each binary under Wine.
pub fn on_windows() -> bool {
    std::env::var("SAOLUU_TEST_OS").is_ok_and(|v| v == "windows")
}

/// Path of a workspace binary. `tests/run.sh` builds every binary first and says so with
/// `SAOLUU_BINS_BUILT`; otherwise (a developer running one suite) they are built here, once, with
/// the same whole-workspace selection so that features resolve alike and nothing is rebuilt twice.
/// In the Wine pass this is a small script that runs the Windows `.exe` through
/// `tests/wine/run.sh`, so tests (and the shell scripts some of them run) call it like any program.
pub fn bin(name: &str) -> PathBuf {
    if on_windows() {
        return windows_bin(name);
    }
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(|| {
        if std::env::var_os("SAOLUU_BINS_BUILT").is_some() {
            return;
        }
        cargo_build(&["--workspace", "--bins", FEATURES]);
    });
    let exe = target_dir()
        .join("debug")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(exe.is_file(), "{} was not built", exe.display());
    exe
}

/// What `tests/run.sh` and `package.sh` build with: the app as it is packaged, serving `ui/` from
/// the binary. One set of features everywhere, so nothing is built twice.
const FEATURES: &str = "--features=saoluu-app/custom-protocol";

fn cargo_build(args: &[&str]) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--quiet"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building {args:?} failed");
}

/// The Windows build of a workspace binary (`saoluu.exe`), built on first use unless
/// `tests/run.sh` already did.
pub fn windows_exe(name: &str) -> PathBuf {
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(|| {
        if std::env::var_os("SAOLUU_BINS_BUILT").is_none() {
            cargo_build(&[
                "--target",
                WINDOWS_TARGET,
                "-p",
                "saoluu-cli",
                "-p",
                "saoluu-app",
                FEATURES,
            ]);
        }
    });
    let exe = target_dir()
        .join(WINDOWS_TARGET)
        .join("debug")
        .join(format!("{name}.exe"));
    assert!(exe.is_file(), "{} was not built", exe.display());
    exe
}

/// How the binary under test writes `p` in what it prints: as given on Linux, as Windows names
/// it (`Z:\tmp\…`) in the Wine pass, where the wrapper hands paths over in that form.
pub fn shown(p: &Path) -> String {
    if on_windows() {
        format!("Z:{}", p.display()).replace('/', "\\")
    } else {
        p.display().to_string()
    }
}

/// The temporary folder Windows programs get in the suites' Wine prefix (`C:\users\NAME\Temp`).
pub fn wine_temp_dir() -> PathBuf {
    // The suites' shared prefix, made on the first Windows run.
    let prefix = target_dir().join("wine").join("prefix");
    ok(Command::new("bash")
        .arg(wine_runner())
        .arg("--prepare")
        .env("WINEPREFIX", &prefix));
    let users = prefix.join("drive_c").join("users");
    std::fs::read_dir(&users)
        .expect("the Wine prefix has a users folder")
        .filter_map(|e| e.ok().map(|e| e.path().join("Temp")))
        .find(|t| t.is_dir())
        .expect("a user's Temp folder in the Wine prefix")
}

/// A Wine prefix for one test, under `dir`: a fresh copy of the suites' template (see
/// `tests/wine/run.sh`), so that a test changing the registry or the credential store changes it
/// for itself alone.
pub fn private_wine_prefix(dir: &Path) -> PathBuf {
    let own = dir.join("wine-prefix");
    ok(Command::new("bash")
        .arg(wine_runner())
        .arg("--prepare")
        .env("WINEPREFIX", &own));
    own
}

/// The path the binary under test printed, as this (Linux) test reaches it: the reverse of
/// [`shown`].
pub fn from_shown(s: &str) -> PathBuf {
    match s.strip_prefix("Z:").filter(|_| on_windows()) {
        Some(rest) => PathBuf::from(rest.replace('\\', "/")),
        None => PathBuf::from(s),
    }
}

/// `tests/wine/run.sh`, which runs a Windows program under Wine with what Wine needs.
pub fn wine_runner() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("wine")
        .join("run.sh")
}

/// A script that runs `name.exe` under Wine with the arguments it is given.
fn windows_bin(name: &str) -> PathBuf {
    let exe = windows_exe(name);
    let dir = target_dir().join("wine").join("bin");
    std::fs::create_dir_all(&dir).expect("target/wine/bin");
    let script = dir.join(name);
    let body = format!(
        "#!/bin/sh\nexec bash '{}' --paths '{}' \"$@\"\n",
        wine_runner().display(),
        exe.display()
    );
    // Test threads of one suite share this; other suites' processes rename over it atomically.
    static WRITING: Mutex<()> = Mutex::new(());
    let _one = WRITING.lock().unwrap_or_else(|p| p.into_inner());
    if std::fs::read_to_string(&script).ok().as_deref() != Some(body.as_str()) {
        let tmp = dir.join(format!("{name}.{}.tmp", std::process::id()));
        std::fs::write(&tmp, &body).expect("write the wine wrapper");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755))
                .expect("make the wrapper executable");
        }
        std::fs::rename(&tmp, &script).expect("place the wine wrapper");
    }
    script
}

/// Builds the release `saoluu` (for the benchmarks) and returns its path.
pub fn release_saoluu() -> PathBuf {
    // A given binary instead, to compare two versions side by side.
    if let Some(bin) = std::env::var_os("SAOLUU_BENCH_BIN") {
        return PathBuf::from(bin);
    }
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--release", "--locked", "-p", "saoluu-cli"])
        .current_dir(&workspace)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building the release CLI failed");
    target_dir().join("release").join("saoluu")
}

/// Registers `usb` as a backup drive with the given `saoluu` binary and data folder.
pub fn init_drive(saoluu: &Path, data: &Path, usb: &Path) {
    let st = Command::new(saoluu)
        .arg("--data-dir")
        .arg(data)
        .args(["drive", "init"])
        .arg(usb)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("saoluu runs");
    assert!(st.success(), "saoluu drive init {} failed", usb.display());
}

/// The `saoluu` CLI with its own data folder, so no test touches the real one.
pub fn saoluu(data_dir: &Path) -> Command {
    let mut c = Command::new(bin("saoluu"));
    c.arg("--data-dir").arg(data_dir);
    c.env_remove("SAOLUU_DATA_DIR");
    c.env_remove("SAOLUU_PASSPHRASE");
    // Never the developer's real keychain: an unreachable session bus makes it absent.
    c.env(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/saoluu-test-bus",
    );
    c
}

pub fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Runs a command and asserts it succeeded, showing its output when it did not.
pub fn ok(c: &mut Command) -> String {
    let o = c.output().expect("command starts");
    let (out, err) = text(&o);
    assert!(
        o.status.success(),
        "{c:?} failed ({:?})\nstdout:\n{out}\nstderr:\n{err}",
        o.status
    );
    out
}

/// Runs a command that must fail; returns (stdout, stderr).
pub fn fails(c: &mut Command) -> (String, String) {
    let o = c.output().expect("command starts");
    let t = text(&o);
    assert!(
        !o.status.success(),
        "{c:?} should have failed\nstdout:\n{}\nstderr:\n{}",
        t.0,
        t.1
    );
    t
}

/// One canned answer of a test site.
#[derive(Clone)]
pub struct Page {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub delay: Duration,
}

impl Page {
    pub fn html(body: &str) -> Page {
        Page {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: body.as_bytes().to_vec(),
            delay: Duration::ZERO,
        }
    }

    pub fn bytes(content_type: &'static str, body: Vec<u8>) -> Page {
        Page {
            status: 200,
            content_type,
            body,
            delay: Duration::ZERO,
        }
    }

    pub fn status(status: u16) -> Page {
        Page {
            status,
            content_type: "text/plain",
            body: b"error".to_vec(),
            delay: Duration::ZERO,
        }
    }

    pub fn slow(mut self, d: Duration) -> Page {
        self.delay = d;
        self
    }
}

/// A real HTTP server on 127.0.0.1 answering from a map of paths; unknown paths are 404.
/// It counts requests and records the paths asked for.
pub struct Site {
    pub url: String,
    pub hits: Arc<AtomicUsize>,
    pub asked: Arc<Mutex<Vec<String>>>,
    _server: saoluu_demo::http::Server,
}

impl Site {
    pub fn start(pages: HashMap<String, Page>) -> Site {
        let hits = Arc::new(AtomicUsize::new(0));
        let asked = Arc::new(Mutex::new(Vec::new()));
        let (h, a) = (hits.clone(), asked.clone());
        let server = saoluu_demo::http::Server::start(Arc::new(move |r| {
            h.fetch_add(1, Ordering::SeqCst);
            a.lock().unwrap().push(r.path.clone());
            let page = pages
                .get(&r.path)
                .cloned()
                .unwrap_or_else(|| Page::status(404));
            saoluu_demo::http::Response::new(page.status, page.content_type, page.body)
                .delay(page.delay)
        }))
        .expect("bind 127.0.0.1");
        Site {
            url: server.url(),
            hits,
            asked,
            _server: server,
        }
    }
}

/// The one finished run folder under a target, failing the test if there is not exactly one.
pub fn only_run(target: &Path) -> PathBuf {
    let runs = runs(target);
    assert_eq!(
        runs.len(),
        1,
        "expected one run in {}: {runs:?}",
        target.display()
    );
    runs.into_iter().next().unwrap()
}

/// Finished run folders (not `.dang-ghi-…`) under a target, oldest first.
pub fn runs(target: &Path) -> Vec<PathBuf> {
    let app = target.join("SaoLuuTruongHoc");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&app)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    v.retain(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'));
    v.sort();
    v
}

/// Checks a zip with the tools a school would use without our app.
pub fn check_zip_with_other_tools(zip: &Path) {
    ok(Command::new("unzip").arg("-t").arg(zip));
    ok(Command::new("7z").arg("t").arg(zip));
    let script = "import sys, zipfile\n\
                  z = zipfile.ZipFile(sys.argv[1])\n\
                  bad = z.testzip()\n\
                  assert bad is None, bad\n\
                  for i in z.infolist():\n\
                  \x20   if not i.filename.isascii(): assert i.flag_bits & 0x800, ('UTF-8 flag missing', i.filename)\n\
                  \x20   assert i.create_system == 3, ('made by Unix whatever OS wrote it', i.create_system, i.filename)\n\
                  print(len(z.infolist()))\n";
    ok(Command::new("python3").arg("-c").arg(script).arg(zip));
}

/// One entry of a zip as `unzip` reads it: what we wrote must open without our code.
pub fn unzip_entry(zip: &Path, entry: &str) -> String {
    ok(Command::new("unzip").arg("-p").arg(zip).arg(entry))
}

/// Every file under `dir`, as relative `/` paths with their bytes.
pub fn tree(dir: &Path) -> HashMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut HashMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = HashMap::new();
    walk(dir, dir, &mut out);
    out
}

pub fn json(out: &str) -> serde_json::Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

/// `saoluu restore FROM --to TO` with the test's own data folder.
pub fn restore(
    data: &Path,
    from: impl AsRef<std::ffi::OsStr>,
    to: impl AsRef<std::ffi::OsStr>,
) -> Command {
    let mut c = saoluu(data);
    c.arg("restore").arg(from).arg("--to").arg(to);
    c
}

/// A folder registered as a backup drive, as `saoluu drive init` does for a USB stick.
pub fn registered_usb(dir: &Path) -> std::path::PathBuf {
    let usb = dir.join("usb");
    std::fs::create_dir(&usb).unwrap();
    ok(saoluu(dir).args(["drive", "init"]).arg(&usb));
    usb
}

/// Runs `script` with `sh` inside a private mount namespace where `usb` is a `size` tmpfs, the
/// way a small USB stick fills up. `unshare --map-root-user` needs no real root.
/// In the Wine pass the program runs with a Wine prefix of its own: Wine's server opens files for
/// its programs, and the shared prefix's server lives outside the mount namespace, where the
/// small drive does not exist.
pub fn on_small_drive(usb: &Path, size: &str, script: &str, args: &[&std::ffi::OsStr]) -> String {
    let full = format!("mount -t tmpfs -o size={size} tmpfs \"$USB\" || exit 99\n{script}");
    let mut cmd = Command::new("unshare");
    if on_windows() {
        let parent = usb.parent().expect("the drive folder has a parent");
        cmd.env("WINEPREFIX", private_wine_prefix(parent));
    }
    let o = cmd
        .args([
            "--user",
            "--map-root-user",
            "--mount",
            "sh",
            "-c",
            &full,
            "sh",
        ])
        .args(args)
        .env("USB", usb)
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/saoluu-test-bus",
        )
        .env_remove("SAOLUU_DATA_DIR")
        .output()
        .unwrap();
    assert_ne!(
        o.status.code(),
        Some(99),
        "could not mount a tmpfs: {}",
        text(&o).1
    );
    let (out, err) = text(&o);
    format!("{out}{err}")
}

/// `saoluu backup folder SRC --to TARGET` with the test's own data folder.
pub fn backup_folder(data: &Path, src: &Path, target: &Path) -> Command {
    let mut c = saoluu(data);
    c.args(["backup", "folder"])
        .arg(src)
        .arg("--to")
        .arg(target);
    c
}

/// Text read back from a PDF or a page with its line breaks and runs of spaces as single spaces,
/// so a phrase wrapped inside a table cell still reads as one.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A PDF's text as poppler's `pdftotext` (another program) reads it, squashed. `-raw` reads in
/// the order the page draws it, one cell after another, so a cell's wrapped lines read on and are
/// not interleaved with the next column's. Also checks with `pdffonts` that every font is
/// embedded, so the file prints the same on any PC.
pub fn pdf_text(pdf: &Path) -> String {
    let fonts = ok(Command::new("pdffonts").arg(pdf));
    assert!(
        fonts.lines().skip(2).all(|l| l.contains(" yes ")),
        "every font embedded: {fonts}"
    );
    squash(&ok(Command::new("pdftotext").arg("-raw").arg(pdf).arg("-")))
}

/// Runs `c` with `input` on its stdin, as a person typing at a prompt would.
pub fn typed(c: &mut std::process::Command, input: &str) -> (bool, String, String) {
    use std::io::Write;
    let mut child = c
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Runs `c` with `input` typed on its stdin and asserts it succeeded; returns stdout.
pub fn ok_typed(c: &mut Command, input: &str) -> String {
    let (good, out, err) = typed(c, input);
    assert!(good, "{c:?} failed\nstdout:\n{out}\nstderr:\n{err}");
    out
}

/// A plain HTTP/1.0 GET to a server of the test on 127.0.0.1: its status and body.
pub fn http_get(url: &str) -> (u16, Vec<u8>) {
    use std::io::{Read, Write};
    let rest = url
        .strip_prefix("http://127.0.0.1:")
        .expect("a test server on 127.0.0.1");
    let (port, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port.parse::<u16>().unwrap())).unwrap();
    // One write: a server may answer (and close) on a request line that arrives in pieces.
    let request = format!("GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    s.write_all(request.as_bytes()).unwrap();
    let mut all = Vec::new();
    s.read_to_end(&mut all).unwrap();
    let split = all
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("HTTP headers");
    let head = String::from_utf8_lossy(&all[..split]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, all[split + 4..].to_vec())
}

/// A website backup's counts of pages new, changed and gone since the last one, from `--json`.
pub fn website_changes(
    out: &serde_json::Value,
) -> (serde_json::Value, serde_json::Value, serde_json::Value) {
    let w = &out["sources"][0]["website"];
    (
        w["new"].clone(),
        w["changed"].clone(),
        w["vanished"].clone(),
    )
}
