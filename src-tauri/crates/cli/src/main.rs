//! `saoluu`: the command line of Sao lưu Trường học. Wiring only: every command calls the engine
//! and prints its result in Vietnamese (or JSON with `--json`).

mod cli;
mod output;

use clap::{CommandFactory, FromArgMatches};
use cli::{BackupWhat, Cli, Command};
use output::{fail, print_json, Bar};
use saoluu_engine::appdata::AppData;
use saoluu_engine::backup::{self, Source};
use saoluu_engine::config::{Change, Config};
use saoluu_engine::eschool::{self, plan, Section};
use saoluu_engine::journal::{self, Journal};
use saoluu_engine::passphrase::Passphrase;
use saoluu_engine::progress::{CancelToken, ProgressSink};
use saoluu_engine::{drive, message, restore, retention, say, status, verify, Error};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// glibc's malloc keeps what the worker threads of a website snapshot freed (its per-thread
// arenas grow past a dynamic mmap threshold): 150 MB resident for 30 MB in use. mimalloc keeps
// less and is faster at the many small allocations of parsing pages. Not in the tray app: there
// it costs 13 MB of the idle memory it holds all day (see README's idle benchmark).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let matches = match cli::localized(Cli::command()).try_get_matches() {
        Ok(m) => m,
        Err(e) => return cli::usage_error(e),
    };
    let args = Cli::from_arg_matches(&matches).expect("matches come from the same definition");
    match run(args) {
        Ok(code) => code,
        Err(e) => fail(&e),
    }
}

fn run(args: Cli) -> Result<ExitCode, Error> {
    let app = AppData::open(args.data_dir.as_deref())?;
    match args.command {
        Command::Drives { json } => drives(json),
        Command::Drive {
            action: cli::DriveAction::Init { path, school },
        } => drive_init(&app, &path, school),
        Command::Backup { to, what } => {
            backup_cmd(&app, to, what, args.passphrase_file.as_deref(), args.json)
        }
        Command::Verify { path, json } => verify_cmd(
            &app,
            &path,
            args.passphrase_file.as_deref(),
            json || args.json,
        ),
        Command::Log {
            json,
            export,
            source,
            limit,
        } => log_cmd(&app, json || args.json, export, source, limit),
        Command::Restore {
            from,
            offsite,
            to,
            only,
            overwrite,
            nguon,
            json,
        } => {
            let passphrase = Passphrase::find(args.passphrase_file.as_deref())?;
            let opts = restore::Options {
                only,
                overwrite,
                source: nguon,
                passphrase,
                overwrite_files: Vec::new(),
            };
            if offsite {
                offsite_restore(&app, &from.to_string_lossy(), &to, &opts, json || args.json)
            } else {
                restore_cmd(&app, &from, &to, &opts, json || args.json, &ctrl_c())
            }
        }
        Command::Drill { to, json } => {
            drill_cmd(&app, to, args.passphrase_file.as_deref(), json || args.json)
        }
        Command::Plan { out, pdf } => {
            // Only the check code goes on the plan; the passphrase stays on the recovery sheet.
            let code = Passphrase::find(args.passphrase_file.as_deref())
                .ok()
                .flatten()
                .map(|p| p.check_code());
            use saoluu_engine::recovery_plan::{save, Format};
            let format = match out.as_deref() {
                Some(p) => Format::of(p),
                None if pdf => Format::Pdf,
                None => Format::Html,
            };
            let written = save(&app, code, out.as_deref(), format)?;
            println!("{}", say!("cli-plan-written", path = written[0].display()));
            for p in &written[1..] {
                println!("{}", say!("cli-copy-on-drive", path = p.display()));
            }
            println!(
                "{}",
                match format {
                    Format::Html => say!("cli-plan-print-html"),
                    Format::Pdf => say!("cli-plan-print-pdf"),
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Republish {
            dir,
            den,
            nguoi_dung,
            tac_gia,
            thu,
            cho_phep_http,
            json,
        } => {
            let how = Rebuild {
                dry_run: thu,
                allow_plain_http: cho_phep_http,
                author: tac_gia,
                json: json || args.json,
            };
            republish_cmd(&app, &dir, &den, &nguoi_dung, how)
        }
        Command::Report { from, to, out } => {
            let out = match out {
                Some(out) => out,
                None => saoluu_engine::principal_report::default_path(from, to, "pdf")?,
            };
            let path = saoluu_engine::principal_report::save(&app, from, to, &out)?;
            println!("{}", say!("cli-report-written", path = path.display()));
            Ok(ExitCode::SUCCESS)
        }
        Command::Runs {
            target: Some(target),
            ngay,
            json,
            ..
        } => runs_cmd(&target, ngay, json || args.json),
        Command::Runs { json, .. } => offsite_runs(&app, json || args.json),
        Command::Offsite { action } => offsite_cmd(&app, action, args.json),
        Command::District {
            action,
            cap_hoc,
            json,
        } => district_cmd(&app, action, cap_hoc, json || args.json),
        Command::Find {
            target,
            name,
            offsite,
            json,
        } => match (offsite, target, name) {
            (false, Some(target), Some(name)) => {
                let hits = saoluu_engine::catalog::find(&app_dir_of(&target)?, &name)?;
                found(&name, &hits, json || args.json)
            }
            (true, Some(name), None) => {
                let name = name.to_string_lossy();
                let hits = saoluu_engine::offsite::find::find(&app, &name)?;
                found(&name, &hits, json || args.json)
            }
            _ => Cli::command()
                .error(
                    clap::error::ErrorKind::WrongNumberOfValues,
                    say!("cli-find-usage"),
                )
                .exit(),
        },
        Command::Prune { to, dry_run } => prune_cmd(&app, to, dry_run, args.json),
        Command::Passphrase { action } => {
            passphrase_cmd(&app, action, args.passphrase_file.as_deref())
        }
        Command::Status { json } => status_cmd(&app, json || args.json),
        Command::MatKhauQuanTri {
            da_doi,
            nhac_sau,
            json,
        } => admin_password(&app, da_doi, nhac_sau, json || args.json),
        Command::CheckSite {
            url,
            bai_viet,
            nhanh,
            json,
        } => check_site(&app, url, bai_viet, nhanh, json || args.json),
        Command::ChungChi {
            chap_nhan,
            bo,
            json,
        } => certificate_cmd(&app, chap_nhan, bo, json || args.json),
        Command::Config { change, json } => config_cmd(&app, change.into_change(), json),
        Command::Demo { json } => demo(&app, json || args.json),
    }
}

fn drives(json: bool) -> Result<ExitCode, Error> {
    let list = drive::list();
    if json {
        print_json(&list);
    } else {
        for d in &list {
            let backup = match &d.marker {
                Some(m) => format!("  [{}]", say!("cli-drive-of", school = m.school)),
                None => String::new(),
            };
            let kind = say!(if d.removable {
                "cli-removable"
            } else {
                "cli-internal"
            });
            println!(
                "{}  {}  {}  {}  ({kind}){backup}",
                d.mount_point.display(),
                d.label,
                d.file_system,
                say!(
                    "cli-free-of",
                    free = message::size(d.free_bytes),
                    total = message::size(d.total_bytes)
                )
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn drive_init(app: &AppData, path: &Path, school: Option<String>) -> Result<ExitCode, Error> {
    let m = saoluu_engine::config::register_drive(app, path, school.as_deref())?;
    println!(
        "{}",
        say!(
            "cli-drive-registered",
            path = path.display(),
            id = m.drive_id
        )
    );
    Ok(ExitCode::SUCCESS)
}

fn pick_target(app: &AppData, to: Option<PathBuf>) -> Result<PathBuf, Error> {
    match to {
        Some(t) => Ok(t),
        None => drive::the_present_target(&Config::load(app)?.targets),
    }
}

fn backup_cmd(
    app: &AppData,
    to: Option<PathBuf>,
    what: Option<BackupWhat>,
    pass_file: Option<&Path>,
    json: bool,
) -> Result<ExitCode, Error> {
    let config = Config::load(app)?;
    let mut accept = false;
    let (sources, to) = match what {
        Some(BackupWhat::Folder {
            dir,
            to: t,
            encrypt,
        }) => (vec![Source::Folder { path: dir, encrypt }], t.or(to)),
        Some(BackupWhat::Website { url, nhanh, to: t }) => {
            (vec![Source::Website { url, fast: nhanh }], t.or(to))
        }
        Some(BackupWhat::Eschool {
            to: t,
            truong,
            giao_vien,
            hoc_sinh,
            yes,
            cho_tai_ve,
            thu_muc_tai_ve,
            cho_toi_da,
        }) => {
            accept = yes;
            let mut files: Vec<(Section, PathBuf)> = [
                (Section::Truong, truong),
                (Section::GiaoVien, giao_vien),
                (Section::HocSinh, hoc_sinh),
            ]
            .into_iter()
            .flat_map(|(s, fs)| fs.into_iter().map(move |f| (s, f)))
            .collect();
            if cho_tai_ve {
                let dir = thu_muc_tai_ve.unwrap_or_else(eschool::downloads::folder);
                let wait = std::time::Duration::from_secs_f64(cho_toi_da.max(0.0) * 60.0);
                files.extend(wait_for_exports(&config, &files, &dir, wait)?);
            }
            if files.is_empty() {
                return Err(Error::NoEschoolFiles);
            }
            for (_, f) in &files {
                if !f.is_file() {
                    return Err(Error::SourceMissing(f.clone()));
                }
            }
            (vec![Source::Eschool { files }], t.or(to))
        }
        None => (backup::configured_sources(&config), to),
    };
    let target = pick_target(app, to)?;
    let mut req = backup::Request::prepare(&config, sources, target, pass_file)?;
    req.accept_drop = accept || confirm_eschool(&req, json)?;
    run_backup(app, &req, json)
}

/// The CLI's guided eSchool step: for each section the school uses and no file was given, say
/// where to click in eSchool and wait for the export to land in the Downloads folder. Guidance goes
/// to stderr, like the progress bar, so `--json` output stays clean.
fn wait_for_exports(
    config: &Config,
    given: &[(Section, PathBuf)],
    dir: &Path,
    wait: std::time::Duration,
) -> Result<Vec<(Section, PathBuf)>, Error> {
    let cancel = CancelToken::default();
    output::cancel_on_ctrl_c(cancel.clone());
    if !config.eschool.url.is_empty() {
        eprintln!("{}", say!("cli-open-eschool", url = config.eschool.url));
    }
    let mut got = Vec::new();
    for section in config.eschool.sections.iter().copied() {
        if given.iter().any(|(s, _)| *s == section) {
            continue;
        }
        // Watching starts before the user is told to export, so no file can slip past.
        let watch = eschool::downloads::watch(dir)?;
        eprintln!(
            "\n{}: {}",
            section.label(),
            config.eschool.system.how_to_export(section)
        );
        let limit = match wait.as_secs() {
            s if s < 60 => say!("cli-seconds", n = s),
            s => say!("cli-minutes", n = s.div_ceil(60)),
        };
        eprintln!(
            "{}",
            say!("cli-waiting", folder = dir.display(), limit = limit)
        );
        match watch.wait(wait, &cancel) {
            Some(p) => {
                eprintln!("{}", say!("cli-received", path = p.display()));
                got.push((section, p));
            }
            None if cancel.is_cancelled() => return Err(Error::Cancelled),
            None => eprintln!("{}", say!("cli-no-new-file", section = section.label())),
        }
    }
    Ok(got)
}

/// Shows what the eSchool exports hold and how they differ from the last backup, and asks before
/// saving a section that dropped by more than 20 %. With no terminal to ask, it refuses.
/// The run reads the files again: they may have changed since, and it must check what it writes.
fn confirm_eschool(req: &backup::Request, json: bool) -> Result<bool, Error> {
    let Some(files) = req.sources.iter().find_map(|s| match s {
        Source::Eschool { files } => Some(files),
        _ => None,
    }) else {
        return Ok(false);
    };
    let Some(pass) = &req.passphrase else {
        return Ok(false);
    };
    if drive::open_target(&req.target).is_err() {
        // The run itself says why the drive cannot be used.
        return Ok(false);
    }
    let p = plan::preview(&req.target, files, pass)?;
    if !json {
        for s in &p.sections {
            let mark = match (&s.refused, &s.changes) {
                (Some(_), _) => "✘",
                (None, Some(_)) => "•",
                (None, None) => "!",
            };
            println!("{mark} {}: {}", s.section.label(), s.sentence());
        }
    }
    let Some(what) = p.drop_warning() else {
        return Ok(false);
    };
    use std::io::IsTerminal;
    if json || !std::io::stdin().is_terminal() {
        return Err(Error::NeedsConfirmation(what));
    }
    println!("⚠ {what}");
    print!("{} {} ", message::BIG_DROP_ADVICE, say!("cli-save-anyway"));
    let _ = std::io::Write::flush(&mut std::io::stdout());
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|e| Error::io("stdin", e))?;
    let yes = message::YES.contains(&answer.trim().to_lowercase().as_str());
    if yes {
        Ok(true)
    } else {
        Err(Error::NeedsConfirmation(what))
    }
}

fn run_backup(app: &AppData, req: &backup::Request, json: bool) -> Result<ExitCode, Error> {
    let cancel = CancelToken::default();
    output::cancel_on_ctrl_c(cancel.clone());
    let bar = Bar::new(json);
    let report = backup::run(app, req, &|p: &_| bar.update(p), &cancel);
    bar.finish();
    let report = report?;
    Ok(output::answer(
        json,
        &report,
        output::backup_summary,
        report.all_good(),
    ))
}

fn verify_cmd(
    app: &AppData,
    path: &Path,
    pass_file: Option<&Path>,
    json: bool,
) -> Result<ExitCode, Error> {
    let report = verify::verify_and_record(app, path, Passphrase::find(pass_file)?.as_ref())?;
    Ok(output::answer(
        json,
        &report,
        output::verify_summary,
        report.ok(),
    ))
}

fn log_cmd(
    app: &AppData,
    json: bool,
    export: Option<PathBuf>,
    source: Option<String>,
    limit: Option<u32>,
) -> Result<ExitCode, Error> {
    let j = Journal::open(&app.journal_file())?;
    let entries = j.list(&journal::Filter {
        source_kind: source,
        outcome: None,
        limit,
    })?;
    if let Some(path) = export {
        journal::export(&path, &entries)?;
        println!(
            "{}",
            say!("cli-log-exported", n = entries.len(), path = path.display())
        );
    } else if json {
        print_json(&entries);
    } else {
        output::log_table(&entries);
    }
    Ok(ExitCode::SUCCESS)
}

/// What Ctrl+C stops: one token for the whole command (the handler can be set only once).
fn ctrl_c() -> CancelToken {
    let cancel = CancelToken::default();
    output::cancel_on_ctrl_c(cancel.clone());
    cancel
}

/// Runs a long engine operation with the terminal's progress bar.
fn with_bar<T>(json: bool, op: impl FnOnce(&dyn ProgressSink) -> T) -> T {
    let bar = Bar::new(json);
    let out = op(&|p: &_| bar.update(p));
    bar.finish();
    out
}

fn restore_cmd(
    app: &AppData,
    from: &Path,
    to: &Path,
    opts: &restore::Options,
    json: bool,
    cancel: &CancelToken,
) -> Result<ExitCode, Error> {
    let report = with_bar(json, |p| {
        restore::restore_recorded(app, from, to, opts, p, cancel)
    })?;
    Ok(output::answer(
        json,
        &report,
        output::restore_summary,
        report.ok(),
    ))
}

fn offsite_cmd(app: &AppData, action: cli::OffsiteAction, json: bool) -> Result<ExitCode, Error> {
    use saoluu_engine::offsite::{push, target};
    match action {
        cli::OffsiteAction::Set {
            url,
            key_id,
            gioi_han,
        } => {
            // The secret is never an argument (process lists show those).
            let secret = env_or_typed(
                saoluu_engine::knobs::OFFSITE_SECRET,
                &say!("cli-offsite-secret"),
            )?;
            let secret = secret.ok_or_else(|| Error::OffsiteNoSecret {
                role: target::Role::School,
                key_id: key_id.clone(),
            })?;
            let (t, kept) = match target::set(app, &url, &key_id, Some(&secret), gioi_han) {
                Ok(t) => (t, true),
                // A PC without a keychain (a scheduled task's account) keeps the address and
                // key id; the secret then comes from SAOLUU_OFFSITE_SECRET at every run.
                Err(Error::Keychain(_))
                    if std::env::var(saoluu_engine::knobs::OFFSITE_SECRET).is_ok() =>
                {
                    (target::set(app, &url, &key_id, None, gioi_han)?, false)
                }
                Err(e) => return Err(e),
            };
            println!("{}", say!("cli-offsite-set", store = t.shown()));
            println!(
                "{}",
                if kept {
                    say!("cli-offsite-secret-kept")
                } else {
                    say!("cli-offsite-secret-from-env")
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        cli::OffsiteAction::Import { file, gioi_han } => {
            let t = saoluu_engine::offsite::handover::import(app, &file, gioi_han)?;
            println!("{}", say!("cli-offsite-set", store = t.shown()));
            println!("{}", say!("cli-offsite-secret-kept"));
            println!("{}", say!("cli-handover-delete", path = file.display()));
            Ok(ExitCode::SUCCESS)
        }
        cli::OffsiteAction::Report { json: j } => {
            let doc = saoluu_engine::district::publish::publish(app)?;
            if json || j {
                print_json(&doc);
            } else {
                println!("{}", say!("cli-status-written", school = doc.code));
            }
            Ok(ExitCode::SUCCESS)
        }
        cli::OffsiteAction::Show { json: j } => {
            let shown = push::show(app)?;
            if json || j {
                print_json(&shown);
            } else {
                output::offsite_shown(&shown);
            }
            Ok(ExitCode::SUCCESS)
        }
        cli::OffsiteAction::Push { from, json: j } => {
            let json = json || j;
            let cancel = ctrl_c();
            let report = with_bar(json, |p| {
                saoluu_engine::district::publish::push_and_report(app, from.as_deref(), p, &cancel)
            })?;
            // Exit 0 only when every run is offsite and checked.
            let complete = !report.paused;
            Ok(output::answer(
                json,
                &report,
                output::offsite_pushed,
                complete,
            ))
        }
    }
}

/// A secret from its environment variable (scheduled tasks, tests), else typed hidden: never an
/// argument, which process lists show.
fn env_or_typed(env: &str, prompt: &str) -> Result<Option<String>, Error> {
    match std::env::var(env) {
        Ok(s) if !s.is_empty() => Ok(Some(s)),
        _ => read_secret(prompt),
    }
}

/// The office's overview, or its settings. Exit 0 only when every school is compliant, so a
/// scheduled task can tell.
fn district_cmd(
    app: &AppData,
    action: Option<cli::DistrictAction>,
    level: Option<String>,
    json: bool,
) -> Result<ExitCode, Error> {
    use saoluu_engine::district::{list, overview};
    let level = match level {
        Some(l) => saoluu_engine::config::SchoolLevel::parse(&l)?,
        None => None,
    };
    match action {
        Some(cli::DistrictAction::Set {
            url,
            key_id,
            truong,
            danh_sach,
        }) => {
            let schools = match (truong, danh_sach) {
                (_, Some(file)) => list::read(&file)?,
                (Some(codes), None) => list::from_codes(&codes, &list::known(app)?),
                (None, None) => Vec::new(),
            };
            let env = saoluu_engine::knobs::DISTRICT_SECRET;
            let secret = env_or_typed(env, &say!("cli-district-secret"))?;
            let n = schools.len();
            let t = match overview::set(app, &url, &key_id, secret.as_deref(), schools.clone()) {
                Ok(t) => t,
                // No keychain (a scheduled task's account): the secret comes from the environment.
                Err(Error::Keychain(_)) if std::env::var(env).is_ok() => {
                    overview::set(app, &url, &key_id, None, schools)?
                }
                Err(e) => return Err(e),
            };
            println!("{}", say!("cli-district-set", store = t.shown(), n = n));
            Ok(ExitCode::SUCCESS)
        }
        Some(cli::DistrictAction::SchoolFile {
            truong,
            key_id,
            out,
        }) => {
            use saoluu_engine::offsite::handover;
            let secret = env_or_typed(
                saoluu_engine::knobs::OFFSITE_SECRET,
                &say!("cli-offsite-secret"),
            )?;
            let secret = secret.ok_or_else(|| Error::OffsiteNoSecret {
                role: saoluu_engine::offsite::target::Role::School,
                key_id: key_id.clone(),
            })?;
            let h = handover::for_school(app, &truong, &key_id, &secret)?;
            handover::write(&h, &out)?;
            println!(
                "{}",
                say!(
                    "cli-handover-written",
                    path = out.display(),
                    school = h.school_code
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(cli::DistrictAction::Report { from, to, out }) => {
            let saved = saoluu_engine::district::report::save(app, from, to, level, &out)?;
            println!("{}", say!("cli-district-report", path = saved.display()));
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let o = overview::read(app, chrono::Local::now(), level)?;
            let all_good = o.rows.iter().all(|r| r.state.compliant());
            if json {
                print_json(&o);
            } else {
                output::district_table(&o);
            }
            Ok(if all_good {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}

fn offsite_runs(app: &AppData, json: bool) -> Result<ExitCode, Error> {
    let runs = saoluu_engine::offsite::fetch::runs(app)?;
    if json {
        print_json(&runs);
    } else {
        output::offsite_runs(&runs);
    }
    Ok(ExitCode::SUCCESS)
}

/// A run from the offsite store: brought back into the app's data folder, each file checked
/// against the run's SHA256SUMS, then restored as from a drive, and the download removed.
fn offsite_restore(
    app: &AppData,
    run: &str,
    to: &Path,
    opts: &restore::Options,
    json: bool,
) -> Result<ExitCode, Error> {
    let cancel = ctrl_c();
    let into = saoluu_engine::offsite::fetch::download_dir(app);
    let fetched = with_bar(json, |p| {
        saoluu_engine::offsite::fetch::download(app, run, &into, p, &cancel)
    });
    let fetched = match fetched {
        Ok(dir) => dir,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&into);
            return Err(e);
        }
    };
    let done = restore_cmd(app, &fetched, to, opts, json, &cancel);
    let _ = std::fs::remove_dir_all(&into);
    done
}

/// A drive's app folder, from the drive itself (or a folder) as the user names it.
fn app_dir_of(target: &Path) -> Result<PathBuf, Error> {
    drive::open_typed(target).map(|t| t.app_dir())
}

fn drill_cmd(
    app: &AppData,
    to: Option<PathBuf>,
    pass_file: Option<&Path>,
    json: bool,
) -> Result<ExitCode, Error> {
    let target = pick_target(app, to)?;
    let pass = Passphrase::find(pass_file)?;
    let typed = ask_passphrase(json)?;
    let cancel = CancelToken::default();
    output::cancel_on_ctrl_c(cancel.clone());
    let bar = Bar::new(json);
    let report = saoluu_engine::drill::run(
        app,
        &target,
        pass.as_ref(),
        typed.as_deref(),
        &|p: &_| bar.update(p),
        &cancel,
    );
    bar.finish();
    let report = report?;
    saoluu_engine::district::publish::publish_if_set(app);
    Ok(output::answer(
        json,
        &report,
        output::drill_summary,
        report.ok,
    ))
}

/// How `saoluu republish` was asked to run.
struct Rebuild {
    dry_run: bool,
    allow_plain_http: bool,
    author: Option<String>,
    json: bool,
}

fn republish_cmd(
    app: &AppData,
    dir: &Path,
    site: &str,
    user: &str,
    how: Rebuild,
) -> Result<ExitCode, Error> {
    use saoluu_engine::website::{rebuild, republish};
    let json = how.json;
    let backup = rebuild::Backup::read(dir)?;
    let articles = match &backup {
        Some(_) => Vec::new(),
        None => republish::read_articles(dir)?,
    };
    if !json {
        match &backup {
            Some(b) => println!("{}", say!("cli-will-rebuild", n = b.size(), site = site)),
            None => println!(
                "{}",
                say!("cli-will-publish", n = articles.len(), site = site)
            ),
        }
    }
    let password = read_secret(&say!("cli-app-password"))?.ok_or(Error::NeedAppPassword)?;
    let cancel = CancelToken::default();
    output::cancel_on_ctrl_c(cancel.clone());
    let bar = Bar::new(json);
    let progress = |p: &_| bar.update(p);
    let login = rebuild::Login {
        site,
        user,
        password: &password,
        allow_plain_http: how.allow_plain_http,
        author: how.author.as_deref(),
    };
    if let Some(b) = &backup {
        let report = rebuild::rebuild_recorded(app, b, &login, how.dry_run, &progress, &cancel);
        drop(password);
        bar.finish();
        let report = report?;
        return Ok(output::answer(
            json,
            &report,
            output::rebuild_summary,
            report.ok(),
        ));
    }
    let done = republish::republish(&login, &articles, &progress, &cancel);
    drop(password);
    bar.finish();
    let done = done?;
    let all = done.iter().all(|p| p.ok);
    Ok(output::answer(
        json,
        done.as_slice(),
        output::republish_summary,
        all,
    ))
}

/// A secret typed by a person: hidden at a terminal, else the first line piped in.
fn read_secret(prompt: &str) -> Result<Option<String>, Error> {
    use std::io::IsTerminal;
    let typed = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(prompt).map_err(|e| Error::io("stdin", e))?
    } else {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|e| Error::io("stdin", e))?;
        line
    };
    let typed = typed.trim_end_matches(['\r', '\n']).to_string();
    Ok(Some(typed).filter(|t| !t.trim().is_empty()))
}

/// The drill proves a person still knows the passphrase: at a terminal it is typed (hidden);
/// piped in, the first line is taken; with nothing to read, it is not asked.
fn ask_passphrase(json: bool) -> Result<Option<String>, Error> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() && !json {
        println!("{}", say!("cli-drill-prove"));
    }
    read_secret(&say!("cli-drill-passphrase"))
}

fn runs_cmd(target: &Path, day: Option<chrono::NaiveDate>, json: bool) -> Result<ExitCode, Error> {
    let mut groups = saoluu_engine::catalog::read(&app_dir_of(target)?)?;
    if let Some(day) = day {
        for g in &mut groups {
            g.backups
                .retain(|b| b.started_at.is_some_and(|t| t.date_naive() == day));
        }
        groups.retain(|g| !g.backups.is_empty());
    }
    if json {
        print_json(&groups);
    } else {
        output::runs_summary(&groups);
    }
    Ok(ExitCode::SUCCESS)
}

fn found(name: &str, hits: &[saoluu_engine::catalog::Hit], json: bool) -> Result<ExitCode, Error> {
    if json {
        print_json(&hits);
    } else {
        output::find_summary(name, hits);
    }
    Ok(if hits.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn admin_password(
    app: &AppData,
    changed: bool,
    every: Option<u32>,
    json: bool,
) -> Result<ExitCode, Error> {
    if changed {
        saoluu_engine::config::confirm_password_change(app, chrono::Local::now().date_naive())?;
        saoluu_engine::district::publish::publish_if_set(app);
    }
    let mut c = Config::load(app)?;
    let change = Change {
        password_every_days: every,
        ..Change::default()
    };
    if c.apply(&change)? {
        c.save(app)?;
    }
    let s = status::status(app, &[])?;
    if json {
        print_json(&serde_json::json!({
            "admin_password": s.admin_password,
            "label": s.admin_password_label,
            "changed_on": c.admin_password.changed_on,
            "every_days": c.admin_password.every_days,
        }));
    } else {
        output::admin_password_summary(&s.admin_password_label);
    }
    Ok(ExitCode::SUCCESS)
}

fn check_site(
    app: &AppData,
    url: Option<String>,
    articles: usize,
    fast: bool,
    json: bool,
) -> Result<ExitCode, Error> {
    let config = Config::load(app)?;
    let url = url.unwrap_or_else(|| config.website.clone());
    if url.is_empty() {
        return Err(Error::BadUrl(String::new()));
    }
    let own_site = url == config.website;
    let mut opts = saoluu_engine::website::Options::new(&url, &config.school_name)?;
    opts.fast = fast;
    // Used only when `url` is the school's own site, for which the choice was made.
    opts.trusted_certificate = config.website_settings.trusted_certificate.clone();
    if !json {
        // Politely paced, the article pages take a few seconds each: say what is happening.
        eprintln!(
            "{}",
            say!("cli-reading-site", url = url, articles = articles)
        );
    }
    let check = saoluu_engine::website::check_site(opts, articles)?;
    if own_site {
        // The education office hears of a check of the school's own site.
        saoluu_engine::website::compliance::remember(app, &check, chrono::Local::now());
        saoluu_engine::district::publish::publish_if_set(app);
    }
    let complete = check.missing().is_empty();
    Ok(output::answer(
        json,
        &check,
        output::check_site_summary,
        complete,
    ))
}

fn certificate_cmd(
    app: &AppData,
    accept: Option<String>,
    forget: bool,
    json: bool,
) -> Result<ExitCode, Error> {
    use saoluu_engine::site_certificate;
    if let Some(fp) = accept {
        let t = site_certificate::accept(app, &fp)?;
        if json {
            print_json(&t);
        } else {
            println!(
                "{} {}",
                message::certificate_accepted(&t),
                say!("cli-forget-now")
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    if forget {
        let had = site_certificate::forget(app)?;
        if json {
            print_json(&serde_json::json!({ "forgotten": had }));
        } else {
            println!("{}", message::certificate_forgotten(had));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let (seen, chosen) = site_certificate::look(app)?;
    if json {
        print_json(&serde_json::json!({ "presented": seen, "accepted": chosen }));
    } else {
        output::certificate_summary(&seen, chosen.as_ref());
    }
    Ok(if seen.valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn status_cmd(app: &AppData, json: bool) -> Result<ExitCode, Error> {
    let s = status::status(app, &[])?;
    if json {
        print_json(&s);
    } else {
        output::status_summary(&s);
        let today = chrono::Local::now().date_naive();
        for line in saoluu_engine::glance::build(app, 12, today)?.lines() {
            println!("{line}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn config_cmd(app: &AppData, change: Change, json: bool) -> Result<ExitCode, Error> {
    let mut c = Config::load(app)?;
    if c.apply(&change)? {
        c.save(app)?;
    }
    if json {
        print_json(&c);
    } else {
        output::config_summary(&c);
    }
    Ok(ExitCode::SUCCESS)
}

fn prune_cmd(
    app: &AppData,
    to: Option<PathBuf>,
    dry_run: bool,
    json: bool,
) -> Result<ExitCode, Error> {
    let target = drive::open_target(&pick_target(app, to)?)?;
    let policy = Config::load(app)?.retention;
    let now = chrono::Local::now();
    let p = if dry_run {
        retention::preview(&target.app_dir(), now, policy)?
    } else {
        retention::prune(&target.app_dir(), now, policy)?
    };
    if json {
        print_json(&p);
        return Ok(ExitCode::SUCCESS);
    }
    let verb = say!(if dry_run {
        "cli-will-remove"
    } else {
        "cli-removed"
    });
    for d in &p.removed {
        println!("{verb}: {}", d.display());
    }
    println!(
        "{}",
        say!(
            "cli-prune-total",
            verb = verb,
            n = p.removed.len(),
            size = message::size(p.freed_bytes)
        )
    );
    Ok(ExitCode::SUCCESS)
}

fn passphrase_cmd(
    app: &AppData,
    action: cli::PassphraseAction,
    pass_file: Option<&Path>,
) -> Result<ExitCode, Error> {
    let config = Config::load(app)?;
    let (pass, sheet) = match action {
        cli::PassphraseAction::Set { generate, sheet } => {
            let pass = if generate {
                Passphrase::generate()
            } else {
                Passphrase::find(pass_file)?.ok_or(Error::NeedPassphrase)?
            };
            pass.save_to_keychain()?;
            println!("{}", say!("cli-passphrase-saved", code = pass.check_code()));
            println!("{}", say!("cli-passphrase-new-runs-only"));
            (pass, sheet)
        }
        cli::PassphraseAction::Sheet { out } => (
            Passphrase::find(pass_file)?.ok_or(Error::NeedPassphrase)?,
            Some(out),
        ),
    };
    if let Some(path) = sheet {
        let path = saoluu_engine::recovery::save_sheet(&config, &pass, Some(&path))?;
        println!("{}", say!("cli-sheet-written", path = path.display()));
    }
    Ok(ExitCode::SUCCESS)
}

fn demo(app: &AppData, json: bool) -> Result<ExitCode, Error> {
    if !json {
        println!("{}", say!("cli-demo", school = saoluu_demo::SCHOOL_NAME));
    }
    let demo = saoluu_demo::prepare(app)?;
    if !json {
        println!("{}", say!("cli-demo-site", url = demo.site.url()));
    }
    let code = run_backup(app, &demo.request, json)?;
    if !json {
        println!(
            "{}",
            say!("cli-local-log", path = app.journal_file().display())
        );
    }
    Ok(code)
}
