#!/usr/bin/env bash
# Benchmark: the watchdog restarting a daemon whose actor hangs. Where a systemd user manager runs,
# the user unit's own WatchdogSec does this; here scripts/bench/watchdog_bench.py plays systemd's
# part by its rules (NOTIFY_SOCKET, WATCHDOG_USEC, SIGABRT after an interval without WATCHDOG=1,
# RestartSec, READY=1 again). The actor is wedged with the test hook (SIGUSR2).
# Usage: scripts/bench-watchdog.sh [WATCHDOG_SEC]   (default 30, as the unit)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
scripts/setup.sh python3 >&2
source scripts/lib/release-build.sh
source scripts/lib/private-x.sh
start_private_x openbox
trap 'stop_private_x' EXIT
python3 scripts/bench/watchdog_bench.py --binary "$bin" --watchdog-sec "${1:-30}" --restart-sec 2
