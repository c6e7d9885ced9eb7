#!/usr/bin/env bash
# Benchmark: the agent's tools as the user meets them, on the release binary under openbox with
# dunst on a private session bus: signal_user -> notification and attention state, activation ->
# acknowledged, spawn_taskspace -> the new window registered (git's share apart), a confirmed
# delete -> the agent's reply, and the idle daemon's memory with the session bus connected.
# Usage: scripts/bench-agent.sh [ROUNDS] [SPAWNS]   (defaults 100 and 10)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
rounds=${1:-100}
spawns=${2:-10}

scripts/setup.sh python3 xdotool >&2
source scripts/lib/release-build.sh
work=$(mktemp -d)

source scripts/lib/private-x.sh
start_private_x openbox
trap 'stop_private_x; rm -rf "$work"' EXIT

# A private session bus with dunst: nothing reaches the desktop this runs on.
dbus-daemon --session --nofork --nopidfile --address="unix:path=$work/bus" >/dev/null 2>&1 &
private_x_children+=("$!")
export DBUS_SESSION_BUS_ADDRESS="unix:path=$work/bus"
for _ in $(seq 100); do [ -S "$work/bus" ] && break; sleep 0.05; done
dunst -config /dev/null >/dev/null 2>&1 &
private_x_children+=("$!")
for _ in $(seq 200); do dunstctl count displayed >/dev/null 2>&1 && break; sleep 0.05; done

# A project: a bare repository with one commit, one taskspace that has started, the agent named.
taskspace=$(python3 -c 'import uuid; print(str(uuid.uuid4()).upper())')
project="$work/bench.symposium"
git init -q -b main "$work/source"
echo hello >"$work/source/README"
git -C "$work/source" add README
GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@example.invalid GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@example.invalid \
  git -C "$work/source" commit -q -m first
mkdir -p "$project/task-$taskspace"
git clone -q --bare "$work/source" "$project/.git"
python3 - "$project" "$taskspace" <<'PY'
import json, sys
project, taskspace = sys.argv[1:]
entry = {"id": taskspace, "name": "bench", "description": "", "state": {"resume": {}}, "logs": [], "createdAt": "2026-11-01T10:00:00Z"}
json.dump(entry, open(f"{project}/task-{taskspace}/taskspace.json", "w"))
json.dump({"version": 1, "id": taskspace, "name": "bench", "gitURL": "https://example.invalid/bench.git",
           "directoryPath": project, "taskspaces": [entry], "createdAt": "2026-11-01T10:00:00Z", "agent": "qcli"},
          open(f"{project}/project.json", "w"))
PY

SYMPOSIUM_REGISTRAR_SOCKET="$work/agent.sock" "$bin" daemon --socket "$work/agent.sock" --state-file "$work/state.json" \
  --symposium-bus off --project "$project" --editor "$PWD/scripts/bench/stand_in_editor.py" \
  >"$work/daemon.out" 2>"$work/daemon.err" &
private_x_children+=("$!")
pid=$!
for _ in $(seq 200); do grep -q '^listening on' "$work/daemon.out" 2>/dev/null && break; sleep 0.05; done

python3 scripts/bench/agent_bench.py --display "$DISPLAY" --socket "$work/agent.sock" --pid "$pid" --project "$project" \
  --taskspace "$taskspace" --rounds "$rounds" --spawns "$spawns" >"$work/result.json"

python3 - "$work/result.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
row = lambda name, s: print(f"{name:52} {s['n']:5} {s['p50_ms']:9.3f} {s['p99_ms']:9.3f} {s['max_ms']:9.3f}")
n = r["notifications"] or {}
print(f"agent tools benchmark (release build, openbox, {n.get('server', 'no notification server')})")
print(f"{'measure':52} {'n':>5} {'p50 ms':>9} {'p99 ms':>9} {'max ms':>9}")
row("signal_user -> notification shown + attention state", r["signal_to_attention"])
row("window activated -> question acknowledged", r["activation_to_acknowledged"])
row("spawn_taskspace -> new window registered", r["spawn_to_window_registered"])
row("delete confirmed -> agent's reply", r["delete_confirmed_to_reply"])
g = r["spawn_git"]
print(f"git worktree add within spawn: median {g['median_ms']} ms, max {g['max_ms']} ms over {g['n']}")
print(f"idle daemon with the session bus connected: RssAnon {r['idle']['anon_kib']/1024:.1f} MiB, PSS {r['idle']['pss_kib']/1024:.1f} MiB")
PY
