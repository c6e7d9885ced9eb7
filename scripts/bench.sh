#!/usr/bin/env bash
# Every benchmark, each on its own private Xvfb with openbox and 1000 client windows:
#   scripts/bench-scan.sh    one-shot scans: the registrar against wmctrl and xdotool
#   scripts/bench-daemon.sh  the daemon: registration latency (live index against a scan per
#                            request), title-to-reply, destroy-to-roll-call, memory
# Usage: scripts/bench.sh   (SCAN_RUNS and REQUESTS in the environment change the sample sizes)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bench-scan.sh "${SCAN_RUNS:-15}"
echo
scripts/bench-daemon.sh "${REQUESTS:-2000}"
