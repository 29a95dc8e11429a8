//! The `SAOLUU_*` variables that scripts and tests set, read in this one place so that the CLI
//! and the app honour the same ones. None is a user setting; `SAOLUU_DATA_DIR` and
//! `SAOLUU_PASSPHRASE` (scheduled tasks) are documented in README, the others exist for tests.

use std::time::Duration;

/// Where the app keeps its state (`--data-dir` wins over it).
pub const DATA_DIR: &str = "SAOLUU_DATA_DIR";
/// The passphrase for scheduled tasks that cannot reach the keychain.
pub const PASSPHRASE: &str = "SAOLUU_PASSPHRASE";
/// The offsite store's secret key, for `offsite set` and for scheduled tasks without a keychain.
pub const OFFSITE_SECRET: &str = "SAOLUU_OFFSITE_SECRET";
/// The education office's read key's secret, for `saoluu district` in scripts and tests.
pub const DISTRICT_SECRET: &str = "SAOLUU_DISTRICT_SECRET";

/// A zip size limit below the drive's own: FAT32 cannot be mounted where the tests run, so they
/// lower the limit instead to make runs split into parts. The drive's file system decides
/// otherwise.
pub fn part_limit() -> Option<u64> {
    parsed("SAOLUU_PART_LIMIT")
}

/// The gap between a website's requests and the request timeout, compressed by tests from
/// minutes to milliseconds.
pub fn web_gap() -> Option<Duration> {
    parsed("SAOLUU_WEB_GAP_MS").map(Duration::from_millis)
}

pub fn web_timeout() -> Option<Duration> {
    parsed("SAOLUU_WEB_TIMEOUT_MS").map(Duration::from_millis)
}

/// "Now" in Unix seconds for the website's revalidation decisions, so tests can age a backup.
pub fn now() -> Option<i64> {
    parsed("SAOLUU_NOW")
}

fn parsed<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}
