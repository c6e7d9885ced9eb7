#!/usr/bin/env bash
# Benchmark: the edges of a stop and of file writes, on the release binary under openbox.
# SIGTERM with the X server stopped (time to exit, exit status, state written), stops during a
# connect burst (exit statuses), taskspace_state + update_taskspace pipelined for each of the
# project's taskspaces (every acknowledged field in taskspace.json), and idle memory
# (RssAnon, PSS).
# Usage: scripts/bench-edges.sh [STOPS] [ROUNDS]   (defaults 5 and 60)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
stops=${1:-5}
rounds=${2:-60}

scripts/setup.sh python3 >&2
source scripts/lib/release-build.sh
work=$(mktemp -d)

source scripts/lib/private-x.sh
start_private_x openbox
trap 'stop_private_x; rm -rf "$work"' EXIT
xvfb_pid=${private_x_children[0]}

python3 scripts/bench/edges_bench.py --bin "$bin" --work "$work" --xvfb-pid "$xvfb_pid" --stops "$stops" \
  --rounds "$rounds" >"$work/result.json"

python3 - "$work/result.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
stopped = r["sigterm_with_x_stopped"]
print("edges benchmark (release build, openbox)")
print(f"SIGTERM with the X server stopped: exits {[s['exit'] for s in stopped]}, "
      f"seconds {[s['seconds'] for s in stopped]} (worst {max(s['seconds'] for s in stopped)}), "
      f"state written {sum(s['state_written'] for s in stopped)} of {len(stopped)}")
burst = r["stops_under_connect_burst"]
print(f"stops under a connect burst: exits {[b['exit'] for b in burst]} "
      f"({sum(b['exit'] == 0 for b in burst)} clean of {len(burst)}; {sum(b['connects'] for b in burst)} connects)")
u = r["lost_updates"]
print(f"taskspace_state + update_taskspace, {u['rounds']} rounds: {u['acknowledged']} acknowledged, "
      f"{u['both_fields_in_file']} with both fields in taskspace.json")
i = r["idle"]
print(f"idle daemon: RssAnon {i['anon_kib']/1024:.1f} MiB, PSS {i['pss_kib']/1024:.1f} MiB ({i['settled_seconds']} s after start)")
PY
