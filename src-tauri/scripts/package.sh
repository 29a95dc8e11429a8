#!/usr/bin/env bash
# Builds every installer into target/installers/:
#   SaoLuuTruongHoc-<version>-cai-dat.exe   Windows 10/11, per-user, in Vietnamese (NSIS)
#   sao-luu-truong-hoc_<version>_amd64.deb  Debian/Ubuntu (Tauri's bundler)
# Release builds by default; --debug packages the debug builds (what CI installs and tests, to
# keep its time down), stripped of their debug info.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash src-tauri/scripts/setup.sh

profile=release
[ "${1:-}" = "--debug" ] && profile=debug
cargo_profile=(--release)
[ "$profile" = debug ] && cargo_profile=()

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
out=target/installers
mkdir -p "$out"

# The same builds as tests/run.sh (the whole workspace's binaries, one set of features), so that
# packaging after the tests compiles nothing again.
features=(--features saoluu-app/custom-protocol)

echo "==> Windows: saoluu.exe và saoluu-app.exe ($profile)"
win=x86_64-pc-windows-gnu
cargo build --locked "${cargo_profile[@]}" --target "$win" -p saoluu-cli -p saoluu-app "${features[@]}"
stage="$out/windows-$profile"
rm -rf "$stage"
mkdir -p "$stage"
for f in saoluu.exe saoluu-app.exe WebView2Loader.dll; do
  cp "target/$win/$profile/$f" "$stage/$f"
done
# Debug info is for developers; the school's PC needs none of it (debug builds carry 300 MB).
x86_64-w64-mingw32-strip --strip-debug "$stage/saoluu.exe" "$stage/saoluu-app.exe"
cp icons/icon.ico "$stage/icon.ico"
installer="$out/SaoLuuTruongHoc-$version-cai-dat.exe"
# The release installer is packed with solid LZMA (the smallest download for a school's
# connection); the debug one only feeds CI's install test, where LZMA over 200 MB of debug
# executables took six of CI's minutes and zlib takes half of one.
compress=()
[ "$profile" = debug ] && compress=(-X"SetCompressor /FINAL zlib")
makensis -V2 -INPUTCHARSET UTF8 "${compress[@]}" \
  -DVERSION="$version" -DSTAGE="$(pwd)/$stage" -DOUTFILE="$(pwd)/$installer" \
  src-tauri/installer/windows.nsi
echo "==> $installer"

echo "==> Linux: .deb ($profile)"
# Tauri's CLI from its npm package (a prebuilt binary; `cargo install tauri-cli` takes 10 minutes).
cli_dir=target/tauri-cli
if [ ! -x "$cli_dir/node_modules/.bin/tauri" ]; then
  mkdir -p "$cli_dir"
  npm install --prefix "$cli_dir" --no-save --no-audit --no-fund --loglevel=error "@tauri-apps/cli@2.12.6"
fi
cargo build --locked "${cargo_profile[@]}" --workspace --bins "${features[@]}"
debug_flag=()
[ "$profile" = debug ] && debug_flag=(--debug)
# A Debian package's name is ASCII: the bundler names it after productName, so packaging uses
# the ASCII form; the menu entry keeps the Vietnamese name (linux.desktop).
config=$(cat <<JSON
{"productName": "sao-luu-truong-hoc",
 "bundle": {"linux": {"deb": {
   "desktopTemplate": "installer/linux.desktop",
   "files": {"/usr/bin/saoluu": "../target/$profile/saoluu"}}}}}
JSON
)
rm -rf "target/$profile/bundle/deb"
(cd src-tauri && ../"$cli_dir"/node_modules/.bin/tauri bundle "${debug_flag[@]}" --bundles deb --config "$config")
deb="$out/sao-luu-truong-hoc_${version}_amd64.deb"
cp target/"$profile"/bundle/deb/*.deb "$deb"
echo "==> $deb"
