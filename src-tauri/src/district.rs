//! The commands behind the "Phòng Giáo dục" tab: the office's store and read key, its overview of
//! every school, one school's history and the report for the Sở. Everything is the engine's
//! `district`; the tab only shows it.

use crate::shell::{vi, Answer, Shell};
use saoluu_engine::config::{Config, SchoolLevel};
use saoluu_engine::district::{list, overview, report, StatusDoc};
use saoluu_engine::message;
use serde::Serialize;
use std::path::PathBuf;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

#[derive(Serialize)]
pub struct DistrictView {
    url: String,
    key_id: String,
    codes: String,
    schools: usize,
}

#[tauri::command]
pub fn district_settings(shell: State<'_, Shell>) -> Answer<Option<DistrictView>> {
    let config = Config::load(&shell.data).map_err(vi)?;
    Ok(config.district.map(|d| DistrictView {
        codes: d
            .schools
            .iter()
            .map(|s| s.code.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        schools: d.schools.len(),
        url: d.url,
        key_id: d.key_id,
    }))
}

/// Sets the office's store; the schools come from a CSV file when one is chosen, else from the
/// typed codes. An empty secret keeps the one in the keychain.
#[tauri::command]
pub fn set_district(
    shell: State<'_, Shell>,
    url: String,
    key_id: String,
    secret: String,
    codes: String,
    list: Option<PathBuf>,
) -> Answer<usize> {
    let schools = match list {
        Some(file) => list::read(&file).map_err(vi)?,
        None => list::from_codes(&codes, &list::known(&shell.data).map_err(vi)?),
    };
    let n = schools.len();
    let secret = Some(secret).filter(|s| !s.is_empty());
    overview::set(&shell.data, &url, key_id.trim(), secret.as_deref(), schools).map_err(vi)?;
    Ok(n)
}

/// The overview with its counts sentence, as the CLI prints it.
#[derive(Serialize)]
pub struct Shown {
    overview: overview::Overview,
    counts: String,
}

#[tauri::command]
pub async fn district_overview(
    shell: State<'_, Shell>,
    level: Option<SchoolLevel>,
) -> Answer<Shown> {
    let data = shell.data.clone();
    crate::shell::answer(move || {
        let o = overview::read(&data, chrono::Local::now(), level)?;
        Ok(Shown {
            counts: message::district_counts(&o),
            overview: o,
        })
    })
    .await
}

#[tauri::command]
pub async fn district_history(shell: State<'_, Shell>, code: String) -> Answer<Option<StatusDoc>> {
    let data = shell.data.clone();
    crate::shell::answer(move || overview::history(&data, &code)).await
}

/// The list of schools as a workbook or CSV chosen in the system's file chooser.
#[tauri::command]
pub async fn pick_school_list(app: AppHandle) -> Answer<Option<PathBuf>> {
    crate::shell::pick_file(
        app,
        message::shell::PICK_SCHOOL_LIST_TITLE,
        message::shell::PICK_SCHOOL_LIST_FILTER,
        &["xlsx", "xls", "ods", "csv"],
    )
    .await
}

#[derive(Serialize)]
pub struct Saved {
    path: PathBuf,
    opened: bool,
}

/// Writes the report for the Sở to Documents as `pdf` (opened) or `xlsx`.
#[tauri::command]
pub async fn save_district_report(
    app: AppHandle,
    shell: State<'_, Shell>,
    from: String,
    to: String,
    format: String,
    level: Option<SchoolLevel>,
) -> Answer<Saved> {
    let day = |s: &str| saoluu_engine::day::parse(s).map_err(vi);
    let (from, to) = (day(&from)?, day(&to)?);
    let data = shell.data.clone();
    let pdf = format == "pdf";
    let path = crate::shell::answer(move || {
        let path = report::default_path(from, to, &format)?;
        report::save(&data, from, to, level, &path)
    })
    .await?;
    let opened = pdf
        && app
            .opener()
            .open_path(path.display().to_string(), None::<&str>)
            .is_ok();
    Ok(Saved { path, opened })
}
