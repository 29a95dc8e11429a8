#!/usr/bin/env bash
# A real WordPress on 127.0.0.1 for the tests: Debian's own `wordpress` package (6.1) and its stock
# themes, served by PHP's built-in server from a folder of the test's own, on a MariaDB server of
# its own that listens on a socket only. Nothing outside DIR is written.
#
#   site.sh start DIR PORT THEME FOOTER   # prints the site's address when it answers
#   site.sh php DIR SCRIPT ARGS…          # runs a PHP script with WordPress loaded (edits, checks)
#   site.sh stop DIR
#
# THEME: twentytwentyone (classic, footer widget area) or twentytwentythree (block theme, footer
# template part). FOOTER: full (every item the directive asks for) or partial (two missing).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cmd="$1" dir="$2"
wp=/usr/share/wordpress

# Each server runs in a process group of its own (setsid), so that stopping it also stops the
# workers PHP's server forks.
stop() {
  for p in php db; do
    if [ -f "$dir/$p.pid" ]; then
      kill -- "-$(cat "$dir/$p.pid")" 2>/dev/null || kill "$(cat "$dir/$p.pid")" 2>/dev/null || true
      rm -f "$dir/$p.pid"
    fi
  done
}

case "$cmd" in
stop) stop; exit 0 ;;
php) shift 2; exec php -d display_errors=stderr "$here/with-wordpress.php" "$dir" "$@" ;;
start) ;;
*) echo "site.sh start|php|stop DIR …" >&2; exit 2 ;;
esac

port="$3" theme="$4" footer="$5"
mkdir -p "$dir"
user="$(id -un)"

# The database: its own data folder and socket, root without a password, no TCP port at all.
mariadb-install-db --no-defaults --datadir="$dir/db" --user="$user" \
  --auth-root-authentication-method=normal --skip-test-db >"$dir/db-install.log" 2>&1
setsid mariadbd --no-defaults --datadir="$dir/db" --socket="$dir/db.sock" --skip-networking \
  --pid-file="$dir/db.pid.real" --user="$user" --log-error="$dir/db.log" &
echo $! >"$dir/db.pid"
for _ in $(seq 1 100); do [ -S "$dir/db.sock" ] && break; sleep 0.1; done
mariadb --no-defaults --socket="$dir/db.sock" -u root -e "CREATE DATABASE IF NOT EXISTS wordpress CHARACTER SET utf8mb4"

# The document root: Debian's files by symbolic link, with our own configuration and content folder.
mkdir -p "$dir/wp/wp-content/themes" "$dir/wp/wp-content/plugins" "$dir/wp/wp-content/uploads"
for f in "$wp"/*; do
  case "$(basename "$f")" in wp-config.php | wp-content) ;; *) ln -sfn "$f" "$dir/wp/" ;; esac
done
for t in "$wp"/wp-content/themes/*; do ln -sfn "$t" "$dir/wp/wp-content/themes/"; done
sed -e "s|@PORT@|$port|g" "$here/wp-config.php.in" >"$dir/wp/wp-config.php"
cp "$here/router.php" "$dir/router.php"

php -d display_errors=stderr "$here/with-wordpress.php" "$dir" "$here/seed.php" "$theme" "$footer" >"$dir/seed.log" 2>&1 \
  || { cat "$dir/seed.log" >&2; stop; exit 1; }

# The crawler asks for several pages at once; PHP's server answers one at a time unless told.
PHP_CLI_SERVER_WORKERS=4 setsid php -S "127.0.0.1:$port" -t "$dir/wp" "$dir/router.php" >"$dir/php.log" 2>&1 &
echo $! >"$dir/php.pid"
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && { echo "http://127.0.0.1:$port"; exit 0; }
  sleep 0.1
done
echo "WordPress did not answer on 127.0.0.1:$port" >&2
cat "$dir/php.log" >&2
stop
exit 1
