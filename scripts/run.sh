#!/usr/bin/env bash
# Runs the registrar daemon. On $DISPLAY when an X server answers there (extra arguments go to
# `symposium-registrar daemon`). Otherwise it is a demo on a private display: Xvfb with openbox,
# the daemon, and two terminals (xterm), each running `symposium-registrar handshake` for a demo
# taskspace exactly as an editor extension registers its window; then `status` shows both
# registered. It keeps running, with the daemon's log on stderr, until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"

scripts/setup.sh
source scripts/lib/release-build.sh

if [ -n "${DISPLAY:-}" ] && xprop -root >/dev/null 2>&1; then
  exec "$bin" daemon --log-level info "$@"
fi

source scripts/lib/private-x.sh
start_private_x openbox
work=$(mktemp -d)
trap 'stop_private_x; rm -rf "$work"' EXIT
echo "run.sh: no X display here; started a private Xvfb on $DISPLAY with openbox" >&2
echo "$DISPLAY" > "$work/display"

socket="$work/registrar.sock"
export SYMPOSIUM_REGISTRAR_SOCKET="$socket"
"$bin" daemon --state-file "$work/state.json" --log-level info "$@" > "$work/daemon.out" &
private_x_children+=("$!")
for _ in $(seq 200); do grep -q '^listening on' "$work/daemon.out" 2>/dev/null && break; sleep 0.05; done
echo "run.sh: daemon listening on $socket" >&2

# Two terminals, each registering itself for a demo taskspace the way an extension would; they
# stay open (-hold) so their windows stay registered.
names=()
for name in alpha beta; do
  taskspace=$(tr a-z A-Z < /proc/sys/kernel/random/uuid)
  xterm -hold -T "demo $name" -geometry 80x12 -e "$bin" handshake --taskspace "$taskspace" </dev/null >/dev/null 2>&1 &
  private_x_children+=("$!")
  names+=("$(printf '{"type":"update_taskspace","id":"name-%s","payload":{"taskspace_uuid":"%s","name":"demo %s"}}' \
    "$name" "$taskspace" "$name")")
done
printf '%s\n' "${names[@]}" | "$bin" client --identify run.sh >/dev/null

for _ in $(seq 200); do
  [ "$("$bin" status --json | grep -o '"state":"registered"' | wc -l)" -ge 2 ] && break
  sleep 0.1
done
"$bin" status
echo "run.sh: display $DISPLAY, socket $socket; try: SYMPOSIUM_REGISTRAR_SOCKET=$socket DISPLAY=$DISPLAY $bin focus 'demo beta'" >&2
echo "run.sh: scripts/screenshot.sh saves a picture of this display; Ctrl-C stops everything" >&2
echo "$DISPLAY" > "${TMPDIR:-/tmp}/symposium-registrar-demo-display"
wait
