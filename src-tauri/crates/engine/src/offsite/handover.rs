//! One school's store settings as one file the office hands over (on a USB stick, by hand): the
//! school's address in the store, its key id and its secret. The school imports it with
//! `offsite import` and the secret goes to its keychain. The file holds a secret, so whoever
//! writes or reads it is told to keep it out of reach and delete it once imported.

use super::target::{self, Kind, Target};
use crate::appdata::AppData;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

const KIND: &str = "sao-luu-truong-hoc/kho-ngoai-truong";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handover {
    pub kind: String,
    pub version: u32,
    pub school_code: String,
    /// The school's address, as `offsite set` takes it.
    pub url: String,
    pub key_id: String,
    pub secret: String,
}

/// The school's address under the office's root address (`s3://saoluu/?endpoint=…` →
/// `s3://saoluu/CODE?endpoint=…`; `webdav+https://host/saoluu` → `…/saoluu/CODE`).
pub fn school_url(office_url: &str, code: &str) -> Result<String> {
    let code = code.trim().trim_matches('/');
    let bad = || Error::OffsiteUrl(office_url.to_string());
    if code.is_empty() || code.contains(['/', '\\', '?', '#']) {
        return Err(bad());
    }
    let office = Target::parse(office_url)?;
    let mut u = url::Url::parse(office_url.trim()).map_err(|_| bad())?;
    let path = match office.kind {
        Kind::S3 { .. } => format!("/{code}"),
        Kind::WebDav { .. } => format!("{}/{code}", u.path().trim_end_matches('/')),
    };
    u.set_path(&path);
    // Checked as the school's app will read it.
    let school = Target::parse(u.as_str())?;
    Ok(school.url)
}

/// The handover for school `code` under the office's configured store.
pub fn for_school(app: &AppData, code: &str, key_id: &str, secret: &str) -> Result<Handover> {
    let config = crate::config::Config::load(app)?;
    let office = config.district.ok_or(Error::NoDistrict)?;
    Ok(Handover {
        kind: KIND.into(),
        version: 1,
        school_code: code.trim().to_string(),
        url: school_url(&office.url, code)?,
        key_id: key_id.trim().to_string(),
        secret: secret.to_string(),
    })
}

pub fn write(h: &Handover, out: &Path) -> Result<()> {
    let body = serde_json::to_vec_pretty(h).expect("a handover serialises");
    crate::archive::write_atomically(out, &body)
}

pub fn read(path: &Path) -> Result<Handover> {
    let bad = |message: String| Error::Handover {
        path: path.to_path_buf(),
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
    let h: Handover = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
    if h.kind != KIND || h.version != 1 {
        return Err(bad(format!("{} {}", h.kind, h.version)));
    }
    Ok(h)
}

/// Sets this PC's store from the office's file; the secret goes to the keychain. The file carries
/// no cap: the one given, else the one already set here, is kept.
pub fn import(app: &AppData, path: &Path, limit_kib_s: Option<u32>) -> Result<Target> {
    let h = read(path)?;
    let kept = crate::config::Config::load(app)?
        .offsite
        .and_then(|o| o.limit_kib_s);
    target::set(
        app,
        &h.url,
        &h.key_id,
        Some(&h.secret),
        limit_kib_s.or(kept),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schools_address_is_its_folder_under_the_offices_root() {
        assert_eq!(
            school_url(
                "s3://saoluu/?endpoint=https://kho.phong.vn:8333",
                "c1hoasen"
            )
            .unwrap(),
            "s3://saoluu/c1hoasen?endpoint=https://kho.phong.vn:8333"
        );
        assert_eq!(
            school_url("webdav+https://nas.phong.vn/saoluu/", "c2").unwrap(),
            "webdav+https://nas.phong.vn/saoluu/c2"
        );
        assert!(school_url("s3://saoluu/?endpoint=https://x", "../c3").is_err());
    }
}
