#!/usr/bin/env bash
# Times a library: every .json archive of DIR opened as one list, against
# the serde floors summed over its files, in interleaved rounds.
#
#   scripts/library_speed.sh DIR [ROUNDS]
#
# Per round, wall-clock milliseconds of:
#   floor     examples/serde_baseline on each file in turn, summed
#   floor-mi  the same with lektyr's allocator (serde_baseline_mimalloc)
#   first     lektyr snapshot --no-cache DIR (the files read side by side)
#   reopen    lektyr snapshot DIR, every file in a warm cache
# then the medians and the ratios to the floor. A library of 10 files of
# 10k articles, as the README's figures:
#   for i in 0 1 2 3 4 5 6 7 8 9; do
#     target/release/examples/gen_archive 10000 $((1000 + i)) > lib/part$i.json
#   done
set -u
dir=${1:-}
rounds=${2:-7}
if [[ -z $dir || ! -d $dir ]]; then
    echo "usage: scripts/library_speed.sh DIR [ROUNDS]" >&2
    exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
(cd "$root" && cargo build --release --quiet &&
    cargo build --release --quiet --example serde_baseline --example serde_baseline_mimalloc) || exit 2
bin=$root/target/release
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
export LEKTYR_CACHE_DIR=$cache
"$bin/lektyr" snapshot "$dir" --size 80x24 >/dev/null
ms() {
    local a b
    a=$(date +%s%N)
    "$@" >/dev/null 2>&1
    b=$(date +%s%N)
    echo $(((b - a) / 1000000))
}
floor() { for f in "$dir"/*.json; do "$bin/examples/serde_baseline" "$f"; done; }
floormi() { for f in "$dir"/*.json; do "$bin/examples/serde_baseline_mimalloc" "$f"; done; }
declare -a F M O R
for r in $(seq 1 "$rounds"); do
    F+=("$(ms floor)")
    M+=("$(ms floormi)")
    O+=("$(ms "$bin/lektyr" snapshot --no-cache "$dir" --size 80x24)")
    R+=("$(ms "$bin/lektyr" snapshot "$dir" --size 80x24)")
    echo "round $r: floor ${F[-1]}  floor-mi ${M[-1]}  first ${O[-1]}  reopen ${R[-1]} ms"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
f=$(median "${F[@]}") m=$(median "${M[@]}") o=$(median "${O[@]}") re=$(median "${R[@]}")
echo "medians: floor $f  floor-mi $m  first $o  reopen $re ms"
awk -v f="$f" -v m="$m" -v o="$o" -v r="$re" 'BEGIN {
    printf "first open %.2fx the floor (%.2fx floor-mi); reopen %.1f%% of the floor\n", o / f, o / m, 100 * r / f }'
