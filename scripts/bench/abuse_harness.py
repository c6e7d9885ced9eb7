#!/usr/bin/env python3
"""The harness of scripts/bench-abuse.sh: a fresh daemon per attack, and a well-behaved client
(the probe, a process of its own) watching it.

For each attack: start the release daemon, let it settle, note its memory, start the probe (it
registers its window by marker every 50 ms on one connection, and every 500 ms asks
`registrar_status` on a fresh connection), run the attack, and report the daemon's peak memory
over idle, the probe's worst reply delay and refusals, whether the daemon exited cleanly and
whether its state file is whole. Memory is what the daemon itself holds: RssAnon (private
anonymous pages, sampled every 10 ms for the peak) and PSS (smaps_rollup), not VmRSS, which
counts the binary's clean code pages too.
"""
import json, multiprocessing, os, signal, socket, subprocess, sys, tempfile, threading, time, uuid

PROBE_MARKER = str(uuid.uuid4())
AFTER_SECONDS = float(os.environ.get("AFTER_SECONDS", "6"))
PROBE_TASKSPACE = str(uuid.uuid4())


def line(type_, payload, rid=None):
    return (json.dumps({"type": type_, "id": rid or str(uuid.uuid4()), "payload": payload}) + "\n").encode()


class Client:
    """One connection speaking the line protocol."""
    def __init__(self, path, timeout=10.0):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)  # blocking, as a real client's: a full backlog makes it wait
        self.sock.settimeout(timeout)
        self.buffer = b""

    def read(self):
        while b"\n" not in self.buffer:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise EOFError("closed by the daemon")
            self.buffer += chunk
        one, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(one)

    def request(self, type_, payload):
        rid = str(uuid.uuid4())
        self.sock.sendall(line(type_, payload, rid))
        while True:
            message = self.read()
            if message.get("id") == rid:
                return message["payload"]

    def close(self):
        self.sock.close()


def drain(sock):
    """Reads and drops whatever arrives until the socket closes (a client that does read)."""
    def run():
        try:
            while sock.recv(1 << 20):
                pass
        except OSError:
            pass
    threading.Thread(target=run, daemon=True).start()


# MARK: The well-behaved client

def probe(path, stop, results):
    delays, fresh_delays, refusals, failures, failed_registrations = [], [], 0, [], 0
    client = Client(path)
    next_fresh = time.monotonic()
    while not stop.is_set():
        start = time.monotonic()
        try:
            reply = client.request("update_taskspace", {"taskspace_uuid": PROBE_TASKSPACE, "window_uuid": PROBE_MARKER})
            if not reply.get("window_registered"):
                failed_registrations += 1
                failures.append(f"registration: {str(reply)[:200]}")
        except (OSError, EOFError) as error:
            failed_registrations += 1
            failures.append(f"registration: {error!r}")
            try:
                client = Client(path)
            except OSError:  # the daemon left (an attack that displaces it): keep counting
                time.sleep(0.05)
                continue
        delays.append(time.monotonic() - start)
        if time.monotonic() >= next_fresh:
            next_fresh = time.monotonic() + 0.5
            start = time.monotonic()
            try:
                fresh = Client(path)
                reply = fresh.request("registrar_status", {})
                fresh.close()
                if not reply.get("success"):
                    refusals += 1
                    failures.append(f"fresh connection: {str(reply)[:200]}")
            except (OSError, EOFError, json.JSONDecodeError) as error:
                refusals += 1
                failures.append(f"fresh connection: {error!r}")
            fresh_delays.append(time.monotonic() - start)
        time.sleep(0.05)
    results.send({"delays": delays, "fresh_delays": fresh_delays, "refusals": refusals, "failures": failures[:5], "failed_registrations": failed_registrations})


# MARK: The daemon under test

class Daemon:
    def __init__(self, binary, work, name, args=(), state_file=None):
        self.socket = os.path.join(work, f"{name}.sock")
        self.state_file = state_file or os.path.join(work, f"{name}.json")
        self.err = open(os.path.join(work, f"{name}.err"), "w")
        self.process = subprocess.Popen(
            [binary, "daemon", "--socket", self.socket, "--state-file", self.state_file,
             "--symposium-bus", "off", *args], stdout=subprocess.PIPE, stderr=self.err, text=True)
        first = self.process.stdout.readline()
        if not first.startswith("listening"):
            sys.exit(f"daemon {name} did not start: {first!r}, see {self.err.name}")

    def status(self, key):
        """A figure of /proc/<pid>/status; the last one read once the daemon has exited."""
        try:
            with open(f"/proc/{self.process.pid}/status") as status:
                self.last = {row.split(":")[0]: int(row.split()[1]) for row in status if row.split()[-1:] == ["kB"]}
        except OSError:
            pass
        return getattr(self, "last", {}).get(key, 0)

    def pss(self):
        """PSS in KiB (/proc/<pid>/smaps_rollup), 0 once the daemon has exited."""
        try:
            with open(f"/proc/{self.process.pid}/smaps_rollup") as rollup:
                return next(int(row.split()[1]) for row in rollup if row.startswith("Pss:"))
        except (OSError, StopIteration):
            return 0

    def watch_anon(self):
        """Samples RssAnon every 10 ms on a thread until the returned stop() is called, which
        answers the peak seen."""
        peak, done = [self.status("RssAnon")], threading.Event()
        def run():
            while not done.wait(0.01):
                peak[0] = max(peak[0], self.status("RssAnon"))
        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        def stop():
            done.set()
            thread.join()
            return peak[0]
        return stop

    def stop(self):
        if self.process.poll() is not None:
            self.err.close()
            return self.process.returncode
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = "hung"
        self.err.close()
        return code


def state_file_whole(path):
    try:
        with open(path) as file:
            json.load(file)
        return True
    except (OSError, ValueError):
        return False


def measure(name, binary, work, attack, args=(), prepare=None, state_file=None):
    """One attack against a fresh daemon, with the probe running through it."""
    daemon = Daemon(binary, work, name, args, state_file)
    context = prepare(daemon) if prepare else None
    time.sleep(1.0)
    idle = daemon.idle = daemon.status("RssAnon")
    idle_pss = daemon.pss()
    Client(daemon.socket).request("update_taskspace", {"taskspace_uuid": PROBE_TASKSPACE, "window_uuid": PROBE_MARKER})
    stop, (receiver, sender) = multiprocessing.Event(), multiprocessing.Pipe(duplex=False)
    prober = multiprocessing.Process(target=probe, args=(daemon.socket, stop, sender))
    prober.start()
    peak_of = daemon.watch_anon()
    time.sleep(0.3)
    extra = attack(daemon, context) or {}
    time.sleep(0.5)
    stop.set()
    seen = receiver.recv()
    prober.join()
    peak = peak_of()
    peak_pss = daemon.pss()
    # "After": once the daemon had a few seconds with nothing to do.
    time.sleep(AFTER_SECONDS)
    after = daemon.status("RssAnon")
    after_pss = daemon.pss()
    code = daemon.stop()
    delays = sorted(seen["delays"] + seen["fresh_delays"])
    result = {
        "attack": name, "idle_rss_kib": idle, "peak_over_idle_kib": peak - idle, "after_over_idle_kib": after - idle,
        "idle_pss_kib": idle_pss, "pss_over_idle_kib": peak_pss - idle_pss, "after_pss_over_idle_kib": after_pss - idle_pss,
        "probe_replies": len(delays), "worst_reply_ms": round(delays[-1] * 1000, 1),
        "p50_reply_ms": round(delays[len(delays) // 2] * 1000, 2), "probe_refusals": seen["refusals"],
        "probe_failures": seen["failed_registrations"],
        "worst_registration_ms": round(max(seen["delays"]) * 1000, 1),
        "worst_fresh_connection_ms": round(max(seen["fresh_delays"] or [0]) * 1000, 1), "exit": code, "state_file_whole": state_file_whole(daemon.state_file),
    }
    if seen["failures"]:
        result["probe_failure_examples"] = seen["failures"]
    result.update(extra)
    print(f"  {name}: peak +{result['peak_over_idle_kib'] / 1024:.1f} MiB, worst reply {result['worst_reply_ms']} ms",
          file=sys.stderr)
    return result
