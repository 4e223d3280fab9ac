#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (GUI tests under xvfb-run),
# then the sanitizer and fuzzing stages.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
bash "$repo/scripts/build.sh"
cd "$repo/build"
start=$(date +%s)
xvfb-run -a -s "-screen 0 1600x1200x24" ctest --output-on-failure -j2 --timeout 1200
echo "test stage: $(( $(date +%s) - start )) s"
# The core, models and CLI tests again under AddressSanitizer + UndefinedBehaviorSanitizer, the
# core and widgets tests under ThreadSanitizer, then every fuzz target for 25 s (each prints its
# time).
bash "$repo/scripts/sanitizers.sh" asan tsan
bash "$repo/scripts/fuzz.sh"
