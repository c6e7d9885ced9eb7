"""The few libX11 calls the benchmarks need to play X clients (editor windows, floods, title
storms) and to read what X itself holds, through ctypes so that nothing beyond python3 and
libX11 is needed."""
import ctypes, ctypes.util, sys

c_ulong_p, c_void_pp = ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_void_p)
USER_POSITION_AND_SIZE = 3  # WM_NORMAL_HINTS flags USPosition | USSize
XA_WM_NORMAL_HINTS, XA_WM_SIZE_HINTS, XA_WINDOW = 40, 41, 33


def _library():
    lib = ctypes.CDLL(ctypes.util.find_library("X11"))
    signatures = {
        "XOpenDisplay": (ctypes.c_void_p, [ctypes.c_char_p]),
        "XCloseDisplay": (ctypes.c_int, [ctypes.c_void_p]),
        "XDefaultRootWindow": (ctypes.c_ulong, [ctypes.c_void_p]),
        "XCreateSimpleWindow": (ctypes.c_ulong, [ctypes.c_void_p, ctypes.c_ulong] + [ctypes.c_int] * 2
                                + [ctypes.c_uint] * 3 + [ctypes.c_ulong] * 2),
        "XMapWindow": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_ulong]),
        "XDestroyWindow": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_ulong]),
        "XStoreName": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_char_p]),
        "XFlush": (ctypes.c_int, [ctypes.c_void_p]),
        "XSync": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int]),
        "XInternAtom": (ctypes.c_ulong, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]),
        "XChangeProperty": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong,
                                           ctypes.c_int, ctypes.c_int, ctypes.c_void_p, ctypes.c_int]),
        "XGetWindowProperty": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_long,
                                              ctypes.c_long, ctypes.c_int, ctypes.c_ulong, c_ulong_p,
                                              ctypes.POINTER(ctypes.c_int), c_ulong_p, c_ulong_p, c_void_pp]),
        "XQueryTree": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_ulong, c_ulong_p, c_ulong_p, c_void_pp,
                                      ctypes.POINTER(ctypes.c_uint)]),
        "XFree": (ctypes.c_int, [ctypes.c_void_p]),
        "XSetSelectionOwner": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]),
        "XMoveWindow": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int]),
        "XGetGeometry": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_ulong, c_ulong_p] + [ctypes.POINTER(ctypes.c_int)] * 2
                         + [ctypes.POINTER(ctypes.c_uint)] * 4),
        "XTranslateCoordinates": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                                                 ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int), c_ulong_p]),
    }
    for name, (result, arguments) in signatures.items():
        getattr(lib, name).restype = result
        getattr(lib, name).argtypes = arguments
    return lib


class X:
    """One connection to the display."""
    def __init__(self, display):
        self.lib = _library()
        self.dpy = self.lib.XOpenDisplay(display.encode())
        if not self.dpy:
            sys.exit(f"cannot open display {display}")
        self.root = self.lib.XDefaultRootWindow(self.dpy)
        self.client_list = self.lib.XInternAtom(self.dpy, b"_NET_CLIENT_LIST", 0)

    def make(self, title, x=0, y=0):
        """A titled, mapped window placed where it says (USPosition), so that no manager spends
        its own time placing it among thousands of others; not yet flushed."""
        w = self.lib.XCreateSimpleWindow(self.dpy, self.root, x, y, 120, 60, 0, 0, 0)
        hints = (ctypes.c_long * 18)(USER_POSITION_AND_SIZE, x, y, 120, 60)
        self.lib.XChangeProperty(self.dpy, w, XA_WM_NORMAL_HINTS, XA_WM_SIZE_HINTS, 32, 0, hints, 18)
        self.lib.XStoreName(self.dpy, w, title.encode())
        self.lib.XMapWindow(self.dpy, w)
        return w

    def window(self, title):
        """A window the server holds when this returns."""
        w = self.make(title)
        self.sync()
        return w

    def move(self, w, x, y):
        """A configure request, as a user's tool (xdotool windowmove) makes: the manager moves the frame."""
        self.lib.XMoveWindow(self.dpy, w, x, y)
        self.lib.XFlush(self.dpy)

    def client_rect(self, w):
        """(x, y, width, height) of the window in root coordinates, its own border included in
        the position, as the registrar's stacks count it; None when it is gone."""
        root, child = ctypes.c_ulong(), ctypes.c_ulong()
        x, y, rx, ry = ctypes.c_int(), ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        width, height, border, depth = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
        if not self.lib.XGetGeometry(self.dpy, w, ctypes.byref(root), ctypes.byref(x), ctypes.byref(y), ctypes.byref(width),
                                     ctypes.byref(height), ctypes.byref(border), ctypes.byref(depth)):
            return None
        self.lib.XTranslateCoordinates(self.dpy, w, root.value, 0, 0, ctypes.byref(rx), ctypes.byref(ry), ctypes.byref(child))
        return (rx.value - border.value, ry.value - border.value, width.value, height.value)

    def title(self, w, title, flush=True):
        self.lib.XStoreName(self.dpy, w, title.encode())
        if flush:
            self.lib.XFlush(self.dpy)

    def destroy(self, w, flush=True):
        self.lib.XDestroyWindow(self.dpy, w)
        if flush:
            self.lib.XFlush(self.dpy)

    def atom(self, name):
        return self.lib.XInternAtom(self.dpy, name.encode(), 0)

    def set_longs(self, w, name, type_name, values):
        """A format-32 property (windows, atoms) holding `values`."""
        items = (ctypes.c_long * len(values))(*values)
        self.lib.XChangeProperty(self.dpy, w, self.atom(name), self.atom(type_name), 32, 0, items, len(values))

    def set_utf8(self, w, name, text):
        data = text.encode()
        self.lib.XChangeProperty(self.dpy, w, self.atom(name), self.atom("UTF8_STRING"), 8, 0, data, len(data))

    def announce_manager(self, name, supported=("_NET_SUPPORTING_WM_CHECK",)):
        """Plays a manager that only announces itself (no client list): the check window."""
        check = self.lib.XCreateSimpleWindow(self.dpy, self.root, -10, -10, 1, 1, 0, 0, 0)
        for w in (check, self.root):
            self.set_longs(w, "_NET_SUPPORTING_WM_CHECK", "WINDOW", [check])
        self.set_longs(self.root, "_NET_SUPPORTED", "ATOM", [self.atom(n) for n in supported])
        self.set_utf8(check, "_NET_WM_NAME", name)
        self.sync()
        return check

    def take_selection(self, name):
        """Takes the selection `name` for a new window of this connection, as any client may."""
        w = self.lib.XCreateSimpleWindow(self.dpy, self.root, 0, 0, 1, 1, 0, 0, 0)
        self.lib.XSetSelectionOwner(self.dpy, self.atom(name), w, 0)
        self.sync()
        return w

    def flush(self):
        self.lib.XFlush(self.dpy)

    def sync(self):
        self.lib.XSync(self.dpy, 0)

    def close(self):
        """The client leaves: the server destroys all its windows at once."""
        self.lib.XCloseDisplay(self.dpy)
        self.dpy = None

    def top_levels(self):
        """How many children the root has: without a manager, the server's own count."""
        root, parent, children, count = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p(), ctypes.c_uint()
        self.lib.XQueryTree(self.dpy, self.root, ctypes.byref(root), ctypes.byref(parent),
                            ctypes.byref(children), ctypes.byref(count))
        if children:
            self.lib.XFree(children)
        return count.value

    def atoms(self, w, name):
        """The atoms a format-32 ATOM property of `w` holds (_NET_WM_STATE, say)."""
        kind, fmt = ctypes.c_ulong(), ctypes.c_int()
        items, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        self.lib.XGetWindowProperty(self.dpy, w, self.atom(name), 0, 1024, 0, 4,  # XA_ATOM
                                    ctypes.byref(kind), ctypes.byref(fmt), ctypes.byref(items),
                                    ctypes.byref(after), ctypes.byref(data))
        values = []
        if data:
            values = list(ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))[:items.value])
            self.lib.XFree(data)
        return values

    def listed(self):
        """How many windows the manager's _NET_CLIENT_LIST holds."""
        kind, fmt = ctypes.c_ulong(), ctypes.c_int()
        items, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        self.lib.XGetWindowProperty(self.dpy, self.root, self.client_list, 0, 1 << 20, 0, XA_WINDOW,
                                    ctypes.byref(kind), ctypes.byref(fmt), ctypes.byref(items),
                                    ctypes.byref(after), ctypes.byref(data))
        if data:
            self.lib.XFree(data)
        return items.value
