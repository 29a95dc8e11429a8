//! A school site whose HTTPS certificate is refused: expired, issued for another name, or
//! self-signed. Each is a real TLS server on 127.0.0.1 with a certificate made here (rcgen); the
//! client trusts the test's own authority through SSL_CERT_FILE, as a PC trusts the public ones,
//! so that what is wrong is the certificate itself and not only its issuer. The message must say
//! what is wrong and what to tell the site's administrator, never to check the network cable.

use saoluu_tests::tls::{serve_swappable, Authority, Presenting};
use saoluu_tests::*;
use std::fs;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// `saoluu check-site URL` trusting the test authority; its failure text.
fn refused(data: &Path, ca: &Path, port: u16) -> String {
    let (out, err) = fails(
        saoluu(data)
            .arg("check-site")
            .arg(format!("https://127.0.0.1:{port}/"))
            .env("SSL_CERT_FILE", ca)
            .env_remove("SSL_CERT_DIR"),
    );
    let said = format!("{out}{err}");
    assert!(
        said.contains("chứng chỉ bảo mật (HTTPS)") && !said.contains("kết nối mạng"),
        "a certificate problem, not a network one:\n{said}"
    );
    said
}

#[test]
fn a_refused_certificate_is_named_with_what_to_do() {
    // The PC's trust store is Windows' own there; SSL_CERT_FILE is how Linux is told.
    if on_windows() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let (ca, ca_file) = Authority::new(d.path(), "Kiem thu Sao luu CA");

    // The same authority and a valid certificate: the site is read (the test setup is right).
    let good = ca.site(&["127.0.0.1"], (2020, 1, 1), (4000, 1, 1));
    // (The check itself then fails on the footer, which this page lacks.)
    let o = saoluu(d.path())
        .arg("check-site")
        .arg(format!("https://127.0.0.1:{good}/"))
        .env("SSL_CERT_FILE", &ca_file)
        .env_remove("SSL_CERT_DIR")
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert!(
        out.contains("Tên đơn vị: Trường Tiểu học Hoa Sen") && !err.contains("chứng chỉ"),
        "{out}{err}"
    );

    let expired = ca.site(&["127.0.0.1"], (2023, 1, 1), (2024, 1, 1));
    let said = refused(d.path(), &ca_file, expired);
    assert!(
        said.contains("đã hết hạn từ ngày") && said.contains("/2024") && said.contains("quản trị"),
        "{said}"
    );

    let other_name = ca.site(&["hosting-chung.example.vn"], (2020, 1, 1), (4000, 1, 1));
    let said = refused(d.path(), &ca_file, other_name);
    assert!(
        said.contains("được cấp cho tên khác") && said.contains("hosting-chung.example.vn"),
        "{said}"
    );

    let future = ca.site(&["127.0.0.1"], (3000, 1, 1), (4000, 1, 1));
    let said = refused(d.path(), &ca_file, future);
    assert!(said.contains("đồng hồ của máy"), "{said}");

    // Self-signed: not from any authority the PC trusts.
    let elsewhere = d.path().join("khac");
    fs::create_dir(&elsewhere).unwrap();
    let (other_ca, _) = Authority::new(&elsewhere, "Tu ky");
    let self_signed = other_ca.site(&["127.0.0.1"], (2020, 1, 1), (4000, 1, 1));
    let said = refused(d.path(), &ca_file, self_signed);
    assert!(said.contains("tự ký"), "{said}");
}

#[test]
fn the_school_may_continue_with_its_own_sites_certificate_until_it_is_valid_again() {
    if on_windows() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let (ca, ca_file) = Authority::new(d.path(), "Kiem thu Sao luu CA");
    let elsewhere = d.path().join("khac");
    fs::create_dir(&elsewhere).unwrap();
    let (self_signer, _) = Authority::new(&elsewhere, "Tu ky");
    let (untrusted, fp) = self_signer.certificate(&["127.0.0.1"], (2020, 1, 1), (4000, 1, 1));
    let presenting: Presenting = Arc::new(Mutex::new(untrusted));
    let port = serve_swappable(presenting.clone());
    let site = format!("https://127.0.0.1:{port}/");
    let run = |args: &[&str]| {
        let mut c = saoluu(d.path());
        c.args(args)
            .env("SSL_CERT_FILE", &ca_file)
            .env_remove("SSL_CERT_DIR");
        c
    };
    ok(&mut run(&[
        "config",
        "--website",
        &site,
        "--school",
        "Trường Tiểu học Hoa Sen",
    ]));
    let usb = registered_usb(d.path());
    let backup = || {
        let mut c = run(&["--json", "backup", "website", &site, "--nhanh", "--to"]);
        c.arg(&usb);
        c
    };

    // Refused, with the choice offered, never taken silently.
    let (out, err) = fails(&mut backup());
    let said = format!("{out}{err}");
    assert!(
        said.contains("tự ký") && said.contains("saoluu chung-chi"),
        "{said}"
    );
    let (out, _) = fails(&mut run(&["chung-chi"]));
    assert!(out.contains(&fp) && out.contains("tiếp tục"), "{out}");

    // A fingerprint that is not the site's accepts nothing.
    let wrong = fp.replace(&fp[..2], if &fp[..2] == "00" { "11" } else { "00" });
    let (out, err) = fails(&mut run(&["chung-chi", "--chap-nhan", &wrong]));
    assert!(format!("{out}{err}").contains("không khớp"), "{out}{err}");
    fails(&mut backup());

    // Accepted as typed by a person (lower case, no colons): the backup goes through and the log
    // says it went through on the school's choice.
    ok(&mut run(&[
        "chung-chi",
        "--chap-nhan",
        &fp.replace(':', "").to_lowercase(),
    ]));
    let out = json(&ok(&mut backup()));
    let note = out["sources"][0]["entry"]["note"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        note.contains("đã chọn chấp nhận") && note.contains(&fp),
        "{note}"
    );

    // Another untrusted certificate is not the one chosen: refused again.
    let (other, other_fp) = self_signer.certificate(&["127.0.0.1"], (2020, 1, 1), (4000, 1, 1));
    assert_ne!(other_fp, fp);
    *presenting.lock().unwrap() = other;
    fails(&mut backup());

    // The host installs a valid certificate: the backup reads the site and the choice is dropped.
    let (valid, _) = ca.certificate(&["127.0.0.1"], (2020, 1, 1), (4000, 1, 1));
    *presenting.lock().unwrap() = valid;
    let out = json(&ok(&mut backup()));
    let note = out["sources"][0]["entry"]["note"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(note.contains("đã bỏ chứng chỉ được chấp nhận"), "{note}");
    let config = json(&ok(&mut run(&["config", "--json"])));
    assert!(
        config["website_settings"]["trusted_certificate"].is_null(),
        "{config}"
    );
    // And a self-signed certificate again later is refused: the choice does not come back.
    let (again, _) = self_signer.certificate(&["127.0.0.1"], (2020, 1, 1), (4000, 1, 1));
    *presenting.lock().unwrap() = again;
    fails(&mut backup());
}
