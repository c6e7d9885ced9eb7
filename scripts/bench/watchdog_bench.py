#!/usr/bin/env python3
"""Plays systemd's part for the user unit's watchdog where no user manager runs: NOTIFY_SOCKET and
WATCHDOG_USEC as systemd sets them, READY=1 and WATCHDOG=1 read off the socket, SIGABRT when a whole
interval passes without WATCHDOG=1 (systemd's WatchdogSignal), then a restart after RestartSec.
Wedges the daemon's actor with the test hook (SIGUSR2) and prints how long each step took."""
import argparse, json, os, signal, socket, subprocess, tempfile, time

def start(binary, workdir, interval_usec, env):
    notify_path = os.path.join(workdir, "notify")
    if os.path.exists(notify_path):
        os.unlink(notify_path)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(notify_path)
    environment = dict(env, NOTIFY_SOCKET=notify_path, WATCHDOG_USEC=str(interval_usec), SYMPOSIUM_REGISTRAR_TEST_HOOKS="1")
    process = subprocess.Popen([binary, "daemon", "--socket", os.path.join(workdir, "r.sock"),
                                "--state-file", os.path.join(workdir, "state.json"), "--symposium-bus", "off"],
                               env=environment, stdout=subprocess.DEVNULL, stderr=open(os.path.join(workdir, "daemon.err"), "a"))
    return process, sock

def read(sock, timeout):
    sock.settimeout(max(0.001, timeout))
    try:
        return sock.recv(4096).decode()
    except socket.timeout:
        return None

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--watchdog-sec", type=float, default=30.0)
    parser.add_argument("--restart-sec", type=float, default=2.0)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="registrar-watchdog-")
    interval = args.watchdog_sec
    process, sock = start(args.binary, workdir, int(interval * 1e6), os.environ)
    started = time.monotonic()
    ready = None
    while ready is None and time.monotonic() - started < 20:
        message = read(sock, 20)
        if message and "READY=1" in message:
            ready = time.monotonic()
    pings = 0
    while pings < 2:  # two pings while healthy: the watchdog runs
        if read(sock, interval) == "WATCHDOG=1":
            pings += 1
    last_ping = time.monotonic()
    process.send_signal(signal.SIGUSR2)
    wedged = time.monotonic()
    status = None
    while True:  # systemd's rule: a whole interval without WATCHDOG=1 ends it
        message = read(sock, last_ping + interval - time.monotonic())
        if message is None:
            break
        if message == "WATCHDOG=1":
            last_ping = time.monotonic()
        elif message.startswith("STATUS="):
            status = message[len("STATUS="):]
    killed_at = time.monotonic()
    process.send_signal(signal.SIGABRT)
    process.wait(timeout=30)
    exited = time.monotonic()
    aborted_with = process.returncode
    time.sleep(args.restart_sec)
    sock.close()
    process, sock = start(args.binary, workdir, int(interval * 1e6), os.environ)
    ready_again = None
    while ready_again is None:
        message = read(sock, 20)
        if message is None:
            break
        if "READY=1" in message:
            ready_again = time.monotonic()
    process.terminate()
    process.wait(timeout=30)
    print(json.dumps({
        "watchdog_sec": interval, "restart_sec": args.restart_sec,
        "start_to_ready_ms": round((ready - started) * 1000, 1),
        "pings_after_wedge": last_ping > wedged,
        "status_while_wedged": status,
        "wedge_to_abort_s": round(killed_at - wedged, 3),
        "abort_to_exit_ms": round((exited - killed_at) * 1000, 1),
        "wedge_to_ready_again_s": round((ready_again or float("nan")) - wedged, 3),
        "wedged_daemon_ended_by_signal": -aborted_with if aborted_with < 0 else None,
        "restarted_daemon_exit_on_sigterm": process.returncode,
    }, indent=2))

if __name__ == "__main__":
    main()
