#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (GUI tests under xvfb-run).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
bash "$repo/scripts/build.sh"
cd "$repo/build"
xvfb-run -a -s "-screen 0 1600x1200x24" ctest --output-on-failure -j2 --timeout 1200
