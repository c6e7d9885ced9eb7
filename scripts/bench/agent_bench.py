#!/usr/bin/env python3
"""The agent's tools as the user meets them, on the real daemon with a real notification
server (dunst on a private session bus) under openbox (issue figures):

- signal_user on the socket -> the reply (sent once the notification server took the
  notification) and the window in _NET_WM_STATE_DEMANDS_ATTENTION, over ROUNDS;
- the window activated (xdotool windowactivate, EWMH) -> the question acknowledged in
  taskspace.json, over ROUNDS;
- spawn_taskspace -> the new taskspace's window registered (a stand-in editor that opens a
  marked window and registers it), with git's share, over SPAWNS;
- delete_taskspace confirmed (registrar_delete) -> the agent's reply, windows closed included;
- the daemon's RssAnon and PSS, idle with the session bus connected.

Run by scripts/bench-agent.sh; prints one JSON document.
"""
import argparse, json, os, subprocess, time, uuid

from daemon_bench import Client, anon_kib, pss_kib, percentiles
from xlib import X


def wait(predicate, timeout=20.0, every=0.001):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False


def last_log(directory):
    with open(directory + "/taskspace.json") as f:
        logs = json.load(f).get("logs", [])
    return logs[-1] if logs else None


def attention_rounds(x, client, project, taskspace, directory, window, other, rounds):
    demands = x.atom("_NET_WM_STATE_DEMANDS_ATTENTION")
    signal_ns, ack_ns = [], []
    for i in range(rounds):
        subprocess.run(["xdotool", "windowactivate", "--sync", str(other)], check=True, capture_output=True)
        started = time.perf_counter_ns()
        reply = client.request("signal_user", {"project_path": project, "taskspace_uuid": taskspace,
                                               "message": f"question {i}"})
        assert reply.get("success"), reply
        assert reply["data"].get("notification") is None, reply
        assert wait(lambda: demands in x.atoms(window, "_NET_WM_STATE")), "no attention state"
        signal_ns.append(time.perf_counter_ns() - started)
        started = time.perf_counter_ns()
        subprocess.run(["xdotool", "windowactivate", str(window)], check=True, capture_output=True)
        assert wait(lambda: (last_log(directory) or {}).get("category") == "info"), "not acknowledged"
        ack_ns.append(time.perf_counter_ns() - started)
    return percentiles(signal_ns), percentiles(ack_ns)


def spawn_rounds(client, project, spawns):
    spawned, to_window, git_ms = [], [], []
    for i in range(spawns):
        started = time.perf_counter_ns()
        reply = client.request("spawn_taskspace", {"project_path": project, "taskspace_uuid": str(uuid.uuid4()),
                                                   "name": f"bench {i}", "task_description": "d", "initial_prompt": "p"},
                               timeout=120)
        assert reply.get("success"), reply
        new = reply["data"]["taskspace_uuid"]
        git_ms.append(reply["data"]["git_milliseconds"])

        def registered():
            entries = client.request("registrar_status", {"taskspace": new})["data"]["taskspaces"]
            return bool(entries) and entries[0]["state"] == "registered"
        assert wait(registered, timeout=30, every=0.005), "the stand-in never registered"
        to_window.append(time.perf_counter_ns() - started)
        spawned.append(new)
    return spawned, percentiles(to_window), {"n": len(git_ms), "median_ms": sorted(git_ms)[len(git_ms) // 2],
                                            "max_ms": max(git_ms)}


def delete_rounds(path, project, spawned):
    samples = []
    for taskspace in spawned:
        agent = Client(path)
        rid = str(uuid.uuid4())
        agent.send({"type": "delete_taskspace", "id": rid, "payload": {"project_path": project, "taskspace_uuid": taskspace}})
        agent.request("registrar_status", {})  # answered after the delete was taken
        user = Client(path)
        started = time.perf_counter_ns()
        user.send({"type": "registrar_delete", "id": "d", "payload": {"taskspace_uuid": taskspace, "decision": "delete",
                                                                      "delete_branch": True}})
        answer = agent.wait_for(lambda m: m.get("id") == rid, timeout=60)
        samples.append(time.perf_counter_ns() - started)
        assert answer["payload"].get("success"), answer
        user.wait_for(lambda m: m.get("id") == "d", timeout=60)
        agent.sock.close()
        user.sock.close()
    return percentiles(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--display", required=True)
    parser.add_argument("--socket", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--project", required=True)
    parser.add_argument("--taskspace", required=True)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--spawns", type=int, default=10)
    args = parser.parse_args()
    x = X(args.display)
    client = Client(args.socket)
    marker = str(uuid.uuid4())
    window = x.window(f"[SYMPOSIUM:{marker}] editor")
    other = x.window("another program")
    reply = {}
    assert wait(lambda: client.request("update_taskspace", {"taskspace_uuid": args.taskspace, "window_uuid": marker})
                .get("window_registered"), timeout=20, every=0.05)
    directory = f"{args.project}/task-{args.taskspace}"
    signal, ack = attention_rounds(x, client, args.project, args.taskspace, directory, window, other, args.rounds)
    spawned, spawn_to_window, git = spawn_rounds(client, args.project, args.spawns)
    delete = delete_rounds(args.socket, args.project, spawned)
    time.sleep(3)
    status = client.request("registrar_status", {})["data"]
    print(json.dumps({
        "signal_to_attention": signal, "activation_to_acknowledged": ack, "spawn_to_window_registered": spawn_to_window,
        "spawn_git": git, "delete_confirmed_to_reply": delete,
        "notifications": status.get("notifications"),
        "idle": {"anon_kib": anon_kib(args.pid), "pss_kib": pss_kib(args.pid)},
    }, indent=2))


if __name__ == "__main__":
    main()
