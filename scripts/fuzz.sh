#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang, ASan and UBSan into build-fuzz and runs
# each for FUZZ_SECONDS (default 25) over its committed seeds (tests/fuzz/corpus/<target>) and,
# when ../shared/data is there, real files of the reference dataset. A crash, a sanitizer report
# or a timeout fails; the input is kept as build-fuzz/crash-<target>-* (add it to the corpus
# once fixed). Prints each target's time.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${FUZZ_SECONDS:-25}"
# A fixed seed keeps CI's runs reproducible; FUZZ_SEED=0 lets libFuzzer pick one (for longer hunts).
seed="${FUZZ_SEED:-1}"
bash "$repo/scripts/install-deps.sh" check
start=$(date +%s)
CC=clang-14 CXX=clang++-14 cmake -S "$repo" -B "$repo/build-fuzz" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGIREVIEW_FUZZ=ON \
  -DGIREVIEW_BUILD_TESTS=OFF -DGIREVIEW_SANITIZE=address,undefined > /dev/null
cmake --build "$repo/build-fuzz" -j2 --target fuzzers
echo "fuzz build: $(( $(date +%s) - start )) s"
shared="$repo/../shared/data"
extra="$(mktemp -d)"
trap 'rm -rf "$extra"' EXIT
for target in fuzz_png fuzz_names fuzz_kaggle_csv fuzz_kaggle_rle fuzz_coco fuzz_nifti_header fuzz_model_card fuzz_workspace; do
  work="$extra/$target"
  mkdir -p "$work"
  seeds=("$repo/tests/fuzz/corpus/$target")
  # Real inputs where we have them (the first rows of the real train.csv, real slices).
  if [ -d "$shared" ]; then
    case "$target" in
      fuzz_png) seeds+=("$shared/scans") ;;
      fuzz_kaggle_csv) mkdir -p "$extra/csv" && head -n 200 "$shared/train_rows.csv" > "$extra/csv/real.csv" && seeds+=("$extra/csv") ;;
    esac
  fi
  t0=$(date +%s)
  ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$repo/build-fuzz/tests/fuzz/$target" -max_total_time="$seconds" -seed="$seed" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
    -print_final_stats=1 -artifact_prefix="$repo/build-fuzz/crash-$target-" "$work" "${seeds[@]}" 2> "$extra/$target.log" ||
    { tail -n 60 "$extra/$target.log"; echo "FUZZ FAILURE: $target" >&2; exit 1; }
  echo "$target: $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$extra/$target.log" | grep -o '[0-9]*$') runs in $(( $(date +%s) - t0 )) s, no finding"
done
