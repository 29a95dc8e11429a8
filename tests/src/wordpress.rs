//! A real WordPress for the suites: Debian's `wordpress` package and its stock themes on
//! 127.0.0.1, with a MariaDB of its own, started by `tests/wordpress/site.sh` and stopped on drop.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct WordPress {
    pub url: String,
    dir: tempfile::TempDir,
}

/// Where the school's contact block sits: the classic theme's footer widget area, or the block
/// theme's footer template part.
#[derive(Clone, Copy)]
pub enum Theme {
    TwentyTwentyOne,
    TwentyTwentyThree,
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("wordpress/site.sh")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port on 127.0.0.1")
        .port()
}

impl WordPress {
    /// A school site with 12 posts in four categories, a page, a PDF, and the contact block in the
    /// theme's footer: every item the directive asks for, or (`complete: false`) all but the
    /// governing body and the person responsible.
    pub fn start(theme: Theme, complete: bool) -> WordPress {
        let dir = tempfile::tempdir().expect("temp dir");
        let theme = match theme {
            Theme::TwentyTwentyOne => "twentytwentyone",
            Theme::TwentyTwentyThree => "twentytwentythree",
        };
        let footer = if complete { "full" } else { "partial" };
        // A port taken by another test between the check and PHP's bind: try another.
        for _ in 0..3 {
            let out = Command::new("bash")
                .arg(script())
                .arg("start")
                .arg(dir.path())
                .arg(free_port().to_string())
                .args([theme, footer])
                .output()
                .expect("bash");
            if out.status.success() {
                let url = String::from_utf8_lossy(&out.stdout).trim().to_string();
                return WordPress { url, dir };
            }
            eprintln!("{}", String::from_utf8_lossy(&out.stderr));
            let _ = Command::new("bash")
                .arg(script())
                .arg("stop")
                .arg(dir.path())
                .status();
            let _ = std::fs::remove_dir_all(dir.path().join("db"));
        }
        panic!("WordPress did not start (tests/wordpress/site.sh)");
    }

    /// Runs PHP with the site's WordPress loaded: `code` is the body of a script, `$args` its
    /// arguments.
    pub fn php(&self, code: &str, args: &[&str]) -> String {
        let file = self.dir.path().join("snippet.php");
        std::fs::write(&file, format!("<?php\n{code}\n")).expect("write snippet");
        let out = Command::new("bash")
            .arg(script())
            .arg("php")
            .arg(self.dir.path())
            .arg(&file)
            .args(args)
            .output()
            .expect("bash");
        assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// A new application password of the site's administrator. PHP may print notices before it, so
    /// the password is read from its own marked line.
    pub fn app_password(&self) -> String {
        let out = self.php(APP_PASSWORD, &[]);
        out.lines()
            .find_map(|l| l.strip_prefix("mat-khau-ung-dung: "))
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| panic!("no application password in: {out}"))
    }
}

/// What a school would look at to say its site is back: posts with their exact times, terms and
/// featured pictures, pages with their parents, the media library's titles and bytes. Ids and the
/// upload month are left out: a rebuilt site has its own.
pub const SNAPSHOT: &str = r#"
$out = ['posts' => [], 'pages' => [], 'media' => [], 'categories' => []];
foreach (get_posts(['post_type' => 'post', 'numberposts' => -1, 'post_status' => 'publish']) as $p) {
    $thumb = get_post_thumbnail_id($p->ID);
    $out['posts'][$p->post_name] = ['title' => $p->post_title, 'date' => $p->post_date,
        'date_gmt' => $p->post_date_gmt,
        'categories' => wp_get_post_categories($p->ID, ['fields' => 'slugs']),
        'tags' => wp_get_post_tags($p->ID, ['fields' => 'slugs']),
        'thumbnail' => $thumb ? hash_file('sha256', get_attached_file($thumb)) : null];
}
foreach (get_posts(['post_type' => 'page', 'numberposts' => -1, 'post_status' => 'publish']) as $p) {
    $out['pages'][$p->post_name] = ['title' => $p->post_title, 'menu_order' => $p->menu_order,
        'parent' => $p->post_parent ? get_post($p->post_parent)->post_name : null];
}
foreach (get_posts(['post_type' => 'attachment', 'numberposts' => -1, 'post_status' => 'inherit']) as $p) {
    $out['media'][$p->post_title] = ['bytes' => hash_file('sha256', get_attached_file($p->ID)),
        'alt' => get_post_meta($p->ID, '_wp_attachment_image_alt', true)];
}
foreach (get_terms(['taxonomy' => 'category', 'hide_empty' => false]) as $t) {
    $out['categories'][$t->slug] = ['name' => $t->name,
        'parent' => $t->parent ? get_term($t->parent)->slug : null];
}
// Menus by the theme place they fill; each item by what it points at (the site's own address
// written as HOME, so that a site at another address compares equal).
$out['menus'] = [];
$places = get_nav_menu_locations();
foreach (wp_get_nav_menus() as $m) {
    $where = implode(',', array_keys(array_filter($places, fn($id) => $id == $m->term_id))) ?: $m->slug;
    $items = wp_get_nav_menu_items($m->term_id);
    $titles = [];
    // As a visitor reads it: "GD&amp;ĐT" and "GD&ĐT" show the same.
    foreach ($items as $it) { $titles[$it->ID] = html_entity_decode($it->title); }
    $out['menus'][$where] = array_map(fn($it) => [html_entity_decode($it->title), $it->type, $it->object,
        $it->type === 'post_type' ? get_post($it->object_id)->post_name
            : ($it->type === 'taxonomy' ? get_term($it->object_id)->slug : str_replace(home_url(), 'HOME', $it->url)),
        $it->menu_item_parent ? $titles[$it->menu_item_parent] : null], $items);
}
// A block theme's navigation menus by title; each item by what it points at, sub-menus nested.
$out['navigation'] = [];
$walk = function ($blocks) use (&$walk) {
    $items = [];
    foreach ($blocks as $b) {
        if (!in_array($b['blockName'], ['core/navigation-link', 'core/navigation-submenu'])) { continue; }
        $a = $b['attrs'];
        $target = isset($a['id'])
            ? (($a['kind'] ?? '') === 'taxonomy' ? get_term($a['id'])->slug : get_post($a['id'])->post_name)
            : str_replace(home_url(), 'HOME', $a['url'] ?? '');
        $items[] = [html_entity_decode($a['label'] ?? ''), $a['kind'] ?? '', $target, $walk($b['innerBlocks'])];
    }
    return $items;
};
foreach (get_posts(['post_type' => 'wp_navigation', 'numberposts' => -1, 'post_status' => 'publish']) as $n) {
    $out['navigation'][$n->post_title] = $walk(parse_blocks($n->post_content));
}
foreach ($out as $k => $v) { ksort($v); $out[$k] = $v; }
echo json_encode($out, JSON_UNESCAPED_UNICODE | JSON_PRETTY_PRINT);
"#;

/// What an attack that wipes the site leaves: no posts, pages, media, terms or uploaded files.
pub const WIPE: &str = r#"
foreach (get_posts(['post_type' => ['post', 'page', 'attachment', 'wp_navigation'], 'post_status' => 'any', 'numberposts' => -1]) as $p) {
    wp_delete_post($p->ID, true);
}
foreach (get_terms(['taxonomy' => ['category', 'post_tag', 'nav_menu'], 'hide_empty' => false]) as $t) {
    if ($t->slug !== 'uncategorized') { wp_delete_term($t->term_id, $t->taxonomy); }
}
foreach (get_posts(['post_type' => 'nav_menu_item', 'post_status' => 'any', 'numberposts' => -1]) as $p) {
    wp_delete_post($p->ID, true);
}
set_theme_mod('nav_menu_locations', []);
$gone = new RecursiveIteratorIterator(new RecursiveDirectoryIterator(wp_upload_dir()['basedir'],
    FilesystemIterator::SKIP_DOTS), RecursiveIteratorIterator::CHILD_FIRST);
foreach ($gone as $f) { $f->isDir() ? rmdir($f) : unlink($f); }
echo count(get_posts(['post_type' => ['post', 'page', 'attachment'], 'post_status' => 'any', 'numberposts' => -1]));
"#;

/// More of what school sites have: a picture with alt text, featured on a post and shown in its
/// body; a tag; a child page in the menu order; a post that links to another.
pub const MORE: &str = r#"
require_once ABSPATH . 'wp-admin/includes/image.php';
$uploads = wp_upload_dir('2026/09');
$png = $uploads['path'] . '/khai-giang.png';
file_put_contents($png, base64_decode('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg=='));
$img = wp_insert_attachment(['post_title' => 'Lễ khai giảng', 'post_mime_type' => 'image/png', 'post_author' => 1,
    'post_status' => 'inherit', 'post_date' => '2026-09-05 09:00:00'], $png);
update_post_meta($img, '_wp_attachment_image_alt', 'Học sinh chào cờ');
$first = get_page_by_path('khai-giang-nam-hoc-moi', OBJECT, 'post');
set_post_thumbnail($first->ID, $img);
wp_update_post(['ID' => $first->ID, 'post_content' => $first->post_content
    . '<p><img src="' . wp_get_attachment_url($img) . '" alt="Học sinh chào cờ"></p>']);
$second = get_page_by_path('hoi-thi-ve-tranh', OBJECT, 'post');
wp_update_post(['ID' => $second->ID, 'post_content' => $second->post_content
    . '<p>Xem thêm: <a href="' . get_permalink($first->ID) . '">lễ khai giảng</a>.</p>']);
wp_set_post_tags($first->ID, ['Sự kiện'], true);
wp_set_post_tags($second->ID, ['Sự kiện'], true);
$about = get_page_by_path('gioi-thieu');
wp_insert_post(['post_title' => 'Lịch sử nhà trường', 'post_name' => 'lich-su', 'post_type' => 'page',
    'post_status' => 'publish', 'post_author' => 1, 'post_parent' => $about->ID, 'menu_order' => 2,
    'post_content' => '<p>Năm 1998 trường có 6 lớp.</p>']);
"#;

/// An application password for the administrator, as Người dùng → Hồ sơ makes one.
pub const APP_PASSWORD: &str = r#"
$made = WP_Application_Passwords::create_new_application_password(1, ['name' => 'saoluu-' . uniqid()]);
if (is_wp_error($made)) { fwrite(STDERR, $made->get_error_message()); exit(1); }
echo "\nmat-khau-ung-dung: " . $made[0] . "\n";
"#;

impl Drop for WordPress {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(script())
            .arg("stop")
            .arg(self.dir.path())
            .status();
    }
}
