#!/usr/bin/env bash
# How long a key waits while the reader is still reading a big file, in a
# real terminal (tmux, 120x40), end to end:
#
#   scripts/keys_while_loading.sh FILE
#
# Starts `lektyr --no-cache FILE` and, for as long as its status line says
# "Reading", presses `?` and times how long until the help shows, then
# closes it with Esc, again and again (a pause of 0.2 s between keys). One
# tmux control-mode client sends each key and reads the screen every
# millisecond. Prints each wait, then their count, median, 90th percentile
# and the longest. The keys land wherever the reading is, also while the
# list takes in a batch of rows.
#
# Needs tmux and python3. Builds the release binary if it is missing;
# LEKTYR=path times another build instead.
set -euo pipefail

file=${1:-}
if [[ -z $file || ! -f $file ]]; then
    echo "usage: scripts/keys_while_loading.sh FILE" >&2
    exit 2
fi
for tool in tmux python3; do
    command -v "$tool" >/dev/null || { echo "keys_while_loading.sh: $tool is needed" >&2; exit 2; }
done
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
L=${LEKTYR:-$root/target/release/lektyr}
[[ -x $L ]] || (cd "$root" && cargo build --release --locked --quiet)
work=$(mktemp -d)
session=lektyr-keys-$$
trap 'tmux kill-session -t "$session" 2>/dev/null || true; sleep 0.2; rm -rf "$work" 2>/dev/null || true' EXIT
export LEKTYR_STATE_DIR=$work/state
tmux new-session -d -s "$session" -x 120 -y 40 "$L --no-cache $(printf %q "$file"); sleep 600"

python3 - "$session" <<'PY'
import os, statistics, subprocess, sys, time
session = sys.argv[1]
tmux = subprocess.Popen(["tmux", "-C", "attach", "-t", session, "-f", "no-output,ignore-size"],
                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
fd, buf = tmux.stdout.fileno(), b""
def line():
    global buf
    while b"\n" not in buf:
        got = os.read(fd, 65536)
        if not got:
            sys.exit("keys_while_loading.sh: the tmux control client ended")
        buf += got
    first, _, buf = buf.partition(b"\n")
    return first.decode(errors="replace")
def reply():
    lines = None
    while True:
        l = line()
        if l.startswith("%begin"):
            lines = []
        elif l.startswith(("%end", "%error")) and lines is not None:
            return lines
        elif lines is not None:
            lines.append(l)
def ask(command):
    tmux.stdin.write(command.encode() + b"\n")
    return reply()
reply()  # the attach's own
def screen():
    return "\n".join(ask(f"capture-pane -p -t {session}"))
def until(test, what, limit=120):
    end = time.perf_counter() + limit
    while not test():
        if time.perf_counter() > end:
            sys.exit(f"keys_while_loading.sh: timed out waiting for {what}")
        time.sleep(0.001)
until(lambda: "Reading" in screen(), "the reader to start reading")
waits = []
while True:
    s = screen()
    if "Reading" not in s:
        break
    start = time.perf_counter()
    ask(f"send-keys -t {session} -l '?'")
    until(lambda: "Keys — " in screen(), "the help")
    waits.append((time.perf_counter() - start) * 1000)
    print(f"{waits[-1]:.0f} ms", flush=True)
    ask(f"send-keys -t {session} Escape")
    until(lambda: "Keys — " not in screen(), "the help to close")
    time.sleep(0.2)
tmux.stdin.close()
tmux.wait()
if not waits:
    sys.exit("keys_while_loading.sh: the file was read before a key could be sent")
waits.sort()
p90 = waits[min(len(waits) - 1, int(len(waits) * 0.9))]
print(f"{len(waits)} keys while reading: median {statistics.median(waits):.0f} ms, "
      f"90th percentile {p90:.0f} ms, longest {waits[-1]:.0f} ms")
PY
