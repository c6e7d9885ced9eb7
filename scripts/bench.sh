#!/usr/bin/env bash
# Every benchmark, each on its own private Xvfb with openbox and 1000 client windows:
#   scripts/bench-scan.sh    one-shot scans: the registrar against wmctrl and xdotool
#   scripts/bench-daemon.sh  the daemon: registration latency (live index against a scan per
#                            request), title-to-reply, destroy-to-roll-call, memory
#   scripts/bench-bus.sh     the daemon on a stand-in for Symposium's bus: registration through the
#                            bus against its own socket, taskspace_state, bus (re)appearing -> joined
# Usage: scripts/bench.sh   (SCAN_RUNS and REQUESTS in the environment change the sample sizes)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bench-scan.sh "${SCAN_RUNS:-15}"
echo
scripts/bench-daemon.sh "${REQUESTS:-2000}"
echo
scripts/bench-bus.sh "${BUS_REQUESTS:-1000}"
