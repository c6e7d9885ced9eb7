#!/usr/bin/env bash
# Benchmark: how close the registrar comes to the C tools it is used beside, measured on the
# binary install.sh installs (Swift runtime linked statically), in one run with the peers:
#   start-up: `symposium-registrar --version` against `wmctrl --version` (and xdotool's);
#   listing markers among 1000 clients under openbox: `windows --markers` answered by the
#   daemon's index, and `windows --markers --scan`, against `wmctrl -l`;
#   the daemon's RSS idle (no windows), at 1000 windows, and at 1000 windows with 200 clients
#   connected and 1000 taskspaces named;
#   the installed binary's size, stripped.
# The bar: --version at most 3x wmctrl --version; windows --markers at most 0.15x wmctrl -l;
# RSS idle at most 15 MB and at most 25 MB under the full load.
# Usage: scripts/bench-lean.sh [RUNS]   (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
runs=${1:-30}
clients=1000
marked=100

scripts/setup.sh wmctrl xdotool hyperfine python3 binutils >&2
source scripts/lib/release-build.sh
out=$(mktemp -d)
strip -o "$out/symposium-registrar" "$bin"
stripped_bytes=$(stat -c %s "$out/symposium-registrar")
unstripped_bytes=$(stat -c %s "$bin")

source scripts/lib/private-x.sh
anon_kib() { awk '/^RssAnon:/ { print $2 }' "/proc/$1/status"; }
pss_kib() { awk '/^Pss:/ { print $2 }' "/proc/$1/smaps_rollup"; }
start_daemon() {  # start_daemon NAME: a daemon on $DISPLAY with its socket in $out; sets daemon_pid
  "$bin" daemon --socket "$out/$1.sock" --state-file "$out/$1.json" --symposium-bus off >"$out/$1.out" 2>"$out/$1.err" &
  daemon_pid=$!
  private_x_children+=("$daemon_pid")
  for _ in $(seq 200); do grep -q '^listening' "$out/$1.out" 2>/dev/null && return 0; sleep 0.05; done
  echo "daemon $1 did not start; see $out/$1.err" >&2
  return 1
}

start_private_x                      # no windows, no manager: the idle daemon
start_daemon idle
sleep 11  # past two heartbeats
idle_rss=$(anon_kib "$daemon_pid")
idle_pss=$(pss_kib "$daemon_pid")
kill "$daemon_pid"

start_private_x openbox
"$bin" demo-windows --count "$clients" --marked "$marked" >/dev/null &
private_x_children+=("$!")
wait_for_clients "$bin" "$clients"
start_daemon loaded
for _ in $(seq 100); do
  [ "$("$bin" windows --markers --socket "$out/loaded.sock" | grep -c '^0x' || true)" -ge "$marked" ] && break
  sleep 0.1
done
sleep 1

hyperfine -N -i --style none --warmup 3 --runs "$runs" --export-json "$out/version.json" \
  -n "symposium-registrar --version" "$bin --version" \
  -n "wmctrl --version" "wmctrl --version" \
  -n "xdotool --version" "xdotool --version" >/dev/null 2>&1
hyperfine -N -i --style none --warmup 2 --runs "$runs" --export-json "$out/markers.json" \
  -n "symposium-registrar windows --markers" "$bin windows --markers --socket $out/loaded.sock" \
  -n "symposium-registrar windows --markers --scan" "$bin windows --markers --scan" \
  -n "wmctrl -l" "wmctrl -l" >/dev/null 2>&1
found=$("$bin" windows --markers --socket "$out/loaded.sock" | grep -c '^0x' || true)

python3 scripts/bench/lean_bench.py --socket "$out/loaded.sock" --pid "$daemon_pid" >"$out/memory.json"

python3 - "$out" "$idle_rss" "$idle_pss" "$stripped_bytes" "$unstripped_bytes" "$found" "$marked" "$clients" <<'PY'
import json, sys
out, idle, idle_pss, stripped, unstripped, found, marked, clients = sys.argv[1], *map(int, sys.argv[2:])
def table(name):
    results = json.load(open(f"{out}/{name}.json"))["results"]
    base = results[-1]["median"] if name == "markers" else results[1]["median"]
    for r in results:
        print(f"  {r['command']:46} {r['median']*1000:8.2f} ms median ({r['min']*1000:.2f}-{r['max']*1000:.2f})"
              f"  {r['median']/base:5.2f}x the peer")
memory = json.load(open(f"{out}/memory.json"))
print("lean benchmark (the installed binary: Swift runtime linked statically)")
print("start-up, against wmctrl --version:")
table("version")
print(f"markers among {clients} clients under openbox ({found}/{marked} found through the daemon), against wmctrl -l:")
table("markers")
print("daemon memory (RssAnon: what it holds itself; PSS: with shared pages divided):")
print(f"  idle (no windows)                                {idle / 1024:6.1f} MiB anon {idle_pss / 1024:6.1f} MiB PSS")
print(f"  at {clients} windows                                {memory['anon_kib'] / 1024:6.1f} MiB anon {memory['pss_kib'] / 1024:6.1f} MiB PSS")
loaded = memory["loaded"]
print(f"  + {loaded['clients']} clients, {loaded['taskspaces']} taskspaces                 {loaded['anon_kib'] / 1024:6.1f} MiB anon {loaded['pss_kib'] / 1024:6.1f} MiB PSS")
print(f"binary: {stripped / 1e6:.1f} MB stripped ({unstripped / 1e6:.1f} MB as built)")
PY
rm -rf "$out"
