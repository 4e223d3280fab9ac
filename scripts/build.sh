#!/usr/bin/env bash
# Installs what is missing (packaging/deps.txt), configures and builds into ./build.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
bash "$repo/scripts/install-deps.sh" build test
cmake -S "$repo" -B "$repo/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$repo/build" -j2
