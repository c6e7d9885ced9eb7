#!/usr/bin/env python3
"""A stand-in for VS Code with Symposium's extension, for benchmarks: started by the daemon on a
new taskspace's worktree (`…/task-<UUID>/<repo>`), it opens a window with a marker title and
registers it over the registrar's socket (`update_taskspace` with `window_uuid`), then stays
until its window is closed (the window manager ends its connection) or it is killed."""
import json, os, socket, sys, time, uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xlib import X

worktree = sys.argv[-1]
taskspace = os.path.basename(os.path.dirname(worktree))[len("task-"):]
marker = str(uuid.uuid4())
x = X(os.environ["DISPLAY"])
w = x.window(f"[SYMPOSIUM:{marker}] {os.path.basename(worktree)} - editor")
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(os.environ["SYMPOSIUM_REGISTRAR_SOCKET"])
s.sendall((json.dumps({"type": "update_taskspace", "id": "r", "payload": {
    "taskspace_uuid": taskspace, "window_uuid": marker}}) + "\n").encode())
s.recv(1 << 16)
while True:
    time.sleep(3600)
