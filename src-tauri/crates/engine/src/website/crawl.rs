//! The crawl: walks the school's site from its home page, sitemaps and feeds, fetching every page
//! and file it needs into the cache, politely (`pace`), within bounds, and with every failure
//! written down. It writes nothing to the backup drive; `super::archive` does that afterwards
//! from the cache, so a slow or rate-limited site never holds a half-written zip open.

use super::cache::{self, Cache, Kind, Stored};
use super::links::{self, Role};
use super::pace::{self, Pacer};
use super::scope::{self, Scope};
use super::{charset, cms, feeds, Failure};
use crate::error::{Error, Result};
use crate::progress::{CancelToken, Phase, Progress, ProgressSink};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::task::JoinSet;
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
    pub trusted_certificate: Option<super::pin::Trusted>,
    /// What the connections' certificates were, for the caller to act on after the crawl.
    pub seen: Arc<super::pin::Seen>,
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
        o.apply(&super::Settings::default());
        Ok(o)
    }

    /// The school's settings: fast mode and limits.
    pub fn apply(&mut self, s: &super::Settings) {
        self.fast = s.fast;
        self.max_urls = s.max_urls;
        self.max_depth = s.max_depth;
        self.max_file_bytes = s.max_file_mb << 20;
        self.max_total_bytes = s.max_total_gb << 30;
        self.trusted_certificate = s.trusted_certificate.clone();
    }
}

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
    pub wordpress: Option<super::wordpress::Site>,
    pub seconds: f64,
    /// The time the crawl's revalidation decisions and download dates used.
    pub now: i64,
    /// Query parameters found to be session ids; the writer drops them from links too.
    pub session_params: BTreeSet<String>,
}

#[derive(Debug, Clone)]
struct Job {
    url: Url,
    depth: u32,
    attempts: u32,
    /// robots.txt and sitemap.xml: their absence is normal, not a failure.
    optional: bool,
    /// Saved by the last complete crawl: asked again even when no page links to it any more (a
    /// stale list page must not lose an article); gone (404/410) means removed from the site.
    seeded: bool,
    role: Role,
}

/// What a saved body refers to and says about itself. Kept in the cache beside the body, so that
/// content that did not change is not parsed again.
#[derive(Default, serde::Serialize, serde::Deserialize)]
struct Found {
    /// Normalized addresses within the site: most are already known, and a string is checked
    /// against the known ones without parsing it.
    links: Vec<(Role, String)>,
    cms_id: Option<String>,
    wordpress_api: Option<String>,
    article: bool,
}

impl Found {
    /// What the cache's record says about this very content, if it has one. Photos, documents
    /// and other files refer to nothing, and are not recorded.
    fn recorded(refs: &cache::Refs, stored: &Stored) -> Option<Found> {
        if !readable(stored) {
            return Some(Found::default());
        }
        let (sha256, found) = refs.get(&stored.url)?;
        (*sha256 == stored.sha256)
            .then(|| serde_json::from_str(found).ok())
            .flatten()
    }

    fn record(&self, cache: &Cache, stored: &Stored) {
        if !readable(stored) {
            return;
        }
        if let Ok(s) = serde_json::to_string(self) {
            cache.put_refs(&stored.url, &stored.sha256, s);
        }
    }
}

struct Got {
    job: Job,
    page: Page,
    final_url: Url,
    found: Found,
    /// `found` came from parsing this run's body, not from the cache's record.
    parsed: bool,
}

enum Done {
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

/// Pages larger than this are saved but not searched for links.
const PARSE_LIMIT: u64 = 16 << 20;

struct Crawler<'a> {
    opts: Options,
    scope: Scope,
    cache: Arc<Cache>,
    client: reqwest::Client,
    progress: &'a dyn ProgressSink,
    cancel: CancelToken,
    queue: VecDeque<Job>,
    seen: HashSet<String>,
    templates: HashMap<String, usize>,
    ids: HashMap<String, String>,
    out: Outcome,
    pacer: Pacer,
    last_throttle: Option<Instant>,
    total_bytes: u64,
    /// The address saved last, for the progress line.
    last: String,
    started: Instant,
    now: i64,
    /// The cache's rows, aliases and references as the run began: one query each, not one per
    /// address.
    known: HashMap<String, Stored>,
    known_aliases: HashMap<String, String>,
    known_depths: HashMap<String, u32>,
    /// When the site's first complete crawl ran, if one has.
    first_crawl: Option<i64>,
    refs: Arc<cache::Refs>,
    /// Contents the cache holds as the run began: a row without its content is fetched again.
    present: HashSet<String>,
    /// Addresses asked again whatever their rotation says: WordPress says they were edited.
    force: HashSet<String>,
    /// Query parameters learned to be session ids (`observe_tokens`), and for each (parameter,
    /// address without it) the first token value seen.
    session: BTreeSet<String>,
    token_values: HashMap<(String, String), String>,
    documents: usize,
    reported: Option<Instant>,
}

pub async fn run(
    opts: Options,
    cache: Arc<Cache>,
    seeds: Vec<String>,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<Outcome> {
    let scope = Scope::new(&opts.start);
    let client = client(&opts, &scope)?;
    let gap = if opts.fast { Duration::ZERO } else { opts.gap };
    let mut c = Crawler {
        pacer: Pacer::new(gap, opts.gap),
        scope,
        cache,
        client,
        progress,
        cancel: cancel.clone(),
        queue: VecDeque::new(),
        seen: HashSet::new(),
        templates: HashMap::new(),
        ids: HashMap::new(),
        out: Outcome::default(),
        last_throttle: None,
        total_bytes: 0,
        last: String::new(),
        started: Instant::now(),
        now: opts.now.unwrap_or_else(|| chrono::Utc::now().timestamp()),
        known: HashMap::new(),
        known_aliases: HashMap::new(),
        known_depths: HashMap::new(),
        first_crawl: None,
        refs: Arc::default(),
        present: HashSet::new(),
        force: HashSet::new(),
        session: BTreeSet::new(),
        token_values: HashMap::new(),
        documents: 0,
        reported: None,
        opts,
    };
    c.known = c.cache.all()?;
    c.known_aliases = c.cache.aliases()?;
    c.refs = Arc::new(c.cache.refs()?);
    c.known_depths = c.cache.depths()?;
    c.first_crawl = c.cache.first_crawl()?;
    c.present = c.cache.contents()?;
    let walked = c.walk(seeds).await;
    c.cache.flush()?;
    walked?;
    c.fold_session_pages();
    c.fold_duplicate_articles();
    c.wordpress().await;
    c.refresh_edited().await?;
    c.cache.flush()?;
    c.out.seconds = c.started.elapsed().as_secs_f64();
    c.out.now = c.now;
    c.out.bans = c.pacer.bans;
    Ok(c.out)
}

impl Crawler<'_> {
    fn parallel(&self) -> usize {
        if self.opts.fast && self.pacer.bans == 0 {
            self.opts.parallel_fast.max(1)
        } else {
            1
        }
    }

    fn skip(&mut self, url: &Url, reason: &str) {
        self.out.skipped.push(Failure {
            url: url.to_string(),
            reason: reason.into(),
        });
    }

    fn fail(&mut self, url: &Url, reason: String) {
        self.out.failures.push(Failure {
            url: url.to_string(),
            reason,
        });
    }

    /// Past the limit of addresses per run: the address is listed as failed with that reason.
    fn over_url_limit(&mut self, u: &Url) -> bool {
        let over = self.seen.len() > self.opts.max_urls;
        if over {
            let reason = format!(
                "vượt giới hạn {} địa chỉ của một lần sao lưu",
                self.opts.max_urls
            );
            self.fail(u, reason);
        }
        over
    }

    /// One more address of `u`'s shape: past the cap it is skipped as a crawler trap. Articles are
    /// exempt: "bai-viet-so-12" and "bai-viet-so-13" share a template, and a big school site has
    /// thousands of them.
    fn over_template_cap(&mut self, u: &Url) -> bool {
        let t = self.templates.entry(scope::template(u)).or_default();
        *t += 1;
        let over = *t > scope::template_cap(u) && !cms::is_article_url(u);
        if over {
            self.skip(
                u,
                "quá nhiều trang cùng một dạng (bẫy thu thập: lịch hoặc phân trang vô hạn)",
            );
        }
        over
    }

    /// A normalized address from a page: most are known already, and are skipped unparsed.
    fn consider_link(&mut self, found: &str, role: Role, from_depth: u32) {
        if self.seen.contains(found) {
            return;
        }
        if let Ok(u) = Url::parse(found) {
            self.consider(u, role, from_depth);
        }
    }

    /// A session id is known by how the site behaves, not by its name: a token-like value that
    /// differs between two links to the same address (each response hands out a new one). The
    /// second such link teaches the crawl the parameter; the queue is rewritten without it, so
    /// at most the pages already on their way were asked with a token.
    fn observe_tokens(&mut self, u: &Url) {
        if u.query().is_none() {
            return;
        }
        let pairs: Vec<(String, String)> = u
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        for (k, v) in &pairs {
            if self.session.contains(k) || !scope::looks_like_token(v) {
                continue;
            }
            let mut base = u.clone();
            base.set_fragment(None);
            base.query_pairs_mut()
                .clear()
                .extend_pairs(pairs.iter().filter(|(k2, _)| k2 != k));
            match self.token_values.entry((k.clone(), base.to_string())) {
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(v.clone());
                }
                std::collections::hash_map::Entry::Occupied(e) if e.get() != v => {
                    self.learn_session(k.clone());
                }
                _ => {}
            }
        }
    }

    fn learn_session(&mut self, param: String) {
        self.session.insert(param);
        self.token_values
            .retain(|(k, _), _| !self.session.contains(k));
        for first in self.ids.values_mut() {
            if let Ok(u) = Url::parse(first) {
                *first = scope::normalize_with(&u, &self.session).to_string();
            }
        }
        let queue = std::mem::take(&mut self.queue);
        for mut job in queue {
            let n = scope::normalize_with(&job.url, &self.session);
            if n != job.url {
                if !self.seen.insert(n.to_string()) {
                    continue;
                }
                job.url = n;
            }
            self.queue.push_back(job);
        }
    }

    /// Pages saved under a session-token address before the parameter was learned: kept once,
    /// under the address without it; the token addresses lead there.
    fn fold_session_pages(&mut self) {
        if self.session.is_empty() {
            return;
        }
        let strip = |k: &str| {
            Url::parse(k)
                .map(|u| scope::normalize_with(&u, &self.session).to_string())
                .unwrap_or_else(|_| k.to_string())
        };
        let tokened: Vec<(String, String)> = self
            .out
            .pages
            .keys()
            .map(|k| (k.clone(), strip(k)))
            .filter(|(k, n)| k != n)
            .collect();
        for (key, n) in tokened {
            let Some(mut page) = self.out.pages.remove(&key) else {
                continue;
            };
            if !self.out.pages.contains_key(&n) {
                page.stored.url = n.clone();
                self.out.pages.insert(n.clone(), page);
            }
            if let Some(d) = self.out.depths.remove(&key) {
                self.out.depths.entry(n.clone()).or_insert(d);
            }
            self.out.aliases.insert(key, n);
        }
        let aliases: Vec<(String, String)> = self
            .out
            .aliases
            .iter()
            .map(|(k, v)| (k.clone(), strip(v)))
            .filter(|(k, v)| k != v)
            .collect();
        self.out.aliases = aliases.into_iter().collect();
        self.out.session_params = self.session.iter().cloned().collect();
    }

    /// One article, one stored page: the same article reached by another address (the CMS's id
    /// form, a second category) has the same readable text; it is kept once, under its plainest
    /// address, and the other addresses lead there.
    fn fold_duplicate_articles(&mut self) {
        let mut by_text: HashMap<String, Vec<String>> = HashMap::new();
        for (key, page) in &self.out.pages {
            let s = &page.stored;
            if s.kind != Kind::Article || !s.content_type.to_ascii_lowercase().contains("html") {
                continue;
            }
            let Ok(body) = self.cache.read(&s.sha256) else {
                continue;
            };
            let text = super::decode(&body, super::charset(&s.content_type));
            if let Some(print) = super::reading::article_fingerprint(&text) {
                by_text.entry(print).or_default().push(key.clone());
            }
        }
        for mut same in by_text.into_values().filter(|v| v.len() > 1) {
            // The plainest address: no query string, then the shortest.
            same.sort_by_key(|k| (k.contains('?'), k.len(), k.clone()));
            let keep = same.remove(0);
            for dup in same {
                self.out.pages.remove(&dup);
                self.out.aliases.insert(dup, keep.clone());
            }
        }
    }

    /// Decides whether a found address joins the queue.
    fn consider(&mut self, found: Url, role: Role, from_depth: u32) {
        if !self.scope.contains(&found) {
            return;
        }
        self.observe_tokens(&found);
        let u = scope::normalize_with(&found, &self.session);
        if !self.seen.insert(u.to_string()) {
            return;
        }
        // Last run found this address shows what it saved under another one.
        if let Some(target) = self.known_aliases.get(u.as_str()).cloned() {
            self.out.aliases.insert(u.to_string(), target.clone());
            if let Ok(t) = Url::parse(&target) {
                if self.seen.insert(target) {
                    self.queue.push_back(Job {
                        url: t,
                        depth: from_depth + 1,
                        attempts: 0,
                        optional: false,
                        seeded: false,
                        role,
                    });
                }
            }
            return;
        }
        if let Some(reason) = scope::excluded(&u) {
            return self.skip(&u, reason);
        }
        if self.over_template_cap(&u) {
            return;
        }
        if role == Role::Page {
            if let Some(id) = cms::id_from_url(&u) {
                if let Some(first) = self.ids.get(&id) {
                    // The same article under another category: one copy, both addresses lead to it.
                    self.out.aliases.insert(u.to_string(), first.clone());
                    return;
                }
                self.ids.insert(id, u.to_string());
            }
        }
        let depth = match role {
            Role::Page if !scope::is_pagination(&u) => from_depth + 1,
            _ => from_depth,
        };
        if depth > self.opts.max_depth {
            return self.skip(&u, "quá sâu so với trang chủ (giới hạn số tầng liên kết)");
        }
        if self.over_url_limit(&u) {
            return;
        }
        self.queue.push_back(Job {
            url: u,
            depth,
            attempts: 0,
            optional: false,
            seeded: false,
            role,
        });
    }

    async fn walk(&mut self, seeds: Vec<String>) -> Result<()> {
        let start = scope::normalize(&self.opts.start);
        self.seen.insert(start.to_string());
        self.queue.push_back(Job {
            url: start.clone(),
            depth: 0,
            attempts: 0,
            optional: false,
            seeded: false,
            role: Role::Page,
        });
        for extra in ["/robots.txt", "/sitemap.xml"] {
            if let Ok(u) = start.join(extra) {
                if self.seen.insert(u.to_string()) {
                    self.queue.push_back(Job {
                        url: u,
                        depth: 0,
                        attempts: 0,
                        optional: true,
                        seeded: false,
                        role: Role::Feed,
                    });
                }
            }
        }
        for seed in seeds {
            let Ok(u) = Url::parse(&seed) else { continue };
            if self.scope.contains(&u) && self.seen.insert(seed) {
                // Last week's pages count against this run's limits like any other address: a
                // calendar trap must not grow by another cap's worth every week.
                if self.over_url_limit(&u) || self.over_template_cap(&u) {
                    continue;
                }
                // At the depth it was found last time: seeded at depth 1, a calendar trap's
                // pages would each reach the depth limit's worth of new months every week.
                let depth = self.known_depths.get(u.as_str()).copied().unwrap_or(1);
                self.queue.push_back(Job {
                    url: u,
                    depth,
                    attempts: 0,
                    optional: false,
                    seeded: true,
                    role: Role::Requisite,
                });
            }
        }
        self.drain(false).await
    }

    /// Works the queue until it is empty and every task has finished.
    async fn drain(&mut self, mut home_answered: bool) -> Result<()> {
        let mut tasks: JoinSet<Done> = JoinSet::new();
        let mut active = 0usize;
        loop {
            self.cancel.check()?;
            while active < self.parallel() {
                let Some(job) = self.queue.pop_front() else {
                    break;
                };
                let key = job.url.to_string();
                if self.out.pages.contains_key(&key) || self.out.aliases.contains_key(&key) {
                    continue;
                }
                let cached = self
                    .known
                    .get(&key)
                    .filter(|s| self.present.contains(&s.sha256))
                    .cloned();
                let fresh = cached.clone().filter(|c| {
                    !self.force.contains(&key) && !cache::due(c, self.now, self.first_crawl)
                });
                if let Some(stored) = fresh {
                    if let Some(found) = Found::recorded(&self.refs, &stored) {
                        // Nothing to read or ask: handled here, without a task.
                        home_answered |= job.depth == 0 && !job.optional;
                        let base = Url::parse(&stored.url).unwrap_or_else(|_| job.url.clone());
                        self.got(Got {
                            job,
                            page: Page {
                                stored,
                                origin: Origin::Reused,
                                unchanged: true,
                            },
                            final_url: base,
                            found,
                            parsed: false,
                        })?;
                        continue;
                    }
                    let (c, scope) = (self.cache.clone(), self.scope.clone());
                    tasks.spawn_blocking(move || reuse(c, &scope, job, stored));
                } else {
                    if job.role != Role::Requisite
                        && !matches!(job.role, Role::Feed)
                        && self.total_bytes >= self.opts.max_total_bytes
                    {
                        let reason = format!(
                            "vượt giới hạn tổng dung lượng {} của một lần sao lưu",
                            crate::message::size(self.opts.max_total_bytes)
                        );
                        self.fail(&job.url, reason);
                        continue;
                    }
                    let wait = self.pacer.reserve(Instant::now());
                    self.sleep(wait).await?;
                    self.out.requests += 1;
                    let ctx = Fetch {
                        client: self.client.clone(),
                        cache: self.cache.clone(),
                        scope: self.scope.clone(),
                        refs: self.refs.clone(),
                        max: self.opts.max_file_bytes,
                        now: self.now,
                    };
                    tasks.spawn(fetch(ctx, job, cached));
                }
                active += 1;
            }
            let Some(done) = tasks.join_next().await else {
                break;
            };
            let done = done.map_err(|e| Error::Website {
                url: self.opts.start.to_string(),
                message: e.to_string(),
            })?;
            if !matches!(done, Done::Requeue(_)) {
                active -= 1;
            }
            match done {
                Done::Got(got) => {
                    home_answered |= got.job.depth == 0 && !got.job.optional;
                    self.got(*got)?;
                }
                Done::Throttled {
                    job,
                    sent,
                    retry_after,
                } => {
                    let same_ban = self.last_throttle.is_some_and(|t| sent <= t);
                    if !same_ban {
                        if retry_after.is_some_and(|d| d > pace::MAX_PAUSE) {
                            let reason = format!(
                                "máy chủ yêu cầu chờ {} phút, lâu hơn mức ứng dụng chấp nhận",
                                retry_after.unwrap_or_default().as_secs() / 60
                            );
                            self.fail(&job.url, reason);
                            continue;
                        }
                        let now = Instant::now();
                        self.pacer.throttled(now, retry_after);
                        self.last_throttle = Some(now);
                    }
                    self.queue.push_front(job);
                }
                Done::Retry { mut job, reason } => {
                    job.attempts += 1;
                    if job.attempts >= 3 {
                        self.give_up(job, reason, home_answered)?;
                    } else {
                        let backoff = Duration::from_millis(500 << job.attempts);
                        tasks.spawn(async move {
                            tokio::time::sleep(backoff).await;
                            Done::Requeue(job)
                        });
                    }
                }
                Done::Failed { job, reason } => self.give_up(job, reason, home_answered)?,
                // A page of last week's snapshot that is gone was removed: it shows as vanished.
                Done::Gone { job, .. } if job.seeded => {}
                Done::Gone { job, reason } => self.give_up(job, reason, home_answered)?,
                Done::Requeue(job) => self.queue.push_front(job),
            }
            self.report(false);
        }
        self.report(true);
        Ok(())
    }

    /// Posts and pages WordPress says were edited since their page was last asked, whose page this
    /// run reused on its rotation: asked again now, so that a corrected old article is in this
    /// week's backup and its change report, not in one weeks later.
    async fn refresh_edited(&mut self) -> Result<()> {
        let Some(site) = &self.out.wordpress else {
            return Ok(());
        };
        let mut edited = Vec::new();
        for item in site.posts.iter().chain(&site.pages) {
            let (Some(link), Some(modified)) = (
                item["link"].as_str().and_then(|l| Url::parse(l).ok()),
                item["modified_gmt"].as_str().and_then(|m| {
                    chrono::NaiveDateTime::parse_from_str(m, "%Y-%m-%dT%H:%M:%S").ok()
                }),
            ) else {
                continue;
            };
            let u = scope::normalize(&link);
            let key = self
                .out
                .aliases
                .get(u.as_str())
                .cloned()
                .unwrap_or_else(|| u.to_string());
            if let Some(p) = self.out.pages.get(&key) {
                if p.origin == Origin::Reused
                    && modified.and_utc().timestamp() > p.stored.checked_at
                {
                    edited.push(key);
                }
            }
        }
        if edited.is_empty() {
            return Ok(());
        }
        for key in edited {
            let Some(page) = self.out.pages.remove(&key) else {
                continue;
            };
            let Ok(url) = Url::parse(&key) else { continue };
            self.force.insert(key.clone());
            self.queue.push_back(Job {
                url,
                depth: self.known_depths.get(&key).copied().unwrap_or(1),
                attempts: 0,
                optional: false,
                seeded: false,
                role: if page.stored.kind == Kind::Page || page.stored.kind == Kind::Article {
                    Role::Page
                } else {
                    Role::Requisite
                },
            });
        }
        self.drain(true).await
    }

    /// A WordPress site's posts, pages, terms and media through its REST API, at the crawl's pace.
    async fn wordpress(&mut self) {
        let Some(api) = self
            .out
            .wordpress_api
            .as_deref()
            .and_then(|a| Url::parse(a).ok())
        else {
            return;
        };
        if !self.scope.contains(&api) {
            return;
        }
        match super::wordpress::fetch(&self.client, &api, self.pacer.gap()).await {
            Ok(site) => self.out.wordpress = Some(site),
            Err(e) => self.fail(
                &api,
                format!("không đọc được dữ liệu WordPress qua API ({e})"),
            ),
        }
    }

    fn give_up(&mut self, job: Job, reason: String, home_answered: bool) -> Result<()> {
        if job.depth == 0 && !job.optional && !home_answered {
            // Nothing can be copied from a site whose home page does not answer.
            return Err(Error::Website {
                url: job.url.to_string(),
                message: reason,
            });
        }
        if !job.optional {
            self.fail(&job.url, reason);
        }
        Ok(())
    }

    fn got(&mut self, got: Got) -> Result<()> {
        let Got {
            job,
            page,
            final_url,
            found,
            parsed,
        } = got;
        if parsed {
            found.record(&self.cache, &page.stored);
        }
        if found.wordpress_api.is_some() && self.out.wordpress_api.is_none() {
            self.out.wordpress_api = found.wordpress_api.clone();
        }
        let asked = job.url.to_string();
        let fin = scope::normalize_with(&final_url, &self.session).to_string();
        if page.origin != Origin::Reused {
            self.cache.put(&page.stored)?;
        }
        if page.origin == Origin::Downloaded {
            self.out.downloaded_bytes += page.stored.size;
        }
        self.total_bytes += page.stored.size;
        if fin != asked {
            self.seen.insert(fin.clone());
            // A redirect to an article already saved under another category's address.
            let first = Url::parse(&fin)
                .ok()
                .and_then(|u| cms::id_from_url(&u))
                .and_then(|id| self.ids.get(&id).cloned())
                .filter(|first| *first != fin && *first != asked);
            let target = first.unwrap_or_else(|| fin.clone());
            self.out.aliases.insert(asked.clone(), target.clone());
            if target != fin {
                self.out.aliases.insert(fin.clone(), target.clone());
            }
            if self.out.pages.contains_key(&target) || target != fin {
                return Ok(());
            }
        }
        if let Some(id) = found.cms_id {
            match self.ids.get(&id) {
                Some(first) if *first != fin && self.out.pages.contains_key(first) => {
                    self.out.aliases.insert(fin, first.clone());
                    return Ok(());
                }
                None => {
                    self.ids.insert(id, fin.clone());
                }
                _ => {}
            }
        }
        let mut stored = page.stored;
        stored.url = fin.clone();
        self.last = fin.clone();
        if stored.kind == Kind::Document {
            self.documents += 1;
        }
        self.out.depths.insert(fin.clone(), job.depth);
        if let Some(old) = self.out.pages.insert(fin, Page { stored, ..page }) {
            self.documents -= usize::from(old.stored.kind == Kind::Document);
        }
        for (role, u) in &found.links {
            self.consider_link(u, *role, job.depth);
        }
        Ok(())
    }

    async fn sleep(&self, d: Duration) -> Result<()> {
        // In slices, so that a cancel during a long Retry-After pause is honoured at once.
        let until = Instant::now() + d;
        while Instant::now() < until {
            self.cancel.check()?;
            tokio::time::sleep((until - Instant::now()).min(Duration::from_millis(200))).await;
        }
        Ok(())
    }

    /// Progress at most ten times a second: a re-crawl settles thousands of addresses a second.
    fn report(&mut self, last: bool) {
        let now = Instant::now();
        if !last
            && self
                .reported
                .is_some_and(|t| now - t < Duration::from_millis(100))
        {
            return;
        }
        self.reported = Some(now);
        let done = (self.out.pages.len() + self.out.failures.len()) as u64;
        let left = self.queue.len() as f64;
        let per = if done > 0 {
            self.started.elapsed().as_secs_f64() / done as f64
        } else {
            0.0
        };
        let eta = (left * per.max(self.pacer.gap().as_secs_f64())) as u64;
        let mut p = Progress::new(Phase::Collecting);
        p.done = done;
        p.total = done + self.queue.len() as u64;
        p.bytes = self.total_bytes;
        p.item = self.last.clone();
        p.message = format!(
            "Đã lưu {} địa chỉ ({} tài liệu), {} lỗi, còn khoảng {}",
            self.out.pages.len(),
            self.documents,
            self.out.failures.len(),
            crate::message::duration(eta)
        );
        self.progress.emit(&p);
    }
}

/// `attachment; filename*=UTF-8''Quy%E1%BA%BFt.pdf` or `filename="x.pdf"`.
pub fn disposition_name(v: &str) -> Option<String> {
    let mut plain = None;
    for part in v.split(';').map(str::trim) {
        if let Some(x) = part.strip_prefix("filename*=") {
            let enc = x.rsplit('\'').next().unwrap_or(x);
            return Some(
                percent_encoding::percent_decode_str(enc)
                    .decode_utf8_lossy()
                    .into_owned(),
            );
        }
        if let Some(x) = part.strip_prefix("filename=") {
            plain = Some(x.trim_matches('"').to_string());
        }
    }
    plain.filter(|n| !n.is_empty())
}

fn classify(
    url: &Url,
    content_type: &str,
    file_name: Option<&str>,
    body_says_article: bool,
) -> Kind {
    let ct = content_type.to_ascii_lowercase();
    let name = file_name.unwrap_or(url.path()).to_ascii_lowercase();
    let path = url.path().to_ascii_lowercase();
    if path.ends_with("/robots.txt") {
        Kind::Feed
    } else if super::is_document_path(&name)
        || ct.contains("pdf")
        || ct.contains("msword")
        || ct.contains("officedocument")
        || ct.contains("opendocument")
    {
        Kind::Document
    } else if (ct.contains("xml") && !ct.contains("xhtml"))
        || ct.contains("rss")
        || ct.contains("atom")
    {
        Kind::Feed
    } else if ct.contains("html") {
        if !scope::is_pagination(url) && (cms::is_article_url(url) || body_says_article) {
            Kind::Article
        } else {
            Kind::Page
        }
    } else {
        Kind::Asset
    }
}

/// Is the body one that can refer to other addresses (a page, style sheet or feed)?
fn readable(stored: &Stored) -> bool {
    let ct = stored.content_type.to_ascii_lowercase();
    (ct.contains("html") || ct.contains("css") || stored.kind == Kind::Feed)
        && stored.size <= PARSE_LIMIT
}

/// References in a saved body, for the crawl to follow: the addresses within the site, normalized.
fn references(stored: &Stored, body: &[u8], base: &Url, scope: &Scope) -> Found {
    let own = |links: Vec<(Role, Url)>| -> Vec<(Role, String)> {
        links
            .into_iter()
            .filter(|(_, u)| scope.contains(u))
            .map(|(r, u)| (r, scope::normalize(&u).to_string()))
            .collect()
    };
    let ct = stored.content_type.to_ascii_lowercase();
    if !readable(stored) {
        return Found::default();
    }
    let text = String::from_utf8_lossy(body);
    if ct.contains("html") {
        Found {
            links: own(links::find_in_html(body, charset(&ct), base)),
            cms_id: cms::id_from_page(&text),
            wordpress_api: cms::wordpress_api(&text)
                .and_then(|a| base.join(&a).ok())
                .map(|u| u.to_string()),
            article: cms::page_is_article(&text),
        }
    } else if ct.contains("css") {
        Found {
            links: own(links::find_in_css(&text, base)
                .into_iter()
                .map(|u| (Role::Requisite, u))
                .collect()),
            ..Found::default()
        }
    } else {
        let urls = if base.path().ends_with("robots.txt") {
            feeds::from_robots(&text, base)
        } else {
            feeds::from_xml(&text, base)
        };
        let links = urls
            .into_iter()
            .map(|u| {
                let role = if u.path().ends_with(".xml") {
                    Role::Feed
                } else {
                    Role::Page
                };
                (role, u)
            })
            .collect();
        Found {
            links: own(links),
            ..Found::default()
        }
    }
}

fn got(
    job: Job,
    stored: Stored,
    origin: Origin,
    unchanged: bool,
    final_url: Url,
    (found, parsed): (Found, bool),
) -> Done {
    Done::Got(Box::new(Got {
        job,
        page: Page {
            stored,
            origin,
            unchanged,
        },
        final_url,
        found,
        parsed,
    }))
}

/// A cached URL not due for a check, whose references were never recorded (a cache from an
/// older version): its stored content is used as is, and read once more.
fn reuse(cache: Arc<Cache>, scope: &Scope, job: Job, stored: Stored) -> Done {
    let base = Url::parse(&stored.url).unwrap_or_else(|_| job.url.clone());
    let found = stored_references(&cache, &stored, &base, scope);
    got(job, stored, Origin::Reused, true, base, (found, true))
}

/// References in a content the cache already holds (nothing to read for a photo or document).
fn stored_references(cache: &Cache, stored: &Stored, base: &Url, scope: &Scope) -> Found {
    if !readable(stored) {
        return Found::default();
    }
    match cache.read(&stored.sha256) {
        Ok(body) => references(stored, &body, base, scope),
        Err(_) => Found::default(),
    }
}

/// What a request task needs besides its job.
struct Fetch {
    client: reqwest::Client,
    cache: Arc<Cache>,
    scope: Scope,
    refs: Arc<cache::Refs>,
    max: u64,
    now: i64,
}

/// A network error as a Vietnamese reason, and whether trying again may help.
pub(super) fn describe(e: &reqwest::Error) -> (String, bool) {
    // A refused certificate shows as a failed connection; asking again will not change it.
    if let Some(words) = super::certificate::problem(e) {
        return (words, false);
    }
    if e.is_timeout() {
        ("hết thời gian chờ máy chủ trả lời".into(), true)
    } else if e.is_connect() {
        ("không kết nối được tới máy chủ".into(), true)
    } else if e.is_redirect() {
        (
            "quá nhiều lần chuyển hướng (vòng lặp chuyển hướng)".into(),
            false,
        )
    } else {
        // The cause chain is the technical detail (in English) for whoever helps the school;
        // the sentence itself stays Vietnamese.
        let mut detail = e.to_string();
        let mut src = std::error::Error::source(e);
        while let Some(s) = src {
            detail = format!("{detail}: {s}");
            src = s.source();
        }
        (
            format!("lỗi mạng khi tải – chi tiết kỹ thuật: {detail}"),
            true,
        )
    }
}

/// The HTTP client every request of a crawl uses: the app's User-Agent, the timeouts, and
/// redirects followed only within the school's site.
pub fn client(opts: &Options, scope: &Scope) -> Result<reqwest::Client> {
    let policy_scope = scope.clone();
    let mut builder = reqwest::Client::builder();
    // Only with a choice for this very host: every other site keeps reqwest's own verification.
    if let Some(t) = opts.trusted_certificate.as_ref().filter(|t| {
        opts.start
            .host_str()
            .is_some_and(|h| h.eq_ignore_ascii_case(&t.host))
    }) {
        let tls = super::pin::tls_config(Some(t.sha256.clone()), opts.seen.clone()).map_err(
            |message| Error::Website {
                url: opts.start.to_string(),
                message,
            },
        )?;
        builder = builder.tls_backend_preconfigured(tls);
    }
    builder
        .user_agent(opts.user_agent.clone())
        .timeout(opts.timeout)
        .connect_timeout(opts.timeout.min(Duration::from_secs(15)))
        .redirect(reqwest::redirect::Policy::custom(move |a| {
            if a.previous().len() >= 10 {
                a.error("quá nhiều lần chuyển hướng (vòng lặp chuyển hướng)")
            } else if policy_scope.contains(a.url()) {
                a.follow()
            } else {
                a.stop()
            }
        }))
        .build()
        .map_err(|e| Error::Website {
            url: opts.start.to_string(),
            message: e.to_string(),
        })
}

async fn fetch(ctx: Fetch, job: Job, cached: Option<Stored>) -> Done {
    let Fetch {
        client,
        cache,
        scope,
        refs,
        max,
        now,
    } = ctx;
    let sent = Instant::now();
    let mut req = client.get(job.url.clone());
    if let Some(c) = &cached {
        if let Some(e) = &c.etag {
            req = req.header(reqwest::header::IF_NONE_MATCH, e);
        }
        if let Some(l) = &c.last_modified {
            req = req.header(reqwest::header::IF_MODIFIED_SINCE, l);
        }
    }
    let mut resp = match req.send().await {
        Ok(r) => r,
        Err(e) => {
            let (reason, retry) = describe(&e);
            return if retry {
                Done::Retry { job, reason }
            } else {
                Done::Failed { job, reason }
            };
        }
    };
    let status = resp.status().as_u16();
    let header = |name: reqwest::header::HeaderName| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    if status == 429 || status == 503 {
        let retry_after = header(reqwest::header::RETRY_AFTER)
            .and_then(|v| pace::retry_after(&v, chrono::Utc::now()));
        if status == 503 && retry_after.is_none() {
            return Done::Retry {
                job,
                reason: crate::message::http_status(503),
            };
        }
        return Done::Throttled {
            job,
            sent,
            retry_after,
        };
    }
    let final_url = resp.url().clone();
    if status == 304 {
        if let Some(mut stored) = cached {
            stored.checked_at = now;
            let found = match Found::recorded(&refs, &stored) {
                Some(f) => (f, false),
                None => (stored_references(&cache, &stored, &final_url, &scope), true),
            };
            return got(job, stored, Origin::NotModified, true, final_url, found);
        }
    }
    if (300..400).contains(&status) {
        let to = header(reqwest::header::LOCATION).unwrap_or_default();
        return Done::Failed {
            job,
            reason: format!("chuyển hướng ra ngoài trang web của trường ({to}), không sao lưu"),
        };
    }
    if !(200..300).contains(&status) {
        let reason = crate::message::http_status(status);
        return match status {
            500.. => Done::Retry { job, reason },
            404 | 410 => Done::Gone { job, reason },
            _ => Done::Failed { job, reason },
        };
    }
    if resp.content_length().is_some_and(|n| n > max) {
        return Done::Failed {
            job,
            reason: format!(
                "tệp lớn hơn giới hạn {} cho một tệp",
                crate::message::size(max)
            ),
        };
    }
    let content_type = header(reqwest::header::CONTENT_TYPE).unwrap_or_default();
    let file_name = header(reqwest::header::CONTENT_DISPOSITION).and_then(|v| disposition_name(&v));
    let headers: Vec<(String, String)> = resp
        .headers()
        .iter()
        .filter(|(k, _)| {
            !matches!(
                k.as_str(),
                "transfer-encoding" | "set-cookie" | "connection"
            )
        })
        .map(|(k, v)| {
            (
                k.to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let etag = header(reqwest::header::ETAG);
    let last_modified = header(reqwest::header::LAST_MODIFIED);

    let body = match receive(&mut resp, &cache, max).await {
        Ok(b) => b,
        Err(Received::TooLarge) => {
            return Done::Failed {
                job,
                reason: format!(
                    "tệp lớn hơn giới hạn {} cho một tệp",
                    crate::message::size(max)
                ),
            }
        }
        Err(Received::Cache(reason)) => return Done::Failed { job, reason },
        Err(Received::Network(e)) => {
            let (reason, retry) = describe(&e);
            return if retry {
                Done::Retry { job, reason }
            } else {
                Done::Failed { job, reason }
            };
        }
    };
    let (sha256, size) = (body.sha256.clone(), body.size);
    let unchanged = cached.as_ref().is_some_and(|c| c.sha256 == sha256);
    let mut stored = Stored {
        url: final_url.to_string(),
        status,
        content_type,
        etag,
        last_modified,
        sha256,
        size,
        kind: Kind::Page,
        headers,
        file_name,
        fetched_at: if unchanged {
            cached.as_ref().map_or(now, |c| c.fetched_at)
        } else {
            now
        },
        checked_at: now,
    };
    stored.kind = classify(
        &final_url,
        &stored.content_type,
        stored.file_name.as_deref(),
        false,
    );
    let found = match &body.inline {
        Some(b) => references(&stored, b, &final_url, &scope),
        None => stored_references(&cache, &stored, &final_url, &scope),
    };
    if let Some(b) = body.inline {
        if let Err(e) = cache.keep(&body.sha256, b) {
            return Done::Failed {
                job,
                reason: crate::message::error(&e),
            };
        }
    }
    if found.article && stored.kind == Kind::Page {
        stored.kind = Kind::Article;
    }
    got(
        job,
        stored,
        Origin::Downloaded,
        unchanged,
        final_url,
        (found, true),
    )
}

/// A downloaded body, hashed: in memory when small enough for the cache's database, else
/// already moved to its file.
struct Body {
    sha256: String,
    size: u64,
    inline: Option<Vec<u8>>,
}

enum Received {
    TooLarge,
    Network(reqwest::Error),
    /// The cache could not be written, in words.
    Cache(String),
}

/// Reads a response body, hashing it as it comes. Small bodies stay in memory; one that grows
/// past [`cache::INLINE_LIMIT`] goes on into a temporary file, moved to its content address at
/// the end. A body past `max` is dropped.
async fn receive(resp: &mut reqwest::Response, cache: &Cache, max: u64) -> Result<Body, Received> {
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut held = Vec::new();
    let mut spill: Option<(std::path::PathBuf, std::fs::File)> = None;
    let cache_error =
        |e: std::io::Error| Received::Cache(format!("không ghi được bộ nhớ đệm: {e}"));
    let outcome = async {
        while let Some(chunk) = resp.chunk().await.map_err(Received::Network)? {
            size += chunk.len() as u64;
            if size > max {
                return Err(Received::TooLarge);
            }
            hasher.update(&chunk);
            match &mut spill {
                Some((_, f)) => f.write_all(&chunk).map_err(cache_error)?,
                None if size > cache::INLINE_LIMIT => {
                    let temp = cache.temp_path();
                    let mut f = std::fs::File::create(&temp).map_err(cache_error)?;
                    let written = f.write_all(&held).and_then(|()| f.write_all(&chunk));
                    spill = Some((temp, f));
                    written.map_err(cache_error)?;
                    held = Vec::new();
                }
                None => held.extend_from_slice(&chunk),
            }
        }
        Ok(())
    }
    .await;
    let sha256 = hex::encode(hasher.finalize());
    match (outcome, spill) {
        (Ok(()), None) => Ok(Body {
            sha256,
            size,
            inline: Some(held),
        }),
        (Ok(()), Some((temp, f))) => {
            drop(f);
            cache
                .commit(&temp, &sha256)
                .map_err(|e| Received::Cache(crate::message::error(&e)))?;
            Ok(Body {
                sha256,
                size,
                inline: None,
            })
        }
        (Err(e), spill) => {
            if let Some((temp, f)) = spill {
                drop(f);
                let _ = std::fs::remove_file(temp);
            }
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_disposition_names() {
        assert_eq!(
            disposition_name("attachment; filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh.pdf")
                .as_deref(),
            Some("Quyết định.pdf")
        );
        assert_eq!(
            disposition_name("attachment; filename=\"ke-hoach.docx\"").as_deref(),
            Some("ke-hoach.docx")
        );
        assert_eq!(disposition_name("inline"), None);
    }

    #[test]
    fn kinds() {
        let u = |s| Url::parse(s).unwrap();
        assert_eq!(
            classify(
                &u("http://a.vn/uploads/qd.pdf"),
                "application/pdf",
                None,
                false
            ),
            Kind::Document
        );
        assert_eq!(
            classify(
                &u("http://a.vn/dl?id=3"),
                "application/octet-stream",
                Some("kh.docx"),
                false
            ),
            Kind::Document
        );
        assert_eq!(
            classify(&u("http://a.vn/news/a-1.html"), "text/html", None, false),
            Kind::Article
        );
        assert_eq!(
            classify(&u("http://a.vn/news/"), "text/html", None, false),
            Kind::Page
        );
        assert_eq!(
            classify(&u("http://a.vn/gioi-thieu"), "text/html", None, true),
            Kind::Article
        );
        assert_eq!(
            classify(&u("http://a.vn/news/page-2/"), "text/html", None, true),
            Kind::Page
        );
        assert_eq!(
            classify(&u("http://a.vn/rss"), "application/rss+xml", None, false),
            Kind::Feed
        );
        assert_eq!(
            classify(&u("http://a.vn/s.css"), "text/css", None, false),
            Kind::Asset
        );
    }
}
