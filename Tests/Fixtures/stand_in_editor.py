#!/usr/bin/python3
"""A stand-in for VS Code with Symposium's extension: started on a taskspace's worktree
(`…/task-<UUID>/<repo>`, its last argument), it opens a window with a marker title through
libX11 and registers it over the registrar's socket ($SYMPOSIUM_REGISTRAR_SOCKET), then stays
until it is killed or its window is closed."""
import ctypes, ctypes.util, json, os, socket, sys, time, uuid

worktree = sys.argv[-1]
taskspace = os.path.basename(os.path.dirname(worktree))[len("task-"):]
marker = str(uuid.uuid4())
x = ctypes.CDLL(ctypes.util.find_library("X11"))
x.XOpenDisplay.restype = ctypes.c_void_p
x.XOpenDisplay.argtypes = [ctypes.c_char_p]
x.XDefaultRootWindow.restype = ctypes.c_ulong
x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x.XCreateSimpleWindow.restype = ctypes.c_ulong
x.XCreateSimpleWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                                  ctypes.c_uint, ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_ulong]
x.XStoreName.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_char_p]
x.XMapWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
d = x.XOpenDisplay(os.environ["DISPLAY"].encode())
w = x.XCreateSimpleWindow(d, x.XDefaultRootWindow(d), 0, 0, 300, 200, 0, 0, 0)
x.XStoreName(d, w, f"[SYMPOSIUM:{marker}] editor".encode())
x.XMapWindow(d, w)
x.XSync(d, 0)
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(os.environ["SYMPOSIUM_REGISTRAR_SOCKET"])
s.sendall((json.dumps({"type": "update_taskspace", "id": "r", "payload": {
    "taskspace_uuid": taskspace, "window_uuid": marker}}) + "\n").encode())
s.recv(1 << 16)
with open(os.path.join(os.path.dirname(worktree), "editor.pid"), "w") as f:
    f.write(str(os.getpid()))
while True:
    time.sleep(3600)
