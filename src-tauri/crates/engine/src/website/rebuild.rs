//! Rebuilds a WordPress site from a restored website backup, through the new site's REST API,
//! after an attack wiped it: every document and picture into the media library, categories and
//! tags with their hierarchy, pages with their parents and order, posts with their exact time,
//! terms, excerpt and featured image. Every link and picture in every body is rewritten to the
//! rebuilt site's own addresses, so the site works at its old address and at a new one.
//!
//! It is safe to run again: each thing is looked for by its slug first and reused when the site
//! already has it, so a rebuild cut halfway resumes and never creates twice. A dry run asks the
//! same questions and creates nothing. The application password is used for these requests only.

use super::menus::Menu;
use super::wordpress::{media_files, MENUS};
use crate::error::{Error, Result};
use crate::progress::{CancelToken, Phase, Progress, ProgressSink};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;
use url::Url;

/// What a rebuild did with one thing of the old site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Done {
    Created,
    /// The site already had it (a rebuild run again, or WordPress's own "Uncategorized").
    Existing,
    /// A dry run: it would be created.
    WouldCreate,
    Failed,
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// `media`, `category`, `tag`, `page`, `post`, `menu`, `menu_item` or `navigation`.
    pub kind: &'static str,
    pub title: String,
    pub done: Done,
    /// Its address on the rebuilt site.
    pub link: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub site: String,
    pub dry_run: bool,
    pub items: Vec<Item>,
}

impl Report {
    pub fn count(&self, done: Done) -> usize {
        self.items.iter().filter(|i| i.done == done).count()
    }

    pub fn ok(&self) -> bool {
        self.count(Done::Failed) == 0
    }
}

/// The old site's own data as the backup holds it (`wordpress/*.json`), and where each of its
/// files is in the restored folder.
pub struct Backup {
    dir: PathBuf,
    posts: Vec<Value>,
    pages: Vec<Value>,
    categories: Vec<Value>,
    tags: Vec<Value>,
    media: Vec<Value>,
    menus: Vec<Menu>,
    navigation: Vec<Value>,
    index: HashMap<String, String>,
}

impl Backup {
    /// Reads a restored website backup (`trang-web` folder). `None` when the site was not a
    /// WordPress site (no `wordpress/` folder): its articles can only be posted one by one.
    pub fn read(dir: &Path) -> Result<Option<Backup>> {
        let wp = dir.join("wordpress");
        if !wp.join("posts.json").is_file() {
            return Ok(None);
        }
        let list = |name: &str| -> Result<Vec<Value>> {
            let p = wp.join(format!("{name}.json"));
            match std::fs::read(&p) {
                Ok(b) => serde_json::from_slice(&b).map_err(|e| Error::zip(&p, e)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
                Err(e) => Err(Error::io(&p, e)),
            }
        };
        let index_path = dir.join(super::write::ADDRESS_INDEX);
        let index = match std::fs::read(&index_path) {
            Ok(b) => serde_json::from_slice(&b).map_err(|e| Error::zip(&index_path, e))?,
            // Older backups have no index: their files are found by their addresses' own paths.
            Err(_) => HashMap::new(),
        };
        Ok(Some(Backup {
            dir: dir.to_path_buf(),
            posts: list("posts")?,
            pages: list("pages")?,
            categories: list("categories")?,
            tags: list("tags")?,
            media: list("media")?,
            navigation: list("navigation")?,
            menus: match std::fs::read(dir.join(MENUS)) {
                Ok(b) => serde_json::from_slice(&b).map_err(|e| Error::zip(dir.join(MENUS), e))?,
                // Backups before menus were kept, and sites whose theme prints none.
                Err(_) => Vec::new(),
            },
            index,
        }))
    }

    /// The saved bytes of one of the old site's files.
    fn file(&self, url: &str) -> Option<Vec<u8>> {
        let indexed = self.index.get(url).map(|p| self.dir.join(p));
        let natural = Url::parse(url).ok().map(|u| {
            let rel = super::offline::natural_path(&u, "", None);
            self.dir.join("ban-sao-offline").join(rel)
        });
        let natural_doc = Url::parse(url).ok().map(|u| {
            let rel = super::offline::natural_path(&u, "", None);
            self.dir.join("van-ban").join(rel)
        });
        [indexed, natural, natural_doc]
            .into_iter()
            .flatten()
            .find_map(|p| std::fs::read(p).ok())
    }

    /// The old site's address (`https://truong.edu.vn`), from any link its data gives.
    fn old_origin(&self) -> Option<String> {
        self.posts
            .iter()
            .chain(&self.pages)
            .chain(&self.media)
            .find_map(|v| v["link"].as_str().and_then(|l| Url::parse(l).ok()))
            .map(|u| u.origin().ascii_serialization())
    }

    /// The old site's items of one REST route.
    fn list(&self, route: &str) -> &[Value] {
        match route {
            "posts" => &self.posts,
            "pages" => &self.pages,
            "categories" => &self.categories,
            "tags" => &self.tags,
            _ => &self.media,
        }
    }

    /// How many things a rebuild makes.
    pub fn size(&self) -> usize {
        self.media.len()
            + self.categories.len()
            + self.tags.len()
            + self.pages.len()
            + self.posts.len()
            + self.menus.iter().map(|m| 1 + m.items.len()).sum::<usize>()
            + self.navigation.len()
    }
}

/// The new site's REST API, signed in with an application password.
struct Api {
    rt: tokio::runtime::Runtime,
    client: reqwest::Client,
    /// `https://site/wp-json/` or `https://site/?rest_route=/`.
    root: Url,
    user: String,
    password: String,
}

impl Api {
    fn url(&self, route: &str, query: &[(&str, &str)]) -> Url {
        let mut u = if self.root.query().is_some_and(|q| q.contains("rest_route=")) {
            let mut u = self.root.clone();
            u.query_pairs_mut()
                .clear()
                .append_pair("rest_route", &format!("/wp/v2/{route}"));
            u
        } else {
            self.root
                .join(&format!("wp/v2/{route}"))
                .unwrap_or_else(|_| self.root.clone())
        };
        for (k, v) in query {
            u.query_pairs_mut().append_pair(k, v);
        }
        u
    }

    fn send(&self, req: reqwest::RequestBuilder) -> std::result::Result<Value, String> {
        // The request's timer belongs to this runtime.
        let _inside = self.rt.enter();
        let sent = self
            .rt
            .block_on(req.basic_auth(&self.user, Some(&self.password)).send());
        let resp = sent.map_err(|e| super::crawl::describe(&e).0)?;
        let status = resp.status().as_u16();
        let bytes = self.rt.block_on(resp.bytes()).unwrap_or_default();
        let v: Value = serde_json::from_slice(&bytes).unwrap_or_default();
        if (200..300).contains(&status) {
            Ok(v)
        } else if matches!(status, 401 | 403) {
            Err(REFUSED.to_string())
        } else {
            let said = v["message"].as_str().unwrap_or_default();
            Err(format!("{} {said}", crate::message::http_status(status))
                .trim()
                .to_string())
        }
    }

    fn get(&self, route: &str, query: &[(&str, &str)]) -> std::result::Result<Value, String> {
        self.send(self.client.get(self.url(route, query)))
    }

    fn post(&self, route: &str, body: &Value) -> std::result::Result<Value, String> {
        self.send(
            self.client
                .post(self.url(route, &[]))
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.to_string()),
        )
    }

    /// Uploads a file with its details in the same request (as query fields, which WordPress reads
    /// like body fields), so that a rebuild cut in between never leaves a file without its slug
    /// for the next run to find it by.
    fn upload(
        &self,
        name: &str,
        mime: &str,
        bytes: Vec<u8>,
        fields: &[(&str, &str)],
    ) -> std::result::Result<Value, String> {
        // WordPress reads only the plain `filename="…"` form; it makes its own safe name anyway.
        let plain: String = crate::text::ascii(name)
            .chars()
            .filter(|c| c.is_ascii_graphic() && *c != '"' && *c != '\\')
            .collect();
        self.send(
            self.client
                .post(self.url("media", fields))
                .header(reqwest::header::CONTENT_TYPE, mime)
                .header(
                    reqwest::header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{plain}\""),
                )
                .body(bytes),
        )
    }

    /// The site's item of `route` with this slug, whatever its status.
    fn by_slug(&self, route: &str, slug: &str) -> std::result::Result<Option<Value>, String> {
        let mut query = vec![("slug", slug), ("context", "edit")];
        if matches!(route, "posts" | "pages" | "media") {
            query.push(("status", "any"));
        }
        // Media are never "publish": asking for "any" is refused there, "inherit" is theirs.
        if route == "media" {
            query.pop();
        }
        let found = self.get(route, &query)?;
        Ok(found.as_array().and_then(|a| a.first()).cloned())
    }
}

/// The refusal every request gets once the login fails: said once, in the report's error.
pub(super) const REFUSED: &str = "WordPress từ chối đăng nhập";

/// The API root of a site typed as its home address.
pub(super) fn api_root(site: &str) -> Result<Url> {
    let typed = site.trim();
    let with_scheme = if typed.contains("://") {
        typed.to_string()
    } else {
        format!("https://{typed}")
    };
    let mut base = Url::parse(&with_scheme).map_err(|_| Error::BadUrl(typed.to_string()))?;
    if !matches!(base.scheme(), "http" | "https") {
        return Err(Error::BadUrl(typed.to_string()));
    }
    if !base.path().ends_with('/') {
        base.set_path(&format!("{}/", base.path()));
    }
    base.join("wp-json/")
        .map_err(|_| Error::BadUrl(typed.to_string()))
}

/// A password over plain HTTP can be read by anyone on the way; only the PC itself is exempt.
pub(super) fn plain_http_elsewhere(root: &Url) -> bool {
    root.scheme() == "http"
        && !matches!(
            root.host(),
            Some(url::Host::Ipv4(a)) if a.is_loopback()
        )
        && !matches!(root.host(), Some(url::Host::Ipv6(a)) if a.is_loopback())
        && root.host_str() != Some("localhost")
}

/// Where the rebuilt site's old addresses now point: files, posts, pages and terms by their old
/// address, and the old site's own address for everything else on it.
#[derive(Default)]
struct Links {
    map: HashMap<String, String>,
    ids: BTreeMap<(&'static str, u64), u64>,
    old_origin: Option<String>,
    new_origin: String,
}

impl Links {
    fn rewrite_one(&self, url: &str) -> Option<String> {
        let (bare, fragment) = match url.split_once('#') {
            Some((b, f)) => (b, Some(f)),
            None => (url, None),
        };
        let mapped = self.map.get(bare).cloned().or_else(|| {
            let old = self.old_origin.as_deref()?;
            let rest = bare.strip_prefix(old)?;
            (rest.is_empty() || rest.starts_with('/') || rest.starts_with('?'))
                .then(|| format!("{}{rest}", self.new_origin))
        })?;
        Some(match fragment {
            Some(f) => format!("{mapped}#{f}"),
            None => mapped,
        })
    }

    /// Every `href`, `src` and `srcset` of a body, pointed at the rebuilt site.
    fn rewrite(&self, html: &str) -> String {
        use lol_html::{element, rewrite_str, RewriteStrSettings};
        let settings = RewriteStrSettings::new().append_element_content_handler(element!(
            "[href], [src], [srcset]",
            |el| {
                for attr in ["href", "src"] {
                    if let Some(v) = el.get_attribute(attr) {
                        if let Some(new) = self.rewrite_one(v.trim()) {
                            el.set_attribute(attr, &new)?;
                        }
                    }
                }
                // The block editor finds a picture's media item by this class.
                if let Some(class) = el.get_attribute("class") {
                    let new: Vec<String> = class
                        .split_whitespace()
                        .map(|c| {
                            c.strip_prefix("wp-image-")
                                .and_then(|id| id.parse().ok())
                                .and_then(|id: u64| self.ids.get(&("media", id)))
                                .map(|id| format!("wp-image-{id}"))
                                .unwrap_or_else(|| c.to_string())
                        })
                        .collect();
                    el.set_attribute("class", &new.join(" "))?;
                }
                if let Some(v) = el.get_attribute("srcset") {
                    if let Some(new) = super::links::map_srcset(&v, |u| self.rewrite_one(u)) {
                        el.set_attribute("srcset", &new)?;
                    }
                }
                Ok(())
            }
        ));
        rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
    }

    fn id(&self, kind: &'static str, old: &Value) -> Option<u64> {
        self.ids.get(&(kind, old.as_u64()?)).copied()
    }
}

fn text(v: &Value, field: &str) -> String {
    let raw = v[field]["rendered"]
        .as_str()
        .or(v[field].as_str())
        .unwrap_or_default();
    html_escape::decode_html_entities(raw).into_owned()
}

fn rendered(v: &Value, field: &str) -> String {
    v[field]["rendered"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Parents before children, by `parent`.
fn parents_first(items: &[Value]) -> Vec<&Value> {
    let mut out: Vec<&Value> = Vec::new();
    let mut placed = std::collections::HashSet::new();
    let mut left: Vec<&Value> = items.iter().collect();
    while !left.is_empty() {
        let before = left.len();
        left.retain(|v| {
            let parent = v["parent"].as_u64().unwrap_or(0);
            if parent == 0
                || placed.contains(&parent)
                || !items.iter().any(|p| p["id"].as_u64() == Some(parent))
            {
                placed.insert(v["id"].as_u64().unwrap_or(0));
                out.push(v);
                false
            } else {
                true
            }
        });
        if left.len() == before {
            // A loop of parents: the rest go in as they are.
            out.append(&mut left);
        }
    }
    out
}

/// The WordPress site to rebuild onto, how to sign in there, and whose name the articles carry.
pub struct Login<'a> {
    /// Its home address as the school types it.
    pub site: &'a str,
    pub user: &'a str,
    /// An application password, used for this rebuild's requests only.
    pub password: &'a str,
    /// The user confirmed that the password may cross the network unencrypted to a site that is
    /// not this PC.
    pub allow_plain_http: bool,
    /// The new site's user the posts and pages are credited to (login name, slug or shown name);
    /// the signed-in user when none is chosen.
    pub author: Option<&'a str>,
}

/// Rebuilds `backup` on the site `login` names; a `dry_run` asks the same questions and creates
/// nothing.
pub fn rebuild(
    backup: &Backup,
    login: &Login,
    dry_run: bool,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<Report> {
    let Login {
        site,
        user,
        password,
        allow_plain_http,
        author,
    } = *login;
    let root = api_root(site)?;
    if plain_http_elsewhere(&root) && !allow_plain_http {
        return Err(Error::PlainHttpPassword(site.to_string()));
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("tokio", e))?;
    let client = {
        // The client's connection pool belongs to this runtime.
        let _inside = rt.enter();
        reqwest::Client::builder()
            .user_agent(format!("{}/{}", crate::APP_NAME, crate::APP_VERSION))
            .timeout(Duration::from_secs(120))
            .build()
            .map_err(|e| Error::Website {
                url: site.to_string(),
                message: e.to_string(),
            })?
    };
    let mut api = Api {
        rt,
        client,
        root,
        user: user.to_string(),
        password: password.to_string(),
    };
    // Sign in once, and find the API where the site keeps it.
    if let Err(first) = api.get("users/me", &[]) {
        let plain = api.root.clone();
        let mut query = plain.clone();
        query.set_path(plain.path().trim_end_matches("wp-json/"));
        query.set_query(Some("rest_route=/"));
        api.root = query;
        if let Err(e) = api.get("users/me", &[]) {
            let why = if e == REFUSED || first == REFUSED {
                REFUSED.to_string()
            } else {
                e
            };
            return Err(login_error(site, &plain, &why));
        }
    }
    let author = match author.map(str::trim).filter(|a| !a.is_empty()) {
        Some(name) => Some(find_user(&api, name).ok_or_else(|| Error::NoSuchAuthor {
            site: site.to_string(),
            user: name.to_string(),
        })?),
        None => None,
    };
    // The site's own origin, whichever form of the API it answered on.
    let new_origin = api.root.origin().ascii_serialization();
    let mut r = Rebuild {
        api,
        backup,
        links: Links {
            old_origin: backup.old_origin(),
            new_origin,
            ..Links::default()
        },
        report: Report {
            site: site.to_string(),
            dry_run,
            items: Vec::new(),
        },
        dry_run,
        progress: Progress::new(Phase::Rebuilding),
        sink: progress,
        cancel,
        written: Vec::new(),
        author,
    };
    r.progress.total = backup.size() as u64;
    r.media()?;
    r.terms("categories", "category")?;
    r.terms("tags", "tag")?;
    r.posts("pages", "page")?;
    r.posts("posts", "post")?;
    r.relink()?;
    r.menus()?;
    r.navigation()?;
    Ok(r.report)
}

pub(super) fn login_error(site: &str, root: &Url, why: &str) -> Error {
    if why == REFUSED {
        // Over plain HTTP WordPress refuses every application password, whatever it is; a site
        // on this PC is a test site that may allow them.
        return Error::WordPressLogin {
            site: site.to_string(),
            needs_https: plain_http_elsewhere(root),
        };
    }
    Error::Website {
        url: site.to_string(),
        message: why.to_string(),
    }
}

struct Rebuild<'a> {
    api: Api,
    backup: &'a Backup,
    links: Links,
    report: Report,
    dry_run: bool,
    progress: Progress,
    sink: &'a dyn ProgressSink,
    cancel: &'a CancelToken,
    /// Pages and posts this run wrote or found, with their old data, for the second pass.
    written: Vec<(&'static str, u64, &'a Value)>,
    /// The new site's user id the articles are credited to.
    author: Option<u64>,
}

/// The new site's user a school names, by login name, slug or shown name.
fn find_user(api: &Api, name: &str) -> Option<u64> {
    let found = api
        .get(
            "users",
            &[("search", name), ("context", "edit"), ("per_page", "100")],
        )
        .ok()?;
    let lower = name.to_lowercase();
    found.as_array()?.iter().find_map(|u| {
        ["username", "slug", "name"]
            .iter()
            .any(|k| u[*k].as_str().map(str::to_lowercase).as_deref() == Some(lower.as_str()))
            .then(|| u["id"].as_u64())
            .flatten()
    })
}

impl<'a> Rebuild<'a> {
    fn step(&mut self, title: &str) -> Result<()> {
        self.cancel.check()?;
        self.progress.item = title.to_string();
        self.sink.emit(&self.progress);
        self.progress.done += 1;
        Ok(())
    }

    fn note(
        &mut self,
        kind: &'static str,
        title: String,
        done: Done,
        link: Option<String>,
        error: Option<String>,
    ) {
        self.report.items.push(Item {
            kind,
            title,
            done,
            link,
            error,
        });
    }

    /// Finds `old` on the new site by slug, or creates it with `body` (or, for media, `create`).
    fn ensure(
        &mut self,
        route: &str,
        slug: &str,
        create: impl FnOnce(&Api) -> std::result::Result<Value, String>,
    ) -> std::result::Result<(Option<Value>, Done), String> {
        if !slug.is_empty() {
            if let Some(found) = self.api.by_slug(route, slug)? {
                return Ok((Some(found), Done::Existing));
            }
        }
        if self.dry_run {
            return Ok((None, Done::WouldCreate));
        }
        create(&self.api).map(|v| (Some(v), Done::Created))
    }

    fn media(&mut self) -> Result<()> {
        let backup = self.backup;
        for m in &backup.media {
            let title = text(m, "title");
            self.step(&title)?;
            let slug = m["slug"].as_str().unwrap_or_default();
            let source = m["source_url"].as_str().unwrap_or_default();
            let name = source.rsplit('/').next().unwrap_or("tep");
            let name = percent_encoding::percent_decode_str(name)
                .decode_utf8_lossy()
                .into_owned();
            let mime = m["mime_type"]
                .as_str()
                .unwrap_or("application/octet-stream")
                .to_string();
            let bytes = backup.file(source);
            let caption = text(m, "caption");
            let fields = [
                ("title", title.as_str()),
                ("slug", slug),
                ("alt_text", m["alt_text"].as_str().unwrap_or_default()),
                ("caption", caption.as_str()),
                ("date_gmt", m["date_gmt"].as_str().unwrap_or_default()),
            ];
            let result = self.ensure("media", slug, |api| {
                let bytes = bytes.ok_or_else(|| crate::message::file_not_in_backup(source))?;
                api.upload(&name, &mime, bytes, &fields)
            });
            self.settle("media", title, m, result, |links, old, new| {
                let old_files = media_files(old);
                let new_files = media_files(new);
                let new_main = new["source_url"].as_str().unwrap_or_default().to_string();
                for (i, f) in old_files.iter().enumerate() {
                    // Sizes by name where the new site made the same one, else the original.
                    let size_name = old["media_details"]["sizes"].as_object().and_then(|s| {
                        s.iter()
                            .find(|(_, v)| v["source_url"] == f.as_str())
                            .map(|(k, _)| k.clone())
                    });
                    let target = match size_name {
                        Some(n) => new["media_details"]["sizes"][&n]["source_url"]
                            .as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| new_main.clone()),
                        None if i == 0 => new_main.clone(),
                        None => new_files
                            .get(i)
                            .cloned()
                            .unwrap_or_else(|| new_main.clone()),
                    };
                    links.map.insert(f.clone(), target);
                }
            })?;
        }
        Ok(())
    }

    /// Records what happened to one thing and what its old id and address now are; `map` adds
    /// the other addresses it had (a picture's sizes, a post's short link).
    fn settle(
        &mut self,
        kind: &'static str,
        title: String,
        old: &Value,
        result: std::result::Result<(Option<Value>, Done), String>,
        map: impl FnOnce(&mut Links, &Value, &Value),
    ) -> Result<()> {
        match result {
            Ok((Some(new), done)) => {
                if let (Some(o), Some(n)) = (old["id"].as_u64(), new["id"].as_u64()) {
                    self.links.ids.insert((kind, o), n);
                }
                // Its own page on the old site is its page on the new one.
                if let (Some(o), Some(n)) = (old["link"].as_str(), new["link"].as_str()) {
                    self.links.map.insert(o.to_string(), n.to_string());
                }
                map(&mut self.links, old, &new);
                let link = new["link"].as_str().map(str::to_string);
                self.note(kind, title, done, link, None);
            }
            Ok((None, done)) => self.note(kind, title, done, None, None),
            // A refused login refuses everything after it: stop rather than fail each thing.
            Err(e) if e == REFUSED => {
                return Err(login_error(&self.report.site, &self.api.root, REFUSED))
            }
            Err(e) => self.note(kind, title, Done::Failed, None, Some(e)),
        }
        Ok(())
    }

    fn terms(&mut self, route: &'static str, kind: &'static str) -> Result<()> {
        for t in parents_first(self.backup.list(route)) {
            let title = text(t, "name");
            self.step(&title)?;
            let slug = t["slug"].as_str().unwrap_or_default();
            let parent = self.links.id(kind, &t["parent"]).unwrap_or(0);
            let mut body = json!({
                "name": title,
                "slug": slug,
                "description": t["description"].as_str().unwrap_or_default(),
            });
            if route == "categories" {
                body["parent"] = parent.into();
            }
            let result = self.ensure(route, slug, |api| api.post(route, &body));
            self.settle(kind, title, t, result, |_, _, _| {})?;
        }
        Ok(())
    }

    fn posts(&mut self, route: &'static str, kind: &'static str) -> Result<()> {
        let list = self.backup.list(route);
        let ordered: Vec<&Value> = if route == "pages" {
            parents_first(list)
        } else {
            // Oldest first, as they were published.
            let mut l: Vec<&Value> = list.iter().collect();
            l.sort_by(|a, b| a["date_gmt"].as_str().cmp(&b["date_gmt"].as_str()));
            l
        };
        for p in ordered {
            let title = text(p, "title");
            self.step(&title)?;
            let slug = p["slug"].as_str().unwrap_or_default();
            let mut body = json!({
                "title": title,
                "slug": slug,
                "status": "publish",
                "content": self.links.rewrite(&rendered(p, "content")),
                "date_gmt": p["date_gmt"],
            });
            if let Some(a) = self.author {
                body["author"] = a.into();
            }
            if route == "pages" {
                body["parent"] = self.links.id("page", &p["parent"]).unwrap_or(0).into();
                body["menu_order"] = p["menu_order"].as_u64().unwrap_or(0).into();
            } else {
                let ids = |kind: &'static str, field: &str| -> Vec<u64> {
                    p[field]
                        .as_array()
                        .map(|a| a.iter().filter_map(|id| self.links.id(kind, id)).collect())
                        .unwrap_or_default()
                };
                body["categories"] = ids("category", "categories").into();
                body["tags"] = ids("tag", "tags").into();
                body["excerpt"] = rendered(p, "excerpt").into();
                body["sticky"] = p["sticky"].as_bool().unwrap_or(false).into();
                if let Some(m) = self.links.id("media", &p["featured_media"]) {
                    body["featured_media"] = m.into();
                }
            }
            let result = self.ensure(route, slug, |api| api.post(route, &body));
            if let Ok((Some(new), _)) = &result {
                if let Some(id) = new["id"].as_u64() {
                    self.written.push((route, id, p));
                }
            }
            self.settle(kind, title, p, result, |links, old, new| {
                if let (Some(id), Some(n)) = (old["id"].as_u64(), new["link"].as_str()) {
                    // The short form WordPress links with before permalinks are set.
                    if let Some(origin) = &links.old_origin {
                        let key = if kind == "page" { "page_id" } else { "p" };
                        links
                            .map
                            .insert(format!("{origin}/?{key}={id}"), n.to_string());
                    }
                }
            })?;
        }
        Ok(())
    }

    /// Once every post and page has its new address, each body is written again with links
    /// between them pointed at the rebuilt site (a post may link to one published after it).
    fn relink(&mut self) -> Result<()> {
        if self.dry_run {
            return Ok(());
        }
        for (route, id, old) in std::mem::take(&mut self.written) {
            self.cancel.check()?;
            let content = self.links.rewrite(&rendered(old, "content"));
            if let Err(e) = self
                .api
                .post(&format!("{route}/{id}"), &json!({ "content": content }))
            {
                let title = text(old, "title");
                self.note(
                    if route == "pages" { "page" } else { "post" },
                    title,
                    Done::Failed,
                    None,
                    Some(e),
                );
            }
        }
        self.sink.emit(&self.progress);
        Ok(())
    }
}

impl Rebuild<'_> {
    /// The old site's menus, each in the theme place it filled, with items pointing at the
    /// rebuilt posts, pages and terms; other links are pointed at the new site where they were
    /// on the old one.
    fn menus(&mut self) -> Result<()> {
        let backup = self.backup;
        if backup.menus.is_empty() {
            return Ok(());
        }
        // Only an administrator's login sees the places; without them menus are made unplaced.
        let places: Vec<String> = self
            .api
            .get("menu-locations", &[])
            .ok()
            .and_then(|v| v.as_object().map(|o| o.keys().cloned().collect()))
            .unwrap_or_default();
        let mut taken: Vec<String> = Vec::new();
        for (n, menu) in backup.menus.iter().enumerate() {
            let name = menu.name(n + 1);
            self.step(&name)?;
            let slug = menu.slug_or(n + 1);
            let place = super::menus::location(
                menu,
                places
                    .iter()
                    .map(String::as_str)
                    .filter(|p| !taken.iter().any(|t| t == p)),
            )
            .map(str::to_string);
            taken.extend(place.clone());
            let body = json!({
                "name": name,
                "slug": slug,
                "locations": place.into_iter().collect::<Vec<_>>(),
            });
            let result = self.ensure("menus", &slug, |api| api.post("menus", &body));
            let menu_id = match &result {
                Ok((Some(v), _)) => v["id"].as_u64(),
                _ => None,
            };
            let existing = match menu_id {
                Some(id) => self
                    .api
                    .get(
                        "menu-items",
                        &[
                            ("menus", &id.to_string()),
                            ("per_page", "100"),
                            ("context", "edit"),
                        ],
                    )
                    .ok()
                    .and_then(|v| v.as_array().cloned())
                    .unwrap_or_default(),
                None => Vec::new(),
            };
            self.settle("menu", name, &Value::Null, result, |_, _, _| {})?;
            let mut made: Vec<Option<u64>> = Vec::new();
            for (i, it) in menu.items.iter().enumerate() {
                self.step(&it.title)?;
                let order = i as u64 + 1;
                let mut body = json!({
                    "title": it.title,
                    "status": "publish",
                    "menu_order": order,
                    "parent": it.parent.and_then(|p| made.get(p).copied().flatten()).unwrap_or(0),
                });
                // A post, page or term the menu names is found again by its old address.
                let target = it
                    .route()
                    .and(self.rebuilt_at(&it.url))
                    .map(|(_, id, _)| id);
                match target {
                    Some(id) => {
                        body["type"] = it.kind.clone().into();
                        body["object"] = it.object.clone().into();
                        body["object_id"] = id.into();
                    }
                    None => {
                        body["type"] = "custom".into();
                        body["url"] = self
                            .links
                            .rewrite_one(&it.url)
                            .unwrap_or_else(|| it.url.clone())
                            .into();
                    }
                }
                let found = existing.iter().find(|e| {
                    e["menu_order"].as_u64() == Some(order) && text(e, "title") == it.title
                });
                let result = match (menu_id, found) {
                    (_, Some(e)) => Ok((Some(e.clone()), Done::Existing)),
                    (_, None) if self.dry_run => Ok((None, Done::WouldCreate)),
                    (Some(id), None) => {
                        body["menus"] = id.into();
                        self.api
                            .post("menu-items", &body)
                            .map(|v| (Some(v), Done::Created))
                    }
                    (None, None) => Err(crate::message::menu_missing().to_string()),
                };
                made.push(match &result {
                    Ok((Some(v), _)) => v["id"].as_u64(),
                    _ => None,
                });
                self.settle(
                    "menu_item",
                    it.title.clone(),
                    &Value::Null,
                    result,
                    |_, _, _| {},
                )?;
            }
        }
        Ok(())
    }
}

impl Rebuild<'_> {
    /// The old site's post, page or term at `url`: its kind, new id and new address.
    fn rebuilt_at(&self, url: &str) -> Option<(&'static str, u64, String)> {
        [
            ("pages", "page"),
            ("posts", "post"),
            ("categories", "category"),
            ("tags", "tag"),
        ]
        .into_iter()
        .find_map(|(route, kind)| {
            let old = super::menus::by_link(self.backup.list(route), url)?;
            let id = self.links.id(kind, &old["id"])?;
            let link = self
                .links
                .rewrite_one(url)
                .unwrap_or_else(|| url.to_string());
            Some((kind, id, link))
        })
    }

    /// A block theme's navigation menus, oldest first (the theme shows the newest), each item
    /// pointing at the rebuilt page, post or category, or at the address it had.
    fn navigation(&mut self) -> Result<()> {
        let backup = self.backup;
        let mut ordered: Vec<&Value> = backup.navigation.iter().collect();
        ordered.sort_by(|a, b| a["date_gmt"].as_str().cmp(&b["date_gmt"].as_str()));
        let base = Url::parse(&self.links.new_origin).ok();
        for nav in ordered {
            let title = text(nav, "title");
            self.step(&title)?;
            let old_base = nav["link"]
                .as_str()
                .and_then(|l| Url::parse(l).ok())
                .or_else(|| base.clone());
            let Some(old_base) = old_base else { continue };
            let items = super::menus::read_navigation(&rendered(nav, "content"), &old_base);
            let content = self.blocks(&items, None);
            let slug = nav["slug"].as_str().unwrap_or_default();
            let body = json!({
                "title": title,
                "slug": slug,
                "status": "publish",
                "content": content,
            });
            let result = self.ensure("navigation", slug, |api| api.post("navigation", &body));
            self.settle("navigation", title, &Value::Null, result, |_, _, _| {})?;
        }
        Ok(())
    }

    /// The items under `parent` as navigation blocks: links, and sub-menus holding their own.
    fn blocks(&self, items: &[super::menus::Item], parent: Option<usize>) -> String {
        let mut out = String::new();
        for (i, it) in items
            .iter()
            .enumerate()
            .filter(|(_, it)| it.parent == parent)
        {
            let mut attrs = json!({ "label": it.title });
            match self.rebuilt_at(&it.url) {
                Some((kind, id, link)) => {
                    let (kind_word, type_word) = match kind {
                        "category" => ("taxonomy", "category"),
                        "tag" => ("taxonomy", "tag"),
                        other => ("post-type", other),
                    };
                    attrs["type"] = type_word.into();
                    attrs["id"] = id.into();
                    attrs["url"] = link.into();
                    attrs["kind"] = kind_word.into();
                }
                None => {
                    attrs["url"] = self
                        .links
                        .rewrite_one(&it.url)
                        .unwrap_or_else(|| it.url.clone())
                        .into();
                    attrs["kind"] = "custom".into();
                }
            }
            let inner = self.blocks(items, Some(i));
            // Block attributes sit in an HTML comment: WordPress escapes what could end it.
            let attrs = attrs
                .to_string()
                .replace("--", "\\u002d\\u002d")
                .replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026");
            if inner.is_empty() {
                out += &format!("<!-- wp:navigation-link {attrs} /-->");
            } else {
                out += &format!(
                    "<!-- wp:navigation-submenu {attrs} -->{inner}<!-- /wp:navigation-submenu -->"
                );
            }
        }
        out
    }
}

/// Rebuilds and writes the result in the log: what was created, what the site had, what failed
/// and why.
pub fn rebuild_recorded(
    app: &crate::appdata::AppData,
    backup: &Backup,
    login: &Login,
    dry_run: bool,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<Report> {
    if dry_run {
        return rebuild(backup, login, true, progress, cancel);
    }
    let site = login.site;
    use crate::journal::{self, Journal, Outcome};
    let j = Journal::open(&app.journal_file())?;
    let id = j.start(&journal::NewRun {
        started_at: chrono::Local::now(),
        source_kind: journal::REBUILD_KIND.into(),
        source_name: crate::message::rebuild_name(site),
        target_label: site.to_string(),
        target_id: String::new(),
    })?;
    let result = rebuild(backup, login, false, progress, cancel);
    let (outcome, finish) = match &result {
        Ok(r) => (
            if r.ok() {
                Outcome::Success
            } else {
                Outcome::Failed
            },
            journal::Finish {
                note: Some(crate::message::rebuilt(r)),
                ..journal::Finish::default()
            },
        ),
        Err(e) => (
            Outcome::Failed,
            journal::Finish {
                error: Some(crate::message::error(e)),
                ..journal::Finish::default()
            },
        ),
    };
    j.finish(id, outcome, &finish)?;
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_the_old_site_point_at_the_new_one() {
        let mut links = Links {
            old_origin: Some("http://truong.edu.vn".into()),
            new_origin: "https://moi.truong.edu.vn".into(),
            ..Links::default()
        };
        links.map.insert(
            "http://truong.edu.vn/wp-content/uploads/2026/09/anh-300x200.jpg".into(),
            "https://moi.truong.edu.vn/wp-content/uploads/2026/12/anh-300x200.jpg".into(),
        );
        let html = r#"<p><a href="http://truong.edu.vn/2026/09/khai-giang/#tin">Tin</a>
<img class="wp-image-7 size-medium" src="http://truong.edu.vn/wp-content/uploads/2026/09/anh-300x200.jpg" srcset="http://truong.edu.vn/wp-content/uploads/2026/09/anh-300x200.jpg 300w, https://khac.vn/a.jpg 600w">
<a href="https://moet.gov.vn/">Bộ</a> <a href="/lien-he/">Liên hệ</a></p>"#;
        links.ids.insert(("media", 7), 31);
        let out = links.rewrite(html);
        assert!(out.contains(r#"class="wp-image-31 size-medium""#), "{out}");
        assert!(
            out.contains(r#"href="https://moi.truong.edu.vn/2026/09/khai-giang/#tin""#),
            "{out}"
        );
        assert!(
            out.contains(
                r#"src="https://moi.truong.edu.vn/wp-content/uploads/2026/12/anh-300x200.jpg""#
            ),
            "{out}"
        );
        assert!(
            out.contains("2026/12/anh-300x200.jpg 300w, https://khac.vn/a.jpg 600w"),
            "{out}"
        );
        assert!(
            out.contains(r#"href="https://moet.gov.vn/""#) && out.contains(r#"href="/lien-he/""#)
        );
        // An address that only starts like the old site's is another site.
        assert_eq!(links.rewrite_one("http://truong.edu.vn.evil.com/x"), None);
    }

    #[test]
    fn parents_come_before_their_children() {
        let items: Vec<Value> = serde_json::from_str(
            r#"[{"id":3,"parent":2},{"id":2,"parent":1},{"id":1,"parent":0},{"id":4,"parent":9}]"#,
        )
        .unwrap();
        let order: Vec<u64> = parents_first(&items)
            .iter()
            .map(|v| v["id"].as_u64().unwrap())
            .collect();
        assert_eq!(order, vec![1, 4, 2, 3]);
    }

    #[test]
    fn the_api_follows_the_typed_address() {
        assert_eq!(
            api_root("truong.edu.vn").unwrap().as_str(),
            "https://truong.edu.vn/wp-json/"
        );
        assert_eq!(
            api_root("http://127.0.0.1:8080/moi").unwrap().as_str(),
            "http://127.0.0.1:8080/moi/wp-json/"
        );
        assert!(api_root("ftp://x").is_err());
    }

    #[test]
    fn a_refused_password_is_explained_by_what_the_site_is_reached_over() {
        let said = |site: &str| {
            crate::message::error(&login_error(site, &api_root(site).unwrap(), REFUSED))
        };
        assert!(said("http://truong.edu.vn").contains("chưa dùng HTTPS"));
        assert!(said("https://truong.edu.vn").contains("kiểm tra tên người dùng"));
        assert!(said("http://127.0.0.1:8080").contains("kiểm tra tên người dùng"));
        assert!(!said("http://truong.edu.vn").contains("kết nối mạng"));
    }

    #[test]
    fn a_password_never_crosses_the_network_in_plain_http() {
        assert!(plain_http_elsewhere(
            &api_root("http://truong.edu.vn").unwrap()
        ));
        assert!(!plain_http_elsewhere(
            &api_root("https://truong.edu.vn").unwrap()
        ));
        assert!(!plain_http_elsewhere(
            &api_root("http://127.0.0.1:8080").unwrap()
        ));
        assert!(!plain_http_elsewhere(
            &api_root("http://[::1]:8080").unwrap()
        ));
        assert!(!plain_http_elsewhere(
            &api_root("http://localhost/wp").unwrap()
        ));
    }
}
