#!/usr/bin/env python3
"""Stacked windows measured from the outside (scripts/bench-stack.sh starts a private Xvfb with
openbox and the daemon on a project of its own): the top window of a stack of 5 moved 50 times
with a configure request, as xdotool's windowmove makes, and the time until every other window's
client area is at the top's new one (read from X itself); the X requests per follow (the
daemon's count); the rectangle error after the 50 moves; and the daemon's CPU time and wake-ups
(context switches of all its threads) over a quiet minute before and after a stack of 10 formed."""
import argparse, json, os, sys, time, uuid

from daemon_bench import Client, percentiles
from xlib import X


def register(x, client, taskspace, index):
    marker = str(uuid.uuid4())
    w = x.make(f"[SYMPOSIUM:{marker}] editor {index}", 40 + 30 * index, 40 + 20 * index)
    x.sync()
    reply = client.request("update_taskspace", {"taskspace_uuid": taskspace, "window_uuid": marker}, timeout=20)
    if not reply.get("window_registered"):
        sys.exit(f"window {index} did not register: {reply}")
    x.title(w, f"editor {index}")
    return w


def quiet(pid, seconds):
    """CPU seconds and context switches of every thread of `pid` over `seconds` with nothing moving."""
    def sample():
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])
        switches = {}
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/status") as f:
                    switches[task] = sum(int(line.split()[1]) for line in f
                                         if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")))
            except FileNotFoundError:
                pass  # a thread that ended meanwhile
        return ticks, switches
    t0, s0 = sample()
    time.sleep(seconds)
    t1, s1 = sample()
    per_minute = 60.0 / seconds
    # Per thread, over the threads alive at both samples (a pool thread may come or go).
    woken = {tid: s1[tid] - s0[tid] for tid in s0.keys() & s1.keys()}
    busiest = sorted(woken.values(), reverse=True)[:3]
    return {"cpu_ms_per_minute": round((t1 - t0) * 1000 / os.sysconf("SC_CLK_TCK") * per_minute, 1),
            "wakeups_per_minute": round(sum(woken.values()) * per_minute), "threads": len(s1),
            "busiest_threads_per_minute": [round(b * per_minute) for b in busiest]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--display", required=True)
    parser.add_argument("--socket", required=True)
    parser.add_argument("--project", required=True)
    parser.add_argument("--taskspaces", required=True, help="comma-separated UUIDs, 10")
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--moves", type=int, default=50)
    parser.add_argument("--quiet-seconds", type=float, default=60)
    args = parser.parse_args()
    taskspaces = args.taskspaces.split(",")
    x = X(args.display)
    client = Client(args.socket)

    windows = [register(x, client, taskspaces[i], i) for i in range(5)]
    idle_before = quiet(args.pid, args.quiet_seconds)
    on = client.request("registrar_stack", {"project_path": args.project, "enabled": True}, timeout=20)
    if not on.get("success"):
        sys.exit(f"stack on failed: {on}")
    focus = client.request("registrar_focus", {"taskspace_uuid": taskspaces[0]}, timeout=20)
    if not focus.get("success"):
        sys.exit(f"focus failed: {focus}")
    top, followers = windows[0], windows[1:]

    samples, requests = [], []
    for move in range(args.moves):
        target = (100 + 13 * (move % 20), 100 + 11 * (move % 17))
        before = x.client_rect(top)
        start = time.perf_counter_ns()
        x.move(top, *target)
        while True:
            now_top = x.client_rect(top)
            if now_top != before and all(x.client_rect(w) == now_top for w in followers):
                break
            if time.perf_counter_ns() - start > 5e9:
                sys.exit(f"move {move}: followers never reached {now_top}: {[x.client_rect(w) for w in followers]}")
        samples.append(time.perf_counter_ns() - start)
        report = client.request("registrar_stack", {"project_path": args.project})["data"]
        requests.append(report.get("follow_requests") or 0)
        time.sleep(0.06)  # a new drag, not one coalesced burst
    top_rect = x.client_rect(top)
    drift = max(max(abs(a - b) for a, b in zip(x.client_rect(w), top_rect)) for w in followers)

    # A stack of 10: five more windows join, then a quiet minute.
    windows += [register(x, client, taskspaces[i], i) for i in range(5, 10)]
    client.request("registrar_focus", {"taskspace_uuid": taskspaces[0]}, timeout=20)
    time.sleep(1)
    stacked = client.request("registrar_stack", {"project_path": args.project})["data"]
    idle_after = quiet(args.pid, args.quiet_seconds)
    print(json.dumps({
        "follow": percentiles(samples), "requests_per_follow": max(requests) if requests else None,
        "drift_px": drift, "effective": stacked.get("effective"), "stack_windows": len(stacked.get("windows", [])),
        "followed": stacked.get("followed"), "idle_no_stack": idle_before, "idle_stack_of_10": idle_after,
    }, indent=2))


if __name__ == "__main__":
    main()
