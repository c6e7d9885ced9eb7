#!/usr/bin/env bash
# Builds symposium-registrar_<version>_<arch>.deb from the static release binary (no Swift
# toolchain needed where it is installed):
#   /usr/bin/symposium-registrar
#   /usr/lib/systemd/user/symposium-registrar.service      (enabled for every user by postinst)
#   /etc/xdg/autostart/symposium-registrar.desktop         (sessions without systemd)
#   /usr/share/man/man1/symposium-registrar.1.gz
#   bash, zsh and fish completions in their vendor places
# Depends: what dpkg-shlibdeps derives from the libraries the binary links.
# Usage: scripts/package-deb.sh [--binary PATH] [--output DIR] [--lintian]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"

binary="" output="$PWD" lintian=0
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary=$2; shift 2 ;;
    --output) output=$2; shift 2 ;;
    --lintian) lintian=1; shift ;;
    *) echo "package-deb.sh: unknown argument $1" >&2; exit 64 ;;
  esac
done

extra=(dpkg-dev)
[ "$lintian" = 1 ] && extra+=(lintian)
scripts/setup.sh "${extra[@]}" >&2
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
manual_dir="$stage/manual"
mkdir -p "$manual_dir"
if [ -z "$binary" ]; then
  source scripts/lib/release-build.sh
  binary=$bin
fi
bin=$binary
source scripts/lib/manual.sh

version=$("$binary" --version)
arch=$(dpkg --print-architecture)
root="$stage/root"
package="symposium-registrar_${version}_${arch}.deb"

install -D -m 0755 "$binary" "$root/usr/bin/symposium-registrar"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root/usr/bin/symposium-registrar"
mkdir -p "$root/usr/lib/systemd/user" "$root/etc/xdg/autostart" "$root/usr/share/man/man1" \
  "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" \
  "$root/usr/share/fish/vendor_completions.d" "$root/usr/share/doc/symposium-registrar" "$root/DEBIAN"
sed "s|@BIN@|/usr/bin/symposium-registrar|" scripts/desktop/symposium-registrar.service >"$root/usr/lib/systemd/user/symposium-registrar.service"
sed "s|@BIN@|/usr/bin/symposium-registrar|" scripts/desktop/symposium-registrar.desktop >"$root/etc/xdg/autostart/symposium-registrar.desktop"
gzip -9n <"$manual_dir/symposium-registrar.1" >"$root/usr/share/man/man1/symposium-registrar.1.gz"
# Completion scripts are sourced, not run: no #! line.
"$binary" --generate-completion-script bash | sed '1{/^#!/d}' >"$root/usr/share/bash-completion/completions/symposium-registrar"
"$binary" --generate-completion-script zsh >"$root/usr/share/zsh/vendor-completions/_symposium-registrar"
"$binary" --generate-completion-script fish >"$root/usr/share/fish/vendor_completions.d/symposium-registrar.fish"
cat >"$root/usr/share/doc/symposium-registrar/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: symposium-registrar
Files: *
Copyright: The symposium-registrar authors
License: Apache-2.0
 On Debian systems, the full text of the Apache License 2.0 is in
 /usr/share/common-licenses/Apache-2.0.
COPYRIGHT
printf 'symposium-registrar (%s) unstable; urgency=medium\n\n  * Release %s.\n\n -- symposium-registrar maintainers <maintainers@symposium-registrar.invalid>  %s\n' \
  "$version" "$version" "$(date -R -d @0)" | gzip -9n >"$root/usr/share/doc/symposium-registrar/changelog.gz"

# Depends from the libraries the binary links, as dpkg-shlibdeps derives them.
mkdir -p "$stage/debian"
printf 'Source: symposium-registrar\n\nPackage: symposium-registrar\nArchitecture: any\n' >"$stage/debian/control"
depends=$(cd "$stage" && dpkg-shlibdeps -O "root/usr/bin/symposium-registrar" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')

size=$(du -k -s "$root" --exclude=DEBIAN | cut -f1)
cat >"$root/DEBIAN/control" <<CONTROL
Package: symposium-registrar
Version: $version
Architecture: $arch
Maintainer: symposium-registrar maintainers <maintainers@symposium-registrar.invalid>
Installed-Size: $size
Depends: $depends
Section: x11
Priority: optional
Homepage: https://github.com/socratic-shell/symposium
Description: ties editor windows to Symposium taskspaces on X11
 A daemon and CLI that knows which X11 editor window belongs to which Symposium
 taskspace, by a window-title handshake: it focuses a taskspace's window, calls
 a taskspace back when its window is gone, and answers the agent's tools
 (progress, attention, new and deleted taskspaces). Runs as a systemd user
 service with the desktop session.
CONTROL
cat >"$root/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
# Enabled for every user's graphical session (a user can still disable it for themselves).
if [ "$1" = "configure" ] && command -v systemctl >/dev/null 2>&1; then
  systemctl --global enable symposium-registrar.service >/dev/null 2>&1 || true
fi
POSTINST
cat >"$root/DEBIAN/prerm" <<'PRERM'
#!/bin/sh
set -e
if [ "$1" = "remove" ] && command -v systemctl >/dev/null 2>&1; then
  systemctl --global disable symposium-registrar.service >/dev/null 2>&1 || true
fi
PRERM
chmod 0755 "$root/DEBIAN/postinst" "$root/DEBIAN/prerm"
echo "/etc/xdg/autostart/symposium-registrar.desktop" >"$root/DEBIAN/conffiles"

mkdir -p "$output"
dpkg-deb --root-owner-group -Zxz --build "$root" "$output/$package" >&2
echo "$output/$package"
if [ "$lintian" = 1 ]; then
  lintian --no-tag-display-limit "$output/$package" >&2 || true
fi
