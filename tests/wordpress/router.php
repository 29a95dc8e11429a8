<?php
// PHP's built-in server in front of Debian's WordPress: files that exist are served as they are,
// PHP files run, and every other address goes to index.php (pretty permalinks), as Apache's
// rewrite rules would do. ABSPATH points at the test's folder so that its wp-config.php is read.
define('ABSPATH', __DIR__ . '/wp/');
$path = urldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH));
$file = ABSPATH . ltrim($path, '/');
if (is_dir($file)) {
    $file = rtrim($file, '/') . '/index.php';
}
if (is_file($file) && substr($file, -4) !== '.php') {
    return false;
}
if (!is_file($file)) {
    $file = ABSPATH . 'index.php';
    $path = '/index.php';
}
$_SERVER['SCRIPT_FILENAME'] = $file;
$_SERVER['SCRIPT_NAME'] = $_SERVER['PHP_SELF'] = '/' . ltrim(substr($file, strlen(ABSPATH)), '/');
chdir(dirname($file));
require $file;
