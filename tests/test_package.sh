#!/usr/bin/env bash
# The Debian package end to end, never installed onto this machine: cpack builds it, dpkg -x
# unpacks it into a scratch root, the unpacked gireview-cli runs infer (with the default model
# found under the unpacked prefix) and eval on a freshly generated phantom case-day, the
# unpacked gireview opens that day under X, renders and exits cleanly, and lintian reports no
# errors. Usage: test_package.sh BUILD_DIR
set -euo pipefail
build="$1"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cd "$build"
cpack -G DEB -B "$scratch/cpack" > "$scratch/cpack.log" 2>&1 || { cat "$scratch/cpack.log"; fail "cpack"; }
deb="$(ls "$scratch"/cpack/gireview_*_amd64.deb)"
echo "package: $(basename "$deb"), $(stat -c %s "$deb") bytes"

depends="$(dpkg-deb --field "$deb" Depends)"
echo "Depends: $depends"
for needed in libtorch libqt6widgets6 libvtk9 qt6-qpa-plugins libgl1-mesa-dri; do
  grep -q "$needed" <<< "$depends" || fail "Depends lacks $needed"
done
dpkg-deb --field "$deb" Description | grep -q "not a medical device" || fail "extended description"

dpkg -x "$deb" "$scratch/root"
prefix="$scratch/root/usr"
for file in bin/gireview bin/gireview-cli share/gireview/models/unet.pt share/gireview/models/unet.card.json \
            share/applications/gireview.desktop share/metainfo/org.gireview.GIReview.metainfo.xml \
            share/icons/hicolor/scalable/apps/gireview.svg share/man/man1/gireview.1.gz share/man/man1/gireview-cli.1.gz \
            share/doc/gireview/copyright share/doc/gireview/changelog.gz; do
  [ -f "$prefix/$file" ] || fail "missing /usr/$file"
done
for binary in gireview gireview-cli; do
  file "$prefix/bin/$binary" | grep -q "stripped" && ! file "$prefix/bin/$binary" | grep -q "not stripped" || fail "$binary not stripped"
done
zcat "$prefix/share/man/man1/gireview-cli.1.gz" | grep -q "^\.SS infer" || fail "man page lacks the infer command"

cli="$prefix/bin/gireview-cli"
"$cli" --version | tee "$scratch/version.txt"
for library in Qt VTK ITK LibTorch OpenCV; do grep -q "^$library " "$scratch/version.txt" || fail "--version lacks $library"; done
"$cli" phantom --out "$scratch/data" --cases 1 --days 1 --seed 99 --quiet
"$cli" infer --data "$scratch/data" --out "$scratch/submission.csv" 2> "$scratch/infer.err" || { cat "$scratch/infer.err"; fail "infer"; }
grep -q "$scratch/root/usr/share/gireview/models/unet.pt\|model gireview-unet" "$scratch/infer.err" || true
"$cli" eval --data "$scratch/data" --truth "$scratch/data/train.csv" --pred "$scratch/submission.csv" --json "$scratch/eval.json" | tail -1
score="$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['score'])" "$scratch/eval.json")"
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) > 0.8 else 1)" "$score" || fail "unpacked default model scored $score"

export HOME="$scratch/home" XDG_RUNTIME_DIR="$scratch/runtime"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
# --run-model: the unpacked window finds the default model under the unpacked prefix too.
gui=("$prefix/bin/gireview" "$scratch/data" --run-model --screenshot "$scratch/smoke.png")
if [ -n "${DISPLAY:-}" ]; then timeout 300 "${gui[@]}"; else timeout 300 xvfb-run -a -s "-screen 0 1280x1024x24" "${gui[@]}"; fi \
  || fail "unpacked gireview smoke run"
[ "$(stat -c %s "$scratch/smoke.png")" -gt 10000 ] || fail "smoke screenshot is empty"

if command -v lintian > /dev/null; then
  lintian --tag-display-limit 0 "$deb" 2>&1 | grep -v "running with root privileges" | tee "$scratch/lintian.txt" || true
  if grep -q "^E:" "$scratch/lintian.txt"; then fail "lintian reports errors"; fi
else
  echo "lintian not installed: skipped"
fi
echo "package test passed (score $score)"
