//! How results look in a terminal: a progress bar fed by engine events and Vietnamese summaries.

use indicatif::{ProgressBar, ProgressStyle};
use saoluu_engine::backup::RunReport;
use saoluu_engine::config::Config;
use saoluu_engine::journal::Entry;
use saoluu_engine::progress::{CancelToken, Progress};
use saoluu_engine::status::Status;
use saoluu_engine::verify;
use saoluu_engine::{message, restore, say, Error};
use std::process::ExitCode;

pub fn fail(e: &Error) -> ExitCode {
    eprintln!("{}", say!("cli-error", why = message::error(e)));
    ExitCode::FAILURE
}

pub fn print_json<T: serde::Serialize + ?Sized>(v: &T) {
    println!(
        "{}",
        serde_json::to_string_pretty(v).expect("results serialise")
    );
}

/// Prints a finished operation's report (JSON or the Vietnamese summary) and turns whether it was
/// complete into the exit code, so scripts and schedulers see a partial result as a failure.
pub fn answer<T: serde::Serialize + ?Sized>(
    json: bool,
    report: &T,
    summary: fn(&T),
    complete: bool,
) -> std::process::ExitCode {
    if json {
        print_json(report);
    } else {
        summary(report);
    }
    if complete {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}

/// Ctrl-C asks the engine to stop between files; the partial run is then not recorded as good.
pub fn cancel_on_ctrl_c(cancel: CancelToken) {
    let _ = ctrlc::set_handler(move || {
        eprintln!("\n{}", say!("cli-stopping"));
        cancel.cancel();
    });
}

/// The engine's progress as a terminal bar; hidden with `--json` or when output is not a terminal.
pub struct Bar(Option<ProgressBar>);

impl Bar {
    pub fn new(json: bool) -> Bar {
        if json {
            return Bar(None);
        }
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {msg:40!} [{bar:30}] {pos}/{len} {binary_bytes}",
            )
            .expect("static template")
            .progress_chars("=> "),
        );
        Bar(Some(bar))
    }

    pub fn update(&self, p: &Progress) {
        if let Some(b) = &self.0 {
            b.set_length(p.total.max(p.done));
            b.set_position(p.done);
            let item = if p.item.is_empty() {
                String::new()
            } else {
                format!(": {}", p.item)
            };
            b.set_message(format!("{}{item}", message::phase(p.phase)));
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

pub fn backup_summary(r: &RunReport) {
    for s in &r.sources {
        match &s.error {
            None => println!(
                "✔ {}",
                say!(
                    "cli-source-saved",
                    source = s.source.name,
                    files = s.files,
                    size = message::size(s.bytes),
                    zip = s.zip.as_deref().unwrap_or("")
                )
            ),
            Some(e) => println!("✘ {}: {e}", s.source.name),
        }
        if let Some(w) = &s.website {
            println!("    {}", website_line(w));
        }
        if let Some(e) = &s.eschool {
            println!("    {}", e.note());
        }
        for p in &s.problems {
            println!(
                "    – {}",
                say!("cli-not-fetched", path = p.path, why = p.reason)
            );
        }
    }
    if let Some(dir) = &r.run_dir {
        println!("{}", say!("cli-run-folder", path = dir.display()));
        println!(
            "{}",
            say!(
                "cli-verified",
                zips = r.verify.zips,
                entries = r.verify.entries
            )
        );
    }
    if !r.pruned.removed.is_empty() {
        println!(
            "{}",
            say!(
                "cli-pruned",
                n = r.pruned.removed.len(),
                size = message::size(r.pruned.freed_bytes)
            )
        );
    }
    if let Some(log) = &r.drive_log {
        println!("{}", say!("cli-drive-log", path = log.display()));
    }
    if r.all_good() {
        println!("{}", say!("cli-backup-good"));
    } else {
        println!("{}", say!("cli-backup-partial"));
    }
}

pub fn certificate_summary(
    seen: &saoluu_engine::website::pin::Presented,
    chosen: Option<&saoluu_engine::website::pin::Trusted>,
) {
    println!(
        "{}",
        saoluu_engine::message::certificate_state(seen, chosen)
    );
    if let (false, Some(fp), None) = (seen.valid, &seen.fingerprint, chosen) {
        println!("{}", saoluu_engine::message::certificate_offer(fp));
        println!("{}", say!("cli-to-accept", fingerprint = fp));
    }
}

pub fn check_site_summary(c: &saoluu_engine::website::compliance::Check) {
    println!("{}", say!("cli-checking-site", site = c.site));
    println!("{}", say!("cli-footer-must-have"));
    for i in &c.items {
        match &i.text {
            Some(t) => println!("  ✔ {}: {t}", i.label),
            None => println!("  ✘ {}: {}", i.label, say!("cli-not-seen")),
        }
    }
    println!("{}", c.articles_sentence());
    if c.reposts.is_empty() {
        println!("{}", say!("no-reposts"));
    } else {
        println!("{}", say!("cli-reposts-to-review"));
        for r in &c.reposts {
            println!("  – {} ({}): {}", r.title, r.url, r.reasons.join("; "));
        }
    }
    for l in c.legal {
        match l.replaced_by {
            None => println!("{}", say!("law-in-force", code = l.code)),
            Some(r) => println!("{}", say!("law-replaced", code = l.code, by = r)),
        }
    }
    let missing = c.missing();
    if missing.is_empty() {
        println!("{}", say!("cli-footer-complete"));
    } else {
        println!("{}", say!("footer-missing", items = missing.join(", ")));
    }
}

fn website_line(w: &saoluu_engine::website::Summary) -> String {
    say!(
        "cli-website-line",
        pages = w.pages,
        articles = w.articles,
        documents = w.documents,
        requests = w.requests,
        downloaded = w.downloaded,
        size = message::size(w.downloaded_bytes),
        not_modified = w.not_modified,
        reused = w.reused,
        new = w.new,
        changed = w.changed,
        vanished = w.vanished
    )
}

pub fn verify_summary(r: &verify::Report) {
    for p in &r.problems {
        println!("✘ {}: {}", p.file.display(), message::damage(&p.damage));
    }
    if r.encrypted_unchecked > 0 {
        println!(
            "{}",
            say!("cli-encrypted-unchecked", n = r.encrypted_unchecked)
        );
    }
    if r.ok() {
        println!(
            "{}",
            say!(
                "cli-verify-good",
                runs = r.runs,
                zips = r.zips,
                entries = r.entries,
                size = message::size(r.bytes)
            )
        );
    } else {
        println!("{}", say!("cli-verify-bad", n = r.problems.len()));
    }
}

pub fn restore_summary(r: &restore::Report) {
    for (path, why) in &r.failed {
        println!("✘ {path}: {why}");
    }
    for p in &r.existing {
        println!("– {}", say!("cli-kept-existing", path = p.display()));
    }
    println!(
        "{}",
        say!(
            "cli-restored",
            n = r.restored,
            size = message::size(r.bytes),
            to = r.destination.display()
        )
    );
    if !r.existing.is_empty() {
        println!("{}", say!("cli-existing", n = r.existing.len()));
    }
}

pub fn log_table(entries: &[Entry]) {
    if entries.is_empty() {
        println!("{}", say!("cli-log-empty"));
        return;
    }
    for e in entries {
        let when = e.started_at.format("%d/%m/%Y %H:%M");
        let detail = e
            .error
            .clone()
            .unwrap_or_else(|| say!("files-size", files = e.files, size = message::size(e.bytes)));
        println!(
            "{when}  {:<16} {:<12} {}  {detail}",
            e.source_name, e.outcome_label, e.target_label
        );
    }
}

pub fn status_summary(s: &Status) {
    if s.demo {
        println!("{}", say!("cli-demo-mode"));
    } else {
        println!("{}", say!("cli-school", school = s.school));
        if let Some(note) = &s.school_differs {
            println!("  {note}");
        }
    }
    if s.drives.is_empty() {
        println!("{}", say!("cli-no-drive"));
    }
    for d in &s.drives {
        println!(
            "{}",
            say!(
                "cli-drive-plugged",
                path = d.root.display(),
                free = d.free_label
            )
        );
    }
    match &s.last_good {
        Some(e) => println!(
            "{}",
            say!(
                "cli-last-good",
                when = e.started_at.format("%d/%m/%Y %H:%M"),
                source = e.source_name
            )
        ),
        None => println!("{}", say!("cli-last-good-never")),
    }
    println!("{}", say!("cli-this-week", due = s.due_label));
    for e in &s.eschool {
        println!("  eSchool – {}: {}", e.label, e.due_label);
    }
    println!("{}", s.admin_password_label);
    if let Some(offsite) = &s.offsite_label {
        println!("{offsite}");
    }
}

/// The directive's account-safety checklist, then the reminder's state.
pub fn admin_password_summary(label: &str) {
    println!("{}", say!("cli-account-safety"));
    for item in [
        say!("cli-safety-log-out"),
        say!("cli-safety-no-saved-passwords"),
        say!("cli-safety-strong"),
        say!("cli-safety-change"),
    ] {
        println!("  • {item}");
    }
    println!("{label}");
}

pub fn config_summary(c: &Config) {
    let or_none = |s: &str| {
        if s.is_empty() {
            say!("cli-not-entered")
        } else {
            s.to_string()
        }
    };
    println!(
        "{}",
        say!("cli-school-name", name = or_none(&c.school_name))
    );
    println!("{}", say!("cli-website", url = or_none(&c.website)));
    let w = &c.website_settings;
    println!(
        "  {}",
        say!(
            "cli-website-limits",
            pace = say!(if w.fast { "cli-fast" } else { "cli-polite" }),
            urls = w.max_urls,
            depth = w.max_depth,
            file_mb = w.max_file_mb,
            total_gb = w.max_total_gb
        )
    );
    println!("eSchool: {}", or_none(&c.eschool.url));
    let sections: Vec<&str> = c.eschool.sections.iter().map(|s| s.label()).collect();
    println!("  {}", say!("cli-sections", sections = sections.join(", ")));
    match c.backup_day {
        Some(d) => println!(
            "{}",
            say!(
                "cli-backup-day",
                day = saoluu_engine::schedule::weekday_label(d)
            )
        ),
        None => println!("{}", say!("cli-backup-every-7-days")),
    }
    for f in &c.folders {
        println!("{}", say!("cli-folder", path = f.display()));
    }
    for t in &c.targets {
        println!("{}", say!("cli-target", path = t.display()));
    }
}

fn when(t: Option<chrono::DateTime<chrono::Local>>, fallback: &str) -> String {
    t.map(|t| t.format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_else(|| fallback.to_string())
}

pub fn runs_summary(groups: &[saoluu_engine::catalog::Group]) {
    if groups.is_empty() {
        println!("{}", say!("drive-empty"));
    }
    for g in groups {
        let origin = if g.origin.is_empty() {
            String::new()
        } else {
            format!(" ({})", g.origin)
        };
        println!(
            "{}",
            say!(
                "cli-source-runs",
                name = format!("{}{origin}", g.name),
                n = g.backups.len()
            )
        );
        for b in &g.backups {
            let lock = if b.encrypted {
                say!("cli-encrypted-suffix")
            } else {
                String::new()
            };
            let note = b
                .note
                .as_deref()
                .map(|n| format!(" — {n}"))
                .unwrap_or_default();
            println!(
                "  {}  {}  {}{lock}  [{}]{note}",
                when(b.started_at, &b.run_name),
                b.zips.join(", "),
                say!("files-size", files = b.files, size = b.size_label),
                b.checked_label
            );
        }
    }
}

pub fn find_summary(name: &str, hits: &[saoluu_engine::catalog::Hit]) {
    if hits.is_empty() {
        println!("{}", say!("found-none", query = name));
        return;
    }
    println!("{}", say!("cli-found", n = hits.len(), query = name));
    for h in hits {
        println!(
            "  {}  {}  {} ({})",
            when(h.started_at, &h.run_name),
            h.source_name,
            h.path,
            h.size_label
        );
    }
    let h = &hits[0];
    // A run found in the offsite store has no folder here: it is named as `restore --offsite` takes it.
    let line = if h.run_dir.as_os_str().is_empty() {
        say!(
            "cli-restore-newest-offsite",
            run = h.run_name,
            stem = h.stem,
            path = h.path
        )
    } else {
        say!(
            "cli-restore-newest",
            run = h.run_dir.display(),
            stem = h.stem,
            path = h.path
        )
    };
    println!("{line}");
}

pub fn drill_summary(r: &saoluu_engine::drill::Report) {
    for s in &r.sources {
        let mark = if s.ok() { "✔" } else { "✘" };
        let when = saoluu_engine::runs::label(&s.run_name);
        match &s.error {
            Some(e) => println!("{mark} {} ({when}): {e}", s.name),
            None => println!(
                "{mark} {} ({when}): {}",
                s.name,
                say!(
                    "cli-drill-source",
                    n = s.restored,
                    checks = s.checks.join("; ")
                )
            ),
        }
        for (f, why) in &s.failed {
            println!("    ✘ {f}: {why}");
        }
    }
    println!("{}", r.summary);
    println!("{}", say!("cli-drill-cleaned"));
}

pub fn republish_summary(done: &[saoluu_engine::website::republish::Published]) {
    for p in done {
        match (&p.link, &p.error) {
            (Some(link), _) if p.ok => println!("✔ {} → {link}", p.title),
            _ if p.ok => println!("✔ {}", p.title),
            (_, e) => println!(
                "✘ {}: {}",
                p.title,
                e.clone().unwrap_or_else(|| say!("cli-error-unnamed"))
            ),
        }
    }
    let ok = done.iter().filter(|p| p.ok).count();
    println!("{}", say!("cli-published", ok = ok, of = done.len()));
}

pub fn rebuild_summary(r: &saoluu_engine::website::rebuild::Report) {
    use saoluu_engine::website::rebuild::Done;
    for i in &r.items {
        match (i.done, &i.error) {
            (Done::Failed, e) => println!("✘ {}: {}", i.title, e.as_deref().unwrap_or_default()),
            (Done::WouldCreate, _) => println!("+ {} ({})", i.title, say!(i.kind)),
            _ => {}
        }
    }
    println!(
        "{}",
        say!(
            if r.dry_run {
                "cli-rebuild-dry"
            } else {
                "cli-rebuild-done"
            },
            created = r.count(Done::Created),
            would = r.count(Done::WouldCreate),
            existing = r.count(Done::Existing),
            failed = r.count(Done::Failed),
            site = r.site
        )
    );
}

pub fn offsite_shown(s: &saoluu_engine::offsite::push::Shown) {
    println!("{}", say!("cli-offsite-shown", url = s.url, key = s.key_id));
    if !s.has_secret {
        println!("{}", say!("cli-offsite-no-secret"));
    }
    match &s.last_run {
        Some((run, at)) => {
            let at = chrono::DateTime::parse_from_rfc3339(at)
                .map(|t| {
                    t.with_timezone(&chrono::Local)
                        .format("%d/%m/%Y %H:%M")
                        .to_string()
                })
                .unwrap_or_else(|_| at.clone());
            println!(
                "{}",
                say!(
                    "cli-offsite-last",
                    run = saoluu_engine::runs::label(run),
                    when = at
                )
            );
        }
        None => println!("{}", say!("cli-offsite-never")),
    }
    println!(
        "{}",
        saoluu_engine::message::offsite_cap(s.limit_kib_s, s.link_kib_s)
    );
}

pub fn offsite_pushed(r: &saoluu_engine::offsite::push::Report) {
    if r.paused {
        println!("{}", saoluu_engine::message::offsite_pushed(r));
    } else if r.runs.is_empty() {
        println!(
            "{}",
            say!("cli-offsite-nothing", already = r.already, store = r.store)
        );
    }
    for run in &r.runs {
        println!(
            "{}",
            say!(
                "cli-offsite-sent",
                run = run.label,
                objects = run.objects,
                size = saoluu_engine::message::size(run.bytes_sent)
            )
        );
    }
}

pub fn offsite_runs(runs: &[saoluu_engine::offsite::fetch::OffsiteRun]) {
    if runs.is_empty() {
        println!("{}", say!("cli-offsite-empty"));
    }
    for r in runs {
        let size: u64 = r.files.iter().map(|(_, s)| s).sum();
        let state = if r.complete {
            String::new()
        } else {
            say!("cli-offsite-incomplete")
        };
        println!(
            "{}",
            say!(
                "cli-offsite-run",
                label = r.label,
                files = r.files.len(),
                size = saoluu_engine::message::size(size),
                state = state
            )
        );
    }
}

/// The office's overview: one line per school, worst first, then each duty that is not done.
pub fn district_table(o: &saoluu_engine::district::overview::Overview) {
    println!("{}", saoluu_engine::message::district_counts(o));
    for r in &o.rows {
        let level = r
            .level
            .map(|l| format!(" ({})", l.label()))
            .unwrap_or_default();
        println!("{}  {}{level}: {}", r.code, r.name, r.label);
        for d in r.duties.iter().filter(|d| !d.state.compliant()) {
            println!("      {}", d.label);
        }
    }
}
