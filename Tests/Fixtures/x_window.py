#!/usr/bin/python3
"""A titled, mapped X window through libX11 (ctypes), nothing else needed: for stand-ins of
editors and of other users' clients. Run as a script: `x_window.py DISPLAY TITLE` opens it,
prints `window 0x...` and keeps it until standard input closes."""
import ctypes, ctypes.util, sys


def open_window(display, title):
    """Opens `display`, maps a window titled `title` and waits until the server holds it;
    answers the library, the display and the window."""
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
    d = x.XOpenDisplay(display.encode())
    if not d:
        print("cannot open display", flush=True)
        sys.exit(1)
    w = x.XCreateSimpleWindow(d, x.XDefaultRootWindow(d), 0, 0, 300, 200, 0, 0, 0)
    x.XStoreName(d, w, title.encode())
    x.XMapWindow(d, w)
    x.XSync(d, 0)
    return x, d, w


if __name__ == "__main__":
    _, _, window = open_window(sys.argv[1], sys.argv[2])
    print("window 0x%x" % window, flush=True)
    sys.stdin.read()
