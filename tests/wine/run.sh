#!/usr/bin/env bash
# Runs a Windows binary under Wine with what Wine needs, so anyone can repeat a Windows run:
#   bash tests/wine/run.sh target/x86_64-pc-windows-gnu/debug/saoluu.exe --version
#   bash tests/wine/run.sh --paths saoluu.exe backup folder /home/x/src --to /media/usb
# With --paths, every argument that is an absolute Linux path is given as Windows names it
# (/media/usb → Z:\media\usb), and so is SAOLUU_DATA_DIR.
#   WINEPREFIX=DIR bash tests/wine/run.sh --prepare   makes DIR a fresh prefix and stops there
# - a Wine prefix of the project's own (target/wine/prefix, or $WINEPREFIX), made on first use;
# - ProcessPrng, which Rust's std needs and Wine 8 lacks, from a tiny DLL built here with MinGW
#   (tests/wine/process_prng.c) and placed in the prefix's system folder. Test aid only.
# Linux paths reach Windows programs as Z:\… ; a path starting with / is on Z: too, since the
# current folder is.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
paths=0
if [ "${1:-}" = "--paths" ]; then paths=1; shift; fi
[ "$#" -ge 1 ] || { echo "usage: $0 [--paths] EXE [ARGS…]" >&2; exit 2; }

for tool in wine x86_64-w64-mingw32-gcc; do
  command -v "$tool" >/dev/null 2>&1 || bash "$repo/src-tauri/scripts/setup.sh" >&2
done

work="${SAOLUU_WINE_DIR:-$repo/target/wine}"
export WINEPREFIX="${WINEPREFIX:-$work/prefix}"
export WINEDEBUG="${WINEDEBUG:--all}"
# No Gecko or Mono installer prompts when the prefix is made; our binaries need neither.
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=;bcryptprimitives=n,b}"
mkdir -p "$work"

# Every prefix is a copy of one template that no program ever runs in: copying a prefix that is in
# use can catch Wine writing its registry half-way.
shim="$work/bcryptprimitives.dll"
template="$work/template"
ready() {
  [ -f "$shim" ] && [ ! "$here/process_prng.c" -nt "$shim" ] && [ -f "$template/.saoluu-ready" ] &&
    cmp -s "$shim" "$template/drive_c/windows/system32/bcryptprimitives.dll"
}
# Several tests may start at once: one of them prepares the template, the others wait for it.
if ! ready; then
  (
    flock 9
    ready && exit 0
    if [ ! -f "$shim" ] || [ "$here/process_prng.c" -nt "$shim" ]; then
      x86_64-w64-mingw32-gcc -O2 -shared -o "$shim.tmp" "$here/process_prng.c" -ladvapi32
      mv "$shim.tmp" "$shim"
    fi
    rm -rf "$template"
    export WINEPREFIX="$template"
    wineboot --init >/dev/null 2>&1 || true
    wineserver --wait || true
    # Wine links Desktop, Documents, Downloads… to the Linux user's home; a Windows program
    # run for a test must write inside the prefix, never there.
    for link in "$template"/drive_c/users/*/*; do
      if [ -L "$link" ]; then rm "$link" && mkdir "$link"; fi
    done
    # Wine 8 says it is Windows 7 unless told; the schools' PCs (and our floor) are Windows 10.
    wine winecfg -v win10 >/dev/null 2>&1 || true
    wineserver --wait || true
    cp "$shim" "$template/drive_c/windows/system32/bcryptprimitives.dll"
    # Windows comes with fonts that have Vietnamese letters (Arial, Tahoma); Wine's own Tahoma
    # lacks them. Give the prefix one, installed as a Windows font is: a file in C:\Windows\Fonts.
    mkdir -p "$template/drive_c/windows/Fonts"
    cp /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf "$template/drive_c/windows/Fonts/"
    touch "$template/.saoluu-ready"
    # A template made anew: prefixes copied from the old one are stale.
    rm -rf "$work/prefix"
  ) 9>"$work/prefix.lock"
fi
if [ ! -f "$WINEPREFIX/.saoluu-ready" ]; then
  (
    flock 9
    if [ ! -f "$WINEPREFIX/.saoluu-ready" ]; then
      rm -rf "$WINEPREFIX"
      # Hard links where the file system allows; the registry is copied for real, since Wine
      # rewrites it.
      cp -al "$template" "$WINEPREFIX" 2>/dev/null || { rm -rf "$WINEPREFIX"; cp -a "$template" "$WINEPREFIX"; }
      for reg in "$WINEPREFIX"/*.reg; do
        cp --remove-destination "$template/$(basename "$reg")" "$reg"
      done
    fi
  ) 9>"$work/prefix.lock"
fi
[ "$1" = --prepare ] && exit 0

exe="$1"
shift
args=()
for a in "$@"; do
  if [ "$paths" = 1 ] && [ "${a:0:1}" = / ]; then a="Z:${a//\//\\}"; fi
  args+=("$a")
done
data_dir="${SAOLUU_DATA_DIR:-}"
if [ "$paths" = 1 ] && [ "${data_dir:0:1}" = / ]; then
  export SAOLUU_DATA_DIR="Z:${SAOLUU_DATA_DIR//\//\\}"
fi
exec wine "$exe" "${args[@]}"
