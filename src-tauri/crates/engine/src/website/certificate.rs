//! Why a site's HTTPS certificate was refused, in words a clerk can act on and pass on. Small
//! hosted school sites often serve an expired certificate or one issued for another name, and old
//! school PCs often have a wrong clock; "không kết nối được" sends the clerk to check the cable.

use chrono::{DateTime, Local, TimeZone};
use rustls::pki_types::UnixTime;
use rustls::CertificateError;

/// Every certificate sentence starts so, and needs no advice about the network after it.
pub const LEAD: &str = "chứng chỉ bảo mật (HTTPS) của trang web";

/// The certificate problem behind a failed request, if that is what failed.
pub fn problem(e: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut src: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(mut s) = src {
        // The TLS layer hands its error up inside io::Errors (one within another), whose source()
        // skips the error they carry: open them one by one.
        loop {
            if let Some(rustls::Error::InvalidCertificate(c)) = s.downcast_ref::<rustls::Error>() {
                return Some(words(c, Local::now()));
            }
            match s
                .downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
            {
                Some(inner) => s = inner,
                None => break,
            }
        }
        src = s.source();
    }
    None
}

fn day(t: &UnixTime) -> String {
    Local
        .timestamp_opt(t.as_secs() as i64, 0)
        .single()
        .map(|d: DateTime<Local>| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

const TELL_ADMIN: &str = "Hãy báo cho người quản trị trang web (hoặc đơn vị cung cấp tên miền, \
     hosting) để gia hạn hoặc cài lại chứng chỉ";

fn words(c: &CertificateError, now: DateTime<Local>) -> String {
    let today = now.format("%d/%m/%Y");
    match c {
        CertificateError::ExpiredContext { time, not_after } => format!(
            "{LEAD} đã hết hạn từ ngày {} (máy tính này đang ghi ngày {}; nếu ngày đó sai, hãy sửa \
             đồng hồ của máy rồi thử lại). {TELL_ADMIN}.",
            day(not_after),
            day(time)
        ),
        CertificateError::Expired => format!(
            "{LEAD} đã hết hạn (máy tính này đang ghi ngày {today}; nếu ngày đó sai, hãy sửa đồng \
             hồ của máy rồi thử lại). {TELL_ADMIN}."
        ),
        CertificateError::NotValidYetContext { time, not_before } => format!(
            "{LEAD} chỉ có hiệu lực từ ngày {}, mà máy tính này đang ghi ngày {}: nhiều khả năng \
             đồng hồ của máy đang sai. Hãy chỉnh lại ngày giờ của máy tính rồi thử lại.",
            day(not_before),
            day(time)
        ),
        CertificateError::NotValidYet => format!(
            "{LEAD} chưa đến ngày có hiệu lực, mà máy tính này đang ghi ngày {today}: nhiều khả \
             năng đồng hồ của máy đang sai. Hãy chỉnh lại ngày giờ của máy tính rồi thử lại."
        ),
        CertificateError::NotValidForNameContext { presented, .. } if !presented.is_empty() => {
            format!(
                "{LEAD} được cấp cho tên khác ({}), không phải địa chỉ đang mở. Hãy kiểm tra lại \
                 địa chỉ trang web trong Cài đặt; nếu địa chỉ đúng, hãy báo cho người quản trị \
                 trang web (hoặc đơn vị cung cấp hosting) để cài chứng chỉ đúng tên.",
                presented.join(", ")
            )
        }
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            format!(
                "{LEAD} được cấp cho một tên khác, không phải địa chỉ đang mở. Hãy kiểm tra lại \
                 địa chỉ trang web trong Cài đặt. {TELL_ADMIN}."
            )
        }
        CertificateError::UnknownIssuer => format!(
            "{LEAD} không do một tổ chức được máy tính tin cậy cấp (chứng chỉ tự ký, hoặc máy chủ \
             thiếu chứng chỉ trung gian). {TELL_ADMIN} bằng chứng chỉ của một tổ chức được tin \
             cậy (ví dụ Let's Encrypt, miễn phí)."
        ),
        CertificateError::Revoked => {
            format!("{LEAD} đã bị thu hồi. {TELL_ADMIN}.")
        }
        other => format!("{LEAD} không hợp lệ (chi tiết kỹ thuật: {other:?}). {TELL_ADMIN}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_problem_is_named_with_its_dates_and_what_to_do() {
        let now = Local.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap();
        let t = |y, m, d| {
            UnixTime::since_unix_epoch(std::time::Duration::from_secs(
                Local
                    .with_ymd_and_hms(y, m, d, 12, 0, 0)
                    .unwrap()
                    .timestamp() as u64,
            ))
        };
        let expired = words(
            &CertificateError::ExpiredContext {
                time: t(2026, 12, 7),
                not_after: t(2026, 3, 1),
            },
            now,
        );
        assert!(expired.contains("hết hạn từ ngày 01/03/2026"), "{expired}");
        assert!(expired.contains("07/12/2026") && expired.contains("người quản trị"));
        let early = words(
            &CertificateError::NotValidYetContext {
                time: t(2019, 1, 1),
                not_before: t(2026, 6, 1),
            },
            now,
        );
        assert!(early.contains("đồng hồ của máy đang sai"), "{early}");
        let other = words(
            &CertificateError::NotValidForNameContext {
                expected: rustls::pki_types::ServerName::try_from("thhoasen.edu.vn")
                    .unwrap()
                    .to_owned(),
                presented: vec!["hosting-chung.vn".into()],
            },
            now,
        );
        assert!(
            other.contains("(hosting-chung.vn)") && other.contains("hãy báo"),
            "{other}"
        );
        let untrusted = words(&CertificateError::UnknownIssuer, now);
        assert!(untrusted.contains("tự ký"), "{untrusted}");
        for s in [&expired, &early, &other, &untrusted] {
            assert!(s.starts_with(LEAD), "{s}");
        }
    }
}
