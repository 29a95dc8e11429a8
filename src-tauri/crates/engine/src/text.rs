//! Vietnamese text helpers shared by the modules that match or transmit text.

use unicode_normalization::UnicodeNormalization;

/// Removes diacritics ("Trường Tiểu học Đông" → "Truong Tieu hoc Dong"): for HTTP headers, which
/// carry ASCII only, and for matching text typed with or without accents.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// `fold` then keep printable ASCII only.
pub fn ascii(s: &str) -> String {
    fold(s)
        .chars()
        .filter(|c| c.is_ascii() && !c.is_ascii_control())
        .collect()
}

/// `fold`, lowercase, and only the words: "Mã\ntrường" and "MÃ TRƯỜNG" both read "ma truong",
/// "TH&THCS" reads "th thcs".
pub fn words(s: &str) -> String {
    fold(s)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs of whitespace (spaces, tabs, line breaks) as single spaces, trimmed.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text safe inside HTML element content and quoted attribute values.
pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    #[test]
    fn folds_vietnamese() {
        assert_eq!(
            super::fold("Trường Tiểu học Đông Hoà"),
            "Truong Tieu hoc Dong Hoa"
        );
        assert_eq!(super::ascii("Sao lưu “trường”"), "Sao luu truong");
    }
}
