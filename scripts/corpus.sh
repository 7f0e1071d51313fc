#!/usr/bin/env bash
# Reads every archive directly in DIR with lektyr and prints one line each.
#
#   scripts/corpus.sh DIR            (LEKTYR=path/to/lektyr to pick a binary)
#
# Each file or folder in DIR (an unpacked export is a folder; README* is
# skipped) gets `lektyr check`, `lektyr list`, and `lektyr show ID --width 72`
# for the first and the last id of the list. The line reads
#
#   OK    name  format=JSON_Feed  articles=10  problems=0  shown=2/2  leaks=0
#
# articles: lines `list` printed; problems: what `check` counted; shown: how
# many of the two `show`s printed text with no leak; leaks: raw HTML tags
# (`<p`, `<div`, `</`) and entities (`&amp;`, `&#`, `&nbsp;`) left in that
# text. FAIL when the archive does not load, or a show fails or leaks; a
# failing load adds `error=` with lektyr's first message. Exits 1 if any
# line is FAIL, 2 on bad usage. A last line reads the whole folder as one
# library (`lektyr list DIR`): how many sources and articles it has, what it
# passed over, and whether `show SOURCE:ID` shows its first and last row.
# For every article at 60 and 100 columns,
# with checks of how markup came out, run the audit:
# `cargo run --example audit -- DIR`.
set -u

dir=${1:-}
if [[ -z $dir || ! -d $dir ]]; then
    echo "usage: scripts/corpus.sh DIR" >&2
    exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${LEKTYR:-target/release/lektyr}
[[ $bin == /* ]] || bin=$root/$bin
if [[ ! -x $bin ]]; then
    (cd "$root" && cargo build --release --quiet) || exit 2
fi

leak_pattern='<p|<div|</|&amp;|&#|&nbsp;'
failures=0
for path in "$dir"/*; do
    name=${path##*/}
    [[ -e $path && $name != README* ]] || continue
    check=$("$bin" check "$path" 2>&1)
    summary=${check##*$'\n'}
    list=$("$bin" list "$path" 2>&1)
    loaded=$?
    if ((loaded != 0)); then
        error=$(head -n 1 <<<"$list")
        printf 'FAIL  %s  error=%s\n' "$name" "${error#error: }"
        failures=$((failures + 1))
        continue
    fi
    # `check` names the format it read, except for lektyr's own v1.
    format=$(sed -n 's/.*read as \([^)]*\))\{0,1\}$/\1/p' <<<"$summary")
    format=${format:-v1}
    problems=0
    [[ $summary =~ :\ ([0-9]+)\ problems?\  ]] && problems=${BASH_REMATCH[1]}
    articles=$(grep -c '' <<<"$list")
    [[ -n $list ]] || articles=0
    shown=0 leaks=0 tries=0
    if ((articles > 0)); then
        for id in "$(head -n 1 <<<"$list" | cut -f 1)" "$(tail -n 1 <<<"$list" | cut -f 1)"; do
            tries=$((tries + 1))
            text=$("$bin" show "$path" "$id" --width 72 2>/dev/null) || continue
            found=$(grep -oE "$leak_pattern" <<<"$text" | wc -l)
            leaks=$((leaks + found))
            [[ -n ${text//[[:space:]]/} ]] && ((found == 0)) && shown=$((shown + 1))
        done
    fi
    status=OK
    if ((shown < tries)); then
        status=FAIL
        failures=$((failures + 1))
    fi
    printf '%-4s  %s  format=%s  articles=%d  problems=%d  shown=%d/%d  leaks=%d\n' \
        "$status" "$name" "${format// /_}" "$articles" "$problems" "$shown" "$tries" "$leaks"
done
# The folder as one library.
library=$("$bin" list "$dir" 2>"${TMPDIR:-/tmp}/lektyr-corpus-$$.err")
loaded=$?
passed=$(grep -c 'passed over' "${TMPDIR:-/tmp}/lektyr-corpus-$$.err")
rm -f "${TMPDIR:-/tmp}/lektyr-corpus-$$.err"
if ((loaded != 0)); then
    printf 'FAIL  (library)  error=%s\n' "$(head -n 1 <<<"$library")"
    failures=$((failures + 1))
else
    articles=$(grep -c '' <<<"$library")
    sources=$(cut -f 1 <<<"$library" | tr ',' '\n' | sort -u | grep -c '')
    shown=0
    for row in "$(head -n 1 <<<"$library")" "$(tail -n 1 <<<"$library")"; do
        source=$(cut -f 1 <<<"$row" | cut -d, -f 1)
        id=$(cut -f 2 <<<"$row")
        text=$("$bin" show "$dir" "$source:$id" --width 72 2>/dev/null) || continue
        [[ -n ${text//[[:space:]]/} ]] && shown=$((shown + 1))
    done
    status=OK
    if ((shown < 2)); then
        status=FAIL
        failures=$((failures + 1))
    fi
    printf '%-4s  (library)  sources=%d  articles=%d  passed_over=%d  shown=%d/2\n' \
        "$status" "$sources" "$articles" "$passed" "$shown"
fi
((failures == 0))
