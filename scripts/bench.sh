#!/usr/bin/env bash
# Every benchmark, each on its own private Xvfb with openbox and 1000 client windows:
#   scripts/bench-scan.sh    one-shot scans: the registrar against wmctrl and xdotool
#   scripts/bench-lean.sh    start-up, listing through the daemon and memory against the C tools,
#                            and the installed binary's size
#   scripts/bench-daemon.sh  the daemon: registration latency (live index against a scan per
#                            request), title-to-reply, destroy-to-roll-call, memory
#   scripts/bench-bus.sh     the daemon on a stand-in for Symposium's bus: registration through the
#                            bus against its own socket, taskspace_state, bus (re)appearing -> joined
#   scripts/bench-abuse.sh   every attack against a fresh daemon: peak RSS over idle and the worst
#                            reply delay a well-behaved client sees during it
#   scripts/bench-flood.sh   10,000 windows created and vanishing: the creator's time with and
#                            without the daemon, and how closely the index follows
#   scripts/bench-edges.sh   SIGTERM with the X server stopped, stops under a connect burst,
#                            pipelined updates of one taskspace.json, idle RssAnon and PSS
#   scripts/bench-agent.sh   the agent's tools with dunst: signal_user -> attention, activation ->
#                            acknowledged, spawn -> window registered, delete -> reply, memory
# Usage: scripts/bench.sh   (SCAN_RUNS and REQUESTS in the environment change the sample sizes)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bench-scan.sh "${SCAN_RUNS:-15}"
echo
scripts/bench-lean.sh "${LEAN_RUNS:-30}"
echo
scripts/bench-daemon.sh "${REQUESTS:-2000}"
echo
scripts/bench-bus.sh "${BUS_REQUESTS:-1000}"
echo
scripts/bench-abuse.sh
echo
scripts/bench-flood.sh "${FLOOD_WINDOWS:-10000}"
echo
scripts/bench-edges.sh
echo
scripts/bench-agent.sh
echo
scripts/bench-watchdog.sh
echo
scripts/bench-stack.sh
