<?php
// Fills the test WordPress as a school would: its name, Vietnamese posts in categories (one with
// a child), a page, a PDF document, and the contact block the directive asks for in the theme's
// own footer place. php with-wordpress.php DIR seed.php THEME full|partial
[$theme, $footer] = $args;
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/image.php';
if (!is_blog_installed()) {
    wp_install('Trường Tiểu học Hoa Sen', 'quantri', 'quantri@hoasen.edu.vn', true, '',
               'mat-khau-thu-nghiem-1');
}
touch(dirname(ABSPATH) . '/installed');
update_option('blogdescription', 'Học vui – học thật');
update_option('timezone_string', 'Asia/Ho_Chi_Minh');
update_option('permalink_structure', '/%year%/%monthnum%/%postname%/');
update_option('posts_per_page', 5);
flush_rewrite_rules();
switch_theme($theme);
foreach (get_posts(['post_type' => ['post', 'page'], 'post_status' => 'any', 'numberposts' => -1]) as $p) {
    wp_delete_post($p->ID, true);
}

$cat = fn($name, $slug, $parent = 0) => wp_insert_term($name, 'category', ['slug' => $slug, 'parent' => $parent])['term_id'];
$news = $cat('Tin tức', 'tin-tuc');
$notices = $cat('Thông báo', 'thong-bao');
$activities = $cat('Hoạt động ngoại khóa', 'hoat-dong', $news);
$docs = $cat('Văn bản', 'van-ban');

// A document as schools attach them: a PDF in the media library, linked from a post.
$uploads = wp_upload_dir('2026/09');
$pdf = $uploads['path'] . '/ke-hoach-nam-hoc.pdf';
file_put_contents($pdf, "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
$doc_id = wp_insert_attachment(['post_title' => 'Kế hoạch năm học 2026-2027', 'post_mime_type' => 'application/pdf', 'post_author' => 1,
    'post_status' => 'inherit', 'post_date' => '2026-09-05 08:00:00'], $pdf);

$topics = ['Khai giảng năm học mới', 'Hội thi vẽ tranh', 'Tết Trung thu cho em', 'Ngày Nhà giáo Việt Nam',
    'Họp phụ huynh đầu năm', 'Tham quan làng nghề', 'Phòng chống đuối nước', 'Thi kể chuyện theo sách',
    'Lịch nghỉ Tết Dương lịch', 'Kế hoạch năm học 2026-2027', 'Hội khỏe Phù Đổng', 'Trồng cây xanh'];
foreach ($topics as $i => $title) {
    $body = "<!-- wp:paragraph --><p>Sáng ngày " . (5 + $i) . "/9/2026, thầy và trò Trường Tiểu học Hoa Sen tổ chức "
        . mb_strtolower($title) . ". Các em học sinh tham gia sôi nổi.</p><!-- /wp:paragraph -->";
    if ($title === 'Kế hoạch năm học 2026-2027') {
        $body .= '<!-- wp:file --><div class="wp-block-file"><a href="' . wp_get_attachment_url($doc_id)
            . '">Tải kế hoạch năm học (PDF)</a></div><!-- /wp:file -->';
    }
    $id = wp_insert_post(['post_title' => $title, 'post_content' => $body, 'post_status' => 'publish',
        'post_author' => 1,
        'post_date' => sprintf('2026-09-%02d %02d:%02d:00', 5 + $i, 7 + $i % 9, (13 * $i) % 60),
        'post_category' => [[$news, $notices, $activities, $docs][$i % 4]]]);
    if ($title === 'Kế hoạch năm học 2026-2027') {
        wp_update_post(['ID' => $doc_id, 'post_parent' => $id]);
    }
}
wp_insert_post(['post_title' => 'Giới thiệu', 'post_type' => 'page', 'post_status' => 'publish', 'post_author' => 1,
    'post_content' => '<!-- wp:paragraph --><p>Trường Tiểu học Hoa Sen được thành lập năm 1998.</p><!-- /wp:paragraph -->']);

$lines = ['<strong>TRƯỜNG TIỂU HỌC HOA SEN</strong>'];
if ($footer === 'full') {
    $lines[] = 'Cơ quan chủ quản: Phòng Giáo dục và Đào tạo quận Hoa Sen';
}
$lines[] = 'Địa chỉ: 12 đường Hoa Sen, phường Hoa Sen';
$lines[] = 'Điện thoại: 028 3812 3456 – Email: c1hoasen@hoasen.edu.vn';
if ($footer === 'full') {
    $lines[] = 'Người chịu trách nhiệm nội dung: Hiệu trưởng Nguyễn Thị Mẫu';
}
$contact = implode('', array_map(fn($l) => "<!-- wp:paragraph --><p>$l</p><!-- /wp:paragraph -->", $lines));

if ($theme === 'twentytwentyone') {
    // The classic theme's footer widget area ("Footer", sidebar-1), as a block widget.
    update_option('widget_block', [2 => ['content' => $contact], '_multiwidget' => 1]);
    update_option('sidebars_widgets', ['wp_inactive_widgets' => [], 'sidebar-1' => ['block-2'], 'array_version' => 3]);
} else {
    // A block theme's footer is a template part the school edits in the site editor.
    $part = wp_insert_post(['post_type' => 'wp_template_part', 'post_name' => 'footer', 'post_title' => 'Footer',
        'post_status' => 'publish',
        'post_content' => '<!-- wp:group {"layout":{"type":"constrained"}} --><div class="wp-block-group">'
            . $contact . '</div><!-- /wp:group -->']);
    wp_set_object_terms($part, $theme, 'wp_theme');
    wp_set_object_terms($part, 'footer', 'wp_template_part_area');
}
echo "seeded\n";
