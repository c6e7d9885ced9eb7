#!/usr/bin/env python3
"""Measures the running registrar daemon from the outside, as an extension sees it.

Run by scripts/bench.sh, which starts a private Xvfb with openbox, 1000 other client windows, the
daemon (live index) and a second daemon that answers each registration from a fresh scan. This
script makes its own windows through libX11 (ctypes), talks to the daemons over their sockets and
prints one JSON document with every figure.
"""
import argparse, json, os, socket, statistics, sys, time, uuid

from xlib import X

class Client:
    """One socket connection speaking the registrar's line protocol."""
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.buffer = b""

    def send(self, message):
        self.sock.sendall((json.dumps(message) + "\n").encode())

    def read(self, timeout=10.0):
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            self.sock.settimeout(max(0.001, deadline - time.monotonic()))
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise EOFError("daemon closed the connection")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def wait_for(self, predicate, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            message = self.read(max(0.001, deadline - time.monotonic()))
            if predicate(message):
                return message

    def request(self, type_, payload, timeout=10.0):
        rid = str(uuid.uuid4())
        self.send({"type": type_, "id": rid, "payload": payload})
        return self.wait_for(lambda m: m.get("id") == rid, timeout)["payload"]


def percentiles(samples_ns):
    ms = sorted(s / 1e6 for s in samples_ns)
    pick = lambda q: ms[min(len(ms) - 1, int(round(q * (len(ms) - 1))))]
    return {"n": len(ms), "p50_ms": round(pick(0.50), 3), "p99_ms": round(pick(0.99), 3),
            "max_ms": round(ms[-1], 3), "mean_ms": round(statistics.fmean(ms), 3)}


def wait_listed(client, marker, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        windows = client.request("registrar_windows", {})["data"]["windows"]
        if any(w.get("marker") == marker for w in windows):
            return len(windows)
        time.sleep(0.05)
    sys.exit(f"marker {marker} never reached the daemon's index")


def registration_latency(x, path, requests):
    client = Client(path)
    marker = str(uuid.uuid4())
    x.window(f"[SYMPOSIUM:{marker}] bench editor")
    listed = wait_listed(client, marker)
    taskspace = str(uuid.uuid4())
    samples = []
    for _ in range(requests):
        rid = str(uuid.uuid4())
        line = (json.dumps({"type": "update_taskspace", "id": rid,
                            "payload": {"taskspace_uuid": taskspace, "window_uuid": marker}}) + "\n").encode()
        start = time.perf_counter_ns()
        client.sock.sendall(line)
        reply = client.wait_for(lambda m: m.get("id") == rid)
        samples.append(time.perf_counter_ns() - start)
        if not reply["payload"].get("window_registered"):
            sys.exit(f"registration failed: {reply}")
    return percentiles(samples), listed


def title_to_reply(x, path, rounds):
    client = Client(path)
    samples = []
    for _ in range(rounds):
        probe = str(uuid.uuid4())
        w = x.window(f"[SYMPOSIUM:{probe}] new editor")
        wait_listed(client, probe)
        marker = str(uuid.uuid4())
        rid = str(uuid.uuid4())
        client.send({"type": "register_taskspace_window", "id": rid,
                     "payload": {"window_title": f"[SYMPOSIUM:{marker}]", "taskspace_uuid": str(uuid.uuid4())}})
        time.sleep(0.05)  # the request is waiting for its title now
        start = time.perf_counter_ns()
        x.title(w, f"[SYMPOSIUM:{marker}] new editor")
        reply = client.wait_for(lambda m: m.get("id") == rid)
        samples.append(time.perf_counter_ns() - start)
        if not reply["payload"].get("success"):
            sys.exit(f"late title not registered: {reply}")
        x.destroy(w)
    return percentiles(samples)


def destroy_to_roll_call(x, path, rounds):
    editor, listener = Client(path), Client(path)
    samples = []
    for _ in range(rounds):
        marker, taskspace = str(uuid.uuid4()), str(uuid.uuid4())
        w = x.window(f"[SYMPOSIUM:{marker}] doomed editor")
        wait_listed(editor, marker)
        reply = editor.request("update_taskspace", {"taskspace_uuid": taskspace, "window_uuid": marker})
        if not reply.get("window_registered"):
            sys.exit(f"registration failed: {reply}")
        start = time.perf_counter_ns()
        x.destroy(w)
        listener.wait_for(lambda m: m.get("type") == "taskspace_roll_call"
                          and m["payload"]["taskspace_uuid"] == taskspace)
        samples.append(time.perf_counter_ns() - start)
    return percentiles(samples)


def anon_kib(pid):
    """RssAnon: the private anonymous memory the daemon itself holds (VmRSS also counts the
    binary's clean code pages, which the page cache shares)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                return int(line.split()[1])


def pss_kib(pid):
    """PSS: resident memory with shared pages divided among their sharers."""
    with open(f"/proc/{pid}/smaps_rollup") as rollup:
        for line in rollup:
            if line.startswith("Pss:"):
                return int(line.split()[1])


def memory(path, pid, clients, taskspaces, settle=0.0):
    """RssAnon and PSS before and after `clients` connect and name `taskspaces`; `settle` seconds pass
    before the second reading, with the clients still connected."""
    before, before_pss = anon_kib(pid), pss_kib(pid)
    connections = [Client(path) for _ in range(clients)]
    for i in range(taskspaces):
        connections[i % clients].send({"type": "update_taskspace", "id": f"t{i}",
                                       "payload": {"taskspace_uuid": str(uuid.uuid4()), "name": f"taskspace {i}",
                                                   "description": "benchmark taskspace"}})
    for i in range(taskspaces):
        connections[i % clients].wait_for(lambda m: m.get("id") == f"t{i}")
    status = connections[0].request("registrar_status", {})["data"]
    time.sleep(settle)
    after, after_pss = anon_kib(pid), pss_kib(pid)
    for c in connections:
        c.sock.close()
    return {"anon_before_kib": before, "anon_kib": after, "pss_before_kib": before_pss, "pss_kib": after_pss, "clients": len(status["clients"]),
            "taskspaces": len(status["taskspaces"]), "windows": status["windows"]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--display", required=True)
    parser.add_argument("--socket", required=True)
    parser.add_argument("--scan-socket", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--scan-requests", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    x = X(args.display)
    index, windows = registration_latency(x, args.socket, args.requests)
    # The daemon's own view of the same round trips (status's health), from request to answer.
    daemon_view = Client(args.socket).request("registrar_status", {})["data"].get("health") or {}
    scan, _ = registration_latency(x, args.scan_socket, args.scan_requests)
    result = {
        "client_windows": windows,
        "registration_index": index,
        "registration_scan_per_request": scan,
        "daemon_view": {k: daemon_view.get(k) for k in ("registrations_last_minute", "registration_p50_ms", "registration_p99_ms")},
        "speedup_p50": round(scan["p50_ms"] / index["p50_ms"], 1),
        "speedup_p99": round(scan["p99_ms"] / index["p99_ms"], 1),
        "title_to_reply": title_to_reply(x, args.socket, args.rounds),
        "destroy_to_roll_call": destroy_to_roll_call(x, args.socket, args.rounds),
        "memory": memory(args.socket, args.pid, 200, 1000),
    }
    print(json.dumps(result, indent=2))

if __name__ == "__main__":
    main()
