//! The raw HTTP responses of a crawl as WARC 1.1 (ISO 28500), the format national web archives
//! use: evidence of what the site showed and when. Each record is its own gzip member (so tools
//! can seek), files stay under a size limit, and a 304 answer becomes a `revisit` record that
//! points at the earlier response instead of repeating it.

use flate2::write::GzEncoder;
use flate2::Compression;
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

pub const MAX_FILE: u64 = 1 << 30;

pub struct Writer {
    dir: PathBuf,
    prefix: String,
    max: u64,
    info: String,
    files: Vec<PathBuf>,
    current: Option<(BufWriter<File>, u64)>,
}

/// One HTTP exchange to record.
pub struct Exchange<'a> {
    pub url: &'a str,
    /// When the response was received.
    pub date: chrono::DateTime<chrono::Utc>,
    pub status: u16,
    pub headers: &'a [(String, String)],
}

fn record_id() -> String {
    format!("<urn:uuid:{}>", uuid::Uuid::new_v4())
}

fn http_head(status: u16, headers: &[(String, String)]) -> Vec<u8> {
    let reason = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    let mut h = format!("HTTP/1.1 {status} {reason}\r\n");
    for (k, v) in headers {
        // The body is stored decoded from chunks: a Transfer-Encoding header would lie about it.
        if !k.eq_ignore_ascii_case("transfer-encoding") {
            h += &format!("{k}: {v}\r\n");
        }
    }
    h += "\r\n";
    h.into_bytes()
}

impl Writer {
    /// Files are written into `dir` as `{prefix}-00001.warc.gz`, …
    pub fn new(
        dir: &Path,
        prefix: &str,
        max: u64,
        software: &str,
        site: &str,
    ) -> io::Result<Writer> {
        std::fs::create_dir_all(dir)?;
        Ok(Writer {
            dir: dir.to_path_buf(),
            prefix: prefix.to_string(),
            max,
            info: format!(
                "software: {software}\r\nformat: WARC File Format 1.1\r\nisPartOf: {site}\r\n"
            ),
            files: Vec::new(),
            current: None,
        })
    }

    fn record(
        &mut self,
        headers: &[(&str, String)],
        head: &[u8],
        body: &mut dyn Read,
        body_len: u64,
    ) -> io::Result<()> {
        if self.current.as_ref().is_none_or(|(_, n)| *n >= self.max) {
            self.next_file()?;
        }
        let (out, written) = self.current.as_mut().expect("a file is open");
        // Fast compression: most of a site's bytes are photos and PDFs that gzip cannot shrink.
        let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
        let mut h = String::from("WARC/1.1\r\n");
        for (k, v) in headers {
            h += &format!("{k}: {v}\r\n");
        }
        h += &format!("Content-Length: {}\r\n\r\n", head.len() as u64 + body_len);
        gz.write_all(h.as_bytes())?;
        gz.write_all(head)?;
        let copied = io::copy(&mut body.take(body_len), &mut gz)?;
        if copied != body_len {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "body shorter than recorded",
            ));
        }
        gz.write_all(b"\r\n\r\n")?;
        let bytes = gz.finish()?;
        out.write_all(&bytes)?;
        *written += bytes.len() as u64;
        Ok(())
    }

    fn next_file(&mut self) -> io::Result<()> {
        if let Some((mut f, _)) = self.current.take() {
            f.flush()?;
        }
        let path = self.dir.join(format!(
            "{}-{:05}.warc.gz",
            self.prefix,
            self.files.len() + 1
        ));
        self.current = Some((BufWriter::new(File::create(&path)?), 0));
        self.files.push(path.clone());
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let info = self.info.clone();
        let headers = [
            ("WARC-Type", "warcinfo".to_string()),
            ("WARC-Record-ID", record_id()),
            (
                "WARC-Date",
                chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            ),
            ("WARC-Filename", name),
            ("Content-Type", "application/warc-fields".to_string()),
        ];
        self.record(&headers, info.as_bytes(), &mut io::empty(), 0)
    }

    /// A full response whose body is the file at `body`.
    pub fn response(&mut self, x: &Exchange, body: &Path) -> io::Result<()> {
        let mut f = File::open(body)?;
        let len = f.metadata()?.len();
        let headers = [
            ("WARC-Type", "response".to_string()),
            ("WARC-Record-ID", record_id()),
            ("WARC-Date", x.date.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
            ("WARC-Target-URI", x.url.to_string()),
            (
                "Content-Type",
                "application/http; msgtype=response".to_string(),
            ),
        ];
        self.record(&headers, &http_head(x.status, x.headers), &mut f, len)
    }

    /// The server said "not modified": a revisit of the response recorded at `original_date`.
    pub fn not_modified(
        &mut self,
        x: &Exchange,
        original_date: chrono::DateTime<chrono::Utc>,
    ) -> io::Result<()> {
        let headers = [
            ("WARC-Type", "revisit".to_string()),
            ("WARC-Record-ID", record_id()),
            ("WARC-Date", x.date.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
            ("WARC-Target-URI", x.url.to_string()),
            (
                "WARC-Profile",
                "http://netpreserve.org/warc/1.1/revisions/server-not-modified".to_string(),
            ),
            ("WARC-Refers-To-Target-URI", x.url.to_string()),
            (
                "WARC-Refers-To-Date",
                original_date.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            ),
            (
                "Content-Type",
                "application/http; msgtype=response".to_string(),
            ),
        ];
        self.record(&headers, &http_head(304, x.headers), &mut io::empty(), 0)
    }

    pub fn finish(mut self) -> io::Result<Vec<PathBuf>> {
        if let Some((mut f, _)) = self.current.take() {
            f.flush()?;
            f.get_ref().sync_all()?;
        }
        Ok(self.files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::MultiGzDecoder;

    #[test]
    fn records_are_gzip_members_and_files_roll_over() {
        let dir = tempfile::tempdir().unwrap();
        let body = dir.path().join("b");
        std::fs::write(&body, "<p>Trường</p>").unwrap();
        let mut w = Writer::new(
            &dir.path().join("w"),
            "trang-web",
            600,
            "SaoLuu test",
            "http://a.vn/",
        )
        .unwrap();
        let h = vec![
            ("Content-Type".to_string(), "text/html".to_string()),
            ("Transfer-Encoding".into(), "chunked".into()),
        ];
        let x = Exchange {
            url: "http://a.vn/",
            date: chrono::Utc::now(),
            status: 200,
            headers: &h,
        };
        for _ in 0..5 {
            w.response(&x, &body).unwrap();
        }
        w.not_modified(&x, chrono::Utc::now()).unwrap();
        let files = w.finish().unwrap();
        assert!(files.len() >= 2, "rolled over at the limit: {files:?}");
        let mut all = String::new();
        for f in &files {
            MultiGzDecoder::new(File::open(f).unwrap())
                .read_to_string(&mut all)
                .unwrap();
        }
        assert_eq!(all.matches("WARC-Type: warcinfo").count(), files.len());
        assert_eq!(all.matches("WARC-Type: response").count(), 5);
        assert_eq!(all.matches("WARC-Type: revisit").count(), 1);
        assert!(
            all.contains("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Trường</p>\r\n\r\n")
        );
        assert!(!all.contains("chunked"));
    }
}
