#!/usr/bin/env bash
# The whole test suite: formatting and lints (Linux and Windows), engine unit tests, CLI
# end-to-end and GUI end-to-end (the real app under Xvfb through tauri-driver and
# WebKitWebDriver) on Linux; then the engine's unit tests and the same CLI end-to-end suites
# against the Windows build under Wine, the Windows-only suite (drive letters, sharing locks,
# long paths, the credential store, the app's tray and its WebView2 message), and the installers
# (the NSIS installer installed and removed silently under Wine, the .deb with dpkg).
# Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash src-tauri/scripts/setup.sh --tests
for c in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$c" || rustup component add "$c"
done

# Other programs' readers and writers for the tests: warcio (the Internet Archive community's WARC
# library) reads our WARC files; openpyxl writes eSchool-like workbooks our code did not write.
python3 -c "import warcio" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check "warcio==1.8.1"
python3 -c "import openpyxl" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check "openpyxl==3.1.5"

# A fresh clone is built once: incremental caches would only take disk space, and a disk that
# fills up mid-link shows as the linker dying with SIGBUS. Say how much room there is, so such a
# failure can be told from a real one.
if [ "${CI:-}" = "true" ]; then export CARGO_INCREMENTAL=0; fi
df -h . | tail -n 1 | awk '{print "==> Dung lượng trống cho bản dựng: " $4}'

# One set of features for every build and test run (the app as it is packaged), so nothing is
# compiled twice; tests/src/lib.rs builds with the same.
features=(--features saoluu-app/custom-protocol)
win=x86_64-pc-windows-gnu
started=$SECONDS
step() { echo "==> [$(( (SECONDS - started) / 60 ))m$(( (SECONDS - started) % 60 ))s] $*"; }

step "cargo fmt --check"
cargo fmt --all -- --check
step "cargo clippy (Linux)"
cargo clippy --workspace --all-targets --locked -- -D warnings
step "cargo clippy (Windows: every cfg(windows) line is compiled and linted)"
# The test harness is a Linux program that drives the Windows build under Wine: not built for Windows.
cargo clippy --workspace --exclude saoluu-tests --all-targets --locked --target "$win" -- -D warnings
step "cargo build (the Linux binaries the end-to-end suites run)"
cargo build --workspace --bins --locked "${features[@]}"
step "cargo build (the Windows binaries: saoluu.exe, saoluu-app.exe)"
cargo build -p saoluu-cli -p saoluu-app --locked --target "$win" "${features[@]}"
step "installers (debug builds, as CI tests them): .exe (NSIS) and .deb"
bash src-tauri/scripts/package.sh --debug
step "cargo test (Linux, with the Windows-only suite and the installers under Wine)"
SAOLUU_BINS_BUILT=1 SAOLUU_INSTALLERS_BUILT=1 cargo test --workspace --locked "${features[@]}"
step "cargo test: the engine's unit tests on Windows, under Wine"
CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="bash $(pwd)/tests/wine/run.sh" \
  cargo test -p saoluu-engine --locked --target "$win"
step "cargo test: the CLI end-to-end suites against saoluu.exe, under Wine (all at once)"
# Most of a Wine run is waiting (each program starts a Windows process), so the six suites run
# side by side; each one's output is printed whole when it ends, in order.
wine_suites=(--test cli --test restore --test eschool --test report --test website --test large)
mapfile -t suites < <(cargo test --workspace --locked "${features[@]}" "${wine_suites[@]}" \
  --no-run --message-format=json | python3 -c '
import sys, json
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["profile"]["test"]:
        print(m["executable"])')
[ "${#suites[@]}" -eq 6 ] || { echo "expected 6 Wine suites, found: ${suites[*]}" >&2; exit 1; }
logs=$(mktemp -d)
pids=()
for i in "${!suites[@]}"; do
  (cd tests && SAOLUU_TEST_OS=windows SAOLUU_BINS_BUILT=1 "${suites[$i]}" >"$logs/$i.log" 2>&1) &
  pids+=($!)
done
failed=0
for i in "${!suites[@]}"; do
  rc=0
  wait "${pids[$i]}" || rc=$?
  echo "     Running $(basename "${suites[$i]}") (saoluu.exe under Wine)"
  cat "$logs/$i.log"
  [ "$rc" -eq 0 ] || failed=1
done
rm -rf "$logs"
[ "$failed" -eq 0 ] || { echo "a Wine suite failed" >&2; exit 1; }
step "done"
