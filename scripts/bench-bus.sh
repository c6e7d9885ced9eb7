#!/usr/bin/env bash
# Benchmark: the registrar on Symposium's bus, under openbox, with a stand-in for Symposium's bus
# (Tests/Fixtures/symposium_bus.py: verbatim relay to every connection, as the real one).
# Registration round trips through the bus against the same request on the registrar's own
# socket, in the same run; taskspace_state replies through the bus; and the time from the bus
# (re)appearing to the daemon joined.
# Usage: scripts/bench-bus.sh [REQUESTS]   (default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
requests=${1:-1000}

scripts/setup.sh python3 >&2
source scripts/lib/release-build.sh
work=$(mktemp -d)
fixture=Tests/Fixtures/symposium_bus.py
taskspace=5A6B7C8D-1E2F-4A3B-8C4D-5E6F7A8B9C0D

source scripts/lib/private-x.sh
start_private_x openbox
trap 'stop_private_x; rm -rf "$work"' EXIT

project="$work/bench.symposium"
mkdir -p "$project/task-$taskspace/repo"
echo '{"version":1,"name":"bench","agent":"qcli","taskspaces":[]}' > "$project/project.json"
echo "{\"id\":\"$taskspace\",\"name\":\"bench\",\"description\":\"d\",\"state\":{\"resume\":{}}}" \
  > "$project/task-$taskspace/taskspace.json"

python3 "$fixture" "$work/bus.sock" 600 >"$work/bus.out" &
private_x_children+=("$!")
bus_pid=$!
for _ in $(seq 100); do grep -q '^listening' "$work/bus.out" 2>/dev/null && break; sleep 0.05; done
"$bin" daemon --socket "$work/own.sock" --state-file "$work/state.json" --project "$project" \
  --symposium-bus "$work/bus.sock" --roll-call-quiet 0 --roll-call-interval 600 >"$work/daemon.out" 2>"$work/daemon.err" &
private_x_children+=("$!")
for _ in $(seq 200); do grep -q '^listening on' "$work/daemon.out" 2>/dev/null && break; sleep 0.05; done
for _ in $(seq 200); do "$bin" status --socket "$work/own.sock" | grep -q '^bus  *joined' && break; sleep 0.05; done

python3 scripts/bench/bus_bench.py --display "$DISPLAY" --bus "$work/bus.sock" --socket "$work/own.sock" \
  --taskspace "$taskspace" --fixture "$fixture" --requests "$requests" >"$work/result.json"

# The bus goes away and comes back five times: how long until the daemon has joined again.
kill "$bus_pid"; wait "$bus_pid" 2>/dev/null || true
python3 - "$work" "$fixture" <<'PY' >"$work/rejoin.json"
import json, sys
sys.path.insert(0, "scripts/bench")
from bus_bench import rejoin_times
work, fixture = sys.argv[1], sys.argv[2]
print(json.dumps(rejoin_times(f"{work}/bus.sock", f"{work}/own.sock", fixture, 5)))
PY

python3 - "$work/result.json" "$work/rejoin.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
j = json.load(open(sys.argv[2]))
row = lambda name, s: print(f"{name:52} {s['n']:6} {s['p50_ms']:9.3f} {s['p99_ms']:9.3f} {s['max_ms']:9.3f}")
print("bus benchmark: the daemon on a stand-in for Symposium's bus, openbox")
print(f"{'measure':52} {'n':>6} {'p50 ms':>9} {'p99 ms':>9} {'max ms':>9}")
row("registration through Symposium's bus (stand-in)", r["registration_bus"])
row("registration on the registrar's own socket", r["registration_own_socket"])
row("taskspace_state through the bus", r["taskspace_state_bus"])
row("bus (re)appeared -> daemon joined", j)
PY
