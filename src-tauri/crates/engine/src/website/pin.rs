//! Continuing with a certificate the school chose to accept, for its own configured site only.
//! Small hosted school sites often serve a self-signed or expired certificate for months; the
//! school may decide, once and explicitly, that the certificate it sees is its own site's. The
//! choice is the certificate's SHA-256 fingerprint (as browsers show it), checked on every
//! connection: another certificate is refused as before, and the choice is dropped as soon as the
//! site presents one the PC trusts on its own. Nothing is ever accepted silently.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// The certificate a school accepted for its site, as kept in the settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trusted {
    /// The site's host name: the choice holds for this host only.
    pub host: String,
    /// SHA-256 of the certificate, "AB:CD:…" as browsers show it.
    pub sha256: String,
    /// When the school made the choice (RFC 3339).
    pub since: String,
}

/// A certificate's fingerprint as browsers show it: SHA-256, upper-case hex pairs with colons.
pub fn fingerprint(der: &[u8]) -> String {
    Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// The same fingerprint however it was typed or pasted: case, colons and spaces aside.
pub fn same_fingerprint(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_hexdigit())
            .map(|c| c.to_ascii_uppercase())
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    a.len() == 64 && a == b
}

/// What one crawl's connections saw: the certificate presented, whether the PC trusted it on its
/// own, and whether the school's choice was what let the connection through.
#[derive(Debug, Default)]
pub struct Seen {
    pub presented: Mutex<Option<String>>,
    pub valid: AtomicBool,
    pub pin_used: AtomicBool,
}

impl Seen {
    pub fn presented(&self) -> Option<String> {
        self.presented.lock().map(|p| p.clone()).unwrap_or(None)
    }
}

/// The PC's own verification, then the school's choice for what it refuses.
#[derive(Debug)]
struct Verifier {
    inner: Arc<dyn ServerCertVerifier>,
    pin: Option<String>,
    seen: Arc<Seen>,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let fp = fingerprint(end_entity);
        if let Ok(mut p) = self.seen.presented.lock() {
            *p = Some(fp.clone());
        }
        match self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        ) {
            Ok(v) => {
                self.seen.valid.store(true, Ordering::Relaxed);
                Ok(v)
            }
            Err(rustls::Error::InvalidCertificate(_))
                if self
                    .pin
                    .as_deref()
                    .is_some_and(|pin| same_fingerprint(pin, &fp)) =>
            {
                self.seen.pin_used.store(true, Ordering::Relaxed);
                Ok(ServerCertVerified::assertion())
            }
            Err(e) => Err(e),
        }
    }

    // The handshake's signatures are checked with the certificate's own key whatever the choice:
    // a pinned certificate still proves the server holds its key.
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// The TLS settings of a client that verifies as the PC does, records what it saw, and lets the
/// certificate `pin` through when the PC refuses it. The provider and the PC's trust store are
/// the ones reqwest uses on its own.
pub fn tls_config(pin: Option<String>, seen: Arc<Seen>) -> Result<rustls::ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let inner =
        rustls_platform_verifier::Verifier::new(provider.clone()).map_err(|e| e.to_string())?;
    let verifier = Verifier {
        inner: Arc::new(inner),
        pin,
        seen,
    };
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// A site's certificate as this PC sees it.
#[derive(Debug, Clone, Serialize)]
pub struct Presented {
    pub url: String,
    pub host: String,
    /// `None` when no TLS handshake got as far as a certificate (a dead site, plain HTTP).
    pub fingerprint: Option<String>,
    /// The PC trusts it on its own.
    pub valid: bool,
    /// Why it is refused, in Vietnamese, when it is.
    pub problem: Option<String>,
}

/// Connects to `url` once and reports the certificate it presents.
pub fn look(url: &url::Url, timeout: std::time::Duration) -> Presented {
    let seen = Arc::new(Seen::default());
    let mut p = Presented {
        url: url.to_string(),
        host: url.host_str().unwrap_or_default().to_string(),
        fingerprint: None,
        valid: false,
        problem: None,
    };
    let request = || -> Result<(), String> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        // The client's timers belong to the runtime it is built in.
        let _in_runtime = rt.enter();
        let tls = tls_config(None, seen.clone())?;
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.to_string())?;
        rt.block_on(client.head(url.clone()).send())
            .map(|_| ())
            .map_err(|e| super::crawl::describe(&e).0)
    };
    // Its own thread: the caller may be inside an async runtime already.
    let result = std::thread::scope(|s| s.spawn(request).join())
        .unwrap_or_else(|_| Err("lỗi không rõ khi kết nối".to_string()));
    p.fingerprint = seen.presented();
    p.valid = seen.valid.load(Ordering::Relaxed);
    if !p.valid {
        p.problem = result.err();
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_compare_however_they_were_typed() {
        let fp = fingerprint(b"chung chi");
        assert_eq!(fp.len(), 32 * 3 - 1);
        assert!(same_fingerprint(&fp, &fp.replace(':', "").to_lowercase()));
        assert!(same_fingerprint(&fp, &fp.replace(':', " ")));
        assert!(!same_fingerprint(&fp, &fingerprint(b"chung chi khac")));
        assert!(!same_fingerprint("", ""), "an empty choice matches nothing");
    }
}
