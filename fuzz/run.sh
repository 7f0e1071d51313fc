#!/usr/bin/env bash
# Runs each fuzz target in turn, one process at a time, for SECONDS each
# (default 600). New inputs go to corpus/TARGET; seeds/TARGET starts it.
# Debug assertions on (integer overflow panics); no sanitizer, since the
# crate forbids unsafe code and ASan would only slow the search.
# A target that crashes does not stop the others; the run then exits
# non-zero, naming it (its input is in artifacts/TARGET).
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-600}"
export RUSTC_BOOTSTRAP=1
targets=(archive_bytes layout_text html)
for target in "${targets[@]}"; do
  cargo fuzz build -s none -a "$target"
done
failed=()
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" "seeds/$target"
  echo "=== $target: ${secs}s ==="
  status=0
  cargo fuzz run -s none -a "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$secs" -timeout=10 -print_final_stats=1 || status=$?
  echo "=== $target exit=$status ==="
  if [ "$status" -ne 0 ]; then
    failed+=("$target")
  fi
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz: failed: ${failed[*]} (inputs in artifacts/)" >&2
  exit 1
fi
echo "fuzz: all ${#targets[@]} targets ran ${secs}s without a failure"
