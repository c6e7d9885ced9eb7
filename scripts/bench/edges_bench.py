#!/usr/bin/env python3
"""The edges of a stop and of file writes, measured on the real daemon (issue figures):

- SIGTERM with the X server stopped (SIGSTOP): how long until the daemon exits, its exit status,
  and whether its state file was written at the stop;
- stops under a connect burst: the daemon stopped while clients connect in a loop, N times;
- lost updates: `taskspace_state` with a description and `update_taskspace` with a name,
  pipelined on one connection for each of R taskspaces of a project: both fields in every
  `taskspace.json`;
- idle memory (RssAnon, PSS).

Run by scripts/bench-edges.sh on a private Xvfb with openbox; prints one JSON document.
"""
import argparse, json, os, signal, socket, subprocess, threading, time, uuid

from daemon_bench import Client, anon_kib, pss_kib


def start(bin_, work, name, extra=()):
    sock, state = f"{work}/{name}.sock", f"{work}/{name}.json"
    process = subprocess.Popen([bin_, "daemon", "--socket", sock, "--state-file", state, "--symposium-bus", "off",
                                "--roll-call-interval", "600", *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline()
    if not line.startswith("listening on"):
        raise SystemExit(f"daemon {name} did not start: {line!r}")
    return process, sock, state


def terminate(process):
    """SIGTERM, as a session's end sends; the exit status, or what happened when it did not end."""
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        return "killed after 30 s"


def sigterm_with_x_stopped(bin_, work, xvfb_pid, rounds):
    results = []
    for i in range(rounds):
        process, sock, state = start(bin_, work, f"stopped{i}")
        c = Client(sock)
        taskspace = str(uuid.uuid4())
        c.request("update_taskspace", {"taskspace_uuid": taskspace, "name": f"named before the stop {i}"})
        c.sock.close()
        os.kill(xvfb_pid, signal.SIGSTOP)
        try:
            time.sleep(0.5)
            started = time.monotonic()
            code = terminate(process)
            took = time.monotonic() - started
        finally:
            os.kill(xvfb_pid, signal.SIGCONT)
        written = os.path.exists(state) and taskspace in open(state).read()
        results.append({"exit": code, "seconds": round(took, 3), "state_written": written})
    return results


def stops_under_connect_burst(bin_, work, rounds):
    results = []
    for i in range(rounds):
        process, sock, _ = start(bin_, work, f"burst{i}")
        running = True
        connects = [0]

        def burst():
            while running:
                try:
                    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    s.connect(sock)
                    s.sendall(b'{"type":"registrar_status","id":"b","payload":{}}\n')
                    s.close()
                    connects[0] += 1
                except OSError:
                    time.sleep(0.001)

        threads = [threading.Thread(target=burst) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(1.0)
        code = terminate(process)
        running = False
        for t in threads:
            t.join()
        results.append({"exit": code, "connects": connects[0]})
    return results


def make_project(work, count):
    path = f"{work}/edges.symposium"
    os.makedirs(path, exist_ok=True)
    ids, listed = [], []
    for i in range(count):
        uid = str(uuid.uuid4()).upper()
        entry = {"id": uid, "name": f"taskspace {i}", "description": "from the project", "state": {"resume": {}},
                 "logs": [], "createdAt": "2026-11-01T10:00:00Z"}
        os.makedirs(f"{path}/task-{uid}", exist_ok=True)
        with open(f"{path}/task-{uid}/taskspace.json", "w") as f:
            json.dump(entry, f)
        ids.append(uid)
        listed.append(entry)
    with open(f"{path}/project.json", "w") as f:
        json.dump({"version": 1, "id": str(uuid.uuid4()), "name": "edges", "gitURL": "https://example.invalid/r.git",
                   "directoryPath": path, "taskspaces": listed, "createdAt": "2026-11-01T10:00:00Z", "agent": "qcli"}, f)
    return path, ids


def lost_updates(bin_, work, rounds):
    path, ids = make_project(work, rounds)
    process, sock, _ = start(bin_, work, "updates", ["--project", path])
    c = Client(sock)
    acknowledged = 0
    for i, uid in enumerate(ids):
        description, name = f"description {i}", f"name {i}"
        c.send({"type": "taskspace_state", "id": f"s{i}", "payload": {"taskspace_uuid": uid, "description": description}})
        c.send({"type": "update_taskspace", "id": f"u{i}", "payload": {"taskspace_uuid": uid, "name": name}})
        replies = [c.wait_for(lambda m, i=i: m.get("id") in (f"s{i}", f"u{i}")) for _ in range(2)]
        if all(r["payload"].get("success") for r in replies):
            acknowledged += 1
    c.sock.close()
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    both = 0
    for i, uid in enumerate(ids):
        data = json.load(open(f"{path}/task-{uid}/taskspace.json"))
        if data.get("description") == f"description {i}" and data.get("name") == f"name {i}":
            both += 1
    return {"rounds": rounds, "acknowledged": acknowledged, "both_fields_in_file": both}


def idle_memory(bin_, work, settle):
    process, _, _ = start(bin_, work, "idle")
    time.sleep(settle)
    figures = {"anon_kib": anon_kib(process.pid), "pss_kib": pss_kib(process.pid), "settled_seconds": settle}
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--xvfb-pid", type=int, required=True)
    parser.add_argument("--stops", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    print(json.dumps({
        "sigterm_with_x_stopped": sigterm_with_x_stopped(args.bin, args.work, args.xvfb_pid, args.stops),
        "stops_under_connect_burst": stops_under_connect_burst(args.bin, args.work, args.stops),
        "lost_updates": lost_updates(args.bin, args.work, args.rounds),
        "idle": idle_memory(args.bin, args.work, 3.0),
    }, indent=2))


if __name__ == "__main__":
    main()
