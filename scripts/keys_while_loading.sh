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

python3 - "$session" "$root/scripts" <<'PY'
import statistics, sys, time
session, scripts = sys.argv[1:]
sys.dont_write_bytecode = True
sys.path.insert(0, scripts)
from tmux_control import Control
tmux = Control(session, "keys_while_loading.sh")
def until(test, what, limit=120):
    end = time.perf_counter() + limit
    while not test():
        if time.perf_counter() > end:
            sys.exit(f"keys_while_loading.sh: timed out waiting for {what}")
        time.sleep(0.001)
until(lambda: "Reading" in tmux.screen(), "the reader to start reading")
waits = []
while "Reading" in tmux.screen():
    start = time.perf_counter()
    tmux.send("?")
    until(lambda: "Keys — " in tmux.screen(), "the help")
    waits.append((time.perf_counter() - start) * 1000)
    print(f"{waits[-1]:.0f} ms", flush=True)
    tmux.send("Escape", literal=False)
    until(lambda: "Keys — " not in tmux.screen(), "the help to close")
    time.sleep(0.2)
tmux.close()
if not waits:
    sys.exit("keys_while_loading.sh: the file was read before a key could be sent")
waits.sort()
p90 = waits[min(len(waits) - 1, int(len(waits) * 0.9))]
print(f"{len(waits)} keys while reading: median {statistics.median(waits):.0f} ms, "
      f"90th percentile {p90:.0f} ms, longest {waits[-1]:.0f} ms")
PY
