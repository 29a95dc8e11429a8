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
