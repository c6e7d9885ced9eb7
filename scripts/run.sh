#!/usr/bin/env bash
# Runs the registrar daemon. On $DISPLAY when an X server answers there (extra arguments go to
# `symposium-registrar daemon`). Otherwise it starts a private Xvfb with openbox and a few demo
# windows, the daemon, registers two demo taskspaces the way an editor extension would, prints
# `status`, and keeps the daemon running with its log on stderr. Ctrl-C ends it all.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"

scripts/setup.sh
swift build -c release >&2
bin="$(swift build -c release --show-bin-path)/symposium-registrar"

if [ -n "${DISPLAY:-}" ] && xprop -root >/dev/null 2>&1; then
  exec "$bin" daemon --log-level info "$@"
fi

source scripts/lib/private-x.sh
start_private_x openbox
work=$(mktemp -d)
trap 'stop_private_x; rm -rf "$work"' EXIT
echo "run.sh: no X display here; started a private Xvfb on $DISPLAY with openbox" >&2
"$bin" demo-windows --count 5 --marked 2 >/dev/null &
private_x_children+=("$!")
wait_for_clients "$bin" 5

socket="$work/registrar.sock"
"$bin" daemon --socket "$socket" --state-file "$work/state.json" --log-level info "$@" > "$work/daemon.out" &
private_x_children+=("$!")
for _ in $(seq 200); do grep -q '^listening on' "$work/daemon.out" 2>/dev/null && break; sleep 0.05; done
echo "run.sh: daemon listening on $socket" >&2

# Play the extension's part for each marked demo window: register it under a fresh taskspace.
"$bin" windows --markers --socket "$socket" | awk '/^0x/ { print $2 }' | while read -r marker; do
  taskspace=$(cat /proc/sys/kernel/random/uuid | tr a-z A-Z)
  printf '{"type":"update_taskspace","id":"%s","payload":{"taskspace_uuid":"%s","window_uuid":"%s","name":"demo %s"}}\n' \
    "run-$marker" "$taskspace" "$marker" "${marker:0:8}"
done | "$bin" client --socket "$socket" --identify run.sh >&2

"$bin" status --socket "$socket"
echo "run.sh: try   $bin status --socket $socket   or   $bin register --all --socket $socket   (Ctrl-C stops)" >&2
wait
