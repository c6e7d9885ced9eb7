#!/usr/bin/env bash
# The daemon under a real systemd user manager, as a desktop session runs it: the user unit as
# shipped (Type=notify, WatchdogSec, the hardening), `systemctl --user status` with its STATUS=
# text, `systemd-analyze --user security`, systemd's watchdog restarting a daemon whose core is
# wedged (the test hook, SIGUSR2), and a stop, each timed.
#
# Everything is private to the run: a user manager of its own (`systemd --user` with its own
# runtime and configuration directories), an Xvfb with openbox, the unit pointed at a release
# build; the session's own manager and units are not touched. systemd refuses a user instance on
# a machine not booted with it (no /run/systemd/system, as in containers); as root, that directory
# is then made for the run and removed after. Not part of the test suite.
# Usage: scripts/try-user-manager.sh [WATCHDOG_SEC]   (default 10; the shipped unit has 30)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
watchdog_sec=${1:-10}
scripts/setup.sh >&2
source scripts/lib/release-build.sh
source scripts/lib/private-x.sh

work=$(mktemp -d)
chmod 700 "$work"
made_run_dir=0 manager=""
finish() {
  [ -n "$manager" ] && XDG_RUNTIME_DIR="$work/runtime" systemctl --user stop symposium-registrar.service 2>/dev/null || true
  [ -n "$manager" ] && kill "$manager" 2>/dev/null && wait "$manager" 2>/dev/null || true
  [ "$made_run_dir" = 1 ] && rmdir /run/systemd/system 2>/dev/null || true
  stop_private_x
  [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
start_private_x openbox
# After start_private_x, whose own EXIT trap this one replaces (finish stops X too).
trap finish EXIT

if [ ! -d /run/systemd/system ]; then
  [ "$(id -u)" = 0 ] || { echo "try-user-manager.sh: systemd --user needs /run/systemd/system; run as root here" >&2; exit 1; }
  mkdir -p /run/systemd/system
  made_run_dir=1
fi
mkdir -p "$work/runtime" "$work/config/systemd/user/symposium-registrar.service.d"
chmod 700 "$work/runtime"
export XDG_RUNTIME_DIR="$work/runtime" XDG_CONFIG_HOME="$work/config"
sed "s|@BIN@|$bin|" scripts/desktop/symposium-registrar.service > "$work/config/systemd/user/symposium-registrar.service"
# The test hook (SIGUSR2 wedges the core's actor) and this run's watchdog interval.
printf '[Service]\nEnvironment=SYMPOSIUM_REGISTRAR_TEST_HOOKS=1\nWatchdogSec=%s\n' "$watchdog_sec" \
  > "$work/config/systemd/user/symposium-registrar.service.d/try.conf"
# Without journald (containers), the daemon's log goes to a file the run can show.
if [ ! -S /run/systemd/journal/socket ]; then
  printf 'StandardError=append:%s\n' "$work/daemon.log" >> "$work/config/systemd/user/symposium-registrar.service.d/try.conf"
fi

/lib/systemd/systemd --user --log-target=console --log-level="${SYSTEMD_LOG_LEVEL:-info}" > "$work/manager.log" 2>&1 &
manager=$!
for _ in $(seq 200); do
  systemctl --user is-system-running >/dev/null 2>&1 && break
  sleep 0.05
done
echo "user manager: $(systemctl --user is-system-running 2>&1) (pid $manager)"
systemctl --user import-environment DISPLAY
# Sandboxing the machine itself refuses (a container's /proc, say, fails with 226/NAMESPACE) is
# turned off for this run only, and said; everything else is the shipped unit's.
refused=()
for directive in $(grep -oE '^(Protect|Restrict|Private|Lock|Memory|NoNew|SystemCall)[A-Za-z]*=' scripts/desktop/symposium-registrar.service | sort -u); do
  value=$(grep -m1 "^$directive" scripts/desktop/symposium-registrar.service | cut -d= -f2-)
  systemd-run --user --wait --quiet -p "$directive$value" /bin/true 2>/dev/null || refused+=("$directive")
done
for directive in "${refused[@]}"; do
  default=no
  [ "$directive" = "ProtectSystem=" ] && default=full
  echo "${directive}${default}" >> "$work/config/systemd/user/symposium-registrar.service.d/try.conf"
done
[ ${#refused[@]} = 0 ] || { echo "this machine refuses: ${refused[*]} (turned off for this run)"; systemctl --user daemon-reload; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
show() { systemctl --user show -p "$1" --value symposium-registrar.service; }

started=$(now_ms)
if ! systemctl --user start symposium-registrar.service; then
  systemctl --user status symposium-registrar.service --no-pager || true
  grep -i "symposium-registrar" "$work/manager.log" | tail -20
  exit 1
fi
echo "systemctl --user start returned (READY=1 seen) after $(( $(now_ms) - started )) ms"
sleep 1
systemctl --user status symposium-registrar.service --no-pager --lines=0 | sed 's/^/  /' || true
echo
echo "systemd-analyze --user security:"
systemd-analyze --user security symposium-registrar.service --no-pager 2>&1 | tail -1 | sed 's/^/  /'

pid=$(show MainPID)
echo
echo "wedging the core of pid $pid (SIGUSR2, test hook); WatchdogSec=$watchdog_sec"
wedged=$(now_ms)
kill -USR2 "$pid"
aborted="" restarted=""
for _ in $(seq $(( (watchdog_sec + 30) * 20 ))); do
  if [ -z "$aborted" ] && ! kill -0 "$pid" 2>/dev/null; then aborted=$(now_ms); fi
  new=$(show MainPID)
  if [ -n "$aborted" ] && [ "$new" != 0 ] && [ "$new" != "$pid" ] && [ "$(show ActiveState)" = active ]; then
    restarted=$(now_ms); break
  fi
  sleep 0.05
done
[ -n "$aborted" ] || { echo "the wedged daemon was not ended within $(( watchdog_sec + 30 )) s" >&2; exit 1; }
[ -n "$restarted" ] || { echo "no new daemon became ready" >&2; exit 1; }
echo "  ended by systemd after $(( aborted - wedged )) ms; a new daemon (pid $(show MainPID)) ready after $(( restarted - wedged )) ms"
echo "  NRestarts=$(show NRestarts); StatusText=$(show StatusText)"
[ -f "$work/daemon.log" ] && sed 's/^/  daemon: /' "$work/daemon.log"

stopping=$(now_ms)
systemctl --user stop symposium-registrar.service
echo
echo "systemctl --user stop returned after $(( $(now_ms) - stopping )) ms; ActiveState=$(show ActiveState), Result=$(show Result)"

# A client with no daemon serving starts it through the unit, as Symposium's bridge would.
asked=$(now_ms)
answered_pid=$(env -u SYMPOSIUM_REGISTRAR_SOCKET "$bin" status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["pid"])')
echo "status with no daemon: answered after $(( $(now_ms) - asked )) ms by pid $answered_pid;" \
  "the unit's MainPID is $(show MainPID) ($(show ActiveState))"
[ "$answered_pid" = "$(show MainPID)" ] || { echo "the daemon that answered is not the unit's" >&2; exit 1; }
systemctl --user stop symposium-registrar.service

# The session starting the unit while a daemon a client started serves: a clean exit, not a failure.
setsid "$bin" daemon > "$work/detached.log" 2>&1 < /dev/null &
detached=$!
for _ in $(seq 200); do "$bin" status --no-start > /dev/null 2>&1 && break; sleep 0.05; done
outcome=ok
systemctl --user start symposium-registrar.service || outcome=failed
echo "unit started beside a running daemon (pid $detached): start $outcome, $(show ActiveState), Result=$(show Result)"
kill "$detached"; wait "$detached" 2>/dev/null || true
