//! The store's address as a person types it, and the secret key that goes with it.

use crate::config::{Config, OffsiteSettings};
use crate::error::{Error, Result};
use url::Url;

const KEYRING_SERVICE: &str = "SaoLuuTruongHoc";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `s3://BUCKET/PREFIX?endpoint=http://HOST:PORT&region=R`; without an endpoint, AWS itself.
    S3 {
        bucket: String,
        endpoint: Option<String>,
        region: String,
    },
    /// `webdav+https://HOST/PATH` (or `webdav+http://` on the school's own network).
    WebDav { base: String },
}

/// Where the runs go: the store, and the folder in it that is the school's (`<mã trường>/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub kind: Kind,
    /// The school's folder in the store, without slashes at either end; may be empty.
    pub prefix: String,
    /// The address as typed, which names this store in the upload's progress.
    pub url: String,
}

impl Target {
    pub fn parse(typed: &str) -> Result<Target> {
        let bad = || Error::OffsiteUrl(typed.to_string());
        let u = Url::parse(typed.trim()).map_err(|_| bad())?;
        let prefix = u.path().trim_matches('/').to_string();
        let kind = match u.scheme() {
            "s3" => {
                let bucket = u.host_str().filter(|b| !b.is_empty()).ok_or_else(bad)?;
                let mut endpoint = None;
                let mut region = "us-east-1".to_string();
                for (k, v) in u.query_pairs() {
                    match k.as_ref() {
                        "endpoint" => {
                            let e = Url::parse(&v).map_err(|_| bad())?;
                            if !matches!(e.scheme(), "http" | "https") {
                                return Err(bad());
                            }
                            endpoint = Some(v.trim_end_matches('/').to_string());
                        }
                        "region" => region = v.into_owned(),
                        _ => return Err(bad()),
                    }
                }
                Kind::S3 {
                    bucket: bucket.to_string(),
                    endpoint,
                    region,
                }
            }
            "webdav+http" | "webdav+https" => {
                let scheme = u.scheme().trim_start_matches("webdav+");
                let host = u.host_str().ok_or_else(bad)?;
                let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
                return Ok(Target {
                    kind: Kind::WebDav {
                        base: format!("{scheme}://{host}{port}/{prefix}"),
                    },
                    // The path is the school's folder already.
                    prefix: String::new(),
                    url: typed.trim().to_string(),
                });
            }
            _ => return Err(bad()),
        };
        Ok(Target {
            kind,
            prefix,
            url: typed.trim().to_string(),
        })
    }

    /// The configured store, or the typed error that none is set.
    pub fn configured(config: &Config) -> Result<(Target, OffsiteSettings)> {
        let s = config.offsite.clone().ok_or(Error::NoOffsite)?;
        Ok((Target::parse(&s.url)?, s))
    }

    /// The school's code: the last folder of its address (`s3://saoluu/c1hoasen` → `c1hoasen`).
    pub fn school_code(&self) -> String {
        let path = match &self.kind {
            Kind::S3 { .. } => self.prefix.clone(),
            Kind::WebDav { base } => url::Url::parse(base)
                .map(|u| u.path().to_string())
                .unwrap_or_default(),
        };
        let code = path.trim_matches('/').rsplit('/').next().unwrap_or("");
        percent_encoding::percent_decode_str(code)
            .decode_utf8_lossy()
            .into_owned()
    }

    /// The store's host and bucket, as messages name it.
    pub fn shown(&self) -> String {
        match &self.kind {
            Kind::S3 {
                bucket, endpoint, ..
            } => match endpoint {
                Some(e) => format!("{e} ({bucket})"),
                None => format!("S3 ({bucket})"),
            },
            Kind::WebDav { base } => base.clone(),
        }
    }
}

/// Whose key it is: the school's, which adds runs to its folder, or the education office's, which
/// reads every school's folder. Each has its own keychain entry and environment variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    School,
    Office,
}

impl Role {
    fn keychain_user(self, key_id: &str) -> String {
        match self {
            Role::School => format!("ngoai-truong:{key_id}"),
            Role::Office => format!("phong-giao-duc:{key_id}"),
        }
    }

    pub fn env(self) -> &'static str {
        match self {
            Role::School => crate::knobs::OFFSITE_SECRET,
            Role::Office => crate::knobs::DISTRICT_SECRET,
        }
    }
}

fn entry(role: Role, key_id: &str) -> Option<keyring::Entry> {
    keyring::Entry::new(KEYRING_SERVICE, &role.keychain_user(key_id)).ok()
}

/// The school key's secret: `SAOLUU_OFFSITE_SECRET` (scheduled tasks, tests), else the keychain.
pub fn secret(key_id: &str) -> Result<String> {
    secret_of(Role::School, key_id)
}

/// A key's secret: its environment variable, else the OS keychain.
pub fn secret_of(role: Role, key_id: &str) -> Result<String> {
    if let Ok(s) = std::env::var(role.env()) {
        if !s.is_empty() {
            return Ok(s);
        }
    }
    entry(role, key_id)
        .and_then(|e| e.get_password().ok())
        .ok_or_else(|| Error::OffsiteNoSecret {
            role,
            key_id: key_id.to_string(),
        })
}

/// Keeps the school key's secret in the OS keychain, never in the settings.
pub fn keep_secret(key_id: &str, secret: &str) -> Result<()> {
    keep_secret_of(Role::School, key_id, secret)
}

pub fn keep_secret_of(role: Role, key_id: &str, secret: &str) -> Result<()> {
    entry(role, key_id)
        .ok_or_else(|| Error::Keychain("không mở được kho khoá".into()))?
        .set_password(secret)
        .map_err(|e| Error::Keychain(e.to_string()))
}

/// Sets the store: checks the address, keeps the secret (when one is given) in the keychain, and
/// saves the address and key id in the settings.
pub fn set(
    app: &crate::AppData,
    url: &str,
    key_id: &str,
    secret: Option<&str>,
    limit_kib_s: Option<u32>,
) -> Result<Target> {
    let target = Target::parse(url)?;
    if let Some(s) = secret {
        keep_secret(key_id, s)?;
    }
    let mut config = Config::load(app)?;
    config.offsite = Some(OffsiteSettings {
        url: target.url.clone(),
        key_id: key_id.to_string(),
        limit_kib_s,
    });
    config.save(app)?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_of_both_kinds_are_read_and_bad_ones_refused() {
        let t = Target::parse("s3://saoluu/c1hoasen?endpoint=http://127.0.0.1:8333").unwrap();
        assert_eq!(
            t.kind,
            Kind::S3 {
                bucket: "saoluu".into(),
                endpoint: Some("http://127.0.0.1:8333".into()),
                region: "us-east-1".into()
            }
        );
        assert_eq!(t.prefix, "c1hoasen");
        let t = Target::parse("s3://b/phong/c1/?region=ap-southeast-1").unwrap();
        assert_eq!(t.prefix, "phong/c1");
        let t = Target::parse("webdav+https://nas.truong.edu.vn:5006/SaoLuu/c1").unwrap();
        assert_eq!(
            t.kind,
            Kind::WebDav {
                base: "https://nas.truong.edu.vn:5006/SaoLuu/c1".into()
            }
        );
        for bad in [
            "http://x",
            "s3:///p",
            "s3://b/p?endpoint=ftp://x",
            "s3://b/p?secret=x",
            "khong-phai-dia-chi",
        ] {
            assert!(
                matches!(Target::parse(bad), Err(Error::OffsiteUrl(_))),
                "{bad}"
            );
        }
    }
}
