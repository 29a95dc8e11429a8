//! TCVN3 (the "ABC" fonts' 8-bit code, TCVN 5712:1993 VN3), which old school spreadsheets and the
//! CSV files made from them still use, and how to tell it from Windows-1258: both put Vietnamese
//! letters in the bytes above 0x7F, so the text itself has to decide.

use unicode_normalization::UnicodeNormalization;

/// The letters of bytes 0xA1..=0xFE; `None` where VN3 keeps the Latin-1 character. Uppercase
/// letters with tone marks have no code of their own in VN3 (the ABC "H" fonts draw the lowercase
/// codes as capitals), so they decode as lowercase.
const HIGH: [Option<char>; 94] = {
    let mut t = [None; 94];
    let pairs: [(u8, char); 74] = [
        (0xA1, 'Ă'),
        (0xA2, 'Â'),
        (0xA3, 'Ê'),
        (0xA4, 'Ô'),
        (0xA5, 'Ơ'),
        (0xA6, 'Ư'),
        (0xA7, 'Đ'),
        (0xA8, 'ă'),
        (0xA9, 'â'),
        (0xAA, 'ê'),
        (0xAB, 'ô'),
        (0xAC, 'ơ'),
        (0xAD, 'ư'),
        (0xAE, 'đ'),
        (0xB5, 'à'),
        (0xB6, 'ả'),
        (0xB7, 'ã'),
        (0xB8, 'á'),
        (0xB9, 'ạ'),
        (0xBB, 'ằ'),
        (0xBC, 'ẳ'),
        (0xBD, 'ẵ'),
        (0xBE, 'ắ'),
        (0xC6, 'ặ'),
        (0xC7, 'ầ'),
        (0xC8, 'ẩ'),
        (0xC9, 'ẫ'),
        (0xCA, 'ấ'),
        (0xCB, 'ậ'),
        (0xCC, 'è'),
        (0xCE, 'ẻ'),
        (0xCF, 'ẽ'),
        (0xD0, 'é'),
        (0xD1, 'ẹ'),
        (0xD2, 'ề'),
        (0xD3, 'ể'),
        (0xD4, 'ễ'),
        (0xD5, 'ế'),
        (0xD6, 'ệ'),
        (0xD7, 'ì'),
        (0xD8, 'ỉ'),
        (0xDC, 'ĩ'),
        (0xDD, 'í'),
        (0xDE, 'ị'),
        (0xDF, 'ò'),
        (0xE1, 'ỏ'),
        (0xE2, 'õ'),
        (0xE3, 'ó'),
        (0xE4, 'ọ'),
        (0xE5, 'ồ'),
        (0xE6, 'ổ'),
        (0xE7, 'ỗ'),
        (0xE8, 'ố'),
        (0xE9, 'ộ'),
        (0xEA, 'ờ'),
        (0xEB, 'ở'),
        (0xEC, 'ỡ'),
        (0xED, 'ớ'),
        (0xEE, 'ợ'),
        (0xEF, 'ù'),
        (0xF1, 'ủ'),
        (0xF2, 'ũ'),
        (0xF3, 'ú'),
        (0xF4, 'ụ'),
        (0xF5, 'ừ'),
        (0xF6, 'ử'),
        (0xF7, 'ữ'),
        (0xF8, 'ứ'),
        (0xF9, 'ự'),
        (0xFA, 'ỳ'),
        (0xFB, 'ỷ'),
        (0xFC, 'ỹ'),
        (0xFD, 'ý'),
        (0xFE, 'ỵ'),
    ];
    let mut i = 0;
    while i < pairs.len() {
        t[(pairs[i].0 - 0xA1) as usize] = Some(pairs[i].1);
        i += 1;
    }
    t
};

pub fn decode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0xA1..=0xFE => HIGH[(b - 0xA1) as usize].unwrap_or(b as char),
            _ => b as char,
        })
        .collect()
}

fn has_tone(c: char) -> bool {
    c.to_string()
        .nfd()
        .any(|m| matches!(m, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'))
}

/// How wrong a decoding looks. A Vietnamese syllable carries at most one tone mark, so a word
/// with two is a misread; Latin-1 symbols (¡ … ¿) and tone marks left unjoined to a vowel do not
/// occur in school records either.
pub fn oddness(text: &str) -> usize {
    let doubled = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().filter(|c| has_tone(*c)).count() > 1)
        .count();
    let stray = text
        .chars()
        .filter(|c| matches!(c, '\u{A1}'..='\u{BF}' | '\u{300}'..='\u{36F}'))
        .count();
    doubled + stray
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Encodes with the same table, to write test files the way an old PC would have.
    fn encode(s: &str) -> Vec<u8> {
        s.chars()
            .map(|c| {
                if c.is_ascii() {
                    return c as u8;
                }
                let i = HIGH
                    .iter()
                    .position(|h| *h == Some(c))
                    .expect("a VN3 letter");
                0xA1 + i as u8
            })
            .collect()
    }

    #[test]
    fn every_lowercase_vietnamese_letter_has_one_code() {
        let letters = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ";
        assert_eq!(decode(&encode(letters)), letters);
        let codes: std::collections::HashSet<u8> = encode(letters).into_iter().collect();
        assert_eq!(codes.len(), letters.chars().count());
    }

    #[test]
    fn the_text_tells_tcvn3_from_windows_1258() {
        let line = "Mã học sinh,Họ và tên,Ngày sinh\nHS01,Nguyễn Thị Ánh,01/02/2018\nHS02,Trần Đức Mạnh,03/04/2018\n";
        // TCVN3 has no capital Á: the ABC fonts draw "á" in capitals.
        let tcvn3 = encode(&line.replace('Á', "á"));
        let (as_1258, _, _) = encoding_rs::WINDOWS_1258.decode(&tcvn3);
        let as_1258: String = as_1258.nfc().collect();
        assert!(oddness(&as_1258) > oddness(&decode(&tcvn3)));
        assert_eq!(decode(&tcvn3), line.replace('Á', "á"));

        // Windows-1258 keeps â, ê, ơ, ư … whole and writes the tone as a separate mark.
        let decomposed: String = line
            .chars()
            .flat_map(|c| {
                let (tones, base): (Vec<char>, Vec<char>) = c
                    .to_string()
                    .nfd()
                    .partition(|m| has_tone(*m) && !m.is_alphabetic());
                let base: String = base.into_iter().collect::<String>().nfc().collect();
                base.chars().chain(tones).collect::<Vec<_>>()
            })
            .collect();
        let (w1258, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&decomposed);
        assert!(!unmappable);
        let (right, _, _) = encoding_rs::WINDOWS_1258.decode(&w1258);
        let right: String = right.nfc().collect();
        assert_eq!(right, line);
        assert!(oddness(&decode(&w1258)) > oddness(&right));
    }
}
