#!/usr/bin/env bash
# Benchmark: find the [SYMPOSIUM:<uuid>] markers among 1000 client windows under openbox
# (100 marked; titles rotate through _NET_WM_NAME + WM_NAME, _NET_WM_NAME only, COMPOUND_TEXT
# and STRING), comparing `symposium-registrar windows --markers` with `wmctrl -l` and
# `xdotool search --name` in the same run: medians of several runs, ratios, markers found.
# Usage: scripts/bench-scan.sh [RUNS]   (default 15)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
runs=${1:-15}
clients=1000
marked=100

scripts/setup.sh wmctrl xdotool hyperfine python3 >&2
source scripts/lib/release-build.sh
out=$(mktemp -d)

source scripts/lib/private-x.sh
start_private_x openbox
"$bin" demo-windows --count "$clients" --marked "$marked" >/dev/null &
private_x_children+=("$!")
wait_for_clients "$bin" "$clients"

ours_found=$("$bin" windows --markers --scan | grep -c '^0x' || true)
wmctrl_found=$( (wmctrl -l || true) | grep -c '\[SYMPOSIUM:' || true)
xdotool_found=$( (xdotool search --name '\[SYMPOSIUM:' || true) | wc -l)
wmctrl_total=$( (wmctrl -l || true) | wc -l)

hyperfine -N -i --style none --warmup 2 --runs "$runs" --export-json "$out/scan.json" \
  -n "symposium-registrar windows --markers --scan" "$bin windows --markers --scan" \
  -n "wmctrl -l" "wmctrl -l" \
  -n "xdotool search --name" "xdotool search --name \[SYMPOSIUM:" >/dev/null 2>&1

python3 - "$out/scan.json" "$ours_found" "$wmctrl_found" "$xdotool_found" "$marked" "$clients" "$wmctrl_total" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
found = [int(x) for x in sys.argv[2:5]]
marked, clients, wmctrl_total = int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
ours = results[0]["median"]
print(f"scan benchmark: {clients} client windows under openbox, {marked} marked; {len(results[0]['times'])} runs each")
print(f"{'command':40} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'vs ours':>8} {'markers':>9}")
for result, hits in zip(results, found):
    median = result["median"]
    print(f"{result['command']:40} {median*1000:10.1f} {result['min']*1000:8.1f} {result['max']*1000:8.1f} "
          f"{median/ours:7.1f}x {hits:5}/{marked}")
print(f"(wmctrl -l listed {wmctrl_total} windows in all)")
PY
rm -rf "$out"
