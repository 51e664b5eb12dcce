#!/usr/bin/env bash
# Builds every fuzz target and replays the checked-in seeds and regression
# inputs through it (no fuzzing: -runs=0 runs each input once). Used by
# .ci/extra.
set -euo pipefail
cd "$(dirname "$0")"
cargo +nightly fuzz build
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for target in $(cargo +nightly fuzz list); do
  dirs=(seeds/"$target")
  if [ -d regressions/"$target" ] && [ -n "$(ls -A regressions/"$target")" ]; then
    dirs+=(regressions/"$target")
  fi
  echo "== replay $target: ${dirs[*]}"
  if ! cargo +nightly fuzz run "$target" "${dirs[@]}" -- -runs=0 >"$log" 2>&1; then
    cat "$log"
    echo "replay of $target FAILED"
    exit 1
  fi
  tail -n 2 "$log"
done
