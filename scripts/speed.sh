#!/usr/bin/env bash
# Times opening one archive against the serde floor, as the README's Speed
# table reports it: whole processes, in interleaved rounds.
#
#   scripts/speed.sh [--wordpress] [--rounds R] [--runs N] FILE
#
# Timed with hyperfine (-N, no shell):
#   floor     examples/serde_baseline FILE: serde_json into plain structs
#             of every field, with the system's allocator
#   floor-mi  the same parse with lektyr's allocator, mimalloc
#             (examples/serde_baseline_mimalloc)
#   first     lektyr snapshot --no-cache FILE --size 80x24
#   reopen    lektyr snapshot FILE --size 80x24, the file in a fresh cache
# With --wordpress the floors read FILE as a WordPress dump, and a fifth
# command is timed: self-mi, the mimalloc floor reading of `_links` only
# `self`, as lektyr does (--self-links).
#
# R rounds (default 8) of N runs each (default 4), the commands' order
# turned by one each round, so a burst of someone else's work on a shared
# machine falls on every command alike. Each median pools every round's
# times; the spread is the lowest and highest ratio of one round's
# medians. Peak memory is the middle of three runs of /usr/bin/time -f %M
# (KiB), shown as KiB / 1000.
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
M=$root/target/release/examples/serde_baseline_mimalloc
if [[ ! -x $L || ! -x $S || ! -x $M ]]; then
    (cd "$root" && cargo build --release --locked --bins --examples --quiet)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LEKTYR_CACHE_DIR=$work/cache
unset LEKTYR_NO_CACHE

as=
[[ $wordpress == yes ]] && as="--wordpress "
names=(floor floor-mi first reopen)
cmds=("$S $as$file" "$M $as$file"
      "$L snapshot --no-cache $file --size 80x24" "$L snapshot $file --size 80x24")
if [[ $wordpress == yes ]]; then
    names+=(self-mi)
    cmds+=("$M --self-links $file")
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

peaks=()
for cmd in "${cmds[@]}"; do
    kib=()
    for _ in 1 2 3; do
        # shellcheck disable=SC2086 # the command is words
        /usr/bin/time -o "$work/time" -f %M $cmd >/dev/null 2>&1
        kib+=("$(tail -n 1 "$work/time")")
    done
    peaks+=("$(printf '%s\n' "${kib[@]}" | sort -n | sed -n 2p)")
done

python3 - "$work" "$rounds" "$file" "${#cmds[@]}" "${names[@]}" "${cmds[@]}" "${peaks[@]}" <<'PY'
import json, os, statistics, sys
work, rounds, path, n = sys.argv[1:5]
n = int(n)
names = sys.argv[5:5 + n]
cmds = sys.argv[5 + n:5 + 2 * n]
peaks = dict(zip(names, (int(k) for k in sys.argv[5 + 2 * n:])))
by_cmd = dict(zip(cmds, names))
pooled = {name: [] for name in names}
per_round = []
for r in range(int(rounds)):
    with open(os.path.join(work, f"round{r}.json")) as f:
        results = json.load(f)["results"]
    medians = {}
    for res in results:
        name = by_cmd[res["command"]]
        pooled[name] += res["times"]
        medians[name] = statistics.median(res["times"])
    per_round.append(medians)
med = {name: statistics.median(t) * 1000 for name, t in pooled.items()}
size = os.path.getsize(path)
print(f"file: {path}, {size / 1e6:.1f} MB; {rounds} rounds, {len(pooled['floor'])} runs each")
floors = [f for f in ("floor", "floor-mi", "self-mi") if f in med]
for name in names:
    line = f"{name:9} {med[name]:9.1f} ms  peak {peaks[name] / 1000:6.0f} MB ({peaks[name] * 1024 / size:.2f}x the file)"
    if name in ("first", "reopen"):
        for floor in floors:
            ratios = [m[name] / m[floor] for m in per_round]
            line += f"\n          {med[name] / med[floor]:.3f}x {floor} (rounds {min(ratios):.3f}-{max(ratios):.3f})"
    print(line)
PY
