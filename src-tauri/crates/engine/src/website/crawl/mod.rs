//! The crawl: walks the school's site from its home page, sitemaps and feeds, fetching every page
//! and file it needs into the cache, politely (`pace`), within bounds, and with every failure
//! written down. It writes nothing to the backup drive; `super::archive` does that afterwards
//! from the cache, so a slow or rate-limited site never holds a half-written zip open.
//!
//! This file is the walk itself (the queue, its limits, and what is done with each answer),
//! which is one state machine and reads best whole; the crawl's settings (`options`), one
//! request (`fetch`), what travels through the queue and what the crawl returns (`job`), session
//! ids and duplicate articles (`session`) and a WordPress site's own account (`edited`) are
//! beside it.

use super::cache::{self, Cache, Kind, Stored};
use super::links::Role;
use super::pace::{self, Pacer};
use super::scope::{self, Scope};
use super::{cms, Failure};
use crate::error::{Error, Result};
use crate::progress::{CancelToken, Phase, Progress, ProgressSink};
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::task::JoinSet;
use url::Url;

mod edited;
mod fetch;
mod job;
mod options;
mod session;

use job::{Done, Found, Got, Job};
pub use job::{Origin, Outcome, Page};
pub use options::Options;

pub(super) use fetch::describe;
pub use fetch::{client, disposition_name};
use fetch::{fetch, reuse, Fetch};

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
    c.media_library().await?;
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
                if self.start(job, &mut tasks, &mut home_answered).await? {
                    active += 1;
                }
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
            self.answer(done, &mut tasks, &mut home_answered)?;
            self.report(false);
        }
        self.report(true);
        Ok(())
    }

    /// Takes one job from the queue: reused from the cache when it is fresh there, fetched
    /// otherwise. True when a task was started for it.
    async fn start(
        &mut self,
        job: Job,
        tasks: &mut JoinSet<Done>,
        home_answered: &mut bool,
    ) -> Result<bool> {
        let key = job.url.to_string();
        if self.out.pages.contains_key(&key) || self.out.aliases.contains_key(&key) {
            return Ok(false);
        }
        let cached = self
            .known
            .get(&key)
            .filter(|s| self.present.contains(&s.sha256))
            .cloned();
        let fresh = cached
            .clone()
            .filter(|c| !self.force.contains(&key) && !cache::due(c, self.now, self.first_crawl));
        if let Some(stored) = fresh {
            if let Some(found) = Found::recorded(&self.refs, &stored) {
                // Nothing to read or ask: handled here, without a task.
                *home_answered |= job.depth == 0 && !job.optional;
                let base = Url::parse(&stored.url).unwrap_or_else(|_| job.url.clone());
                self.got(Got {
                    job,
                    page: Page {
                        stored,
                        origin: Origin::Reused,
                        unchanged: true,
                        steady: None,
                    },
                    final_url: base,
                    found,
                    parsed: false,
                })?;
                return Ok(false);
            }
            let (c, scope) = (self.cache.clone(), self.scope.clone());
            tasks.spawn_blocking(move || reuse(c, &scope, job, stored));
            return Ok(true);
        }
        if job.role != Role::Requisite
            && !matches!(job.role, Role::Feed)
            && self.total_bytes >= self.opts.max_total_bytes
        {
            let reason = crate::message::over_total_limit(self.opts.max_total_bytes);
            self.fail(&job.url, reason);
            return Ok(false);
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
            // Never once the server asked the crawl to slow down.
            second_view: (self.pacer.bans == 0).then(|| {
                if self.opts.fast {
                    Duration::ZERO
                } else {
                    self.pacer.gap()
                }
            }),
        };
        tasks.spawn(fetch(ctx, job, cached));
        Ok(true)
    }

    /// What one finished task brought: a page, a request to slow down, a failure to retry or
    /// give up on.
    fn answer(
        &mut self,
        done: Done,
        tasks: &mut JoinSet<Done>,
        home_answered: &mut bool,
    ) -> Result<()> {
        match done {
            Done::Got(got) => {
                *home_answered |= got.job.depth == 0 && !got.job.optional;
                if got.page.steady.is_some() {
                    // The page was asked twice: the next request keeps the gap from the second.
                    self.out.requests += 1;
                    let _ = self.pacer.reserve(Instant::now());
                }
                self.got(*got)?;
            }
            Done::Throttled {
                job,
                sent,
                retry_after,
            } => {
                let same_ban = self.last_throttle.is_some_and(|t| sent <= t);
                if !same_ban {
                    if let Some(wait) = retry_after.filter(|d| *d > pace::MAX_PAUSE) {
                        self.fail(&job.url, crate::message::asks_to_wait_too_long(wait));
                        return Ok(());
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
                    self.give_up(job, reason, *home_answered)?;
                } else {
                    let backoff = Duration::from_millis(500 << job.attempts);
                    tasks.spawn(async move {
                        tokio::time::sleep(backoff).await;
                        Done::Requeue(job)
                    });
                }
            }
            Done::Failed { job, reason } => self.give_up(job, reason, *home_answered)?,
            // A page of last week's snapshot that is gone was removed: it shows as vanished.
            Done::Gone { job, .. } if job.seeded => {}
            Done::Gone { job, reason } => self.give_up(job, reason, *home_answered)?,
            Done::Requeue(job) => self.queue.push_front(job),
        }
        Ok(())
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
