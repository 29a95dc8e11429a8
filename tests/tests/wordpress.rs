//! The website checks against a real WordPress (Debian's package, its stock themes) on 127.0.0.1:
//! the footer the directive asks for where the themes really put it, the standalone check and the
//! backup's check agreeing, and an unchanged site reading as unchanged.

use saoluu_tests::wordpress::{Theme, WordPress};
use saoluu_tests::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn check_site(data: &Path, url: &str) -> serde_json::Value {
    let mut c = saoluu(data);
    c.args(["check-site", url, "--nhanh", "--json"]);
    // A site that lacks an item exits non-zero with the same JSON.
    json(&text(&c.output().expect("saoluu")).0)
}

fn found(check: &serde_json::Value) -> Vec<(String, bool)> {
    check["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["label"].as_str().unwrap().to_string(), i["found"] == true))
        .collect()
}

fn backup(data: &Path, usb: &Path, url: &str) -> (PathBuf, serde_json::Value) {
    let mut c = saoluu(data);
    c.args(["--json", "backup", "website", url, "--nhanh", "--to"])
        .arg(usb);
    let out = json(&ok(&mut c));
    (from_shown(out["run_dir"].as_str().expect("run_dir")), out)
}

fn stored_check(run: &Path, into: &Path) -> serde_json::Value {
    ok(Command::new("unzip")
        .arg("-q")
        .arg(run.join("trang-web.zip"))
        .arg("kiem-tra-trang-web.json")
        .arg("-d")
        .arg(into));
    json(&fs::read_to_string(into.join("kiem-tra-trang-web.json")).unwrap())
}

#[test]
fn the_footer_is_found_where_stock_wordpress_themes_put_it() {
    let d = tempfile::tempdir().unwrap();
    // Twenty Twenty-One: the contact block is a widget in the footer widget area, an <aside>
    // before <footer id="colophon">; every post on the home page has its own <footer class=
    // "entry-footer"> that says nothing about the school.
    let classic = WordPress::start(Theme::TwentyTwentyOne, true);
    let check = check_site(d.path(), &classic.url);
    assert!(found(&check).iter().all(|(_, f)| *f), "{check}");
    let responsible = check["items"][5]["text"].as_str().unwrap();
    assert!(responsible.contains("Nguyễn Thị Mẫu"), "{check}");
    drop(classic);

    // Twenty Twenty-Three, a block theme: the footer is a template part the school edited.
    let block = WordPress::start(Theme::TwentyTwentyThree, true);
    let check = check_site(d.path(), &block.url);
    assert!(found(&check).iter().all(|(_, f)| *f), "{check}");
    drop(block);

    // A site that lacks two items: exactly those two are reported missing, by the standalone
    // check and by the check stored with a backup.
    let lacking = WordPress::start(Theme::TwentyTwentyOne, false);
    let missing = |check: &serde_json::Value| -> Vec<String> {
        found(check)
            .into_iter()
            .filter(|(_, f)| !f)
            .map(|(l, _)| l)
            .collect()
    };
    let check = check_site(d.path(), &lacking.url);
    assert_eq!(
        missing(&check),
        ["Cơ quan chủ quản", "Người chịu trách nhiệm nội dung"],
        "{check}"
    );
    let usb = registered_usb(d.path());
    let (run, _) = backup(d.path(), &usb, &lacking.url);
    let stored = stored_check(&run, &d.path().join("x"));
    assert_eq!(missing(&stored), missing(&check), "{stored}");
    assert_eq!(stored["reposts"], check["reposts"]);
    // The quick check reads the home page's articles and says so; the backup's reads every one.
    assert_eq!(
        (
            check["every_article"].clone(),
            stored["every_article"].clone()
        ),
        (false.into(), true.into())
    );
    assert_eq!(stored["articles_checked"], 12, "{stored}");
    let (shown, _) = fails(saoluu(d.path()).args(["check-site", &lacking.url, "--nhanh"]));
    assert!(
        shown.contains("các bài cũ hơn chưa được kiểm tra"),
        "{shown}"
    );
}

#[test]
fn an_unchanged_wordpress_site_reads_unchanged_and_one_edit_is_one_change() {
    let d = tempfile::tempdir().unwrap();
    let site = WordPress::start(Theme::TwentyTwentyOne, true);
    let usb = registered_usb(d.path());
    let (_, first) = backup(d.path(), &usb, &site.url);
    // A stock site is copied whole: nothing failed, and its 12 posts, 1 page and the PDF are in.
    let w = &first["sources"][0]["website"];
    assert_eq!(
        (
            w["failures"].clone(),
            w["articles"].clone(),
            w["documents"].clone()
        ),
        (0.into(), 12.into(), 1.into()),
        "{first}"
    );
    let (_, second) = backup(d.path(), &usb, &site.url);
    let changes = |out: &serde_json::Value| {
        let w = &out["sources"][0]["website"];
        (
            w["new"].clone(),
            w["changed"].clone(),
            w["vanished"].clone(),
        )
    };
    assert_eq!(
        changes(&second),
        (0.into(), 0.into(), 0.into()),
        "first: {first}\nsecond: {second}"
    );

    // One post's text corrected in WordPress: exactly one page of the site changed.
    site.php(
        r#"$p = get_page_by_path('hoi-thi-ve-tranh', OBJECT, 'post');
wp_update_post(['ID' => $p->ID, 'post_content' => $p->post_content . '<p>Kết quả: 12 giải.</p>']);"#,
        &[],
    );
    let (_, third) = backup(d.path(), &usb, &site.url);
    assert_eq!(changes(&third), (0.into(), 1.into(), 0.into()), "{third}");
}
