//! The storage layer (`object_store`) behind a small blocking API, and what its errors mean to a
//! school: the engine's operations are synchronous, and every failure here becomes one of the
//! causes a clerk can act on (`Why`).

use super::target::{Kind, Target};
use crate::error::{Error, Result};
use bytes::Bytes;
use futures_util::StreamExt;
use object_store::multipart::{MultipartStore, PartId};
use object_store::path::Path as Key;
use object_store::{ObjectMeta, ObjectStore, ObjectStoreExt, PutPayload};
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;

/// Why the store refused or could not be reached, as far as its answer tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Why {
    NoNetwork,
    /// The store answered that it is in trouble itself (5xx): a node down, a restart.
    StoreDown,
    WrongKey,
    /// The key is right but may not do this: a school key deleting, or outside its folder.
    Denied,
    /// Signed requests carry the time: a PC clock far off is refused.
    ClockSkew,
    Quota,
    Certificate,
    Other,
}

pub(crate) struct Store {
    rt: tokio::runtime::Runtime,
    objects: Arc<dyn ObjectStore>,
    /// S3's parts, kept by their ids so that an upload cut off resumes where it stopped.
    parts: Option<Arc<dyn MultipartStore>>,
    /// WebDAV's own requests for what the storage layer keeps in memory (a large file's PUT).
    dav: Option<Dav>,
    prefix: String,
    shown: String,
}

/// An object's bytes and when the store wrote it, by the store's own clock.
pub(crate) type Stamped = (Bytes, chrono::DateTime<chrono::Utc>);

/// A WebDAV folder and the account that writes into it.
struct Dav {
    client: reqwest::Client,
    base: url::Url,
    user: String,
    password: String,
}

/// Bytes of a large file on their way to a WebDAV store, a few chunks at a time.
type Chunk = std::result::Result<Bytes, std::io::Error>;

impl Store {
    pub fn open(target: &Target, key_id: &str, secret: &str) -> Result<Store> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::io("tokio", e))?;
        // A school's link is slow and the store may be down: fail in minutes, not hours, and let
        // the next push resume.
        let retry = object_store::RetryConfig {
            max_retries: 2,
            retry_timeout: Duration::from_secs(60),
            ..Default::default()
        };
        let client = object_store::ClientOptions::new()
            .with_connect_timeout(Duration::from_secs(10))
            .with_timeout(Duration::from_secs(300))
            .with_allow_http(true);
        let shown = target.shown();
        let fail = |e: object_store::Error| classify(&shown, &e);
        let (objects, parts): (Arc<dyn ObjectStore>, Option<Arc<dyn MultipartStore>>) =
            match &target.kind {
                Kind::S3 {
                    bucket,
                    endpoint,
                    region,
                } => {
                    let mut b = object_store::aws::AmazonS3Builder::new()
                        .with_bucket_name(bucket)
                        .with_region(region)
                        .with_access_key_id(key_id)
                        .with_secret_access_key(secret)
                        .with_retry(retry)
                        .with_client_options(client);
                    if let Some(e) = endpoint {
                        // Stores a district runs answer at one host name, not at bucket.host.
                        b = b.with_endpoint(e).with_virtual_hosted_style_request(false);
                    }
                    let s3 = Arc::new(b.build().map_err(fail)?);
                    (s3.clone(), Some(s3))
                }
                Kind::WebDav { base } => {
                    let auth = basic_auth(key_id, secret);
                    let http = object_store::http::HttpBuilder::new()
                        .with_url(base)
                        .with_retry(retry)
                        .with_client_options(client.with_default_headers(auth))
                        .build()
                        .map_err(fail)?;
                    (Arc::new(http), None)
                }
            };
        let dav = match &target.kind {
            Kind::WebDav { base } => Some(Dav {
                client: reqwest::Client::builder()
                    .connect_timeout(Duration::from_secs(10))
                    .build()
                    .map_err(|e| classify_text(&shown, &chain(&e), None))?,
                base: url::Url::parse(&format!("{}/", base.trim_end_matches('/')))
                    .map_err(|_| Error::OffsiteUrl(target.url.clone()))?,
                user: key_id.to_string(),
                password: secret.to_string(),
            }),
            Kind::S3 { .. } => None,
        };
        Ok(Store {
            rt,
            objects,
            parts,
            dav,
            prefix: target.prefix.clone(),
            shown,
        })
    }

    /// The key of `rel` in the school's folder, spelled as on the drive: `Path::from` would
    /// percent-encode "Tài liệu.zip", and a person browsing the store would not find it.
    fn key(&self, rel: &str) -> Key {
        let full = if self.prefix.is_empty() {
            rel.to_string()
        } else {
            format!("{}/{rel}", self.prefix)
        };
        Key::parse(&full).unwrap_or_else(|_| Key::from(full.as_str()))
    }

    fn key_of_prefix(&self) -> Key {
        Key::parse(&self.prefix).unwrap_or_else(|_| Key::from(self.prefix.as_str()))
    }

    fn fail(&self, e: object_store::Error) -> Error {
        classify(&self.shown, &e)
    }

    pub fn can_resume_parts(&self) -> bool {
        self.parts.is_some()
    }

    /// WebDAV: a file too large to hold in memory goes in one streamed request (`put_stream`).
    pub fn can_stream(&self) -> bool {
        self.dav.is_some()
    }

    /// Sends a large file to a WebDAV store in one streamed request, with `next` giving its bytes
    /// a chunk at a time (and pacing them) until `None`. WebDAV has no standard way to send a file
    /// in parts and resume it, so a cut sends this one file again, never the files before it.
    pub fn put_stream(
        &self,
        rel: &str,
        size: u64,
        mut next: impl FnMut() -> Result<Option<Bytes>>,
    ) -> Result<()> {
        let dav = self.dav.as_ref().expect("only WebDAV is streamed");
        let mut url = dav.base.clone();
        let mut folder = dav.base.clone();
        let segments: Vec<&str> = rel.split('/').collect();
        url.path_segments_mut()
            .expect("an http(s) address")
            .pop_if_empty()
            .extend(&segments);
        // The run's folder first: a PUT into a folder that does not exist is refused.
        for segment in &segments[..segments.len() - 1] {
            folder
                .path_segments_mut()
                .expect("an http(s) address")
                .pop_if_empty()
                .push(segment);
            self.mkcol(dav, &folder)?;
        }
        let (tx, rx) = tokio::sync::mpsc::channel::<Chunk>(4);
        let body = futures_util::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|chunk| (chunk, rx))
        });
        std::thread::scope(|scope| {
            let sending = scope.spawn(|| {
                self.rt.block_on(async {
                    let answer = dav
                        .client
                        .put(url.clone())
                        .basic_auth(&dav.user, Some(&dav.password))
                        .header(reqwest::header::CONTENT_LENGTH, size)
                        .body(reqwest::Body::wrap_stream(body))
                        .send()
                        .await
                        .map_err(|e| classify_text(&self.shown, &chain(&e), None))?;
                    let status = answer.status();
                    if status.is_success() {
                        Ok(())
                    } else {
                        let text = answer.text().await.unwrap_or_default();
                        Err(classify_text(
                            &self.shown,
                            &format!("PUT {url}: {status}: {text}"),
                            Some(status.as_u16()),
                        ))
                    }
                })
            });
            let mut stopped = None;
            loop {
                match next() {
                    Ok(Some(chunk)) => {
                        // The request ended early: its answer says why.
                        if tx.blocking_send(Ok(chunk)).is_err() {
                            break;
                        }
                    }
                    Ok(None) => break,
                    Err(e) => {
                        // Stopped here (cancelled, paused, a read error): the request is cut, so
                        // the store keeps no half file.
                        let _ = tx.blocking_send(Err(std::io::Error::other("dừng gửi")));
                        stopped = Some(e);
                        break;
                    }
                }
            }
            drop(tx);
            let sent = sending.join().expect("the sending thread does not panic");
            match stopped {
                Some(e) => Err(e),
                None => sent,
            }
        })
    }

    fn mkcol(&self, dav: &Dav, folder: &url::Url) -> Result<()> {
        let mkcol = reqwest::Method::from_bytes(b"MKCOL").expect("a method name");
        self.rt.block_on(async {
            let answer = dav
                .client
                .request(mkcol, folder.clone())
                .basic_auth(&dav.user, Some(&dav.password))
                .send()
                .await
                .map_err(|e| classify_text(&self.shown, &chain(&e), None))?;
            match answer.status().as_u16() {
                // Made, or there already (405: MKCOL on a folder that exists).
                200..=299 | 405 => Ok(()),
                code => Err(classify_text(
                    &self.shown,
                    &format!("MKCOL {folder}: {}", answer.status()),
                    Some(code),
                )),
            }
        })
    }

    /// Sends a whole object; returns the store's ETag.
    pub fn put(&self, rel: &str, data: Bytes) -> Result<Option<String>> {
        let key = self.key(rel);
        self.rt
            .block_on(self.objects.put(&key, PutPayload::from(data)))
            .map(|r| r.e_tag)
            .map_err(|e| self.fail(e))
    }

    pub fn start_parts(&self, rel: &str) -> Result<String> {
        let parts = self.parts.as_ref().expect("only S3 is sent in parts");
        self.rt
            .block_on(parts.create_multipart(&self.key(rel)))
            .map_err(|e| self.fail(e))
    }

    pub fn put_part(&self, rel: &str, id: &str, index: usize, data: Bytes) -> Result<String> {
        let parts = self.parts.as_ref().expect("only S3 is sent in parts");
        let id = id.to_string();
        self.rt
            .block_on(parts.put_part(&self.key(rel), &id, index, PutPayload::from(data)))
            .map(|p| p.content_id)
            .map_err(|e| self.fail(e))
    }

    pub fn finish_parts(&self, rel: &str, id: &str, done: Vec<String>) -> Result<()> {
        let parts = self.parts.as_ref().expect("only S3 is sent in parts");
        let id = id.to_string();
        let done = done
            .into_iter()
            .map(|content_id| PartId { content_id })
            .collect();
        self.rt
            .block_on(parts.complete_multipart(&self.key(rel), &id, done))
            .map(|_| ())
            .map_err(|e| self.fail(e))
    }

    /// What the store holds at `rel`, or `None` when it holds nothing there.
    pub fn head(&self, rel: &str) -> Result<Option<ObjectMeta>> {
        match self.rt.block_on(self.objects.head(&self.key(rel))) {
            Ok(m) => Ok(Some(m)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(self.fail(e)),
        }
    }

    /// The folders directly under `rel` ("" for the school's folder).
    pub fn folders(&self, rel: &str) -> Result<Vec<String>> {
        let key = if rel.is_empty() {
            (!self.prefix.is_empty()).then(|| self.key_of_prefix())
        } else {
            Some(self.key(rel))
        };
        let listed = self
            .rt
            .block_on(self.objects.list_with_delimiter(key.as_ref()))
            .map_err(|e| self.fail(e))?;
        Ok(listed
            .common_prefixes
            .into_iter()
            .filter_map(|p| p.filename().map(str::to_string))
            .collect())
    }

    /// The objects directly in folder `rel`, by name and size.
    pub fn files(&self, rel: &str) -> Result<Vec<(String, u64)>> {
        let listed = self
            .rt
            .block_on(self.objects.list_with_delimiter(Some(&self.key(rel))))
            .map_err(|e| self.fail(e))?;
        Ok(listed
            .objects
            .into_iter()
            .filter_map(|o| Some((o.location.filename()?.to_string(), o.size)))
            .collect())
    }

    /// Small objects read whole, `parallel` requests at a time, in order: each with the time the
    /// store wrote it (the store's clock, not the writer's), or `None` where there is none.
    pub fn read_many(&self, rels: &[String], parallel: usize) -> Vec<Result<Option<Stamped>>> {
        let keys: Vec<Key> = rels.iter().map(|r| self.key(r)).collect();
        self.rt.block_on(
            futures_util::stream::iter(keys.into_iter().map(|key| async move {
                match self.objects.get(&key).await {
                    Ok(got) => {
                        let at = got.meta.last_modified;
                        got.bytes()
                            .await
                            .map(|b| Some((b, at)))
                            .map_err(|e| self.fail(e))
                    }
                    Err(object_store::Error::NotFound { .. }) => Ok(None),
                    Err(e) => Err(self.fail(e)),
                }
            }))
            .buffered(parallel.max(1))
            .collect(),
        )
    }

    /// Bytes `range` of an object: a zip's directory and manifest without the whole zip.
    pub fn read_range(&self, rel: &str, range: std::ops::Range<u64>) -> Result<Bytes> {
        self.rt
            .block_on(self.objects.get_range(&self.key(rel), range))
            .map_err(|e| self.fail(e))
    }

    /// Reads an object through, chunk by chunk, into `sink` (a file and a hasher).
    pub fn read(&self, rel: &str, mut sink: impl FnMut(&[u8]) -> Result<()>) -> Result<()> {
        let key = self.key(rel);
        self.rt.block_on(async {
            let got = self.objects.get(&key).await.map_err(|e| self.fail(e))?;
            let mut stream = got.into_stream();
            while let Some(chunk) = stream.next().await {
                sink(&chunk.map_err(|e| self.fail(e))?)?;
            }
            Ok(())
        })
    }
}

/// The error's whole chain, where the store's own code (`RequestTimeTooSkewed`, …) is.
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut next = e.source();
    while let Some(cause) = next {
        s.push_str(": ");
        s.push_str(&cause.to_string());
        next = cause.source();
    }
    s
}

fn classify(store: &str, e: &object_store::Error) -> Error {
    let status = match e {
        object_store::Error::Unauthenticated { .. } => Some(401),
        object_store::Error::PermissionDenied { .. } => Some(403),
        _ => None,
    };
    classify_text(store, &chain(e), status)
}

/// `Basic` authorization for every request of the storage layer to a WebDAV store.
fn basic_auth(user: &str, password: &str) -> reqwest::header::HeaderMap {
    use base64::Engine;
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    let mut value = reqwest::header::HeaderValue::from_str(&format!("Basic {token}"))
        .expect("base64 is a header value");
    value.set_sensitive(true);
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::AUTHORIZATION, value);
    headers
}

/// The cause from what the store said: S3's own code in its answer, the HTTP status where there is
/// one (WebDAV), and the words of the connection otherwise.
fn classify_text(store: &str, detail: &str, status: Option<u16>) -> Error {
    let detail = detail.to_string();
    let has = |words: &[&str]| words.iter().any(|w| detail.contains(w));
    // The store's own code when its answer has one; the words of the connection otherwise (a
    // port or an upload id in the text must not read as a status code).
    let why = match tag(&detail, "Code").as_deref() {
        Some("RequestTimeTooSkewed" | "RequestExpired") => Why::ClockSkew,
        Some("InvalidAccessKeyId" | "SignatureDoesNotMatch" | "InvalidToken") => Why::WrongKey,
        Some("QuotaExceeded" | "InsufficientStorage" | "EntityTooLarge") => Why::Quota,
        Some("AccessDenied") => Why::Denied,
        Some("InternalError" | "ServiceUnavailable" | "SlowDown") => Why::StoreDown,
        Some(_) => Why::Other,
        None if status == Some(401) => Why::WrongKey,
        None if status == Some(403) => Why::Denied,
        None if status == Some(507) || status == Some(413) => Why::Quota,
        None if status.is_some_and(|s| s >= 500) => Why::StoreDown,
        None if has(&[
            "500 Internal Server Error",
            "502 Bad Gateway",
            "503 Service Unavailable",
            "504 Gateway Timeout",
        ]) =>
        {
            Why::StoreDown
        }
        None if has(&["507 Insufficient Storage"]) => Why::Quota,
        None if has(&["certificate", "Certificate", "UnknownIssuer"]) => Why::Certificate,
        None if has(&[
            "error sending request",
            "Connection refused",
            "connection refused",
            "dns error",
            "timed out",
            "tcp connect",
        ]) =>
        {
            Why::NoNetwork
        }
        None => Why::Other,
    };
    Error::Offsite {
        store: store.to_string(),
        why,
        detail: store_says(&detail).unwrap_or(detail),
    }
}

/// The text between `<tag>` and `</tag>` in an S3 error body.
fn tag(detail: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = detail.find(&open)? + open.len();
    let end = detail[start..].find(&format!("</{tag}>"))? + start;
    Some(detail[start..end].to_string())
}

/// The store's own code and message from an S3 error body, rather than the whole chain of
/// requests and retries around it.
fn store_says(detail: &str) -> Option<String> {
    let code = tag(detail, "Code")?;
    Some(match tag(detail, "Message") {
        Some(m) => format!("{code}: {m}"),
        None => code,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn why(text: &str) -> (Why, String) {
        let e = object_store::Error::Generic {
            store: "S3",
            source: text.into(),
        };
        match classify("kho", &e) {
            Error::Offsite { why, detail, .. } => (why, detail),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_stores_answer_says_which_cause_a_clerk_can_act_on() {
        let body = |code: &str| {
            let status = match code {
                "InternalError" => "500 Internal Server Error",
                "NoSuchBucket" => "404 Not Found",
                _ => "403 Forbidden",
            };
            format!("Error performing PUT http://x in 3ms, after 2 retries - Server returned non-2xx status code: {status}: <?xml version=\"1.0\"?><Error><Code>{code}</Code><Message>Lời của kho</Message></Error>")
        };
        assert_eq!(why(&body("RequestTimeTooSkewed")).0, Why::ClockSkew);
        assert_eq!(why(&body("SignatureDoesNotMatch")).0, Why::WrongKey);
        assert_eq!(why(&body("InvalidAccessKeyId")).0, Why::WrongKey);
        assert_eq!(why(&body("AccessDenied")).0, Why::Denied);
        assert_eq!(why(&body("QuotaExceeded")).0, Why::Quota);
        assert_eq!(why(&body("InternalError")).0, Why::StoreDown);
        assert_eq!(
            why("error sending request for url (http://127.0.0.1:9/): tcp connect error: Connection refused").0,
            Why::NoNetwork
        );
        // A port or an upload id is not a status code.
        assert_eq!(
            why("error sending request for url (http://127.0.0.1:50712/saoluu/x?uploadId=507f): connection refused").0,
            Why::NoNetwork
        );
        // The store's own words, not the chain of retries around them.
        assert_eq!(
            why(&body("NoSuchBucket")),
            (Why::Other, "NoSuchBucket: Lời của kho".into())
        );
    }
}
