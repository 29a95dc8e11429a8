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

    /// The open file, after starting a new one once the current one has reached the limit.
    fn open(&mut self) -> io::Result<&mut (BufWriter<File>, u64)> {
        if self.current.as_ref().is_none_or(|(_, n)| *n >= self.max) {
            self.next_file()?;
        }
        Ok(self.current.as_mut().expect("a file is open"))
    }

    /// Appends one record made beforehand.
    pub fn add(&mut self, r: Record) -> io::Result<()> {
        let (out, written) = self.open()?;
        out.write_all(&r.0)?;
        *written += r.0.len() as u64;
        Ok(())
    }

    /// Appends a response compressed as it is read: for a body too large to hold in memory.
    pub fn add_response(&mut self, x: &Exchange, body: &mut dyn Read, len: u64) -> io::Result<()> {
        let (out, written) = self.open()?;
        let mut counted = Counted { out, n: 0 };
        member(
            &mut counted,
            &response_headers(x),
            &http_head(x.status, x.headers),
            body,
            len,
        )?;
        *written += counted.n;
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
        let info = Record::new(&headers, self.info.as_bytes(), &mut io::empty(), 0)?;
        self.add(info)
    }

    /// The files written. Not synced: they are copied into the backup's zip, which is.
    pub fn finish(mut self) -> io::Result<Vec<PathBuf>> {
        if let Some((mut f, _)) = self.current.take() {
            f.flush()?;
        }
        Ok(self.files)
    }
}

/// Counts what goes through, for the file size limit.
struct Counted<'a, W: Write> {
    out: &'a mut W,
    n: u64,
}

impl<W: Write> Write for Counted<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.n += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Writes one record as its own gzip member.
fn member(
    out: &mut dyn Write,
    headers: &[(&str, String)],
    head: &[u8],
    body: &mut dyn Read,
    body_len: u64,
) -> io::Result<()> {
    // Fast compression: most of a site's bytes are photos and PDFs that gzip cannot shrink.
    let mut gz = GzEncoder::new(out, Compression::fast());
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
    gz.finish()?;
    Ok(())
}

fn response_headers(x: &Exchange) -> [(&'static str, String); 5] {
    [
        ("WARC-Type", "response".to_string()),
        ("WARC-Record-ID", record_id()),
        ("WARC-Date", x.date.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        ("WARC-Target-URI", x.url.to_string()),
        (
            "Content-Type",
            "application/http; msgtype=response".to_string(),
        ),
    ]
}

/// One record, compressed as its own gzip member: made on any thread, appended in order by the
/// [`Writer`].
pub struct Record(Vec<u8>);

impl Record {
    fn new(
        headers: &[(&str, String)],
        head: &[u8],
        body: &mut dyn Read,
        body_len: u64,
    ) -> io::Result<Record> {
        let mut out = Vec::new();
        member(&mut out, headers, head, body, body_len)?;
        Ok(Record(out))
    }

    /// A full response whose body, `len` bytes, is read from `body`.
    pub fn response(x: &Exchange, body: &mut dyn Read, len: u64) -> io::Result<Record> {
        Record::new(
            &response_headers(x),
            &http_head(x.status, x.headers),
            body,
            len,
        )
    }

    /// The server said "not modified": a revisit of the response recorded at `original_date`.
    pub fn not_modified(
        x: &Exchange,
        original_date: chrono::DateTime<chrono::Utc>,
    ) -> io::Result<Record> {
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
        Record::new(&headers, &http_head(304, x.headers), &mut io::empty(), 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::MultiGzDecoder;

    #[test]
    fn records_are_gzip_members_and_files_roll_over() {
        let dir = tempfile::tempdir().unwrap();
        let body = "<p>Trường</p>".as_bytes();
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
            w.add(Record::response(&x, &mut &body[..], body.len() as u64).unwrap())
                .unwrap();
        }
        w.add(Record::not_modified(&x, chrono::Utc::now()).unwrap())
            .unwrap();
        // A large body goes in as it is read, in the same form.
        w.add_response(&x, &mut &body[..], body.len() as u64)
            .unwrap();
        let files = w.finish().unwrap();
        assert!(files.len() >= 2, "rolled over at the limit: {files:?}");
        let mut all = String::new();
        for f in &files {
            MultiGzDecoder::new(File::open(f).unwrap())
                .read_to_string(&mut all)
                .unwrap();
        }
        assert_eq!(all.matches("WARC-Type: warcinfo").count(), files.len());
        assert_eq!(all.matches("WARC-Type: response").count(), 6);
        assert_eq!(all.matches("WARC-Type: revisit").count(), 1);
        assert!(
            all.contains("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Trường</p>\r\n\r\n")
        );
        assert!(!all.contains("chunked"));
    }
}
