# Sourced by scripts that need an X server of their own: start_private_x starts Xvfb on a free
# display (Xvfb picks it: -displayfd) and, with "openbox", the window manager; exports DISPLAY;
# everything it started is stopped on exit.

private_x_children=()

stop_private_x() {
  local pid
  for pid in "${private_x_children[@]}"; do kill "$pid" 2>/dev/null || true; done
  # Children of this shell (daemons, demo windows) finish their exit before it goes on.
  for pid in "${private_x_children[@]}"; do wait "$pid" 2>/dev/null || true; done
  private_x_children=()
}

# start_private_x [openbox]
start_private_x() {
  local fd pid number
  exec {fd}< <(Xvfb -displayfd 1 -nolisten tcp -noreset -screen 0 1280x1024x24 2>/dev/null & echo "pid $!"; wait)
  read -r _ pid <&"$fd"
  private_x_children+=("$pid")
  read -r number <&"$fd"
  export DISPLAY=":$number"
  trap stop_private_x EXIT
  if [ "${1:-}" = openbox ]; then
    openbox --sm-disable >/dev/null 2>&1 &
    private_x_children+=("$!")
    for _ in $(seq 200); do
      xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id' && break
      sleep 0.05
    done
    # openbox announces itself before it manages windows; give its start-up a moment.
    sleep 0.5
  fi
}

# wait_for_clients BIN COUNT: waits until BIN's `windows` lists at least COUNT client windows.
wait_for_clients() {
  local bin=$1 want=$2 have=0
  for _ in $(seq 600); do
    have=$("$bin" windows | grep -c '^0x' || true)
    [ "$have" -ge "$want" ] && return 0
    sleep 0.1
  done
  echo "only $have of $want client windows appeared on $DISPLAY" >&2
  return 1
}
