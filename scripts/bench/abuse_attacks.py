"""The attacks of scripts/bench-abuse.sh, one function each: (daemon, context) -> extra figures.
Each is bounded in time and count; sockets are the daemon's Unix socket only."""
import json, multiprocessing, os, signal, socket, threading, time, uuid

from abuse_harness import PROBE_TASKSPACE, Client, drain, line
from xlib import X

SECONDS = float(os.environ.get("ATTACK_SECONDS", "10"))


def title_storm(display, windows):
    """Windows retitled as fast as X takes it; then one last title carrying a fresh marker, and
    the time from X holding it to the daemon answering a registration by it. On a display with
    no manager: the server holds the windows once the creator's round trip returns."""
    def attack(daemon, _):
        x = X(display)
        targets = [x.window(f"storm window {i}") for i in range(windows)]
        registrar = Client(daemon.socket)
        end, count = time.monotonic() + SECONDS, 0
        while time.monotonic() < end:
            for _ in range(200):
                x.title(targets[count % windows], f"storm title {count} " + "x" * (count % 64), flush=False)
                count += 1
            x.flush()
        marker = str(uuid.uuid4())
        x.title(targets[-1], f"[SYMPOSIUM:{marker}] after the storm", flush=False)
        x.sync()
        held, attempts = time.monotonic(), 0
        while attempts < 15:  # a registration waits at most --registration-timeout (4 s) each
            attempts += 1
            reply = registrar.request("update_taskspace", {"taskspace_uuid": str(uuid.uuid4()), "window_uuid": marker})
            if reply.get("window_registered"):
                break
        agreed = time.monotonic() - held
        result = {"retitles": count, "retitles_per_s": round(count / SECONDS),
                "storm_end_to_index_ms": round(agreed * 1000, 1), "registered_after_storm": bool(reply.get("window_registered")),
                **({} if reply.get("window_registered") else {"last_reply": reply, "daemon_sees": [
                    w for w in registrar.request("registrar_windows", {})["data"]["windows"] if int(w["id"], 16) == targets[-1]]})}
        x.close()
        return result
    return attack


def listed_by_manager(x, count, timeout=30):
    """Waits until the manager lists `count` clients: until then X itself does not say the
    windows are clients, and the index follows X, not the creator."""
    end = time.monotonic() + timeout
    while x.listed() < count and time.monotonic() < end:
        time.sleep(0.01)


def learn_taskspaces(count, name_bytes=64):
    """A preparation: the daemon learns `count` taskspaces with names, so its replies are large."""
    def prepare(daemon):
        client = Client(daemon.socket)
        drain_replies(client, [line("update_taskspace", {"taskspace_uuid": str(uuid.uuid4()),
                                                         "name": f"taskspace {i} " + "n" * name_bytes,
                                                         "description": "d" * name_bytes}) for i in range(count)])
        client.close()
    return prepare


def drain_replies(client, lines):
    """Sends `lines` pipelined and reads as many replies."""
    sender = threading.Thread(target=lambda: client.sock.sendall(b"".join(lines)))
    sender.start()
    for _ in lines:
        client.read()
    sender.join()


def status_non_reader(daemon, _):
    """1,100 `registrar_status` replies owed to a client that never reads."""
    stuck = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stuck.connect(daemon.socket)
    stuck.setblocking(False)
    requests, sent = b"".join(line("registrar_status", {}) for _ in range(1100)), 0
    end = time.monotonic() + SECONDS
    while sent < len(requests) and time.monotonic() < end:
        try:
            sent += stuck.send(requests[sent:])
        except BlockingIOError:
            time.sleep(0.01)
        except OSError:
            break
    time.sleep(2)
    clients = len(Client(daemon.socket).request("registrar_status", {})["data"]["clients"])
    stuck.close()
    return {"status_requests_sent": requests[:sent].count(b"\n"), "clients_left": clients}


def relay_non_readers(daemon, _):
    """Ten clients that never read while another sends 20,000 1 KB messages to be relayed."""
    stuck = [socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) for _ in range(10)]
    for s in stuck:
        s.connect(daemon.socket)
    sender = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sender.connect(daemon.socket)
    drain(sender)
    chatter = line("bench_chatter", {"text": "c" * 1000})
    try:
        for _ in range(200):
            sender.sendall(chatter * 100)
    except OSError:
        pass
    time.sleep(2)
    clients = len(Client(daemon.socket).request("registrar_status", {})["data"]["clients"])
    for s in stuck + [sender]:
        s.close()
    return {"relayed_messages": 20000, "clients_left": clients}


def partial_lines(daemon, _):
    """250 connections, each sending 1 MiB with no line break."""
    holders, closed = [], 0
    chunk = b"a" * (1 << 20)
    for _ in range(250):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(daemon.socket)
        s.settimeout(5)
        try:
            s.sendall(chunk)
        except OSError:
            closed += 1
        holders.append(s)
    time.sleep(SECONDS / 2)
    for s in holders:
        s.close()
    return {"connections": 250, "bytes_each": 1 << 20, "refused_while_sending": closed}


def garbage_connections(daemon, _):
    """700 short-lived connections sending 100,000 garbage lines in all, from 7 threads."""
    def worker(connections):
        for _ in range(connections):
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(daemon.socket)
                s.sendall(b"this is not json {{{\n" * 143)
                s.close()
            except OSError:
                pass
    threads = [threading.Thread(target=worker, args=(100,)) for _ in range(7)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    refused, told = 0, set()
    for _ in range(20):
        client = Client(daemon.socket)
        client.sock.sendall(line("registrar_status", {}))
        try:
            first = client.read()
            if not first.get("payload", {}).get("success"):
                refused += 1
                told.add(json.dumps(first)[:160])
        except (OSError, EOFError, ValueError) as error:
            refused += 1
            told.add(f"{error!r} after {client.buffer[:120]!r}")
        client.close()
        time.sleep(0.1)
    time.sleep(1)
    return {"connections": 700, "lines": 100100, "fresh_refused_after": refused, "refusals": sorted(told),
            "anon_after_flood_over_idle_kib": daemon.status("RssAnon") - daemon.idle}


def deep_json(daemon, _):
    """Eight clients sending JSON nested 300 deep, reconnecting whenever they are closed."""
    deep = b"[" * 300 + b"]" * 300 + b"\n"
    stop = time.monotonic() + SECONDS
    sent = [0] * 8
    def worker(k):
        while time.monotonic() < stop:
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(daemon.socket)
                drain(s)
                while time.monotonic() < stop:
                    s.sendall(deep * 50)
                    sent[k] += 50
            except OSError:
                time.sleep(0.01)
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"clients": 8, "deep_lines": sum(sent)}


def stopped_x(xvfb_pid):
    """Xvfb stopped (SIGSTOP) while two clients ask for `focus`; resumed after the attack."""
    def attack(daemon, _):
        os.kill(xvfb_pid, signal.SIGSTOP)
        try:
            answers = []
            def focus():
                c = Client(daemon.socket, timeout=30)
                start = time.monotonic()
                reply = c.request("registrar_focus", {"taskspace_uuid": PROBE_TASKSPACE})
                answers.append((round((time.monotonic() - start) * 1000), reply.get("error", "")))
            threads = [threading.Thread(target=focus) for _ in range(2)]
            for t in threads:
                t.start()
            time.sleep(SECONDS / 2)
            for t in threads:
                t.join(timeout=10)
        finally:
            os.kill(xvfb_pid, signal.SIGCONT)
        return {"focus_answers_ms": [a[0] for a in answers], "focus_errors": [a[1] for a in answers]}
    return attack



def slow_reader(daemon):
    """The preparation of `startup_roll_call`: connected at once, before the start-up roll call."""
    return Client(daemon.socket, timeout=5)


def startup_roll_call(daemon, reader):
    """A daemon restarted with 2,000 remembered taskspaces calls them all at start-up; a client
    that reads 64 KiB at a time with 50 ms pauses must hear every roll call and stay connected."""
    heard, cut_off, end = set(), False, time.monotonic() + SECONDS
    while len(heard) < 2000 and time.monotonic() < end:
        try:
            chunk = reader.sock.recv(1 << 16)
        except socket.timeout:
            continue
        if not chunk:
            cut_off = True
            break
        reader.buffer += chunk
        while b"\n" in reader.buffer:
            one, reader.buffer = reader.buffer.split(b"\n", 1)
            message = json.loads(one)
            if message.get("type") == "taskspace_roll_call":
                heard.add(message["payload"]["taskspace_uuid"])
        time.sleep(0.05)
    return {"roll_calls_heard": len(heard), "reader_cut_off": cut_off}


def taskspace_file_writes(project_dir):
    """200 renames of a taskspace whose taskspace.json is 1 MB (a long log), each written back."""
    def attack(daemon, _):
        taskspace = project_dir.taskspace
        client = Client(daemon.socket)
        sender = {"workingDirectory": f"{project_dir.path}/task-{taskspace}/repo", "taskspaceUuid": taskspace}
        failures = 0
        for i in range(200):
            rid = str(uuid.uuid4())
            client.sock.sendall((json.dumps({"type": "update_taskspace", "id": rid, "sender": sender,
                                             "payload": {"taskspace_uuid": taskspace, "name": f"renamed {i}"}}) + "\n").encode())
            while True:
                message = client.read()
                if message.get("id") == rid:
                    failures += 0 if message["payload"].get("success") else 1
                    break
        time.sleep(1)
        with open(f"{project_dir.path}/task-{taskspace}/taskspace.json") as file:
            written = json.load(file)
        return {"renames": 200, "failed_replies": failures, "file_name_is_last": written.get("name") == "renamed 199",
                "file_log_kept": len(written.get("logs", [])) == project_dir.log_entries}
    return attack


def waiting_registrations(display):
    """3,000 registrations waiting for markers no window carries (50 clients x 60), while a
    window is retitled 100 times a second."""
    def attack(daemon, _):
        waiting = []
        for _ in range(50):
            c = Client(daemon.socket)
            c.sock.sendall(b"".join(line("update_taskspace", {"taskspace_uuid": str(uuid.uuid4()),
                                                              "window_uuid": str(uuid.uuid4())}) for _ in range(60)))
            waiting.append(c)
        time.sleep(1)
        pending = Client(daemon.socket).request("registrar_status", {})["data"]["pending_registrations"]
        x = X(display)
        before = x.listed()
        w = x.window("retitled window")
        listed_by_manager(x, before + 1)
        end, n = time.monotonic() + SECONDS, 0
        while time.monotonic() < end:
            x.title(w, f"retitled {n}")
            n += 1
            time.sleep(0.01)
        x.close()
        for c in waiting:
            c.close()
        return {"pending_registrations": pending, "retitles": n}
    return attack


def many_taskspaces(daemon, _):
    """One client naming 50,000 new taskspaces as fast as it can."""
    client = Client(daemon.socket, timeout=60)
    lines = [line("update_taskspace", {"taskspace_uuid": str(uuid.uuid4()), "name": f"t{i}"}) for i in range(50000)]
    refused = 0
    for start in range(0, len(lines), 1000):
        block = lines[start:start + 1000]
        sender = threading.Thread(target=lambda: client.sock.sendall(b"".join(block)))
        sender.start()
        for _ in block:
            refused += 0 if client.read().get("payload", {}).get("success") else 1
        sender.join()
    learned = len(Client(daemon.socket).request("registrar_status", {})["data"]["taskspaces"])
    return {"named": 50000, "refused": refused, "learned": learned}


def connect_many(path, count):
    """Up to `count` connections held open, as many as the daemon accepts before one fails."""
    held = []
    for _ in range(count):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
        except OSError:
            break
        held.append(s)
    return held


def idle_connections(daemon, _):
    """256 idle connections from one client (the whole table), held; fresh clients must get in
    once the longest idle is past --idle-timeout."""
    idle = connect_many(daemon.socket, 256)
    time.sleep(SECONDS)
    for s in idle:
        s.close()
    return {"idle_connections": len(idle)}


def marker_claims(display):
    """10 clients naming one registered window's marker for 10,000 other taskspaces: each is
    refused, naming the first, and the window stays with its taskspace."""
    def attack(daemon, _):
        x = X(display)
        before = x.listed()
        marker, owner = str(uuid.uuid4()), str(uuid.uuid4())
        x.window(f"[SYMPOSIUM:{marker}] claimed editor")
        listed_by_manager(x, before + 1)
        first = Client(daemon.socket).request("update_taskspace", {"taskspace_uuid": owner, "window_uuid": marker})
        refused = [0]

        def claimer():
            client = Client(daemon.socket, timeout=60)
            lines = [line("update_taskspace", {"taskspace_uuid": str(uuid.uuid4()), "window_uuid": marker}) for _ in range(1000)]
            sender = threading.Thread(target=lambda: client.sock.sendall(b"".join(lines)))
            sender.start()
            for _ in lines:
                if "already claimed by taskspace" in (client.read().get("payload", {}).get("error") or ""):
                    refused[0] += 1
            sender.join()
            client.close()
        threads = [threading.Thread(target=claimer) for _ in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        status = Client(daemon.socket).request("registrar_status", {})["data"]["taskspaces"]
        kept = [t for t in status if t["uuid"].lower() == owner and t.get("windows")]
        x.close()
        return {"first_registered": bool(first.get("window_registered")), "claims_refused": refused[0],
                "first_keeps_window": bool(kept)}
    return attack


def manager_renames(display, windows=100):
    """A manager without a client list (the tree is walked beside it) renaming its check window
    as fast as X takes it; every rename makes the daemon look at the manager again. Then a fresh
    marker, and the time from X holding it to a registration by it."""
    def attack(daemon, _):
        x = X(display)
        targets = [x.window(f"beside window {i}") for i in range(windows)]
        check = x.announce_manager("Weston WM")
        registrar = Client(daemon.socket)
        end, count = time.monotonic() + SECONDS, 0
        while time.monotonic() < end:
            for _ in range(200):
                x.set_utf8(check, "_NET_WM_NAME", f"Weston WM {count}")
                count += 1
            x.flush()
        marker = str(uuid.uuid4())
        x.title(targets[-1], f"[SYMPOSIUM:{marker}] after the renames", flush=False)
        x.sync()
        held = time.monotonic()
        for _ in range(15):
            reply = registrar.request("update_taskspace", {"taskspace_uuid": str(uuid.uuid4()), "window_uuid": marker})
            if reply.get("window_registered"):
                break
        agreed = time.monotonic() - held
        manager = registrar.request("registrar_status", {})["data"]["x11"].get("manager")
        x.close()
        return {"renames": count, "renames_end_to_index_ms": round(agreed * 1000, 1),
                "registered_after": bool(reply.get("window_registered")), "manager_named": manager}
    return attack


def selection_taken(display):
    """Any X client takes the registrar's selection: the daemon must leave, non-zero, naming it."""
    def attack(daemon, _):
        x = X(display)
        taken = time.monotonic()
        taker = x.take_selection("_SYMPOSIUM_REGISTRAR_S0")
        try:
            code = daemon.process.wait(timeout=20)
        except Exception:
            code = "still running"
        left = time.monotonic() - taken
        x.close()
        with open(daemon.err.name) as err:
            named = f"window {taker:#010x}" in err.read()
        return {"displaced_exit": code, "left_after_ms": round(left * 1000, 1), "taker_named": named}
    return attack


# MARK: Issue 18's attacks

def status_non_readers(connections=200, each=10):
    """`connections` clients of one user, each asking `each` status replies (1,000 taskspaces
    learned: about 100 KB a page) and never reading: the total outbound budget's case."""
    def attack(daemon, _):
        stuck = []
        for _ in range(connections):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(daemon.socket)
            s.setblocking(False)
            try:
                s.send(b"".join(line("registrar_status", {"limit": 1000}) for _ in range(each)))
            except OSError:
                pass
            stuck.append(s)
        time.sleep(SECONDS / 2)
        clients = len(Client(daemon.socket).request("registrar_status", {})["data"]["clients"])
        for s in stuck:
            s.close()
        return {"non_readers": connections, "status_each": each, "clients_left": clients}
    return attack


def garbage_burst(daemon, _):
    """100,000 invalid lines over 4 connections (random bytes, '[' x 5000, wrong types), read by
    their senders, and one 2 MiB line."""
    kinds = [bytes(range(0x80, 0x100)) * 2, b"[" * 5000, b'{"type":42,"id":[],"payload":"x"}']
    def worker(k):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(daemon.socket)
        drain(s)
        keep = line("log", {"level": "trace", "message": "k"})
        chunk = b"".join((kinds[(i + k) % 3] + b"\n") if i % 50 else keep for i in range(500))
        try:
            for _ in range(50):
                s.sendall(chunk)
        except OSError:
            pass
        s.close()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    big = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    big.connect(daemon.socket)
    try:
        big.sendall(b"x" * (2 << 20) + b"\n")
    except OSError:
        pass
    for t in threads:
        t.join()
    big.close()
    return {"invalid_lines": 4 * 50 * 490, "long_line_bytes": 2 << 20}


def integer_arrays(daemon, _):
    """4 connections sending 1 MiB valid lines that are one array of integers, for the whole attack."""
    numbers = ",".join(str(i) for i in range(150_000)).encode()
    payload = b'{"type":"update_taskspace","id":"a","payload":{"taskspace_uuid":"' + str(uuid.uuid4()).encode() \
        + b'","n":[' + numbers + b"]}}\n"
    sent, end = [0] * 4, time.monotonic() + SECONDS
    def worker(k):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(daemon.socket)
        drain(s)
        while time.monotonic() < end:
            try:
                s.sendall(payload)
                sent[k] += 1
            except OSError:
                break
        s.close()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"line_bytes": len(payload), "lines_sent": sum(sent)}


def cpu_hog(seconds):
    """Two busy processes (one per core) for `seconds`: the daemon gets little CPU."""
    end = time.monotonic() + seconds
    def spin():
        while time.monotonic() < end:
            pass
    procs = [multiprocessing.Process(target=spin) for _ in range(2)]
    for p in procs:
        p.start()
    return procs


def starved_title_storm(display):
    """The 1-window title storm while two busy processes keep both cores loaded."""
    storm = title_storm(display, 1)
    def attack(daemon, context):
        hogs = cpu_hog(SECONDS + 1)
        try:
            return storm(daemon, context)
        finally:
            for p in hogs:
                p.join()
    return attack


def project_files(work):
    """Editors whose directories lie in projects with a 1 GiB project.json (sparse) and with a
    100,000-entry one: discovery reads them with the socket's limits, off the actor."""
    def make(name, writer):
        root = os.path.join(work, f"{name}.symposium")
        task = str(uuid.uuid4()).upper()
        os.makedirs(f"{root}/task-{task}/repo")
        with open(f"{root}/task-{task}/taskspace.json", "w") as f:
            json.dump({"id": task, "name": name}, f)
        writer(f"{root}/project.json")
        return root, task
    def huge(path):
        with open(path, "wb") as f:
            f.truncate(1 << 30)
    def many(path):
        with open(path, "w") as f:
            json.dump({"name": "many", "taskspaces": [{"id": str(uuid.uuid4()), "name": f"t{i}"} for i in range(100_000)]}, f)
    projects = [make("huge", huge), make("many", many)]
    def attack(daemon, _):
        client = Client(daemon.socket)
        replies = []
        for root, task in projects:
            envelope = json.dumps({"type": "update_taskspace", "id": task, "sender": {"workingDirectory": f"{root}/task-{task}/repo"},
                                   "payload": {"taskspace_uuid": task}}) + "\n"
            client.sock.sendall(envelope.encode())
            while True:
                message = client.read()
                if message.get("id") == task:
                    replies.append(message["payload"].get("success"))
                    break
        status = client.request("registrar_status", {})["data"]
        return {"answered": replies, "taskspaces": status.get("taskspace_count"),
                "file_errors": [e["error"][:80] for e in status.get("file_errors", [])]}
    return attack


def made_up_then_real(daemon, _):
    """10,000 made-up taskspace UUIDs named, then a registration for a new taskspace."""
    client = Client(daemon.socket)
    drain_replies(client, [line("update_taskspace", {"taskspace_uuid": str(uuid.uuid4())}) for _ in range(10_000)])
    reply = client.request("update_taskspace", {"taskspace_uuid": str(uuid.uuid4()), "name": "the real one"})
    return {"real_one_learned": bool(reply.get("success")), "error": reply.get("error")}


def status_at_limits(binary):
    """10,000 taskspaces with 4 KiB names and descriptions, then `status`, `status --json` and
    `focus <uuid>` through the CLI."""
    def prepare(daemon):
        client = Client(daemon.socket, timeout=300)  # 80 MB of requests
        filler = "d" * 4090
        drain_replies(client, [line("update_taskspace", {"taskspace_uuid": str(uuid.UUID(int=i + 1)), "name": f"{i:05}" + filler,
                                                         "description": filler + f"{i:05}"}) for i in range(10_000)])
        client.close()
    def attack(daemon, _):
        import subprocess
        results = {}
        for name, args in [("status", ["status"]), ("status_json", ["status", "--json"]),
                           ("focus", ["focus", str(uuid.UUID(int=5000))])]:
            start = time.monotonic()
            run = subprocess.run([binary, *args, "--socket", daemon.socket], capture_output=True, text=True, timeout=60)
            results[name] = {"exit": run.returncode, "ms": round((time.monotonic() - start) * 1000, 1),
                             "says": (run.stderr.strip() or run.stdout.splitlines()[-1])[:70]}
        return results
    return prepare, attack


def keep_alive_connections(daemon, _):
    """256 connections from one process, each sending an empty line every 10 s, while fresh
    connections from the probe (another process) keep coming."""
    held, end = connect_many(daemon.socket, 256), time.monotonic() + SECONDS
    while time.monotonic() < end:
        for s in held:
            try:
                s.send(b"\n")
            except OSError:
                pass
        time.sleep(min(10, max(0, end - time.monotonic())))
    for s in held:
        s.close()
    return {"keep_alive_connections": len(held)}
