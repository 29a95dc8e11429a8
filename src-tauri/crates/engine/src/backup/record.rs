//! The logging phase of a run: each source's outcome written to the journal with its typed
//! details, and the log mirrored onto the drive.

use super::write::{Collected, Written};
use super::{RunReport, SourceResult};
use crate::archive::SourceInfo;
use crate::drive::Target;
use crate::error::Result;
use crate::journal::{self, Entry, Finish, Journal, Outcome};
use crate::progress::{Phase, Progress, ProgressSink};
use crate::{message, website};

/// What the log keeps of an eSchool run.
fn eschool_details(s: &crate::eschool::plan::Summary) -> journal::Details {
    journal::Details::Eschool(journal::EschoolDetails {
        personal_data: true,
        sections: s.sections.clone(),
    })
}

/// The log's one-line account of a website backup.
fn website_note(w: &website::Summary) -> String {
    let mut s = format!(
        "Trang web: {} trang ({} bài viết), {} tài liệu.",
        w.pages, w.articles, w.documents
    );
    if !w.footer_missing.is_empty() {
        s += &format!(" Chân trang còn thiếu: {}.", w.footer_missing.join(", "));
    }
    if w.reposts > 0 {
        s += &format!(
            " {} bài viết cần xem lại (có dấu hiệu lấy lại từ báo chí, cổng thông tin).",
            w.reposts
        );
    }
    if w.new + w.changed + w.vanished > 0 {
        s += &format!(
            " So với lần trước: {} trang mới, {} thay đổi, {} không còn.",
            w.new, w.changed, w.vanished
        );
    }
    if let Some(c) = &w.certificate {
        s += &format!(" {c}");
    }
    s
}

pub(super) fn record(
    journal: &Journal,
    target: &Target,
    ids: Vec<i64>,
    w: Written,
    progress: &dyn ProgressSink,
) -> Result<RunReport> {
    progress.emit(&Progress::new(Phase::Logging));
    let run_dir = w
        .run_dir
        .as_ref()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    let prune_note = match (&w.prune_error, w.pruned.removed.len()) {
        (Some(e), _) => Some(format!("Không xoá được bản sao lưu cũ: {e}")),
        (None, 0) => None,
        (None, n) => Some(format!(
            "Đã xoá {n} bản sao lưu cũ theo chính sách giữ lại (giải phóng {}).",
            message::size(w.pruned.freed_bytes)
        )),
    };
    let mut sources = Vec::new();
    for (id, r) in ids.into_iter().zip(w.per_source) {
        let res = match r {
            Ok(Collected {
                zip: z,
                website,
                eschool,
            }) => {
                let problems = (!z.problems.is_empty()).then(|| {
                    format!(
                        "{} mục không lấy được (xem báo cáo trong tệp nén).",
                        z.problems.len()
                    )
                });
                let note = [
                    website.as_ref().map(website_note),
                    eschool.as_ref().map(|e| e.note()),
                    problems,
                    prune_note.clone(),
                ]
                .into_iter()
                .flatten()
                .reduce(|a, b| format!("{a} {b}"));
                let f = Finish {
                    run_dir: run_dir.clone(),
                    files: z.files,
                    bytes: z.bytes,
                    verified: true,
                    error: None,
                    note,
                    // The principal's report reads the compliance check of each website run here.
                    details: eschool.as_ref().map(eschool_details).or_else(|| {
                        website.as_ref().map(|w| {
                            journal::Details::Website(journal::WebsiteDetails {
                                articles: w.articles,
                                documents: w.documents,
                                footer_missing: w.footer_missing.clone(),
                                reposts: w.reposts,
                                requests: w.requests,
                                crawl_seconds: w.seconds,
                            })
                        })
                    }),
                };
                let entry = journal.finish(id, Outcome::Success, &f)?;
                SourceResult {
                    source: z.source,
                    zip: Some(z.file_name),
                    files: z.files,
                    bytes: z.bytes,
                    problems: z.problems,
                    error: None,
                    entry,
                    website,
                    eschool,
                }
            }
            Err(e) => {
                let msg = message::error(&e);
                let f = Finish {
                    error: Some(msg.clone()),
                    ..Finish::default()
                };
                let entry = journal.finish(id, Outcome::Failed, &f)?;
                let source = SourceInfo {
                    kind: entry.source_kind.clone(),
                    name: entry.source_name.clone(),
                    origin: String::new(),
                };
                SourceResult {
                    source,
                    zip: None,
                    files: 0,
                    bytes: 0,
                    problems: Vec::new(),
                    error: Some(msg),
                    entry,
                    website: None,
                    eschool: None,
                }
            }
        };
        sources.push(res);
    }
    let entries: Vec<Entry> = sources.iter().map(|s| s.entry.clone()).collect();
    let drive_log = journal::mirror_to_drive(&target.app_dir(), &entries)?;
    let mut done = Progress::new(Phase::Finished);
    done.done = 1;
    done.total = 1;
    progress.emit(&done);
    Ok(RunReport {
        run_dir: w.run_dir,
        sources,
        verify: w.verify,
        drive_log: Some(drive_log),
        pruned: w.pruned,
    })
}
