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
  for pid in $(pgrep -f '^(/usr/bin/)?(Xvfb :[0-9]+ -displayfd 1 -nolisten tcp|openbox --sm-disable)' || true); do
    [ "$(ps -o ppid= -p "$pid" | tr -d ' ')" = "1" ] && kill -9 "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

swift build --build-tests
source scripts/lib/release-build.sh
# The Debian package of that binary, for the test that installs it where no toolchain is seen
# (built here: a build inside the test run would wait on the test run's own lock).
deb_dir=$(mktemp -d)
deb=$(scripts/package-deb.sh --binary "$bin" --output "$deb_dir")
# The test process must reach its own summary: one that ends early with status 0 (a stray
# exit) would otherwise pass for a green run.
test_log=$(mktemp)
SYMPOSIUM_REGISTRAR_RELEASE_BIN="$bin" SYMPOSIUM_REGISTRAR_DEB="$deb" swift test --skip-build 2>&1 | tee "$test_log"
if ! grep -Eq "Test run with [0-9]+ tests? in [0-9]+ suites? passed" "$test_log"; then
  echo "test.sh: the test run ended without its summary of passed tests" >&2
  rm -f "$test_log"
  exit 1
fi
rm -f "$test_log"
# The man page is generated from the command definitions, as install.sh does it.
manual_dir=$(mktemp -d)
source scripts/lib/manual.sh
grep -q "handshake" "$manual_dir/symposium-registrar.1"
rm -rf "$manual_dir" "$deb_dir"
echo "test.sh: all tests passed; release build, package and man page ok"
