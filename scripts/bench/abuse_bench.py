#!/usr/bin/env python3
"""Every attack on the registrar daemon, each against a fresh daemon with a well-behaved client
watching (abuse_harness.py); the attacks are in abuse_attacks.py. Run by scripts/bench-abuse.sh
on a private Xvfb with openbox. Prints one JSON document."""
import argparse, json, os, shutil, signal, sys, tempfile, time, uuid

import abuse_attacks as attacks
from abuse_harness import PROBE_MARKER, Client, Daemon, measure
from xlib import X


class Project:
    """A Symposium project whose one taskspace has a 1 MB taskspace.json (a long log)."""
    log_entries = 8000

    def __init__(self, work):
        self.taskspace = str(uuid.uuid4()).upper()
        self.path = os.path.join(work, "bench.symposium")
        os.makedirs(f"{self.path}/task-{self.taskspace}/repo")
        entry = {"id": self.taskspace, "name": "bench", "description": "a taskspace with a long log",
                 "state": {"resume": {}}, "createdAt": "2026-11-01T10:00:00Z",
                 "logs": [{"message": "l" * 110, "category": "info"} for _ in range(self.log_entries)]}
        with open(f"{self.path}/task-{self.taskspace}/taskspace.json", "w") as file:
            json.dump(entry, file)
        with open(f"{self.path}/project.json", "w") as file:
            json.dump({"version": 1, "id": str(uuid.uuid4()), "name": "bench", "directoryPath": self.path,
                       "taskspaces": []}, file)


def restarted_with_taskspaces(binary, work, count):
    """A state file remembering `count` taskspaces, written by a daemon that learned them."""
    state = os.path.join(work, "remembered.json")
    daemon = Daemon(binary, work, "remembering", state_file=state)
    attacks.learn_taskspaces(count)(daemon)
    daemon.stop()
    return state


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--display", required=True)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--xvfb-pid", type=int, required=True)
    parser.add_argument("--bare-display", required=True,
                        help="a second display with no window manager, for the title storms")
    parser.add_argument("--only", help="run only the attacks whose names contain this (or one of several, split by |)")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="registrar-abuse-")
    for display in (args.display, args.bare_display):
        X(display).window(f"[SYMPOSIUM:{PROBE_MARKER}] the probe's editor")
    # The title storms run where no manager runs: a storm leaves openbox a backlog of minutes
    # (a round trip per PropertyNotify), in which it lists no new window, so the next attack
    # would measure openbox. Here the daemon walks the tree and X itself is the truth.
    bare = ["--display", args.bare_display]
    status_prepare, status_attack = attacks.status_at_limits(args.binary)
    plan = [
        ("title storm, 1 window", attacks.title_storm(args.bare_display, 1), bare, None),
        ("title storm, 100 windows", attacks.title_storm(args.bare_display, 100), bare, None),
        ("1,100 status replies never read", attacks.status_non_reader, [], attacks.learn_taskspaces(1000)),
        ("relay to 10 non-readers", attacks.relay_non_readers, [], None),
        ("250 x 1 MiB unfinished lines", attacks.partial_lines, [], None),
        ("start-up roll call of 2,000, slow reader", attacks.startup_roll_call, [], "restart"),
        ("700 garbage connections", attacks.garbage_connections, [], None),
        ("JSON 300 deep from 8 clients", attacks.deep_json, [], None),
        ("X server stopped, 2 focus", attacks.stopped_x(args.xvfb_pid), [], None),
        ("1 MB taskspace.json written 200x", attacks.taskspace_file_writes(Project(work)), [], None),
        ("3,000 waiting registrations", attacks.waiting_registrations(args.display), ["--registration-timeout", "60"], None),
        ("50,000 taskspaces named", attacks.many_taskspaces, [], None),
        ("256 idle connections", attacks.idle_connections, ["--idle-timeout", "3"], None),
        ("one marker claimed for 10,000 taskspaces", attacks.marker_claims(args.display), [], None),
        ("manager without a client list renamed nonstop", attacks.manager_renames(args.bare_display), bare, None),
        ("selection taken by an X client", attacks.selection_taken(args.bare_display), bare, None),
        # One process may hold 64 connections: 200 of one user come from several processes; the
        # daemon is told to let one hold them all, so the total budget is what holds.
        ("200 non-readers x 10 status", attacks.status_non_readers(), ["--max-connections-per-process", "256"],
         attacks.learn_taskspaces(1000)),
        ("garbage burst: 98,000 bad lines + 2 MiB line", attacks.garbage_burst, [], None),
        ("title storm, 1 window, CPU hogged", attacks.starved_title_storm(args.bare_display), bare, None),
        ("1 MiB integer arrays from 4 connections", attacks.integer_arrays, [], None),
        ("project.json of 1 GiB and of 100,000 entries", attacks.project_files(work), [], None),
        ("10,000 made-up UUIDs, then a real one", attacks.made_up_then_real, [], None),
        ("status at the documented limits", status_attack, [], status_prepare),
        ("256 keep-alive connections", attacks.keep_alive_connections, ["--idle-timeout", "3"], None),
    ]
    results = []
    for name, attack, options, prepare in plan:
        if args.only and not any(part in name for part in args.only.split("|")):
            continue
        state = None
        if prepare == "restart":
            state, prepare = restarted_with_taskspaces(args.binary, work, 2000), attacks.slow_reader
        results.append(measure(name, args.binary, work, attack, options, prepare, state))
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
