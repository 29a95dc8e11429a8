#!/usr/bin/env bash
# A real WebDAV server on 127.0.0.1, set up as a Phòng GD&ĐT (or a school's own NAS) would for
# the offsite copy: Debian's Apache with mod_dav, one folder per school under /saoluu/, and
#   - the office's account, which reads every school's folder and writes nothing;
#   - one school's account, which reads its own folder and adds new files and folders there, and
#     may not delete, move, copy over or overwrite anything (a ransomware-infected school PC holds
#     this account's password);
#   - no access to another school's folder.
# WebDAV has no object lock: this protection is the server's own rules (below), which is what
# README tells an office's IT staff to set.
#
#   webdav.sh start DIR   # prints URL=, OFFICE_USER=, OFFICE_PASSWORD=, SCHOOL_USER=,
#                         # SCHOOL_PASSWORD=, SCHOOL_PREFIX=, OTHER_PREFIX=, PID=
#   webdav.sh stop DIR    # stops it, keeping the data; `start DIR` again serves the same data
set -euo pipefail
cmd="${1:-}" dir="${2:-}"
[ -n "$dir" ] || { echo "webdav.sh start|stop DIR" >&2; exit 2; }
mods=/usr/lib/apache2/modules

stop() {
  if [ -f "$dir/apache.pid" ]; then
    local pid
    pid="$(cat "$dir/apache.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$dir/apache.pid"
  fi
}

case "$cmd" in
stop) stop; exit 0 ;;
start) ;;
*) echo "webdav.sh start|stop DIR" >&2; exit 2 ;;
esac

mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
env_file="$dir/webdav.env"
if [ ! -f "$env_file" ]; then
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  school=c1tranphu other=c2khac
  {
    echo "PORT=$port"
    echo "OFFICE_USER=phong-gd"
    echo "OFFICE_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    echo "SCHOOL_USER=$school"
    echo "SCHOOL_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    echo "SCHOOL_PREFIX=$school"
    echo "OTHER_PREFIX=$other"
  } >"$env_file"
fi
# shellcheck disable=SC1090
. "$env_file"

mkdir -p "$dir/data/$SCHOOL_PREFIX" "$dir/data/$OTHER_PREFIX" "$dir/lock" "$dir/logs"
htpasswd -bcB "$dir/htpasswd" "$OFFICE_USER" "$OFFICE_PASSWORD" 2>/dev/null
htpasswd -bB "$dir/htpasswd" "$SCHOOL_USER" "$SCHOOL_PASSWORD" 2>/dev/null

# Apache will not serve as root: as root (CI), its workers run as www-data, which owns the data.
user_lines=""
if [ "$(id -u)" -eq 0 ]; then
  user_lines=$'User www-data\nGroup www-data'
  chmod o+x "$dir"
  chown -R www-data:www-data "$dir/data" "$dir/lock"
  chmod o+r "$dir/htpasswd"
fi

cat >"$dir/apache.conf" <<EOF
ServerRoot "$dir"
ServerName 127.0.0.1
Listen 127.0.0.1:$PORT
PidFile "$dir/apache.pid"
ErrorLog "$dir/logs/error.log"
LoadModule mpm_event_module $mods/mod_mpm_event.so
LoadModule authn_core_module $mods/mod_authn_core.so
LoadModule authn_file_module $mods/mod_authn_file.so
LoadModule authz_core_module $mods/mod_authz_core.so
LoadModule authz_user_module $mods/mod_authz_user.so
LoadModule auth_basic_module $mods/mod_auth_basic.so
LoadModule alias_module $mods/mod_alias.so
LoadModule dav_module $mods/mod_dav.so
LoadModule dav_fs_module $mods/mod_dav_fs.so
$user_lines
DavLockDB "$dir/lock/davlock"
# A run's zip can be hundreds of megabytes; a slow school link sends it for a long while.
LimitRequestBody 0
Timeout 600

# No .htaccess files are looked for above the data (the test's folders are private).
<Directory />
  AllowOverride None
</Directory>
Alias /saoluu "$dir/data"
<Directory "$dir/data">
  Dav On
  AuthType Basic
  AuthName "Kho sao luu ngoai truong"
  AuthUserFile "$dir/htpasswd"
  <RequireAny>
    # The office reads every school's folder and writes nothing.
    <RequireAll>
      Require user $OFFICE_USER
      Require method GET HEAD OPTIONS PROPFIND
    </RequireAll>
    # A school: its own folder only; it adds new files and folders and changes nothing there.
    <RequireAll>
      Require user $SCHOOL_USER
      Require expr "%{REQUEST_URI} =~ m#^/saoluu/$SCHOOL_PREFIX(/|\$)#"
      Require method GET HEAD OPTIONS PROPFIND PUT MKCOL
      # Its status document for the office (trang-thai/) is the one thing it rewrites.
      <RequireNone>
        Require expr "%{REQUEST_METHOD} == 'PUT' && -e %{REQUEST_FILENAME} && %{REQUEST_URI} !~ m#^/saoluu/$SCHOOL_PREFIX/trang-thai/#"
      </RequireNone>
    </RequireAll>
  </RequireAny>
</Directory>
EOF

stop
apache2 -f "$dir/apache.conf" -k start
for _ in $(seq 1 100); do
  code="$(curl -s -o /dev/null -w '%{http_code}' -u "$OFFICE_USER:$OFFICE_PASSWORD" -X PROPFIND -H 'Depth: 0' "http://127.0.0.1:$PORT/saoluu/" || true)"
  [ "$code" = "207" ] && break
  sleep 0.1
done
[ "$code" = "207" ] || { echo "WebDAV không trả lời (HTTP $code):" >&2; cat "$dir/logs/error.log" >&2; exit 1; }

echo "URL=http://127.0.0.1:$PORT/saoluu"
echo "OFFICE_USER=$OFFICE_USER"
echo "OFFICE_PASSWORD=$OFFICE_PASSWORD"
echo "SCHOOL_USER=$SCHOOL_USER"
echo "SCHOOL_PASSWORD=$SCHOOL_PASSWORD"
echo "SCHOOL_PREFIX=$SCHOOL_PREFIX"
echo "OTHER_PREFIX=$OTHER_PREFIX"
echo "PID=$(cat "$dir/apache.pid")"
