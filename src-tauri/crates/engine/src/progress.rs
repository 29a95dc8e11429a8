//! The one progress event every long operation reports, shared by the CLI's bar and the app's.
//! It carries facts only; the front ends word it through `message` (`message::shown`).

use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Preparing,
    Collecting,
    Writing,
    Verifying,
    Logging,
    Restoring,
    /// A website being put back on its CMS from a restored backup.
    Rebuilding,
    /// Runs going to the offsite store.
    Sending,
    /// A run coming back from the offsite store.
    Fetching,
    Finished,
}

#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    pub phase: Phase,
    pub done: u64,
    /// 0 when the total is not known yet (a crawl discovers its pages as it goes).
    pub total: u64,
    pub bytes: u64,
    pub item: String,
    pub message: String,
}

impl Progress {
    pub fn new(phase: Phase) -> Progress {
        Progress {
            phase,
            done: 0,
            total: 0,
            bytes: 0,
            item: String::new(),
            message: String::new(),
        }
    }
}

/// Receives progress. Closures are sinks; `()` ignores everything.
pub trait ProgressSink: Sync {
    fn emit(&self, p: &Progress);
}

impl<F: Fn(&Progress) + Sync> ProgressSink for F {
    fn emit(&self, p: &Progress) {
        self(p)
    }
}

impl ProgressSink for () {
    fn emit(&self, _: &Progress) {}
}

/// Cheap to clone; checked between files and between requests.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst)
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    pub fn check(&self) -> crate::Result<()> {
        if self.is_cancelled() {
            Err(crate::Error::Cancelled)
        } else {
            Ok(())
        }
    }
}

/// Passes phase changes through at once and everything else at most every `gap`, so that a run
/// over thousands of small files does not flood a window with events.
pub struct Throttle<S> {
    inner: S,
    gap: std::time::Duration,
    last: std::sync::Mutex<(Option<Phase>, Option<std::time::Instant>)>,
}

impl<S: ProgressSink> Throttle<S> {
    pub fn new(inner: S, gap: std::time::Duration) -> Throttle<S> {
        Throttle {
            inner,
            gap,
            last: std::sync::Mutex::new((None, None)),
        }
    }
}

impl<S: ProgressSink> ProgressSink for Throttle<S> {
    fn emit(&self, p: &Progress) {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let now = std::time::Instant::now();
        let due = last.1.is_none_or(|t| now.duration_since(t) >= self.gap);
        if last.0 != Some(p.phase) || due || p.phase == Phase::Finished {
            *last = (Some(p.phase), Some(now));
            drop(last);
            self.inner.emit(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn throttle_keeps_phase_changes_and_drops_bursts() {
        let seen = Mutex::new(Vec::new());
        let sink = |p: &Progress| seen.lock().unwrap().push((p.phase, p.done));
        let t = Throttle::new(sink, std::time::Duration::from_secs(60));
        for i in 0..1000 {
            let mut p = Progress::new(Phase::Writing);
            p.done = i;
            t.emit(&p);
        }
        t.emit(&Progress::new(Phase::Verifying));
        t.emit(&Progress::new(Phase::Finished));
        assert_eq!(
            *seen.lock().unwrap(),
            [
                (Phase::Writing, 0),
                (Phase::Verifying, 0),
                (Phase::Finished, 0)
            ]
        );
    }
}
