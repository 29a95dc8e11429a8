//! A WordPress site's own account of itself, read after the walk: its REST API's posts, pages,
//! terms and media, which articles it says were edited since the crawl last asked for them, and
//! every file of its media library, so that a rebuild has each document and picture (and each
//! size WordPress made of it) even when no page links to it.

use super::super::cache::Kind;
use super::super::links::Role;
use super::super::scope;
use super::{Crawler, Job, Origin};
use crate::error::Result;
use url::Url;

impl Crawler<'_> {
    /// Posts and pages WordPress says were edited since their page was last asked, whose page this
    /// run reused on its rotation: asked again now, so that a corrected old article is in this
    /// week's backup and its change report, not in one weeks later.
    pub(super) async fn refresh_edited(&mut self) -> Result<()> {
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

    /// Every file of the media library and the sizes WordPress made of it, fetched like any page's
    /// picture when the walk did not already save it.
    pub(super) async fn media_library(&mut self) -> Result<()> {
        let Some(site) = &self.out.wordpress else {
            return Ok(());
        };
        let files: Vec<String> = site
            .media
            .iter()
            .flat_map(super::super::wordpress::media_files)
            .collect();
        let mut queued = false;
        for file in files {
            let Ok(u) = Url::parse(&file) else { continue };
            let u = scope::normalize(&u);
            if !self.scope.contains(&u) || !self.seen.insert(u.to_string()) {
                continue;
            }
            self.queue.push_back(Job {
                url: u,
                depth: 1,
                attempts: 0,
                optional: false,
                seeded: false,
                role: Role::Requisite,
            });
            queued = true;
        }
        if queued {
            self.drain(true).await?;
        }
        Ok(())
    }

    /// A WordPress site's posts, pages, terms and media through its REST API, at the crawl's pace.
    pub(super) async fn wordpress(&mut self) {
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
        match super::super::wordpress::fetch(&self.client, &api, self.pacer.gap()).await {
            Ok(site) => self.out.wordpress = Some(site),
            Err(e) => self.fail(
                &api,
                format!("không đọc được dữ liệu WordPress qua API ({e})"),
            ),
        }
    }
}
