#!/usr/bin/env bash
# Runs each fuzz target in turn, one process at a time, for SECONDS each
# (default 600). New inputs go to corpus/TARGET; seeds/TARGET starts it.
# Debug assertions on (integer overflow panics); no sanitizer, since the
# crate forbids unsafe code and ASan would only slow the search.
set -uo pipefail
cd "$(dirname "$0")"
secs="${1:-600}"
export RUSTC_BOOTSTRAP=1
for target in archive_bytes layout_text html; do
  cargo fuzz build -s none -a "$target" || exit 1
done
for target in archive_bytes layout_text html; do
  mkdir -p "corpus/$target" "seeds/$target"
  echo "=== $target: ${secs}s ==="
  cargo fuzz run -s none -a "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$secs" -timeout=10 -print_final_stats=1
  echo "=== $target exit=$? ==="
done
