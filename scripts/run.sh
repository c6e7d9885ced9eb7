#!/usr/bin/env bash
# Shows the registrar's live window index: every client window, its title and marker, then each
# change as X reports it. Uses $DISPLAY when an X server answers there; otherwise starts a
# private Xvfb with openbox and a few demo windows (two of them marked) so you can see it work.
# Ctrl-C ends it (and the private server).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"

scripts/setup.sh
swift build -c release >&2
bin="$(swift build -c release --show-bin-path)/symposium-registrar"

if [ -n "${DISPLAY:-}" ] && xprop -root >/dev/null 2>&1; then
  exec "$bin" windows --follow "$@"
fi

source scripts/lib/private-x.sh
start_private_x openbox
echo "run.sh: no X display here; started a private Xvfb on $DISPLAY with openbox and demo windows" >&2
"$bin" demo-windows --count 5 --marked 2 >/dev/null &
private_x_children+=("$!")
wait_for_clients "$bin" 5
"$bin" windows --follow "$@"
