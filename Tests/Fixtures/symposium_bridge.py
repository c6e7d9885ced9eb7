#!/usr/bin/env python3
"""A stand-in for Symposium's bridge (`symposium-mcp client`), for the registrar's tests.

As the real one (`actor/client.rs`, `actor/stdio.rs`): connects to the bus at PATH, sends
`#identify:PREFIX(pid:N,cwd:C)`, then passes lines both ways, each parsed as Symposium's
IPCMessage and written again with sorted keys; lines whose type is outside Symposium's enum,
or that lack an id string, a sender with workingDirectory, or a payload, are dropped. It never
reconnects: when the bus closes it stays alive and deaf. Usage: symposium_bridge.py PATH PREFIX
"""
import json
import os
import socket
import sys
import threading

TYPES = {
    "present_review", "present_walkthrough", "log", "get_selection", "marco", "polo", "goodbye", "response",
    "resolve_symbol_by_name", "find_all_references", "user_feedback", "store_reference", "reload_window",
    "spawn_taskspace", "log_progress", "signal_user", "update_taskspace", "taskspace_state",
    "taskspace_roll_call", "register_taskspace_window", "delete_taskspace",
}


def parsed(line):
    try:
        message = json.loads(line)
    except ValueError:
        return None
    if not isinstance(message, dict) or message.get("type") not in TYPES or not isinstance(message.get("id"), str):
        return None
    sender = message.get("sender")
    if not isinstance(sender, dict) or not isinstance(sender.get("workingDirectory"), str) or "payload" not in message:
        return None
    sender = {"workingDirectory": sender["workingDirectory"], "taskspaceUuid": sender.get("taskspaceUuid"),
              "shellPid": sender.get("shellPid")}
    return json.dumps({"type": message["type"], "id": message["id"], "sender": sender, "payload": message["payload"]},
                      sort_keys=True, separators=(",", ":"))


def main():
    path, prefix = sys.argv[1], sys.argv[2]
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.connect(path)
    cwd = os.getcwd()
    parts = [p for p in cwd.split("/") if p]
    shown = cwd if len(parts) + 1 <= 2 else "…/" + "/".join(parts[-2:])
    connection.sendall(f"#identify:{prefix}(pid:{os.getpid()},cwd:{shown})\n".encode())
    alive = threading.Event()
    alive.set()

    def from_bus():
        for raw in connection.makefile("rb"):
            line = parsed(raw.decode("utf-8", "replace").strip())
            if line is not None:
                sys.stdout.write(line + "\n")
                sys.stdout.flush()
        alive.clear()
        sys.stderr.write("bus closed; not reconnecting\n")
        sys.stderr.flush()

    threading.Thread(target=from_bus, daemon=True).start()
    for raw in sys.stdin:
        line = parsed(raw.strip())
        if line is not None and alive.is_set():
            try:
                connection.sendall((line + "\n").encode())
            except OSError:
                alive.clear()
    threading.Event().wait()  # stays alive and deaf, as the real bridge does


main()
