#!/usr/bin/env bash
# Longer local fuzzing run of one target: fuzz/run.sh TARGET SECONDS [extra libFuzzer args]
# Copies the checked-in seeds into a scratch corpus (fuzz/corpus/TARGET,
# git-ignored), runs single-process with the dictionary, and leaves crashes
# in fuzz/artifacts/TARGET/. One process, one core (no -jobs/-workers: with
# -jobs=1 libFuzzer forks a worker that logs to fuzz-0.log instead).
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh TARGET SECONDS}
secs=${2:?usage: fuzz/run.sh TARGET SECONDS}
shift 2
corpus=corpus/$target
mkdir -p "$corpus"
cp -n seeds/"$target"/* "$corpus"/ 2>/dev/null || true
if [ -d regressions/"$target" ]; then cp -n regressions/"$target"/* "$corpus"/ 2>/dev/null || true; fi
exec cargo +nightly fuzz run "$target" "$corpus" -- \
  -dict=json.dict -max_total_time="$secs" -print_final_stats=1 "$@"
