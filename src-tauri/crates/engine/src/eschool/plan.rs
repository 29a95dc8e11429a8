//! One eSchool backup before and while it is written: every given file read and checked, each
//! section compared with its newest earlier backup on the drive, then the originals, the
//! normalised data and the comparison written into the (always encrypted) `eschool.zip`.

use super::diff::{self, Changes};
use super::{analyse, Analysis, Data, Problem, Section, SectionData};
use crate::archive::ZipBuilder;
use crate::error::{Error, IoContext, Result};
use crate::passphrase::Passphrase;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One section as given for this backup.
#[derive(Debug, Clone, Serialize)]
pub struct SectionPlan {
    pub section: Section,
    pub files: Vec<PathBuf>,
    /// Each file read; empty when a file was refused.
    pub analyses: Vec<Analysis>,
    /// Why the section is not stored this time (the first refused file, in Vietnamese).
    pub refused: Option<String>,
    #[serde(skip)]
    pub problem: Option<(PathBuf, Problem)>,
    pub changes: Option<Changes>,
    /// Files whose columns were not recognised: stored unchanged, not counted.
    pub unrecognised: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub sections: Vec<SectionPlan>,
}

impl Plan {
    /// Sections that would be stored.
    pub fn storable(&self) -> impl Iterator<Item = &SectionPlan> {
        self.sections.iter().filter(|s| s.refused.is_none())
    }

    /// The warning to confirm before saving, when a section's record count fell by more than a
    /// fifth ([`Changes::big_drop`]).
    pub fn drop_warning(&self) -> Option<String> {
        let drops = self.big_drops();
        (!drops.is_empty()).then(|| crate::message::big_drop(&drops))
    }

    /// Sentences for sections whose record count dropped by more than 20 %.
    pub fn big_drops(&self) -> Vec<String> {
        self.storable()
            .filter_map(|s| s.changes.as_ref().filter(|c| c.big_drop()))
            .map(|c| {
                format!(
                    "{}: chỉ còn {} {}, lần trước có {}.",
                    c.section.label(),
                    c.now,
                    c.section.one(),
                    c.before.unwrap_or(0)
                )
            })
            .collect()
    }
}

impl SectionPlan {
    /// The section's line before saving: why it is refused, what changed, or that its columns
    /// were not recognised.
    pub fn sentence(&self) -> String {
        match (&self.refused, &self.changes) {
            (Some(why), _) => why.clone(),
            (None, Some(c)) => c.sentence(),
            (None, None) => crate::message::unrecognised_columns(&self.unrecognised),
        }
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// The newest earlier `du-lieu.json` of each section on the drive (`app_dir`), opened with the
/// passphrase. A run whose data cannot be read (another passphrase) is skipped.
pub fn previous(app_dir: &Path, pass: &Passphrase) -> BTreeMap<Section, SectionData> {
    let mut found: BTreeMap<Section, SectionData> = BTreeMap::new();
    let Ok(runs) = crate::runs::list(app_dir) else {
        return found;
    };
    for run in runs {
        for (zip_name, _) in run
            .zips
            .iter()
            .filter(|(n, _)| crate::runs::source_stem(n) == "eschool")
        {
            let Some(data) = read_data(&run.dir.join(zip_name), pass) else {
                continue;
            };
            for (section, d) in data.sections {
                found.entry(section).or_insert(d);
            }
        }
        if found.len() == Section::ALL.len() {
            break;
        }
    }
    found
}

fn read_data(zip: &Path, pass: &Passphrase) -> Option<Data> {
    let f = std::fs::File::open(zip).ok()?;
    let mut z = zip::ZipArchive::new(f).ok()?;
    let mut entry = z
        .by_name_decrypt("du-lieu.json", pass.expose().as_bytes())
        .ok()?;
    let mut text = String::new();
    entry.read_to_string(&mut text).ok()?;
    serde_json::from_str(&text).ok()
}

impl SectionPlan {
    /// The typed error of a refused section.
    pub fn error(&self) -> Option<Error> {
        let (file, problem) = self.problem.clone()?;
        Some(Error::Eschool {
            file,
            section: self.section,
            problem,
        })
    }
}

/// What a backup of these files to `target` would store, compared with the newest earlier backup
/// of each section on it. Nothing is written: the wizard and the CLI show this and ask before the
/// run (which reads the files again, since they may change in between).
pub fn preview(target: &Path, files: &[(Section, PathBuf)], pass: &Passphrase) -> Result<Plan> {
    let target = crate::drive::open_target(target)?;
    prepare(files, &previous(&target.app_dir(), pass))
}

/// Reads every file and compares each section with `previous`.
pub fn prepare(
    files: &[(Section, PathBuf)],
    previous: &BTreeMap<Section, SectionData>,
) -> Result<Plan> {
    let mut sections = Vec::new();
    for section in Section::ALL {
        let given: Vec<PathBuf> = files
            .iter()
            .filter(|(s, _)| *s == section)
            .map(|(_, p)| p.clone())
            .collect();
        if given.is_empty() {
            continue;
        }
        let mut plan = SectionPlan {
            section,
            files: given.clone(),
            analyses: Vec::new(),
            refused: None,
            problem: None,
            changes: None,
            unrecognised: Vec::new(),
        };
        for path in &given {
            let bytes = std::fs::read(path).at(path)?;
            match analyse(&file_name(path), &bytes, section) {
                Ok(a) => plan.analyses.push(a),
                Err(problem) => {
                    plan.refused = Some(crate::message::eschool_problem(path, section, &problem));
                    plan.problem = Some((path.clone(), problem));
                    plan.analyses.clear();
                    break;
                }
            }
        }
        if plan.refused.is_none() {
            plan.unrecognised = plan
                .analyses
                .iter()
                .filter(|a| !a.recognised)
                .map(|a| a.file.clone())
                .collect();
            if plan.unrecognised.is_empty() {
                let records: Vec<_> = plan
                    .analyses
                    .iter()
                    .flat_map(|a| a.records.clone())
                    .collect();
                let old = previous
                    .get(&section)
                    .filter(|p| p.recognised)
                    .map(|p| p.records.as_slice());
                plan.changes = Some(diff::compare(section, old, &records));
            }
        }
        sections.push(plan);
    }
    Ok(Plan { sections })
}

/// What an eSchool backup stored, for the log and the report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub sections: Vec<SectionSummary>,
}

/// One section of a run, as the backup summarises it and the log keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct SectionSummary {
    pub section: Section,
    pub label: String,
    pub files: usize,
    /// `None` when the columns were not recognised.
    pub records: Option<usize>,
    pub added: Option<usize>,
    pub removed: Option<usize>,
    pub changed: Option<usize>,
    pub error: Option<String>,
    pub warning: Option<String>,
}

/// Writes the stored sections into the zip: `goc/<section>/<file>` byte for byte, then
/// `du-lieu.json`, `thay-doi.csv` and `thay-doi.html`.
pub fn write(zip: &mut ZipBuilder, plan: &Plan) -> Result<Summary> {
    let mut data = Data {
        format: 1,
        ..Data::default()
    };
    let mut summary = Summary::default();
    for s in &plan.sections {
        let mut row = SectionSummary {
            section: s.section,
            label: s.section.label().to_string(),
            files: 0,
            records: None,
            added: None,
            removed: None,
            changed: None,
            error: s.refused.clone(),
            warning: None,
        };
        if s.refused.is_some() {
            for f in &s.files {
                zip.note_problem(
                    &format!("goc/{}/{}", s.section.folder(), file_name(f)),
                    s.refused.clone().unwrap_or_default(),
                );
            }
            summary.sections.push(row);
            continue;
        }
        for f in &s.files {
            let rel = format!("goc/{}/{}", s.section.folder(), file_name(f));
            if let crate::archive::Added::Skipped(reason) = zip.add_file(&rel, f)? {
                return Err(Error::zip(f, reason));
            }
            row.files += 1;
        }
        if !s.unrecognised.is_empty() {
            row.warning = Some(crate::message::unrecognised_columns(&s.unrecognised));
        }
        if let Some(c) = &s.changes {
            row.records = Some(c.now);
            if c.before.is_some() {
                row.added = Some(c.added.len());
                row.removed = Some(c.removed.len());
                row.changed = Some(c.changed.len());
            }
        }
        data.sections.insert(
            s.section,
            SectionData {
                files: s.files.iter().map(|f| file_name(f)).collect(),
                recognised: s.unrecognised.is_empty(),
                records: s.analyses.iter().flat_map(|a| a.records.clone()).collect(),
            },
        );
        summary.sections.push(row);
    }
    let changes: Vec<Changes> = plan.storable().filter_map(|s| s.changes.clone()).collect();
    zip.add_bytes(
        "du-lieu.json",
        &serde_json::to_vec_pretty(&data).unwrap_or_default(),
        None,
    )?;
    zip.add_bytes("thay-doi.csv", &diff::csv(&changes), None)?;
    zip.add_bytes("thay-doi.html", diff::html(&changes).as_bytes(), None)?;
    Ok(summary)
}

impl Summary {
    /// The log's account: personal data, and per section the count and the change.
    pub fn note(&self) -> String {
        let mut parts = vec!["Dữ liệu cá nhân, đã mã hoá.".to_string()];
        for s in &self.sections {
            parts.push(match (&s.error, s.records) {
                (Some(_), _) => format!("{}: chưa lưu (tệp không dùng được).", s.label),
                (None, None) => format!(
                    "{}: đã lưu {} tệp, không nhận dạng được cột.",
                    s.label, s.files
                ),
                (None, Some(n)) => match (s.added, s.removed, s.changed) {
                    (Some(a), Some(r), Some(c)) => format!(
                        "{}: {n} hồ sơ (+{a} mới, {r} không còn, {c} thay đổi).",
                        s.label
                    ),
                    _ => format!("{}: {n} hồ sơ (lần đầu).", s.label),
                },
            });
        }
        parts.join(" ")
    }
}
