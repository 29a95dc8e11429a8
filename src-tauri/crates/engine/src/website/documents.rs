//! The documents the school issued (`van-ban/`): number and symbol, date issued, summary (trích
//! yếu) and the file, from NukeViet's laws module pages where the site has them, otherwise from
//! every linked document with its link text. The files themselves are in `van-ban/` too, one copy
//! each, which the offline copy's pages link to; `van-ban.csv` and `van-ban.html` say which is
//! which and where it is.

use super::articles::{iso_date, sel, text_of};
use crate::text::fold;
use scraper::Html;
use serde::Serialize;
use std::collections::BTreeMap;
use url::Url;

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Document {
    /// Số ký hiệu, e.g. `12/QĐ-THHS`.
    pub number: Option<String>,
    /// `YYYY-MM-DD`.
    pub issued: Option<String>,
    /// Trích yếu, or the link text when the site has no laws module.
    pub summary: Option<String>,
    pub file_name: String,
    pub url: String,
    /// Path inside the zip.
    pub saved_as: Option<String>,
    /// The page that describes it (a laws-module detail page), if any.
    pub page: Option<String>,
}

/// A laws-module detail page: label/value rows, and the document links on it.
pub fn from_detail_page(doc: &Html, url: &Url) -> Option<(Document, Vec<Url>)> {
    let (row, cell) = (sel("tr, dl, li, .row"), sel("td, th, dt, dd, span, div"));
    let mut d = Document {
        page: Some(url.to_string()),
        ..Document::default()
    };
    for r in doc.select(&row) {
        let cells: Vec<String> = r
            .select(&cell)
            .map(text_of)
            .filter(|t| !t.is_empty())
            .collect();
        let [label, value, ..] = cells.as_slice() else {
            continue;
        };
        let l = fold(label).to_lowercase();
        let v = fold(value).to_lowercase();
        // A list's header row ("Số ký hiệu | Trích yếu") is labels only, not a document.
        if ["so ky hieu", "trich yeu", "ngay ban hanh"]
            .iter()
            .any(|k| v.contains(k))
        {
            continue;
        }
        if d.number.is_none()
            && (l.contains("so ky hieu") || l.contains("so hieu") || l == "ky hieu")
        {
            d.number = Some(value.clone());
        } else if d.issued.is_none() && l.contains("ngay ban hanh") {
            d.issued = iso_date(value);
        } else if d.summary.is_none() && l.contains("trich yeu") {
            d.summary = Some(value.clone());
        }
    }
    if d.number.is_none() && d.summary.is_none() {
        return None;
    }
    let a = sel("a[href]");
    let files: Vec<Url> = doc
        .select(&a)
        .filter_map(|e| e.value().attr("href"))
        .filter_map(|h| url.join(&html_escape::decode_html_entities(h)).ok())
        .filter(|u| {
            super::is_document_path(u.as_str()) || u.query().is_some_and(|q| q.contains("download"))
        })
        .collect();
    Some((d, files))
}

/// Collects the documents of a crawl: described ones first, then any other saved document with
/// the text of a link that pointed at it.
#[derive(Default)]
pub struct Register {
    described: BTreeMap<String, Document>,
    link_text: BTreeMap<String, String>,
}

impl Register {
    pub fn add_described(&mut self, d: Document, file: &Url) {
        self.described.entry(file.to_string()).or_insert(Document {
            url: file.to_string(),
            ..d
        });
    }

    /// Takes in what `later` found where this register has nothing yet, as if its pages had
    /// been read after this one's.
    pub fn merge(&mut self, later: Register) {
        for (k, v) in later.described {
            self.described.entry(k).or_insert(v);
        }
        for (k, v) in later.link_text {
            self.link_text.entry(k).or_insert(v);
        }
    }

    /// Remembers the first non-empty text of a link to `target`.
    pub fn add_link_text(&mut self, target: &Url, text: &str) {
        let t = crate::text::squash(text);
        if !t.is_empty() {
            self.link_text.entry(target.to_string()).or_insert(t);
        }
    }

    /// One row per saved document: `(url, file name, path in zip)`.
    pub fn finish(
        mut self,
        saved: impl IntoIterator<Item = (String, String, String)>,
    ) -> Vec<Document> {
        let mut out = Vec::new();
        for (url, file_name, path) in saved {
            let d = match self.described.remove(&url) {
                Some(d) => d,
                None => Document {
                    summary: self.link_text.get(&url).cloned(),
                    url: url.clone(),
                    ..Document::default()
                },
            };
            out.push(Document {
                file_name,
                saved_as: Some(path),
                ..d
            });
        }
        out.sort_by(|a, b| b.issued.cmp(&a.issued).then(a.file_name.cmp(&b.file_name)));
        out
    }
}

pub fn csv(docs: &[Document]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let _ = w.write_record([
        "Số ký hiệu",
        "Ngày ban hành",
        "Trích yếu",
        "Tên tệp",
        "Tệp trong bản sao",
        "Địa chỉ gốc",
        "Trang mô tả",
    ]);
    for d in docs {
        let _ = w.write_record([
            d.number.as_deref().unwrap_or(""),
            d.issued.as_deref().unwrap_or(""),
            d.summary.as_deref().unwrap_or(""),
            &d.file_name,
            d.saved_as.as_deref().unwrap_or(""),
            &d.url,
            d.page.as_deref().unwrap_or(""),
        ]);
    }
    w.into_inner().unwrap_or_default()
}

/// `van-ban/van-ban.html`: the list with links to the files beside it.
pub fn html(docs: &[Document]) -> String {
    use crate::text::html_escape as esc;
    let rows: String = docs
        .iter()
        .map(|d| {
            let link = d
                .saved_as
                .as_ref()
                .map(|p| {
                    format!(
                        "<a href=\"{}\">{}</a>",
                        esc(&super::offline::relative("van-ban/van-ban.html", p)),
                        esc(&d.file_name)
                    )
                })
                .unwrap_or_else(|| esc(&d.file_name));
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{link}</td></tr>\n",
                esc(d.number.as_deref().unwrap_or("")),
                esc(d.issued.as_deref().unwrap_or("")),
                esc(d.summary.as_deref().unwrap_or(""))
            )
        })
        .collect();
    format!(
        "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Văn bản đã ban hành</title>\
         <style>body{{font-family:sans-serif}}td,th{{border:1px solid #999;padding:.2em .5em}}table{{border-collapse:collapse}}</style>\
         <h1>Văn bản đã ban hành ({})</h1><table><tr><th>Số ký hiệu</th><th>Ngày ban hành</th><th>Trích yếu</th><th>Tệp</th></tr>\n{rows}</table></html>",
        docs.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laws_detail_pages_and_plain_links() {
        let page = r#"<table><tr><td>Số ký hiệu</td><td>12/QĐ-THHS</td></tr><tr><td>Ngày ban hành</td><td>05/09/2025</td></tr>
            <tr><td>Trích yếu</td><td>Về việc thành lập hội đồng</td></tr>
            <tr><td>Tải về</td><td><a href="/index.php?nv=laws&amp;op=download&amp;id=12">QĐ</a></td></tr></table>"#;
        let url = Url::parse("http://a.vn/laws/detail/qd-12.html").unwrap();
        let (d, files) = from_detail_page(&Html::parse_document(page), &url).unwrap();
        assert_eq!(d.number.as_deref(), Some("12/QĐ-THHS"));
        assert_eq!(d.issued.as_deref(), Some("2025-09-05"));
        assert_eq!(d.summary.as_deref(), Some("Về việc thành lập hội đồng"));
        assert_eq!(
            files[0].as_str(),
            "http://a.vn/index.php?nv=laws&op=download&id=12"
        );
        assert!(
            from_detail_page(&Html::parse_document("<p>Không phải văn bản</p>"), &url).is_none()
        );
        let list = "<table><tr><th>Số ký hiệu</th><th>Trích yếu</th></tr><tr><td>1/QĐ</td><td>Về việc</td></tr></table>";
        assert!(from_detail_page(&Html::parse_document(list), &url).is_none());

        let mut r = Register::default();
        r.add_described(d, &files[0]);
        let other = Url::parse("http://a.vn/uploads/ke-hoach.pdf").unwrap();
        r.add_link_text(&other, "  Kế hoạch   năm học ");
        let docs = r.finish([
            (
                files[0].to_string(),
                "QĐ 12.pdf".into(),
                "van-ban/x/QĐ 12.pdf".into(),
            ),
            (
                other.to_string(),
                "ke-hoach.pdf".into(),
                "van-ban/uploads/ke-hoach.pdf".into(),
            ),
        ]);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].number.as_deref(), Some("12/QĐ-THHS"));
        assert_eq!(docs[1].summary.as_deref(), Some("Kế hoạch năm học"));
        let csv = String::from_utf8(csv(&docs)).unwrap();
        assert!(csv.contains("12/QĐ-THHS") && csv.contains("Kế hoạch năm học"));
        // van-ban.html sits beside the files it lists.
        let page = html(&docs);
        assert!(
            page.contains("<a href=\"x/Q%C4%90%2012.pdf\">QĐ 12.pdf</a>"),
            "{page}"
        );
    }
}
