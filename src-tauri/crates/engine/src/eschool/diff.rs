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

/// Header names of row-number columns in real exports ("STT", "Số TT", "TT", "No.", …), folded.
const ROW_NUMBER_NAMES: &[&str] = &["stt", "so tt", "tt", "so thu tu", "thu tu", "no", "no."];

/// The fields that say where a record stands in the file, not anything about the person: a
/// row-number column by its name, or any column whose values count up by one from row to row in
/// both exports (starting again at 1 where the next class's file begins). Removing a student near
/// the top renumbers every row below; that is no change. A real code (a student id) that happens
/// to count up keeps its gaps once a row goes, so it stays a fact.
fn positional(old: &[Record], new: &[Record]) -> Vec<String> {
    let counts_up = |records: &[Record], field: &str| {
        let values: Option<Vec<u64>> = records
            .iter()
            .map(|r| r.fields.get(field)?.trim().parse().ok())
            .collect();
        // Mostly steps of one: a column of 1s ("con thứ") is a fact, not a position.
        values.is_some_and(|v| {
            let steps = v.windows(2).filter(|w| w[1] == w[0] + 1).count();
            let restarts = v.windows(2).filter(|w| w[1] == 1 && w[0] != 0).count();
            v.len() >= 3 && v[0] == 1 && steps + restarts == v.len() - 1 && restarts < steps
        })
    };
    let mut names: Vec<String> = new
        .iter()
        .chain(old)
        .flat_map(|r| r.fields.keys())
        .cloned()
        .collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|f| {
            ROW_NUMBER_NAMES.contains(&super::columns::normal(f).as_str())
                || (counts_up(old, f) && counts_up(new, f))
        })
        .collect()
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
    let skip = positional(old, new);
    let before: BTreeMap<&str, &Record> = old.iter().map(|r| (r.key.as_str(), r)).collect();
    let now: BTreeMap<&str, &Record> = new.iter().map(|r| (r.key.as_str(), r)).collect();
    for (k, r) in &now {
        match before.get(k) {
            None => c.added.push(k.to_string()),
            Some(o) => {
                let mut fields: Vec<(String, String, String)> = Vec::new();
                for (f, v) in r.fields.iter().filter(|(f, _)| !skip.contains(f)) {
                    let was = o.fields.get(f).cloned().unwrap_or_default();
                    if was != *v {
                        fields.push((f.clone(), was, v.clone()));
                    }
                }
                for (f, was) in o.fields.iter().filter(|(f, _)| !skip.contains(f)) {
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

    /// A real export's rows: a row number, the student's code (with gaps), name and class.
    fn numbered(rows: &[(u32, &str)]) -> Vec<Record> {
        rows.iter()
            .enumerate()
            .map(|(i, (code, class))| Record {
                key: format!("HS{code:03}"),
                fields: BTreeMap::from([
                    ("Số TT".to_string(), (i + 1).to_string()),
                    ("Thứ tự trong lớp".to_string(), (i + 1).to_string()),
                    ("Mã học sinh".to_string(), format!("HS{code:03}")),
                    ("Số báo danh".to_string(), (100 + code).to_string()),
                    ("Lớp".to_string(), class.to_string()),
                ]),
            })
            .collect()
    }

    #[test]
    fn rows_that_moved_are_not_changed_records() {
        let week1: Vec<(u32, &str)> = (1..=20).map(|c| (c, "1A")).collect();
        // Week 2: two rows gone at the top, one in the middle, one at the end; one student moved
        // to another class; every row below a removed one has a new row number.
        let mut week2: Vec<(u32, &str)> = week1
            .iter()
            .copied()
            .filter(|(c, _)| ![1, 2, 10, 20].contains(c))
            .collect();
        week2[5].1 = "1B";
        let c = compare(Section::HocSinh, Some(&numbered(&week1)), &numbered(&week2));
        assert_eq!(c.removed, ["HS001", "HS002", "HS010", "HS020"]);
        assert!(c.added.is_empty());
        assert_eq!(
            c.changed,
            [Changed {
                key: "HS008".into(),
                fields: vec![("Lớp".into(), "1A".into(), "1B".into())]
            }],
            "only the class change, not the renumbered rows"
        );
        // A code that counts up but keeps its gaps (Số báo danh) is a fact: when it changes, it
        // is reported.
        let mut edited = numbered(&week2);
        edited[0].fields.insert("Số báo danh".into(), "999".into());
        let c = compare(Section::HocSinh, Some(&numbered(&week2)), &edited);
        assert_eq!(c.changed.len(), 1);
        assert_eq!(c.changed[0].fields[0].0, "Số báo danh");
    }

    #[test]
    fn class_by_class_files_number_each_class_from_one() {
        // Three class files read one after another: "Thứ tự trong lớp" starts again at 1 in
        // each. A student moving from 1A to 1B renumbers both classes; only the class changed.
        let classes = |moved: bool| -> Vec<(u32, &str)> {
            let mut rows: Vec<(u32, &str)> = (1..=30)
                .map(|c| (c, ["1A", "1B", "1C"][(c as usize - 1) / 10]))
                .collect();
            if moved {
                let s = rows.remove(2);
                rows.insert(15, (s.0, "1B"));
            }
            rows
        };
        let numbered_by_class = |rows: Vec<(u32, &str)>| {
            let mut r = numbered(&rows);
            let mut n = 0;
            for (i, rec) in r.iter_mut().enumerate() {
                n = if i > 0 && rows[i - 1].1 != rows[i].1 {
                    1
                } else {
                    n + 1
                };
                rec.fields.insert("Thứ tự trong lớp".into(), n.to_string());
            }
            r
        };
        let c = compare(
            Section::HocSinh,
            Some(&numbered_by_class(classes(false))),
            &numbered_by_class(classes(true)),
        );
        assert_eq!(
            c.changed,
            [Changed {
                key: "HS003".into(),
                fields: vec![("Lớp".into(), "1A".into(), "1B".into())]
            }]
        );
        // A column of 1s is a fact about each person, not a position.
        let ones = |v: &str| {
            let mut r = numbered(&classes(false));
            for rec in &mut r {
                rec.fields.insert("Con thứ".into(), "1".into());
            }
            r[4].fields.insert("Con thứ".into(), v.into());
            r
        };
        assert_eq!(
            compare(Section::HocSinh, Some(&ones("1")), &ones("2"))
                .changed
                .len(),
            1
        );
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
