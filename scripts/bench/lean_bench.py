#!/usr/bin/env python3
"""The daemon's memory for scripts/bench-lean.sh: RssAnon and PSS of a running daemon as is, then with 200
clients connected that named 1000 taskspaces between them (daemon_bench's memory load), read
while they stay connected, once the daemon has had a heartbeat (5 s) to settle: the steady
state of a daemon serving them, not the instant of the burst. Prints one JSON document."""
import argparse, json, time

from daemon_bench import anon_kib, memory, pss_kib


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--socket", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--taskspaces", type=int, default=1000)
    args = parser.parse_args()
    time.sleep(1.0)
    before, before_pss = anon_kib(args.pid), pss_kib(args.pid)
    loaded = memory(args.socket, args.pid, args.clients, args.taskspaces, settle=6.0)
    print(json.dumps({"anon_kib": before, "pss_kib": before_pss, "loaded": loaded}))


if __name__ == "__main__":
    main()
