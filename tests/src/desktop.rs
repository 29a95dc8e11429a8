//! A headless desktop for the GUI tests and the idle-memory benchmark: Xvfb and a private D-Bus
//! session, each a child process that is killed when dropped.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Kills its process when dropped, so a failing test leaves nothing running.
pub struct Proc(pub Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts a program that prints one line when ready (Xvfb's display, dbus' address) and reads it.
pub fn start_printing(cmd: &mut Command) -> (Proc, String) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(!line.trim().is_empty(), "{cmd:?} printed nothing");
    (Proc(child), line.trim().to_string())
}

/// A virtual screen and its own session bus, so a running app elsewhere is never reached.
pub struct Screen {
    _xvfb: Proc,
    _dbus: Proc,
    /// `:N`
    pub display: String,
    pub bus: String,
}

impl Screen {
    pub fn start() -> Screen {
        let (xvfb, n) = start_printing(Command::new("Xvfb").args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            // The commonest school laptop screen.
            "1366x768x24",
            "-nolisten",
            "tcp",
        ]));
        let (dbus, bus) = start_printing(Command::new("dbus-daemon").args([
            "--session",
            "--nofork",
            "--print-address=1",
        ]));
        Screen {
            _xvfb: xvfb,
            _dbus: dbus,
            display: format!(":{n}"),
            bus,
        }
    }
}

/// A real Secret Service (GNOME Keyring, unlocked) on a private session bus, for the CLI and the
/// app to keep secrets in, as on a school's PC. `bus` goes into DBUS_SESSION_BUS_ADDRESS.
pub struct Keychain {
    _daemon: Proc,
    _dbus: Option<Proc>,
    pub bus: String,
}

impl Keychain {
    /// On a bus of its own.
    pub fn start(home: &std::path::Path) -> Keychain {
        let (dbus, bus) = start_printing(Command::new("dbus-daemon").args([
            "--session",
            "--nofork",
            "--print-address=1",
        ]));
        let mut k = Keychain::on(&bus, home);
        k._dbus = Some(dbus);
        k
    }

    /// On an existing bus (a `Screen`'s).
    pub fn on(bus: &str, home: &std::path::Path) -> Keychain {
        use std::io::Write;
        let mut daemon = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", bus)
            .env("HOME", home)
            .env_remove("XDG_RUNTIME_DIR")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring is installed (src-tauri/scripts/setup.sh --tests)");
        daemon
            .stdin
            .take()
            .unwrap()
            .write_all(b"mat-khau-kho-khoa-thu")
            .unwrap();
        // It names its control socket once it answers on the bus.
        let mut line = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(line.starts_with("GNOME_KEYRING_CONTROL="), "{line}");
        Keychain {
            _daemon: Proc(daemon),
            _dbus: None,
            bus: bus.to_string(),
        }
    }
}
