#!/usr/bin/env bash
# Times opening one archive against the serde floor, as the README's Speed
# table reports it: whole processes, in interleaved rounds.
#
#   scripts/speed.sh [--wordpress] [--rounds R] [--runs N] FILE
#
# Three commands are timed with hyperfine (-N, no shell):
#   floor   examples/serde_baseline FILE   (--wordpress: a WordPress dump)
#   first   lektyr snapshot --no-cache FILE --size 80x24
#   reopen  lektyr snapshot FILE --size 80x24, the file in a fresh cache
# With --wordpress a fourth, the floor reading of `_links` only `self` as
# lektyr does (serde_baseline --self-links), is timed beside them.
# R rounds (default 8) of N runs each (default 4), the three commands'
# order turned by one each round, so a burst of someone else's work on a
# shared machine falls on every command alike. Each median pools every
# round's times; the spread is the lowest and highest ratio of one
# round's medians. Peak memory is the middle of three runs of
# /usr/bin/time -f %M (KiB), shown as KiB / 1000.
#
# Needs hyperfine, python3 and GNU time (/usr/bin/time). Builds the
# release binary and examples first if they are missing.
set -euo pipefail

wordpress=no rounds=8 runs=4 file=
while (($#)); do
    case $1 in
        --wordpress) wordpress=yes ;;
        --rounds) rounds=$2; shift ;;
        --runs) runs=$2; shift ;;
        -h | --help) sed -n '2,/^set -e/{/^set -e/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
        -*) echo "speed.sh: unknown option $1" >&2; exit 2 ;;
        *) file=$1 ;;
    esac
    shift
done
if [[ -z $file || ! -f $file ]]; then
    echo "usage: scripts/speed.sh [--wordpress] [--rounds R] [--runs N] FILE" >&2
    exit 2
fi
for tool in hyperfine python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "speed.sh: $tool is needed" >&2; exit 2; }
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
L=$root/target/release/lektyr
S=$root/target/release/examples/serde_baseline
if [[ ! -x $L || ! -x $S ]]; then
    (cd "$root" && cargo build --release --locked --bins --examples --quiet)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LEKTYR_CACHE_DIR=$work/cache
unset LEKTYR_NO_CACHE

floor="$S $file"
first="$L snapshot --no-cache $file --size 80x24"
reopen="$L snapshot $file --size 80x24"
cmds=("$floor" "$first" "$reopen")
lean=
if [[ $wordpress == yes ]]; then
    floor="$S --wordpress $file"
    lean="$S --self-links $file"
    cmds=("$floor" "$first" "$reopen" "$lean")
fi

# The first open writes the cache; a reopen must find it.
$L snapshot "$file" --size 80x24 >/dev/null
if [[ -z $(ls -A "$LEKTYR_CACHE_DIR" 2>/dev/null) ]]; then
    echo "speed.sh: the archive was not cached; the reopen row would be a first open" >&2
    exit 1
fi

n=${#cmds[@]}
for ((r = 0; r < rounds; r++)); do
    order=()
    for ((i = 0; i < n; i++)); do order+=("${cmds[(i + r) % n]}"); done
    hyperfine -N -w 1 -r "$runs" --style none --export-json "$work/round$r.json" \
        "${order[@]}" >/dev/null 2>"$work/hyperfine.log" || { cat "$work/hyperfine.log" >&2; exit 1; }
done

peak() {
    local kib=()
    for _ in 1 2 3; do
        /usr/bin/time -o "$work/time" -f %M $1 >/dev/null 2>&1
        kib+=("$(tail -n 1 "$work/time")")
    done
    printf '%s\n' "${kib[@]}" | sort -n | sed -n 2p
}
peaks="$(peak "$floor") $(peak "$first") $(peak "$reopen")"

python3 - "$work" "$rounds" "$file" "$floor" "$first" "$reopen" "$peaks" "$lean" <<'PY'
import json, os, statistics, sys
work, rounds, path, floor, first, reopen, peaks, lean = sys.argv[1:]
names = {floor: "floor", first: "first", reopen: "reopen"}
if lean:
    names[lean] = "lean"
pooled = {n: [] for n in names.values()}
per_round = []
for r in range(int(rounds)):
    with open(os.path.join(work, f"round{r}.json")) as f:
        results = json.load(f)["results"]
    medians = {}
    for res in results:
        name = names[res["command"]]
        pooled[name] += res["times"]
        medians[name] = statistics.median(res["times"])
    per_round.append(medians)
med = {n: statistics.median(t) * 1000 for n, t in pooled.items()}
size = os.path.getsize(path)
kib = [int(k) for k in peaks.split()]
def spread(n, against="floor"):
    ratios = [m[n] / m[against] for m in per_round]
    return min(ratios), max(ratios)
print(f"file: {path}, {size / 1e6:.1f} MB; {rounds} rounds, {len(pooled['floor'])} runs each")
print(f"floor:      {med['floor']:9.1f} ms")
lo, hi = spread("first")
print(f"first open: {med['first']:9.1f} ms  {med['first'] / med['floor']:.2f}x the floor (rounds: {lo:.2f}-{hi:.2f}x)")
if lean:
    lo, hi = spread("first", "lean")
    print(f"self-links floor: {med['lean']:.1f} ms; first open {med['first'] / med['lean']:.2f}x it (rounds: {lo:.2f}-{hi:.2f}x)")
lo, hi = spread("reopen")
print(f"reopen:     {med['reopen']:9.1f} ms  {100 * med['reopen'] / med['floor']:.1f}% of the floor (rounds: {100 * lo:.1f}-{100 * hi:.1f}%)")
print("peak memory (MB, KiB/1000): floor {} / first open {} / reopen {}; first open / file {:.2f}x, reopen / file {:.2f}x".format(
    *(round(k / 1000) for k in kib), kib[1] * 1024 / size, kib[2] * 1024 / size))
PY
