#!/usr/bin/env bash
# Benchmark: stacked windows under openbox. The top window of a stack of 5 moved 50 times (a
# configure request, as xdotool windowmove makes) -> every other window at its new client
# rectangle, p50/p99; the X requests per follow; the rectangle error after the 50 moves; the
# daemon's CPU and wake-ups per minute while nothing moves, before any stack and with a stack of 10.
# Symposium's macOS app polls every window's position every 50 ms during a drag instead.
# Usage: scripts/bench-stack.sh [MOVES] [QUIET_SECONDS]   (default 50 and 60)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
scripts/setup.sh python3 >&2
source scripts/lib/release-build.sh
work=$(mktemp -d)
source scripts/lib/private-x.sh
start_private_x openbox
trap 'stop_private_x; rm -rf "$work"' EXIT

project="$work/bench.symposium"
taskspaces=()
for i in $(seq 0 9); do
  uuid=$(python3 -c 'import uuid; print(str(uuid.uuid4()).upper())')
  taskspaces+=("$uuid")
  mkdir -p "$project/task-$uuid"
  printf '{"id":"%s","name":"taskspace %s"}\n' "$uuid" "$i" >"$project/task-$uuid/taskspace.json"
done
printf '{"version":1,"name":"bench","taskspaces":[]}\n' >"$project/project.json"

"$bin" daemon --socket "$work/r.sock" --state-file "$work/state.json" --symposium-bus off --project "$project" \
  >"$work/daemon.out" 2>"$work/daemon.err" &
private_x_children+=("$!")
pid=$!
for _ in $(seq 200); do grep -q '^listening on' "$work/daemon.out" 2>/dev/null && break; sleep 0.05; done

python3 scripts/bench/stack_bench.py --display "$DISPLAY" --socket "$work/r.sock" --project "$project" --pid "$pid" \
  --taskspaces "$(IFS=,; echo "${taskspaces[*]}")" --moves "${1:-50}" --quiet-seconds "${2:-60}" >"$work/result.json"

python3 - "$work/result.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
f = r["follow"]
print("stack benchmark: openbox, a stack of 5 windows, the top one moved by configure requests")
print(f"top moved -> every follower at its rectangle  n={f['n']}  p50 {f['p50_ms']:.2f} ms  p99 {f['p99_ms']:.2f} ms  max {f['max_ms']:.2f} ms")
print(f"X requests per follow (the top's geometry, each follower's move): {r['requests_per_follow']}")
print(f"rectangle error after {f['n']} moves: {r['drift_px']} px; stack effective: {r['effective']}; moves followed: {r['followed']}")
b, a = r["idle_no_stack"], r["idle_stack_of_10"]
print(f"quiet daemon, no stack:       {b['cpu_ms_per_minute']} ms CPU and {b['wakeups_per_minute']} wake-ups per minute ({b['threads']} threads)")
print(f"quiet daemon, stack of {r['stack_windows']}:  {a['cpu_ms_per_minute']} ms CPU and {a['wakeups_per_minute']} wake-ups per minute ({a['threads']} threads)")
print(f"  busiest threads' wake-ups per minute: {b['busiest_threads_per_minute']} before, {a['busiest_threads_per_minute']} with the stack")
print("(polling every 50 ms, as Symposium's macOS app does while the mouse is down, is 1200 wake-ups a minute by itself)")
PY
