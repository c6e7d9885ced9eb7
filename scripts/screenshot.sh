#!/usr/bin/env bash
# Saves a PNG of an X display: the demo's private display (as scripts/run.sh left its name in
# ${TMPDIR:-/tmp}/symposium-registrar-demo-display), or $DISPLAY.
# Usage: scripts/screenshot.sh [OUT.png]   (default: symposium-registrar-demo.png)
set -euo pipefail
out=${1:-symposium-registrar-demo.png}
display=$(cat "${TMPDIR:-/tmp}/symposium-registrar-demo-display" 2>/dev/null || echo "${DISPLAY:-}")
[ -n "$display" ] || { echo "screenshot.sh: no display (start scripts/run.sh first)" >&2; exit 1; }
if command -v import >/dev/null; then
  import -display "$display" -window root "$out"
elif command -v xwd >/dev/null && command -v python3 >/dev/null; then
  dump=$(mktemp)
  xwd -display "$display" -root -silent > "$dump"
  python3 "$(dirname "$0")/lib/xwd2png.py" "$dump" "$out"
  rm -f "$dump"
else
  echo "screenshot.sh: needs ImageMagick's import, or xwd (apt-get install x11-apps) and python3" >&2
  exit 1
fi
echo "saved $out ($display)"
