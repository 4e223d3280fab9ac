#!/usr/bin/env bash
# The sanitizer stages of CI, each in a build folder of its own (the main build/ is untouched):
#   build-asan: AddressSanitizer + UndefinedBehaviorSanitizer; the core, models and CLI tests.
#   build-tsan: ThreadSanitizer; the core and widgets tests. Debian's Qt, VTK, Mesa and
#               LibTorch are not instrumented: tests/tsan.supp names frames wholly inside them,
#               each with its reason; nothing of ours is suppressed.
# Usage: scripts/sanitizers.sh [asan|tsan]... (default: both). Prints each stage's time.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(asan tsan)
core_tests="test_slice_name test_kaggle_rle test_coco_rle test_coco_json test_label_exchange test_mask_polygons test_metrics test_qa test_correction_effort
  test_label_editor test_edit_session test_workspace test_workspace_crash test_csv test_png_codec test_dataset_index
  test_scan_volume test_phantom test_review_queue test_case_day_registry test_dicom test_dicom_contours"
for stage in "${stages[@]}"; do
  start=$(date +%s)
  case "$stage" in
    asan)
      cmake -S "$repo" -B "$repo/build-asan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGIREVIEW_SANITIZE=address,undefined > /dev/null
      # shellcheck disable=SC2086
      cmake --build "$repo/build-asan" -j2 --target $core_tests test_models test_torch_runtime test_cli gireview-cli
      (cd "$repo/build-asan" &&
        ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:strict_string_checks=1 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --output-on-failure -j2 --timeout 1800 -L 'core|models|cli' -E 'test_fault_matrix')
      # (test_fault_matrix drives the window too, which this build does not have: it runs in the
      # main suite, and the parsers it feeds are fuzzed under ASan by scripts/fuzz.sh.)
      ;;
    tsan)
      cmake -S "$repo" -B "$repo/build-tsan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGIREVIEW_SANITIZE=thread > /dev/null
      # shellcheck disable=SC2086
      # TSan finds races between threads only: test_coco_json and test_metrics run code that starts
      # none (COCO parsing, distance transforms) and take 10 of the stage's minutes under it;
      # test_qa's only threads are parallelFor's body outlines (the loader tests cover
      # parallelFor) and its 120 injected days would take over 10 minutes more. They run under
      # ASan+UBSan above.
      tsan_core_tests="${core_tests//test_coco_json/}"
      tsan_core_tests="${tsan_core_tests//test_metrics/}"
      tsan_core_tests="${tsan_core_tests//test_qa/}"
      # test_dicom's only threads are parallelFor's over files (the PNG loader's tests cover
      # parallelFor) and GDCM, which is not instrumented; test_dicom_contours starts none. Both
      # run under ASan+UBSan above.
      tsan_core_tests="${tsan_core_tests//test_dicom_contours/}"
      tsan_core_tests="${tsan_core_tests//test_dicom/}"
      cmake --build "$repo/build-tsan" -j2 --target $tsan_core_tests test_tools test_overlay_composer test_editing_gui test_review_gui test_main_window gireview-cli
      # ignore_noninstrumented_modules: accesses inside Debian's uninstrumented libraries are not
      # checked (tests/tsan.supp says why); die_after_fork=0: QProcess forks a multi-threaded
      # test to start gireview-cli; QTEST_FUNCTION_TIMEOUT: TSan runs 5-15x slower.
      # test_model_gui is left out: its time is LibTorch's (uninstrumented) inference;
      # test_screen_layout too: the window's layout at three screen sizes starts no thread that
      # test_main_window does not.
      # The suppressions are read by every instrumented process, also the second writer that
      # test_workspace starts as user nobody: a world-readable copy, since the checkout may lie in
      # a private folder (mktemp -d is 0700).
      supp="$(mktemp /tmp/gireview-tsan-XXXXXX.supp)"
      cp "$repo/tests/tsan.supp" "$supp"
      chmod 644 "$supp"
      (cd "$repo/build-tsan" &&
        QTEST_FUNCTION_TIMEOUT=1800000 \
        TSAN_OPTIONS="suppressions=$supp halt_on_error=1 ignore_noninstrumented_modules=1 die_after_fork=0 second_deadlock_stack=1 report_signal_unsafe=0" \
        ctest --output-on-failure -j2 --timeout 1800 -L 'core|widgets' -E 'test_model_gui|test_coco_json|test_metrics|test_qa|test_dicom|test_dicom_contours|test_screen_layout')
      ;;
    *) echo "unknown stage $stage (asan or tsan)" >&2; exit 2 ;;
  esac
  echo "sanitizer stage $stage: $(( $(date +%s) - start )) s"
done
