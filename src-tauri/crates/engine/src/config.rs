//! The school's settings, saved atomically as JSON in the app-data folder. No secrets live here.

use crate::appdata::AppData;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    pub school_name: String,
    /// The school website's address; empty when the school has not entered it.
    pub website: String,
    pub folders: Vec<PathBuf>,
    /// Folders registered as backup targets (drives are found by their marker wherever they mount).
    pub targets: Vec<PathBuf>,
    pub retention: crate::retention::Policy,
    pub website_settings: crate::website::Settings,
    pub admin_password: AdminPassword,
    pub eschool: EschoolSettings,
    /// The day of the week backups are due; `None`: every 7 days after the last good one.
    pub backup_day: Option<chrono::Weekday>,
    /// Days between restore drills.
    pub drill_every_days: u32,
    /// For the disaster-recovery plan: who answers for the backups, where the drives and the
    /// recovery sheet are kept. Plain words the principal types; no secrets.
    pub plan: PlanSettings,
    /// Start a backup on its own this many seconds after a due drive is plugged in; `None`: wait
    /// for a click (the drive may have been plugged in to restore).
    pub plug_countdown_secs: Option<u32>,
    /// The app does not start at login (it does by default).
    pub no_autostart: bool,
    /// The school's governing body, for the report and the plan ("Phòng GD&ĐT quận …").
    pub governing_body: String,
    /// Mầm non, tiểu học, THCS: the directive's three kinds of school.
    pub school_level: Option<SchoolLevel>,
    /// The store the offsite copy goes to (`offsite`); its secret lives in the keychain.
    pub offsite: Option<OffsiteSettings>,
    /// The education office's overview (`district`): its store, read key and expected schools.
    pub district: Option<DistrictSettings>,
}

/// Where the offsite copy goes: the store's address (`s3://BUCKET/PREFIX?endpoint=…` or
/// `webdav+https://HOST/PATH`) and the key's id. Never the secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OffsiteSettings {
    pub url: String,
    pub key_id: String,
    /// KiB per second the upload may average, so that it never takes the whole school's link.
    /// `None`: a share of the link as measured by the uploads themselves (`offsite::push`);
    /// `Some(0)`: no limit.
    #[serde(default)]
    pub limit_kib_s: Option<u32>,
}

/// The office's store and the schools it expects; the read key's secret is in the keychain.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DistrictSettings {
    /// The store with the bucket as root: `s3://BUCKET/?endpoint=…` or `webdav+https://HOST/PATH`.
    pub url: String,
    pub key_id: String,
    pub schools: Vec<Expected>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Expected {
    /// The school's folder in the store.
    pub code: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub level: Option<SchoolLevel>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SchoolLevel {
    MamNon,
    TieuHoc,
    Thcs,
    /// A school that teaches more than one level.
    LienCap,
}

impl SchoolLevel {
    pub const ALL: [SchoolLevel; 4] = [
        SchoolLevel::MamNon,
        SchoolLevel::TieuHoc,
        SchoolLevel::Thcs,
        SchoolLevel::LienCap,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SchoolLevel::MamNon => "Mầm non",
            SchoolLevel::TieuHoc => "Tiểu học",
            SchoolLevel::Thcs => "Trung học cơ sở",
            SchoolLevel::LienCap => "Liên cấp",
        }
    }

    /// The key (`tieu-hoc`) or any text `named_in` reads; "" is no level.
    pub fn parse(s: &str) -> Result<Option<SchoolLevel>> {
        if s.trim().is_empty() {
            return Ok(None);
        }
        SchoolLevel::named_in(s).map(Some).ok_or(Error::BadSetting {
            name: "cấp học",
            value: s.to_string(),
        })
    }

    /// The level a text names, with or without diacritics: a key or a level's name as offices
    /// write it ("tieu-hoc", "Trung học cơ sở", "MN", "Cấp 2", "Mẫu giáo"), or a school's name
    /// that says it ("Trường Mầm non Hoa Sen"). A text naming two levels ("TH&THCS", "Tiểu học
    /// và THCS") is a school teaching both.
    pub fn named_in(text: &str) -> Option<SchoolLevel> {
        let w = format!(" {} ", crate::text::words(text));
        let has = |terms: &[&str]| terms.iter().any(|t| w.contains(&format!(" {t} ")));
        if has(&["lien cap", "nhieu cap"]) {
            return Some(SchoolLevel::LienCap);
        }
        let named: Vec<SchoolLevel> = [
            (
                SchoolLevel::MamNon,
                &["mam non", "mau giao", "nha tre", "mn"][..],
            ),
            (
                SchoolLevel::TieuHoc,
                &["tieu hoc", "th", "cap 1", "cap i"][..],
            ),
            (
                SchoolLevel::Thcs,
                &["thcs", "trung hoc co so", "cap 2", "cap ii"][..],
            ),
        ]
        .into_iter()
        .filter(|(_, terms)| has(terms))
        .map(|(l, _)| l)
        .collect();
        match named[..] {
            [] => None,
            [one] => Some(one),
            _ => Some(SchoolLevel::LienCap),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanSettings {
    pub responsible: String,
    pub drives_kept_at: String,
    pub sheet_kept_at: String,
}

/// Where the school's eSchool is and which of its sections the school backs up. Never the
/// eSchool password: the app does not ask for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EschoolSettings {
    /// The address staff log in at, opened in the browser from the wizard; empty until entered.
    pub url: String,
    pub sections: Vec<crate::eschool::Section>,
    /// The system the school keeps its records in; the export steps name it.
    #[serde(default)]
    pub system: crate::eschool::System,
}

impl Default for EschoolSettings {
    fn default() -> EschoolSettings {
        EschoolSettings {
            url: String::new(),
            sections: crate::eschool::Section::ALL.to_vec(),
            system: crate::eschool::System::default(),
        }
    }
}

impl EschoolSettings {
    /// Checks and keeps an address typed by a person: "csdl.hcm.edu.vn" becomes https://….
    pub fn set_url(&mut self, typed: &str) -> Result<()> {
        let typed = typed.trim();
        if typed.is_empty() {
            self.url.clear();
            return Ok(());
        }
        let with_scheme = if typed.contains("://") {
            typed.to_string()
        } else {
            format!("https://{typed}")
        };
        match url::Url::parse(&with_scheme) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
                self.url = u.to_string();
                Ok(())
            }
            _ => Err(Error::BadUrl(typed.to_string())),
        }
    }
}

/// When the user last confirmed changing the eSchool and website admin passwords. Never the
/// password itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AdminPassword {
    pub changed_on: Option<chrono::NaiveDate>,
    pub every_days: u32,
}

impl Default for AdminPassword {
    fn default() -> AdminPassword {
        AdminPassword {
            changed_on: None,
            every_days: 90,
        }
    }
}

/// A change to the settings, as typed in the settings page or on the command line. Fields left
/// out stay as they are. Everything is checked before anything changes.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Change {
    pub school_name: Option<String>,
    pub website: Option<String>,
    pub add_folders: Vec<PathBuf>,
    pub website_fast: Option<bool>,
    pub max_urls: Option<usize>,
    pub max_depth: Option<u32>,
    pub max_file_mb: Option<u64>,
    pub max_total_gb: Option<u64>,
    pub eschool_url: Option<String>,
    pub eschool_sections: Option<Vec<crate::eschool::Section>>,
    pub eschool_system: Option<crate::eschool::System>,
    /// "thứ Hai" … "Chủ nhật", or "" / "bất kỳ" for every 7 days after the last backup.
    pub backup_day: Option<String>,
    pub password_every_days: Option<u32>,
    pub drill_every_days: Option<u32>,
    pub responsible: Option<String>,
    pub drives_kept_at: Option<String>,
    pub sheet_kept_at: Option<String>,
    /// Seconds; 0 turns the countdown off.
    pub plug_countdown_secs: Option<u32>,
    pub autostart: Option<bool>,
    pub governing_body: Option<String>,
    /// `SchoolLevel::parse`'s words; "" clears it.
    pub school_level: Option<String>,
    /// A registered drive folder to forget (its backups stay on it).
    pub forget_target: Option<PathBuf>,
    /// A folder to stop backing up (what was backed up stays on the drives).
    pub remove_folder: Option<PathBuf>,
    pub retention_weeks: Option<u32>,
    pub retention_months: Option<u32>,
}

/// Registers `root` as a backup drive for this PC's school: the marker on the drive (with the
/// school's name: the one given, else the settings'), the location remembered in the settings (a
/// folder has no disk of its own for the OS to list), and the school's name kept in the settings
/// when they have none: the one given, or the one on a drive registered before (a new PC after a
/// disaster). What the CLI's `drive init` and the app's "Dùng ổ này" both do.
pub fn register_drive(
    app: &AppData,
    root: &Path,
    school: Option<&str>,
) -> Result<crate::drive::Marker> {
    let mut config = Config::load(app)?;
    let given = school.map(str::trim).filter(|s| !s.is_empty());
    let marker = crate::drive::init(root, given.unwrap_or(&config.school_name))?;
    let place = crate::paths::canonical(root);
    let mut changed = false;
    if !config.targets.iter().any(|t| crate::paths::same(t, &place)) {
        config.targets.push(place);
        changed = true;
    }
    let name = given.unwrap_or(marker.school.trim());
    if config.school_name.trim().is_empty() && !name.is_empty() {
        config.school_name = name.to_string();
        changed = true;
    }
    if changed {
        config.save(app)?;
    }
    Ok(marker)
}

/// The school's name as the plan, the report, the status panel and the recovery sheet show it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SchoolName {
    pub name: String,
    /// A plugged backup drive that names the school otherwise (the settings' name is used).
    pub drive_says: Option<String>,
}

impl Config {
    /// One rule for the school's name: the settings' when entered there; else the name written on
    /// a backup drive when it was registered (on a new PC after a disaster the drive is all there
    /// is). When a drive names the school otherwise, the settings win and `drive_says` tells.
    pub fn school(&self, drives: &[crate::drive::Target]) -> SchoolName {
        let on_drive = drives
            .iter()
            .map(|t| t.marker.school.trim())
            .find(|s| !s.is_empty());
        let settings = self.school_name.trim();
        match on_drive {
            None => SchoolName {
                name: settings.to_string(),
                drive_says: None,
            },
            Some(d) if settings.is_empty() => SchoolName {
                name: d.to_string(),
                drive_says: None,
            },
            Some(d) => SchoolName {
                name: settings.to_string(),
                drive_says: (crate::text::fold(d).to_lowercase()
                    != crate::text::fold(settings).to_lowercase())
                .then(|| d.to_string()),
            },
        }
    }
}

/// "Tôi đã đổi mật khẩu quản trị": keeps only the date in the settings, and logs the confirmation
/// so the principal's report shows every one, not only the last. Never the password.
pub fn confirm_password_change(app: &AppData, today: chrono::NaiveDate) -> Result<()> {
    let mut c = Config::load(app)?;
    c.admin_password.changed_on = Some(today);
    c.save(app)?;
    crate::journal::Journal::open(&app.journal_file())?.record(
        crate::journal::PASSWORD_KIND,
        "Đổi mật khẩu quản trị",
        "Người dùng xác nhận đã đổi mật khẩu quản trị",
    )?;
    Ok(())
}

impl Config {
    /// Days between restore drills (30 unless the school chose otherwise).
    pub fn drill_every(&self) -> i64 {
        match self.drill_every_days {
            0 => 30,
            n => n as i64,
        }
    }

    pub fn schedule_rule(&self) -> crate::schedule::Rule {
        crate::schedule::Rule::on(self.backup_day)
    }

    pub fn is_configured(&self) -> bool {
        // Anything the school entered means this is no longer the demo.
        !self.school_name.is_empty()
            || !self.website.is_empty()
            || !self.folders.is_empty()
            || !self.eschool.url.is_empty()
            || !self.targets.is_empty()
    }

    /// Applies `change`; returns whether anything changed. On error nothing has changed.
    pub fn apply(&mut self, change: &Change) -> Result<bool> {
        let mut next = self.clone();
        if let Some(name) = &change.school_name {
            next.school_name = name.trim().to_string();
        }
        if let Some(w) = &change.website {
            let w = w.trim();
            if !w.is_empty() {
                crate::website::Options::new(w, "")?;
            }
            // A certificate accepted for one site says nothing about another.
            if next.website != w {
                next.website_settings.trusted_certificate = None;
            }
            next.website = w.to_string();
        }
        for f in &change.add_folders {
            if !f.is_dir() {
                return Err(Error::SourceMissing(f.clone()));
            }
            let f = crate::paths::canonical(f);
            if !next.folders.iter().any(|x| crate::paths::same(x, &f)) {
                next.folders.push(f);
            }
        }
        let w = &mut next.website_settings;
        w.fast = change.website_fast.unwrap_or(w.fast);
        // A limit of 0 (an emptied field) would stop every crawl: 1 is the least.
        w.max_urls = change.max_urls.map_or(w.max_urls, |v| v.max(1));
        w.max_depth = change.max_depth.map_or(w.max_depth, |v| v.max(1));
        w.max_file_mb = change.max_file_mb.map_or(w.max_file_mb, |v| v.max(1));
        w.max_total_gb = change.max_total_gb.map_or(w.max_total_gb, |v| v.max(1));
        if let Some(u) = &change.eschool_url {
            next.eschool.set_url(u)?;
        }
        if let Some(system) = change.eschool_system {
            next.eschool.system = system;
        }
        if let Some(list) = &change.eschool_sections {
            // Kept in the order eSchool presents them, each once.
            next.eschool.sections = crate::eschool::Section::ALL
                .into_iter()
                .filter(|s| list.contains(s))
                .collect();
        }
        if let Some(day) = &change.backup_day {
            let folded = crate::text::fold(day).to_lowercase();
            next.backup_day =
                match folded.trim() {
                    "" | "bat ky" | "bat-ky" | "batky" => None,
                    _ => Some(crate::schedule::parse_weekday(day).ok_or_else(|| {
                        Error::BadSetting {
                            name: "ngày sao lưu",
                            value: day.clone(),
                        }
                    })?),
                };
        }
        if let Some(days) = change.password_every_days {
            next.admin_password.every_days = days.max(1);
        }
        if let Some(secs) = change.plug_countdown_secs {
            next.plug_countdown_secs = (secs > 0).then_some(secs.clamp(10, 600));
        }
        if let Some(on) = change.autostart {
            next.no_autostart = !on;
        }
        if let Some(g) = &change.governing_body {
            next.governing_body = g.trim().to_string();
        }
        if let Some(l) = &change.school_level {
            next.school_level = SchoolLevel::parse(l)?;
        }
        if let Some(t) = &change.forget_target {
            next.targets.retain(|x| !crate::paths::same(x, t));
        }
        if let Some(f) = &change.remove_folder {
            next.folders.retain(|x| !crate::paths::same(x, f));
        }
        if let Some(w) = change.retention_weeks {
            next.retention.weekly_weeks = i64::from(w.max(1));
        }
        if let Some(m) = change.retention_months {
            next.retention.monthly_months = i64::from(m);
        }
        if let Some(days) = change.drill_every_days {
            next.drill_every_days = days.max(1);
        }
        for (from, to) in [
            (&change.responsible, &mut next.plan.responsible),
            (&change.drives_kept_at, &mut next.plan.drives_kept_at),
            (&change.sheet_kept_at, &mut next.plan.sheet_kept_at),
        ] {
            if let Some(v) = from {
                *to = v.trim().to_string();
            }
        }
        let changed = next != *self;
        *self = next;
        Ok(changed)
    }

    pub fn load(app: &AppData) -> Result<Config> {
        let path = app.config_file();
        match fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| Error::Config {
                path,
                message: e.to_string(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(Error::io(path, e)),
        }
    }

    pub fn save(&self, app: &AppData) -> Result<()> {
        let json = serde_json::to_vec_pretty(self).expect("config serialises");
        crate::archive::write_atomically(&app.config_file(), &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_is_default_and_save_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let app = AppData::open(Some(dir.path())).unwrap();
        assert_eq!(Config::load(&app).unwrap(), Config::default());
        let c = Config {
            school_name: "Trường Tiểu học Ánh Dương".into(),
            website: "https://x.edu.vn".into(),
            ..Config::default()
        };
        c.save(&app).unwrap();
        assert_eq!(Config::load(&app).unwrap(), c);
    }

    #[test]
    fn eschool_address_is_checked_and_completed() {
        let mut e = EschoolSettings::default();
        e.set_url(" csdl.hcm.edu.vn ").unwrap();
        assert_eq!(e.url, "https://csdl.hcm.edu.vn/");
        e.set_url("http://truong.vnedu.vn/dang-nhap").unwrap();
        assert_eq!(e.url, "http://truong.vnedu.vn/dang-nhap");
        assert!(matches!(e.set_url("ftp://x"), Err(Error::BadUrl(_))));
        assert_eq!(
            e.url, "http://truong.vnedu.vn/dang-nhap",
            "a bad address keeps the old one"
        );
        e.set_url("").unwrap();
        assert!(e.url.is_empty());
        assert_eq!(e.sections.len(), 3, "every section by default");
    }

    #[test]
    fn a_change_is_checked_whole_before_anything_changes() {
        let mut c = Config::default();
        let ok = Change {
            school_name: Some(" Trường Tiểu học Ánh Dương ".into()),
            eschool_url: Some("csdl.hcm.edu.vn".into()),
            eschool_sections: Some(vec![
                crate::eschool::Section::HocSinh,
                crate::eschool::Section::Truong,
            ]),
            backup_day: Some("thứ Hai".into()),
            ..Change::default()
        };
        assert!(c.apply(&ok).unwrap());
        assert_eq!(c.school_name, "Trường Tiểu học Ánh Dương");
        assert_eq!(
            c.eschool.sections,
            vec![
                crate::eschool::Section::Truong,
                crate::eschool::Section::HocSinh
            ]
        );
        assert_eq!(c.backup_day, Some(chrono::Weekday::Mon));
        assert!(
            !c.apply(&ok).unwrap(),
            "the same change again changes nothing"
        );
        let bad = Change {
            school_name: Some("Tên khác".into()),
            backup_day: Some("thứ Mười".into()),
            ..Change::default()
        };
        assert!(matches!(c.apply(&bad), Err(Error::BadSetting { .. })));
        let level = Change {
            school_level: Some("Tiểu học".into()),
            ..Change::default()
        };
        assert!(c.apply(&level).unwrap());
        assert_eq!(c.school_level, Some(SchoolLevel::TieuHoc));
        let bad_level = Change {
            school_level: Some("đại học".into()),
            ..Change::default()
        };
        assert!(c.apply(&bad_level).is_err());
        assert_eq!(c.school_level, Some(SchoolLevel::TieuHoc));
        assert_eq!(
            c.school_name, "Trường Tiểu học Ánh Dương",
            "nothing half-applied"
        );
        let any_day = Change {
            backup_day: Some("bất kỳ".into()),
            ..Change::default()
        };
        assert!(c.apply(&any_day).unwrap());
        assert_eq!(c.backup_day, None);
    }

    #[test]
    fn damaged_file_is_a_typed_error() {
        let dir = tempfile::tempdir().unwrap();
        let app = AppData::open(Some(dir.path())).unwrap();
        fs::write(app.config_file(), b"{not json").unwrap();
        assert!(matches!(Config::load(&app), Err(Error::Config { .. })));
    }
}
