#!/usr/bin/env bash
# Generates the man pages of gireview and gireview-cli from their --help and --version
# (help2man), with one section per gireview-cli subcommand, gzipped as Debian wants them.
# Usage: make-manpages.sh GIREVIEW GIREVIEW_CLI OUT_DIR
set -euo pipefail
gui="$1" cli="$2" out="$3"
mkdir -p "$out"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
{
  echo "[COMMANDS]"
  for command in $("$cli" --help | awk '/^Commands:/{on=1; next} /^$/{on=0} on {print $1}'); do
    echo ".SS $command"
    echo ".nf"
    "$cli" "$command" --help | sed -e 's/\\/\\\\/g' -e 's/^\./\\\&./'
    echo ".fi"
  done
  echo "[SEE ALSO]"
  echo "gireview(1)"
} > "$scratch/cli.h2m"
printf '[SEE ALSO]\ngireview-cli(1)\n' > "$scratch/gui.h2m"
help2man --no-info --no-discard-stderr --section 1 --name "review and correct GI organ contours on MR-Linac scans" \
  --include "$scratch/gui.h2m" --output "$scratch/gireview.1" "$gui"
help2man --no-info --no-discard-stderr --section 1 --name "GI Review headless tools: phantom, info, validate, export, infer, train, eval" \
  --include "$scratch/cli.h2m" --output "$scratch/gireview-cli.1" "$cli"
for page in gireview gireview-cli; do
  gzip -9n -c "$scratch/$page.1" > "$out/$page.1.gz.partial"
  mv "$out/$page.1.gz.partial" "$out/$page.1.gz"
done
