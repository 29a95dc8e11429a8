//! Which old runs on a drive may be deleted.
//!
//! Rules, per source (a zip name such as `trang-web` or `eschool`): keep every run of the last
//! `weekly_weeks` weeks (8); keep the newest run of each calendar month for `monthly_months`
//! months (12); always keep the newest run of every source. A run folder is deleted only when no
//! source keeps it, and only after the new run was verified (the caller's duty). Deletion renames
//! the folder to a temporary name first, so a half-deleted run never looks complete.

use crate::error::{IoContext, Result};
use chrono::{DateTime, Datelike, Duration, Local};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Policy {
    pub weekly_weeks: i64,
    pub monthly_months: i64,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            weekly_weeks: 8,
            monthly_months: 12,
        }
    }
}

/// A run as retention sees it: when, and which sources it holds.
#[derive(Debug, Clone)]
pub struct RunFacts {
    pub dir: PathBuf,
    pub at: DateTime<Local>,
    pub sources: Vec<String>,
    pub bytes: u64,
}

/// Months between two dates counted on the calendar (Nov → Jan is 2).
fn months_between(a: DateTime<Local>, b: DateTime<Local>) -> i64 {
    (b.year() as i64 * 12 + b.month() as i64) - (a.year() as i64 * 12 + a.month() as i64)
}

/// The runs to delete under `policy` at `now`. Pure: everything it needs is an argument.
pub fn plan(runs: &[RunFacts], now: DateTime<Local>, policy: Policy) -> Vec<PathBuf> {
    let mut keep: HashSet<&Path> = HashSet::new();
    let mut by_source: BTreeMap<&str, Vec<&RunFacts>> = BTreeMap::new();
    for r in runs {
        for s in &r.sources {
            by_source.entry(s.as_str()).or_default().push(r);
        }
    }
    for list in by_source.values_mut() {
        list.sort_by_key(|r| r.at);
        if let Some(newest) = list.last() {
            keep.insert(&newest.dir);
        }
        let mut month_seen = HashSet::new();
        for r in list.iter().rev() {
            if now - r.at <= Duration::weeks(policy.weekly_weeks) {
                keep.insert(&r.dir);
            }
            let month = (r.at.year(), r.at.month());
            if months_between(r.at, now) < policy.monthly_months && month_seen.insert(month) {
                keep.insert(&r.dir);
            }
        }
    }
    let mut out: Vec<PathBuf> = runs
        .iter()
        .filter(|r| !keep.contains(r.dir.as_path()))
        .map(|r| r.dir.clone())
        .collect();
    out.sort();
    out
}

/// Reads the finished runs of a drive's app folder.
pub fn facts(app_dir: &Path) -> Result<Vec<RunFacts>> {
    let mut out = Vec::new();
    for run in crate::runs::list(app_dir)? {
        let Some(at) = crate::runs::time_of(&run.name) else {
            continue;
        };
        let mut sources: Vec<String> = Vec::new();
        for (zip, _) in &run.zips {
            let source = crate::runs::source_stem(zip).to_string();
            if !sources.contains(&source) {
                sources.push(source);
            }
        }
        out.push(RunFacts {
            bytes: run.zips.iter().map(|(_, b)| b).sum(),
            dir: run.dir,
            at,
            sources,
        });
    }
    // Oldest first, as before.
    out.reverse();
    Ok(out)
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Pruned {
    pub removed: Vec<PathBuf>,
    pub freed_bytes: u64,
}

/// What pruning would remove now, with the space it would free.
pub fn preview(app_dir: &Path, now: DateTime<Local>, policy: Policy) -> Result<Pruned> {
    let runs = facts(app_dir)?;
    let doomed = plan(&runs, now, policy);
    let freed_bytes = runs
        .iter()
        .filter(|r| doomed.contains(&r.dir))
        .map(|r| r.bytes)
        .sum();
    Ok(Pruned {
        removed: doomed,
        freed_bytes,
    })
}

/// Deletes what [`plan`] allows. Call only after the newest run was verified.
pub fn prune(app_dir: &Path, now: DateTime<Local>, policy: Policy) -> Result<Pruned> {
    let p = preview(app_dir, now, policy)?;
    for dir in &p.removed {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The temporary name makes a half-deleted run look like an interrupted one, never complete.
        let doomed = app_dir.join(format!(".dang-ghi-xoa-{name}"));
        fs::rename(dir, &doomed).at(dir)?;
        fs::remove_dir_all(&doomed).at(&doomed)?;
    }
    crate::archive::sync_dir(app_dir)?;
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Local> {
        Local.with_ymd_and_hms(y, m, d, 9, 0, 0).unwrap()
    }

    fn run(y: i32, m: u32, d: u32, sources: &[&str]) -> RunFacts {
        RunFacts {
            dir: PathBuf::from(format!("{y:04}-{m:02}-{d:02}_090000")),
            at: at(y, m, d),
            sources: sources.iter().map(|s| s.to_string()).collect(),
            bytes: 10,
        }
    }

    fn names(v: Vec<PathBuf>) -> Vec<String> {
        v.into_iter().map(|p| p.display().to_string()).collect()
    }

    #[test]
    fn weekly_for_eight_weeks_then_monthly_for_a_year() {
        let now = at(2026, 11, 25);
        let mut runs = Vec::new();
        // Weekly runs for two years.
        let mut t = at(2024, 11, 27);
        while t <= now {
            runs.push(RunFacts {
                dir: PathBuf::from(t.format("%Y-%m-%d_090000").to_string()),
                at: t,
                sources: vec!["eschool".into()],
                bytes: 1,
            });
            t += Duration::weeks(1);
        }
        let doomed = plan(&runs, now, Policy::default());
        let kept: Vec<&RunFacts> = runs.iter().filter(|r| !doomed.contains(&r.dir)).collect();
        // 8 weeks of weekly runs (9 run dates fall within 56 days) plus one per older month.
        assert!(
            kept.iter()
                .filter(|r| now - r.at <= Duration::weeks(8))
                .count()
                == 9
        );
        let older: Vec<_> = kept
            .iter()
            .filter(|r| now - r.at > Duration::weeks(8))
            .collect();
        let months: HashSet<_> = older.iter().map(|r| (r.at.year(), r.at.month())).collect();
        assert_eq!(
            months.len(),
            older.len(),
            "at most one per month beyond 8 weeks"
        );
        assert!(older.iter().all(|r| months_between(r.at, now) < 12));
        assert!(kept.len() < 25 && kept.len() > 15, "{}", kept.len());
    }

    #[test]
    fn newest_run_of_every_source_survives_and_shared_runs_stay_while_any_source_keeps_them() {
        let now = at(2026, 11, 25);
        let runs = vec![
            run(2023, 1, 10, &["van-thu"]), // the only run of van-thu: kept however old
            run(2023, 2, 10, &["eschool"]), // old, superseded: deleted
            run(2026, 11, 20, &["eschool", "trang-web"]),
        ];
        assert_eq!(
            names(plan(&runs, now, Policy::default())),
            ["2023-02-10_090000"]
        );
    }

    #[test]
    fn prune_deletes_only_planned_folders_from_disk() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["2020-01-05_090000", "2026-11-20_090000"] {
            let d = dir.path().join(name);
            fs::create_dir(&d).unwrap();
            fs::write(d.join("eschool.zip"), b"zip").unwrap();
            fs::write(d.join("SHA256SUMS"), b"x  eschool.zip\n").unwrap();
        }
        let p = prune(dir.path(), at(2026, 11, 25), Policy::default()).unwrap();
        assert_eq!(p.freed_bytes, 3);
        assert!(!dir.path().join("2020-01-05_090000").exists());
        assert!(dir.path().join("2026-11-20_090000").exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
