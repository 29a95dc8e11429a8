//! This week against the newest earlier backup of the same section: records added, removed and
//! changed (with the changed fields), so that new data is never confused with old, and a sudden
//! large drop (an export of the wrong class, a damaged system) is caught before saving.

use super::{Record, Section};
use crate::text::html_escape as esc;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Changed {
    pub key: String,
    /// (field, before, now)
    pub fields: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Changes {
    pub section: Section,
    /// Records at the last backup; `None` when there is none to compare with.
    pub before: Option<usize>,
    pub now: usize,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<Changed>,
}

pub fn compare(section: Section, old: Option<&[Record]>, new: &[Record]) -> Changes {
    let mut c = Changes {
        section,
        before: old.map(|o| o.len()),
        now: new.len(),
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
    };
    let Some(old) = old else { return c };
    let before: BTreeMap<&str, &Record> = old.iter().map(|r| (r.key.as_str(), r)).collect();
    let now: BTreeMap<&str, &Record> = new.iter().map(|r| (r.key.as_str(), r)).collect();
    for (k, r) in &now {
        match before.get(k) {
            None => c.added.push(k.to_string()),
            Some(o) => {
                let mut fields: Vec<(String, String, String)> = Vec::new();
                for (f, v) in &r.fields {
                    let was = o.fields.get(f).cloned().unwrap_or_default();
                    if was != *v {
                        fields.push((f.clone(), was, v.clone()));
                    }
                }
                for (f, was) in &o.fields {
                    if !r.fields.contains_key(f) && !was.is_empty() {
                        fields.push((f.clone(), was.clone(), String::new()));
                    }
                }
                if !fields.is_empty() {
                    c.changed.push(Changed {
                        key: k.to_string(),
                        fields,
                    });
                }
            }
        }
    }
    c.removed = before
        .keys()
        .filter(|k| !now.contains_key(*k))
        .map(|k| k.to_string())
        .collect();
    c
}

impl Changes {
    /// "+12 học sinh mới, 3 học sinh không còn trong danh sách, 5 hồ sơ thay đổi"
    pub fn sentence(&self) -> String {
        match self.before {
            None => format!(
                "{} {}; chưa có bản sao lưu trước để so sánh",
                self.now,
                self.section.one()
            ),
            Some(_) => format!(
                "{} {}: +{} {} mới, {} {} không còn trong danh sách, {} hồ sơ thay đổi",
                self.now,
                self.section.one(),
                self.added.len(),
                self.section.one(),
                self.removed.len(),
                self.section.one(),
                self.changed.len()
            ),
        }
    }

    /// More than 20 % fewer records than last time.
    pub fn big_drop(&self) -> bool {
        self.before.is_some_and(|b| b >= 5 && self.now * 5 < b * 4)
    }
}

/// `thay-doi.csv` (UTF-8 with BOM): one row per added, removed or changed field.
pub fn csv(all: &[Changes]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let _ = w.write_record(["Phần", "Thay đổi", "Mã", "Trường thông tin", "Trước", "Nay"]);
    for c in all {
        let s = c.section.label();
        for k in &c.added {
            let _ = w.write_record([s, "Mới", k, "", "", ""]);
        }
        for k in &c.removed {
            let _ = w.write_record([s, "Không còn", k, "", "", ""]);
        }
        for ch in &c.changed {
            for (f, a, b) in &ch.fields {
                let _ = w.write_record([s, "Thay đổi", &ch.key, f, a, b]);
            }
        }
    }
    w.into_inner().unwrap_or_default()
}

/// `thay-doi.html`: the same, for people.
pub fn html(all: &[Changes]) -> String {
    let mut body = String::new();
    for c in all {
        body += &format!(
            "<h2>{}</h2><p>{}</p>",
            esc(c.section.label()),
            esc(&c.sentence())
        );
        if c.big_drop() {
            body += "<p class=\"canh-bao\">Cảnh báo: số hồ sơ giảm hơn 20 % so với lần trước. Hãy kiểm tra lại tệp đã xuất.</p>";
        }
        let list = |title: &str, keys: &[String]| {
            if keys.is_empty() {
                String::new()
            } else {
                let li: String = keys
                    .iter()
                    .map(|k| format!("<li>{}</li>", esc(k)))
                    .collect();
                format!("<h3>{} ({})</h3><ul>{li}</ul>", esc(title), keys.len())
            }
        };
        body += &list("Mới", &c.added);
        body += &list("Không còn trong danh sách", &c.removed);
        if !c.changed.is_empty() {
            let rows: String = c
                .changed
                .iter()
                .flat_map(|ch| {
                    ch.fields.iter().map(move |(f, a, b)| {
                        format!(
                            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                            esc(&ch.key),
                            esc(f),
                            esc(a),
                            esc(b)
                        )
                    })
                })
                .collect();
            body += &format!(
                "<h3>Thay đổi ({})</h3><table><tr><th>Mã</th><th>Thông tin</th><th>Trước</th><th>Nay</th></tr>{rows}</table>",
                c.changed.len()
            );
        }
    }
    format!(
        "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Thay đổi so với lần sao lưu trước</title>\
         <style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}td,th{{border:1px solid #999;padding:.2em .5em}}\
         table{{border-collapse:collapse}}.canh-bao{{color:#b00;font-weight:bold}}</style>\
         <h1>Dữ liệu eSchool: thay đổi so với lần sao lưu trước</h1>{body}</html>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(key: &str, class: &str) -> Record {
        Record {
            key: key.into(),
            fields: BTreeMap::from([
                ("Mã học sinh".to_string(), key.to_string()),
                ("Lớp".to_string(), class.to_string()),
            ]),
        }
    }

    #[test]
    fn added_removed_changed_and_the_large_drop() {
        let old: Vec<Record> = (1..=10).map(|i| rec(&format!("HS{i:02}"), "1A")).collect();
        let mut new: Vec<Record> = (3..=10).map(|i| rec(&format!("HS{i:02}"), "1A")).collect();
        new[0].fields.insert("Lớp".into(), "2A".into());
        new.push(rec("HS11", "1B"));
        let c = compare(Section::HocSinh, Some(&old), &new);
        assert_eq!(c.added, ["HS11"]);
        assert_eq!(c.removed, ["HS01", "HS02"]);
        assert_eq!(
            c.changed,
            [Changed {
                key: "HS03".into(),
                fields: vec![("Lớp".into(), "1A".into(), "2A".into())]
            }]
        );
        assert_eq!(
            c.sentence(),
            "9 học sinh: +1 học sinh mới, 2 học sinh không còn trong danh sách, 1 hồ sơ thay đổi"
        );
        assert!(!c.big_drop());
        let dropped = compare(Section::HocSinh, Some(&old), &new[..7]);
        assert!(dropped.big_drop());
        assert!(!compare(Section::HocSinh, None, &new).big_drop());
        let csv = String::from_utf8(csv(std::slice::from_ref(&c))).unwrap();
        assert!(
            csv.contains("Hồ sơ học sinh,Thay đổi,HS03,Lớp,1A,2A"),
            "{csv}"
        );
        assert!(html(&[dropped]).contains("Cảnh báo"));
    }
}
