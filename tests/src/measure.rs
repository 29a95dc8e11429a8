//! Timing and peak memory of whole processes, for the benchmarks (Linux: `wait4`'s rusage).

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub struct Measured {
    pub wall: Duration,
    pub peak_rss_kib: i64,
}

/// Runs `cmd` to its end; returns its wall time, its own peak memory and its exit status.
pub fn measure_status(cmd: &mut Command) -> (Measured, i32) {
    let start = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own unwaited child; the pointers are to live locals.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    assert_eq!(r, pid, "wait4 failed");
    // Reaped by wait4 already: the Child must not wait again.
    std::mem::forget(child);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (
        Measured {
            wall,
            peak_rss_kib: usage.ru_maxrss,
        },
        code,
    )
}

/// Like [`measure_status`], failing the bench if the command fails.
pub fn measure(cmd: &mut Command) -> Measured {
    let (m, code) = measure_status(cmd);
    assert_eq!(code, 0, "{cmd:?} failed");
    m
}

pub fn sync() {
    // SAFETY: sync(2) has no arguments and cannot fail.
    unsafe { libc::sync() };
}

/// Bytes of a file or of everything under a folder.
pub fn du(p: &Path) -> u64 {
    let m = fs::symlink_metadata(p).unwrap();
    if m.is_dir() {
        fs::read_dir(p)
            .unwrap()
            .map(|e| du(&e.unwrap().path()))
            .sum()
    } else {
        m.len()
    }
}
