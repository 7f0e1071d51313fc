#!/usr/bin/env bash
# Times the reader itself, in a real terminal (tmux, 120x40), end to end:
#
#   scripts/reader_speed.sh [--rounds R] FILE [QUERY]
#
# Per round:
#   snapshot  lektyr snapshot --no-cache FILE: read the file, first frame
#   loaded    lektyr --no-cache FILE in tmux: from the start until the
#             status line no longer says "Reading" (every row in the list)
#   first     lektyr FILE in tmux, the file in a warm cache: from typing
#             /QUERY until the status line first says "found"
#   searched  the same until it says "found" without "searching" (every
#             article read), and the reader's resident memory then
#   again     then the query's last character taken back and typed again
#             once that search is done: from the key until the status line
#             first changes (the screen shows the new results: "shown")
#             and until it shows the final count ("final"). Timed from one
#             tmux control-mode client that sends the key and reads the
#             status line every millisecond, so the figure is not a poll's
#             interval or a process start.
# The search index is made once before the rounds (the reader builds it
# after its first open and keeps it beside the cache), so the rounds
# search as a reopen does.
# QUERY defaults to "kundresa", a word of the generator's Swedish. The
# medians, and loaded as a ratio to snapshot in the same rounds.
#
# Needs tmux and python3. Builds the release binary if it is missing;
# LEKTYR=path times another build instead (an older one, side by side).
set -euo pipefail

rounds=3 file= query=kundresa
while (($#)); do
    case $1 in
        --rounds) rounds=$2; shift ;;
        -h | --help) sed -n '2,/^set -e/{/^set -e/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
        -*) echo "reader_speed.sh: unknown option $1" >&2; exit 2 ;;
        *) if [[ -z $file ]]; then file=$1; else query=$1; fi ;;
    esac
    shift
done
if [[ -z $file || ! -f $file ]]; then
    echo "usage: scripts/reader_speed.sh [--rounds R] FILE [QUERY]" >&2
    exit 2
fi
for tool in tmux python3; do
    command -v "$tool" >/dev/null || { echo "reader_speed.sh: $tool is needed" >&2; exit 2; }
done
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
L=${LEKTYR:-$root/target/release/lektyr}
[[ -n ${LEKTYR:-} || -x $L ]] || (cd "$root" && cargo build --release --locked --quiet)
work=$(mktemp -d)
session=lektyr-speed-$$
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$work"' EXIT
export LEKTYR_CACHE_DIR=$work/cache LEKTYR_STATE_DIR=$work/state
unset LEKTYR_NO_CACHE
"$L" snapshot "$file" --size 80x24 >/dev/null

now() { date +%s%N; }
status() { tmux capture-pane -p -t "$session" 2>/dev/null | tail -n 1; }
screen() { tmux capture-pane -p -t "$session" 2>/dev/null; }
start() {
    tmux kill-session -t "$session" 2>/dev/null || true
    # The last session's end takes the server with it: a new one started
    # at that moment may find it going, so it is tried again.
    local try
    for try in 1 2 3 4 5; do
        tmux new-session -d -s "$session" -x 120 -y 40 "$L $*; sleep 600" 2>/dev/null && return
        sleep 0.2
    done
    echo "reader_speed.sh: tmux would not start a session" >&2
    exit 1
}
# Sends a key and times the status line after it (see "again" above):
# prints the milliseconds until it first changed and until the search is
# done, and the final status line.
cat >"$work/key.py" <<'PY'
import sys, time
session, key, scripts = sys.argv[1:]
sys.dont_write_bytecode = True
sys.path.insert(0, scripts)
from tmux_control import Control
tmux = Control(session, "reader_speed.sh")
last = tmux.height() - 1
before = tmux.row(last)
start = time.perf_counter()
tmux.send(key)
shown = final = None
s = before
limit = start + 300
while final is None:
    now = time.perf_counter()
    if now > limit:
        sys.exit(f"reader_speed.sh: timed out after the key (status: {s!r})")
    s = tmux.row(last)
    if shown is None and s != before:
        shown = now
    if shown is not None and "found" in s and "searching" not in s:
        final = now
    time.sleep(0.001)
print(round((shown - start) * 1000), round((final - start) * 1000), s)
tmux.close()
PY

# Waits (at most five minutes) until `$1` says yes.
until_() {
    local limit=$(($(now) + 300000000000))
    until "$@"; do
        (($(now) < limit)) || { echo "reader_speed.sh: timed out: $* (status: $(status))" >&2; exit 1; }
        sleep 0.02
    done
}
reading() { screen | grep -q Reading; }
changed_from() { [[ $(status | tr -s ' ') != "$1" ]]; }
not_reading() { ! reading; }
shown() { screen | grep -q '[^[:space:]]'; }
found() { status | grep -q found; }
done_() { found && ! status | grep -q searching; }

# The reader builds the search index after its first open, and keeps it.
start "$file"
indexed() { compgen -G "$LEKTYR_CACHE_DIR/*.lks" >/dev/null; }
small() { (($(stat -c %s "$file") < 8 << 20)); }
indexed_or_small() { indexed || small; }
until_ indexed_or_small

declare -a S D F A M K KF
for ((r = 1; r <= rounds; r++)); do
    a=$(now)
    "$L" snapshot --no-cache "$file" --size 120x40 >/dev/null
    S+=($((($(now) - a) / 1000000)))

    a=$(now)
    start --no-cache "$file"
    until_ reading
    until_ not_reading
    D+=($((($(now) - a) / 1000000)))

    start "$file"
    until_ shown
    until_ not_reading
    sleep 0.5
    a=$(now)
    tmux send-keys -t "$session" "/$query"
    until_ found
    F+=($((($(now) - a) / 1000000)))
    until_ done_
    A+=($((($(now) - a) / 1000000)))
    pid=$(pgrep -n -f "^$L $file" || true)
    M+=("$(awk '/VmRSS/ {print int($2 / 1000)}' "/proc/$pid/status" 2>/dev/null || echo 0)")
    found_line=$(status | tr -s ' ')
    tmux send-keys -t "$session" BSpace
    until_ changed_from "$found_line"
    until_ done_
    timed=$(python3 "$work/key.py" "$session" "${query: -1}" "$root/scripts")
    read -r shown final again_line <<<"$timed"
    K+=("$shown") KF+=("$final")
    echo "round $r: snapshot ${S[-1]}  loaded ${D[-1]}  first ${F[-1]}  searched ${A[-1]} ms  memory ${M[-1]} MB  again: shown $shown, final $final ms ($again_line)"
done
python3 - "$file" "${S[*]}" "${D[*]}" "${F[*]}" "${A[*]}" "${M[*]}" "${K[*]}" "${KF[*]}" <<'PY'
import os, statistics, sys
path, *cols = sys.argv[1:]
s, d, f, a, m, k, kf = ([int(x) for x in c.split()] for c in cols)
size = os.path.getsize(path)
med = statistics.median
print(f"file: {path}, {size / 1e6:.1f} MB; medians of {len(s)} rounds")
print(f"snapshot --no-cache {med(s):.0f} ms; the reader loaded in {med(d):.0f} ms, "
      f"{med(d) / med(s):.2f}x (rounds {min(x / y for x, y in zip(d, s)):.2f}-{max(x / y for x, y in zip(d, s)):.2f})")
print(f"first search after a reopen: first results {med(f):.0f} ms, every article read {med(a):.0f} ms, "
      f"memory then {med(m):.0f} MB ({med(m) * 1e6 / size:.2f}x the file); "
      f"the last key typed again: shown in {med(k):.0f} ms, final count in {med(kf):.0f} ms")
PY
