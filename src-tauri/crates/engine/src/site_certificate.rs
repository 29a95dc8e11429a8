//! The school's explicit choice to continue with its own site's certificate when the PC refuses
//! it (`website::pin`), kept in the settings: looked at, accepted by its fingerprint, forgotten.
//! Every front end (the app's Trang web tab, `saoluu site-certificate`) calls these.

use crate::appdata::AppData;
use crate::config::Config;
use crate::error::{CertificateChoice, Error, Result};
use crate::website::pin::{self, Presented, Trusted};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(20);

fn school_site(config: &Config) -> Result<url::Url> {
    if config.website.trim().is_empty() {
        return Err(Error::CertificateChoice(CertificateChoice::NoSite));
    }
    let url = url::Url::parse(config.website.trim())
        .map_err(|_| Error::BadUrl(config.website.clone()))?;
    if url.scheme() != "https" {
        return Err(Error::CertificateChoice(CertificateChoice::NotHttps(
            url.to_string(),
        )));
    }
    Ok(url)
}

/// The certificate the school's configured site presents now, and the choice already made.
pub fn look(app: &AppData) -> Result<(Presented, Option<Trusted>)> {
    let config = Config::load(app)?;
    let url = school_site(&config)?;
    Ok((
        pin::look(&url, TIMEOUT),
        config.website_settings.trusted_certificate,
    ))
}

/// Accepts the certificate the school's site presents now, if `fingerprint` is that certificate's
/// and the PC refuses it. The fingerprint typed is checked against what the site presents at
/// this moment, so a choice made from a stale screen accepts nothing.
pub fn accept(app: &AppData, fingerprint: &str) -> Result<Trusted> {
    let mut config = Config::load(app)?;
    let url = school_site(&config)?;
    let now = pin::look(&url, TIMEOUT);
    if now.valid {
        return Err(Error::CertificateChoice(CertificateChoice::AlreadyValid(
            url.to_string(),
        )));
    }
    let presented = now.fingerprint.ok_or_else(|| Error::Website {
        url: url.to_string(),
        message: now
            .problem
            .unwrap_or_else(|| "không kết nối được tới máy chủ".into()),
    })?;
    if !pin::same_fingerprint(fingerprint, &presented) {
        return Err(Error::CertificateChoice(CertificateChoice::Mismatch {
            typed: fingerprint.trim().to_string(),
            presented,
        }));
    }
    let trusted = Trusted {
        host: now.host,
        sha256: presented,
        since: chrono::Local::now().to_rfc3339(),
    };
    config.website_settings.trusted_certificate = Some(trusted.clone());
    config.save(app)?;
    Ok(trusted)
}

/// Drops the choice; returns whether there was one.
pub fn forget(app: &AppData) -> Result<bool> {
    let mut config = Config::load(app)?;
    let had = config.website_settings.trusted_certificate.take().is_some();
    if had {
        config.save(app)?;
    }
    Ok(had)
}
