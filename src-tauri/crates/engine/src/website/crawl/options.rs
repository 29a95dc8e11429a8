//! How one crawl runs: its site, its pace, its limits, and what the school decided about the
//! site's certificate.

use super::super::pace;
use crate::error::{Error, Result};
use std::sync::Arc;
use std::time::Duration;
use url::Url;

#[derive(Debug, Clone)]
pub struct Options {
    pub start: Url,
    /// For a site the school controls: no gap between requests, several at once. A 429 still
    /// brings the crawl back to the polite pace.
    pub fast: bool,
    /// Gap between requests in polite mode.
    pub gap: Duration,
    pub parallel_fast: usize,
    pub timeout: Duration,
    pub max_urls: usize,
    pub max_depth: u32,
    pub max_file_bytes: u64,
    pub max_total_bytes: u64,
    pub user_agent: String,
    /// The school's name, for the footer check.
    pub school: String,
    /// Unix seconds to take as "now" for revalidation decisions (tests and the benchmark replay
    /// a later week); `None` is the clock.
    pub now: Option<i64>,
    /// A certificate the school accepted for this site (`pin`), used only for its own host.
    pub trusted_certificate: Option<super::super::pin::Trusted>,
    /// What the connections' certificates were, for the caller to act on after the crawl.
    pub seen: Arc<super::super::pin::Seen>,
}

impl Options {
    pub fn new(start: &str, school: &str) -> Result<Options> {
        let start = Url::parse(start.trim()).map_err(|_| Error::BadUrl(start.to_string()))?;
        if !matches!(start.scheme(), "http" | "https") || start.host_str().is_none() {
            return Err(Error::BadUrl(start.to_string()));
        }
        // Headers are ASCII: the school's name is sent without its diacritics.
        let who = if school.is_empty() {
            String::new()
        } else {
            format!("; {}", crate::text::ascii(school))
        };
        let mut o = Options {
            start,
            fast: false,
            gap: pace::POLITE_GAP,
            parallel_fast: 8,
            timeout: Duration::from_secs(60),
            max_urls: 0,
            max_depth: 0,
            max_file_bytes: 0,
            max_total_bytes: 0,
            user_agent: format!(
                "SaoLuuTruongHoc/{} (school website backup{who})",
                crate::APP_VERSION
            ),
            now: None,
            school: school.to_string(),
            trusted_certificate: None,
            seen: Arc::default(),
        };
        o.apply(&super::super::Settings::default());
        Ok(o)
    }

    /// The school's settings: fast mode and limits.
    pub fn apply(&mut self, s: &super::super::Settings) {
        self.fast = s.fast;
        self.max_urls = s.max_urls;
        self.max_depth = s.max_depth;
        self.max_file_bytes = s.max_file_mb << 20;
        self.max_total_bytes = s.max_total_gb << 30;
        self.trusted_certificate = s.trusted_certificate.clone();
    }
}
