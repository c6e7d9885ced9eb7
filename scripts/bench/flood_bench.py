#!/usr/bin/env python3
"""What a flood of windows costs the X server with the registrar watching, and how closely its
index follows.

Run by scripts/bench-flood.sh on a private Xvfb with openbox, once without a daemon and once with
one. A creator (this process, through libX11) makes COUNT titled, mapped windows, one round trip
per BATCH windows, and times itself: that is what every other X client pays too. Then it waits for
the manager's _NET_CLIENT_LIST to list them and, with a daemon, for the daemon's index to hold
them, and does the same for destroying them all. Prints one JSON document.
"""
import argparse, json, socket, sys, time, uuid

from xlib import X


def create(x, count, batch):
    windows = []
    for i in range(count):
        windows.append(x.make(f"flood window {i} - notes.txt", (i * 7) % 1100, (i * 13) % 900))
        if (i + 1) % batch == 0:
            x.sync()
    x.sync()
    return windows


def destroy(x, windows, batch):
    for i, w in enumerate(windows):
        x.destroy(w, flush=False)
        if (i + 1) % batch == 0:
            x.sync()
    x.sync()


class Daemon:
    """The daemon's window count, from `registrar_status`."""
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.buffer = b""

    def windows(self):
        rid = str(uuid.uuid4())
        self.sock.sendall((json.dumps({"type": "registrar_status", "id": rid, "payload": {}}) + "\n").encode())
        while True:
            while b"\n" not in self.buffer:
                chunk = self.sock.recv(1 << 20)
                if not chunk:
                    sys.exit("the daemon closed the connection")
                self.buffer += chunk
            line, self.buffer = self.buffer.split(b"\n", 1)
            message = json.loads(line)
            if message.get("id") == rid:
                return message["payload"]["data"]["windows"]


def wait_until(predicate, timeout):
    """Seconds until `predicate()` holds (polled every 10 ms), or None at the timeout."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if predicate():
            return time.monotonic() - start
        time.sleep(0.01)
    return None


def settle(x, daemon, want_listed, want_index, manager, timeout):
    """After the creator returned: seconds until X has them (the manager's _NET_CLIENT_LIST, or
    without a manager the root's children), and until the daemon's index holds them too."""
    start = time.monotonic()
    count = x.listed if manager else x.top_levels
    listed = wait_until(lambda: count() == want_listed, timeout)
    result = {"x_s": listed and round(listed, 3)}
    if daemon is not None:
        held = wait_until(lambda: daemon.windows() == want_index, timeout)
        if held is not None:
            result["index_s"] = round(time.monotonic() - start, 3)
            result["index_after_x_s"] = round(held, 3)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--display", required=True)
    parser.add_argument("--socket")
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--vanish", action="store_true",
                        help="the creator disconnects instead of destroying its windows one by one")
    parser.add_argument("--no-manager", dest="manager", action="store_false",
                        help="no window manager runs: the daemon walks the tree")
    args = parser.parse_args()
    x, observer = X(args.display), X(args.display)
    daemon = Daemon(args.socket) if args.socket else None
    base_x = observer.listed() if args.manager else observer.top_levels()
    base = daemon.windows() if daemon else 0

    start = time.monotonic()
    windows = create(x, args.count, args.batch)
    created = time.monotonic() - start
    after_create = settle(observer, daemon, base_x + args.count, base + args.count, args.manager, args.timeout)

    start = time.monotonic()
    if args.vanish:
        x.close()
    else:
        destroy(x, windows, args.batch)
    destroyed = time.monotonic() - start
    after_destroy = settle(observer, daemon, base_x, base, args.manager, args.timeout)
    print(json.dumps({"count": args.count, "batch": args.batch, "daemon": daemon is not None,
                      "create_s": round(created, 3), "after_create": after_create,
                      "gone_by": "disconnect" if args.vanish else "destroy", "gone_s": round(destroyed, 3), "after_destroy": after_destroy}))


if __name__ == "__main__":
    main()
