//! A real WordPress for the suites: Debian's `wordpress` package and its stock themes on
//! 127.0.0.1, with a MariaDB of its own, started by `tests/wordpress/site.sh` and stopped on drop.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct WordPress {
    pub url: String,
    dir: tempfile::TempDir,
}

/// Where the school's contact block sits: the classic theme's footer widget area, or the block
/// theme's footer template part.
#[derive(Clone, Copy)]
pub enum Theme {
    TwentyTwentyOne,
    TwentyTwentyThree,
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("wordpress/site.sh")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port on 127.0.0.1")
        .port()
}

impl WordPress {
    /// A school site with 12 posts in four categories, a page, a PDF, and the contact block in the
    /// theme's footer: every item the directive asks for, or (`complete: false`) all but the
    /// governing body and the person responsible.
    pub fn start(theme: Theme, complete: bool) -> WordPress {
        let dir = tempfile::tempdir().expect("temp dir");
        let theme = match theme {
            Theme::TwentyTwentyOne => "twentytwentyone",
            Theme::TwentyTwentyThree => "twentytwentythree",
        };
        let footer = if complete { "full" } else { "partial" };
        // A port taken by another test between the check and PHP's bind: try another.
        for _ in 0..3 {
            let out = Command::new("bash")
                .arg(script())
                .arg("start")
                .arg(dir.path())
                .arg(free_port().to_string())
                .args([theme, footer])
                .output()
                .expect("bash");
            if out.status.success() {
                let url = String::from_utf8_lossy(&out.stdout).trim().to_string();
                return WordPress { url, dir };
            }
            eprintln!("{}", String::from_utf8_lossy(&out.stderr));
            let _ = Command::new("bash")
                .arg(script())
                .arg("stop")
                .arg(dir.path())
                .status();
            let _ = std::fs::remove_dir_all(dir.path().join("db"));
        }
        panic!("WordPress did not start (tests/wordpress/site.sh)");
    }

    /// Runs PHP with the site's WordPress loaded: `code` is the body of a script, `$args` its
    /// arguments.
    pub fn php(&self, code: &str, args: &[&str]) -> String {
        let file = self.dir.path().join("snippet.php");
        std::fs::write(&file, format!("<?php\n{code}\n")).expect("write snippet");
        let out = Command::new("bash")
            .arg(script())
            .arg("php")
            .arg(self.dir.path())
            .arg(&file)
            .args(args)
            .output()
            .expect("bash");
        assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl Drop for WordPress {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(script())
            .arg("stop")
            .arg(self.dir.path())
            .status();
    }
}
