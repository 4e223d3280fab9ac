#!/usr/bin/env bash
# Quick start: install, build, and open GI Review on the built-in phantom dataset.
# Without a display it generates the phantom and prints its summary instead.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
bash "$repo/scripts/build.sh"
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec "$repo/build/app/gireview" "$@"
fi
data="${XDG_DATA_HOME:-$HOME/.local/share}/GIReview/gireview/phantom"
echo "No display: generating the phantom dataset in $data and summarising it."
if [ ! -f "$data/train.csv" ]; then
  "$repo/build/app/gireview-cli" phantom --out "$data" --cases 2 --days 2 --seed 20221
fi
"$repo/build/app/gireview-cli" info "$data"
echo "Open it in the window with: $repo/build/app/gireview $data"
