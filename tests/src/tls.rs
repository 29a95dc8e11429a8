//! HTTPS test sites on 127.0.0.1 with certificates made in the test (rcgen): a test authority
//! the client is told to trust through SSL_CERT_FILE, site certificates valid or not, and a
//! server whose certificate can be swapped while it runs, as a host renews one.

use crate::ok;
use rcgen::{date_time_ymd, BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use std::fs;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const PAGE: &str = "<html><body><h1>Trường Tiểu học Hoa Sen</h1></body></html>";

/// The certificate a test server presents; replaced while it runs, as a host renews one.
pub type Presenting = Arc<Mutex<Arc<rustls::ServerConfig>>>;

pub fn server_config(chain_pem: &str, key_pem: &str) -> Arc<rustls::ServerConfig> {
    let certs: Vec<_> = rustls_pem(chain_pem);
    let key = rustls::pki_types::PrivateKeyDer::try_from(
        KeyPair::from_pem(key_pem).unwrap().serialize_der(),
    )
    .unwrap();
    Arc::new(
        rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::aws_lc_rs::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap(),
    )
}

/// Serves `PAGE` over TLS on 127.0.0.1 with the certificate `presenting` holds; returns the port.
pub fn serve_swappable(presenting: Presenting) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    continue;
                };
                let acceptor = tokio_rustls::TlsAcceptor::from(presenting.lock().unwrap().clone());
                tokio::spawn(async move {
                    // A refused handshake is the point of these tests: nothing more to do then.
                    let Ok(mut tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let mut buf = [0u8; 4096];
                    let _ = tls.read(&mut buf).await;
                    let reply = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{PAGE}",
                        PAGE.len()
                    );
                    let _ = tls.write_all(reply.as_bytes()).await;
                    let _ = tls.shutdown().await;
                });
            }
        });
    });
    port
}

fn rustls_pem(pem: &str) -> Vec<rustls::pki_types::CertificateDer<'static>> {
    use rustls::pki_types::pem::PemObject;
    rustls::pki_types::CertificateDer::pem_slice_iter(pem.as_bytes())
        .map(|c| c.unwrap())
        .collect()
}

/// The test's certificate authority, written where SSL_CERT_FILE will point.
pub struct Authority {
    issuer: Issuer<'static, KeyPair>,
}

impl Authority {
    pub fn new(dir: &Path, name: &str) -> (Authority, std::path::PathBuf) {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, name);
        let cert = params.self_signed(&key).unwrap();
        let file = dir.join("ca.pem");
        fs::write(&file, cert.pem()).unwrap();
        (
            Authority {
                issuer: Issuer::new(params, key),
            },
            file,
        )
    }

    /// A site certificate for `names`, valid from `from` to `to` (year, month, day): its server
    /// configuration and its SHA-256 fingerprint.
    pub fn certificate(
        &self,
        names: &[&str],
        from: (i32, u8, u8),
        to: (i32, u8, u8),
    ) -> (Arc<rustls::ServerConfig>, String) {
        let key = KeyPair::generate().unwrap();
        let mut params =
            CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
                .unwrap();
        params.not_before = date_time_ymd(from.0, from.1, from.2);
        params.not_after = date_time_ymd(to.0, to.1, to.2);
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        // Computed here with sha256sum, not with the app's code.
        let der = tempfile::NamedTempFile::new().unwrap();
        fs::write(der.path(), cert.der()).unwrap();
        let sum = ok(std::process::Command::new("sha256sum").arg(der.path()));
        let hex = sum.split_whitespace().next().unwrap().to_uppercase();
        let fp = hex
            .as_bytes()
            .chunks(2)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join(":");
        (server_config(&cert.pem(), &key.serialize_pem()), fp)
    }

    /// A test site on 127.0.0.1 with a certificate for `names`, valid from `from` to `to`.
    pub fn site(&self, names: &[&str], from: (i32, u8, u8), to: (i32, u8, u8)) -> u16 {
        serve_swappable(Arc::new(Mutex::new(self.certificate(names, from, to).0)))
    }
}
