//! The real app in its real webview: Xvfb, a private D-Bus, tauri-driver and WebKitWebDriver, driven
//! over WebDriver like a person would click. Needs the packages `src-tauri/scripts/setup.sh` installs.

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use saoluu_tests::desktop::{Proc, Screen};
use saoluu_tests::*;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Shaped like a generated passphrase, so the recovery sheet prints it unchanged.
const PASSPHRASE: &str = "HKT7-M2QZ-VB9R-XC4N-PW8D-FJ3S";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Desktop {
    screen: Screen,
    _driver: Proc,
    _keychain: Option<saoluu_tests::desktop::Keychain>,
    port: u16,
}

impl Desktop {
    /// `passphrase`: this PC's, as a scheduled task would give it; `None` for a new PC that has
    /// none. The private bus has no keychain.
    fn start(data: &Path, home: &Path, passphrase: Option<&str>) -> Desktop {
        Desktop::launch(Screen::start(), None, data, home, passphrase, &[])
    }

    /// A PC whose scheduled-task variables (`SAOLUU_OFFSITE_SECRET`, …) the app is given.
    fn start_with_env(data: &Path, home: &Path, env: &[(&str, &str)]) -> Desktop {
        Desktop::launch(Screen::start(), None, data, home, None, env)
    }

    /// A PC with a real keychain: GNOME Keyring's Secret Service on the private bus, unlocked,
    /// keeping its files under `home` (encrypted, as on a user's PC).
    fn start_with_keychain(data: &Path, home: &Path) -> Desktop {
        let screen = Screen::start();
        let keychain = saoluu_tests::desktop::Keychain::on(&screen.bus, home);
        // The school's site in these tests runs on this PC: no need to space its requests.
        let env = [("SAOLUU_WEB_GAP_MS", "0")];
        Desktop::launch(screen, Some(keychain), data, home, None, &env)
    }

    fn launch(
        screen: Screen,
        keychain: Option<saoluu_tests::desktop::Keychain>,
        data: &Path,
        home: &Path,
        passphrase: Option<&str>,
        env: &[(&str, &str)],
    ) -> Desktop {
        let port = free_port();
        let mut driver = Command::new("tauri-driver");
        driver
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &free_port().to_string(),
                "--native-driver",
                "/usr/bin/WebKitWebDriver",
            ])
            .env("DISPLAY", &screen.display)
            .env("DBUS_SESSION_BUS_ADDRESS", &screen.bus)
            .env("SAOLUU_DATA_DIR", data)
            .env("HOME", home)
            .env_remove("SAOLUU_PASSPHRASE");
        if let Some(p) = passphrase {
            driver.env("SAOLUU_PASSPHRASE", p);
        }
        driver.envs(env.iter().copied());
        let driver = driver
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver is installed (src-tauri/scripts/setup.sh)");
        let t0 = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                t0.elapsed() < Duration::from_secs(20),
                "tauri-driver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Desktop {
            screen,
            _driver: Proc(driver),
            _keychain: keychain,
            port,
        }
    }

    /// What the screen shows, as a person sees it, saved under `target/e2e/`. Taken from the X
    /// display, not through WebDriver: the app runs without GDK's OpenGL, as it does for users,
    /// and WebKit's automation snapshot then never answers.
    fn screenshot(&self, name: &str) {
        // Let the last click's repaint reach the screen.
        std::thread::sleep(Duration::from_millis(300));
        ok(Command::new("import")
            .args(["-display", &self.screen.display, "-window", "root"])
            .arg(artifacts().join(name)));
    }

    /// Starts the app a second time, as a shortcut would; it must hand over to the running one
    /// and exit.
    fn launch_again(&self, app: &Path, data: &Path, args: &[&str]) {
        let second = Command::new(app)
            .args(args)
            .env("DISPLAY", &self.screen.display)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.screen.bus)
            .env("SAOLUU_DATA_DIR", data)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut second = Proc(second);
        let t0 = Instant::now();
        while second.0.try_wait().unwrap().is_none() {
            assert!(
                t0.elapsed() < Duration::from_secs(15),
                "the second instance should hand over and exit"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Whether the app's main window is on the screen (the corner window has its own title).
    /// xwininfo walks the window tree one request at a time, so a window destroyed during the
    /// walk makes it fail with "Bad Window"; that is a changing screen, not an answer, so the
    /// walk is repeated.
    fn window_shown(&self) -> bool {
        for _ in 0..20 {
            let o = Command::new("xwininfo")
                .args(["-root", "-tree", "-display", &self.screen.display])
                .output()
                .expect("xwininfo starts");
            let (out, err) = text(&o);
            if o.status.success() {
                return out.contains("\"Sao lưu Trường học\"");
            }
            assert!(
                err.contains("Bad Window") || err.contains("Bad Drawable"),
                "xwininfo failed: {err}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("xwininfo could not read a steady window tree in 20 tries");
    }

    /// Closes the window the way the title bar's × does (WebDriver's own close would end the
    /// session, and with it the app) and waits until it is gone.
    async fn close_window(&self, c: &Client) {
        let _ = c
            .execute("window.__TAURI__.window.getCurrentWindow().close()", vec![])
            .await;
        wait_for(Duration::from_secs(10), "the window to close", || async {
            (!self.window_shown()).then_some(())
        })
        .await;
    }

    async fn open_app(&self, app: &Path) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app }),
        );
        ClientBuilder::rustls()
            .expect("TLS roots")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("WebDriver session with the app")
    }
}

/// Waits until `check` returns Some, failing with `what` after `limit`.
async fn wait_for<T, F, Fut>(limit: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let t0 = Instant::now();
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(t0.elapsed() < limit, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Whether the current page's script has wired every button (it marks `<body data-san="1">`).
async fn script_wired(c: &Client) -> Option<()> {
    let v = c
        .execute("return document.body.dataset.san || ''", vec![])
        .await
        .ok()?;
    (v.as_str() == Some("1")).then_some(())
}

/// Waits until the page's script has wired every button.
async fn wait_ready(c: &Client) {
    wait_for(Duration::from_secs(30), "the window's script", || {
        script_wired(c)
    })
    .await;
}

async fn text_of(c: &Client, css: &str) -> String {
    match c.find(Locator::Css(css)).await {
        Ok(e) => e.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Clicks a button that closes its own window (the corner window's answers): WebDriver then
/// reports the window gone, which is the point.
async fn click_closing(c: &Client, css: &str) {
    let button = c
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    if let Err(e) = button.click().await {
        assert!(e.is_no_such_window(), "click {css}: {e}");
    }
}

fn artifacts() -> PathBuf {
    let dir = target_dir().join("e2e");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_now_runs_the_demo_shows_progress_and_logs_it_then_restores() {
    let app = bin("saoluu-app");
    let data = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let desktop = Desktop::start(data.path(), home.path(), Some(PASSPHRASE));
    let c = desktop.open_app(&app).await;
    wait_ready(&c).await;
    // Nothing is configured: the setup opens, and its first screen offers the demo.
    shows(&c, "Bước 1/7").await;
    press(&c, "Xem thử với trường mẫu").await;
    // The demo leads back into the setup.
    button_named(&c, "Thiết lập cho trường").await;

    let title = wait_for(Duration::from_secs(30), "the main window", || async {
        let t = text_of(&c, "header h1").await;
        (!t.is_empty()).then_some(t)
    })
    .await;
    assert_eq!(title, "Sao lưu Trường học");
    assert_eq!(c.title().await.unwrap(), "Sao lưu Trường học");
    wait_for(Duration::from_secs(10), "demo mode", || async {
        text_of(&c, "#ten-truong")
            .await
            .contains("trình diễn")
            .then_some(())
    })
    .await;
    assert_eq!(text_of(&c, "#tuan-nay").await, "Chưa sao lưu lần nào");

    // Record every value the progress bar takes, so the test sees it move and reach the end.
    c.execute(
        "window.__seen = [];
         const bar = document.getElementById('thanh-tien-do');
         setInterval(() => window.__seen.push(bar.value), 20);",
        vec![],
    )
    .await
    .unwrap();
    // By keyboard alone, as a person without a mouse would: Tab from the top of the page reaches
    // the big button, its focus is visible, and Enter starts the backup.
    let mut reached = false;
    for _ in 0..20 {
        c.active_element()
            .await
            .unwrap()
            .send_keys("\u{E004}")
            .await
            .unwrap();
        let (id, outline) = {
            let v = c
                .execute(
                    "const e = document.activeElement;\
                     return [e.id, getComputedStyle(e).outlineStyle];",
                    vec![],
                )
                .await
                .unwrap();
            (
                v[0].as_str().unwrap_or("").to_string(),
                v[1].as_str().unwrap_or("").to_string(),
            )
        };
        if id == "sao-luu-ngay" {
            assert_ne!(outline, "none", "the focused button shows no focus");
            reached = true;
            break;
        }
    }
    assert!(reached, "Tab never reached the big button");
    c.active_element()
        .await
        .unwrap()
        .send_keys("\u{E007}")
        .await
        .unwrap();
    let result = wait_for(Duration::from_secs(60), "the backup result", || async {
        let t = text_of(&c, "#ket-qua").await;
        (t.starts_with("Sao lưu thành công")
            || t.contains("không thành công")
            || t.contains("chưa đầy đủ"))
        .then_some(t)
    })
    .await;
    // Website: 15 pages and files, 6 articles + bai-viet.csv, van-ban csv/html/json, one WARC,
    // the crawl report and the compliance check (html + json each), the address index; eSchool
    // samples: 3.
    assert!(result.starts_with("Sao lưu thành công: 34 tệp"), "{result}");
    let seen = c.execute("return window.__seen", vec![]).await.unwrap();
    let seen: Vec<f64> = seen
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_f64())
        .collect();
    assert_eq!(
        seen.last().copied(),
        Some(100.0),
        "progress ends full: {seen:?}"
    );
    assert!(
        seen.iter().any(|v| *v > 0.0 && *v < 100.0),
        "progress moved through the middle: {seen:?}"
    );

    // The log shows both sources of the new run, newest first.
    let rows = wait_for(Duration::from_secs(10), "two log rows", || async {
        let rows = c.find_all(Locator::Css("#bang-nhat-ky tr")).await.ok()?;
        (rows.len() == 2).then_some(rows)
    })
    .await;
    let mut texts = Vec::new();
    for r in rows {
        texts.push(r.text().await.unwrap());
    }
    assert!(texts.iter().all(|t| t.contains("Thành công")), "{texts:?}");
    assert!(
        texts
            .iter()
            // The demo site's 30 files and the backup's address index.
            .any(|t| t.contains("Trang web") && t.contains("31 tệp") && t.contains("6 bài viết")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("Dữ liệu eSchool") && t.contains("3 tệp")),
        "{texts:?}"
    );
    assert_eq!(text_of(&c, "#tuan-nay").await, "Đã sao lưu tuần này");

    // Filtering the log by result.
    click(&c, "#loc-ket-qua option[value='failed']").await;
    wait_for(Duration::from_secs(5), "an empty filtered log", || async {
        let n = c
            .find_all(Locator::Css("#bang-nhat-ky tr"))
            .await
            .ok()?
            .len();
        (n == 0).then_some(())
    })
    .await;

    desktop.screenshot("cua-so-chinh.png");

    // Khôi phục: the demo drive, its website backup checked then restored into a new folder.
    open_tab(&c, "khoi-phuc").await;
    let drive = wait_for(Duration::from_secs(10), "the demo drive", || async {
        c.find(Locator::Css("#cac-o .chon-o")).await.ok()
    })
    .await;
    drive.click().await.unwrap();
    let report = restore_one(&c, "website").await;
    assert!(
        report.starts_with("Đã khôi phục và kiểm tra 31 tệp"),
        "{report}"
    );
    let restored = home.path().join("Sao lưu Trường học - Khôi phục");
    let found = find_file(&restored, "index.html");
    assert!(
        found
            .iter()
            .any(|p| p.ends_with("trang-web/ban-sao-offline/index.html")),
        "{found:?}"
    );
    assert!(c.find(Locator::Css(".mo-ban-offline")).await.is_ok());
    let report = restore_one(&c, "folder").await;
    assert!(
        report.starts_with("Đã khôi phục và kiểm tra 3 tệp"),
        "{report}"
    );
    let students = find_file(&restored, "ho-so-hoc-sinh.csv");
    assert!(std::fs::read_to_string(&students[0])
        .unwrap()
        .contains("Phạm Minh An"));
    desktop.screenshot("khoi-phuc.png");

    // Mật khẩu mã hoá: the check code of this PC's passphrase, and the recovery sheet.
    open_tab(&c, "bao-mat").await;
    let state = wait_for(Duration::from_secs(10), "the passphrase state", || async {
        let t = text_of(&c, "#mat-khau-trang-thai").await;
        t.contains("mã kiểm tra").then_some(t)
    })
    .await;
    let code = ok(Command::new("python3").arg("-c").arg(format!(
        "import hashlib; print(hashlib.sha256(b'saoluu-kiem-tra:{PASSPHRASE}').hexdigest()[:6].upper(), end='')"
    )));
    assert!(state.contains(&code), "{state} should show {code}");
    // Printed from the app's own print view: the sheet is there, and no file holds the passphrase.
    let main = c.window().await.unwrap();
    click(&c, "#in-phieu").await;
    follow_window_titled(&c, "Phiếu khôi phục").await;
    let sheet = wait_for(Duration::from_secs(10), "the sheet's content", || async {
        let t = text_of(&c, "#noi-dung-phieu").await;
        t.contains("PHIẾU KHÔI PHỤC").then_some(t)
    })
    .await;
    assert!(
        sheet.contains(PASSPHRASE) && sheet.contains(&code),
        "{sheet}"
    );
    assert_eq!(text_of(&c, "#in-phieu-nay").await, "In phiếu này");
    desktop.screenshot("phieu-khoi-phuc.png");
    accessible(&c, "phieu-khoi-phuc").await;
    click_closing(&c, "#dong-phieu").await;
    c.switch_to_window(main).await.unwrap();
    let told = text_of(&c, "#ket-qua-phieu").await;
    assert!(told.contains("không được ghi ra tệp nào"), "{told}");
    no_file_holds(&[home.path(), data.path()], PASSPHRASE);
    // A file only when asked for, after the warning of what it holds.
    c.execute("window.confirm = () => true;", vec![])
        .await
        .unwrap();
    click(&c, "#luu-phieu").await;
    let said = wait_for(
        Duration::from_secs(10),
        "the sheet to be written",
        || async {
            let t = text_of(&c, "#ket-qua-phieu").await;
            t.starts_with("Đã ghi").then_some(t)
        },
    )
    .await;
    let sheet = said
        .strip_prefix("Đã ghi Phiếu khôi phục ra ")
        .and_then(|r| r.split(". ").next())
        .unwrap_or_else(|| panic!("{said}"));
    assert!(Path::new(sheet).starts_with(home.path()), "{sheet}");
    let html = std::fs::read_to_string(sheet).unwrap();
    assert!(html.contains(PASSPHRASE) && html.contains(&code), "{html}");
    desktop.screenshot("mat-khau.png");
    // No keychain on this bus: a new passphrase cannot be kept, so none is shown as if it were.
    c.execute("window.confirm = () => true;", vec![])
        .await
        .unwrap();
    click(&c, "#tao-mat-khau").await;
    let refused = wait_for(Duration::from_secs(10), "the keychain answer", || async {
        let t = text_of(&c, "#ket-qua-phieu").await;
        t.contains("kho khoá").then_some(t)
    })
    .await;
    assert!(refused.starts_with("Không lưu hoặc đọc được"), "{refused}");
    assert!(!c
        .find(Locator::Id("mat-khau-moi"))
        .await
        .unwrap()
        .is_displayed()
        .await
        .unwrap());

    // Trang web: the directive's footer check on the demo site, every item found with its text.
    open_tab(&c, "trang-web").await;
    click(&c, "#kiem-tra-trang-web").await;
    let verdict = wait_for(Duration::from_secs(30), "the website check", || async {
        let t = text_of(&c, "#ket-qua-kiem-tra").await;
        (t.starts_with("Chân trang")).then_some(t)
    })
    .await;
    assert!(verdict.contains("đủ thông tin theo quy định"), "{verdict}");
    let rows = c
        .find_all(Locator::Css("#bang-kiem-tra tbody tr.tot"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 6);
    let responsible = text_of(&c, "#bang-kiem-tra tr[data-muc=responsible]").await;
    assert!(responsible.contains("Nguyễn Thị Mẫu"), "{responsible}");
    assert!(text_of(&c, "#can-cu").await.contains("37/2020/TT-BGDĐT"));
    desktop.screenshot("trang-web.png");

    // Closing the window keeps the app in the tray, with the window and its web view gone.
    desktop.close_window(&c).await;
    assert!(
        app_running(data.path()),
        "the app lives on in the tray after its window closed"
    );

    // A second launch hands over to the running app and exits; the app opens its window again.
    desktop.launch_again(&app, data.path(), &[]);
    wait_for(
        Duration::from_secs(15),
        "the window to come back",
        || async { desktop.window_shown().then_some(()) },
    )
    .await;
    let _ = c.close().await;
}

/// A PC's data folder, home and work folders, and a folder registered as its backup drive.
struct School {
    data: tempfile::TempDir,
    home: tempfile::TempDir,
    work: tempfile::TempDir,
    usb: PathBuf,
}

impl School {
    fn with_drive() -> School {
        let data = tempfile::tempdir().unwrap();
        let work = tempfile::tempdir().unwrap();
        let usb = work.path().join("usb");
        std::fs::create_dir(&usb).unwrap();
        ok(saoluu(data.path()).args(["drive", "init"]).arg(&usb));
        School {
            data,
            home: tempfile::tempdir().unwrap(),
            work,
            usb,
        }
    }
}

/// The window built anew after the old one closed: WebDriver follows it once its script is wired.
async fn follow_new_window(c: &Client) {
    wait_for(
        Duration::from_secs(20),
        "the new window's script",
        || async {
            let handle = c.windows().await.ok()?.pop()?;
            c.switch_to_window(handle).await.ok()?;
            script_wired(c).await
        },
    )
    .await;
}

/// The main window (not the corner one that may also be open), once its script is wired.
async fn follow_main_window(c: &Client) {
    wait_for(Duration::from_secs(20), "the main window", || async {
        for handle in c.windows().await.ok()? {
            c.switch_to_window(handle).await.ok()?;
            let main = c
                .execute("return !!document.getElementById('sao-luu-ngay')", vec![])
                .await
                .ok()?;
            if main.as_bool() == Some(true) && script_wired(c).await.is_some() {
                return Some(());
            }
        }
        None
    })
    .await;
}

/// The window whose page has this title, once its script is wired (WebDriver does not list
/// windows in the order they opened).
async fn follow_window_titled(c: &Client, title: &str) {
    wait_for(Duration::from_secs(20), title, || async {
        for handle in c.windows().await.ok()? {
            c.switch_to_window(handle).await.ok()?;
            if c.title().await.ok()? == title && script_wired(c).await.is_some() {
                return Some(());
            }
        }
        None
    })
    .await;
}

/// Clicks a button that writes a file and says "`said`: PATH. …" on the line `out`; returns the
/// file once it is named with the `ext` asked for.
async fn saved_file(c: &Client, button: &str, out: &str, said: &str, ext: &str) -> PathBuf {
    click(c, button).await;
    let line = wait_for(Duration::from_secs(20), ext, || async {
        let t = text_of(c, out).await;
        let path = t
            .strip_prefix(said)?
            .strip_prefix(": ")?
            .split(". ")
            .next()?;
        path.ends_with(ext).then(|| PathBuf::from(path))
    })
    .await;
    assert!(line.is_file(), "{}", line.display());
    line
}

/// The corner window with the reminder's question, once its script is wired; WebDriver follows it.
async fn follow_corner_window(c: &Client) -> String {
    wait_for(Duration::from_secs(20), "the corner window", || async {
        for handle in c.windows().await.ok()? {
            c.switch_to_window(handle).await.ok()?;
            let v = c
                .execute(
                    "return document.body.classList.contains('nhac') && document.body.dataset.san === '1' ? document.getElementById('cau-hoi').textContent : ''",
                    vec![],
                )
                .await
                .ok()?;
            if let Some(t) = v.as_str().filter(|t| !t.is_empty()) {
                return Some(t.to_string());
            }
        }
        None
    })
    .await
}

/// The corner window's smaller line (what is due, why to eject), read from the page: WebDriver's
/// rendered text of an unfocused window comes back empty.
async fn corner_detail(c: &Client) -> String {
    c.execute(
        "return document.getElementById('chi-tiet-nhac').textContent",
        vec![],
    )
    .await
    .ok()
    .and_then(|v| v.as_str().map(str::to_string))
    .unwrap_or_default()
}

/// A school with a folder to back up and a registered drive that is out of the computer (moved to
/// the returned path); `config` adds settings.
fn school_with_the_drive_out(config: &[&str]) -> (School, PathBuf) {
    let school = School::with_drive();
    let docs = school.work.path().join("tai-lieu");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("ke-hoach-nam-hoc.txt"), "Kế hoạch năm học").unwrap();
    ok(saoluu(school.data.path())
        .args(["config", "--school", "Trường Tiểu học Hoa Sen"])
        .args(config)
        .arg("--add-folder")
        .arg(&docs));
    let away = school.work.path().join("usb-da-rut");
    std::fs::rename(&school.usb, &away).unwrap();
    (school, away)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_countdown_chosen_a_plugged_drive_is_backed_up_unless_put_away() {
    let app = bin("saoluu-app");
    let (school, away) = school_with_the_drive_out(&["--dem-nguoc", "10"]);
    let desktop = Desktop::start(school.data.path(), school.home.path(), None);
    let c = desktop.open_app(&app).await;
    wait_ready(&c).await;
    desktop.close_window(&c).await;
    std::fs::rename(&away, &school.usb).unwrap();
    let asked = follow_corner_window(&c).await;
    assert!(
        asked.starts_with("Ổ sao lưu “usb” đã được cắm. Sao lưu ngay? ("),
        "{asked}"
    );
    let detail = corner_detail(&c).await;
    assert!(detail.contains("Tự bắt đầu sau 10 giây"), "{detail}");
    // Nobody clicks: the run starts on its own and reaches the drive.
    wait_for(
        Duration::from_secs(60),
        "the run after the countdown",
        || async {
            let log = json(&ok(saoluu(school.data.path()).args(["log", "--json"])));
            (log[0]["outcome"] == "success").then_some(())
        },
    )
    .await;
    assert_eq!(runs(&school.usb).len(), 1);
    let _ = c.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plugged_drive_is_asked_about_in_the_corner_and_backed_up_with_one_click() {
    let app = bin("saoluu-app");
    let (
        School {
            data,
            home,
            work: _work,
            usb,
        },
        away,
    ) = school_with_the_drive_out(&[]);
    let desktop = Desktop::start(data.path(), home.path(), None);
    let c = desktop.open_app(&app).await;
    wait_ready(&c).await;
    desktop.close_window(&c).await;

    // Plugged in while only the tray runs: a small window in the corner asks, with its buttons,
    // and the main window stays closed (the drive may be there to restore).
    std::fs::rename(&away, &usb).unwrap();
    let asked = follow_corner_window(&c).await;
    assert_eq!(asked, "Ổ sao lưu “usb” đã được cắm. Sao lưu ngay?");
    let due = corner_detail(&c).await;
    assert!(due.starts_with("Đến hạn: Chưa sao lưu lần nào"), "{due}");
    assert!(c.find(Locator::Css(".de-sau")).await.is_ok());
    assert!(!desktop.window_shown(), "the main window stays closed");
    desktop.screenshot("nhac-cam-o.png");

    // One click: the main window comes back with the run, and the files reach the drive.
    click_closing(&c, ".sao-luu-tu-nhac").await;
    wait_for(
        Duration::from_secs(60),
        "the run from the corner window",
        || async {
            let log = json(&ok(saoluu(data.path()).args(["log", "--json"])));
            (log[0]["outcome"] == "success").then_some(())
        },
    )
    .await;
    assert!(desktop.window_shown());
    assert_eq!(runs(&usb).len(), 1);

    // After the good run the corner asks to take the drive out.
    let offer = follow_corner_window(&c).await;
    assert_eq!(offer, "Sao lưu xong.");
    let why = corner_detail(&c).await;
    assert!(why.starts_with("Hãy tháo ổ “usb” an toàn"), "{why}");
    assert_eq!(text_of(&c, ".thao-o").await, "Tháo ổ “usb” an toàn");
    click_closing(&c, ".de-sau").await;
    wait_for(
        Duration::from_secs(10),
        "the corner window to go",
        || async {
            let n = c.windows().await.ok()?.len();
            (n == 1).then_some(())
        },
    )
    .await;

    // The tray's "Kiểm tra khôi phục" (here a shortcut's `--mo-the`) still reaches the open main
    // window after the corner window came and went, and a closed one comes back on that tab.
    follow_new_window(&c).await;
    desktop.launch_again(&app, data.path(), &["--mo-the", "khoi-phuc"]);
    assert_eq!(chosen_tab(&c).await, "tab-khoi-phuc");
    open_tab(&c, "nhat-ky").await;
    desktop.close_window(&c).await;
    desktop.launch_again(&app, data.path(), &["--mo-the", "khoi-phuc"]);
    follow_new_window(&c).await;
    assert_eq!(chosen_tab(&c).await, "tab-khoi-phuc");
    let _ = c.close().await;
}

/// The main window's selected tab once it is another than the first ("Nhật ký").
async fn chosen_tab(c: &Client) -> String {
    wait_for(Duration::from_secs(10), "the chosen tab", || async {
        let v = c
            .execute(
                "return document.querySelector('[role=tab][aria-selected=true]').id",
                vec![],
            )
            .await
            .ok()?;
        let id = v.as_str()?.to_string();
        (id != "tab-nhat-ky").then_some(id)
    })
    .await
}

/// Whether an app process started with this data folder is still running.
fn app_running(data: &Path) -> bool {
    let want = format!("SAOLUU_DATA_DIR={}", data.display());
    std::fs::read_dir("/proc").unwrap().flatten().any(|e| {
        let comm = std::fs::read_to_string(e.path().join("comm")).unwrap_or_default();
        comm.trim() == "saoluu-app"
            && std::fs::read(e.path().join("environ"))
                .unwrap_or_default()
                .split(|b| *b == 0)
                .any(|kv| kv == want.as_bytes())
    })
}

/// Picks the newest backup of the source of `kind` on the open drive, checks it and restores it
/// into the suggested new folder; returns the report line.
/// axe-core (tests/axe, from npm) run in the real webview on what the window shows now: WCAG 2.1
/// A and AA. Its results are kept as `target/e2e/axe/<screen>.json`; a serious or critical
/// violation fails the test with what and where.
async fn accessible(c: &Client, screen: &str) {
    let axe = Path::new(env!("CARGO_MANIFEST_DIR")).join("axe/node_modules/axe-core/axe.min.js");
    let source = std::fs::read_to_string(&axe).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (src-tauri/scripts/setup.sh --tests installs it)",
            axe.display()
        )
    });
    c.execute(&format!("{source}\nreturn true;"), vec![])
        .await
        .unwrap();
    let results = c
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })\
               .then((r) => done({ violations: r.violations, passes: r.passes.length, incomplete: r.incomplete.length }))\
               .catch((e) => done({ error: String(e) }));",
            vec![],
        )
        .await
        .unwrap();
    let dir = artifacts().join("axe");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(format!("{screen}.json")),
        serde_json::to_vec_pretty(&results).unwrap(),
    )
    .unwrap();
    assert!(results["error"].is_null(), "{screen}: {results}");
    let bad: Vec<String> = results["violations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .map(|v| {
            let at: Vec<String> = v["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .take(3)
                .map(|n| {
                    n["html"]
                        .as_str()
                        .unwrap_or_default()
                        .chars()
                        .take(120)
                        .collect()
                })
                .collect();
            format!("{}: {} at {at:?}", v["id"], v["help"])
        })
        .collect();
    assert!(bad.is_empty(), "{screen}:\n{}", bad.join("\n"));
}

const ENTER: &str = "\u{E007}";

/// Moves the keyboard's focus forward with Tab until it is on `css` (its focus ring visible),
/// then types `text` there: what a person without a mouse does.
async fn keys(c: &Client, css: &str, text: &str) {
    let target = c.find(Locator::Css(css)).await.unwrap();
    tab_to(c, &target, css).await.send_keys(text).await.unwrap();
}

/// Presses Tab until `target` has the focus, and checks that the focus shows.
async fn tab_to(c: &Client, target: &Element, what: &str) -> Element {
    for _ in 0..150 {
        let here = c.active_element().await.unwrap();
        if here.element_id() == target.element_id() {
            let outline = c
                .execute(
                    "return getComputedStyle(document.activeElement).outlineStyle;",
                    vec![],
                )
                .await
                .unwrap();
            assert_ne!(outline, "none", "{what} has the focus but shows none");
            return here;
        }
        here.send_keys("\u{E004}").await.unwrap();
    }
    panic!("Tab never reached {what}");
}

/// An XPath string for a text a person reads (none of ours holds an apostrophe).
fn xpath_text(s: &str) -> String {
    assert!(!s.contains('\''), "{s}");
    format!("'{s}'")
}

/// The first element matching `xpath` that is on the screen, once there is one.
async fn on_screen(c: &Client, xpath: &str, what: &str) -> Element {
    wait_for(Duration::from_secs(15), what, || async {
        for e in c.find_all(Locator::XPath(xpath)).await.ok()? {
            if e.is_displayed().await.unwrap_or(false) {
                return Some(e);
            }
        }
        None
    })
    .await
}

/// The button a person sees with this caption (tabs are `tab_named`).
async fn button_named(c: &Client, caption: &str) -> Element {
    let xp = format!(
        "//button[not(@role='tab')][normalize-space(.)={}]",
        xpath_text(caption)
    );
    on_screen(c, &xp, caption).await
}

/// The field a person finds by the words beside it: its label, or its placeholder.
async fn field_named(c: &Client, label: &str) -> Element {
    let l = xpath_text(label);
    let xp = format!(
        "//label[contains(normalize-space(.), {l})]//*[self::input or self::select] | //input[starts-with(@placeholder, {l})]"
    );
    on_screen(c, &xp, label).await
}

/// By keyboard: Tab to the button with this caption, then Enter.
async fn press(c: &Client, caption: &str) {
    let b = button_named(c, caption).await;
    tab_to(c, &b, caption).await.send_keys(ENTER).await.unwrap();
}

/// By keyboard: Tab to the tab with this name, then Enter.
async fn press_tab(c: &Client, name: &str) {
    let xp = format!("//*[@role='tab'][normalize-space(.)={}]", xpath_text(name));
    let t = on_screen(c, &xp, name).await;
    tab_to(c, &t, name).await.send_keys(ENTER).await.unwrap();
}

/// By keyboard: Tab to the field, select what it holds, and type over it.
async fn type_into(c: &Client, label: &str, value: &str) {
    let f = field_named(c, label).await;
    let f = tab_to(c, &f, label).await;
    f.send_keys("\u{E009}a\u{E000}").await.unwrap();
    // Typing replaces what was selected.
    f.send_keys(value).await.unwrap();
}

/// By keyboard: Tab to the list, then the arrow keys until it shows `option`.
async fn choose(c: &Client, label: &str, option: &str) {
    let f = field_named(c, label).await;
    let f = tab_to(c, &f, label).await;
    let chosen = || async {
        let v = c
            .execute(
                "return document.activeElement.selectedOptions[0]?.textContent || '';",
                vec![],
            )
            .await
            .unwrap();
        v.as_str().unwrap_or_default().trim().to_string()
    };
    f.send_keys("\u{E011}").await.unwrap();
    for _ in 0..20 {
        if chosen().await == option {
            return;
        }
        f.send_keys("\u{E015}").await.unwrap();
    }
    panic!(
        "{label}: the arrow keys never reached {option} ({})",
        chosen().await
    );
}

/// By keyboard: Tab to the check box with this label and tick it with Space.
async fn tick(c: &Client, label: &str) {
    let f = field_named(c, label).await;
    tab_to(c, &f, label)
        .await
        .send_keys("\u{E00D}")
        .await
        .unwrap();
    assert!(f.is_selected().await.unwrap(), "{label} is not ticked");
}

/// Waits until the window shows `words` somewhere a person reads them; returns all it shows.
async fn shows(c: &Client, words: &str) -> String {
    let t0 = Instant::now();
    loop {
        let t = c
            .execute("return document.body.innerText", vec![])
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        if t.contains(words) {
            return t;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "the window never showed “{words}”; it shows:\n{t}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// No file under these folders holds `secret` in plain text.
fn no_file_holds(dirs: &[&Path], secret: &str) {
    for dir in dirs {
        for f in walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
        {
            if f.file_type().is_file() {
                let bytes = std::fs::read(f.path()).unwrap_or_default();
                assert!(
                    !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                    "{} holds the passphrase",
                    f.path().display()
                );
            }
        }
    }
}

/// Opens a tab as a person would: the weekly ones are in view, the others behind "Việc khác".
async fn open_tab(c: &Client, name: &str) {
    let tab = format!("#tab-{name}");
    let shown = match c.find(Locator::Css(&tab)).await {
        Ok(e) => e.is_displayed().await.unwrap_or(false),
        Err(_) => false,
    };
    if !shown {
        assert_eq!(text_of(c, "#viec-khac").await, "Việc khác ▾");
        click(c, "#viec-khac").await;
    }
    click(c, &tab).await;
}

/// Khôi phục: the drive typed by its folder and opened; what the window says it holds.
async fn open_drive(c: &Client, usb: &Path) -> String {
    open_tab(c, "khoi-phuc").await;
    c.find(Locator::Id("duong-dan-o"))
        .await
        .unwrap()
        .send_keys(&usb.display().to_string())
        .await
        .unwrap();
    click(c, "#mo-duong-dan").await;
    wait_for(Duration::from_secs(10), "the drive's contents", || async {
        let t = text_of(c, "#o-dang-mo").await;
        t.contains("bản sao lưu").then_some(t)
    })
    .await
}

async fn restore_one(c: &Client, kind: &str) -> String {
    let choose = format!(".nguon[data-kind={kind}] .chon-ban");
    let b = wait_for(Duration::from_secs(10), "a backup to choose", || async {
        c.find(Locator::Css(&choose)).await.ok()
    })
    .await;
    b.click().await.unwrap();
    click(c, "#kiem-tra-ban").await;
    let checked = wait_for(Duration::from_secs(30), "the check", || async {
        let t = text_of(c, "#ket-qua-kiem-tra-ban").await;
        (t.starts_with("Kiểm tra xong") || t.starts_with("Có ")).then_some(t)
    })
    .await;
    assert!(checked.starts_with("Kiểm tra xong"), "{checked}");
    click(c, "#bat-dau-khoi-phuc").await;
    wait_for(Duration::from_secs(30), "the restore report", || async {
        let t = text_of(c, "#ket-qua-khoi-phuc").await;
        (t.starts_with("Đã khôi phục") || t.contains("không thành công")).then_some(t)
    })
    .await
}

/// Every file named `name` under `dir`.
fn find_file(dir: &Path, name: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(find_file(&p, name));
        } else if p.file_name().is_some_and(|n| n == name) {
            out.push(p);
        }
    }
    out
}

/// A class list as the CSDL ngành export has it: titles above the header, Vietnamese columns.
fn class_csv(path: &Path, class: &str, ids: std::ops::RangeInclusive<u32>) {
    let mut s = format!(
        "DANH SÁCH HỌC SINH LỚP {class}\n\nMã học sinh,Họ và tên,Ngày sinh,Giới tính,Lớp\n"
    );
    for i in ids {
        s.push_str(&format!(
            "HS{i:04},Nguyễn Văn Số {i},0{}/09/2018,Nam,{class}\n",
            1 + i % 9
        ));
    }
    std::fs::write(path, s).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_eschool_wizard_picks_up_downloads_compares_and_saves_encrypted() {
    let app = bin("saoluu-app");
    let data = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let downloads = home.path().join("Downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let usb = work.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    ok(saoluu(data.path()).args(["drive", "init"]).arg(&usb));
    ok(saoluu(data.path()).args([
        "config",
        "--school",
        "Trường Tiểu học Hoa Sen",
        "--eschool",
        "csdl.truong.edu.vn",
        "--phan-he",
        "giao-vien,hoc-sinh",
    ]));
    // Last week's backup, made with the CLI: 40 students.
    let first = work.path().join("tuan-truoc.csv");
    class_csv(&first, "1A", 1..=40);
    ok(saoluu(data.path())
        .args(["backup", "eschool", "--to"])
        .arg(&usb)
        .arg("--hoc-sinh")
        .arg(&first)
        .env("SAOLUU_PASSPHRASE", PASSPHRASE));

    let desktop = Desktop::start(data.path(), home.path(), Some(PASSPHRASE));
    let c = desktop.open_app(&app).await;
    wait_ready(&c).await;
    let students = wait_for(Duration::from_secs(30), "the eSchool week", || async {
        let t = text_of(&c, "#eschool-tuan li[data-phan-he=hoc_sinh]").await;
        (!t.is_empty()).then_some(t)
    })
    .await;
    assert_eq!(students, "Hồ sơ học sinh: Đã sao lưu tuần này");
    assert_eq!(
        text_of(&c, "#eschool-tuan li[data-phan-he=giao_vien]").await,
        "Hồ sơ giáo viên: Chưa sao lưu lần nào"
    );

    open_tab(&c, "eschool").await;
    let steps = wait_for(Duration::from_secs(10), "the two steps", || async {
        let n = c.find_all(Locator::Css(".buoc")).await.ok()?.len();
        (n == 2).then_some(n)
    })
    .await;
    assert_eq!(steps, 2, "only the sections the school uses");
    let address = c
        .find(Locator::Id("eschool-dia-chi"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(address.as_deref(), Some("https://csdl.truong.edu.vn/"));
    let how = text_of(&c, ".buoc[data-phan-he=hoc_sinh] p").await;
    assert!(how.contains("Xuất Excel"), "{how}");
    // A school on vnEdu picks it: the steps name vnEdu, and the choice is kept.
    c.find(Locator::Css("#eschool-he-thong option[value=vnedu]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let how = wait_for(Duration::from_secs(10), "the vnEdu steps", || async {
        let t = text_of(&c, ".buoc[data-phan-he=hoc_sinh] p").await;
        t.contains("vnEdu").then_some(t)
    })
    .await;
    assert!(how.contains("Nếu vnEdu chỉ xuất từng lớp"), "{how}");
    let saved = std::fs::read_to_string(data.path().join("cai-dat.json")).unwrap_or_default();
    assert!(saved.contains("\"vnedu\""), "{saved}");

    // Two class files downloaded one after another: both join the student step.
    click(&c, ".buoc[data-phan-he=hoc_sinh] .cho-tai-ve").await;
    let waiting = wait_for(Duration::from_secs(10), "the watch", || async {
        let t = text_of(&c, ".buoc[data-phan-he=hoc_sinh] .trang-thai-buoc").await;
        t.starts_with("Đang chờ tệp mới trong").then_some(t)
    })
    .await;
    assert!(
        waiting.contains(&downloads.display().to_string()),
        "{waiting}"
    );
    std::fs::write(downloads.join("ghi-chu.txt"), "không phải tệp xuất").unwrap();
    let part = downloads.join("lop-1a.csv.crdownload");
    class_csv(&part, "1A", 1..=15);
    std::fs::rename(&part, downloads.join("lop-1a.csv")).unwrap();
    class_csv(&downloads.join("lop-1b.csv"), "1B", 16..=30);
    let files = wait_for(Duration::from_secs(15), "two files picked up", || async {
        let items = c
            .find_all(Locator::Css(".buoc[data-phan-he=hoc_sinh] .tep"))
            .await
            .ok()?;
        let mut names = Vec::new();
        for i in items {
            names.push(i.text().await.ok()?);
        }
        (names.len() == 2).then_some(names)
    })
    .await;
    assert!(files[0].starts_with("lop-1a.csv"), "{files:?}");
    assert!(files[1].starts_with("lop-1b.csv"), "{files:?}");
    click(&c, ".buoc[data-phan-he=hoc_sinh] .cho-tai-ve").await;
    // Stopped: a later download is not taken.
    std::fs::write(downloads.join("khac.csv"), "Mã học sinh,Họ và tên\nX,Y\n").unwrap();

    // Saving needs the comparison first, and a 25 % drop needs the user's word.
    assert!(!c
        .find(Locator::Id("luu-eschool"))
        .await
        .unwrap()
        .is_enabled()
        .await
        .unwrap());
    click(&c, "#so-sanh-eschool").await;
    let compared = wait_for(Duration::from_secs(20), "the comparison", || async {
        let t = text_of(&c, "#ket-qua-so-sanh").await;
        (!t.is_empty()).then_some(t)
    })
    .await;
    assert!(
        compared.contains("Hồ sơ học sinh (30 hồ sơ, 2 tệp)"),
        "{compared}"
    );
    assert!(
        compared.contains("10 học sinh không còn trong danh sách"),
        "{compared}"
    );
    assert!(compared.contains("giảm hơn 20 %"), "{compared}");
    assert_eq!(
        c.find_all(Locator::Css(".buoc[data-phan-he=hoc_sinh] .tep"))
            .await
            .unwrap()
            .len(),
        2,
        "nothing taken after the wait stopped"
    );
    let save = c.find(Locator::Id("luu-eschool")).await.unwrap();
    assert!(
        !save.is_enabled().await.unwrap(),
        "a drop needs confirmation"
    );
    c.execute(
        "document.getElementById('ket-qua-so-sanh').scrollIntoView()",
        vec![],
    )
    .await
    .unwrap();
    desktop.screenshot("eschool.png");
    click(&c, "#van-luu").await;
    assert!(save.is_enabled().await.unwrap());
    save.click().await.unwrap();
    let saved = wait_for(Duration::from_secs(30), "the eSchool result", || async {
        let t = text_of(&c, "#ket-qua-eschool").await;
        (t.starts_with("Đã lưu") || t.starts_with("Không lưu") || t.starts_with("Chưa lưu"))
            .then_some(t)
    })
    .await;
    assert!(
        saved.starts_with("Đã lưu hồ sơ eSchool vào ổ sao lưu"),
        "{saved}"
    );

    // On the drive: a second encrypted run; the log has its numbers.
    let log = json(&ok(
        saoluu(data.path()).args(["log", "--json", "--source", "eschool"])
    ));
    let newest = &log[0];
    assert_eq!(newest["outcome"], "success", "{newest}");
    let sec = &newest["details"]["sections"][0];
    assert_eq!(sec["section"], "hoc_sinh", "{newest}");
    assert_eq!(sec["records"], 30, "{newest}");
    assert_eq!(sec["removed"], 10, "{newest}");
    let run = runs(&usb).into_iter().max().unwrap();
    let zip = run.join("eschool.zip");
    let listing = ok(Command::new("7z").arg("l").arg("-slt").arg(&zip));
    assert!(listing.contains("lop-1b.csv"), "{listing}");
    assert!(listing.contains("Encrypted = +"), "{listing}");

    // Tài khoản quản trị: the checklist and the confirmation, which keeps only the date.
    open_tab(&c, "tai-khoan").await;
    assert!(text_of(&c, "#tai-khoan")
        .await
        .contains("Không cho trình duyệt lưu mật khẩu quản trị"));
    click(&c, "#da-doi-mat-khau").await;
    let reminder = wait_for(Duration::from_secs(10), "the reminder", || async {
        let t = text_of(&c, "#mat-khau-quan-tri").await;
        t.contains("còn").then_some(t)
    })
    .await;
    assert_eq!(
        reminder,
        "Mật khẩu quản trị: còn 90 ngày đến lần đổi tiếp theo"
    );
    let settings = std::fs::read_to_string(data.path().join("cai-dat.json")).unwrap();
    let settings: serde_json::Value = serde_json::from_str(&settings).unwrap();
    assert_eq!(
        settings["admin_password"]["changed_on"],
        chrono::Local::now().date_naive().to_string()
    );
    desktop.screenshot("tai-khoan.png");
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_pc_restores_a_website_and_an_encrypted_eschool_backup_with_the_wizard() {
    let app = bin("saoluu-app");
    // The school's old PC: the demo's website and folder backups, then an eSchool backup.
    let old_pc = tempfile::tempdir().unwrap();
    ok(saoluu(old_pc.path()).arg("demo"));
    let usb = old_pc.path().join("trinh-dien").join("o-sao-luu");
    assert!(usb.join("SaoLuuTruongHoc").is_dir());
    let students = old_pc.path().join("hoc-sinh-lop-2a.csv");
    class_csv(&students, "2A", 1..=12);
    ok(saoluu(old_pc.path())
        .args(["backup", "eschool", "--to"])
        .arg(&usb)
        .arg("--hoc-sinh")
        .arg(&students)
        .env("SAOLUU_PASSPHRASE", PASSPHRASE));

    // A fresh install with no passphrase: everything comes from the drive and the paper sheet.
    let data = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let desktop = Desktop::start(data.path(), home.path(), None);
    let c = desktop.open_app(&app).await;
    wait_ready(&c).await;
    // The setup's first screen leads a new PC after a disaster straight to the restore.
    shows(&c, "Bước 1/7").await;
    press(&c, "Máy mới sau sự cố? Khôi phục từ ổ sao lưu").await;
    let opened = open_drive(&c, &usb).await;
    assert!(opened.contains("3 bản sao lưu của 3 nguồn"), "{opened}");

    // Search by name across runs.
    c.find(Locator::Id("tim-tep"))
        .await
        .unwrap()
        .send_keys("hoc sinh lop")
        .await
        .unwrap();
    click(&c, "#tim").await;
    let found = wait_for(Duration::from_secs(10), "the search", || async {
        let t = text_of(&c, "#ket-qua-tim").await;
        t.starts_with("Tìm thấy").then_some(t)
    })
    .await;
    assert!(
        found.contains("goc/ho-so-hoc-sinh/hoc-sinh-lop-2a.csv"),
        "{found}"
    );

    // eSchool: encrypted, and this PC has no passphrase: asked, a wrong one refused, then right.
    click(&c, ".nguon[data-kind=eschool] .chon-ban").await;
    click(&c, "#kiem-tra-ban").await;
    let asked = wait_for(
        Duration::from_secs(10),
        "the passphrase question",
        || async {
            let t = text_of(&c, "#ket-qua-kiem-tra-ban").await;
            t.contains("mật khẩu").then_some(t)
        },
    )
    .await;
    assert!(c
        .find(Locator::Id("mat-khau-khoi-phuc"))
        .await
        .unwrap()
        .is_displayed()
        .await
        .unwrap());
    let field = c.find(Locator::Id("mat-khau-khoi-phuc")).await.unwrap();
    field
        .send_keys("HKT7-M2QZ-VB9R-XC4N-PW8D-0000")
        .await
        .unwrap();
    click(&c, "#kiem-tra-ban").await;
    let wrong = wait_for(Duration::from_secs(10), "the wrong passphrase", || async {
        let t = text_of(&c, "#ket-qua-kiem-tra-ban").await;
        (t != asked && !t.starts_with("Đang")).then_some(t)
    })
    .await;
    assert!(wrong.starts_with("Mật khẩu không đúng"), "{wrong}");
    assert!(!c
        .find(Locator::Id("buoc-khoi-phuc"))
        .await
        .unwrap()
        .is_displayed()
        .await
        .unwrap());
    field.clear().await.unwrap();
    field.send_keys(PASSPHRASE).await.unwrap();
    click(&c, "#kiem-tra-ban").await;
    wait_for(Duration::from_secs(10), "the check", || async {
        text_of(&c, "#ket-qua-kiem-tra-ban")
            .await
            .starts_with("Kiểm tra xong")
            .then_some(())
    })
    .await;
    let dest = text_of(&c, "#thu-muc-nhan").await;
    assert!(dest.contains("Sao lưu Trường học - Khôi phục"), "{dest}");
    click(&c, "#bat-dau-khoi-phuc").await;
    let report = wait_for(Duration::from_secs(30), "the eSchool restore", || async {
        let t = text_of(&c, "#ket-qua-khoi-phuc").await;
        (t.starts_with("Đã khôi phục") || t.contains("không thành công")).then_some(t)
    })
    .await;
    assert_eq!(
        report,
        format!("Đã khôi phục và kiểm tra 4 tệp vào {dest}.")
    );
    let restored = Path::new(&dest).join("eschool");
    assert_eq!(
        std::fs::read(restored.join("goc/ho-so-hoc-sinh/hoc-sinh-lop-2a.csv")).unwrap(),
        std::fs::read(&students).unwrap()
    );
    assert!(restored.join("du-lieu-kiem-tra.xlsx").is_file());
    assert!(c.find(Locator::Css(".mo-huong-dan")).await.is_ok());
    // Restored again into the same folder after the user edited a file: nothing is replaced
    // until that file is chosen.
    let csv = restored.join("goc/ho-so-hoc-sinh/hoc-sinh-lop-2a.csv");
    std::fs::write(&csv, "sửa tay").unwrap();
    click(&c, "#bat-dau-khoi-phuc").await;
    let kept = wait_for(Duration::from_secs(30), "the second restore", || async {
        let t = text_of(&c, "#ket-qua-khoi-phuc").await;
        t.starts_with("Chưa khôi phục tệp nào").then_some(t)
    })
    .await;
    assert!(kept.contains("4 tệp đã có sẵn"), "{kept}");
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), "sửa tay");
    let boxes = c
        .find_all(Locator::Css("#tep-da-co input[type=checkbox]"))
        .await
        .unwrap();
    assert_eq!(boxes.len(), 4);
    for b in boxes {
        let v = b.prop("value").await.unwrap().unwrap_or_default();
        if v.ends_with("hoc-sinh-lop-2a.csv") {
            b.click().await.unwrap();
        }
    }
    click(&c, ".ghi-de-da-chon").await;
    wait_for(
        Duration::from_secs(30),
        "the chosen file replaced",
        || async {
            text_of(&c, "#ket-qua-khoi-phuc")
                .await
                .starts_with("Đã khôi phục và kiểm tra 1 tệp")
                .then_some(())
        },
    )
    .await;
    assert_eq!(
        std::fs::read(&csv).unwrap(),
        std::fs::read(&students).unwrap()
    );
    desktop.screenshot("khoi-phuc-eschool.png");

    // The website: its offline copy comes back and can be opened.
    let report = restore_one(&c, "website").await;
    assert!(
        report.starts_with("Đã khôi phục và kiểm tra 31 tệp"),
        "{report}"
    );
    assert!(!find_file(
        &home.path().join("Sao lưu Trường học - Khôi phục"),
        "index.html"
    )
    .is_empty());
    assert!(c.find(Locator::Css(".mo-ban-offline")).await.is_ok());

    // Re-publish to a rebuilt WordPress (a local REST server that records what it receives).
    let posts = std::sync::Arc::new(std::sync::Mutex::new(Vec::<(Option<String>, String)>::new()));
    let seen = posts.clone();
    let wp = saoluu_demo::http::Server::start(std::sync::Arc::new(move |r| {
        let title = serde_json::from_slice::<serde_json::Value>(&r.body)
            .ok()
            .and_then(|v| v["title"].as_str().map(str::to_string))
            .unwrap_or_default();
        let mut seen = seen.lock().unwrap();
        seen.push((r.header("authorization").map(str::to_string), title));
        saoluu_demo::http::Response::new(
            201,
            "application/json",
            format!(r#"{{"id":{}}}"#, seen.len()),
        )
    }))
    .unwrap();
    for (id, value) in [
        ("dang-lai-dia-chi", wp.url()),
        ("dang-lai-nguoi-dung", "hieu-truong".to_string()),
        ("dang-lai-mat-khau", "abcd efgh ijkl mnop".to_string()),
    ] {
        c.find(Locator::Id(id))
            .await
            .unwrap()
            .send_keys(&value)
            .await
            .unwrap();
    }
    click(&c, "#dang-lai-bai").await;
    let published = wait_for(Duration::from_secs(20), "the articles posted", || async {
        let n = c
            .find_all(Locator::Css("#ket-qua-dang-lai li"))
            .await
            .ok()?
            .len();
        (n > 0).then_some(n)
    })
    .await;
    assert_eq!(published, 6, "{}", text_of(&c, "#ket-qua-dang-lai").await);
    let summary = text_of(&c, "#tom-tat-dang-lai").await;
    assert!(summary.contains("Đã đăng 6/6 bài viết"), "{summary}");
    assert_eq!(
        c.find_all(Locator::Css("#ket-qua-dang-lai li.tot"))
            .await
            .unwrap()
            .len(),
        6
    );
    let got = posts.lock().unwrap().clone();
    assert_eq!(got.len(), 6);
    assert!(got.iter().all(
        |(auth, t)| auth.as_deref().is_some_and(|a| a.starts_with("Basic ")) && !t.is_empty()
    ));
    // The password field is cleared once sent.
    let left = c
        .find(Locator::Id("dang-lai-mat-khau"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(left.as_deref(), Some(""));

    // Every restore is in this PC's log; the one that kept every file is not called a success.
    let log = json(&ok(saoluu(data.path()).args(["log", "--json"])));
    let restores: Vec<_> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["source_kind"] == "khoi-phuc")
        .collect();
    let outcomes: Vec<&str> = restores
        .iter()
        .map(|e| e["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes,
        ["success", "success", "failed", "success"],
        "{log}"
    );
    assert!(restores[2]["error"]
        .as_str()
        .unwrap()
        .contains("4 tệp đã có sẵn"));

    // The recovery plan as a PDF to print, from the same tab.
    let pdf = saved_file(
        &c,
        "#pdf-ke-hoach",
        "#ket-qua-dien-tap",
        "Đã lập Kế hoạch khôi phục",
        ".pdf",
    )
    .await;
    let text = pdf_text(&pdf);
    for want in [
        "Kế hoạch khôi phục dữ liệu",
        "6. Khôi phục trang web",
        "Trang 1/",
    ] {
        assert!(text.contains(want), "{want} not in:\n{text}");
    }
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_are_saved_and_reloaded_and_the_report_shows_the_known_runs() {
    let app = bin("saoluu-app");
    let School {
        data,
        home,
        work,
        usb,
    } = School::with_drive();
    ok(saoluu(data.path()).args(["config", "--phan-he", "hoc-sinh"]));
    let students = work.path().join("hoc-sinh.csv");
    class_csv(&students, "3A", 1..=25);
    ok(saoluu(data.path())
        .args(["backup", "eschool", "--to"])
        .arg(&usb)
        .arg("--hoc-sinh")
        .arg(&students)
        .env("SAOLUU_PASSPHRASE", PASSPHRASE));
    ok(saoluu(data.path()).args(["mat-khau-quan-tri", "--da-doi"]));

    let desktop = Desktop::start(data.path(), home.path(), Some(PASSPHRASE));
    let c = desktop.open_app(&app).await;
    wait_ready(&c).await;
    // Started with autostart on (the default): the login entry exists.
    let autostart = home.path().join(".config/autostart");
    let entry = wait_for(Duration::from_secs(10), "the autostart entry", || async {
        std::fs::read_dir(&autostart)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .find(|p| p.to_string_lossy().ends_with(".desktop"))
    })
    .await;
    assert!(std::fs::read_to_string(&entry).unwrap().contains("--an"));

    open_tab(&c, "cai-dat").await;
    wait_for(Duration::from_secs(10), "the settings", || async {
        c.find_all(Locator::Css("#cd-o li"))
            .await
            .ok()
            .filter(|l| !l.is_empty())
    })
    .await;
    let fill = |id: &'static str, value: &'static str| {
        let c = c.clone();
        async move {
            let f = c.find(Locator::Id(id)).await.unwrap();
            f.clear().await.unwrap();
            f.send_keys(value).await.unwrap();
        }
    };
    fill("cd-ten-truong", "Trường Tiểu học Hoa Sen").await;
    fill("cd-chu-quan", "Phòng GD&ĐT quận Hoàn Kiếm").await;
    fill("cd-dem-nguoc", "30").await;
    fill("cd-phu-trach", "Cô Nguyễn Thị Mẫu").await;
    fill("cd-web-dia-chi", "5000").await;
    click(&c, "#cd-ngay option[value='thu-hai']").await;
    click(&c, "#cd-tu-khoi-dong").await;
    click(&c, "#luu-cai-dat").await;
    wait_for(Duration::from_secs(10), "the save", || async {
        (text_of(&c, "#ket-qua-cai-dat").await == "Đã lưu cài đặt.").then_some(())
    })
    .await;
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data.path().join("cai-dat.json")).unwrap())
            .unwrap();
    assert_eq!(saved["school_name"], "Trường Tiểu học Hoa Sen");
    assert_eq!(saved["governing_body"], "Phòng GD&ĐT quận Hoàn Kiếm");
    assert_eq!(saved["backup_day"], "Mon");
    assert_eq!(saved["plug_countdown_secs"], 30);
    assert_eq!(saved["no_autostart"], true);
    assert_eq!(saved["plan"]["responsible"], "Cô Nguyễn Thị Mẫu");
    assert_eq!(saved["website_settings"]["max_urls"], 5000);
    assert_eq!(
        saved["website_settings"]["max_depth"], 30,
        "untouched limits keep their value"
    );
    assert!(
        !entry.exists(),
        "autostart turned off removes the login entry"
    );

    // Reloaded: the page shows what was saved.
    c.refresh().await.unwrap();
    wait_ready(&c).await;
    // The page's script has run once the status panel shows the saved school.
    wait_for(Duration::from_secs(10), "the reloaded window", || async {
        (text_of(&c, "#ten-truong").await == "Trường Tiểu học Hoa Sen").then_some(())
    })
    .await;
    open_tab(&c, "cai-dat").await;
    let name = wait_for(Duration::from_secs(10), "the settings again", || async {
        let v = c
            .find(Locator::Id("cd-ten-truong"))
            .await
            .ok()?
            .prop("value")
            .await
            .ok()??;
        (!v.is_empty()).then_some(v)
    })
    .await;
    assert_eq!(name, "Trường Tiểu học Hoa Sen");
    let day = c
        .find(Locator::Id("cd-ngay"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(day.as_deref(), Some("thu-hai"));
    let auto = c
        .find(Locator::Id("cd-tu-khoi-dong"))
        .await
        .unwrap()
        .prop("checked")
        .await
        .unwrap();
    assert_eq!(auto.as_deref(), Some("false"));
    desktop.screenshot("cai-dat.png");
    // The eSchool sections are chosen on their own tab, one click from here.
    click(&c, "#den-phan-he").await;
    assert!(c
        .find(Locator::Css("input[name=phan-he]"))
        .await
        .unwrap()
        .is_displayed()
        .await
        .unwrap());

    // The last twelve weeks at a glance on the everyday screen: this week's student square is done,
    // and says so to a screen reader.
    let square = wait_for(Duration::from_secs(10), "the twelve weeks", || async {
        let rows = c
            .find_all(Locator::Css("#bang-12-tuan tbody tr"))
            .await
            .ok()?;
        for r in rows {
            if r.find(Locator::Css("th")).await.ok()?.text().await.ok()? == "Hồ sơ học sinh" {
                let cells = r.find_all(Locator::Css(".o")).await.ok()?;
                let last = cells.last()?;
                return Some((
                    cells.len(),
                    last.attr("class").await.ok()??,
                    last.attr("aria-label").await.ok()??,
                ));
            }
        }
        None
    })
    .await;
    assert_eq!(square.0, 12, "{square:?}");
    assert!(
        square.1.contains("o-done") || square.1.contains("o-late"),
        "{square:?}"
    );
    let now = chrono::Local::now().date_naive();
    assert!(
        square.2.contains(&now.format("%d/%m").to_string()),
        "{square:?}"
    );

    // Every screen, as a person with a screen reader or poor sight meets it.
    for tab in [
        "nhat-ky",
        "khoi-phuc",
        "trang-web",
        "eschool",
        "bao-mat",
        "tai-khoan",
        "bao-cao",
        "cai-dat",
    ] {
        open_tab(&c, tab).await;
        accessible(&c, tab).await;
        desktop.screenshot(&format!("man-hinh-{tab}.png"));
    }

    // At 150 % text (a setting older staff use) the big button is still on the first screen,
    // without scrolling, in the window's size on a 1366×768 laptop.
    c.execute(
        "document.documentElement.style.fontSize = '150%'; window.scrollTo(0, 0); return true;",
        vec![],
    )
    .await
    .unwrap();
    let place = c
        .execute(
            "const b = document.getElementById('sao-luu-ngay').getBoundingClientRect();\
             return [b.top, b.bottom, window.innerHeight, b.right, window.innerWidth];",
            vec![],
        )
        .await
        .unwrap();
    let n = |i: usize| place[i].as_f64().unwrap();
    assert!(
        n(0) >= 0.0 && n(1) <= n(2) && n(3) <= n(4),
        "the big button at 150 %: {place}"
    );
    desktop.screenshot("chu-150.png");
    c.execute(
        "document.documentElement.style.fontSize = ''; return true;",
        vec![],
    )
    .await
    .unwrap();

    // Báo cáo: this week's row carries the known runs.
    open_tab(&c, "bao-cao").await;
    let today = chrono::Local::now().date_naive();
    let monday = today
        - chrono::Duration::days(chrono::Datelike::weekday(&today).num_days_from_monday() as i64);
    let row_css = format!("#bang-bao-cao tr[data-tuan='{monday}']");
    let row = wait_for(Duration::from_secs(10), "this week's row", || async {
        let t = text_of(&c, &row_css).await;
        (!t.is_empty()).then_some(t)
    })
    .await;
    assert!(
        row.contains("Hồ sơ học sinh — 25 hồ sơ (lần sao lưu đầu tiên)"),
        "{row}"
    );
    assert!(row.contains("đã xác nhận đổi mật khẩu quản trị"), "{row}");
    assert!(row.ends_with("Đạt"), "{row}");
    // Days read and typed dd/mm/yyyy whatever the system's locale: the period's fields, the week,
    // and a month-first day refused in Vietnamese.
    let field = |id: &'static str| {
        let c = &c;
        async move {
            c.find(Locator::Id(id))
                .await
                .unwrap()
                .prop("value")
                .await
                .unwrap()
                .unwrap_or_default()
        }
    };
    assert_eq!(field("bc-den").await, today.format("%d/%m/%Y").to_string());
    // The week as far as the period goes (it ends today).
    let end = (monday + chrono::Duration::days(6)).min(today);
    assert!(
        row.starts_with(&format!(
            "{} – {}",
            monday.format("%d/%m"),
            end.format("%d/%m/%Y")
        )),
        "{row}"
    );
    let from = c.find(Locator::Id("bc-tu")).await.unwrap();
    from.clear().await.unwrap();
    from.send_keys("12/31/2026").await.unwrap();
    click(&c, "#xem-bao-cao").await;
    let refused = wait_for(Duration::from_secs(10), "the day refused", || async {
        let t = text_of(&c, "#ket-qua-bao-cao").await;
        t.contains("12/31/2026").then_some(t)
    })
    .await;
    assert!(
        refused.contains("không phải một ngày viết theo ngày/tháng/năm"),
        "{refused}"
    );
    from.clear().await.unwrap();
    from.send_keys(&monday.format("%d/%m/%Y").to_string())
        .await
        .unwrap();
    let said = "Đã lưu báo cáo";
    saved_file(&c, "#excel-bao-cao", "#ket-qua-bao-cao", said, ".xlsx").await;
    let pdf = saved_file(&c, "#pdf-bao-cao", "#ket-qua-bao-cao", said, ".pdf").await;
    let text = pdf_text(&pdf);
    assert!(
        text.contains("Hồ sơ học sinh — 25 hồ sơ (lần sao lưu đầu tiên)"),
        "{text}"
    );
    // The twelve weeks open the report, one mark per week.
    assert!(text.contains("12 tuần gần nhất"), "{text}");
    // Eleven weeks before the app kept records, then this week's backup.
    let marks = regex::Regex::new(r"Hồ sơ học sinh:(\s+–){11}\s+[ĐM]\s").unwrap();
    assert!(marks.is_match(&text), "{text}");
    desktop.screenshot("bao-cao.png");
    c.close().await.unwrap();
}

/// A school site whose certificate the PC refuses (self-signed): the Trang web tab shows why and
/// its fingerprint, continues with it only when the person clicks for it, and drops the choice
/// on request. The engine keeps the choice in the settings the CLI reads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_trang_web_tab_continues_with_the_sites_certificate_only_when_asked() {
    use saoluu_tests::tls::{serve_swappable, Authority};
    use std::sync::{Arc, Mutex};
    let app = bin("saoluu-app");
    let school = School::with_drive();
    let (self_signer, _) = Authority::new(school.work.path(), "Tu ky");
    let (cert, fp) = self_signer.certificate(&["127.0.0.1"], (2020, 1, 1), (4000, 1, 1));
    let port = serve_swappable(Arc::new(Mutex::new(cert)));
    let site = format!("https://127.0.0.1:{port}/");
    ok(saoluu(school.data.path()).args(["config", "--website", &site]));
    let accepted = || {
        json(&ok(saoluu(school.data.path()).args(["config", "--json"])))["website_settings"]
            ["trusted_certificate"]["sha256"]
            .as_str()
            .map(str::to_string)
    };

    let desktop = Desktop::start(school.data.path(), school.home.path(), Some(PASSPHRASE));
    let c = desktop.open_app(&app).await;
    wait_ready(&c).await;
    open_tab(&c, "trang-web").await;
    click(&c, "#xem-chung-chi").await;
    let shown = wait_for(Duration::from_secs(30), "the certificate", || async {
        let t = text_of(&c, "#ket-qua-chung-chi").await;
        t.contains(&fp).then_some(t)
    })
    .await;
    assert!(shown.contains("tự ký"), "{shown}");
    assert!(text_of(&c, "#loi-moi-chung-chi")
        .await
        .contains("tiếp tục sao lưu với chứng chỉ này"));
    assert_eq!(accepted(), None, "nothing is accepted before the click");
    desktop.screenshot("chung-chi-chua-hop-le.png");

    click(&c, "#chap-nhan-chung-chi").await;
    wait_for(Duration::from_secs(30), "the choice", || async {
        text_of(&c, "#ket-qua-chung-chi")
            .await
            .contains("Đã chấp nhận chứng chỉ")
            .then_some(())
    })
    .await;
    assert_eq!(accepted().as_deref(), Some(fp.as_str()));

    click(&c, "#bo-chung-chi").await;
    wait_for(Duration::from_secs(10), "the choice dropped", || async {
        text_of(&c, "#ket-qua-chung-chi")
            .await
            .contains("Đã bỏ chứng chỉ")
            .then_some(())
    })
    .await;
    assert_eq!(accepted(), None);
}

/// After an attack wiped the school's WordPress, a new PC restores the website backup from the
/// drive and rebuilds the site from the Khôi phục tab: progress shows while it runs, the report
/// says what was made, and the site is what it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wizard_rebuilds_a_wiped_wordpress_with_its_progress_and_report() {
    use saoluu_tests::wordpress::{Theme, WordPress, MORE, SNAPSHOT, WIPE};
    let app = bin("saoluu-app");
    let site = WordPress::start(Theme::TwentyTwentyOne, true);
    site.php(MORE, &[]);
    let before = site.php(SNAPSHOT, &[]);
    let old_pc = tempfile::tempdir().unwrap();
    let usb = registered_usb(old_pc.path());
    ok(saoluu(old_pc.path())
        .args(["backup", "website", &site.url, "--nhanh", "--to"])
        .arg(&usb));
    assert_eq!(site.php(WIPE, &[]).trim(), "0");
    let password = site.app_password();

    let data = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let desktop = Desktop::start(data.path(), home.path(), None);
    let c = desktop.open_app(&app).await;
    wait_ready(&c).await;
    // The restore by keyboard alone: Tab to each control (its focus visible), type, Enter.
    press(&c, "Máy mới sau sự cố? Khôi phục từ ổ sao lưu").await;
    keys(&c, "#duong-dan-o", &usb.display().to_string()).await;
    keys(&c, "#mo-duong-dan", ENTER).await;
    wait_for(Duration::from_secs(10), "the drive's contents", || async {
        let t = text_of(&c, "#o-dang-mo").await;
        t.contains("bản sao lưu").then_some(t)
    })
    .await;
    keys(&c, ".nguon[data-kind=website] .chon-ban", ENTER).await;
    keys(&c, "#kiem-tra-ban", ENTER).await;
    wait_for(Duration::from_secs(30), "the check", || async {
        let t = text_of(&c, "#ket-qua-kiem-tra-ban").await;
        t.starts_with("Kiểm tra xong").then_some(t)
    })
    .await;
    keys(&c, "#bat-dau-khoi-phuc", ENTER).await;
    let restored = wait_for(Duration::from_secs(30), "the restore report", || async {
        let t = text_of(&c, "#ket-qua-khoi-phuc").await;
        (t.starts_with("Đã khôi phục") || t.contains("không thành công")).then_some(t)
    })
    .await;
    assert!(restored.starts_with("Đã khôi phục"), "{restored}");

    for (id, value) in [
        ("dang-lai-dia-chi", site.url.clone()),
        ("dang-lai-nguoi-dung", "quantri".to_string()),
        ("dang-lai-mat-khau", password),
    ] {
        c.find(Locator::Id(id))
            .await
            .unwrap()
            .send_keys(&value)
            .await
            .unwrap();
    }
    click(&c, "#dang-lai-bai").await;
    let seen = std::sync::Mutex::new(std::collections::BTreeSet::new());
    let summary = wait_for(Duration::from_secs(120), "the rebuild's report", || async {
        let t = text_of(&c, "#tom-tat-dang-lai").await;
        seen.lock().unwrap().insert(t.clone());
        t.starts_with("Đã tạo").then_some(t)
    })
    .await;
    let seen = seen.into_inner().unwrap();
    assert!(
        seen.iter()
            .any(|t| t.starts_with("Đang dựng lại trang web (") && t.contains('/')),
        "no progress shown: {seen:?}"
    );
    assert!(summary.contains(", 0 mục lỗi"), "{summary}");
    assert!(c
        .find_all(Locator::Css("#ket-qua-dang-lai li.loi"))
        .await
        .unwrap()
        .is_empty());
    desktop.screenshot("dung-lai-wordpress.png");
    accessible(&c, "khoi-phuc-dung-lai-trang-web").await;
    assert_eq!(site.php(SNAPSHOT, &[]), before, "the site as it was");
    let log = ok(saoluu(data.path()).args(["log", "--json"]));
    assert!(log.contains("dung-lai-trang-web"), "{log}");
    c.close().await.unwrap();
}

/// One setup step's screen as the clerk sees it: its number, a screenshot and axe's check.
async fn setup_step(c: &Client, desktop: &Desktop, n: usize, key: &str) -> String {
    let shown = shows(c, &format!("Bước {n}/7")).await;
    desktop.screenshot(&format!("thiet-lap-{key}.png"));
    accessible(c, &format!("thiet-lap-{key}")).await;
    shown
}

/// A clerk on a new PC, by keyboard alone and by the words on the screen only: the setup from an
/// empty data folder (left halfway and resumed), a real keychain for the passphrase, the first
/// backup verified on the drive, and one file restored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clerk_sets_up_the_app_by_keyboard_backs_up_and_restores_one_file() {
    let app = bin("saoluu-app");
    let site = saoluu_tests::school::SchoolSite::start(saoluu_tests::school::Shape {
        articles: 6,
        documents: 2,
        traps: false,
        ..Default::default()
    });
    let data = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let usb = work.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    let desktop = Desktop::start_with_keychain(data.path(), home.path());
    let c = desktop.open_app(&app).await;
    wait_ready(&c).await;
    let settings = || json(&ok(saoluu(data.path()).args(["config", "--json"])));

    // 1. The school.
    let first = setup_step(&c, &desktop, 1, "truong").await;
    assert!(first.contains("Xem thử với trường mẫu"), "{first}");
    type_into(&c, "Tên trường", "Trường Tiểu học Hoa Sen").await;
    choose(&c, "Cấp học", "Tiểu học").await;
    type_into(&c, "Cơ quan chủ quản", "Phòng GD&ĐT quận Hoa Sen").await;
    press(&c, "Tiếp tục").await;

    // 2. The website, checked on the spot.
    setup_step(&c, &desktop, 2, "trang-web").await;
    // Nothing typed yet: the check says so (it does not check some other site).
    press(&c, "Kiểm tra trang web").await;
    shows(&c, "Chưa có địa chỉ trang web").await;
    type_into(&c, "Địa chỉ trang web", &site.url).await;
    press(&c, "Kiểm tra trang web").await;
    let look = shows(&c, "Trang web trả lời").await;
    assert!(
        look.contains(
            "Trang web trả lời, chạy trên NukeViet. Chân trang đủ thông tin theo quy định."
        ),
        "{look}"
    );
    press(&c, "Tiếp tục").await;
    shows(&c, "Bước 3/7").await;
    let saved = settings();
    assert_eq!(saved["school_name"], "Trường Tiểu học Hoa Sen");
    assert_eq!(saved["school_level"], "tieu-hoc");
    assert_eq!(saved["governing_body"], "Phòng GD&ĐT quận Hoa Sen");
    assert_eq!(saved["website"], site.url);

    // Left halfway: the window closed, the app opened again, the same step comes back.
    desktop.close_window(&c).await;
    desktop.launch_again(&app, data.path(), &[]);
    follow_new_window(&c).await;

    // 3. The record system.
    let records = setup_step(&c, &desktop, 3, "ho-so").await;
    assert!(records.contains("Hồ sơ giáo dục"), "{records}");
    choose(&c, "Trường giữ hồ sơ trên", "vnEdu (VNPT)").await;
    type_into(&c, "Địa chỉ đăng nhập hệ thống hồ sơ", "hoasen.vnedu.vn").await;
    press(&c, "Tiếp tục").await;

    // 4. The drive: it cannot be skipped or passed without one.
    let drive = setup_step(&c, &desktop, 4, "o-sao-luu").await;
    assert!(!drive.contains("Bỏ qua bước này"), "{drive}");
    press(&c, "Tiếp tục").await;
    shows(&c, "Chưa có ổ sao lưu.").await;
    type_into(&c, "Hoặc gõ đường dẫn của ổ", &usb.display().to_string()).await;
    press(&c, "Dùng đường dẫn này").await;
    let chosen = shows(&c, "✔ Ổ sao lưu của trường").await;
    assert!(chosen.contains("Ổ “usb”"), "{chosen}");
    assert!(!chosen.contains("Chưa có ổ sao lưu."), "{chosen}");
    desktop.screenshot("thiet-lap-o-sao-luu-da-chon.png");
    press(&c, "Tiếp tục").await;

    // 5. The passphrase: made and kept in the keychain, shown once, its sheet printed from the
    // app's own window, and the step ends only when the sheet's place is written and confirmed.
    setup_step(&c, &desktop, 5, "mat-khau").await;
    shows(&c, "Máy này chưa có mật khẩu mã hoá").await;
    press(&c, "Tiếp tục").await;
    shows(&c, "Hãy bấm “Tạo mật khẩu mã hoá”").await;
    press(&c, "Tạo mật khẩu mã hoá").await;
    let made = shows(&c, "Máy này đã có mật khẩu mã hoá").await;
    let passphrase = regex::Regex::new(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){5}")
        .unwrap()
        .find(&made)
        .unwrap_or_else(|| panic!("no passphrase shown: {made}"))
        .as_str()
        .to_string();
    let main = c.window().await.unwrap();
    press(&c, "In phiếu khôi phục").await;
    follow_window_titled(&c, "Phiếu khôi phục").await;
    let sheet = shows(&c, "PHIẾU KHÔI PHỤC").await;
    assert!(sheet.contains(&passphrase), "{sheet}");
    let close = button_named(&c, "Đóng").await;
    if let Err(e) = close.click().await {
        assert!(e.is_no_such_window(), "{e}");
    }
    c.switch_to_window(main).await.unwrap();
    press(&c, "Tiếp tục").await;
    shows(&c, "Hãy ghi nơi cất Phiếu khôi phục").await;
    type_into(&c, "Nơi cất Phiếu khôi phục", "Tủ hồ sơ phòng Hiệu trưởng").await;
    press(&c, "Tiếp tục").await;
    shows(&c, "rồi đánh dấu").await;
    tick(&c, "Tôi đã in Phiếu khôi phục và cất ở nơi ghi trên").await;
    press(&c, "Tiếp tục").await;

    // 6. The weekly day and the reminders.
    setup_step(&c, &desktop, 6, "lich").await;
    no_file_holds(&[home.path(), data.path()], &passphrase);
    choose(&c, "Ngày sao lưu hằng tuần", "Thứ Sáu").await;
    press(&c, "Tiếp tục").await;
    let saved = settings();
    assert_eq!(saved["eschool"]["system"], "vnedu");
    assert_eq!(saved["eschool"]["url"], "https://hoasen.vnedu.vn/");
    assert_eq!(saved["plan"]["sheet_kept_at"], "Tủ hồ sơ phòng Hiệu trưởng");
    assert_eq!(saved["backup_day"], "Fri");

    // 7. The first backup, with its progress on the everyday screen.
    setup_step(&c, &desktop, 7, "sao-luu-dau").await;
    press(&c, "Sao lưu lần đầu").await;
    let done = shows(&c, "Sao lưu thành công").await;
    assert!(
        done.contains("đã được ghi và kiểm tra lại trên ổ sao lưu"),
        "{done}"
    );
    assert!(!done.contains("Bước "), "the setup is over: {done}");
    let log = json(&ok(saoluu(data.path()).args(["log", "--json"])));
    assert_eq!(log[0]["outcome"], "success", "{log}");
    let run = only_run(&usb);
    ok(saoluu(data.path()).arg("verify").arg(&run));
    let zips: Vec<PathBuf> = std::fs::read_dir(&run)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "zip"))
        .collect();
    assert_eq!(zips.len(), 1, "the website alone: {zips:?}");
    check_zip_with_other_tools(&zips[0]);
    desktop.screenshot("thiet-lap-xong.png");

    // One file back, found by its name.
    press_tab(&c, "Khôi phục").await;
    press(&c, "Ổ “usb” – Trường Tiểu học Hoa Sen").await;
    shows(&c, "bản sao lưu").await;
    type_into(&c, "Tìm tệp theo tên", "logo").await;
    press(&c, "Tìm").await;
    press(&c, "Khôi phục tệp này").await;
    press(&c, "Kiểm tra").await;
    shows(&c, "Kiểm tra xong").await;
    press(&c, "Khôi phục").await;
    shows(&c, "Đã khôi phục và kiểm tra 1 tệp").await;
    let restored = find_file(
        &home.path().join("Sao lưu Trường học - Khôi phục"),
        "logo.png",
    );
    assert_eq!(restored.len(), 1, "{restored:?}");
    let logo_url = format!(
        "{}/themes/default/images/logo.png",
        site.url.trim_end_matches('/')
    );
    let (status, logo) = http_get(&logo_url);
    assert_eq!(status, 200);
    assert_eq!(std::fs::read(&restored[0]).unwrap(), logo);

    // The setup does not come back once done.
    desktop.close_window(&c).await;
    desktop.launch_again(&app, data.path(), &[]);
    follow_main_window(&c).await;
    let everyday = shows(&c, "Sao lưu ngay").await;
    assert!(!everyday.contains("Bước 1/7"), "{everyday}");
    let _ = c.close().await;
}

/// The tray app sends each good run to the school's store in the background, and the status panel
/// says how old the newest offsite copy is.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_good_backup_the_run_goes_offsite_and_the_status_says_so() {
    let app = bin("saoluu-app");
    let store = saoluu_tests::offsite::Store::start();
    let school = School::with_drive();
    let docs = school.work.path().join("tai-lieu");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("ke-hoach-nam-hoc.txt"), "Kế hoạch năm học").unwrap();
    ok(saoluu(school.data.path())
        .args([
            "config",
            "--school",
            "Trường Tiểu học Hoa Sen",
            "--add-folder",
        ])
        .arg(&docs));
    let secret = store.var("SCHOOL_SECRET").to_string();
    ok(saoluu(school.data.path())
        .env("SAOLUU_OFFSITE_SECRET", &secret)
        .args(["offsite", "set", &store.school_url(), "--key-id"])
        .arg(store.var("SCHOOL_KEY_ID")));
    let desktop = Desktop::start_with_env(
        school.data.path(),
        school.home.path(),
        &[("SAOLUU_OFFSITE_SECRET", &secret)],
    );
    let c = desktop.open_app(&app).await;
    wait_ready(&c).await;
    shows(&c, "Bản sao ngoài trường: chưa gửi lần nào").await;
    press(&c, "Sao lưu ngay").await;
    shows(&c, "Sao lưu thành công").await;
    shows(&c, "Bản sao ngoài trường: hôm nay").await;
    let log = json(&ok(saoluu(school.data.path()).args(["log", "--json"])));
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|e| e["source_kind"] == "ngoai-truong"),
        "{log}"
    );
    let runs = json(&ok(saoluu(school.data.path())
        .env("SAOLUU_OFFSITE_SECRET", &secret)
        .args(["runs", "--offsite", "--json"])));
    assert_eq!(runs[0]["complete"], true, "{runs}");
    desktop.screenshot("ngoai-truong.png");

    // A run that fails (the school's website is down) reaches the education office too, from
    // the tray app alone: the office's read key sees a failure not yet put right.
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_url = format!("http://{}/", dead.local_addr().unwrap());
    drop(dead);
    ok(saoluu(school.data.path()).args(["config", "--website", &dead_url]));
    press(&c, "Sao lưu ngay").await;
    let office = tempfile::tempdir().unwrap();
    let office_cmd = || store.office(office.path());
    ok(store
        .district_set(office.path())
        .args(["--truong", store.var("SCHOOL_PREFIX")]));
    let t0 = Instant::now();
    let row = loop {
        let out = office_cmd().args(["district", "--json"]).output().unwrap();
        let o = json(&String::from_utf8_lossy(&out.stdout));
        let row = o["rows"][0].clone();
        if row["state"]["state"] == "loi" {
            break row;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(90),
            "the office never saw the failed run: {o}\nthe window: {}",
            text_of(&c, "body").await
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    assert!(
        row["label"].as_str().unwrap().contains("trang web"),
        "{row}"
    );
    let _ = c.close().await;
}

/// Cài đặt: the office's store typed in, its secret kept in the PC's real keychain (never in the
/// settings), and "Gửi ngay" sends the run on the drive, checked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_offsite_store_is_set_in_the_settings_and_a_run_sent_from_there() {
    let app = bin("saoluu-app");
    let store = saoluu_tests::offsite::Store::start();
    let (school, away) = school_with_the_drive_out(&[]);
    std::fs::rename(&away, &school.usb).unwrap();
    ok(&mut backup_folder(
        school.data.path(),
        &school.work.path().join("tai-lieu"),
        &school.usb,
    ));
    let desktop = Desktop::start_with_keychain(school.data.path(), school.home.path());
    let c = desktop.open_app(&app).await;
    wait_ready(&c).await;
    open_tab(&c, "cai-dat").await;
    shows(&c, "Chưa đặt kho ngoài trường").await;
    type_into(&c, "Địa chỉ kho", &store.school_url()).await;
    type_into(&c, "Mã khoá", store.var("SCHOOL_KEY_ID")).await;
    type_into(&c, "Khoá bí mật", store.var("SCHOOL_SECRET")).await;
    press(&c, "Lưu kho ngoài trường").await;
    let saved = shows(&c, "Đã lưu kho ngoài trường.").await;
    assert!(
        saved.contains("Bản sao ngoài trường: chưa gửi lần nào"),
        "{saved}"
    );
    no_file_holds(&[school.data.path()], store.var("SCHOOL_SECRET"));
    accessible(&c, "cai-dat-ngoai-truong").await;
    press(&c, "Gửi ngay ra ngoài trường").await;
    shows(&c, "Đã gửi ra ngoài trường và kiểm tra 1 lần sao lưu").await;
    shows(&c, "Bản sao ngoài trường: hôm nay").await;
    desktop.screenshot("cai-dat-ngoai-truong.png");
    let _ = c.close().await;
}

/// A new PC after a disaster, with only the store's address and key from the office: the setup's
/// first screen leads to Khôi phục, which says where to set the store; once set in Cài đặt, the
/// wizard lists the offsite runs, finds a file by name, brings its run back checked, and
/// restores that one file.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_pc_restores_a_file_from_the_offsite_store_with_the_wizard() {
    let app = bin("saoluu-app");
    let store = saoluu_tests::offsite::Store::start();
    let (school, away) = school_with_the_drive_out(&[]);
    std::fs::rename(&away, &school.usb).unwrap();
    ok(&mut backup_folder(
        school.data.path(),
        &school.work.path().join("tai-lieu"),
        &school.usb,
    ));
    let secret = store.var("SCHOOL_SECRET").to_string();
    let with_secret = || {
        let mut c = saoluu(school.data.path());
        c.env("SAOLUU_OFFSITE_SECRET", &secret);
        c
    };
    ok(with_secret()
        .args(["offsite", "set", &store.school_url(), "--key-id"])
        .arg(store.var("SCHOOL_KEY_ID")));
    ok(with_secret().args(["offsite", "push"]));

    let data = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let desktop = Desktop::start_with_keychain(data.path(), home.path());
    let c = desktop.open_app(&app).await;
    wait_ready(&c).await;
    shows(&c, "Bước 1/7").await;
    press(&c, "Máy mới sau sự cố? Khôi phục từ ổ sao lưu").await;
    shows(&c, "Chưa đặt kho lưu trữ ngoài trường trên máy này").await;
    // The office hands the school its store in one file (on a USB stick).
    let office = tempfile::tempdir().unwrap();
    ok(store
        .district_set(office.path())
        .args(["--truong", store.var("SCHOOL_PREFIX")]));
    let handed = office.path().join("kho-c1hoasen.json");
    ok(&mut store.school_file(office.path(), &handed));
    open_tab(&c, "cai-dat").await;
    type_into(
        &c,
        "Hoặc tệp cài đặt kho do Phòng giao",
        &handed.display().to_string(),
    )
    .await;
    press(&c, "Nhập tệp cài đặt kho").await;
    let imported = shows(&c, "Đã nhập tệp cài đặt kho").await;
    assert!(imported.contains("Hãy xoá tệp đó"), "{imported}");
    assert_eq!(
        json(&std::fs::read_to_string(data.path().join("cai-dat.json")).unwrap())["offsite"]["url"],
        store.school_url()
    );

    press_tab(&c, "Khôi phục").await;
    press(
        &c,
        &format!("Kho lưu trữ ngoài trường ({})", store.school_url()),
    )
    .await;
    shows(&c, "giữ 1 lần sao lưu của trường").await;
    accessible(&c, "khoi-phuc-ngoai-truong").await;
    type_into(&c, "Tìm tệp theo tên", "ke hoach nam").await;
    press(&c, "Tìm").await;
    let found = shows(&c, "Tìm thấy").await;
    assert!(found.contains("ke-hoach-nam-hoc.txt"), "{found}");
    press(&c, "Khôi phục tệp này").await;
    shows(&c, "Đã tải về và kiểm tra lần sao lưu").await;
    press(&c, "Kiểm tra").await;
    shows(&c, "Kiểm tra xong").await;
    press(&c, "Khôi phục").await;
    shows(&c, "Đã khôi phục và kiểm tra 1 tệp").await;
    desktop.screenshot("khoi-phuc-ngoai-truong.png");
    let restored = find_file(
        &home.path().join("Sao lưu Trường học - Khôi phục"),
        "ke-hoach-nam-hoc.txt",
    );
    assert_eq!(restored.len(), 1, "{restored:?}");
    assert_eq!(
        std::fs::read_to_string(&restored[0]).unwrap(),
        "Kế hoạch năm học"
    );
    // Nothing of the store's secret in a file of the new PC.
    no_file_holds(&[data.path(), home.path()], &secret);
    let _ = c.close().await;
}

/// The education office's PC: from the setup's first screen to the "Phòng Giáo dục" tab; the
/// store and read key typed in (the secret to a real keychain); every school's state, worst
/// first, sorted and filtered as a person does it; one school's weeks; the report for the Sở.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_sees_every_schools_state_sorts_filters_opens_a_history_and_saves_the_report() {
    use saoluu_tests::offsite::{records, SchoolPc, Store};
    let app = bin("saoluu-app");
    let store = Store::start_with(&["c01", "c02", "c03"]);
    let schools = tempfile::tempdir().unwrap();
    let records = records(schools.path());
    // Compliant: the three eSchool sections, the drill and the password (no website).
    let c01 = SchoolPc::new(
        schools.path(),
        "c01",
        "Trường Tiểu học Hoa Sen",
        "tieu-hoc",
        None,
    );
    c01.backs_up_eschool(&records, None);
    c01.drills(None);
    c01.confirms_password(None);
    c01.reports_to(&store);
    // Never reported.
    SchoolPc::new(
        schools.path(),
        "c02",
        "Trường Mầm non Sơn Ca",
        "mam-non",
        None,
    );
    // Reported, but never backed up its records.
    let c03 = SchoolPc::new(
        schools.path(),
        "c03",
        "Trường Mầm non Họa Mi",
        "mam-non",
        None,
    );
    c03.confirms_password(None);
    c03.reports_to(&store);

    let data = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let desktop = Desktop::start_with_keychain(data.path(), home.path());
    let c = desktop.open_app(&app).await;
    wait_ready(&c).await;
    shows(&c, "Bước 1/7").await;
    press(&c, "Máy của Phòng Giáo dục? Xem tình trạng các trường").await;
    shows(&c, "Chưa đặt kho của Phòng").await;
    type_into(&c, "Địa chỉ kho của Phòng", &store.root_url()).await;
    type_into(&c, "Mã khoá chỉ đọc", store.var("OFFICE_READ_KEY_ID")).await;
    type_into(&c, "Khoá bí mật của Phòng", store.var("OFFICE_READ_SECRET")).await;
    type_into(&c, "Mã các trường, cách nhau bởi dấu phẩy", "c01, c02, c03").await;
    press(&c, "Lưu kho của Phòng").await;
    shows(&c, "Đã lưu kho của Phòng, 3 trường.").await;
    no_file_holds(&[data.path(), home.path()], store.var("OFFICE_READ_SECRET"));

    press(&c, "Xem tình trạng các trường").await;
    shows(&c, "3 trường — 1 đạt tuần này, 0 sắp đến hạn, 1 quá hạn, 0 có lỗi chưa khắc phục, 1 không có tin.").await;
    let order = || async {
        c.execute(
            "return [...document.querySelectorAll('#pg-bang tbody tr')].map((r) => r.dataset.code).join(',');",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
    };
    assert_eq!(order().await, "c02,c03,c01", "worst first");
    let table = text_of(&c, "#pg-bang").await;
    assert!(table.contains("Chưa có tin nào từ trường"), "{table}");
    assert!(
        table.contains("Hồ sơ học sinh: chưa làm lần nào"),
        "{table}"
    );
    accessible(&c, "phong-gd").await;
    desktop.screenshot("phong-gd.png");

    // Sorted by the school's code, then by name going down.
    press(&c, "Mã trường").await;
    assert_eq!(order().await, "c01,c02,c03");
    press(&c, "Tên trường").await;
    press(&c, "Tên trường").await;
    // Going down: Trường Tiểu học…, Trường Mầm non…, then c02, which never reported and so is
    // known by its code alone.
    assert_eq!(order().await, "c01,c03,c02");

    // One level.
    choose(&c, "Cấp học", "Mầm non").await;
    shows(&c, "2 trường — 0 đạt tuần này").await;
    assert_eq!(order().await.split(',').count(), 2);
    choose(&c, "Cấp học", "Tất cả các cấp").await;
    shows(&c, "3 trường — 1 đạt tuần này").await;

    // One school's weeks.
    press(&c, "Lịch sử c01").await;
    shows(&c, "Các tuần của Trường Tiểu học Hoa Sen (c01)").await;
    let done = c
        .execute(
            "return [...document.querySelectorAll('#pg-bang-tuan .o-done')].map((s) => s.getAttribute('aria-label')).join('|');",
            vec![],
        )
        .await
        .unwrap();
    let done = done.as_str().unwrap();
    assert!(done.contains("làm đúng hạn"), "{done}");
    accessible(&c, "phong-gd-lich-su").await;

    // The report for the Sở, in Documents, with the table's numbers.
    press(&c, "Lưu báo cáo PDF").await;
    let said = shows(&c, "Bao-cao-cac-truong-").await;
    let pdf = walkdir::WalkDir::new(home.path())
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .find(|p| {
            let n = p.file_name().unwrap_or_default().to_string_lossy();
            n.starts_with("Bao-cao-cac-truong-") && n.ends_with(".pdf")
        })
        .unwrap_or_else(|| panic!("no report under the home folder: {said}"));
    let text = pdf_text(&pdf);
    assert!(
        text.contains("3 trường — 1 đạt tuần này, 0 sắp đến hạn, 1 quá hạn, 0 có lỗi chưa khắc phục, 1 không có tin."),
        "{text}"
    );

    // A province's list: a page of 100 at a time, and a school found by its name typed without
    // diacritics.
    let many: Vec<String> = ["c01", "c02", "c03"]
        .into_iter()
        .map(String::from)
        .chain((4..=250).map(|n| format!("x{n:03}")))
        .collect();
    type_into(&c, "Mã các trường, cách nhau bởi dấu phẩy", &many.join(",")).await;
    press(&c, "Lưu kho của Phòng").await;
    shows(&c, "Đã lưu kho của Phòng, 250 trường.").await;
    press(&c, "Tình trạng").await;
    press(&c, "Xem tình trạng các trường").await;
    shows(&c, "Trường 1–100 trong 250").await;
    assert_eq!(order().await.split(',').count(), 100);
    press(&c, "Trang sau ›").await;
    shows(&c, "Trường 101–200 trong 250").await;
    press(&c, "Trang sau ›").await;
    shows(&c, "Trường 201–250 trong 250").await;
    let last = order().await;
    assert!(last.ends_with("c03,c01"), "worst first, over pages: {last}");
    type_into(&c, "Tìm trường (mã hoặc tên)", "hoa sen").await;
    shows(&c, "Trường 1–1 trong 1").await;
    assert_eq!(order().await, "c01");
    accessible(&c, "phong-gd-trang").await;
    let _ = c.close().await;
}
