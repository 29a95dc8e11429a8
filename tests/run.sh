#!/usr/bin/env bash
# The whole test suite: formatting, lints, engine unit tests, CLI end-to-end and GUI end-to-end
# (the real app under Xvfb through tauri-driver and WebKitWebDriver). Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash src-tauri/scripts/setup.sh
for c in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$c" || rustup component add "$c"
done

# warcio (the Internet Archive community's WARC library) reads our WARC files in the tests.
python3 -c "import warcio" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check "warcio==1.8.1"

# A fresh clone is built once: incremental caches would only take disk space, and a disk that
# fills up mid-link shows as the linker dying with SIGBUS. Say how much room there is, so such a
# failure can be told from a real one.
if [ "${CI:-}" = "true" ]; then export CARGO_INCREMENTAL=0; fi
df -h . | tail -n 1 | awk '{print "==> Dung lượng trống cho bản dựng: " $4}'

echo "==> cargo fmt --check"
cargo fmt --all -- --check
echo "==> cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "==> cargo build (the binaries the end-to-end suites run)"
cargo build --workspace --bins --locked
echo "==> cargo test"
SAOLUU_BINS_BUILT=1 cargo test --workspace --locked
