#!/usr/bin/env python3
"""A stand-in for Symposium's bus (`symposium-mcp daemon`), for the registrar's tests.

Behaves as PROTOCOL.md section 8 describes the real one: every line is relayed verbatim to
every connection, the sender included, except `#` control lines and `type: "log"` messages;
it exits IDLE seconds after its last client left (or after start, if none came). Prints
`listening on PATH` once it accepts connections, and for tests `identified <name>` for each
`#identify:` and `relayed <type> <taskspace_uuid>` for each line it relays.
Usage: symposium_bus.py PATH [IDLE]
"""
import asyncio
import json
import os
import sys

PATH = sys.argv[1]
IDLE = float(sys.argv[2]) if len(sys.argv) > 2 else 30.0
writers = set()
idle_since = None


def is_log(line: bytes) -> bool:
    try:
        return json.loads(line).get("type") == "log"
    except (ValueError, AttributeError):
        return False


def describe(line: bytes) -> str:
    """`<type> <payload.taskspace_uuid>`, for tests that watch what crossed the bus."""
    try:
        message = json.loads(line)
        return f"{message.get('type')} {(message.get('payload') or {}).get('taskspace_uuid')}"
    except (ValueError, AttributeError):
        return "unparsed"


async def handle(reader, writer):
    global idle_since
    writers.add(writer)
    idle_since = None
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            text = line.strip()
            if text.startswith(b"#identify:"):
                print("identified " + text[len(b"#identify:"):].decode("utf-8", "replace"), flush=True)
            if not text or text.startswith(b"#") or is_log(text):
                continue
            print("relayed " + describe(text), flush=True)
            for other in list(writers):
                try:
                    other.write(text + b"\n")
                except Exception:
                    writers.discard(other)
    finally:
        writers.discard(writer)
        writer.close()
        if not writers:
            idle_since = asyncio.get_running_loop().time()


async def main():
    global idle_since
    if os.path.exists(PATH):
        os.unlink(PATH)
    server = await asyncio.start_unix_server(handle, path=PATH, limit=1 << 24)
    idle_since = asyncio.get_running_loop().time()
    print(f"listening on {PATH}", flush=True)
    async with server:
        while True:
            await asyncio.sleep(0.1)
            if idle_since is not None and asyncio.get_running_loop().time() - idle_since >= IDLE:
                break
    os.unlink(PATH)
    print("idle; leaving", flush=True)


asyncio.run(main())
