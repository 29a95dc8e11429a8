#!/usr/bin/env bash
# Regenerates the app and tray icons from this script alone (ImageMagick + Python), so nothing
# binary comes from elsewhere. Run from the icons/ folder; output is committed.
set -euo pipefail
C=/usr/bin/convert
font=$(fc-match -f '%{file}' 'Noto Sans:bold' 2>/dev/null || true)
fontarg=(); [ -n "$font" ] && fontarg=(-font "$font")

# App icon: a blue rounded square, a white drive with a green check.
$C -size 512x512 xc:none -fill '#1f5fa8' -draw 'roundrectangle 16,16 496,496 96,96' \
   -fill white -draw 'roundrectangle 96,250 416,390 28,28' \
   -fill '#1f5fa8' -draw 'circle 356,320 372,320' \
   -fill none -stroke '#3cc26a' -strokewidth 44 -draw 'line 150,140 232,215' -draw 'line 232,215 372,80' \
   -define png:color-type=6 PNG32:icon.png
for s in 32 128 256; do $C icon.png -resize ${s}x${s} -define png:color-type=6 PNG32:${s}x${s}.png; done
mv 256x256.png 128x128@2x.png
$C icon.png -define icon:auto-resize=256,128,64,48,32,16 icon.ico

# ICNS: a header and PNG payloads (ic07 128 px, ic08 256 px, ic09 512 px); ImageMagick cannot write it.
python3 - <<'PY'
import struct, subprocess
parts = []
for kind, size in ((b"ic07", 128), (b"ic08", 256), (b"ic09", 512)):
    png = subprocess.run(["/usr/bin/convert", "icon.png", "-resize", f"{size}x{size}", "PNG32:-"], check=True, capture_output=True).stdout
    parts.append(kind + struct.pack(">I", len(png) + 8) + png)
body = b"".join(parts)
open("icon.icns", "wb").write(b"icns" + struct.pack(">I", len(body) + 8) + body)
PY

# Tray icons: one colour per state, readable at 16-32 px.
tray() { $C -size 64x64 xc:none -fill "$2" -draw 'circle 32,32 32,3' -fill white -draw 'roundrectangle 14,30 50,46 5,5' \
   -define png:color-type=6 PNG32:"tray-$1.png"; }
tray ok '#2e9e52'
tray due '#e0a400'
tray bad '#d23c3c'
tray busy '#1f5fa8'
mkdir -p ../src-tauri/icons
cp icon.png ../src-tauri/icons/icon.png
