#!/usr/bin/env bash
# Installs symposium-registrar for the current user, to run with the desktop session:
#   ~/.local/bin/symposium-registrar                         (a release build, Swift runtime linked statically)
#   ~/.config/systemd/user/symposium-registrar.service       (part of graphical-session.target, restarts on failure)
#   ~/.config/autostart/symposium-registrar.desktop          (for sessions without systemd; skipped under systemd)
#   ~/.local/share/man/man1/symposium-registrar.1            (generated from the command definitions)
#   bash, zsh and fish completions                           (generated from the command definitions)
#   ~/.local/bin/symposium-mcp -> symposium-registrar        (with --symposium-mcp, when none is on PATH: the
#                                                             bridge Symposium's VS Code extension runs)
# Usage: scripts/install.sh [--binary PATH] [--no-enable] [--symposium-mcp]
#                                                            install (--binary: that binary instead of a build)
#        scripts/install.sh --uninstall                      remove everything it installed
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"

binary="" enable=1 uninstall=0 symposium_mcp=0
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary=$2; shift 2 ;;
    --no-enable) enable=0; shift ;;
    --uninstall) uninstall=1; shift ;;
    --symposium-mcp) symposium_mcp=1; shift ;;
    *) echo "install.sh: unknown argument $1" >&2; exit 64 ;;
  esac
done

bin_dir="$HOME/.local/bin"
unit_dir="${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user"
autostart_dir="${XDG_CONFIG_HOME:-$HOME/.config}/autostart"
data_dir="${XDG_DATA_HOME:-$HOME/.local/share}"
files=(
  "$bin_dir/symposium-registrar"
  "$unit_dir/symposium-registrar.service"
  "$autostart_dir/symposium-registrar.desktop"
  "$data_dir/man/man1/symposium-registrar.1"
  "$data_dir/bash-completion/completions/symposium-registrar"
  "$data_dir/zsh/site-functions/_symposium-registrar"
  "${XDG_CONFIG_HOME:-$HOME/.config}/fish/completions/symposium-registrar.fish"
)
has_user_systemd() { command -v systemctl >/dev/null && systemctl --user show-environment >/dev/null 2>&1; }

if [ "$uninstall" = 1 ]; then
  if has_user_systemd; then systemctl --user disable --now symposium-registrar.service 2>/dev/null || true; fi
  for file in "${files[@]}"; do [ -e "$file" ] && rm -f "$file" && echo "removed $file"; done
  # The symposium-mcp link, only if it is ours.
  if [ "$(readlink "$bin_dir/symposium-mcp" 2>/dev/null)" = "symposium-registrar" ]; then
    rm -f "$bin_dir/symposium-mcp" && echo "removed $bin_dir/symposium-mcp"
  fi
  if has_user_systemd; then systemctl --user daemon-reload || true; fi
  exit 0
fi

manual=""
if [ -z "$binary" ]; then
  scripts/setup.sh
  # The Swift runtime linked in: the installed binary needs only system libraries, and keeps
  # working when the Swift toolchain is moved or removed.
  source scripts/lib/release-build.sh
  binary=$bin
  manual_dir=$(mktemp -d)
  source scripts/lib/manual.sh
  manual="$manual_dir/symposium-registrar.1"
fi

mkdir -p "$bin_dir" "$unit_dir" "$autostart_dir" "$data_dir/man/man1" "$data_dir/bash-completion/completions" \
  "$data_dir/zsh/site-functions" "${XDG_CONFIG_HOME:-$HOME/.config}/fish/completions"
install -m 0755 "$binary" "$bin_dir/symposium-registrar"
sed "s|@BIN@|$bin_dir/symposium-registrar|" scripts/desktop/symposium-registrar.service > "$unit_dir/symposium-registrar.service"
sed "s|@BIN@|$bin_dir/symposium-registrar|" scripts/desktop/symposium-registrar.desktop > "$autostart_dir/symposium-registrar.desktop"
"$bin_dir/symposium-registrar" --generate-completion-script bash > "$data_dir/bash-completion/completions/symposium-registrar"
"$bin_dir/symposium-registrar" --generate-completion-script zsh > "$data_dir/zsh/site-functions/_symposium-registrar"
"$bin_dir/symposium-registrar" --generate-completion-script fish > "${XDG_CONFIG_HOME:-$HOME/.config}/fish/completions/symposium-registrar.fish"
if [ -n "$manual" ]; then
  install -m 0644 "$manual" "$data_dir/man/man1/symposium-registrar.1"
  rm -rf "$manual_dir"
else
  echo "man page: not generated for a --binary install (run install.sh without --binary to build one)"
fi
for file in "${files[@]}"; do [ -e "$file" ] && echo "installed $file"; done

if [ "$symposium_mcp" = 1 ]; then
  # Symposium's VS Code extension runs `symposium-mcp client --identity-prefix vscode` from PATH.
  # Where Symposium's own symposium-mcp is installed, its bus is the place to meet (the daemon
  # joins it); the link is for machines without Symposium's Rust components.
  found=$(command -v symposium-mcp || true)
  if [ -n "$found" ] && [ "$found" != "$bin_dir/symposium-mcp" ]; then
    echo "symposium-mcp: Symposium's own is at $found; not linked (the daemon joins its bus)"
  elif [ -e "$bin_dir/symposium-mcp" ] && [ "$(readlink "$bin_dir/symposium-mcp")" != "symposium-registrar" ]; then
    echo "symposium-mcp: $bin_dir/symposium-mcp exists and is not ours; not linked"
  else
    ln -sfn symposium-registrar "$bin_dir/symposium-mcp"
    echo "installed $bin_dir/symposium-mcp -> symposium-registrar (the bridge Symposium's VS Code extension runs)"
  fi
fi

if [ "$enable" = 1 ] && has_user_systemd; then
  systemctl --user daemon-reload
  systemctl --user enable --now symposium-registrar.service
  echo "enabled symposium-registrar.service (systemctl --user status symposium-registrar)"
else
  echo "not enabled with systemd here; the autostart entry starts it with the next desktop session"
fi
