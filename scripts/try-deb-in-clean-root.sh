#!/usr/bin/env bash
# Installs the Debian package as a new user would, into a clean Debian root made with
# debootstrap (bookworm, minbase, with systemd as any desktop has it): apt resolves its Depends
# from the archive, and the user unit ends up enabled for every user. Prints the install time.
# Needs root and the Debian archive. Not part of the test suite (minutes, and the network).
# Usage: scripts/try-deb-in-clean-root.sh PACKAGE.deb [ROOT]
set -euo pipefail
deb=$(realpath "${1:?usage: try-deb-in-clean-root.sh PACKAGE.deb [ROOT]}")
root=${2:-$(mktemp -d)}
cd "$(dirname "$0")/.."
scripts/setup.sh debootstrap >&2
if [ ! -x "$root/usr/bin/apt-get" ]; then
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >&2
fi
# /proc as a real system has it (the Swift runtime reads its arguments there, systemd's tools need it).
mount -t proc proc "$root/proc"
trap 'umount "$root/proc"' EXIT
DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -qq --no-install-recommends systemd >/dev/null
cp "$deb" "$root/tmp/"
started=$(date +%s%N)
DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -qq --no-install-recommends "/tmp/$(basename "$deb")" >&2
took=$(( ($(date +%s%N) - started) / 1000000 ))
echo "installed $(basename "$deb") ($(du -h "$deb" | cut -f1)) into a clean bookworm root in ${took} ms"
echo "user unit: $(chroot "$root" systemctl --global is-enabled symposium-registrar.service)"
chroot "$root" /usr/bin/symposium-registrar --version
