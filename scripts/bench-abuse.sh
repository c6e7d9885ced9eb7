#!/usr/bin/env bash
# Benchmark: every attack of issues 11 and 12 against a fresh release daemon on a private Xvfb
# with openbox, with a well-behaved client watching. Prints, per attack, the daemon's peak RSS
# over idle, the worst reply delay the well-behaved client saw, and what the attack left behind.
# The bar: worst reply under 500 ms (except requests that need a stopped X server), peak RSS at
# most 32 MiB over idle, the state file whole, a title storm's end to the index agreeing under
# 100 ms.
# Usage: scripts/bench-abuse.sh [NAME-PART[|NAME-PART...]]   (ATTACK_SECONDS in the environment: 10)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
scripts/setup.sh python3 >&2
source scripts/lib/release-build.sh
work=$(mktemp -d)

source scripts/lib/private-x.sh
start_private_x           # a bare display for the title storms (no manager: see abuse_bench.py)
bare_display=$DISPLAY
start_private_x openbox
trap 'stop_private_x; rm -rf "$work"' EXIT
only=()
[ -n "${1:-}" ] && only=(--only "$1")

python3 scripts/bench/abuse_bench.py --display "$DISPLAY" --binary "$bin" --xvfb-pid "${private_x_children[1]}" \
  --bare-display "$bare_display" \
  "${only[@]}" >"$work/result.json"

python3 - "$work/result.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))
common = {"idle_pss_kib", "pss_over_idle_kib", "after_pss_over_idle_kib", "worst_registration_ms", "worst_fresh_connection_ms", "attack", "idle_rss_kib", "peak_over_idle_kib", "after_over_idle_kib", "probe_replies", "worst_reply_ms",
          "p50_reply_ms", "probe_refusals", "probe_failures", "exit", "state_file_whole"}
print("abuse benchmark: a fresh daemon per attack; a well-behaved client registers every 50 ms and")
print("opens a fresh connection every 500 ms throughout")
print("worst ms: the slowest reply of all; reg: of registrations on the open connection; new: of a")
print("fresh connection's status (connect included); refused: fresh connections turned away")
print("memory: RssAnon (what the daemon itself holds; peak sampled every 10 ms) and PSS, in MiB;")
print("after: a few seconds after the attack")
print(f"{'attack':42} {'anon':>5} {'peak+':>6} {'after+':>6} {'pss':>5} {'pss+':>6} {'after+':>6} {'worst ms':>9} {'reg':>7} {'new':>7} {'p50 ms':>7} {'refused':>7} {'failed':>6} {'exit':>4} {'state':>5}")
for r in results:
    print(f"{r['attack']:42} {r['idle_rss_kib'] / 1024:5.1f} {r['peak_over_idle_kib'] / 1024:6.1f} {r['after_over_idle_kib'] / 1024:6.1f} "
          f"{r['idle_pss_kib'] / 1024:5.1f} {r['pss_over_idle_kib'] / 1024:6.1f} {r['after_pss_over_idle_kib'] / 1024:6.1f} {r['worst_reply_ms']:9.1f} "
          f"{r['worst_registration_ms']:7.1f} {r['worst_fresh_connection_ms']:7.1f} "
          f"{r['p50_reply_ms']:7.2f} {r['probe_refusals']:7} {r['probe_failures']:6} {str(r['exit']):>4} "
          f"{'whole' if r['state_file_whole'] else 'BAD':>5}")
    extra = {k: v for k, v in r.items() if k not in common}
    if extra:
        print(f"    {json.dumps(extra)}")
PY
