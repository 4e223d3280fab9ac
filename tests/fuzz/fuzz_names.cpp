// Slice file names, slice ids and case-day folder names.
#include "FuzzSupport.h"
#include "data/SliceName.h"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    fuzz::expectOnlyDataErrors([&] {
        const auto name = gireview::parseSliceFileName(text);
        if (name.width > gireview::kMaxSliceSide || name.slice > gireview::kMaxSliceNumber) __builtin_trap();
    });
    fuzz::expectOnlyDataErrors([&] { gireview::parseSliceId(text); });
    gireview::CaseDayKey key;
    (void)gireview::tryParseCaseDayName(text, key);
    return 0;
}
