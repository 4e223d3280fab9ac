#!/usr/bin/env bash
# Installs the Debian packages of the given roles (build, test, runtime, bench) listed in
# packaging/deps.txt that are not installed yet. Uses sudo when not root.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
roles=("$@")
[ ${#roles[@]} -gt 0 ] || roles=(build test)
wanted=()
for role in "${roles[@]}"; do
  while read -r r package; do
    [ "$r" = "$role" ] && wanted+=("$package")
  done < <(grep -v '^#' "$repo/packaging/deps.txt")
done
missing=()
for package in "${wanted[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
