//! The education office's overview (issue #24). Each school's app writes a small status document
//! into its own folder of the offsite store after each push (`publish`); the office, with a key
//! that reads every school's folder and writes none, reads the newest document of each school it
//! expects and judges every duty of the directive at its own "now" (`overview`), with the same
//! rules the school's own status panel uses (`schedule`). No personal data, no record file names
//! and no secret is in a document; FORMAT.md describes its schema.

pub mod doc;
pub mod list;
pub mod overview;
pub mod publish;
pub mod report;

pub use doc::StatusDoc;
