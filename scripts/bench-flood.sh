#!/usr/bin/env bash
# Benchmark: what a flood of windows costs X with the daemon watching. A creator makes COUNT
# windows (a round trip each) and times itself, without a daemon and then with one, on a
# private Xvfb with no window manager (the daemon walks the tree; openbox alone needs minutes to
# manage thousands of windows mapped at once, which would measure openbox). Then the creator
# disconnects, so the server destroys them all at once. Prints the creator's time both ways,
# how long the daemon's index took to hold the windows, and to let go of them after X did.
# Usage: scripts/bench-flood.sh [COUNT]   (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
count=${1:-10000}
scripts/setup.sh python3 >&2
source scripts/lib/release-build.sh
work=$(mktemp -d)
source scripts/lib/private-x.sh
trap 'stop_private_x; rm -rf "$work"' EXIT

run() {  # run with|without
  start_private_x
  local socket=()
  if [ "$1" = with ]; then
    "$bin" daemon --socket "$work/flood.sock" --state-file "$work/flood.json" --symposium-bus off \
      >"$work/out" 2>"$work/err" &
    private_x_children+=("$!")
    for _ in $(seq 200); do grep -q '^listening' "$work/out" 2>/dev/null && break; sleep 0.05; done
    socket=(--socket "$work/flood.sock")
  fi
  python3 scripts/bench/flood_bench.py --display "$DISPLAY" --count "$count" --no-manager --vanish "${socket[@]}"
  stop_private_x
}
without=$(run without)
with=$(run with)
python3 - "$without" "$with" <<'PY'
import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"window flood: {a['count']} windows created by one client (a round trip each), no window manager")
print(f"creator's time without the daemon  {a['create_s']:8.2f} s")
print(f"creator's time with the daemon     {b['create_s']:8.2f} s   ({b['create_s'] / a['create_s']:.2f}x)")
print(f"index held them all, after the creator returned   {b['after_create'].get('index_s', float('nan')):.3f} s")
print(f"creator disconnects: X destroyed them in {a['after_destroy']['x_s']:.2f} s (without) / "
      f"{b['after_destroy']['x_s']:.2f} s (with); index empty {b['after_destroy'].get('index_after_x_s', float('nan')):.3f} s after X")
PY
