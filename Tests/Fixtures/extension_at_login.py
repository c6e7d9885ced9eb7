#!/usr/bin/python3
"""What Symposium's extension does when an editor opens a taskspace (vscode-extension/src/ipc.ts,
extension.ts): it spawns `/bin/sh -c 'symposium-mcp client --identity-prefix vscode'` in the
worktree, sends `taskspace_state` at once and gives up when no reply came within 5 s of sending it,
starting no agent. The limit is kept here, in a process of its own, as the extension keeps it.

Usage: extension_at_login.py WORKTREE TASKSPACE_UUID
Prints one JSON line: {"reply": <the reply>, "elapsed_ms": N} or {"timed_out": true, "elapsed_ms": N,
"bridge_stderr": "..."}; exits 0 either way (the test judges). The bridge (its process group) is stopped before it ends."""
import json, os, select, subprocess, sys, time

worktree, taskspace = sys.argv[1], sys.argv[2]
LIMIT = 5.0
bridge = subprocess.Popen(["/bin/sh", "-c", "symposium-mcp client --identity-prefix vscode"], cwd=worktree,
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
request = {"type": "taskspace_state", "id": "state-1",
           "sender": {"workingDirectory": worktree, "taskspaceUuid": taskspace, "shellPid": None},
           "payload": {"project_path": "", "taskspace_uuid": taskspace, "name": None, "description": None}}
bridge.stdin.write((json.dumps(request) + "\n").encode())
bridge.stdin.flush()
sent = time.monotonic()
buffered, reply = b"", None
while reply is None and time.monotonic() - sent < LIMIT:
    ready, _, _ = select.select([bridge.stdout], [], [], LIMIT - (time.monotonic() - sent))
    if not ready:
        break
    chunk = os.read(bridge.stdout.fileno(), 1 << 16)
    if not chunk:
        break
    buffered += chunk
    *lines, buffered = buffered.split(b"\n")
    for line in lines:
        try:
            message = json.loads(line)
        except ValueError:
            continue  # the extension, too, passes over a line it cannot read
        if isinstance(message, dict) and message.get("id") == "state-1":
            reply = message
            break
elapsed_ms = round((time.monotonic() - sent) * 1000, 1)
os.killpg(bridge.pid, 15)
try:
    _, stderr = bridge.communicate(timeout=10)
except subprocess.TimeoutExpired:
    os.killpg(bridge.pid, 9)
    _, stderr = bridge.communicate()
if reply is not None:
    print(json.dumps({"reply": reply, "elapsed_ms": elapsed_ms}))
else:
    print(json.dumps({"timed_out": True, "elapsed_ms": elapsed_ms, "bridge_stderr": stderr.decode(errors="replace")}))
