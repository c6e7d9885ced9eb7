#!/usr/bin/env bash
# Sets up, builds and runs every test (unit tests and integration tests against private Xvfb
# servers). The release binary is built first, as install.sh builds it (Swift runtime linked
# statically), since some Swift 6 problems show only there and the install tests check it.
# Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"

scripts/setup.sh

# Test servers are stopped by the tests themselves; this only catches what a crashed test
# process would leave behind (an Xvfb or openbox whose parent is gone).
cleanup() {
  for pid in $(pgrep -f '^(Xvfb -displayfd 1 -nolisten tcp|openbox --sm-disable)' || true); do
    [ "$(ps -o ppid= -p "$pid" | tr -d ' ')" = "1" ] && kill -9 "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

swift build --build-tests
source scripts/lib/release-build.sh
SYMPOSIUM_REGISTRAR_RELEASE_BIN="$bin" swift test --skip-build
# The man page is generated from the command definitions, as install.sh does it.
manual_dir=$(mktemp -d)
source scripts/lib/manual.sh
grep -q "handshake" "$manual_dir/symposium-registrar.1"
rm -rf "$manual_dir"
echo "test.sh: all tests passed; release build and man page ok"
