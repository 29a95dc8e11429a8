#!/usr/bin/env bash
# The app's main job. With a display it opens the app; without one it runs the same backup through
# the CLI. With no school configured, both use the embedded demo school.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash src-tauri/scripts/setup.sh

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  cargo build --release -p saoluu-app --features custom-protocol
  exec target/release/saoluu-app "$@"
fi

cargo build --release -p saoluu-cli
saoluu=target/release/saoluu
if "$saoluu" "$@" status --json | grep -q '"demo": true'; then
  exec "$saoluu" "$@" demo
else
  exec "$saoluu" "$@" backup
fi
