//! The website checks against a real WordPress (Debian's package, its stock themes) on 127.0.0.1:
//! the footer the directive asks for where the themes really put it, the standalone check and the
//! backup's check agreeing, and an unchanged site reading as unchanged.

use saoluu_tests::wordpress::{Theme, WordPress, MORE, SNAPSHOT, WIPE};
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
    // What the site runs on, as the setup's website step names it.
    assert_eq!(check["cms"], "wordpress", "{check}");
    drop(classic);

    // Twenty Twenty-Three, a block theme: the footer is a template part the school edited.
    let block = WordPress::start(Theme::TwentyTwentyThree, true);
    let check = check_site(d.path(), &block.url);
    assert!(found(&check).iter().all(|(_, f)| *f), "{check}");
    assert_eq!(check["cms"], "wordpress", "{check}");
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
    assert_eq!(stored["cms"], "wordpress", "{stored}");
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
    assert_eq!(
        website_changes(&second),
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
    assert_eq!(
        website_changes(&third),
        (0.into(), 1.into(), 0.into()),
        "{third}"
    );
}

/// A school site's real size: 60 posts over three months, 5 pages, 25 documents and 16 pictures
/// (15 photos WordPress cuts into sizes, shown in bodies with their `srcset`, some featured), a
/// main menu with nested pages and categories and a footer menu. Builds on MORE.
const SCALE: &str = r#"
require_once ABSPATH . 'wp-admin/includes/image.php';
$cats = array_map(fn($s) => get_term_by('slug', $s, 'category')->term_id, ['tin-tuc', 'thong-bao', 'hoat-dong', 'van-ban']);
$pictures = [];
for ($i = 1; $i <= 15; $i++) {
    $up = wp_upload_dir(sprintf('2026/%02d', 10 + $i % 2));
    $file = $up['path'] . "/hoat-dong-$i.jpg";
    $im = imagecreatetruecolor(1200, 800);
    imagefill($im, 0, 0, imagecolorallocate($im, (37 * $i) % 256, 90, 250 - 11 * $i));
    imagestring($im, 5, 40, 40, "Hoat dong $i", imagecolorallocate($im, 255, 255, 255));
    imagejpeg($im, $file, 80);
    $id = wp_insert_attachment(['post_title' => "Ảnh hoạt động $i", 'post_mime_type' => 'image/jpeg',
        'post_author' => 1, 'post_status' => 'inherit', 'post_date' => sprintf('2026-10-%02d 10:00:00', $i)], $file);
    wp_update_attachment_metadata($id, wp_generate_attachment_metadata($id, $file));
    update_post_meta($id, '_wp_attachment_image_alt', "Học sinh trong hoạt động $i");
    $pictures[] = $id;
}
$docs = [];
for ($i = 1; $i <= 24; $i++) {
    $up = wp_upload_dir('2026/10');
    $file = $up['path'] . sprintf('/cong-van-%02d.pdf', $i);
    file_put_contents($file, "%PDF-1.4
% Cong van so $i
1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj
trailer<</Root 1 0 R>>
%%EOF
");
    $docs[] = wp_insert_attachment(['post_title' => "Công văn số $i/PGDĐT", 'post_mime_type' => 'application/pdf',
        'post_author' => 1, 'post_status' => 'inherit', 'post_date' => sprintf('2026-10-%02d 08:00:00', $i)], $file);
}
for ($i = 0; $i < 48; $i++) {
    $body = '<!-- wp:paragraph --><p>Bản tin số ' . ($i + 13) . ' của Trường Tiểu học Hoa Sen.</p><!-- /wp:paragraph -->';
    if ($i < 24) { $body .= '<p><a href="' . wp_get_attachment_url($docs[$i]) . '">Tải công văn số ' . ($i + 1) . '</a></p>'; }
    // As the block editor saves a picture: WordPress adds its srcset when it shows the post.
    if ($i < 15) {
        $p = $pictures[$i];
        $body .= '<!-- wp:image {"id":' . $p . ',"sizeSlug":"large"} --><figure class="wp-block-image size-large"><img src="'
            . wp_get_attachment_image_url($p, 'large') . '" alt="Học sinh" class="wp-image-' . $p . '"/></figure><!-- /wp:image -->';
    }
    $id = wp_insert_post(['post_title' => 'Bản tin số ' . ($i + 13), 'post_name' => 'ban-tin-' . ($i + 13),
        'post_content' => $body, 'post_status' => 'publish', 'post_author' => 1,
        'post_date' => sprintf('2026-%02d-%02d %02d:%02d:00', 10 + intdiv($i, 28), 1 + $i % 28, 6 + $i % 12, (7 * $i) % 60),
        'post_category' => [$cats[$i % 4]]]);
    if ($i < 15 && $i % 2 == 0) { set_post_thumbnail($id, $pictures[$i]); }
}
$about = get_page_by_path('gioi-thieu');
$page = fn($title, $slug, $parent, $order) => wp_insert_post(['post_title' => $title, 'post_name' => $slug,
    'post_type' => 'page', 'post_status' => 'publish', 'post_author' => 1, 'post_parent' => $parent,
    'menu_order' => $order, 'post_content' => "<p>$title của Trường Tiểu học Hoa Sen.</p>"]);
$staff = $page('Đội ngũ giáo viên', 'doi-ngu', $about->ID, 1);
$admission = $page('Tuyển sinh', 'tuyen-sinh', 0, 3);
$contact = $page('Liên hệ', 'lien-he', 0, 4);

$item = fn($menu, $args, $parent = 0) => wp_update_nav_menu_item($menu, 0, $args + ['menu-item-status' => 'publish', 'menu-item-parent-id' => $parent]);
$pageItem = fn($menu, $id, $parent = 0) => $item($menu, ['menu-item-type' => 'post_type', 'menu-item-object' => get_post_type($id), 'menu-item-object-id' => $id], $parent);
$main = wp_create_nav_menu('Menu chính');
$item($main, ['menu-item-type' => 'custom', 'menu-item-title' => 'Trang chủ', 'menu-item-url' => home_url('/')]);
$a = $pageItem($main, $about->ID);
$pageItem($main, get_page_by_path('gioi-thieu/lich-su')->ID, $a);
$pageItem($main, $staff, $a);
$n = $item($main, ['menu-item-type' => 'taxonomy', 'menu-item-object' => 'category', 'menu-item-object-id' => $cats[0]]);
$item($main, ['menu-item-type' => 'taxonomy', 'menu-item-object' => 'category', 'menu-item-object-id' => $cats[2]], $n);
$pageItem($main, $admission);
$item($main, ['menu-item-type' => 'custom', 'menu-item-title' => 'Bộ GD&ĐT', 'menu-item-url' => 'https://moet.gov.vn/']);
$footer = wp_create_nav_menu('Liên kết');
$pageItem($footer, $contact);
$pageItem($footer, get_page_by_path('khai-giang-nam-hoc-moi', OBJECT, 'post')->ID);
set_theme_mod('nav_menu_locations', ['primary' => $main, 'footer' => $footer]);
"#;

/// A block theme's navigation as the site editor saves it: pages (one with its child in a
/// sub-menu), a category and a link to another site.
const NAVIGATION: &str = r#"
$about = get_page_by_path('gioi-thieu');
$history = get_page_by_path('gioi-thieu/lich-su');
$news = get_term_by('slug', 'tin-tuc', 'category');
$link = fn($label, $type, $id, $url, $kind) => '<!-- wp:navigation-link ' . wp_json_encode(['label' => $label, 'type' => $type, 'id' => $id, 'url' => $url, 'kind' => $kind]) . ' /-->';
// wp_insert_post strips one level of backslashes, as from a form: the JSON's \u escapes need two.
wp_insert_post(['post_type' => 'wp_navigation', 'post_status' => 'publish', 'post_title' => 'Điều hướng chính',
    'post_content' => wp_slash('<!-- wp:navigation-submenu ' . wp_json_encode(['label' => 'Giới thiệu', 'type' => 'page', 'id' => $about->ID, 'url' => get_permalink($about), 'kind' => 'post-type']) . ' -->'
        . $link('Lịch sử nhà trường', 'page', $history->ID, get_permalink($history), 'post-type')
        . '<!-- /wp:navigation-submenu -->'
        . $link('Tin tức', 'category', $news->term_id, get_term_link($news), 'taxonomy')
        . '<!-- wp:navigation-link {"label":"Bộ GD\u0026ĐT","url":"https://moet.gov.vn/","kind":"custom"} /-->')]);
"#;

/// A second user on the new site, whom the school credits the rebuilt articles to.
const EDITOR: &str = r#"
wp_insert_user(['user_login' => 'bantruyenthong', 'user_pass' => wp_generate_password(), 'display_name' => 'Ban Truyền thông', 'role' => 'editor']);
"#;

/// How many posts and pages each user has: `login => count`.
const AUTHORS: &str = r#"
$out = [];
foreach (get_posts(['post_type' => ['post', 'page'], 'numberposts' => -1, 'post_status' => 'publish']) as $p) {
    $login = get_the_author_meta('user_login', $p->post_author);
    $out[$login] = ($out[$login] ?? 0) + 1;
}
echo json_encode($out);
"#;

fn rebuild(
    data: &Path,
    site_dir: &Path,
    url: &str,
    password: &str,
    author: Option<&str>,
) -> serde_json::Value {
    let mut c = saoluu(data);
    c.args(["republish"])
        .arg(site_dir)
        .args(["--den", url, "--nguoi-dung", "quantri", "--json"]);
    if let Some(a) = author {
        c.args(["--tac-gia", a]);
    }
    json(&ok_typed(&mut c, &format!("{password}\n")))
}

/// Every link and picture (`href`, `src` and each `srcset` entry) of every published post and
/// page, as the site's REST API renders them.
fn body_links(url: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"(href|src|srcset)="([^"]+)""#).unwrap();
    let mut out = Vec::new();
    for kind in ["posts", "pages"] {
        let (status, body) = http_get(&format!("{url}/wp-json/wp/v2/{kind}?per_page=100"));
        assert_eq!(status, 200);
        let list: serde_json::Value = serde_json::from_slice(&body).unwrap();
        for item in list.as_array().unwrap() {
            let body = item["content"]["rendered"].as_str().unwrap();
            for c in re.captures_iter(body) {
                let v = c[2].replace("&#038;", "&");
                if &c[1] == "srcset" {
                    out.extend(
                        v.split(',')
                            .filter_map(|p| p.split_whitespace().next().map(str::to_string)),
                    );
                } else {
                    out.push(v);
                }
            }
        }
    }
    out
}

/// Every body link on the site itself answers, and every original file it links to has the
/// bytes of one of the old site's files (sizes WordPress cut itself are checked by answering).
fn links_live_with_the_old_bytes(url: &str, snapshot: &serde_json::Value) {
    use sha2::Digest;
    let old: std::collections::HashSet<&str> = snapshot["media"]
        .as_object()
        .unwrap()
        .values()
        .map(|m| m["bytes"].as_str().unwrap())
        .collect();
    let sized = regex::Regex::new(r"-\d+x\d+\.[a-z]+$").unwrap();
    let links = body_links(url);
    assert!(
        links.iter().any(|l| sized.is_match(l)),
        "no srcset sizes in {links:?}"
    );
    let mut files = 0;
    for link in links.iter().filter(|l| l.starts_with(url)) {
        let (status, body) = http_get(link);
        assert_eq!(status, 200, "{link} in a rebuilt body");
        if link.contains("/wp-content/uploads/") && !sized.is_match(link) {
            let hex: String = sha2::Sha256::digest(&body)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert!(
                old.contains(hex.as_str()),
                "{link} has bytes the old site never had"
            );
            files += 1;
        }
    }
    // 25 documents and 16 pictures linked from bodies.
    assert!(files >= 40, "{files} files linked: {links:?}");
}

#[test]
fn a_wiped_wordpress_is_rebuilt_from_its_backup_at_its_address_and_at_another() {
    let d = tempfile::tempdir().unwrap();
    let site = WordPress::start(Theme::TwentyTwentyOne, true);
    site.php(MORE, &[]);
    site.php(SCALE, &[]);
    let before = site.php(SNAPSHOT, &[]);
    let was = json(&before);
    let count = |k: &str| was[k].as_object().unwrap().len();
    assert_eq!(
        (
            count("posts"),
            count("pages"),
            count("media"),
            count("categories")
        ),
        (60, 5, 41, 5),
        "{before}"
    );
    let menu = |place: &str| was["menus"][place].as_array().map(Vec::len);
    assert_eq!(
        (menu("primary"), menu("footer")),
        (Some(8), Some(2)),
        "{before}"
    );
    assert_eq!(was["menus"]["primary"][2][4], "Giới thiệu", "{before}");
    assert!(
        was["posts"]["khai-giang-nam-hoc-moi"]["thumbnail"].is_string(),
        "{before}"
    );
    assert_eq!(
        was["posts"]["hoi-thi-ve-tranh"]["tags"][0], "su-kien",
        "{before}"
    );
    assert_eq!(was["pages"]["lich-su"]["parent"], "gioi-thieu", "{before}");
    assert_eq!(
        was["media"]["Lễ khai giảng"]["alt"], "Học sinh chào cờ",
        "{before}"
    );
    assert_eq!(
        was["categories"]["hoat-dong"]["parent"], "tin-tuc",
        "{before}"
    );
    let usb = registered_usb(d.path());
    let (run, made) = backup(d.path(), &usb, &site.url);
    assert_eq!(made["sources"][0]["website"]["failures"], 0, "{made}");
    let site_dir = restored_site(d.path(), &run);
    // The article export says what the site says of the post, not what its theme prints.
    let article =
        json(&fs::read_to_string(site_dir.join("bai-viet/khai-giang-nam-hoc-moi.json")).unwrap());
    assert_eq!(
        (
            article["category"].as_str(),
            article["author"].as_str(),
            article["published"].as_str()
        ),
        (Some("Tin tức"), Some("quantri"), Some("2026-09-05")),
        "{article}"
    );

    // The attack: nothing left.
    assert_eq!(site.php(WIPE, &[]).trim(), "0");
    let password = site.app_password();

    // A dry run lists what it would make and makes nothing.
    let mut dry = saoluu(d.path());
    dry.args(["republish"]).arg(&site_dir).args([
        "--den",
        &site.url,
        "--nguoi-dung",
        "quantri",
        "--json",
        "--thu",
    ]);
    let planned = json(&ok_typed(&mut dry, &format!("{password}\n")));
    let would = |r: &serde_json::Value, done: &str| {
        r["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["done"] == done)
            .count()
    };
    // 60 posts, 5 pages, 4 categories, 1 tag, 41 files, and two menus with 8 and 2 items
    // ("Uncategorized" is on every WordPress already).
    assert_eq!(
        would(&planned, "would_create"),
        60 + 5 + 4 + 1 + 41 + (1 + 8) + (1 + 2),
        "{planned}"
    );
    assert!(!site.php(SNAPSHOT, &[]).contains("khai-giang-nam-hoc-moi"));

    // A rebuild cut after its first five posts (its state, as a backup that holds only those
    // would leave it), then run in full: the rest is made, nothing twice.
    let cut = d.path().join("dung-do");
    copy_tree(&site_dir, &cut);
    let mut posts: Vec<serde_json::Value> =
        serde_json::from_str(&fs::read_to_string(cut.join("wordpress/posts.json")).unwrap())
            .unwrap();
    posts.sort_by(|a, b| a["date_gmt"].as_str().cmp(&b["date_gmt"].as_str()));
    posts.truncate(5);
    fs::write(
        cut.join("wordpress/posts.json"),
        serde_json::to_vec(&posts).unwrap(),
    )
    .unwrap();
    let first = rebuild(d.path(), &cut, &site.url, &password, None);
    assert_eq!(would(&first, "failed"), 0, "{first}");
    let report = rebuild(d.path(), &site_dir, &site.url, &password, None);
    assert_eq!(would(&report, "failed"), 0, "{report}");
    let made_posts = |r: &serde_json::Value| {
        r["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["kind"] == "post" && i["done"] == "created")
            .count()
    };
    assert_eq!(
        (made_posts(&first), made_posts(&report)),
        (5, 55),
        "{report}"
    );
    same_site(&site.php(SNAPSHOT, &[]), &before);
    links_live_with_the_old_bytes(&site.url, &was);

    // Run again (a rebuild cut halfway resumes this way): nothing is made twice.
    let again = rebuild(d.path(), &site_dir, &site.url, &password, None);
    assert_eq!(would(&again, "created"), 0, "{again}");
    same_site(&site.php(SNAPSHOT, &[]), &before);
    let old = format!("{}/", site.url.trim_end_matches('/'));
    drop(site);

    // The same backup onto another WordPress at another address, credited to the user the school
    // chose there: no body points at the old site.
    let other = WordPress::start(Theme::TwentyTwentyOne, true);
    other.php(WIPE, &[]);
    other.php(EDITOR, &[]);
    let password = other.app_password();
    let mut nobody = saoluu(d.path());
    nobody.args(["republish"]).arg(&site_dir).args([
        "--den",
        &other.url,
        "--nguoi-dung",
        "quantri",
        "--tac-gia",
        "khong-co-ai",
    ]);
    let (good, _, said) = typed(&mut nobody, &format!("{password}\n"));
    assert!(
        !good && said.contains("không có người dùng “khong-co-ai”"),
        "{said}"
    );
    let report = rebuild(
        d.path(),
        &site_dir,
        &other.url,
        &password,
        Some("bantruyenthong"),
    );
    assert_eq!(would(&report, "failed"), 0, "{report}");
    same_site(&other.php(SNAPSHOT, &[]), &before);
    assert_eq!(json(&other.php(AUTHORS, &[]))["bantruyenthong"], 65);
    let links = body_links(&other.url);
    assert!(links.iter().any(|l| l.ends_with(".png")), "{links:?}");
    for link in &links {
        assert!(!link.contains(&old), "{link} points at the old site");
    }
    links_live_with_the_old_bytes(&other.url, &was);
    // The log says what was rebuilt.
    let log = ok(saoluu(d.path()).args(["log", "--json"]));
    assert!(log.contains("dung-lai-trang-web"), "{log}");
}

/// The site's snapshot is `before`'s; where not, each difference by its place (the snapshots are
/// too long to read whole).
fn same_site(now: &str, before: &str) {
    assert!(json(before).is_object(), "{before}");
    fn diff(a: &serde_json::Value, b: &serde_json::Value, at: String, out: &mut Vec<String>) {
        match (a, b) {
            (serde_json::Value::Object(x), serde_json::Value::Object(y)) => {
                for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                    let none = serde_json::Value::Null;
                    diff(
                        x.get(k).unwrap_or(&none),
                        y.get(k).unwrap_or(&none),
                        format!("{at}/{k}"),
                        out,
                    );
                }
            }
            _ if a != b => out.push(format!("{at}: {a} (was {b})")),
            _ => {}
        }
    }
    let mut out = Vec::new();
    diff(&json(now), &json(before), String::new(), &mut out);
    assert!(
        out.is_empty(),
        "the rebuilt site differs:\n{}",
        out.join("\n")
    );
}

/// The website backup of `run` restored, as the `trang-web` folder a rebuild reads.
fn restored_site(data: &Path, run: &Path) -> PathBuf {
    let restored = data.join("khoi-phuc");
    ok(saoluu(data)
        .arg("restore")
        .arg(run)
        .arg("--to")
        .arg(&restored));
    restored.join("trang-web")
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A block theme (Twenty Twenty-Three) keeps its navigation in a `wp_navigation` post, which the
/// public REST API shows: it comes back with its sub-menu and its items pointing at the rebuilt
/// pages and category, and the theme shows it.
#[test]
fn a_block_themes_navigation_comes_back() {
    let d = tempfile::tempdir().unwrap();
    let site = WordPress::start(Theme::TwentyTwentyThree, true);
    site.php(MORE, &[]);
    site.php(NAVIGATION, &[]);
    let before = site.php(SNAPSHOT, &[]);
    let was = json(&before);
    assert_eq!(
        was["navigation"]["Điều hướng chính"][0][3][0][0], "Lịch sử nhà trường",
        "{before}"
    );
    let usb = registered_usb(d.path());
    let (run, _) = backup(d.path(), &usb, &site.url);
    let site_dir = restored_site(d.path(), &run);
    assert_eq!(site.php(WIPE, &[]).trim(), "0");
    let password = site.app_password();
    let report = rebuild(d.path(), &site_dir, &site.url, &password, None);
    assert_eq!(
        report["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["done"] == "failed")
            .count(),
        0,
        "{report}"
    );
    same_site(&site.php(SNAPSHOT, &[]), &before);
    let (_, home) = http_get(&format!("{}/", site.url));
    let home = String::from_utf8_lossy(&home);
    assert!(
        home.contains("Lịch sử nhà trường"),
        "the theme does not show the rebuilt navigation"
    );
}
