#!/usr/bin/env python3
"""Measures the registrar on Symposium's bus, as Symposium's extension sees it through the bus.

Run by scripts/bench-bus.sh, which starts a private Xvfb with openbox, a stand-in for
Symposium's bus (Tests/Fixtures/symposium_bus.py), a Symposium project and the daemon joined to
the bus. Prints one JSON document: registration round trips through the bus and on the
registrar's own socket (same window, same run), taskspace_state replies, and the time from the
bus (re)appearing to the daemon joined.
"""
import argparse, json, os, socket, subprocess, sys, time, uuid

sys.path.insert(0, os.path.dirname(__file__))
from daemon_bench import X, Client, percentiles, wait_listed  # noqa: E402

SENDER = {"workingDirectory": "/bench", "taskspaceUuid": None, "shellPid": None}


def round_trips(client, message_of, count):
    samples = []
    for _ in range(count):
        rid = str(uuid.uuid4())
        line = (json.dumps(message_of(rid)) + "\n").encode()
        start = time.perf_counter_ns()
        client.sock.sendall(line)
        reply = client.wait_for(lambda m: m.get("type") == "response" and m.get("id") == rid)
        samples.append(time.perf_counter_ns() - start)
        if not reply["payload"].get("success"):
            sys.exit(f"request failed: {reply}")
    return percentiles(samples)


def registrations(x, bus, own, taskspace, count):
    marker = str(uuid.uuid4())
    x.window(f"[SYMPOSIUM:{marker}] bench editor")
    wait_listed(Client(own), marker)
    def message(rid):
        return {"type": "register_taskspace_window", "id": rid, "sender": SENDER,
                "payload": {"window_title": f"[SYMPOSIUM:{marker}]", "taskspace_uuid": taskspace}}
    return round_trips(Client(bus), message, count), round_trips(Client(own), message, count)


def taskspace_states(bus, taskspace, count):
    def message(rid):
        return {"type": "taskspace_state", "id": rid, "sender": SENDER,
                "payload": {"project_path": "", "taskspace_uuid": taskspace, "name": None, "description": None}}
    return round_trips(Client(bus), message, count)


def joins(own):
    return Client(own).request("registrar_status", {})["data"]["bus"]["joins"]


def rejoin_times(bus_path, own, fixture, rounds):
    samples = []
    for _ in range(rounds):
        before = joins(own)
        bus = subprocess.Popen([sys.executable, fixture, bus_path, "30"], stdout=subprocess.PIPE, text=True)
        bus.stdout.readline()  # "listening on PATH"
        start = time.perf_counter_ns()
        while joins(own) == before:
            time.sleep(0.002)
        samples.append(time.perf_counter_ns() - start)
        bus.terminate()
        bus.wait()
        time.sleep(0.3)  # the daemon notices and starts waiting again
    return percentiles(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--display", required=True)
    parser.add_argument("--bus", required=True)
    parser.add_argument("--socket", required=True)
    parser.add_argument("--taskspace", required=True)
    parser.add_argument("--fixture", required=True)
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args()
    x = X(args.display)
    through_bus, own_socket = registrations(x, args.bus, args.socket, args.taskspace, args.requests)
    result = {
        "registration_bus": through_bus,
        "registration_own_socket": own_socket,
        "taskspace_state_bus": taskspace_states(args.bus, args.taskspace, 200),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
