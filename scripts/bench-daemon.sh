#!/usr/bin/env bash
# Benchmark: the daemon as an extension sees it, with 1000 other client windows under openbox.
# Registration round trips through the daemon's live index against the same request answered by a
# fresh full scan per request (a second daemon started with --scan-per-request, as the macOS
# Symposium app works), in the same run; how long a waiting registration takes to be answered once
# its title is set; how long a registered window's destruction takes to reach a client as a roll
# call; and the daemon's memory with 200 clients and 1000 taskspaces.
# Usage: scripts/bench-daemon.sh [REQUESTS]   (default 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
requests=${1:-2000}
clients=1000

scripts/setup.sh python3 >&2
source scripts/lib/release-build.sh
work=$(mktemp -d)

source scripts/lib/private-x.sh
start_private_x openbox
trap 'stop_private_x; rm -rf "$work"' EXIT
"$bin" demo-windows --count "$clients" --marked 0 >/dev/null &
private_x_children+=("$!")
wait_for_clients "$bin" "$clients"

# --roll-call-quiet 0: the destroy-to-roll-call figure destroys windows just registered, whose
# roll calls the live default holds back for 5 s (PROTOCOL.md section 5).
start_daemon() {  # start_daemon NAME [ARGS...]: waits until it listens
  local name=$1; shift
  "$bin" daemon --socket "$work/$name.sock" --state-file "$work/$name.json" --roll-call-interval 600 \
    --roll-call-quiet 0 --symposium-bus off "$@" \
    >"$work/$name.out" 2>"$work/$name.err" &
  private_x_children+=("$!")
  for _ in $(seq 200); do grep -q '^listening on' "$work/$name.out" 2>/dev/null && return 0; sleep 0.05; done
  echo "daemon $name did not start: $(cat "$work/$name.err")" >&2
  return 1
}
# The memory figure's 200 clients are one benchmark process: over the per-process limit (64).
start_daemon index --max-connections-per-process 256
index_pid=${private_x_children[-1]}
start_daemon scan --scan-per-request

python3 scripts/bench/daemon_bench.py --display "$DISPLAY" --socket "$work/index.sock" --scan-socket "$work/scan.sock" \
  --pid "$index_pid" --requests "$requests" >"$work/result.json"

python3 - "$work/result.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
row = lambda name, s: print(f"{name:44} {s['n']:6} {s['p50_ms']:9.3f} {s['p99_ms']:9.3f} {s['max_ms']:9.3f}")
print(f"daemon benchmark: {r['client_windows']} client windows under openbox")
print(f"{'measure':44} {'n':>6} {'p50 ms':>9} {'p99 ms':>9} {'max ms':>9}")
row("registration, live index (title already set)", r["registration_index"])
d = r.get("daemon_view") or {}
if d.get("registration_p50_ms") is not None:
    print(f"{'  the same, as the daemon counts (status)':44} {d['registrations_last_minute']:6} {d['registration_p50_ms']:9.3f} "
          f"{d['registration_p99_ms']:9.3f}")
row("registration, fresh scan per request", r["registration_scan_per_request"])
row("title set -> waiting registration answered", r["title_to_reply"])
row("window destroyed -> roll call at a client", r["destroy_to_roll_call"])
print(f"live index vs scan per request: {r['speedup_p50']}x faster at p50, {r['speedup_p99']}x at p99")
m = r["memory"]
print(f"daemon memory (RssAnon / PSS): {m['anon_before_kib']/1024:.1f} / {m['pss_before_kib']/1024:.1f} MiB with "
      f"{r['client_windows']} windows; {m['anon_kib']/1024:.1f} / {m['pss_kib']/1024:.1f} MiB with {m['clients']} clients "
      f"and {m['taskspaces']} taskspaces")
PY
