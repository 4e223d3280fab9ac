#!/usr/bin/env bash
# Runs every benchmark binary in the build's bench folder and prints their lines.
# Installs the optional Python peers (packaging/deps.txt, role "bench") when they are missing.
set -euo pipefail
bench_dir="$1"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
bash "$repo/scripts/install-deps.sh" bench || echo "# could not install the bench peers; peer figures will be missing"
echo "# machine: $(nproc) cores, $(uname -m); started $(date -u +%FT%TZ)"
for bench in "$bench_dir"/bench_*; do
  [ -f "$bench" ] && [ -x "$bench" ] || continue
  echo "# $(basename "$bench")"
  case "$(basename "$bench")" in bench_viewer | bench_memory | bench_review_inputs) needs_display=1 ;; *) needs_display=0 ;; esac
  if [ "$needs_display" = 1 ] && [ -z "${DISPLAY:-}" ]; then
    xvfb-run -a -s "-screen 0 1600x1200x24" "$bench"
  else
    "$bench"
  fi
done
