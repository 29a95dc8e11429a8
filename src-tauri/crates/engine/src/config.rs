//! The school's settings, saved atomically as JSON in the app-data folder. No secrets live here.

use crate::appdata::AppData;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::PathBuf;

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
    pub website_settings: WebsiteSettings,
    pub admin_password: AdminPassword,
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

/// How the school's website is crawled. Every limit has a default that suits a school site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WebsiteSettings {
    /// "Trang web của trường, chạy nhanh": the school runs the server itself, so no pacing.
    pub fast: bool,
    /// Addresses (pages and files) one backup takes at most.
    pub max_urls: usize,
    /// Links followed away from the home page (pagination does not count).
    pub max_depth: u32,
    pub max_file_mb: u64,
    pub max_total_gb: u64,
}

impl Default for WebsiteSettings {
    fn default() -> WebsiteSettings {
        WebsiteSettings {
            fast: false,
            max_urls: 20_000,
            max_depth: 30,
            max_file_mb: 100,
            max_total_gb: 20,
        }
    }
}

impl Config {
    pub fn is_configured(&self) -> bool {
        !self.website.is_empty() || !self.folders.is_empty()
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
    fn damaged_file_is_a_typed_error() {
        let dir = tempfile::tempdir().unwrap();
        let app = AppData::open(Some(dir.path())).unwrap();
        fs::write(app.config_file(), b"{not json").unwrap();
        assert!(matches!(Config::load(&app), Err(Error::Config { .. })));
    }
}
