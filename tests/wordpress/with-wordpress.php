<?php
// Runs a script with the test site's WordPress loaded: php with-wordpress.php DIR SCRIPT ARGS…
$dir = $argv[1];
$script = $argv[2];
$args = array_slice($argv, 3);
define('ABSPATH', $dir . '/wp/');
$config = file_get_contents(ABSPATH . 'wp-config.php');
preg_match("|WP_HOME', 'http://([^']+)'|", $config, $m);
$_SERVER['HTTP_HOST'] = $m[1];
$_SERVER['REQUEST_URI'] = '/';
if (!file_exists($dir . '/installed')) {
    define('WP_INSTALLING', true);
}
require ABSPATH . 'wp-load.php';
require $script;
