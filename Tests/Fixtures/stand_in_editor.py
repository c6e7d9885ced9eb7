#!/usr/bin/python3
"""A stand-in for VS Code with Symposium's extension: started on a taskspace's worktree
(`…/task-<UUID>/<repo>`, its last argument), it opens a window with a marker title through
libX11 and registers it over the registrar's socket ($SYMPOSIUM_REGISTRAR_SOCKET), then stays
until it is killed or its window is closed."""
import json, os, socket, sys, time, uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from x_window import open_window

worktree = sys.argv[-1]
taskspace = os.path.basename(os.path.dirname(worktree))[len("task-"):]
marker = str(uuid.uuid4())
x, d, w = open_window(os.environ["DISPLAY"], f"[SYMPOSIUM:{marker}] editor")
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(os.environ["SYMPOSIUM_REGISTRAR_SOCKET"])
s.sendall((json.dumps({"type": "update_taskspace", "id": "r", "payload": {
    "taskspace_uuid": taskspace, "window_uuid": marker}}) + "\n").encode())
s.recv(1 << 16)
with open(os.path.join(os.path.dirname(worktree), "editor.pid"), "w") as f:
    f.write(str(os.getpid()))
while True:
    time.sleep(3600)
