//! What travels through the crawl: a job in the queue, what its task answers, and what the crawl
//! returns.

use super::super::cache::{self, Cache, Stored};
use super::super::links::Role;
use super::super::{wordpress, Failure};
use super::fetch::readable;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{Duration, Instant};
use url::Url;

/// How a saved URL's content was obtained this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Downloaded in full.
    Downloaded,
    /// The server answered 304: the cached copy is current.
    NotModified,
    /// Not asked this run (an article or file checked recently); the cached copy is used.
    Reused,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub stored: Stored,
    pub origin: Origin,
    /// Bytes of this run's response were identical to the cache's (a server without ETags).
    pub unchanged: bool,
    /// A list page viewed twice: its fingerprint on the lines both views showed (`reading`).
    pub steady: Option<String>,
}

#[derive(Debug, Default)]
pub struct Outcome {
    /// Every saved URL (the final URL after redirects), in URL order.
    pub pages: BTreeMap<String, Page>,
    /// Redirected and duplicate URLs → the URL whose content they show.
    pub aliases: HashMap<String, String>,
    /// Links from the home page to each saved URL: the next run starts last week's pages at the
    /// same depth, so the depth limit keeps bounding a calendar trap.
    pub depths: HashMap<String, u32>,
    pub failures: Vec<Failure>,
    pub skipped: Vec<Failure>,
    pub requests: u64,
    pub downloaded_bytes: u64,
    pub bans: u32,
    pub wordpress_api: Option<String>,
    /// Read through the REST API when the site is WordPress.
    pub wordpress: Option<wordpress::Site>,
    pub seconds: f64,
    /// The time the crawl's revalidation decisions and download dates used.
    pub now: i64,
    /// Query parameters found to be session ids; the writer drops them from links too.
    pub session_params: BTreeSet<String>,
}

#[derive(Debug, Clone)]
pub(super) struct Job {
    pub(super) url: Url,
    pub(super) depth: u32,
    pub(super) attempts: u32,
    /// robots.txt and sitemap.xml: their absence is normal, not a failure.
    pub(super) optional: bool,
    /// Saved by the last complete crawl: asked again even when no page links to it any more (a
    /// stale list page must not lose an article); gone (404/410) means removed from the site.
    pub(super) seeded: bool,
    pub(super) role: Role,
}

/// What a saved body refers to and says about itself. Kept in the cache beside the body, so that
/// content that did not change is not parsed again.
#[derive(Default, serde::Serialize, serde::Deserialize)]
pub(super) struct Found {
    /// Normalized addresses within the site: most are already known, and a string is checked
    /// against the known ones without parsing it.
    pub(super) links: Vec<(Role, String)>,
    pub(super) cms_id: Option<String>,
    pub(super) wordpress_api: Option<String>,
    pub(super) article: bool,
}

impl Found {
    /// What the cache's record says about this very content, if it has one. Photos, documents
    /// and other files refer to nothing, and are not recorded.
    pub(super) fn recorded(refs: &cache::Refs, stored: &Stored) -> Option<Found> {
        if !readable(stored) {
            return Some(Found::default());
        }
        let (sha256, found) = refs.get(&stored.url)?;
        (*sha256 == stored.sha256)
            .then(|| serde_json::from_str(found).ok())
            .flatten()
    }

    pub(super) fn record(&self, cache: &Cache, stored: &Stored) {
        if !readable(stored) {
            return;
        }
        if let Ok(s) = serde_json::to_string(self) {
            cache.put_refs(&stored.url, &stored.sha256, s);
        }
    }
}

pub(super) struct Got {
    pub(super) job: Job,
    pub(super) page: Page,
    pub(super) final_url: Url,
    pub(super) found: Found,
    /// `found` came from parsing this run's body, not from the cache's record.
    pub(super) parsed: bool,
}

pub(super) enum Done {
    Got(Box<Got>),
    Throttled {
        job: Job,
        sent: Instant,
        retry_after: Option<Duration>,
    },
    Retry {
        job: Job,
        reason: String,
    },
    Failed {
        job: Job,
        reason: String,
    },
    /// 404 or 410: the address is not (or no longer) on the site.
    Gone {
        job: Job,
        reason: String,
    },
    Requeue(Job),
}
