//! Session ids learned from how the site behaves, and one stored page per article: addresses that
//! differ only in a token, or that lead to the same article, are kept once.

use super::super::cache::Kind;
use super::super::scope;
use super::Crawler;
use std::collections::HashMap;
use url::Url;

impl Crawler<'_> {
    /// A session id is known by how the site behaves, not by its name: a token-like value that
    /// differs between two links to the same address (each response hands out a new one). The
    /// second such link teaches the crawl the parameter; the queue is rewritten without it, so
    /// at most the pages already on their way were asked with a token.
    pub(super) fn observe_tokens(&mut self, u: &Url) {
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

    pub(super) fn learn_session(&mut self, param: String) {
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
    pub(super) fn fold_session_pages(&mut self) {
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
    pub(super) fn fold_duplicate_articles(&mut self) {
        let mut by_text: HashMap<String, Vec<String>> = HashMap::new();
        for (key, page) in &self.out.pages {
            let s = &page.stored;
            if s.kind != Kind::Article || !s.content_type.to_ascii_lowercase().contains("html") {
                continue;
            }
            let Ok(body) = self.cache.read(&s.sha256) else {
                continue;
            };
            let text = super::super::decode(&body, super::super::charset(&s.content_type));
            if let Some(print) = super::super::reading::article_fingerprint(&text) {
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
}
