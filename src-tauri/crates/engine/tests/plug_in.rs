//! The plug-in flow over real folders: a folder registered as a backup drive appears and
//! disappears (renamed away and back, as a USB stick is pulled and plugged), the engine's drive
//! watcher notices, and the reminder rules decide what the app shows.

use chrono::{Local, TimeZone};
use saoluu_engine::appdata::AppData;
use saoluu_engine::backup;
use saoluu_engine::config::Config;
use saoluu_engine::drive;
use saoluu_engine::progress::CancelToken;
use saoluu_engine::reminders::{Agent, Event, Notice};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn wait_until(what: &str, f: impl Fn() -> bool) {
    let t0 = Instant::now();
    while !f() {
        assert!(t0.elapsed() < Duration::from_secs(10), "timed out: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn plugging_a_due_drive_prompts_once_and_a_day_without_it_reminds_once() {
    let dir = tempfile::tempdir().unwrap();
    let app = AppData::open(Some(&dir.path().join("data"))).unwrap();
    let usb = dir.path().join("usb");
    let away = dir.path().join("usb-rut-ra");
    std::fs::create_dir(&usb).unwrap();
    drive::init(&usb, "Trường Tiểu học Hoa Sen").unwrap();
    let config = Config {
        school_name: "Trường Tiểu học Hoa Sen".into(),
        website: "https://thhoasen.edu.vn".into(),
        targets: vec![usb.clone()],
        ..Config::default()
    };
    config.save(&app).unwrap();

    // The clock the rules see: a Monday morning, then later that day, then the next day.
    let clock = Arc::new(Mutex::new(
        Local.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap(),
    ));
    let agent = Arc::new(Mutex::new(Agent::new(app.clone(), vec![])));
    let shown: Arc<Mutex<Vec<(String, Notice)>>> = Arc::default();
    let states: Arc<Mutex<Vec<bool>>> = Arc::default();
    {
        let (agent, shown, states, clock) =
            (agent.clone(), shown.clone(), states.clone(), clock.clone());
        let targets = config.targets.clone();
        drive::watch(
            Duration::from_millis(50),
            move || targets.clone(),
            move |plugged: &drive::Plugged| {
                let mut a = agent.lock().unwrap();
                let now = *clock.lock().unwrap();
                for n in a.drives_changed(plugged, now).unwrap() {
                    shown.lock().unwrap().push(("cắm ổ".into(), n));
                }
                states.lock().unwrap().push(a.drive_plugged());
            },
        )
        .unwrap();
    }
    wait_until("the drive seen", || {
        states.lock().unwrap().last() == Some(&true)
    });
    {
        let shown = shown.lock().unwrap();
        assert_eq!(shown.len(), 1, "{shown:?}");
        let Notice::PlugPrompt {
            label,
            due,
            countdown,
        } = &shown[0].1
        else {
            panic!("{shown:?}")
        };
        assert_eq!(label, "usb");
        // This week's backup and each eSchool section the directive asks for.
        assert_eq!(due[0], "Chưa sao lưu lần nào");
        assert_eq!(due[3], "Hồ sơ học sinh: chưa sao lưu lần nào");
        assert_eq!(*countdown, None, "starting needs a click by default");
        assert_eq!(
            shown[0].1.words().0,
            "Ổ sao lưu “usb” đã được cắm. Sao lưu ngay?"
        );
    }
    // With the drive in, the daily reminder keeps quiet.
    assert_eq!(
        agent.lock().unwrap().tick(*clock.lock().unwrap()).unwrap(),
        vec![]
    );

    // Pulled out, then plugged back the same day: the state follows, no second prompt.
    std::fs::rename(&usb, &away).unwrap();
    wait_until("the drive gone", || {
        states.lock().unwrap().last() == Some(&false)
    });
    *clock.lock().unwrap() = Local.with_ymd_and_hms(2026, 11, 23, 14, 0, 0).unwrap();
    let daily = agent.lock().unwrap().tick(*clock.lock().unwrap()).unwrap();
    assert!(matches!(&daily[..], [Notice::Daily { .. }]), "{daily:?}");
    assert_eq!(
        daily[0].words().0,
        "Chưa sao lưu tuần này — hãy cắm ổ sao lưu"
    );
    assert_eq!(
        agent.lock().unwrap().tick(*clock.lock().unwrap()).unwrap(),
        vec![],
        "once a day at most"
    );
    std::fs::rename(&away, &usb).unwrap();
    wait_until("the drive back", || {
        states.lock().unwrap().last() == Some(&true)
    });
    assert_eq!(shown.lock().unwrap().len(), 1);
    assert_eq!(*states.lock().unwrap(), vec![true, false, true]);

    // The next day it is asked again; snoozed, nothing until the day after.
    std::fs::rename(&usb, &away).unwrap();
    wait_until("gone again", || {
        states.lock().unwrap().last() == Some(&false)
    });
    *clock.lock().unwrap() = Local.with_ymd_and_hms(2026, 11, 24, 8, 0, 0).unwrap();
    agent
        .lock()
        .unwrap()
        .snooze(*clock.lock().unwrap())
        .unwrap();
    std::fs::rename(&away, &usb).unwrap();
    wait_until("back again", || {
        states.lock().unwrap().last() == Some(&true)
    });
    assert_eq!(shown.lock().unwrap().len(), 1, "snoozed");

    // After real runs, read from what each run returned: a failed run is said once, a good one
    // offers to take out the drive it went to, by the name written on it. The memory is on disk.
    let now = *clock.lock().unwrap();
    let a = agent.lock().unwrap();
    let docs = dir.path().join("tai-lieu");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("ke-hoach.txt"), "Kế hoạch năm học").unwrap();
    let run_to = |target: &std::path::Path| {
        let sources = vec![backup::Source::Folder {
            path: docs.clone(),
            encrypt: false,
        }];
        let req = backup::Request::prepare(&config, sources, target.to_path_buf(), None).unwrap();
        backup::run(&app, &req, &|_: &_| {}, &CancelToken::default())
    };
    let failed = run_to(&dir.path().join("khong-co-o"));
    assert!(failed.is_err());
    let said = a.after_run(&failed, now).unwrap();
    assert!(
        matches!(&said[..], [Notice::Failure { message }] if message.contains("khong-co-o")),
        "{said:?}"
    );
    // The same run told twice (a logged failure) is said once.
    let logged = Event::Finished {
        ok: false,
        log_id: Some(3),
        drive: Some("usb".into()),
        message: "Ổ đã bị rút ra giữa chừng.".into(),
    };
    assert_eq!(a.finished(&logged, now).unwrap().len(), 1);
    assert_eq!(a.finished(&logged, now).unwrap(), vec![]);
    let good = run_to(&usb);
    assert!(good.as_ref().is_ok_and(|r| r.all_good()));
    let label = drive::open_target(&usb).unwrap().marker.label;
    assert_eq!(
        a.after_run(&good, now).unwrap(),
        vec![Notice::OfferEject { label }]
    );
    // The demo's folder counts as a drive but is nothing to take out.
    let demo = Agent::new(app.clone(), vec![usb.clone()]);
    assert_eq!(demo.after_run(&run_to(&usb), now).unwrap(), vec![]);
    assert!(app.reminders_file().is_file());
}
