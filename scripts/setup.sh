#!/usr/bin/env bash
# Installs what building, running and testing symposium-registrar need on Debian.
# Idempotent: when everything is there it changes nothing and asks no package server.
set -euo pipefail

packages=(
  pkg-config libx11-dev libxmu-dev   # the CX11 module map (Xlib, Xutil, Xatom, Xmu)
  libx11-xcb-dev                     # XCB on the Xlib connection (titles read in one round trip)
  libxcb-res0-dev                    # X-Resource through XCB: which process owns a window (foreign windows)
  libsystemd-dev                     # sd-bus: desktop notifications over the session bus
  dbus-daemon dunst                  # a private session bus and a real notification server for the tests
  git                                # spawn_taskspace makes git worktrees; its tests make a repository
  xvfb openbox x11-utils             # the integration tests' X server, manager and xprop
  twm dwm                            # the odd managers the holdout runs under (no EWMH; urgency for activation)
  metacity xdotool wmctrl            # stacked windows under a second reparenting manager, moved and sent to desktops as a user would
  procps                             # pgrep/pkill for cleaning up after test runs
  util-linux python3                 # setpriv and a client the access tests run as another user
  xterm                              # terminals for the demo and the stand-in editor of the open tests
  systemd                            # systemd-analyze, which checks the user unit install.sh writes
  "$@"                               # extra packages a caller needs (the benchmarks)
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
  if [ -x /opt/swift/usr/bin/swift ]; then
    echo "setup: swift is in /opt/swift/usr/bin; add it to PATH" >&2
  else
    echo "setup: no Swift toolchain found (Swift 6 is needed)" >&2
  fi
  exit 1
fi
