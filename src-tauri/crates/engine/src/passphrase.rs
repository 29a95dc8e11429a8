//! The encryption passphrase: where it comes from, how it is kept, and the check code printed on
//! the recovery sheet.
//!
//! It is never a command-line argument (process lists show those) and never written to a file by
//! the app except the printable recovery sheet the user asks for. Scripts give it through
//! `--passphrase-file` or `SAOLUU_PASSPHRASE`; on the school's PC it lives in the OS keychain.

use crate::error::{Error, IoContext, Result};
use sha2::{Digest, Sha256};
use std::path::Path;

pub const ENV: &str = crate::knobs::PASSPHRASE;
const KEYRING_SERVICE: &str = "SaoLuuTruongHoc";
const KEYRING_USER: &str = "mat-khau-ma-hoa";
pub const MIN_CHARS: usize = 12;
/// No 0/O or 1/I/L: the passphrase is read off paper.
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

#[derive(Clone, PartialEq, Eq)]
pub struct Passphrase(String);

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(***)")
    }
}

impl Passphrase {
    pub fn new(s: &str) -> Result<Passphrase> {
        let s = s.trim_end_matches(['\r', '\n']);
        if s.chars().count() < MIN_CHARS {
            return Err(Error::WeakPassphrase);
        }
        Ok(Passphrase(s.to_string()))
    }

    /// 24 random characters in groups of four, easy to copy from paper.
    pub fn generate() -> Passphrase {
        let mut bytes = [0u8; 24];
        getrandom::fill(&mut bytes).expect("the OS random source works");
        let chars: Vec<char> = bytes
            .iter()
            .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
            .collect();
        let groups: Vec<String> = chars.chunks(4).map(|c| c.iter().collect()).collect();
        Passphrase(groups.join("-"))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Six characters that prove a typed passphrase is the one on the sheet, without revealing it.
    pub fn check_code(&self) -> String {
        let h = Sha256::digest(format!("saoluu-kiem-tra:{}", self.0).as_bytes());
        hex::encode(&h[..3]).to_uppercase()
    }

    /// `--passphrase-file` first, then `SAOLUU_PASSPHRASE`, then the OS keychain.
    pub fn find(file: Option<&Path>) -> Result<Option<Passphrase>> {
        if let Some(f) = file {
            let s = std::fs::read_to_string(f).at(f)?;
            return Passphrase::new(&s).map(Some);
        }
        if let Ok(s) = std::env::var(ENV) {
            if !s.is_empty() {
                return Passphrase::new(&s).map(Some);
            }
        }
        Ok(Passphrase::from_keychain())
    }

    fn entry() -> Option<keyring::Entry> {
        keyring::Entry::new(KEYRING_SERVICE, KEYRING_USER).ok()
    }

    /// The passphrase kept on this PC, if the keychain has one and can be reached.
    pub fn from_keychain() -> Option<Passphrase> {
        Passphrase::entry()?
            .get_password()
            .ok()
            .and_then(|s| Passphrase::new(&s).ok())
    }

    pub fn save_to_keychain(&self) -> Result<()> {
        Passphrase::entry()
            .ok_or_else(|| Error::Keychain("không mở được kho khoá".into()))?
            .set_password(&self.0)
            .map_err(|e| Error::Keychain(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_passphrases_are_long_grouped_and_distinct() {
        let a = Passphrase::generate();
        let b = Passphrase::generate();
        assert_ne!(a, b);
        assert_eq!(a.expose().len(), 29);
        assert!(a.expose().split('-').all(|g| g.len() == 4));
        assert!(!a.expose().contains(['0', 'O', '1', 'I']));
    }

    #[test]
    fn short_passphrases_are_refused_and_debug_hides_it() {
        assert!(matches!(
            Passphrase::new("ngan"),
            Err(Error::WeakPassphrase)
        ));
        let p = Passphrase::new("mật khẩu đủ dài của trường\n").unwrap();
        assert_eq!(p.expose(), "mật khẩu đủ dài của trường");
        assert_eq!(format!("{p:?}"), "Passphrase(***)");
        assert_eq!(p.check_code().len(), 6);
        assert_eq!(
            p.check_code(),
            Passphrase::new("mật khẩu đủ dài của trường")
                .unwrap()
                .check_code()
        );
    }
}
