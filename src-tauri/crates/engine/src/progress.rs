//! The one progress event every long operation reports, shared by the CLI's bar and the app's.

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
    Finished,
}

#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    pub phase: Phase,
    /// Vietnamese name of the phase, so every front end words it the same.
    pub phase_label: &'static str,
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
            phase_label: crate::message::phase(phase),
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
